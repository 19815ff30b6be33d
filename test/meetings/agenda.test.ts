import { describe, expect, it } from 'vitest'
import { addMeeting, dropMeeting, meetingNumbered, removeAgendaItem } from '../../src/meetings/agenda.js'
import type { MeetingsData } from '../../src/meetings/data.js'

const item = (text: string) => ({ text, proposer: '张伟', proposedAt: '2026-02-03T01:00:00.000Z' })
const emptyData = (): MeetingsData => ({ nextMeetingId: 1, nextActionId: 1, meetings: [], queuedAgenda: [], actions: [] })
const fields = (scheduledAt: string) => ({ title: '例会', scheduledAt, createdBy: '张伟' })

describe('meeting agenda changes', () => {
  it('gives a new meeting the queued agenda and numbers meetings in order', () => {
    const data = emptyData()
    data.queuedAgenda.push(item('食堂排班'))
    const first = addMeeting(data, fields('2026-02-03T11:30:00.000Z'))
    const second = addMeeting(data, fields('2026-02-04T11:30:00.000Z'))
    expect([first.id, second.id]).toEqual([1, 2])
    expect(first.agenda.map((entry) => entry.text)).toEqual(['食堂排班'])
    expect(data.queuedAgenda).toEqual([])
  })

  it('moves the agenda of a cancelled meeting to the front of the next one', () => {
    const data = emptyData()
    const cancelled = addMeeting(data, fields('2026-02-03T11:30:00.000Z'))
    cancelled.agenda.push(item('期中检查'))
    const next = addMeeting(data, fields('2026-02-05T11:30:00.000Z'))
    next.agenda.push(item('家长会'))
    const carried = dropMeeting(data, cancelled, 'cancelled', '冲突')
    expect(carried).toEqual([{ ...item('期中检查'), carriedFrom: 1 }])
    expect(next.agenda.map((entry) => entry.text)).toEqual(['期中检查', '家长会'])
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledReason: '冲突' })
  })

  it('removes an agenda item, keeping topics pointed at the items after it, and refuses one under discussion', () => {
    const data = emptyData()
    const meeting = addMeeting(data, fields('2026-02-03T11:30:00.000Z'))
    meeting.agenda.push(item('一'), item('二'), item('三'))
    meeting.entries.push({ kind: 'topic', text: '三', agendaIndex: 2, by: '张伟', at: '2026-02-03T11:31:00.000Z' })
    expect(removeAgendaItem(meeting.agenda, meeting, 3)).toEqual({ problem: '第 3 项“三”已经在会上讨论过，不能删除。' })
    expect(removeAgendaItem(meeting.agenda, meeting, 1)).toEqual({ removed: item('一') })
    expect(meeting.agenda.map((entry) => entry.text)).toEqual(['二', '三'])
    expect(meeting.entries[0]).toMatchObject({ agendaIndex: 1 })
    expect(removeAgendaItem(meeting.agenda, meeting, 4)).toEqual({ problem: '议程里没有第 4 项（共 2 项），发 /议程 查看。' })
  })

  it('says which numbers exist when a meeting number is unknown', () => {
    const data = emptyData()
    expect(meetingNumbered(data, 1)).toEqual({ problem: '没有 #1 这个会议：还没有安排过会议。' })
    addMeeting(data, fields('2026-02-03T11:30:00.000Z'))
    expect(meetingNumbered(data, 7)).toEqual({ problem: '没有 #7 这个会议（目前只有 #1），发 /会议 列表 查看。' })
  })
})
