import { describe, expect, it } from 'vitest'
import { Roster } from '../../src/domain/identity.js'
import { DEFAULT_PROFILE } from '../../src/domain/health-parse/index.js'
import type { HealthRules } from '../../src/domain/health-text.js'
import {
  adminTallyText,
  chaseText,
  dailyFileName,
  dailySummaryText,
  groupTallyText,
  rangeFileName,
  rangeSummaryText,
  reminderText,
  tallyMentions,
} from '../../src/domain/reminders.js'
import type { ClassSubject, StoredReport } from '../../src/domain/report.js'
import { tallySlot } from '../../src/domain/tally.js'
import { healthDetailsIn } from '../scenario/health-helpers.js'
import { person } from './people.js'

const STAFF = '全体教职工群'
const DATE = '2026-02-03'


const roster = new Roster([
  person('张伟', [STAFF, '行政群']),
  person('王芳', [STAFF, '三年级组'], ['3-2', '三年级2班']),
  person('李娜', [STAFF], ['1-3', '一年级3班']),
  person('赵磊', [STAFF, '三年级组']),
  person('吴强', [STAFF]),
])

const report = (subject: StoredReport['subject'], extra: Partial<StoredReport> = {}): StoredReport => ({
  id: `${DATE}-${Math.random()}`,
  slot: '上午',
  at: '2026-02-03T01:00:00.000Z',
  reporter: subject.kind === 'person' ? subject.name : '王芳',
  late: false,
  abnormal: false,
  confirmed: true,
  subject,
  ...extra,
})
const healthy = (name: string, extra: Partial<StoredReport> = {}) =>
  report({ kind: 'person', name, temperature: 36.5, symptoms: [], flags: [] }, extra)
const classSummary = (classKey: string, classLabel: string, hubei = 0): ClassSubject => ({
  kind: 'class',
  classKey,
  classLabel,
  expected: 45,
  actual: 44,
  fever: 0,
  counts: { 湖北: hubei, 隔离: 0 },
})

const REPORTS: StoredReport[] = [
  healthy('王芳'),
  report({ kind: 'person', name: '李娜', temperature: 37.8, symptoms: ['咳嗽'], flags: [] }, { abnormal: true }),
  healthy('吴强', { late: true }),
  report(classSummary('3-2', '三年级2班', 1), { abnormal: true }),
]
const tally = (group?: string) =>
  tallySlot({ roster, reports: REPORTS, dateKey: DATE, slot: '上午', onLeave: new Set(['赵磊']), ...(group ? { group } : {}) })

const RULES: HealthRules = { feverThreshold: 37.3, profile: DEFAULT_PROFILE }

describe('reminderText', () => {
  it('gives the deadline and an example of each way to report, the class one in the group’s own class', () => {
    const text = reminderText({ dateKey: DATE, slot: '上午', deadline: '10:00', classLabel: '三年级2班', progress: { reported: 0, expected: 5 }, rules: RULES })
    expect(text.split('\n')).toEqual([
      '【健康上报提醒】2月3日上午',
      '请各位老师在 10:00 前上报上午的体温和健康情况，任选一种写法：',
      '· 个人：体温36.5 无症状 在校',
      '· 班主任另报班级汇总：三年级2班 应报45 实报45 体温异常0 湖北0 隔离0',
      '· 接龙：复制下面两行，每人在末尾加一行“序号. 姓名 体温”，如“1. 张三 36.5”',
      '#接龙',
      '2月3日上午体温',
      '请假的老师不用报。',
    ])
  })

  it('leaves out the class example for a group without class teachers and shows progress once someone has reported', () => {
    const text = reminderText({ dateKey: DATE, slot: '下午', deadline: '16:00', progress: { reported: 3, expected: 5 }, rules: RULES })
    expect(text).not.toContain('班级汇总')
    expect(text).toContain('目前已报 3/5 人。')
  })
})

describe('deadline tallies', () => {
  it('mentions the group’s missing members and the teachers whose class summary is missing, nobody on leave', () => {
    expect(tallyMentions(tally(STAFF))).toEqual(['张伟', '李娜'])
    expect(tallyMentions(tally('三年级组'))).toEqual([])
  })

  it('names the teacher once when both her own report and her class summary are missing', () => {
    const morning = tallySlot({ roster, reports: [], dateKey: DATE, slot: '上午', onLeave: new Set(), group: '三年级组' })
    expect(tallyMentions(morning)).toEqual(['王芳', '赵磊'])
  })

  it('gives a staff group counts and names, never a temperature or symptom', () => {
    const text = groupTallyText(tally(STAFF), '10:00')
    expect(text.split('\n')).toEqual([
      '【健康上报统计】2月3日上午（截至 10:00）',
      '应报 4 人，已报 3 人，未报 1 人，请假 1 人；班级汇总应交 2 个，已交 1 个',
      '未报 1 人：张伟',
      '未交班级汇总 1 个：一年级3班（李娜）',
      '请以上老师尽快补报，截止后的上报同样记录（记为补报）。',
    ])
    expect(healthDetailsIn(text)).toEqual([])
  })

  it('thanks a group where nobody is missing', () => {
    const text = groupTallyText(tally('三年级组'), '10:00')
    expect(text).toContain('全部已报，班级汇总也已交齐。')
    expect(text).toContain('谢谢各位老师！')
    expect(text).not.toContain('补报')
  })

  it('gives the admin group the named lists with the abnormal reports in detail', () => {
    const text = adminTallyText(tally(), { deadline: '10:00', chased: 2, rules: RULES })
    expect(text).toContain('【健康上报统计 · 全校】2月3日上午（截至 10:00）')
    expect(text).toContain('未报 1 人：张伟')
    expect(text).toContain('请假 1 人：赵磊')
    expect(text).toContain('异常 2 条：\n  李娜 37.8℃ ⚠发热、咳嗽\n  三年级2班 应报45 实报44 发热0 湖北1 隔离0 ⚠（王芳）')
    expect(text).toContain('已私聊提醒未报的 2 位老师。')
  })
})

