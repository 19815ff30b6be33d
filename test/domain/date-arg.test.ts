import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DATE_ARG_EXAMPLES, dateText, parseDateArg, weekdayOf } from '../../src/domain/date-arg.js'
import { addDays } from '../../src/domain/time.js'

/** A Tuesday: this week is 2月2日 (Monday) to 2月8日 (Sunday). */
const TODAY = '2026-02-03'
const SUNDAY = '2026-02-08'
const FUTURE = { allowFuture: true }

const dayOf = (word: string, today = TODAY, options = {}): string => {
  const parsed = parseDateArg(word, today, options)
  return parsed.ok ? parsed.dateKey : `refused: ${parsed.reason}`
}

describe('parseDateArg looking back (the default)', () => {
  it.each([
    ['今天', '2026-02-03'],
    ['昨天', '2026-02-02'],
    ['前天', '2026-02-01'],
    ['大前天', '2026-01-31'],
    ['2月3日', '2026-02-03'],
    ['2月1号', '2026-02-01'],
    ['1月31日', '2026-01-31'],
    ['2-3', '2026-02-03'],
    ['2/1', '2026-02-01'],
    ['２月２日', '2026-02-02'],
    ['2026-02-03', '2026-02-03'],
    ['2026/1/5', '2026-01-05'],
    ['2026年1月5日', '2026-01-05'],
    ['2025-12-30', '2025-12-30'],
    // the latest such weekday, today included
    ['周一', '2026-02-02'],
    ['周二', '2026-02-03'],
    ['周三', '2026-01-28'],
    ['星期日', '2026-02-01'],
    ['礼拜天', '2026-02-01'],
    ['周7', '2026-02-01'],
    ['上周五', '2026-01-30'],
    ['上个星期日', '2026-02-01'],
    ['上上周一', '2026-01-19'],
    ['本周一', '2026-02-02'],
    ['这周二', '2026-02-03'],
    // the latest such day of the month
    ['3号', '2026-02-03'],
    ['5号', '2026-01-05'],
    ['31号', '2026-01-31'],
  ])('reads %s as %s', (word, dateKey) => {
    expect(dayOf(word)).toBe(dateKey)
  })

  it('puts a month and day later than today in the previous year', () => {
    expect(dayOf('12月30日', '2026-01-05')).toBe('2025-12-30')
  })

  it('crosses month and year boundaries for 昨天 and weekdays', () => {
    expect(dayOf('昨天', '2026-01-01')).toBe('2025-12-31')
    expect(dayOf('上周一', '2026-01-01')).toBe('2025-12-22')
  })

  it.each([
    ['明天', '2月4日还没到，这里只能写今天或以前的日期'],
    ['本周五', '2月6日还没到，这里只能写今天或以前的日期'],
    ['下周一', '2月9日还没到，这里只能写今天或以前的日期'],
    ['2026-02-05', '2月5日还没到，这里只能写今天或以前的日期'],
    ['本周', '“本周”是好几天，这里请写具体哪一天，例如 周三 或 2月3日'],
    ['2月30日', '没有2月30日这一天'],
    ['2026-13-01', '没有2026年13月1日这一天'],
    ['明年', `看不懂日期“明年”，可以写${DATE_ARG_EXAMPLES}`],
    ['上午', `看不懂日期“上午”，可以写${DATE_ARG_EXAMPLES}`],
    ['周八', `看不懂日期“周八”，可以写${DATE_ARG_EXAMPLES}`],
  ])('refuses %s', (word, reason) => {
    expect(dayOf(word)).toBe(`refused: ${reason}`)
  })

  it('explains the examples it accepts', () => {
    expect(DATE_ARG_EXAMPLES).toBe('今天、昨天、周三、下周一、2月3日、2-3 或 2026-02-03')
  })
})

