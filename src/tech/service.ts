import type { AreaContext, ReportFigure, SummarySection } from '../app/types.js'
import { isSkippedDay } from '../domain/calendar.js'
import { addDays, chineseDate, clockText, dateKeyOf } from '../domain/time.js'
import { say, type Outgoing } from '../domain/types.js'
import { healthSectionOf } from '../health/config.js'
import { describeProblem, incidentFor, kindWordsIn, ticketLabel, type ProblemReading } from './classify.js'
import type { FaqEntry, TechSection } from './config.js'
import { matchFaq, NOT_SOLVED_HINT, type FaqWords } from './faq.js'
import { isUnresolved, reportersOf, techDocument, type AnsweredProblem, type ProblemReport, type StoredFaq, type StoredTicket, type TechData } from './data.js'
import { isSchoolTime, schoolMinutesBetween, type SchoolClock } from './school-hours.js'
import type { TicketRow } from './xlsx.js'
import { deskStatistics, durationText, type DeskStatistics, type TicketFacts } from './stats.js'

/** A problem as it arrives: who, what, when, and the group it was said in (none for /报修 privately). */
export interface NewProblem {
  reporter: string
  text: string
  at: Date
  room?: string
}

export type ReportOutcome =
  | { kind: 'answered'; entry: FaqWords }
  | { kind: 'opened' | 'joined'; ticket: StoredTicket; suggestion?: FaqWords }

export type Refusal = { refused: string }
export type Done<T = StoredTicket> = { ticket: T } | Refusal

/** A listed FAQ entry: config entries first, then the stored ones; only stored ones can be deleted. */
export type ListedFaq = (FaqEntry & { stored?: undefined }) | (StoredFaq & { stored: true })

const ACK_BATCH_MS = 60_000
/** "没解决" reaches back this far for the answer or resolution it refers to. */
const NOT_SOLVED_WITHIN_MS = 2 * 24 * 60 * 60_000
const ANSWERED_KEPT_DAYS = 7
const CLOSED_TICKETS_KEPT_DAYS = 365

export const firstResponseKey = (id: number): string => `first-response:${id}`
export const overdueKey = (id: number, assignee: string): string => `overdue:${id}:${assignee}`

/** "腾讯课堂卡顿 #3", how an incident is named when more people report it. */
export const incidentName = (ticket: Pick<StoredTicket, 'id' | 'platform' | 'kind'>): string =>
  `${ticket.platform ?? ''}${ticket.kind === '其他' ? '问题' : ticket.kind} #${ticket.id}`

const resolutionText = (ticket: StoredTicket): string =>
  `#${ticket.id}（${ticketLabel(ticket)}）已解决：${ticket.solution ?? ''}\n${NOT_SOLVED_HINT}`

/**
 * The tech-support desk: problems become tickets, alike ones one incident, the FAQ answers
 * what it can; claims, resolutions, transfers and merges; nudges, statistics and exports.
 */
export class TechDesk {
  private readonly pendingAcks = new Map<string, Map<number, string>>()
  private readonly school: SchoolClock

  constructor(private readonly app: AreaContext<TechSection>) {
    const { skipDays } = healthSectionOf(app.config)
    this.school = { hours: app.section.schoolHours, timeZone: app.config.timezone, isSkipped: (dateKey) => isSkippedDay(dateKey, skipDays) }
  }

  private document() {
    return this.app.store.open(techDocument)
  }

  private day(at: Date | string): string {
    return dateKeyOf(typeof at === 'string' ? new Date(at) : at, this.app.config.timezone)
  }

  /** Applies a change and returns what it produced, once it is on disk. */
  private async change<T>(produce: (data: TechData) => T): Promise<T> {
    const document = await this.document()
    let produced: { value: T } | undefined
    await document.update((data) => {
      produced = { value: produce(data) }
    })
    return (produced as { value: T }).value
  }