describe('chaseText', () => {
  it('asks for exactly what is missing, with an example of each', () => {
    const both = chaseText({ name: '王芳', dateKey: DATE, slot: '上午', deadline: '10:00', ownMissing: true, classLabel: '三年级2班', rules: RULES })
    expect(both).toBe(
      [
        '王芳老师您好，2月3日上午的健康上报 10:00 已截止，还没有收到您的健康上报和三年级2班的班级汇总。',
        '请直接回复我或在群里补报，例如：',
        '体温36.5 无症状 在校',
        '三年级2班 应报45 实报45 体温异常0 湖北0 隔离0',
      ].join('\n'),
    )
    const classOnly = chaseText({ name: '李娜', dateKey: DATE, slot: '下午', deadline: '16:00', ownMissing: false, classLabel: '一年级3班', rules: RULES })
    expect(classOnly).toContain('还没有收到一年级3班的班级汇总。')
    expect(classOnly).not.toContain('体温36.5')
  })
})

describe('dailySummaryText', () => {
  const school = tally()
  const input = {
    dateKey: DATE,
    slots: [{ tally: school, classSummaries: [classSummary('3-2', '三年级2班', 1)] }],
    rules: RULES,
    followups: { open: 3, openedToday: 1 },
    attachment: dailyFileName(DATE),
  }

  it('gives per slot the counts, names, late reports and classes’ totals, then the abnormal reports and follow-ups', () => {
    expect(dailySummaryText(input).split('\n')).toEqual([
      '【健康日报】2月3日',
      '上午：应报 4 人，已报 3 人，未报 1 人，请假 1 人；班级汇总应交 2 个，已交 1 个',
      '  未报：张伟',
      '  未交班级汇总：一年级3班（李娜）',
      '  补报 1 条',
      '  班级汇总已交 1/2 个班，学生应报 45 实报 44，发热 0，湖北 1，隔离 0',
      '异常 2 条：',
      '  上午 李娜 37.8℃ ⚠发热、咳嗽',
      '  上午 三年级2班 应报45 实报44 发热0 湖北1 隔离0 ⚠（王芳）',
      '跟进中 3 项（今天新增 1 项），发送 /跟进 查看。',
      '明细见附件《健康日报-2026-02-03.xlsx》。',
    ])
  })

  it('adds the sections other areas contribute, skipping empty ones', () => {
    const text = dailySummaryText({
      ...input,
      extraSections: [
        { title: '逾期的会议待办', lines: ['周敏：上传网课课表（2月2日到期）'] },
        { title: '空的', lines: [] },
      ],
    })
    expect(text).toContain('逾期的会议待办：\n  周敏：上传网课课表（2月2日到期）\n明细见附件')
    expect(text).not.toContain('空的')
  })

  it('says so when nothing was abnormal and leaves out follow-ups when none is open', () => {
    const calm = tallySlot({ roster, reports: [healthy('王芳')], dateKey: DATE, slot: '上午', onLeave: new Set() })
    const text = dailySummaryText({ ...input, slots: [{ tally: calm, classSummaries: [] }], followups: { open: 0, openedToday: 0 } })
    expect(text).toContain('今天没有异常。')
    expect(text).not.toContain('跟进')
    expect(text).toContain('  班级汇总已交 0/2 个班\n')
  })
})

describe('rangeSummaryText and file names', () => {
  it('gives one line a day and names the spreadsheet', () => {
    const text = rangeSummaryText({
      from: '2026-02-01',
      to: '2026-02-03',
      days: [{ dateKey: DATE, tallies: [tally()] }],
      attachment: rangeFileName('2026-02-01', '2026-02-03'),
    })
    expect(text.split('\n')).toEqual([
      '【健康汇总】2月1日至2月3日，共 1 天有记录',
      '2月3日：上午已报 3/4 人，异常 2 条',
      '明细见附件《健康汇总-2026-02-01至2026-02-03.xlsx》。',
    ])
  })
})