describe('parseDateArg for plans (allowFuture)', () => {
  it.each([
    ['明天', '2026-02-04'],
    ['后天', '2026-02-05'],
    ['大后天', '2026-02-06'],
    // the coming weekday, today included
    ['周二', '2026-02-03'],
    ['周三', '2026-02-04'],
    ['周一', '2026-02-09'],
    ['本周五', '2026-02-06'],
    ['下周一', '2026-02-09'],
    ['下个星期三', '2026-02-11'],
    ['下下周一', '2026-02-16'],
    ['上周五', '2026-01-30'],
    // the coming day of the month
    ['3号', '2026-02-03'],
    ['5号', '2026-02-05'],
    ['2号', '2026-03-02'],
    ['31号', '2026-03-31'],
    // the nearest month and day
    ['2月5日', '2026-02-05'],
    ['1月30日', '2026-01-30'],
  ])('reads %s as %s', (word, dateKey) => {
    expect(dayOf(word, TODAY, FUTURE)).toBe(dateKey)
  })

  it('counts weeks from Monday, as timetables do, even on a Sunday', () => {
    expect(dayOf('下周一', SUNDAY, FUTURE)).toBe('2026-02-09')
    expect(dayOf('周一', SUNDAY, FUTURE)).toBe('2026-02-09')
    expect(dayOf('本周一', SUNDAY, FUTURE)).toBe('2026-02-02')
    expect(dayOf('本周日', SUNDAY, FUTURE)).toBe('2026-02-08')
    expect(dayOf('上周日', SUNDAY, FUTURE)).toBe('2026-02-01')
  })

  it('takes the nearest month and day across new year', () => {
    expect(dayOf('1月4日', '2026-12-28', FUTURE)).toBe('2027-01-04')
    expect(dayOf('12月30日', '2026-01-05', FUTURE)).toBe('2025-12-30')
  })
})

describe('years far from today', () => {
  it.each([
    ['0001-01-01', '0001年1月1日离今天太远了，请检查年份'],
    ['9999-12-31', '9999年12月31日离今天太远了，请检查年份'],
    ['2024-12-31', '2024年12月31日离今天太远了，请检查年份'],
    ['2025-01-01', '2025年1月1日离今天太远了，请检查年份'],
    ['2027年3月1日', '2027年3月1日离今天太远了，请检查年份'],
  ])('refuses %s', (word, reason) => {
    expect(dayOf(word, TODAY, FUTURE)).toBe(`refused: ${reason}`)
    expect(dayOf(word, TODAY)).toBe(`refused: ${reason}`)
  })

  it('accepts a date up to about a year away', () => {
    expect(dayOf('2025-02-03', TODAY)).toBe('2025-02-03')
    expect(dayOf('2027-02-03', TODAY, FUTURE)).toBe('2027-02-03')
  })
})

describe('dateText', () => {
  it('shows the year only when it is not the current one', () => {
    expect(dateText('2026-01-04', '2026-12-28')).toBe('1月4日')
    expect(dateText('2027-01-04', '2026-12-28')).toBe('2027年1月4日')
    expect(dateText('2025-12-30', '2026-01-02')).toBe('2025年12月30日')
  })
})

describe('weekdayOf', () => {
  it('counts from Sunday like Date.getDay', () => {
    expect([SUNDAY, TODAY, '2026-02-07'].map(weekdayOf)).toEqual([0, 2, 6])
  })
})

describe.each(['UTC', 'America/New_York', 'Pacific/Kiritimati'])('on a machine set to %s', (machineZone) => {
  const original = process.env.TZ
  beforeAll(() => {
    process.env.TZ = machineZone
  })
  afterAll(() => {
    process.env.TZ = original
  })

  it('reads dates exactly as in the school zone', () => {
    // The zone switch took effect: Kiritimati is UTC+14, New York UTC-5 in winter.
    expect(new Date('2026-02-03T00:00:00Z').getTimezoneOffset()).toBe({ UTC: 0, 'America/New_York': 300, 'Pacific/Kiritimati': -840 }[machineZone])
    expect(dayOf('下周一', SUNDAY, FUTURE)).toBe('2026-02-09')
    expect(dayOf('周三', TODAY)).toBe('2026-01-28')
    expect(dayOf('昨天', '2026-03-09')).toBe('2026-03-08')
    expect(dayOf('2月3日', TODAY)).toBe('2026-02-03')
  })
})

describe('date grammar properties', () => {
  const todays = fc.integer({ min: -400, max: 400 }).map((offset) => addDays(TODAY, offset))

  it('reads back what dateText writes, for any date within half a year', () => {
    fc.assert(
      fc.property(todays, fc.integer({ min: -183, max: 183 }), (today, offset) => {
        const dateKey = addDays(today, offset)
        expect(dayOf(dateText(dateKey, today), today, FUTURE)).toBe(dateKey)
      }),
    )
  })

  it('puts a bare weekday in the coming week for plans and the past week otherwise', () => {
    fc.assert(
      fc.property(todays, fc.constantFrom(...'一二三四五六日'), (today, name) => {
        const coming = dayOf(`周${name}`, today, FUTURE)
        const last = dayOf(`周${name}`, today)
        expect(coming >= today && coming <= addDays(today, 6)).toBe(true)
        expect(last <= today && last >= addDays(today, -6)).toBe(true)
        expect(weekdayOf(coming)).toBe(weekdayOf(last))
        expect(dayOf(`下周${name}`, today, FUTURE) > dayOf(`本周${name}`, today, FUTURE)).toBe(true)
      }),
    )
  })
})