  async faqEntries(): Promise<ListedFaq[]> {
    const stored = (await this.document()).data.faq.map((entry) => ({ ...entry, stored: true as const }))
    return [...this.app.section.faq, ...stored]
  }

  async unresolved(): Promise<StoredTicket[]> {
    return (await this.document()).data.tickets.filter(isUnresolved)
  }

  /** A ticket by number; a merged one leads to the incident it joined. */
  async find(id: number): Promise<StoredTicket | undefined> {
    const { tickets } = (await this.document()).data
    let ticket = tickets.find((candidate) => candidate.id === id)
    for (let hops = 0; ticket?.status === 'merged' && hops < tickets.length; hops++) ticket = tickets.find((candidate) => candidate.id === ticket?.mergedInto)
    return ticket
  }

  /** A new problem: answered by the FAQ, joined to the incident it is part of, or a new ticket. */
  async report(problem: NewProblem, reading: ProblemReading, options: { consultFaq: boolean }): Promise<ReportOutcome> {
    const match = options.consultFaq ? matchFaq(problem.text, await this.faqEntries()) : undefined
    const where = problem.room ? { room: problem.room } : {}
    const at = problem.at.toISOString()
    if (match?.full) {
      await this.change((data) => data.answered.push({ reporter: problem.reporter, text: problem.text, at, question: match.entry.question, ...where }))
      return { kind: 'answered', entry: match.entry }
    }
    const suggestion = match ? { suggestion: match.entry } : {}
    const report: ProblemReport = { reporter: problem.reporter, text: problem.text, at, ...where }
    const day = this.day(problem.at)
    return this.change((data): ReportOutcome => {
      const open = data.tickets.filter(isUnresolved).map((ticket) => ({ ...ticket, day: this.day(ticket.createdAt), texts: ticket.reports.map((item) => item.text) }))
      const joinedId = incidentFor({ ...reading, text: problem.text, day }, open)
      const joined = data.tickets.find((ticket) => ticket.id === joinedId)
      if (joined) {
        joined.reports.push(report)
        return { kind: 'joined', ticket: structuredClone(joined), ...suggestion }
      }
      const ticket: StoredTicket = {
        id: data.nextTicketId++,
        ...(reading.platform ? { platform: reading.platform } : {}),
        kind: reading.kind,
        status: 'open',
        createdAt: at,
        reports: [report],
        history: [],
      }
      data.tickets.push(ticket)
      return { kind: 'opened', ticket: structuredClone(ticket), ...suggestion }
    })
  }

  /**
   * "没解决" from a reporter: the FAQ answer they were given becomes a ticket for the team, or
   * the incident resolved for them opens again. A quoted `#N` picks the ticket; otherwise the
   * latest answer or resolution of theirs from the last two days.
   */
  async notSolved(reporter: string, at: Date, quoted?: string): Promise<ReportOutcome | { reopened: StoredTicket } | undefined> {
    const { data } = await this.document()
    const since = at.getTime() - NOT_SOLVED_WITHIN_MS
    const recent = (iso: string | undefined): boolean => iso !== undefined && new Date(iso).getTime() >= since
    const quotedNumbers = quoted ? ticketNumbers(quoted) : []
    const quotedId = quotedNumbers.length === 1 ? quotedNumbers[0] : undefined
    const resolved = data.tickets
      .filter((ticket) => ticket.status === 'resolved' && reportersOf(ticket).includes(reporter) && (quotedId === undefined ? recent(ticket.resolvedAt) : ticket.id === quotedId))
      .at(-1)
    const answered = quotedId === undefined ? data.answered.filter((item) => item.reporter === reporter && recent(item.at)).at(-1) : undefined
    if (answered && (!resolved || answered.at > (resolved.resolvedAt ?? ''))) return this.escalate(answered, at)
    if (!resolved) return undefined
    const reopened = await this.reopen(resolved.id, reporter, at, '反馈没解决')
    return 'ticket' in reopened ? { reopened: reopened.ticket } : undefined
  }

