import { describe, expect, it } from 'vitest'
import {
  agendaText,
  carriedOverAgenda,
  chineseNumber,
  minutesText,
  nextAgendaIndex,
  type ActionItem,
  type MeetingRecord,
} from '../../src/domain/minutes.js'

const ZONE = 'Asia/Shanghai'
const at = (clock: string, day = '2026-02-03'): string => new Date(`${day}T${clock}:00+08:00`).toISOString()

const MEETING: MeetingRecord = {
  id: 4,
  title: '复课准备专题会',
  scheduledAt: at('19:30'),
  status: 'closed',
  startedAt: at('19:32'),
  endedAt: at('20:15'),
  autoClosed: false,
  agenda: [
    { text: '复课前教室消毒安排', proposer: '刘洋', proposedAt: at('09:00') },
    { text: '教师线上培训安排', proposer: '张伟', proposedAt: at('09:10'), carriedFrom: 3 },
    { text: '家长会时间', proposer: '陈静', proposedAt: at('10:00') },
  ],
  entries: [
    { kind: 'note', text: '陈静请假，由刘洋代为汇报', by: '张伟', at: at('19:32') },
    { kind: 'topic', text: '复课前教室消毒安排', agendaIndex: 0, by: '张伟', at: at('19:33') },
    { kind: 'note', text: '后勤已采购消毒液 20 桶', by: '张伟', at: at('19:35') },
    { kind: 'decision', text: '周五前完成全部教室消毒', by: '张伟', at: at('19:40') },
    { kind: 'action', actionId: 7, by: '张伟', at: at('19:41') },
    { kind: 'topic', text: '线上教学检查', by: '刘洋', at: at('19:50') },
    { kind: 'decision', text: '每周抽查两次', by: '刘洋', at: at('19:55') },
    { kind: 'action', actionId: 8, by: '刘洋', at: at('19:56') },
    { kind: 'topic', text: '教师线上培训安排', agendaIndex: 1, by: '张伟', at: at('20:05') },
  ],
  speakers: ['刘洋', '张伟'],
}

const ACTIONS: ActionItem[] = [
  { id: 7, meetingId: 4, owner: '刘洋', text: '制定消毒排班表', due: '2026-02-05', createdAt: at('19:41') },
  { id: 8, meetingId: 4, owner: '王芳', text: '整理抽查记录表', createdAt: at('19:56'), doneAt: at('08:00', '2026-02-04') },
]

describe('minutesText', () => {
  it('writes the minutes of a realistic meeting', () => {
    expect(minutesText(MEETING, ACTIONS, { present: ['张伟', '刘洋', '陈静'], speakers: ['张伟', '刘洋'] }, ZONE)).toBe(
      [
        '【会议纪要】复课准备专题会',
        '编号：4',
        '时间：2月3日（周二）19:32—20:15',
        '出席：张伟、刘洋、陈静（共3人）',
        '发言：张伟、刘洋',
        '',
        '一、复课前教室消毒安排（议程第1项，刘洋提出）',
        '  记录：后勤已采购消毒液 20 桶',
        '  决议：周五前完成全部教室消毒',
        '  待办：#7 制定消毒排班表（刘洋）',
        '二、线上教学检查',
        '  决议：每周抽查两次',
        '  待办：#8 整理抽查记录表（王芳）',
        '三、教师线上培训安排（议程第2项，张伟提出）',
        '  （无决议和记录）',
        '四、其他事项',
        '  记录：陈静请假，由刘洋代为汇报',
        '',
        '待办事项：',
        '#7 制定消毒排班表 —— 刘洋，2月5日（周四）截止',
        '#8 整理抽查记录表 —— 王芳，未定截止日期，已完成',
        '',
        '未讨论的议程，顺延到下次会议：',
        '1. 家长会时间（陈静提出）',
      ].join('\n'),
    )
  })

  it('notes a meeting the clock closed at the end of the day', () => {
    const closedByClock: MeetingRecord = { ...MEETING, endedAt: at('23:59'), autoClosed: true, entries: [], agenda: [] }
    expect(minutesText(closedByClock, [], { speakers: [] }, ZONE)).toBe(
      [
        '【会议纪要】复课准备专题会',
        '编号：4',
        '时间：2月3日（周二）19:32—23:59',
        '出席：未登记（会上发 /出席 姓名 登记）',
        '发言：无',
        '',
        '本次会议没有记录议题。',
        '',
        '注：会议没有用 /会议 结束 收尾，已在 2月3日（周二）23:59 自动结束。',
      ].join('\n'),
    )
  })

  it('marks a meeting still in progress as a draft and carries nothing over yet', () => {
    const { endedAt: _ended, ...inProgress } = MEETING
    const text = minutesText({ ...inProgress, status: 'open' }, [], { present: ['张伟'], speakers: ['张伟'] }, ZONE)
    expect(text.split('\n').slice(0, 5)).toEqual([
      '【会议纪要】复课准备专题会（草稿）',
      '编号：4',
      '时间：2月3日（周二）19:32 起（进行中）',
      '出席：张伟（共1人）',
      '发言：张伟',
    ])
    expect(text).not.toContain('顺延')
  })
})

describe('agendaText', () => {
  it('lists the items with their proposers and marks carried ones', () => {
    expect(agendaText(MEETING, ZONE)).toBe(
      [
        '【会议议程】复课准备专题会',
        '时间：2月3日（周二）19:30',
        '1. 复课前教室消毒安排（刘洋提出）',
        '2. 教师线上培训安排（张伟提出，上次会议顺延）',
        '3. 家长会时间（陈静提出）',
        '请准时参加。会上用 /议题 逐项讨论，/决议 /记录 /待办 记在当前议题下。',
      ].join('\n'),
    )
  })

  it('says so when posted late or empty', () => {
    const text = agendaText({ ...MEETING, agenda: [] }, ZONE, true)
    expect(text.split('\n').slice(0, 3)).toEqual([
      '【会议议程】复课准备专题会（补发）',
      '时间：2月3日（周二）19:30',
      '暂无议程。会前可以用 /议程 事项 补充。',
    ])
  })
})

describe('agenda bookkeeping', () => {
  it('offers the first agenda item no topic has taken', () => {
    expect(nextAgendaIndex({ agenda: MEETING.agenda, entries: MEETING.entries.slice(0, 2) })).toBe(1)
    expect(nextAgendaIndex(MEETING)).toBe(2)
    expect(nextAgendaIndex({ ...MEETING, entries: [...MEETING.entries, { kind: 'topic', text: 'x', agendaIndex: 2, by: '张伟', at: at('20:10') }] })).toBeUndefined()
  })

  it('carries undiscussed items over, remembering which meeting missed them', () => {
    expect(carriedOverAgenda(MEETING)).toEqual([{ text: '家长会时间', proposer: '陈静', proposedAt: at('10:00'), carriedFrom: 4 }])
  })

  it('numbers topics in Chinese', () => {
    expect([1, 9, 10, 11, 20, 23, 99].map(chineseNumber)).toEqual(['一', '九', '十', '十一', '二十', '二十三', '九十九'])
  })
})
