import type { AppContext, Once } from '../app/types.js'
import { say } from '../domain/types.js'
import { addDays, chineseDate, localTime } from '../domain/time.js'
import { proposeAgendaItem } from '../meetings/propose.js'
import { articleName, levelPendingIn, type Article } from './article.js'
import type { PublicitySection } from './config.js'
import type { PublicityDesk } from './service.js'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** Writers hear about a due date from this local hour, not at midnight. */
const WRITER_NUDGE_HOUR = 8
/** A review pending longer than this goes on the next admin meeting's agenda. */
const AGENDA_AFTER_DAYS = 3
/**
 * Markers are kept about a month; a nudge whose moment is older than this is not sent, so a
 * purged marker can never bring one back, and one that late would be no use anyway.
 */
const NUDGE_WINDOW_DAYS = 30
const AGENDA_PROPOSER = '宣传审稿跟踪'

/**
 * Reminders that are sent once each and survive restarts: writers the day before the due date
 * and on it, a level's reviewers when a review has waited `reviewHours`, and the next admin
 * meeting when a review has waited more than three days.
 */
export class PublicityNudges {
  constructor(
    private readonly app: AppContext,
    private readonly settings: PublicitySection,
    private readonly once: Once,
    private readonly desk: PublicityDesk,
  ) {}

  async tick(now: Date): Promise<void> {
    for (const article of await this.desk.all()) {
      if (article.status === '选题' || article.status === '撰写中') await this.nudgeWriters(article, now)
      if (levelPendingIn(article.status)) await this.chaseReview(article, now)
    }
  }

  /** `once` saves the markers at every call: asking first keeps the per-minute tick from writing. */
  private async sendOnce(key: string, now: Date, send: () => void | Promise<void>, day: string): Promise<void> {
    if (!(await this.once.has(key))) await this.once(key, now, send, { day })
  }

  private tell(people: readonly string[], text: string): void {
    if (people.length) this.app.deliver(people.map((person) => say({ person }, text)))
  }

  private async nudgeWriters(article: Article, now: Date): Promise<void> {
    const local = localTime(now, this.app.config.timezone)
    if (local.hour < WRITER_NUDGE_HOUR || !article.writers.length) return
    const when = local.dateKey === article.due ? '今天' : local.dateKey === addDays(article.due, -1) ? '明天' : undefined
    if (!when) return
    const text = `提醒：稿件 ${articleName(article)} ${when}（${chineseDate(article.due)}）截止交稿。写好后发 /交稿 ${article.id} [链接或说明]。`
    await this.sendOnce(`due:${article.id}:${local.dateKey}`, now, () => this.tell(article.writers, text), local.dateKey)
  }

  /** Each wait (from the moment the article reached its level) is chased once, whatever happens after. */
  private async chaseReview(article: Article, now: Date): Promise<void> {
    const level = levelPendingIn(article.status)
    const waited = now.getTime() - Date.parse(article.since)
    const timeZone = this.app.config.timezone
    const dayOf = (ms: number): string => localTime(new Date(ms), timeZone).dateKey
    const recent = (due: number): boolean => now.getTime() - due < NUDGE_WINDOW_DAYS * DAY_MS
    const reviewDue = Date.parse(article.since) + this.settings.reviewHours * HOUR_MS
    if (waited >= this.settings.reviewHours * HOUR_MS && recent(reviewDue)) {
      const text = `提醒：稿件 ${articleName(article)} 等待${level}已超过 ${this.settings.reviewHours} 小时。审核请发 /审核 ${article.id} 通过 [意见] 或 /审核 ${article.id} 退回 原因。`
      await this.sendOnce(`review:${article.id}:${article.since}`, now, () => this.tell(this.desk.eligibleReviewersOf(article), text), dayOf(reviewDue))
    }
    const agendaDue = Date.parse(article.since) + AGENDA_AFTER_DAYS * DAY_MS
    if (waited > AGENDA_AFTER_DAYS * DAY_MS && recent(agendaDue)) {
      const text = `稿件 ${articleName(article)}${article.status} ${Math.ceil(waited / DAY_MS)} 天`
      const propose = () => proposeAgendaItem(this.app.store, { text, proposer: AGENDA_PROPOSER, at: now })
      await this.sendOnce(`agenda:${article.id}:${article.since}`, now, propose, dayOf(agendaDue))
    }
  }
}