  private async escalate(answered: AnsweredProblem, at: Date): Promise<ReportOutcome> {
    await this.change((data) => {
      data.answered = data.answered.filter((item) => !(item.at === answered.at && item.reporter === answered.reporter))
    })
    const problem: NewProblem = { reporter: answered.reporter, text: answered.text, at, ...(answered.room ? { room: answered.room } : {}) }
    return this.report(problem, describeProblem(answered.text, this.app.section.platforms), { consultFaq: false })
  }

  /** The ticket a quoted message is about: the `#N` of the bot's message, or the report quoted. */
  async quotedTicket(author: string, quoted: string): Promise<Done | { ambiguous: number[] } | undefined> {
    const numbers = ticketNumbers(quoted)
    if (numbers.length > 1) return { ambiguous: numbers }
    if (numbers.length === 1) {
      const ticket = await this.find(numbers[0] as number)
      return ticket ? { ticket } : { refused: `没有 #${numbers[0]} 这个工单。` }
    }
    const excerpt = normalizeForMatch(quoted)
    if (!excerpt) return undefined
    const byText = (await this.document()).data.tickets.filter(
      (ticket) => ticket.status !== 'merged' && ticket.reports.some((report) => normalizeForMatch(report.text).startsWith(excerpt) || excerpt.startsWith(normalizeForMatch(report.text))),
    )
    const fromAuthor = byText.filter((ticket) => ticket.reports.some((report) => report.reporter === author))
    const ticket = (fromAuthor.length ? fromAuthor : byText).at(-1)
    return ticket ? { ticket } : undefined
  }

  /** Runs a change on one unresolved ticket, or says why not. */
  private async onUnresolved(id: number, change: (ticket: StoredTicket, data: TechData) => string | void): Promise<Done> {
    const target = await this.find(id)
    if (!target) return { refused: `没有 #${id} 这个工单，发 /工单 查看未解决的工单。` }
    if (!isUnresolved(target)) return { refused: `#${target.id} 已经解决了${target.resolvedBy ? `（${target.resolvedBy}）` : ''}。如果问题又出现了，请发 /重开 ${target.id}` }
    return this.change((data): Done => {
      const ticket = data.tickets.find((candidate) => candidate.id === target.id) as StoredTicket
      const refused = change(ticket, data)
      return refused ? { refused } : { ticket: structuredClone(ticket) }
    })
  }

  private responded(ticket: StoredTicket, at: Date): void {
    ticket.firstResponseAt ??= at.toISOString()
  }

  async claim(id: number, by: string, at: Date): Promise<Done> {
    return this.onUnresolved(id, (ticket) => {
      if (ticket.assignee === by) return `#${ticket.id} 已经是你在处理了。`
      if (ticket.assignee) return `#${ticket.id} 已由${ticket.assignee}接单。要换人请发 /转交 ${ticket.id} 姓名`
      ticket.assignee = by
      ticket.status = 'claimed'
      this.responded(ticket, at)
      ticket.history.push({ at: at.toISOString(), by, what: '接单' })
    })
  }

  async transfer(id: number, to: string, by: string, at: Date): Promise<Done> {
    const done = await this.onUnresolved(id, (ticket) => {
      if (ticket.assignee === to) return `#${ticket.id} 已经由${to}处理。`
      ticket.assignee = to
      ticket.status = 'claimed'
      this.responded(ticket, at)
      ticket.history.push({ at: at.toISOString(), by, what: `转交给${to}` })
    })
    if ('ticket' in done && to !== by) {
      this.app.deliver([say({ person: to }, `${by}把工单 #${done.ticket.id}（${ticketLabel(done.ticket)}）转交给你：\n${problemLines(done.ticket)}\n处理好后发 /解决 ${done.ticket.id} 说明`)])
    }
    return done
  }

