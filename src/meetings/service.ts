import type { AppContext, Once, ReportFigure, SummarySection } from '../app/types.js'
import { minutesOfClock } from '../config/fields.js'
import {
  actionLine,
  agendaLines,
  agendaText,
  carriedOverAgenda,
  chineseNumber,
  meetingTimeText,
  minutesText,
  nextAgendaIndex,
  topicsOf,
  type AgendaItem,
  type MeetingEntry,
} from '../domain/minutes.js'
import { chineseDate, clockText, dateKeyOf, localTime, zonedDate } from '../domain/time.js'
import { say, type Destination, type Outgoing } from '../domain/types.js'
import {
  actionsOfMeeting,
  meetingsDocument,
  openMeeting,
  upcomingMeeting,
  type MeetingsData,
  type StoredAction,
  type StoredMeeting,
} from './data.js'
import type { MeetingsSection } from './config.js'

/** Who ran a command, where the answer goes, and when. */
export interface Actor {
  /** Roster name, or the WeChat display name of someone not on the roster. */
  name: string
  replyTo: Destination
  at: Date
}

const agendaMarker = (meetingId: number): string => `meeting-agenda:${meetingId}`
const dueReminderMarker = (actionId: number, dateKey: string): string => `meeting-action-due:${actionId}:${dateKey}`
const LAST_MINUTE_OF_DAY = 23 * 60 + 59
const RECENT_MEETINGS_LISTED = 20
const NO_OPEN_MEETING = '现在没有进行中的会议。先发 /会议 开始（或 /会议 新建 时间 标题 安排一次）。'

/**
 * Meetings from scheduling to minutes: every command's effect and reply, the agenda posted
 * before the start, due-day reminders, and closing what was left open at the end of the day.
 */
export class MeetingService {
  constructor(
    private readonly app: AppContext,
    private readonly settings: MeetingsSection,
    private readonly once: Once,
  ) {}

  private get timeZone(): string {
    return this.app.config.timezone
  }

  private document() {
    return this.app.store.open(meetingsDocument)
  }

  /** Open action items due before `todayKey`, earliest first, for the daily summary. */
  async overdueSection(todayKey: string): Promise<SummarySection[]> {
    const overdue = (await this.document()).data.actions
      .filter((action) => !action.doneAt && action.due && action.due < todayKey)
      .sort((a, b) => (a.due ?? '').localeCompare(b.due ?? '') || a.id - b.id)
    if (!overdue.length) return []
    return [{ title: `逾期待办 ${overdue.length} 项`, lines: overdue.map((item) => `#${item.id} ${item.owner}：${item.text}（截止 ${chineseDate(item.due ?? '')}）`) }]
  }

  /** Meetings held in a span, with their decisions and action items, for the upward report. */
  async figures(from: string, to: string): Promise<ReportFigure[]> {
    const { data } = await this.document()
    const held = data.meetings.filter((meeting) => meeting.status === 'closed' && meeting.startedAt && from <= this.dateKey(meeting.startedAt) && this.dateKey(meeting.startedAt) <= to)
    const count = (kind: string) => held.reduce((total, meeting) => total + meeting.entries.filter((entry) => entry.kind === kind).length, 0)
    return [
      { label: '召开会议', value: held.length },
      { label: '形成决议', value: count('decision') },
      { label: '布置待办', value: count('action') },
    ]
  }

  /** Applies a change to the meetings file and returns what it produced, once it is on disk. */
  private async change<T>(produce: (data: MeetingsData) => T): Promise<T> {
    const document = await this.document()
    let produced: { value: T } | undefined
    await document.update((data) => {
      produced = { value: produce(data) }
    })
    // update() runs the change synchronously, before it starts writing.
    return (produced as { value: T }).value
  }

  private reply(actor: Actor, text: string): Outgoing[] {
    return [say(actor.replyTo, text)]
  }

