import { z } from 'zod'

/** One stored health report: a person's own screening, or a class teacher's class summary. */
export const storedReportSchema = z.object({
  id: z.string(),
  slot: z.string(),
  /** ISO instant the report was received. */
  at: z.string(),
  /** Roster name of whoever sent it (may differ from the subject in a 接龙 or a report for someone else). */
  reporter: z.string(),
  /** Received after the slot's deadline (补报). */
  late: z.boolean().default(false),
  abnormal: z.boolean(),
  /** Listed in a batched "已收到" confirmation; unconfirmed ones are confirmed again after a restart. */
  confirmed: z.boolean().default(false),
  /** Topic of the group it was sent in, where its confirmation goes; absent for a private chat. */
  room: z.string().optional(),
  subject: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('person'),
      name: z.string(),
      temperature: z.number().optional(),
      symptoms: z.array(z.string()).default([]),
      location: z.string().optional(),
      hubei: z.boolean().default(false),
      quarantine: z.boolean().default(false),
      note: z.string().optional(),
    }),
    z.object({
      kind: z.literal('class'),
      classKey: z.string(),
      classLabel: z.string(),
      expected: z.number().int(),
      actual: z.number().int(),
      fever: z.number().int(),
      hubei: z.number().int(),
      quarantine: z.number().int(),
    }),
  ]),
})

export type StoredReport = z.infer<typeof storedReportSchema>
export type ClassSubject = Extract<StoredReport['subject'], { kind: 'class' }>

export const healthDaySchema = z.object({
  date: z.string(),
  reports: z.array(storedReportSchema),
})
export type HealthDay = z.infer<typeof healthDaySchema>

export const subjectKey = (subject: StoredReport['subject']): string =>
  subject.kind === 'person' ? `person:${subject.name}` : `class:${subject.classKey}`

/** The latest report per subject in a slot: a later report replaces an earlier one, which stays in history. */
export function currentReports(reports: readonly StoredReport[], slot: string): Map<string, StoredReport> {
  const latest = new Map<string, StoredReport>()
  for (const report of reports) {
    if (report.slot === slot) latest.set(subjectKey(report.subject), report)
  }
  return latest
}
