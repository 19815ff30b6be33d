import { describe, expect, it } from 'vitest'
import { DayIndex, fingerprint } from '../../src/domain/day-index.js'
import type { StoredReport } from '../../src/domain/report.js'

const DAY = '2026-02-03'
const report = (id: number, name: string, temperature: number, slot = '上午'): StoredReport => ({
  id: `${DAY}-${id}`,
  slot,
  at: '2026-02-03T00:00:00.000Z',
  reporter: name,
  late: false,
  abnormal: false,
  confirmed: false,
  subject: { kind: 'person', name, temperature, symptoms: [], flags: [] },
})

describe('DayIndex', () => {
  it('knows each subject’s current report per slot, every content seen, and the next id above any left', () => {
    const reports = [report(1, '王芳', 36.5), report(4, '王芳', 36.8), report(2, '李娜', 36.6, '下午')]
    const index = new DayIndex(DAY, reports)
    expect(index.currentOf('上午', reports[0]!.subject)?.id).toBe(`${DAY}-4`)
    expect(index.currentOf('下午', reports[0]!.subject)).toBeUndefined()
    expect(index.seenInSlot('上午', report(9, '王芳', 36.5).subject)).toBe(true)
    expect(index.seenInSlot('下午', report(9, '王芳', 36.5).subject)).toBe(false)
    expect([...index.currentIn('上午').keys()]).toEqual(['person:王芳'])
    expect(index.nextId()).toBe(`${DAY}-5`)
  })

  it('follows reports added through it, and notices changes made behind its back', () => {
    const reports = [report(1, '王芳', 36.5)]
    const index = new DayIndex(DAY, reports)
    const added = report(2, '李娜', 36.6)
    reports.push(added)
    index.add(added)
    expect(index.describes(reports)).toBe(true)
    expect(index.currentOf('上午', added.subject)).toBe(added)
    reports.push(report(3, '张伟', 36.7))
    expect(index.describes(reports)).toBe(false)
    expect(index.describes(reports.slice())).toBe(false)
  })

  it('takes the same content for the same fingerprint, whatever the key order', () => {
    const subject = report(1, '王芳', 36.5).subject
    const reordered = { flags: [], symptoms: [], temperature: 36.5, name: '王芳', kind: 'person' as const }
    expect(fingerprint(reordered)).toBe(fingerprint(subject))
    expect(fingerprint({ ...reordered, temperature: 36.6 })).not.toBe(fingerprint(subject))
  })
})