  private toAdminRooms(text: string, mentions?: string[]): Outgoing[] {
    return this.app.topicsWithRole('admin').map((room) => say({ room }, text, mentions))
  }

  /** Whoever asked from outside the admin group gets a short acknowledgement of what was posted there. */
  private acknowledgeOutsideAdminRoom(actor: Actor, acknowledgement: string): Outgoing[] {
    const fromAdminRoom = 'room' in actor.replyTo && this.app.roleOf(actor.replyTo.room) === 'admin'
    return fromAdminRoom ? [] : this.reply(actor, acknowledgement)
  }

  private isAdminMember(name: string): boolean {
    const adminRooms = this.app.topicsWithRole('admin')
    return this.app.roster.get(name)?.groups.some((group) => adminRooms.includes(group)) ?? false
  }

  private dateKey(at: Date | string): string {
    return dateKeyOf(typeof at === 'string' ? new Date(at) : at, this.timeZone)
  }

  async schedule(actor: Actor, at: Date, title: string): Promise<Outgoing[]> {
    const document = await this.document()
    const twin = document.data.meetings.find((candidate) => candidate.status === 'scheduled' && candidate.scheduledAt === at.toISOString())
    if (twin) {
      return this.reply(actor, `这个时间已经安排了「${twin.title}」（编号 ${twin.id}），没有重复安排。发 /会议 列表 查看。`)
    }
    const meeting = await this.change((data) => addMeeting(data, { title, scheduledAt: at.toISOString(), createdBy: actor.name }))
    const postAt = new Date(at.getTime() - this.settings.agendaLeadMinutes * 60_000)
    const posting = postAt.getTime() <= actor.at.getTime() ? '议程马上发到行政群' : `议程会在 ${clockText(postAt, this.timeZone)} 发到行政群`
    const collected = meeting.agenda.length ? `（已带上之前收集的 ${meeting.agenda.length} 项）` : ''
    return this.reply(
      actor,
      `已安排会议「${title}」（编号 ${meeting.id}），${meetingTimeText(meeting.scheduledAt, this.timeZone)}。\n` +
        `${posting}；会前可以用 /议程 事项 添加议程${collected}。`,
    )
  }

  async addAgenda(actor: Actor, text: string): Promise<Outgoing[]> {
    const item: AgendaItem = { text, proposer: actor.name, proposedAt: actor.at.toISOString() }
    const { target, count } = await this.change((data) => {
      const meeting = openMeeting(data) ?? upcomingMeeting(data)
      const agenda = meeting ? meeting.agenda : data.queuedAgenda
      agenda.push(item)
      return { target: meeting, count: agenda.length }
    })
    if (!target) {
      return this.reply(actor, `已记下议程第 ${count} 项：${text}\n还没有安排会议，下次 /会议 新建 时会带上。`)
    }
    if (target.status === 'open') {
      return this.reply(actor, `已加入进行中的「${target.title}」议程，第 ${count} 项。要现在讨论就发 /议题 ${count}。`)
    }
    const posted = (await this.once.has(agendaMarker(target.id))) ? '\n议程已经发出，这一项会在会议开始时列出。' : ''
    return this.reply(
      actor,
      `已加入「${target.title}」（${meetingTimeText(target.scheduledAt, this.timeZone)}）的议程，第 ${count} 项。${posted}`,
    )
  }

  async showAgenda(actor: Actor): Promise<Outgoing[]> {
    const { data } = await this.document()
    const meeting = openMeeting(data) ?? upcomingMeeting(data)
    const items = meeting ? meeting.agenda : data.queuedAgenda
    const heading = meeting
      ? `「${meeting.title}」（${meetingTimeText(meeting.startedAt ?? meeting.scheduledAt, this.timeZone)}${meeting.status === 'open' ? '，进行中' : ''}）的议程：`
      : '还没有安排会议。已收集的议程：'
    const body = items.length ? agendaLines(items) : ['（暂无）']
    return this.reply(actor, [heading, ...body, '添加：/议程 事项'].join('\n'))
  }

