import type { AppContext } from '../app/types.js'
import { reportDetailLine, slotOfDayText, type HealthRules } from '../domain/health-text.js'
import type { StoredReport } from '../domain/report.js'
import type { AbnormalAlerts } from './alerts.js'
import { followupSubjectOf, noteOnOpen } from './followups.js'

/** Message ids are remembered for recalls only this far back; WeChat allows a recall within 2 minutes. */
const MESSAGES_REMEMBERED = 2_000

interface MadeReports {
  dateKey: string
  ids: string[]
}

/** What the admins read after an alert whose report was taken back. */
export function withdrawnNoteText(dateKey: string, reports: readonly StoredReport[], rules: HealthRules): string {
  const [first] = reports
  const slotText = first ? slotOfDayText(dateKey, first.slot) : ''
  const details = reports.map((report) => reportDetailLine(report, rules)).join('；')
  return `已撤回：${first?.reporter ?? ''}撤回了${slotText}的健康上报，之前提醒的「${details}」不再计入统计，以重新上报为准。`
}

/**
 * A recalled message (撤回) takes back the reports it made: they stay in the day's history,
 * marked withdrawn, and count for nothing. Which message made which reports is known for this
 * login only (message ids are not stored), which is all a recall needs.
 */
export class Withdrawals {
  private readonly madeBy = new Map<string, MadeReports>()

  constructor(
    private readonly app: AppContext,
    private readonly rules: HealthRules,
    private readonly alerts: AbnormalAlerts,
  ) {}

  /** Notes the reports a message just made, so that recalling the message withdraws them. */
  remember(messageId: string | undefined, dateKey: string, reports: readonly StoredReport[]): void {
    if (messageId === undefined || !reports.length) return
    this.madeBy.set(messageId, { dateKey, ids: reports.map((report) => report.id) })
    if (this.madeBy.size > MESSAGES_REMEMBERED) this.madeBy.delete(this.madeBy.keys().next().value as string)
  }

  /**
   * Withdraws what the recalled message made; false when it made no report (a recall of
   * anything else changes nothing). An alert already sent is followed by a note; one still
   * waiting to be gathered with others is dropped.
   */
  async withdraw(recalledId: string | undefined): Promise<boolean> {
    const made = recalledId === undefined ? undefined : this.madeBy.get(recalledId)
    if (!made || recalledId === undefined) return false
    this.madeBy.delete(recalledId)
    const ids = new Set(made.ids)
    const day = await this.app.store.healthDay(made.dateKey)
    const withdrawn = day.data.reports.filter((report) => ids.has(report.id) && !report.withdrawn)
    if (!withdrawn.length) return true
    this.alerts.drop(ids)
    await day.append({ kind: 'withdrawn', ids: withdrawn.map((report) => report.id) })
    this.app.log.info(`撤回的消息中的健康上报 ${withdrawn.length} 条已不再计入 (reports withdrawn)`)
    const alerted = withdrawn.filter((report) => report.alerted)
    if (alerted.length) this.app.notifyAdmins(withdrawnNoteText(made.dateKey, alerted, this.rules), { urgent: true })
    // The follow-up stays open for an admin to close, with the recall written into it.
    for (const report of withdrawn.filter((candidate) => candidate.abnormal)) {
      await noteOnOpen(this.app.store, followupSubjectOf(report.subject), {
        author: report.reporter,
        at: this.app.clock.now().toISOString(),
        text: `撤回了${slotOfDayText(made.dateKey, report.slot)}的上报`,
      })
    }
    return true
  }
}
