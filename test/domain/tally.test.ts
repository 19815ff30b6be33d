import { describe, expect, it } from 'vitest'
import { Roster } from '../../src/domain/identity.js'
import type { StoredReport } from '../../src/domain/report.js'
import { formatCounts, formatMissingNames, tallySlot } from '../../src/domain/tally.js'
import { person } from './people.js'


const roster = new Roster([
  person('张伟', ['全体教职工群', '行政群']),
  person('王芳', ['全体教职工群', '三年级组'], ['3-2', '三年级2班']),
  person('李娜', ['全体教职工群'], ['1-3', '一年级3班']),
  person('赵磊', ['全体教职工群', '三年级组']),
  person('吴强', ['全体教职工群']),
])

let nextId = 0
function personReport(name: string, slot: string, extra: Partial<StoredReport> = {}, temperature = 36.5): StoredReport {
  nextId += 1
  return {
    id: String(nextId),
    slot,
    at: `2026-02-03T0${nextId % 10}:00:00.000Z`,
    reporter: name,
    late: false,
    abnormal: temperature >= 37.3,
    confirmed: true,
    subject: { kind: 'person', name, temperature, symptoms: [], flags: [] },
    ...extra,
  }
}

function classReport(classKey: string, classLabel: string, slot: string, fever = 0): StoredReport {
  nextId += 1
  return {
    id: String(nextId),
    slot,
    at: '2026-02-03T01:00:00.000Z',
    reporter: '王芳',
    late: false,
    abnormal: fever > 0,
    confirmed: true,
    subject: { kind: 'class', classKey, classLabel, expected: 45, actual: 45, fever, counts: { 湖北: 0, 隔离: 0 } },
  }
}

const base = { roster, dateKey: '2026-02-03', slot: '上午', onLeave: new Set<string>() }

describe('tallySlot', () => {
  it('splits the roster into reported and missing, and classes into summarised and missing', () => {
    const tally = tallySlot({
      ...base,
      reports: [personReport('张伟', '上午'), personReport('王芳', '上午'), classReport('3-2', '三年级2班', '上午'), personReport('吴强', '下午')],
    })
    expect(tally.reported.map((p) => p.name)).toEqual(['张伟', '王芳'])
    expect(tally.missing.map((p) => p.name)).toEqual(['李娜', '赵磊', '吴强'])
    expect(tally.classesReported.map((c) => c.label)).toEqual(['三年级2班'])
    expect(tally.classesMissing).toEqual([{ key: '1-3', label: '一年级3班', teacher: '李娜' }])
  })

  it('takes people on leave out of the expected, and their class with them', () => {
    const tally = tallySlot({ ...base, reports: [], onLeave: new Set(['李娜', '吴强']) })
    expect(tally.expected.map((p) => p.name)).toEqual(['张伟', '王芳', '赵磊'])
    expect(tally.onLeave.map((p) => p.name)).toEqual(['李娜', '吴强'])
    expect(tally.classesExpected.map((c) => c.key)).toEqual(['3-2'])
  })

  it('restricts people, classes and abnormal reports to the members of a group', () => {
    const tally = tallySlot({
      ...base,
      group: '三年级组',
      reports: [personReport('张伟', '上午', {}, 38.1), personReport('赵磊', '上午', {}, 37.5), classReport('1-3', '一年级3班', '上午', 2)],
    })
    expect(tally.expected.map((p) => p.name)).toEqual(['王芳', '赵磊'])
    expect(tally.missing.map((p) => p.name)).toEqual(['王芳'])
    expect(tally.classesExpected.map((c) => c.key)).toEqual(['3-2'])
    expect(tally.abnormal.map((r) => (r.subject.kind === 'person' ? r.subject.name : r.subject.classKey))).toEqual(['赵磊'])
  })

  it('judges abnormal and late by the latest report of each subject only', () => {
    const tally = tallySlot({
      ...base,
      reports: [
        personReport('张伟', '上午', {}, 37.8),
        personReport('张伟', '上午', {}, 36.6),
        personReport('吴强', '上午', { late: true }),
        classReport('3-2', '三年级2班', '上午', 1),
      ],
    })
    expect(tally.abnormal.map((r) => r.subject.kind)).toEqual(['class'])
    expect(tally.late.map((r) => (r.subject.kind === 'person' ? r.subject.name : ''))).toEqual(['吴强'])
  })
})

describe('formatMissingNames / formatCounts', () => {
  it('names the missing people and classes with their teachers', () => {
    const tally = tallySlot({ ...base, reports: [personReport('张伟', '上午'), classReport('3-2', '三年级2班', '上午')], onLeave: new Set(['吴强']) })
    expect(formatMissingNames(tally)).toBe('未报 3 人：王芳、李娜、赵磊\n未交班级汇总 1 个：一年级3班（李娜）')
    expect(formatCounts(tally)).toBe('应报 4 人，已报 1 人，未报 3 人，请假 1 人；班级汇总应交 2 个，已交 1 个')
  })

  it('says which half is complete when only people or only classes are missing', () => {
    const everyone = ['张伟', '王芳', '李娜', '赵磊', '吴强'].map((name) => personReport(name, '上午'))
    expect(formatMissingNames(tallySlot({ ...base, reports: [...everyone, classReport('3-2', '三年级2班', '上午')] }))).toBe(
      '个人已全部上报。\n未交班级汇总 1 个：一年级3班（李娜）',
    )
    const classes = [classReport('3-2', '三年级2班', '上午'), classReport('1-3', '一年级3班', '上午')]
    expect(formatMissingNames(tallySlot({ ...base, reports: [...classes, personReport('张伟', '上午')] }))).toBe(
      '未报 4 人：王芳、李娜、赵磊、吴强\n班级汇总已交齐。',
    )
  })

  it('says when everyone has reported', () => {
    const reports = ['张伟', '王芳', '李娜', '赵磊', '吴强'].map((name) => personReport(name, '上午'))
    const tally = tallySlot({ ...base, reports: [...reports, classReport('3-2', '三年级2班', '上午'), classReport('1-3', '一年级3班', '上午')] })
    expect(formatMissingNames(tally)).toBe('全部已报，班级汇总也已交齐。')
  })
})