  async start(actor: Actor, adHocTitle: string): Promise<Outgoing[]> {
    const document = await this.document()
    const open = openMeeting(document.data)
    if (open) return this.reply(actor, `「${open.title}」还在进行中，先发 /会议 结束。`)
    const today = this.dateKey(actor.at)
    const meeting = await this.change((data) => {
      const upcoming = upcomingMeeting(data)
      // A meeting scheduled for a later day is not the one being held now.
      const held =
        upcoming && this.dateKey(upcoming.scheduledAt) <= today
          ? upcoming
          : addMeeting(data, { title: adHocTitle || `临时会议（${chineseDate(today)}）`, scheduledAt: actor.at.toISOString(), createdBy: actor.name })
      held.status = 'open'
      held.startedAt = actor.at.toISOString()
      return held
    })
    const agenda = meeting.agenda.length ? ['议程：', ...agendaLines(meeting.agenda)] : ['本次没有预先提交的议程。']
    const text = [
      `「${meeting.title}」开始了（${clockText(actor.at, this.timeZone)}）。`,
      ...agenda,
      '发 /议题 开始讨论（不写内容就按议程顺序）；/决议 /记录 /待办 记在当前议题下，/撤销 删掉上一条；/会议 结束 后我把纪要发到行政群。',
    ].join('\n')
    return [...this.toAdminRooms(text), ...this.acknowledgeOutsideAdminRoom(actor, `「${meeting.title}」已开始，已通知行政群。`)]
  }

  async end(actor: Actor): Promise<Outgoing[]> {
    const document = await this.document()
    const open = openMeeting(document.data)
    if (!open) return this.reply(actor, NO_OPEN_MEETING)
    const closing = await this.close(open.id, actor.at, false)
    return [...closing, ...this.acknowledgeOutsideAdminRoom(actor, `「${open.title}」已结束，纪要已发到行政群。`)]
  }

  /**
   * Ends a meeting: undiscussed agenda items go to the next meeting (or the queue), the
   * minutes go to the admin group, and owners outside it hear of their action items privately.
   */
  private async close(meetingId: number, endedAt: Date, automatic: boolean): Promise<Outgoing[]> {
    const document = await this.document()
    const meeting = await this.change((data) => {
      const closing = data.meetings.find((candidate) => candidate.id === meetingId)
      if (!closing) return undefined
      closing.status = 'closed'
      closing.endedAt = endedAt.toISOString()
      closing.autoClosed = automatic
      carryOver(data, carriedOverAgenda(closing))
      return closing
    })
    if (!meeting) return []
    const { title } = meeting
    const actions = actionsOfMeeting(document.data, meeting.id)
    const privateNotices = [...new Set(actions.map((action) => action.owner))]
      .filter((owner) => !this.isAdminMember(owner))
      .map((owner) => {
        const lines = actions.filter((action) => action.owner === owner).map(actionLine)
        return say({ person: owner }, [`你好！「${title}」会议给你安排了待办：`, ...lines, '完成后请告诉行政群的老师。'].join('\n'))
      })
    return [...this.toAdminRooms(this.minutesOf(meeting, document.data)), ...privateNotices]
  }

  private minutesOf(meeting: StoredMeeting, data: MeetingsData): string {
    const rosterOrder = (name: string): number => {
      const index = this.app.roster.people.findIndex((person) => person.name === name)
      return index < 0 ? Number.MAX_SAFE_INTEGER : index
    }
    const attendees = [...meeting.speakers].sort((a, b) => rosterOrder(a) - rosterOrder(b))
    return minutesText(meeting, actionsOfMeeting(data, meeting.id), attendees, this.timeZone)
  }

