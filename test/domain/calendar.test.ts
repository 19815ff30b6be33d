import { describe, expect, it } from 'vitest'
import { calendarCoverage, calendarWarningText, holidayName, isSkippedDay } from '../../src/domain/calendar.js'

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

describe('a year the calendar has no data for (2027 in chinese-days 1.5.7)', () => {
  it.each([
    ['2027-01-01', '元旦'],
    ['2027-05-01', '劳动节'],
    ['2027-05-02', '劳动节'],
    ['2027-10-01', '国庆节'],
    ['2027-10-03', '国庆节'],
  ])('names %s as %s', (day, name) => {
    expect(holidayName(day)).toBe(name)
  })

  it('names no other day', () => {
    for (const day of ['2027-01-02', '2027-02-06', '2027-05-03', '2027-10-04']) expect(holidayName(day)).toBeUndefined()
  })

  it.each([
    ['2027-01-01', '元旦，周五'],
    ['2027-10-01', '国庆节，周五'],
    ['2027-01-02', '普通周六'],
    ['2027-01-03', '普通周日'],
  ])('skips %s (%s) with holidays', (day) => {
    expect(isSkippedDay(day, 'holidays')).toBe(true)
  })

  it.each([
    ['2027-01-04', '周一'],
    ['2027-10-04', '周一，国庆节的法定三天之后'],
    ['2027-02-08', '春节初三：农历假日没有数据就认不出'],
  ])('keeps %s (%s) a working day with holidays', (day) => {
    expect(isSkippedDay(day, 'holidays')).toBe(false)
  })

  it('does not touch the official data of a year that has it', () => {
    expect(holidayName('2026-01-02')).toBe('元旦')
    expect(holidayName('2026-05-05')).toBe('劳动节')
    expect(isSkippedDay('2026-10-07', 'holidays')).toBe(true)
    expect(isSkippedDay('2026-10-10', 'holidays')).toBe(false)
  })
})

describe('calendarCoverage', () => {
  it('reports nothing during a year the calendar knows, before December', () => {
    expect(calendarCoverage('2026-01-01').missingYears).toEqual([])
    expect(calendarCoverage('2026-11-30').missingYears).toEqual([])
  })

  it('reports next year from 1 December on', () => {
    expect(calendarCoverage('2026-12-01').missingYears).toEqual([2027])
    expect(calendarCoverage('2026-12-31').missingYears).toEqual([2027])
  })

  it('reports the current year whenever it has no data', () => {
    expect(calendarCoverage('2027-01-01').missingYears).toEqual([2027])
    expect(calendarCoverage('2027-06-15').missingYears).toEqual([2027])
    expect(calendarCoverage('2027-12-01').missingYears).toEqual([2027, 2028])
  })

  it('does not report next year in December when it is already known', () => {
    expect(calendarCoverage('2025-12-01').missingYears).toEqual([])
  })
})

describe('calendarWarningText', () => {
  it('names every missing year, the fallback and the update command', () => {
    const text = calendarWarningText([2027, 2028])
    expect(text).toContain('2027 年、2028 年')
    expect(text).toContain('元旦')
    expect(text).toContain('国庆节 10月1日至3日')
    expect(text).toContain('12 月')
    expect(text).toContain('npm install chinese-days@latest')
  })
})
