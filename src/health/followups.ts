import { z } from 'zod'
import type { StoredReport } from '../domain/report.js'
import { defineDocument, type Store } from '../store/store.js'

const followupSubjectSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), name: z.string() }),
  z.object({ kind: z.literal('class'), classKey: z.string(), classLabel: z.string() }),
])
export type FollowupSubject = z.infer<typeof followupSubjectSchema>

const slotOfDaySchema = z.object({ date: z.string(), slot: z.string() })

const followupSchema = z.object({
  id: z.number().int(),
  subject: followupSubjectSchema,
  /** The abnormal report that opened it. */
  opened: slotOfDaySchema,
  /** The latest abnormal report while it stayed open. */
  latest: slotOfDaySchema,
  /** Every reason reported while open, without repeats: ['体温37.6℃', '咳嗽']. */
  reasons: z.array(z.string()),
  notes: z.array(z.object({ author: z.string(), at: z.string(), text: z.string() })),
  closed: z.object({ by: z.string(), at: z.string() }).optional(),
})
export type Followup = z.infer<typeof followupSchema>

const followupsSchema = z.object({ nextId: z.number().int(), items: z.array(followupSchema) })

export const followupsDocument = defineDocument('followups', followupsSchema, () => ({ nextId: 1, items: [] }))

/** Who a report's follow-up is about: the person, or the class of a class summary. */
export const followupSubjectOf = (subject: StoredReport['subject']): FollowupSubject =>
  subject.kind === 'person' ? { kind: 'person', name: subject.name } : { kind: 'class', classKey: subject.classKey, classLabel: subject.classLabel }

const sameSubject = (a: FollowupSubject, b: FollowupSubject): boolean =>
  a.kind === 'person' ? b.kind === 'person' && a.name === b.name : b.kind === 'class' && a.classKey === b.classKey

/**
 * Puts an abnormal subject on the follow-up list: a subject already open there keeps its
 * entry (and number), which gains the new reasons.
 */
export async function noteAbnormal(
  store: Store,
  subject: FollowupSubject,
  when: { date: string; slot: string },
  reasons: readonly string[],
): Promise<Followup> {
  const document = await store.open(followupsDocument)
  let entry: Followup | undefined
  await document.update((data) => {
    entry = data.items.find((item) => !item.closed && sameSubject(item.subject, subject))
    if (entry) {
      entry.latest = when
      entry.reasons.push(...reasons.filter((reason) => !entry?.reasons.includes(reason)))
    } else {
      entry = { id: data.nextId, subject, opened: when, latest: when, reasons: [...reasons], notes: [] }
      data.nextId += 1
      data.items.push(entry)
    }
  })
  if (!entry) throw new Error('follow-up not recorded')
  return entry
}

/** Adds a note to the open follow-up of a subject, if there is one (e.g. its report was recalled). */
export async function noteOnOpen(store: Store, subject: FollowupSubject, note: { author: string; at: string; text: string }): Promise<void> {
  const document = await store.open(followupsDocument)
  const open = document.data.items.find((item) => !item.closed && sameSubject(item.subject, subject))
  if (!open) return
  await document.update(() => {
    open.notes.push(note)
  })
}

async function removeFollowups(store: Store, doomed: (item: Followup) => boolean): Promise<number> {
  const document = await store.open(followupsDocument)
  const kept = document.data.items.filter((item) => !doomed(item))
  const removed = document.data.items.length - kept.length
  if (removed) {
    await document.update((data) => {
      data.items = kept
    })
  }
  return removed
}

/** Deletes every follow-up about a person (forget-me); returns how many. */
export const forgetFollowupsOf = (store: Store, name: string): Promise<number> =>
  removeFollowups(store, (item) => item.subject.kind === 'person' && item.subject.name === name)

/** Closed follow-ups whose last report is past the retention period go with the health data; open ones stay until closed. */
export const purgeClosedFollowupsBefore = (store: Store, firstKeptDate: string): Promise<number> =>
  removeFollowups(store, (item) => item.closed !== undefined && item.latest.date < firstKeptDate)
