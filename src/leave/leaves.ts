import { z } from 'zod'
import { addDays } from '../domain/time.js'
import { defineDocument, type Store } from '../store/store.js'

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

export const leavesDocument = defineDocument('leaves', z.object({ nextId: z.number().int(), leaves: z.array(leaveSchema) }), () => ({ nextId: 1, leaves: [] }))

/** Whether a leave exempts its person on `dateKey`. */
export const coversDate = (leave: Leave, dateKey: string): boolean =>
  leave.from <= dateKey && dateKey <= leave.to && (!leave.cancelledFrom || dateKey < leave.cancelledFrom)

/** The last day a leave still exempts its person, after any /销假. */
export const lastDay = (leave: Leave): string => (leave.cancelledFrom && leave.cancelledFrom <= leave.to ? addDays(leave.cancelledFrom, -1) : leave.to)

/** Roster names exempt from reporting on `dateKey`. */
export async function peopleOnLeave(store: Store, dateKey: string): Promise<Set<string>> {
  const document = await store.open(leavesDocument)
  return new Set(document.data.leaves.filter((leave) => coversDate(leave, dateKey)).map((leave) => leave.person))
}

/** Leaves: recorded by admins, ended early, listed, and purged after the retention period. */
export class LeaveBook {
  constructor(private readonly store: Store) {}

  private document() {
    return this.store.open(leavesDocument)
  }

  /** A leave already covering these days (two admins often enter the same one). */
  async covering(person: string, from: string, to: string): Promise<Leave | undefined> {
    return (await this.document()).data.leaves.find((leave) => leave.person === person && leave.from <= from && lastDay(leave) >= to)
  }

  async record(leave: Omit<Leave, 'id'>): Promise<void> {
    const document = await this.document()
    await document.update((data) => {
      data.leaves.push({ id: data.nextId, ...leave })
      data.nextId += 1
    })
  }

  /** Ends early, from `backFrom`, every leave of `person` still running then; returns those shortened. */
  async endFrom(person: string, backFrom: string): Promise<Leave[]> {
    const document = await this.document()
    const affected = document.data.leaves.filter((leave) => leave.person === person && lastDay(leave) >= backFrom)
    if (!affected.length) return []
    const shortened = affected.map((leave) => ({ ...leave }))
    await document.update(() => {
      for (const leave of affected) leave.cancelledFrom = backFrom
    })
    return shortened
  }

  /** Leaves that still exempt someone on `from` or later, earliest first. */
  async currentFrom(from: string): Promise<Leave[]> {
    return (await this.document()).data.leaves
      .filter((leave) => lastDay(leave) >= from && (!leave.cancelledFrom || leave.cancelledFrom > leave.from))
      .sort((a, b) => a.from.localeCompare(b.from))
  }

  /** Leaves that ended before `firstKept` go with the health data they exempted. */
  async purgeBefore(firstKept: string): Promise<number> {
    const document = await this.document()
    const expired = document.data.leaves.filter((leave) => leave.to < firstKept).length
    if (expired) {
      await document.update((data) => {
        data.leaves = data.leaves.filter((leave) => leave.to >= firstKept)
      })
    }
    return expired
  }
}
