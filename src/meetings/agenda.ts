import { carriedOverAgenda, chineseNumber, nextAgendaIndex, topicsOf, type AgendaItem } from '../domain/minutes.js'
import { openMeeting, upcomingMeeting, type MeetingsData, type StoredMeeting } from './data.js'

/** Pure changes to the meetings data: each takes the data as it is and changes it in place. */

/** A new scheduled meeting; it takes the agenda items waiting for one. */
export function addMeeting(data: MeetingsData, fields: Pick<StoredMeeting, 'title' | 'scheduledAt' | 'createdBy'>): StoredMeeting {
  const meeting: StoredMeeting = {
    id: data.nextMeetingId++,
    ...fields,
    status: 'scheduled',
    autoClosed: false,
    agenda: data.queuedAgenda.splice(0),
    entries: [],
    speakers: [],
    attendees: [],
  }
  data.meetings.push(meeting)
  return meeting
}

/** Carried items go first on the next meeting's agenda: they have waited longest. */
export function carryOver(data: MeetingsData, items: AgendaItem[]): void {
  if (!items.length) return
  const next = upcomingMeeting(data)
  if (next) next.agenda.unshift(...items)
  else data.queuedAgenda.unshift(...items)
}

/** A meeting that will not be held (its day passed, or it was cancelled): its undiscussed agenda moves on. */
export function dropMeeting(data: MeetingsData, meeting: StoredMeeting, status: 'lapsed' | 'cancelled', reason?: string): AgendaItem[] {
  meeting.status = status
  if (reason) meeting.cancelledReason = reason
  const carried = carriedOverAgenda(meeting)
  carryOver(data, carried)
  return carried
}

/** Where agenda items go now: the meeting in progress, else the next one, else the queue. */
export function agendaTarget(data: MeetingsData): { meeting?: StoredMeeting; agenda: AgendaItem[] } {
  const meeting = openMeeting(data) ?? upcomingMeeting(data)
  return meeting ? { meeting, agenda: meeting.agenda } : { agenda: data.queuedAgenda }
}

/**
 * Takes item `number` (1-based) off an agenda. An item already under discussion stays: the
 * minutes refer to it. Topics pointing at later items follow them down one place.
 */
export function removeAgendaItem(
  agenda: AgendaItem[],
  meeting: StoredMeeting | undefined,
  number: number,
): { removed: AgendaItem } | { problem: string } {
  const index = number - 1
  const item = agenda[index]
  if (!item) return { problem: agenda.length ? `议程里没有第 ${number} 项（共 ${agenda.length} 项），发 /议程 查看。` : '议程是空的，没有可删除的。' }
  const topics = meeting?.entries ?? []
  if (topics.some((entry) => entry.kind === 'topic' && entry.agendaIndex === index)) {
    return { problem: `第 ${number} 项“${item.text}”已经在会上讨论过，不能删除。` }
  }
  agenda.splice(index, 1)
  for (const entry of topics) {
    if (entry.kind === 'topic' && entry.agendaIndex !== undefined && entry.agendaIndex > index) entry.agendaIndex -= 1
  }
  return { removed: item }
}

/** Which numbers exist, after "没有 #N": meetings and action items are numbered from 1. */
export const numbersInUse = (largest: number): string => (largest === 1 ? '（目前只有 #1）' : `（编号是 1 到 ${largest}）`)

/** The meeting numbered `id`, or what to say when there is none. */
export function meetingNumbered(data: MeetingsData, id: number): { meeting: StoredMeeting } | { problem: string } {
  const meeting = data.meetings.find((candidate) => candidate.id === id)
  if (meeting) return { meeting }
  const largest = data.nextMeetingId - 1
  if (largest < 1) return { problem: `没有 #${id} 这个会议：还没有安排过会议。` }
  return { problem: `没有 #${id} 这个会议${numbersInUse(largest)}，发 /会议 列表 查看。` }
}

export function latestClosed(data: MeetingsData): StoredMeeting | undefined {
  return data.meetings
    .filter((meeting) => meeting.status === 'closed')
    .reduce<StoredMeeting | undefined>((latest, meeting) => (!latest || (meeting.endedAt ?? '') > (latest.endedAt ?? '') ? meeting : latest), undefined)
}

export function currentTopicLabel(meeting: StoredMeeting): string {
  const current = topicsOf(meeting).topics.at(-1)
  return current ? `议题${chineseNumber(current.number)}：${current.text}` : '未分议题'
}

/**
 * What `/议题` opens: nothing written takes the next agenda item, a number takes that
 * item, the text of an agenda item is that item, anything else is a topic of its own.
 */
export function chooseAgendaItem(meeting: StoredMeeting, text: string): { text: string; agendaIndex?: number } | { problem: string } {
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