  /**
   * Resolves an incident and tells every reporter: one message per group, @-mentioning
   * them, and privately those who reported by /报修. `self` is a reporter closing their own.
   */
  async resolve(id: number, by: string, at: Date, solution: string, self: boolean): Promise<Done> {
    const done = await this.onUnresolved(id, (ticket) => {
      if (self && !reportersOf(ticket).includes(by)) return `#${ticket.id} 不是你反映的问题，只有技术支持老师或管理员可以解决它。`
      ticket.status = 'resolved'
      ticket.resolvedAt = at.toISOString()
      ticket.resolvedBy = by
      ticket.solution = solution
      if (!self) {
        ticket.assignee ??= by
        this.responded(ticket, at)
      }
      ticket.history.push({ at: at.toISOString(), by, what: `解决：${solution}` })
    })
    if ('ticket' in done && !self) this.app.deliver(this.toReporters(done.ticket, resolutionText(done.ticket)))
    return done
  }

  private toReporters(ticket: StoredTicket, text: string): Outgoing[] {
    const rooms = new Map<string, Set<string>>()
    const privately = new Set<string>()
    for (const report of ticket.reports) {
      if (report.room) rooms.set(report.room, (rooms.get(report.room) ?? new Set()).add(report.reporter))
      else privately.add(report.reporter)
    }
    return [
      ...[...rooms].map(([room, reporters]) => say({ room }, text, [...reporters])),
      ...[...privately].map((reporter) => say({ person: reporter }, text)),
    ]
  }

  async reopen(id: number, by: string, at: Date, why = '重开'): Promise<Done> {
    const target = await this.find(id)
    if (!target) return { refused: `没有 #${id} 这个工单。` }
    if (isUnresolved(target)) return { refused: `#${target.id} 还没有解决，不用重开。` }
    const ticket = await this.change((data) => {
      const stored = data.tickets.find((candidate) => candidate.id === target.id) as StoredTicket
      stored.status = stored.assignee ? 'claimed' : 'open'
      delete stored.resolvedAt
      delete stored.resolvedBy
      delete stored.solution
      stored.history.push({ at: at.toISOString(), by, what: why })
      return structuredClone(stored)
    })
    if (ticket.assignee && ticket.assignee !== by) {
      this.app.deliver([say({ person: ticket.assignee }, `你处理过的工单 #${ticket.id}（${ticketLabel(ticket)}）又打开了（${by}：${why}），请再看看：\n${problemLines(ticket)}`)])
    }
    return { ticket }
  }

  /** `from` joins `into`: its reports move over and its number leads to `into` from now on. */
  async merge(into: number, from: number, by: string, at: Date): Promise<Done> {
    if (into === from) return { refused: '请写两个不同的工单编号。' }
    const source = await this.find(from)
    const target = await this.find(into)
    if (!source || !target) return { refused: `没有 #${source ? into : from} 这个工单。` }
    if (source.id === target.id) return { refused: `#${from} 已经并入 #${target.id}。` }
    return this.change((data): Done => {
      const kept = data.tickets.find((ticket) => ticket.id === target.id) as StoredTicket
      const merged = data.tickets.find((ticket) => ticket.id === source.id) as StoredTicket
      kept.reports.push(...merged.reports)
      kept.reports.sort((a, b) => a.at.localeCompare(b.at))
      if (merged.createdAt < kept.createdAt) kept.createdAt = merged.createdAt
      kept.history.push({ at: at.toISOString(), by, what: `并入 #${merged.id}` })
      merged.status = 'merged'
      merged.mergedInto = kept.id
      merged.history.push({ at: at.toISOString(), by, what: `并入 #${kept.id}` })
      return { ticket: structuredClone(kept) }
    })
  }

