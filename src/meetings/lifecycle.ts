import { actionLine, agendaLines, carriedOverAgenda, meetingTimeText } from '../domain/minutes.js'
import { chineseDate, clockText } from '../domain/time.js'
import { say, type Outgoing } from '../domain/types.js'
import { addMeeting, carryOver, dropMeeting, meetingNumbered } from './agenda.js'
import { actionsOfMeeting, openMeeting, upcomingMeeting, type MeetingsData, type StoredMeeting } from './data.js'
import { NO_OPEN_MEETING, type Actor, type MeetingDesk } from './desk.js'

const STATUS_TEXT = { open: '正在进行', closed: '已经开过了', lapsed: '没有召开，已经过期', cancelled: '已经取消了' } as const

/** A meeting that can still be cancelled or moved: scheduled and not yet begun. */
function scheduledMeeting(data: MeetingsData, id: number): { meeting: StoredMeeting } | { problem: string } {
  const found = meetingNumbered(data, id)
  if ('problem' in found) return found
  const { meeting } = found
  if (meeting.status === 'scheduled') return found
  return { problem: `#${id}「${meeting.title}」${STATUS_TEXT[meeting.status]}，不能再取消或改期。` }
}

/** Meetings from being scheduled to being closed, cancelled, moved or left unheld. */
export class MeetingLifecycle {
  constructor(private readonly desk: MeetingDesk) {}

  private twinAt(data: MeetingsData, at: Date, except?: number): StoredMeeting | undefined {
    return data.meetings.find((candidate) => candidate.status === 'scheduled' && candidate.scheduledAt === at.toISOString() && candidate.id !== except)
  }

  private postingText(actor: Actor, at: Date): string {
    const postAt = new Date(at.getTime() - this.desk.settings.agendaLeadMinutes * 60_000)
    return postAt.getTime() <= actor.at.getTime() ? '议程马上发到行政群' : `议程会在 ${clockText(postAt, this.desk.timeZone)} 发到行政群`
  }

  async schedule(actor: Actor, at: Date, title: string): Promise<Outgoing[]> {
    const twin = this.twinAt((await this.desk.document()).data, at)
    if (twin) return this.desk.reply(actor, `这个时间已经安排了「${twin.title}」（编号 ${twin.id}），没有重复安排。发 /会议 列表 查看。`)
    const meeting = await this.desk.change((data) => addMeeting(data, { title, scheduledAt: at.toISOString(), createdBy: actor.name }))
    const collected = meeting.agenda.length ? `（已带上之前收集的 ${meeting.agenda.length} 项）` : ''
    return this.desk.reply(
      actor,
      `已安排会议「${title}」（编号 ${meeting.id}），${meetingTimeText(meeting.scheduledAt, this.desk.timeZone)}。\n` +
        `${this.postingText(actor, at)}；会前可以用 /议程 事项 添加议程${collected}。`,
    )
  }

  /** `/会议 取消 N 原因`: no agenda goes out; the admin group hears of it and the agenda waits for the next meeting. */
  async cancel(actor: Actor, id: number, reason: string): Promise<Outgoing[]> {
    const outcome = await this.desk.change((data) => {
      const found = scheduledMeeting(data, id)
      if ('problem' in found) return found
      return { meeting: found.meeting, carried: dropMeeting(data, found.meeting, 'cancelled', reason || undefined) }
    })
    if ('problem' in outcome) return this.desk.reply(actor, outcome.problem)
    const { meeting, carried } = outcome
    this.desk.app.log.info(`会议 ${id} 已取消 (meeting cancelled)`)
    const lines = [
      `【会议取消】「${meeting.title}」（${meetingTimeText(meeting.scheduledAt, this.desk.timeZone)}）取消了${reason ? `，原因：${reason}` : ''}。（${actor.name}）`,
      ...(carried.length ? [`议程 ${carried.length} 项顺延到下次会议。`] : []),
    ]
    return [...this.desk.toAdminRooms(lines.join('\n')), ...this.desk.acknowledgeOutsideAdminRoom(actor, `已取消「${meeting.title}」，已通知行政群。`)]
  }

