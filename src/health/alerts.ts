import type { AppContext, Once } from '../app/types.js'
import { abnormalAlertText, classClusterAlertText, officeClusterAlertText, reasonsOf, studentsAbnormal, type AbnormalEntry, type HealthRules } from '../domain/health-text.js'
import type { StoredReport } from '../domain/report.js'
import type { SlotConfig } from '../domain/slots.js'
import { currentReports } from '../domain/report.js'
import { auditFor, subjectsScope, SYSTEM, type Audit, type AuditScope } from './audit.js'
import { followupSubjectOf, noteAbnormal } from './followups.js'

/** This many abnormal reports in one class or office on one day is a cluster. */
const CLUSTER_SIZE = 3
/** Abnormal reports this close together go out as one alert per admin group. */
const ALERT_WINDOW_MS = 60_000

/**
 * Abnormal reports: each goes on the follow-up list at once and is alerted to the admin groups,
 * urgently. The first alert leaves at once; others arriving within a minute are gathered into
 * one message (ninety fevers are one alert, not ninety). A report is marked alerted in its day's
 * journal when its alert is queued, so one stored just before a crash is alerted after restart.
 */
export class AbnormalAlerts {
  private pending: AbnormalEntry[] = []
  private windowOpen = false
  private readonly audit: Audit

  constructor(
    private readonly app: AppContext,
    private readonly rules: HealthRules,
    private readonly slots: readonly SlotConfig[],
    private readonly once: Once,
  ) {
    this.audit = auditFor(app)
  }

  /** Every alert names people's health: each admin group it goes to is recorded first. */
  private async alertAdmins(what: string, scope: AuditScope, text: string): Promise<void> {
    for (const room of this.app.topicsWithRole('admin')) await this.audit(SYSTEM, what, scope, { room })
    this.app.notifyAdmins(text, { urgent: true })
  }

  /** Puts the reports' subjects on the follow-up list and queues their alert. */
  async raise(dateKey: string, reports: readonly StoredReport[], at: Date): Promise<void> {
    if (!reports.length) return
    for (const report of reports) {
      const { subject } = report
      const followup = await noteAbnormal(
        this.app.store,
        followupSubjectOf(subject),
        { date: dateKey, slot: report.slot },
        reasonsOf(subject, this.rules),
      )
      this.pending.push({ report, followupId: followup.id, dateKey })
    }
    this.app.log.info(`健康异常 ${reports.length} 条 (abnormal reports)`)
    if (!this.windowOpen) await this.flush()
    await this.checkClusters(dateKey, reports, at)
  }

  /** Reports withdrawn before their alert went out are left out of it. */
  drop(reportIds: ReadonlySet<string>): void {
    this.pending = this.pending.filter((entry) => !reportIds.has(entry.report.id))
  }

  /** After a restart: today's abnormal reports whose alert never went out. */
  async catchUp(dateKey: string, at: Date): Promise<void> {
    const missed = (await this.app.store.healthDay(dateKey)).data.reports.filter((report) => report.abnormal && !report.alerted && !report.withdrawn)
    if (missed.length) this.app.log.warn(`${missed.length} 条异常上报在重启前没有发出提醒，现在补发 (abnormal alerts caught up)`)
    await this.raise(dateKey, missed, at)
  }

  private async flush(): Promise<void> {
    const entries = this.pending
    this.pending = []
    if (!entries.length) {
      this.windowOpen = false
      return
    }
    this.windowOpen = true
    this.app.clock.setTimer(ALERT_WINDOW_MS, () => this.flush())
    const scope: AuditScope = {
      date: [...new Set(entries.map((entry) => entry.dateKey))],
      slot: [...new Set(entries.map((entry) => entry.report.slot))],
      ...subjectsScope(entries.map((entry) => entry.report.subject)),
    }
    await this.alertAdmins('异常提醒', scope, abnormalAlertText(entries, this.rules))
    for (const dateKey of new Set(entries.map((entry) => entry.dateKey))) {
      const day = await this.app.store.healthDay(dateKey)
      await day.append({ kind: 'alerted', ids: entries.filter((entry) => entry.dateKey === dateKey).map((entry) => entry.report.id) })
    }
  }

  /** Three or more abnormal in one class (students, per the class summaries) or office (staff) today. */
  private async checkClusters(dateKey: string, fresh: readonly StoredReport[], at: Date): Promise<void> {
    const { store, roster } = this.app
    const reports = (await store.healthDay(dateKey)).data.reports
    const current = this.slots.flatMap((slot) => [...currentReports(reports, slot.name).values()])
    for (const report of fresh) {
      const { subject } = report
      if (subject.kind === 'class') {
        // The same pupils are counted in every slot: the day's worst summary is the class's count.
        const summaries = current.flatMap((r) => (r.subject.kind === 'class' && r.subject.classKey === subject.classKey ? [r.subject] : []))
        const worst = summaries.reduce((max, s) => (studentsAbnormal(s, this.rules) > studentsAbnormal(max, this.rules) ? s : max), subject)
        const count = studentsAbnormal(worst, this.rules)
        if (count < CLUSTER_SIZE) continue
        await this.once(`cluster:${dateKey}:class:${subject.classKey}`, at, () =>
          this.alertAdmins('聚集提醒', { date: dateKey, class: subject.classLabel }, classClusterAlertText(dateKey, subject.classLabel, reasonsOf(worst, this.rules), count)),
        )
      } else {
        const office = roster.get(subject.name)?.office
        if (!office) continue
        const colleagues = new Set(roster.people.filter((person) => person.office === office).map((person) => person.name))
        const abnormalNames = [
          ...new Set(current.flatMap((r) => (r.abnormal && r.subject.kind === 'person' && colleagues.has(r.subject.name) ? [r.subject.name] : []))),
        ]
        if (abnormalNames.length < CLUSTER_SIZE) continue
        await this.once(`cluster:${dateKey}:office:${office}`, at, () =>
          this.alertAdmins('聚集提醒', { date: dateKey, person: abnormalNames }, officeClusterAlertText(dateKey, office, abnormalNames)),
        )
      }
    }
  }
}
