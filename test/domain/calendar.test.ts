import { describe, expect, it } from 'vitest'
import { holidayName, isSkippedDay } from '../../src/domain/calendar.js'

describe('isSkippedDay', () => {
  it('skips nothing with never, the epidemic default', () => {
    for (const day of ['2026-02-07', '2026-02-16', '2026-10-01']) expect(isSkippedDay(day, 'never')).toBe(false)
  })

  it('skips Saturdays and Sundays with weekends, holidays or not', () => {
    expect(isSkippedDay('2026-02-07', 'weekends')).toBe(true)
    expect(isSkippedDay('2026-02-08', 'weekends')).toBe(true)
    expect(isSkippedDay('2026-02-14', 'weekends')).toBe(true)
    expect(isSkippedDay('2026-02-16', 'weekends')).toBe(false)
  })

  it.each([
    ['2026-02-16', '春节（周一）'],
    ['2026-10-01', '国庆节'],
    ['2026-01-01', '元旦'],
    ['2026-02-07', '普通周六'],
  ])('skips %s (%s) with holidays', (day) => {
    expect(isSkippedDay(day, 'holidays')).toBe(true)
  })

  it.each([
    ['2026-02-14', '春节调休的周六'],
    ['2026-02-28', '春节调休的周六'],
    ['2026-01-04', '元旦调休的周日'],
    ['2026-02-03', '普通周二'],
  ])('keeps %s (%s) a working day with holidays', (day) => {
    expect(isSkippedDay(day, 'holidays')).toBe(false)
  })
})

describe('holidayName', () => {
  it('names an official day off and nothing else', () => {
    expect(holidayName('2026-02-16')).toBe('春节')
    expect(holidayName('2026-10-01')).toBe('国庆节')
    expect(holidayName('2026-02-07')).toBeUndefined()
    expect(holidayName('2026-02-14')).toBeUndefined()
  })
})
