import { z } from 'zod'
import { defineDocument } from '../store/store.js'

const checkInSchema = z.object({
  duty: z.string(),
  date: z.string(),
  person: z.string(),
  at: z.string(),
  note: z.string().optional(),
})

const disinfectionSchema = z.object({
  date: z.string(),
  at: z.string(),
  place: z.string(),
  disinfectant: z.string().optional(),
  concentration: z.string().optional(),
  operator: z.string(),
})

const swapSchema = z.object({ date: z.string(), duty: z.string(), person: z.string(), by: z.string() })

export type CheckIn = z.infer<typeof checkInSchema>
export type Disinfection = z.infer<typeof disinfectionSchema>

/** Check-ins, the disinfection log and swaps: the school's duty records, kept as records are. */
export const dutyDocument = defineDocument(
  'duty',
  z.object({ checkIns: z.array(checkInSchema), disinfections: z.array(disinfectionSchema), swaps: z.array(swapSchema) }),
  () => ({ checkIns: [], disinfections: [], swaps: [] }),
)
