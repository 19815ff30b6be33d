import { z } from 'zod'
import type { Store } from './store.js'

const leaveSchema = z.object({
  id: z.number().int(),
  person: z.string(),
  /** Inclusive local dates, YYYY-MM-DD. */
  from: z.string(),
  to: z.string(),
  reason: z.string().optional(),
  grantedBy: z.string(),
  /** Set by /销假: the leave ended early on this date (exclusive). */
  cancelledFrom: z.string().optional(),
})
export type Leave = z.infer<typeof leaveSchema>

const leavesSchema = z.object({ nextId: z.number().int(), leaves: z.array(leaveSchema) })

export const leavesDocument = (store: Store) => store.document('leaves', leavesSchema, () => ({ nextId: 1, leaves: [] }))

/** Whether a leave exempts its person on `dateKey`. */
export const coversDate = (leave: Leave, dateKey: string): boolean =>
  leave.from <= dateKey && dateKey <= leave.to && (!leave.cancelledFrom || dateKey < leave.cancelledFrom)

/** Roster names exempt from reporting on `dateKey`. */
export async function peopleOnLeave(store: Store, dateKey: string): Promise<Set<string>> {
  const document = await leavesDocument(store)
  return new Set(document.data.leaves.filter((leave) => coversDate(leave, dateKey)).map((leave) => leave.person))
}
