import { encodeChineseNumber } from './chinese-number.js'
import { chineseDateWithWeekday } from './meeting-time.js'
import { clockText, dateKeyOf } from './time.js'

/** Something to discuss, proposed before (or during) a meeting. */
export interface AgendaItem {
  text: string
  /** Roster name of whoever proposed it. */
  proposer: string
  proposedAt: string
  /** Id of the meeting that did not get to it. */
  carriedFrom?: number
}

/** What was recorded during a meeting, in order; decisions, notes and actions belong to the topic before them. */
export type MeetingEntry =
  | { kind: 'topic'; text: string; agendaIndex?: number; by: string; at: string }
  | { kind: 'decision' | 'note'; text: string; by: string; at: string }
  | { kind: 'action'; actionId: number; by: string; at: string }

export type MeetingStatus = 'scheduled' | 'open' | 'closed' | 'lapsed' | 'cancelled'

export interface MeetingRecord {
  id: number
  title: string
  /** ISO instants. */
  scheduledAt: string
  status: MeetingStatus
  startedAt?: string
  endedAt?: string
  /** Closed by the clock at the end of the day, nobody having sent /会议 结束. */
  autoClosed: boolean
  agenda: AgendaItem[]
  entries: MeetingEntry[]
  /** Roster names of admin-group members who spoke while the meeting was open. */
  speakers: string[]
}

/** Who the minutes list, each in the order it should be shown. */
export interface Attendance {
  /** Who was present; undefined when nobody registered attendance. */
  present?: readonly string[]
  speakers: readonly string[]
}

export interface ActionItem {
  /** Numbered across meetings, so `/完成 7` is unambiguous. */
  id: number
  meetingId: number
  owner: string
  text: string
  /** YYYY-MM-DD in the school's zone. */
  due?: string
  createdAt: string
  doneAt?: string
}

/** 1 → 一, 12 → 十二, 23 → 二十三: how topics are numbered in Chinese minutes. */
export const chineseNumber = encodeChineseNumber

export interface TopicView {
  /** 1-based, in the order topics were opened. */
  number: number
  text: string
  agendaIndex?: number
  /** Decisions, notes and action items, in the order they were recorded. */
  lines: Array<{ kind: 'decision' | 'note'; text: string } | { kind: 'action'; actionId: number }>
}

/** The meeting's entries grouped by topic; what was recorded before the first topic is `loose`. */
export function topicsOf(meeting: Pick<MeetingRecord, 'entries'>): { loose: TopicView; topics: TopicView[] } {
  const loose: TopicView = { number: 0, text: '其他事项', lines: [] }
  const topics: TopicView[] = []
  for (const entry of meeting.entries) {
    if (entry.kind === 'topic') {
      topics.push({
        number: topics.length + 1,
        text: entry.text,
        ...(entry.agendaIndex !== undefined ? { agendaIndex: entry.agendaIndex } : {}),
        lines: [],
      })
      continue
    }
    const current = topics.at(-1) ?? loose
    current.lines.push(entry.kind === 'action' ? { kind: 'action', actionId: entry.actionId } : { kind: entry.kind, text: entry.text })
  }
  return { loose, topics }
}

const discussedIndexes = (meeting: Pick<MeetingRecord, 'entries'>): Set<number> =>
  new Set(meeting.entries.flatMap((entry) => (entry.kind === 'topic' && entry.agendaIndex !== undefined ? [entry.agendaIndex] : [])))

/** The first agenda item no topic has taken up yet: agenda items are offered in order. */
export function nextAgendaIndex(meeting: Pick<MeetingRecord, 'agenda' | 'entries'>): number | undefined {
  const discussed = discussedIndexes(meeting)
  const index = meeting.agenda.findIndex((_, i) => !discussed.has(i))
  return index >= 0 ? index : undefined
}

/** Agenda items no topic took up. */
function undiscussedAgenda(meeting: Pick<MeetingRecord, 'agenda' | 'entries'>): AgendaItem[] {
  const discussed = discussedIndexes(meeting)
  return meeting.agenda.filter((_, index) => !discussed.has(index))
}

/** The undiscussed items, ready to be put on the next meeting's agenda. */
export const carriedOverAgenda = (meeting: Pick<MeetingRecord, 'id' | 'agenda' | 'entries'>): AgendaItem[] =>
  undiscussedAgenda(meeting).map((item) => ({ ...item, carriedFrom: meeting.id }))

/** 1. 复课前教室消毒安排（刘洋提出，上次会议顺延） */
export function agendaLines(items: readonly AgendaItem[]): string[] {
  return items.map((item, index) => `${index + 1}. ${item.text}（${item.proposer}提出${item.carriedFrom !== undefined ? '，上次会议顺延' : ''}）`)
}

/** 2月3日（周二）19:30 */
export function meetingTimeText(iso: string, timeZone: string): string {
  const at = new Date(iso)
  return `${chineseDateWithWeekday(dateKeyOf(at, timeZone))}${clockText(at, timeZone)}`
}