  /** A resolved ticket's solution as a stored FAQ entry; its keywords come from the problem unless given. */
  async saveFaq(id: number, by: string, at: Date, words: readonly string[]): Promise<{ entry: StoredFaq } | Refusal> {
    const ticket = await this.find(id)
    if (!ticket) return { refused: `没有 #${id} 这个工单。` }
    if (ticket.status !== 'resolved' || !ticket.solution) return { refused: `#${ticket.id} 还没有解决，解决后才能存为常见问题。` }
    const question = ticket.reports[0]?.text ?? ''
    const platformWord = ticket.platform ? this.app.section.platforms.find((platform) => platform.name === ticket.platform)?.words.find((word) => question.toLowerCase().includes(word.toLowerCase())) : undefined
    const any = words.length ? [...words] : kindWordsIn(question, ticket.kind)
    if (!any.length) return { refused: `#${ticket.id} 的描述里找不到关键词，请在编号后写上关键词，例如 /存为FAQ ${ticket.id} 打不开 闪退` }
    const all = !words.length && platformWord ? [platformWord] : []
    const solution = ticket.solution
    return this.change((data) => {
      const entry: StoredFaq = { id: data.nextFaqId++, question, answer: solution, any, all, addedBy: by, addedAt: at.toISOString(), fromTicket: ticket.id }
      data.faq.push(entry)
      return { entry }
    })
  }

  /** Removes the `position`-th entry of the /FAQ list, if it is a stored one. */
  async deleteFaq(position: number): Promise<{ entry: StoredFaq } | Refusal> {
    const listed = (await this.faqEntries())[position - 1]
    if (!listed) return { refused: `没有第 ${position} 条常见问题，发 /FAQ 查看编号。` }
    if (!listed.stored) return { refused: `第 ${position} 条写在配置文件里，请管理员在配置文件的 tech.faq 中删除。` }
    await this.change((data) => {
      data.faq = data.faq.filter((entry) => entry.id !== listed.id)
    })
    return { entry: listed }
  }

  // ── Acknowledgements ─────────────────────────────────────────────────────

  /** "已登记 #N" lines said in a group within a minute go out as one message. */
  acknowledgeLater(room: string, ticketId: number, line: string): void {
    let pending = this.pendingAcks.get(room)
    if (!pending) {
      pending = new Map()
      this.pendingAcks.set(room, pending)
      this.app.clock.setTimer(ACK_BATCH_MS, () => this.flushAcks(room))
    }
    // A later line about the same incident says more (how many have reported it).
    pending.delete(ticketId)
    pending.set(ticketId, line)
  }

  private flushAcks(room: string): void {
    const lines = [...(this.pendingAcks.get(room)?.values() ?? [])]
    this.pendingAcks.delete(room)
    if (lines.length) this.app.deliver([say({ room }, lines.join('\n'))])
  }

  // ── Nudges ───────────────────────────────────────────────────────────────

  /**
   * Every minute of school time: unclaimed incidents past the first-response time are put
   * to the team in the tech group, claimed ones past the resolve time to their assignee
   * privately. Each only once, across restarts.
   */
  async tick(now: Date): Promise<void> {
    if (!isSchoolTime(now, this.school)) return
    const waited = (ticket: StoredTicket): number => schoolMinutesBetween(new Date(ticket.createdAt), now, this.school)
    const unresolved = await this.unresolved()
    const unclaimed = unresolved.filter((ticket) => ticket.status === 'open' && waited(ticket) >= this.app.section.firstResponseMinutes)
    const overdue = unresolved.filter((ticket) => ticket.status === 'claimed' && ticket.assignee && waited(ticket) >= this.app.section.resolveHours * 60)
    const messages: Outgoing[] = []
    const firstNudged = await this.app.once.claim(unclaimed.map((ticket) => firstResponseKey(ticket.id)), now)
    const waiting = unclaimed.filter((ticket) => firstNudged.has(firstResponseKey(ticket.id)))
    if (waiting.length) {
      const lines = waiting.map((ticket) => `#${ticket.id}（${ticketLabel(ticket)}）${reportersOf(ticket).join('、')}，已等 ${durationText(waited(ticket))}`)
      const text = [`还没有人接的工单：`, ...lines, `请发 /接单 编号，或引用老师的消息回复“我来”。`].join('\n')
      messages.push(...this.app.topicsWithRole('tech').map((room) => say({ room }, text, [...this.app.section.team])))
    }
    const overdueKeys = overdue.map((ticket) => overdueKey(ticket.id, ticket.assignee as string))
    const overdueNudged = await this.app.once.claim(overdueKeys, now)
    for (const ticket of overdue) {
      const assignee = ticket.assignee as string
      if (!overdueNudged.has(overdueKey(ticket.id, assignee))) continue
      messages.push(say({ person: assignee }, `你接的工单 #${ticket.id}（${ticketLabel(ticket)}）已超过 ${this.app.section.resolveHours} 小时（按上课时间算）还没解决：\n${problemLines(ticket)}\n解决后请发 /解决 ${ticket.id} 说明；需要别人帮忙请发 /转交 ${ticket.id} 姓名`))
    }
    if (messages.length) this.app.deliver(messages)
  }

