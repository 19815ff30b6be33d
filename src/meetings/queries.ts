import type { ReportFigure, SummarySection } from '../app/types.js'
import { actionLine, agendaLines, agendaText, meetingTimeText } from '../domain/minutes.js'
import { chineseDate } from '../domain/time.js'
import type { Outgoing } from '../domain/types.js'
import { agendaTarget, latestClosed, meetingNumbered } from './agenda.js'
import { openMeeting, type StoredMeeting } from './data.js'
import type { Actor, MeetingDesk } from './desk.js'

const RECENT_MEETINGS_LISTED = 20

/** What the meetings data shows: agendas, the list, minutes, open action items, summary lines and figures. */
export class MeetingQueries {
  constructor(private readonly desk: MeetingDesk) {}

  async showAgenda(actor: Actor): Promise<Outgoing[]> {
    const { meeting, agenda } = agendaTarget((await this.desk.document()).data)
    const heading = meeting
      ? `「${meeting.title}」（${meetingTimeText(meeting.startedAt ?? meeting.scheduledAt, this.desk.timeZone)}${meeting.status === 'open' ? '，进行中' : ''}）的议程：`
      : '还没有安排会议。已收集的议程：'
    const body = agenda.length ? agendaLines(agenda) : ['（暂无）']
    return this.desk.reply(actor, [heading, ...body, '添加：/议程 事项；删除：/议程 删除 编号'].join('\n'))
  }

  async list(actor: Actor): Promise<Outgoing[]> {
    const { data } = await this.desk.document()
    const zone = this.desk.timeZone
    const line = (meeting: StoredMeeting, detail: string): string => `${meeting.id} · ${detail} · ${meeting.title}`
    const sections: string[] = []
    const open = openMeeting(data)
    if (open) sections.push(`进行中：\n${line(open, `${meetingTimeText(open.startedAt ?? open.scheduledAt, zone)} 起`)}`)
    const upcoming = data.meetings
      .filter((meeting) => meeting.status === 'scheduled')
      .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt))
      .map((meeting) => `${line(meeting, meetingTimeText(meeting.scheduledAt, zone))}（议程 ${meeting.agenda.length} 项）`)
    if (upcoming.length) sections.push(`待召开：\n${upcoming.join('\n')}`)
    const past = data.meetings
      .filter((meeting) => meeting.status === 'closed' || meeting.status === 'lapsed' || meeting.status === 'cancelled')
      .sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt))
    const pastLines = past.slice(0, RECENT_MEETINGS_LISTED).map((meeting) => {
      if (meeting.status === 'lapsed') return `${line(meeting, meetingTimeText(meeting.scheduledAt, zone))}（未召开）`
      if (meeting.status === 'cancelled') return `${line(meeting, meetingTimeText(meeting.scheduledAt, zone))}（已取消）`
      const decisions = meeting.entries.filter((entry) => entry.kind === 'decision').length
      const actions = meeting.entries.filter((entry) => entry.kind === 'action').length
      return `${line(meeting, meetingTimeText(meeting.startedAt ?? meeting.scheduledAt, zone))}（决议 ${decisions} 条，待办 ${actions} 项）`
    })
    if (pastLines.length) {
      const more = past.length > pastLines.length ? `\n（另有更早的 ${past.length - pastLines.length} 次）` : ''
      sections.push(`过往会议：\n${pastLines.join('\n')}${more}`)
    }
    if (!sections.length) return this.desk.reply(actor, '还没有会议。用 /会议 新建 时间 标题 安排一次，例如 /会议 新建 明天 19:30 行政例会')
    return this.desk.reply(actor, `会议列表（编号 · 时间 · 标题）：\n${sections.join('\n')}\n发 /纪要 编号 查看纪要。`)
  }

  async minutes(actor: Actor, meetingId: number | undefined): Promise<Outgoing[]> {
    const { data } = await this.desk.document()
    const found = meetingId !== undefined ? meetingNumbered(data, meetingId) : { meeting: openMeeting(data) ?? latestClosed(data) }
    if ('problem' in found) return this.desk.reply(actor, found.problem)
    const { meeting } = found
    if (!meeting) return this.desk.reply(actor, '还没有开完的会议，暂无纪要。')
    if (meeting.status === 'scheduled') {
      return this.desk.reply(actor, `「${meeting.title}」还没有开，暂无纪要。目前的议程：\n${agendaText(meeting, this.desk.timeZone)}`)
    }
    if (meeting.status === 'cancelled') {
      return this.desk.reply(actor, `「${meeting.title}」已取消${meeting.cancelledReason ? `（${meeting.cancelledReason}）` : ''}，没有纪要。`)
    }
    return this.desk.reply(actor, this.desk.minutesOf(meeting, data))
  }

  async openActions(actor: Actor): Promise<Outgoing[]> {
    const { data } = await this.desk.document()
    const today = this.desk.dateKey(actor.at)
    const open = data.actions.filter((action) => !action.doneAt).sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.id - b.id)
    if (!open.length) return this.desk.reply(actor, '没有未完成的待办。')
    const lines = open.map((action) => {
      const flag = !action.due ? '' : action.due < today ? '（已逾期）' : action.due === today ? '（今天到期）' : ''
      return `${actionLine(action)}${flag}`
    })
    return this.desk.reply(actor, [`未完成的待办（${open.length} 项）：`, ...lines, '完成后发 /完成 编号。'].join('\n'))
  }

  /** Open action items due before `todayKey`, earliest first, for the daily summary. */
  async overdueSection(todayKey: string): Promise<SummarySection[]> {
    const overdue = (await this.desk.document()).data.actions
      .filter((action) => !action.doneAt && action.due && action.due < todayKey)
      .sort((a, b) => (a.due ?? '').localeCompare(b.due ?? '') || a.id - b.id)
    if (!overdue.length) return []
    return [{ title: `逾期待办 ${overdue.length} 项`, lines: overdue.map((item) => `#${item.id} ${item.owner}：${item.text}（截止 ${chineseDate(item.due ?? '')}）`) }]
  }

  /** Meetings held in a span, with their decisions and action items, for the upward report. */
  async figures(from: string, to: string): Promise<ReportFigure[]> {
    const { data } = await this.desk.document()
    const held = data.meetings.filter((meeting) => {
      if (meeting.status !== 'closed' || !meeting.startedAt) return false
      const day = this.desk.dateKey(meeting.startedAt)
      return from <= day && day <= to
    })
    const count = (kind: string) => held.reduce((total, meeting) => total + meeting.entries.filter((entry) => entry.kind === kind).length, 0)
    return [
      { label: '召开会议', value: held.length },
      { label: '形成决议', value: count('decision') },
      { label: '布置待办', value: count('action') },
    ]
  }
}