/** Posted to the admin group before the meeting. */
export function agendaText(meeting: Pick<MeetingRecord, 'title' | 'scheduledAt' | 'agenda'>, timeZone: string, late = false): string {
  const items = meeting.agenda.length ? agendaLines(meeting.agenda) : ['暂无议程。会前可以用 /议程 事项 补充。']
  return [
    `【会议议程】${meeting.title}${late ? '（补发）' : ''}`,
    `时间：${meetingTimeText(meeting.scheduledAt, timeZone)}`,
    ...items,
    '请准时参加。会上用 /议题 逐项讨论，/决议 /记录 /待办 记在当前议题下。',
  ].join('\n')
}

/** 2月5日（周四）截止 — or that there is none. */
const dueText = (due: string | undefined): string => (due ? `${chineseDateWithWeekday(due)}截止` : '未定截止日期')

/** #3 制定消毒排班表 —— 刘洋，2月5日（周四）截止 */
export const actionLine = (action: ActionItem): string =>
  `#${action.id} ${action.text} —— ${action.owner}，${dueText(action.due)}${action.doneAt ? '，已完成' : ''}`

function timeSpan(meeting: MeetingRecord, timeZone: string): string {
  if (!meeting.startedAt) return `${meetingTimeText(meeting.scheduledAt, timeZone)}（未开始）`
  const start = meetingTimeText(meeting.startedAt, timeZone)
  if (!meeting.endedAt) return `${start} 起（进行中）`
  const end = new Date(meeting.endedAt)
  const sameDay = dateKeyOf(end, timeZone) === dateKeyOf(new Date(meeting.startedAt), timeZone)
  return `${start}—${sameDay ? clockText(end, timeZone) : meetingTimeText(meeting.endedAt, timeZone)}`
}

const LINE_LABELS = { decision: '决议', note: '记录' } as const

function topicBlock(topic: TopicView, heading: string, agenda: readonly AgendaItem[], actions: readonly ActionItem[]): string[] {
  const item = topic.agendaIndex !== undefined ? agenda[topic.agendaIndex] : undefined
  const source = item ? `（议程第${(topic.agendaIndex ?? 0) + 1}项，${item.proposer}提出）` : ''
  const lines = topic.lines.flatMap((line) => {
    if (line.kind !== 'action') return [`  ${LINE_LABELS[line.kind]}：${line.text}`]
    // The full line, with the due date, is in the action items section below.
    const action = actions.find((candidate) => candidate.id === line.actionId)
    return action ? [`  待办：#${action.id} ${action.text}（${action.owner}）`] : []
  })
  return [`${heading}${topic.text}${source}`, ...(lines.length ? lines : ['  （无决议和记录）'])]
}

function attendanceLines({ present, speakers }: Attendance): string[] {
  return [
    `出席：${present ? `${present.join('、')}（共${present.length}人）` : '未登记（会上发 /出席 姓名 登记）'}`,
    `发言：${speakers.length ? speakers.join('、') : '无'}`,
  ]
}

/**
 * The minutes: title, time span, who was present and who spoke, each topic with its
 * decisions and notes, the action items with owner and due date, and the agenda items
 * carried to the next meeting. `actions` are this meeting's.
 */
export function minutesText(meeting: MeetingRecord, actions: readonly ActionItem[], attendance: Attendance, timeZone: string): string {
  const { loose, topics } = topicsOf(meeting)
  const body: string[] = []
  for (const topic of topics) body.push(...topicBlock(topic, `${chineseNumber(topic.number)}、`, meeting.agenda, actions))
  // What was recorded outside any topic goes last, where minutes keep their 其他事项.
  if (loose.lines.length) {
    body.push(...topicBlock(loose, topics.length ? `${chineseNumber(topics.length + 1)}、` : '', meeting.agenda, actions))
  }
  if (!body.length) body.push('本次会议没有记录议题。')
  const carried = meeting.status === 'open' ? [] : undiscussedAgenda(meeting)
  const sections = [
    [
      `【会议纪要】${meeting.title}${meeting.status === 'open' ? '（草稿）' : ''}`,
      `编号：${meeting.id}`,
      `时间：${timeSpan(meeting, timeZone)}`,
      ...attendanceLines(attendance),
    ],
    body,
  ]
  if (actions.length) sections.push(['待办事项：', ...actions.map(actionLine)])
  if (carried.length) sections.push(['未讨论的议程，顺延到下次会议：', ...agendaLines(carried)])
  if (meeting.autoClosed && meeting.endedAt) {
    sections.push([`注：会议没有用 /会议 结束 收尾，已在 ${meetingTimeText(meeting.endedAt, timeZone)} 自动结束。`])
  }
  return sections.map((lines) => lines.join('\n')).join('\n\n')
}