  async topic(actor: Actor, text: string): Promise<Outgoing[]> {
    const document = await this.document()
    const open = openMeeting(document.data)
    if (!open) return this.reply(actor, NO_OPEN_MEETING)
    const chosen = chooseAgendaItem(open, text)
    if ('problem' in chosen) return this.reply(actor, chosen.problem)
    await document.update((data) => {
      const meeting = openMeeting(data)
      meeting?.entries.push({
        kind: 'topic',
        text: chosen.text,
        ...(chosen.agendaIndex !== undefined ? { agendaIndex: chosen.agendaIndex } : {}),
        by: actor.name,
        at: actor.at.toISOString(),
      })
    })
    const meeting = openMeeting(document.data) ?? open
    const number = topicsOf(meeting).topics.length
    const source = chosen.agendaIndex !== undefined ? `（议程第 ${chosen.agendaIndex + 1} 项）` : ''
    const next = nextAgendaIndex(meeting)
    const upNext = meeting.agenda.length
      ? next === undefined
        ? '议程已全部开始讨论。'
        : `下一项议程：${agendaLines(meeting.agenda)[next]}`
      : ''
    return this.reply(actor, `议题${chineseNumber(number)}：${chosen.text}${source}\n${upNext}`.trim())
  }

  async record(actor: Actor, kind: 'decision' | 'note', text: string): Promise<Outgoing[]> {
    const document = await this.document()
    const open = openMeeting(document.data)
    if (!open) return this.reply(actor, NO_OPEN_MEETING)
    await document.update((data) => {
      openMeeting(data)?.entries.push({ kind, text, by: actor.name, at: actor.at.toISOString() })
    })
    return this.reply(actor, `已记下${kind === 'decision' ? '决议' : '这条记录'}（${currentTopicLabel(open)}）。`)
  }

  async addAction(actor: Actor, owner: string, text: string, due: string | undefined): Promise<Outgoing[]> {
    const document = await this.document()
    const open = openMeeting(document.data)
    if (!open) return this.reply(actor, NO_OPEN_MEETING)
    const action = await this.change((data): StoredAction => {
      const created = {
        id: data.nextActionId++,
        meetingId: open.id,
        owner,
        text,
        ...(due ? { due } : {}),
        createdAt: actor.at.toISOString(),
        createdBy: actor.name,
      }
      data.actions.push(created)
      openMeeting(data)?.entries.push({ kind: 'action', actionId: created.id, by: actor.name, at: actor.at.toISOString() })
      return created
    })
    return this.reply(actor, `已记下待办（${currentTopicLabel(open)}）：\n${actionLine(action)}`)
  }

  async undo(actor: Actor): Promise<Outgoing[]> {
    const document = await this.document()
    const open = openMeeting(document.data)
    if (!open) return this.reply(actor, `${NO_OPEN_MEETING}撤销只针对进行中会议的记录。`)
    const last = open.entries.at(-1)
    if (!last) return this.reply(actor, '本次会议还没有记录，没有可撤销的。')
    const described = this.describeEntry(last, open, document.data)
    await document.update((data) => {
      const meeting = openMeeting(data)
      const removed = meeting?.entries.pop()
      if (removed?.kind !== 'action') return
      data.actions = data.actions.filter((action) => action.id !== removed.actionId)
      // Undoing the newest action item frees its number, so numbers stay without gaps.
      if (removed.actionId === data.nextActionId - 1) data.nextActionId -= 1
    })
    return this.reply(actor, `已撤销${described}。`)
  }

  private describeEntry(entry: MeetingEntry, meeting: StoredMeeting, data: MeetingsData): string {
    switch (entry.kind) {
      case 'topic':
        return `议题${chineseNumber(topicsOf(meeting).topics.length)}：${entry.text}`
      case 'decision':
        return `决议：${entry.text}`
      case 'note':
        return `记录：${entry.text}`
      case 'action': {
        const action = data.actions.find((candidate) => candidate.id === entry.actionId)
        return action ? `待办 ${actionLine(action)}` : `待办 #${entry.actionId}`
      }
    }
  }

