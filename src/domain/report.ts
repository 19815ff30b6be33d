import { z } from 'zod'

type Raw = Record<string, unknown>

/** Reports stored before flags were configurable said hubei/quarantine; they read as today's default flags. */
function withLegacyFlags(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || !('hubei' in raw || 'quarantine' in raw)) return raw
  const { hubei, quarantine, ...rest } = raw as Raw
  return { ...rest, flags: [...(hubei ? ['湖北'] : []), ...(quarantine ? ['隔离'] : [])] }
}

function withLegacyCounts(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || !('hubei' in raw || 'quarantine' in raw)) return raw
  const { hubei, quarantine, ...rest } = raw as Raw
  return { ...rest, counts: { 湖北: hubei ?? 0, 隔离: quarantine ?? 0 } }
}

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
  /** An abnormal report whose alert went to the admin groups; one without is alerted after a restart. */
  alerted: z.boolean().optional(),
  /** Topic of the group it was sent in, where its confirmation goes; absent for a private chat. */
  room: z.string().optional(),
  /** Sent by someone else for the subject (代报). */
  proxy: z.boolean().optional(),
  /** This report corrected the reporter's earlier one in the slot (更正). */
  correction: z.boolean().optional(),
  /** The message that made it was recalled (撤回): kept in history, no longer counted. */
  withdrawn: z.boolean().optional(),
  subject: z.union([
    z.preprocess(
      withLegacyFlags,
      z.object({
        kind: z.literal('person'),
        name: z.string(),
        temperature: z.number().optional(),
        symptoms: z.array(z.string()).default([]),
        location: z.string().optional(),
        /** Names of the report profile's flags claimed (湖北, 隔离 … as configured). */
        flags: z.array(z.string()).default([]),
        note: z.string().optional(),
      }),
    ),
    z.preprocess(
      withLegacyCounts,
      z.object({
        kind: z.literal('class'),
        classKey: z.string(),
        classLabel: z.string(),
        expected: z.number().int(),
        actual: z.number().int(),
        fever: z.number().int(),
        /** Pupils per flag class field (湖北, 隔离 … as configured). */
        counts: z.record(z.string(), z.number().int()).default({}),
        /** The teacher's own total of abnormal pupils, when written (异常2). */
        abnormal: z.number().int().optional(),
      }),
    ),
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

/**
 * The latest report per subject in a slot: a later report replaces an earlier one, which stays in
 * history. A withdrawn report counts for nothing, so the one it replaced (if any) is current again.
 */
export function currentReports(reports: readonly StoredReport[], slot: string): Map<string, StoredReport> {
  const latest = new Map<string, StoredReport>()
  for (const report of reports) {
    if (report.slot === slot && !report.withdrawn) latest.set(subjectKey(report.subject), report)
  }
  return latest
}
