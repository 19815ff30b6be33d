import { subjectKey, type StoredReport } from './report.js'

type Subject = StoredReport['subject']

/** Same content, whatever the key order or defaults: a 接龙 line copied again, or a report sent twice. */
export function fingerprint(subject: Subject): string {
  const entries = Object.entries(subject).filter(([, value]) => value !== undefined)
  return JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

const printOf = (subject: Subject): string => `${subjectKey(subject)} ${fingerprint(subject)}`

/**
 * What recording a report needs to know about its day — each subject's current report per
 * slot, every content already seen per slot, the highest id — kept in memory and updated
 * with each report, so recording costs the same with 5 or 5,000 reports already in the day.
 */
export class DayIndex {
  private readonly current = new Map<string, Map<string, StoredReport>>()
  private readonly seen = new Map<string, Set<string>>()
  private highestId = 0
  private indexed = 0

  /** Indexes `reports`; `add` keeps it in step as reports are appended to that same array. */
  constructor(
    readonly dateKey: string,
    readonly reports: readonly StoredReport[],
  ) {
    for (const report of reports) this.add(report)
  }

  /** False once the array was replaced or appended to behind the index's back (e.g. a deletion). */
  describes(reports: readonly StoredReport[]): boolean {
    return reports === this.reports && reports.length === this.indexed
  }

  currentOf(slot: string, subject: Subject): StoredReport | undefined {
    return this.current.get(slot)?.get(subjectKey(subject))
  }

  /** The latest report per subject in a slot, as `currentReports` computes it. */
  currentIn(slot: string): ReadonlyMap<string, StoredReport> {
    return this.current.get(slot) ?? new Map()
  }

  /** Whether this exact content about this subject was recorded in the slot before (current or replaced). */
  seenInSlot(slot: string, subject: Subject): boolean {
    return this.seen.get(slot)?.has(printOf(subject)) ?? false
  }

  /** 2026-02-03-7: numbered within the day, above every id still there (deletions leave gaps). */
  nextId(): string {
    return `${this.dateKey}-${this.highestId + 1}`
  }

  /** Call right after pushing `report` onto the indexed array. */
  add(report: StoredReport): void {
    const inSlot = this.current.get(report.slot) ?? new Map<string, StoredReport>()
    if (!report.withdrawn) inSlot.set(subjectKey(report.subject), report)
    this.current.set(report.slot, inSlot)
    const prints = this.seen.get(report.slot) ?? new Set<string>()
    prints.add(printOf(report.subject))
    this.seen.set(report.slot, prints)
    this.highestId = Math.max(this.highestId, Number(report.id.slice(this.dateKey.length + 1)) || 0)
    this.indexed += 1
  }
}