  async list(actor: Actor): Promise<Outgoing[]> {
    const { data } = await this.document()
    const line = (meeting: StoredMeeting, detail: string): string => `${meeting.id} · ${detail} · ${meeting.title}`
    const sections: string[] = []
    const open = openMeeting(data)
    if (open) sections.push(`进行中：\n${line(open, `${meetingTimeText(open.startedAt ?? open.scheduledAt, this.timeZone)} 起`)}`)
    const upcoming = data.meetings
      .filter((meeting) => meeting.status === 'scheduled')
      .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt))
      .map((meeting) => `${line(meeting, meetingTimeText(meeting.scheduledAt, this.timeZone))}（议程 ${meeting.agenda.length} 项）`)
    if (upcoming.length) sections.push(`待召开：\n${upcoming.join('\n')}`)
    const past = data.meetings
      .filter((meeting) => meeting.status === 'closed' || meeting.status === 'lapsed')
      .sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt))
    const pastLines = past.slice(0, RECENT_MEETINGS_LISTED).map((meeting) => {
      if (meeting.status === 'lapsed') return `${line(meeting, meetingTimeText(meeting.scheduledAt, this.timeZone))}（未召开）`
      const decisions = meeting.entries.filter((entry) => entry.kind === 'decision').length
      const actions = meeting.entries.filter((entry) => entry.kind === 'action').length
      return `${line(meeting, meetingTimeText(meeting.startedAt ?? meeting.scheduledAt, this.timeZone))}（决议 ${decisions} 条，待办 ${actions} 项）`
    })
    if (pastLines.length) {
      const more = past.length > pastLines.length ? `\n（另有更早的 ${past.length - pastLines.length} 次）` : ''
      sections.push(`过往会议：\n${pastLines.join('\n')}${more}`)
    }
    if (!sections.length) return this.reply(actor, '还没有会议。用 /会议 新建 时间 标题 安排一次，例如 /会议 新建 明天 19:30 行政例会')
    return this.reply(actor, `会议列表（编号 · 时间 · 标题）：\n${sections.join('\n')}\n发 /纪要 编号 查看纪要。`)
  }

  async minutes(actor: Actor, meetingId: number | undefined): Promise<Outgoing[]> {
    const { data } = await this.document()
    const meeting =
      meetingId !== undefined
        ? data.meetings.find((candidate) => candidate.id === meetingId)
        : (openMeeting(data) ?? latestClosed(data))
    if (!meeting) {
      return this.reply(actor, meetingId !== undefined ? `没有编号为 ${meetingId} 的会议，发 /会议 列表 查看编号。` : '还没有开完的会议，暂无纪要。')
    }
    if (meeting.status === 'scheduled') {
      return this.reply(actor, `「${meeting.title}」还没有开，暂无纪要。目前的议程：\n${agendaText(meeting, this.timeZone)}`)
    }
    return this.reply(actor, this.minutesOf(meeting, data))
  }

  async openActions(actor: Actor): Promise<Outgoing[]> {
    const { data } = await this.document()
    const today = this.dateKey(actor.at)
    const open = data.actions
      .filter((action) => !action.doneAt)
      .sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.id - b.id)
    if (!open.length) return this.reply(actor, '没有未完成的待办。')
    const lines = open.map((action) => {
      const flag = !action.due ? '' : action.due < today ? '（已逾期）' : action.due === today ? '（今天到期）' : ''
      return `${actionLine(action)}${flag}`
    })
    return this.reply(actor, [`未完成的待办（${open.length} 项）：`, ...lines, '完成后发 /完成 编号。'].join('\n'))
  }

  async complete(actor: Actor, actionId: number): Promise<Outgoing[]> {
    const document = await this.document()
    const action = document.data.actions.find((candidate) => candidate.id === actionId)
    if (!action) return this.reply(actor, `没有编号为 #${actionId} 的待办，发 /待办 列表 查看。`)
    if (action.doneAt) {
      return this.reply(actor, `#${actionId} 已在 ${chineseDate(this.dateKey(action.doneAt))} 标记完成。`)
    }
    await document.update((data) => {
      const stored = data.actions.find((candidate) => candidate.id === actionId)
      if (!stored) return
      stored.doneAt = actor.at.toISOString()
      stored.doneBy = actor.name
    })
    const remaining = document.data.actions.filter((candidate) => !candidate.doneAt).length
    return this.reply(actor, `已完成 #${action.id} ${action.text}（${action.owner}）。还有 ${remaining} 项待办未完成。`)
  }

  /** Attendance: an admin-group member said something while a meeting was open. */
  async noteSpeaker(name: string): Promise<void> {
    const document = await this.document()
    const open = openMeeting(document.data)
    if (!open || open.speakers.includes(name)) return
    await document.update((data) => {
      openMeeting(data)?.speakers.push(name)
    })
  }

  /**
   * Runs every minute, and once at start-up (`catchingUp`): closes what the day left open,
   * posts agendas that are due, and reminds owners of action items due today.
   */
  async tick(now: Date, catchingUp = false): Promise<void> {
    await this.closeFinishedDays(now)
    await this.postDueAgendas(now, catchingUp)
    await this.remindDueActions(now)
  }

  private dayIsOver(dateKey: string, now: Date): boolean {
    const local = localTime(now, this.timeZone)
    return dateKey < local.dateKey || (dateKey === local.dateKey && local.minuteOfDay >= LAST_MINUTE_OF_DAY)
  }

  private async closeFinishedDays(now: Date): Promise<void> {
    const document = await this.document()
    for (const meeting of [...document.data.meetings]) {
      if (meeting.status === 'open' && meeting.startedAt) {
        const day = this.dateKey(meeting.startedAt)
        if (!this.dayIsOver(day, now)) continue
        this.app.log.info(`会议 ${meeting.id} 未结束，按当天结束处理 (auto-closing meeting)`)
        this.app.deliver(await this.close(meeting.id, zonedDate(day, 23, 59, this.timeZone), true))
      } else if (meeting.status === 'scheduled' && this.dayIsOver(this.dateKey(meeting.scheduledAt), now)) {
        await this.lapse(meeting.id)
      }
    }
  }

  /**
   * A meeting whose day passed without /会议 开始 is recorded as not held and its agenda
   * moves on, silently: nobody needs a message at midnight, and the next agenda says
   * which items were carried over.
   */
  private async lapse(meetingId: number): Promise<void> {
    const document = await this.document()
    await document.update((data) => {
      const meeting = data.meetings.find((candidate) => candidate.id === meetingId)
      if (!meeting) return
      meeting.status = 'lapsed'
      carryOver(data, carriedOverAgenda(meeting))
    })
    this.app.log.info(`会议 ${meetingId} 未召开，议程顺延 (meeting not held, agenda carried over)`)
  }

  private async postDueAgendas(now: Date, catchingUp: boolean): Promise<void> {
    const document = await this.document()
    const leadMs = this.settings.agendaLeadMinutes * 60_000
    for (const meeting of document.data.meetings) {
      const startsAt = new Date(meeting.scheduledAt).getTime()
      const postAt = startsAt - leadMs
      if (meeting.status !== 'scheduled' || now.getTime() < postAt || now.getTime() > startsAt) continue
      await this.once(agendaMarker(meeting.id), now, () => this.app.deliver(this.toAdminRooms(agendaText(meeting, this.timeZone, catchingUp && now.getTime() > postAt))))
    }
  }

  private async remindDueActions(now: Date): Promise<void> {
    const local = localTime(now, this.timeZone)
    if (local.minuteOfDay < minutesOfClock(this.settings.actionReminderTime)) return
    const document = await this.document()
    // An item given out on its due day was just heard about: no reminder that day.
    const candidates = document.data.actions.filter(
      (action) => !action.doneAt && action.due === local.dateKey && this.dateKey(action.createdAt) < local.dateKey,
    )
    if (!candidates.length) return
    const claimed = await this.once.claim(
      candidates.map((action) => dueReminderMarker(action.id, local.dateKey)),
      now,
    )
    const due = candidates.filter((action) => claimed.has(dueReminderMarker(action.id, local.dateKey)))
    if (!due.length) return
    const inAdminGroup = due.filter((action) => this.isAdminMember(action.owner))
    const messages: Outgoing[] = []
    if (inAdminGroup.length) {
      const owners = [...new Set(inAdminGroup.map((action) => action.owner))]
      messages.push(...this.toAdminRooms(['今天到期的待办：', ...inAdminGroup.map(actionLine), '完成后发 /完成 编号。'].join('\n'), owners))
    }
    for (const owner of new Set(due.filter((action) => !inAdminGroup.includes(action)).map((action) => action.owner))) {
      const lines = due.filter((action) => action.owner === owner).map(actionLine)
      messages.push(say({ person: owner }, ['你好！你的待办今天到期：', ...lines, '完成后请告诉行政群的老师。'].join('\n')))
    }
    this.app.deliver(messages)
  }
}

