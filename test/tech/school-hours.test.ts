import { describe, expect, it } from 'vitest'
import { isSkippedDay } from '../../src/domain/calendar.js'
import { isSchoolTime, schoolMinutesBetween, type SchoolClock } from '../../src/tech/school-hours.js'

const clock: SchoolClock = { hours: { startMinute: 7 * 60 + 30, endMinute: 18 * 60 }, timeZone: 'Asia/Shanghai', isSkipped: (day) => isSkippedDay(day, 'weekends') }
const at = (text: string): Date => new Date(`${text}+08:00`)

describe('school hours', () => {
  it('counts minutes within one school day', () => {
    expect(schoolMinutesBetween(at('2026-02-03T08:00'), at('2026-02-03T08:15'), clock)).toBe(15)
  })

  it('stops the clock at night and before opening', () => {
    expect(schoolMinutesBetween(at('2026-02-03T17:50'), at('2026-02-04T07:40'), clock)).toBe(20)
    expect(schoolMinutesBetween(at('2026-02-03T20:00'), at('2026-02-04T07:30'), clock)).toBe(0)
    expect(schoolMinutesBetween(at('2026-02-03T06:00'), at('2026-02-03T07:45'), clock)).toBe(15)
  })

  it('skips the days the school does not work', () => {
    // Friday 17:00 to Monday 08:30: one hour on Friday, one on Monday.
    expect(schoolMinutesBetween(at('2026-02-06T17:00'), at('2026-02-09T08:30'), clock)).toBe(120)
  })

  it('counts whole days of school time', () => {
    expect(schoolMinutesBetween(at('2026-02-03T07:30'), at('2026-02-04T18:00'), clock)).toBe(2 * 630)
  })

  it('is zero for an end before the start', () => {
    expect(schoolMinutesBetween(at('2026-02-03T09:00'), at('2026-02-03T08:00'), clock)).toBe(0)
  })

  it('tells school time from the rest', () => {
    expect(isSchoolTime(at('2026-02-03T07:30'), clock)).toBe(true)
    expect(isSchoolTime(at('2026-02-03T18:00'), clock)).toBe(false)
    expect(isSchoolTime(at('2026-02-07T10:00'), clock)).toBe(false)
  })
})
