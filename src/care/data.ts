import { z } from 'zod'
import { defineDocument } from '../store/store.js'

const noteSchema = z.object({ date: z.string(), by: z.string(), text: z.string() })

const entrySchema = z.object({
  id: z.number().int(),
  person: z.string(),
  reason: z.string(),
  everyDays: z.number().int().min(1),
  responsible: z.string(),
  addedBy: z.string(),
  added: z.string(),
  lastContact: z.string().optional(),
  closed: z.string().optional(),
  notes: z.array(noteSchema),
})

export type StoredCareEntry = z.infer<typeof entrySchema>

/** The care list: admin-only, shown only in admin groups or privately. */
export const careDocument = defineDocument('care', z.object({ nextId: z.number().int(), entries: z.array(entrySchema) }), () => ({ nextId: 1, entries: [] }))