/** A new scheduled meeting; it takes the agenda items waiting for one. */
function addMeeting(data: MeetingsData, fields: Pick<StoredMeeting, 'title' | 'scheduledAt' | 'createdBy'>): StoredMeeting {
  const meeting: StoredMeeting = {
    id: data.nextMeetingId++,
    ...fields,
    status: 'scheduled',
    autoClosed: false,
    agenda: data.queuedAgenda.splice(0),
    entries: [],
    speakers: [],
  }
  data.meetings.push(meeting)
  return meeting
}

/** Carried items go first on the next meeting's agenda: they have waited longest. */
function carryOver(data: MeetingsData, items: AgendaItem[]): void {
  if (!items.length) return
  const next = upcomingMeeting(data)
  if (next) next.agenda.unshift(...items)
  else data.queuedAgenda.unshift(...items)
}

function latestClosed(data: MeetingsData): StoredMeeting | undefined {
  return data.meetings
    .filter((meeting) => meeting.status === 'closed')
    .reduce<StoredMeeting | undefined>((latest, meeting) => (!latest || (meeting.endedAt ?? '') > (latest.endedAt ?? '') ? meeting : latest), undefined)
}

function currentTopicLabel(meeting: StoredMeeting): string {
  const current = topicsOf(meeting).topics.at(-1)
  return current ? `议题${chineseNumber(current.number)}：${current.text}` : '未分议题'
}

/**
 * What `/议题` opens: nothing written takes the next agenda item, a number takes that
 * item, the text of an agenda item is that item, anything else is a topic of its own.
 */
function chooseAgendaItem(meeting: StoredMeeting, text: string): { text: string; agendaIndex?: number } | { problem: string } {
  if (!text) {
    const next = nextAgendaIndex(meeting)
    const item = next === undefined ? undefined : meeting.agenda[next]
    if (next === undefined || !item) {
      return { problem: '议程已经没有未讨论的事项了，请写上议题，例如 /议题 下周教研安排' }
    }
    return { text: item.text, agendaIndex: next }
  }
  const number = /^#?(\d+)$/.exec(text)
  if (number) {
    const index = Number(number[1]) - 1
    const item = meeting.agenda[index]
    if (!item) return { problem: `议程里没有第 ${index + 1} 项（共 ${meeting.agenda.length} 项），发 /议程 查看。` }
    return { text: item.text, agendaIndex: index }
  }
  const index = meeting.agenda.findIndex((item) => item.text === text)
  return index >= 0 ? { text, agendaIndex: index } : { text }
}
