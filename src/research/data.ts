import { z } from 'zod'
import { defineDocument } from '../store/store.js'

const sessionSchema = z.object({
  date: z.string(),
  type: z.string(),
  topic: z.string(),
  participants: z.number().int().min(0),
  names: z.array(z.string()).optional(),
  by: z.string(),
})

export const researchDocument = defineDocument('research', z.object({ sessions: z.array(sessionSchema) }), () => ({ sessions: [] }))