  // ── Numbers ──────────────────────────────────────────────────────────────

  /** Incidents first reported in a span (merged numbers left out: they live on in their incident). */
  async incidentsBetween(from: string, to: string): Promise<StoredTicket[]> {
    return (await this.document()).data.tickets.filter((ticket) => ticket.status !== 'merged' && from <= this.day(ticket.createdAt) && this.day(ticket.createdAt) <= to)
  }

  factsOf(ticket: StoredTicket): TicketFacts {
    const opened = new Date(ticket.createdAt)
    const since = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : schoolMinutesBetween(opened, new Date(iso), this.school))
    const firstResponse = since(ticket.firstResponseAt)
    const resolution = since(ticket.resolvedAt)
    return {
      ...(ticket.platform ? { platform: ticket.platform } : {}),
      kind: ticket.kind,
      reports: ticket.reports.length,
      ...(ticket.assignee ? { assignee: ticket.assignee } : {}),
      resolved: ticket.status === 'resolved',
      ...(firstResponse !== undefined ? { minutesToFirstResponse: firstResponse } : {}),
      ...(resolution !== undefined ? { minutesToResolution: resolution } : {}),
    }
  }

  async statistics(from: string, to: string): Promise<{ stats: DeskStatistics; faqAnswered: number }> {
    const incidents = await this.incidentsBetween(from, to)
    const faqAnswered = (await this.document()).data.answered.filter((item) => from <= this.day(item.at) && this.day(item.at) <= to).length
    return { stats: deskStatistics(incidents.map((ticket) => this.factsOf(ticket))), faqAnswered }
  }

  /** The daily summary's line: new today, resolved today, still open, and which have waited over a day. */
  async summary(dateKey: string): Promise<SummarySection[]> {
    const { tickets } = (await this.document()).data
    const created = tickets.filter((ticket) => this.day(ticket.createdAt) === dateKey && ticket.status !== 'merged').length
    const resolved = tickets.filter((ticket) => ticket.resolvedAt && this.day(ticket.resolvedAt) === dateKey).length
    const open = tickets.filter(isUnresolved)
    if (!created && !resolved && !open.length) return []
    const old = open.filter((ticket) => this.day(ticket.createdAt) < dateKey)
    const oldText = old.length ? `；超过一天未解决：${old.map((ticket) => `#${ticket.id} ${ticketLabel(ticket)}（${chineseDate(this.day(ticket.createdAt))}）`).join('、')}` : ''
    return [{ title: '技术支持', lines: [`今天新登记 ${created} 个工单，解决 ${resolved} 个，仍未解决 ${open.length} 个${oldText}`] }]
  }

  async figures(from: string, to: string): Promise<ReportFigure[]> {
    const { stats, faqAnswered } = await this.statistics(from, to)
    return [
      { label: '收到技术问题', value: stats.problems + faqAnswered },
      { label: '技术工单', value: stats.incidents },
      { label: '已解决工单', value: stats.resolved },
      { label: '解决用时中位数', value: stats.medianResolution === undefined ? '—' : durationText(stats.medianResolution) },
    ]
  }

  // ── Retention ────────────────────────────────────────────────────────────

  /** FAQ answers nobody came back to after a week, and incidents closed over a year ago. */
  async purgeBefore(today: string): Promise<number> {
    const answeredCut = addDays(today, -ANSWERED_KEPT_DAYS)
    const ticketCut = addDays(today, -CLOSED_TICKETS_KEPT_DAYS)
    const { data } = await this.document()
    const closedAt = (ticket: StoredTicket): string | undefined => (ticket.status === 'merged' ? ticket.history.at(-1)?.at : ticket.resolvedAt)
    const expiredTicket = (ticket: StoredTicket): boolean => !isUnresolved(ticket) && this.day(closedAt(ticket) ?? ticket.createdAt) < ticketCut
    const expiredAnswer = (item: AnsweredProblem): boolean => this.day(item.at) < answeredCut
    const count = data.tickets.filter(expiredTicket).length + data.answered.filter(expiredAnswer).length
    if (count) {
      await this.change((draft) => {
        draft.tickets = draft.tickets.filter((ticket) => !expiredTicket(ticket))
        draft.answered = draft.answered.filter((item) => !expiredAnswer(item))
      })
    }
    return count
  }

  private when(iso: string): string {
    const at = new Date(iso)
    return `${this.day(at)} ${clockText(at, this.app.config.timezone)}`
  }

  /** One ticket with its reports and what was done, for /工单 N. */
  detailText(ticket: StoredTicket): string {
    const time = (iso: string): string => clockText(new Date(iso), this.app.config.timezone)
    const day = this.day(ticket.createdAt)
    const lines = [
      `#${ticket.id}（${ticketLabel(ticket)}）${statusText(ticket)}，${chineseDate(day)} ${time(ticket.createdAt)} 登记`,
      `反映（${reportersOf(ticket).length} 人）：`,
      ...ticket.reports.map((report) => `${this.day(report.at) === day ? '' : `${chineseDate(this.day(report.at))} `}${time(report.at)} ${report.reporter}：${report.text}`),
    ]
    if (ticket.history.length) lines.push('经过：', ...ticket.history.map((event) => `${time(event.at)} ${event.by} ${event.what}`))
    return lines.join('\n')
  }

  /** Incidents of a span as spreadsheet rows. */
  async exportRows(from: string, to: string): Promise<TicketRow[]> {
    return (await this.incidentsBetween(from, to)).map((ticket) => {
      const facts = this.factsOf(ticket)
      return {
        id: ticket.id,
        openedAt: this.when(ticket.createdAt),
        platform: ticket.platform ?? '',
        kind: ticket.kind,
        status: statusText(ticket),
        reporters: reportersOf(ticket).join('、'),
        reportCount: ticket.reports.length,
        problem: ticket.reports.map((report) => report.text).join('\n'),
        assignee: ticket.assignee ?? '',
        firstResponseMinutes: facts.minutesToFirstResponse ?? null,
        resolvedAt: ticket.resolvedAt ? this.when(ticket.resolvedAt) : '',
        resolutionMinutes: facts.minutesToResolution ?? null,
        solution: ticket.solution ?? '',
      }
    })
  }
}

/** 待接单, 李娜处理中, 已解决. */
export function statusText(ticket: StoredTicket): string {
  switch (ticket.status) {
    case 'open':
      return '待接单'
    case 'claimed':
      return `${ticket.assignee ?? ''}处理中`
    case 'resolved':
      return '已解决'
    case 'merged':
      return `已并入 #${ticket.mergedInto ?? ''}`
  }
}

/** The reports of a ticket, for messages to the person who must act on it. */
function problemLines(ticket: StoredTicket): string {
  return ticket.reports.map((report) => `${report.reporter}：${report.text}`).join('\n')
}

const normalizeForMatch = (text: string): string => text.replace(/[\s…]+/g, '').replace(/\.{3}$/, '')

/** Ticket numbers (`#3`) a text names, once each. */
export const ticketNumbers = (text: string): number[] => [...new Set([...text.matchAll(/#(\d+)/g)].map((match) => Number(match[1])))]