  /** `/会议 改期 N 时间`: the agenda is posted again before the new time. */
  async reschedule(actor: Actor, id: number, at: Date): Promise<Outgoing[]> {
    const outcome = await this.desk.change((data) => {
      const found = scheduledMeeting(data, id)
      if ('problem' in found) return found
      const twin = this.twinAt(data, at, id)
      if (twin) return { problem: `这个时间已经安排了「${twin.title}」（编号 ${twin.id}），没有改期。` }
      const { meeting } = found
      const from = meeting.scheduledAt
      if (from === at.toISOString()) return { problem: `「${meeting.title}」本来就是这个时间。` }
      meeting.rescheduledFrom = from
      meeting.scheduledAt = at.toISOString()
      return { meeting, from }
    })
    if ('problem' in outcome) return this.desk.reply(actor, outcome.problem)
    const { meeting, from } = outcome
    const zone = this.desk.timeZone
    const notice = `【会议改期】「${meeting.title}」由 ${meetingTimeText(from, zone)} 改到 ${meetingTimeText(meeting.scheduledAt, zone)}。（${actor.name}）\n${this.postingText(actor, at)}。`
    return [...this.desk.toAdminRooms(notice), ...this.desk.acknowledgeOutsideAdminRoom(actor, `已把「${meeting.title}」改到 ${meetingTimeText(meeting.scheduledAt, zone)}，已通知行政群。`)]
  }

  async start(actor: Actor, adHocTitle: string): Promise<Outgoing[]> {
    const open = openMeeting((await this.desk.document()).data)
    if (open) return this.desk.reply(actor, `「${open.title}」还在进行中，先发 /会议 结束。`)
    const today = this.desk.dateKey(actor.at)
    const meeting = await this.desk.change((data) => {
      const upcoming = upcomingMeeting(data)
      // A meeting scheduled for a later day is not the one being held now.
      const held =
        upcoming && this.desk.dateKey(upcoming.scheduledAt) <= today
          ? upcoming
          : addMeeting(data, { title: adHocTitle || `临时会议（${chineseDate(today)}）`, scheduledAt: actor.at.toISOString(), createdBy: actor.name })
      held.status = 'open'
      held.startedAt = actor.at.toISOString()
      return held
    })
    const agenda = meeting.agenda.length ? ['议程：', ...agendaLines(meeting.agenda)] : ['本次没有预先提交的议程。']
    const text = [
      `「${meeting.title}」开始了（${clockText(actor.at, this.desk.timeZone)}）。`,
      ...agenda,
      ...(this.desk.settings.attendance === 'list' ? ['参会的老师请发 /出席 登记（也可以替别人登记：/出席 姓名 姓名）。'] : []),
      '发 /议题 开始讨论（不写内容就按议程顺序）；/决议 /记录 /待办 记在当前议题下，/撤销 删掉上一条；/会议 结束 后我把纪要发到行政群。',
    ].join('\n')
    return [...this.desk.toAdminRooms(text), ...this.desk.acknowledgeOutsideAdminRoom(actor, `「${meeting.title}」已开始，已通知行政群。`)]
  }

  async end(actor: Actor): Promise<Outgoing[]> {
    const open = openMeeting((await this.desk.document()).data)
    if (!open) return this.desk.reply(actor, NO_OPEN_MEETING)
    const closing = await this.close(open.id, actor.at, false)
    return [...closing, ...this.desk.acknowledgeOutsideAdminRoom(actor, `「${open.title}」已结束，纪要已发到行政群。`)]
  }

  /**
   * Ends a meeting: undiscussed agenda items go to the next meeting (or the queue), the
   * minutes go to the admin group, and owners outside it hear of their action items privately.
   */
  async close(meetingId: number, endedAt: Date, automatic: boolean): Promise<Outgoing[]> {
    const document = await this.desk.document()
    const meeting = await this.desk.change((data) => {
      const closing = data.meetings.find((candidate) => candidate.id === meetingId)
      if (!closing) return undefined
      closing.status = 'closed'
      closing.endedAt = endedAt.toISOString()
      closing.autoClosed = automatic
      carryOver(data, carriedOverAgenda(closing))
      return closing
    })
    if (!meeting) return []
    const actions = actionsOfMeeting(document.data, meeting.id)
    const privateNotices = [...new Set(actions.map((action) => action.owner))]
      .filter((owner) => !this.desk.isAdminMember(owner))
      .map((owner) => {
        const lines = actions.filter((action) => action.owner === owner).map(actionLine)
        return say({ person: owner }, [`你好！「${meeting.title}」会议给你安排了待办：`, ...lines, '完成后请告诉行政群的老师。'].join('\n'))
      })
    return [...this.desk.toAdminRooms(this.desk.minutesOf(meeting, document.data)), ...privateNotices]
  }

  /**
   * A meeting whose day passed without /会议 开始 is recorded as not held and its agenda
   * moves on, silently: nobody needs a message at midnight, and the next agenda says
   * which items were carried over.
   */
  async lapse(meetingId: number): Promise<void> {
    await this.desk.change((data) => {
      const meeting = data.meetings.find((candidate) => candidate.id === meetingId)
      if (meeting) dropMeeting(data, meeting, 'lapsed')
    })
    this.desk.app.log.info(`会议 ${meetingId} 未召开，议程顺延 (meeting not held, agenda carried over)`)
  }
}
