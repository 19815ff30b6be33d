import { describe, expect, it } from 'vitest'
import { parseDueDate, parseMeetingTime, parseWallClockTime, pastTimeReason, splitLeadingTime } from '../../src/domain/meeting-time.js'
import { isoInZone } from '../../src/domain/time.js'

const ZONE = 'Asia/Shanghai'
/** Tuesday 2026-02-03, 10:00 in the school's zone. */
const NOW = new Date('2026-02-03T10:00:00+08:00')

const startOf = (text: string, now = NOW, zone = ZONE): string => {
  const parsed = parseMeetingTime(text, now, zone)
  return parsed.ok ? isoInZone(parsed.at, zone) : `refused: ${parsed.reason}`
}

describe('parseMeetingTime', () => {
  it.each([
    ['2月3日19:30', '2026-02-03T19:30:00+08:00'],
    ['2月3日 19:30', '2026-02-03T19:30:00+08:00'],
    ['2月3号 19:30', '2026-02-03T19:30:00+08:00'],
    ['明天 19:30', '2026-02-04T19:30:00+08:00'],
    ['明天19:30', '2026-02-04T19:30:00+08:00'],
    ['今天19:30', '2026-02-03T19:30:00+08:00'],
    ['后天 晚上7点半', '2026-02-05T19:30:00+08:00'],
    ['大后天 下午3点', '2026-02-06T15:00:00+08:00'],
    ['周三 19:30', '2026-02-04T19:30:00+08:00'],
    ['星期天下午三点', '2026-02-08T15:00:00+08:00'],
    ['下周一 上午9点', '2026-02-09T09:00:00+08:00'],
    ['下周二 9:00', '2026-02-10T09:00:00+08:00'],
    ['本周五 16:00', '2026-02-06T16:00:00+08:00'],
    ['2026-02-03 19:30', '2026-02-03T19:30:00+08:00'],
    ['2026/2/4 8:05', '2026-02-04T08:05:00+08:00'],
    ['2026年2月4日 19:30', '2026-02-04T19:30:00+08:00'],
    ['2-3 19:30', '2026-02-03T19:30:00+08:00'],
    ['2/4 19:30', '2026-02-04T19:30:00+08:00'],
    ['２月３日１９：３０', '2026-02-03T19:30:00+08:00'],
    ['明天 １９：３０', '2026-02-04T19:30:00+08:00'],
    ['19:30', '2026-02-03T19:30:00+08:00'],
    ['晚上七点半', '2026-02-03T19:30:00+08:00'],
    ['明天 19点15分', '2026-02-04T19:15:00+08:00'],
    ['明天 7点一刻', '2026-02-04T07:15:00+08:00'],
    ['中午12点半', '2026-02-03T12:30:00+08:00'],
    ['中午1点', '2026-02-03T13:00:00+08:00'],
    ['明天 晚上8点', '2026-02-04T20:00:00+08:00'],
    ['明天 下午两点', '2026-02-04T14:00:00+08:00'],
  ])('%s → %s', (text, expected) => {
    expect(startOf(text)).toBe(expected)
  })

  it.each([
    ['8:00', '2月3日（周二）08:00 已经过去了'],
    ['今天 9:59', '2月3日（周二）09:59 已经过去了'],
    ['今天 10:00', '2月3日（周二）10:00 已经过去了'],
    ['昨天 19:30', '2月2日（周一）19:30 已经过去了'],
    ['周二 9:00', '2月3日（周二）09:00 已经过去了'],
    ['2月1日 19:30', '2月1日（周日）19:30 已经过去了'],
    ['2026-01-20 19:30', '1月20日（周二）19:30 已经过去了'],
  ])('refuses %s as past', (text, reason) => {
    expect(startOf(text)).toBe(`refused: ${reason}`)
  })

  it.each([
    ['明天', '“明天”没有写几点开始'],
    ['2月5日', '“2月5日”没有写几点开始'],
    ['2月30日 19:00', '没有2月30日这一天'],
    ['13月1日 19:00', '没有13月1日这一天'],
    ['25:00', '没有25:00这个时刻'],
    ['明天 19:75', '没有19:75这个时刻'],
    ['9999-01-01 19:00', '9999年1月1日离今天太远了，请检查年份'],
    ['本周 19:00', '“本周”是好几天，这里请写具体哪一天，例如 周三 或 2月3日'],
    ['开会', '看不懂时间“开会”'],
    ['明天 开会', '看不懂时间“明天 开会”'],
    ['', '看不懂时间“”'],
  ])('refuses %j: %s', (text, reason) => {
    expect(startOf(text)).toBe(`refused: ${reason}`)
  })

  it('reads a date without a year as the coming one across new year', () => {
    const newYearsEve = new Date('2026-12-30T10:00:00+08:00')
    expect(startOf('1月3日 9:00', newYearsEve)).toBe('2027-01-03T09:00:00+08:00')
  })

  it('reads the wall clock of the configured zone, not the machine', () => {
    const newYork = 'America/New_York'
    const now = new Date('2026-02-03T10:00:00-05:00')
    expect(startOf('明天 19:30', now, newYork)).toBe('2026-02-04T19:30:00-05:00')
  })
})

describe('parseWallClockTime', () => {
  it('reads a moment that has passed, leaving the refusal to the caller', () => {
    const parsed = parseWallClockTime('8:00', NOW, ZONE)
    expect(parsed.ok && isoInZone(parsed.at, ZONE)).toBe('2026-02-03T08:00:00+08:00')
    expect(pastTimeReason(new Date('2026-02-03T08:00:00+08:00'), ZONE)).toBe('2月3日（周二）08:00 已经过去了')
  })
})

describe('parseDueDate', () => {
  const dueOf = (text: string): string => {
    const parsed = parseDueDate(text, NOW, ZONE)
    return parsed.ok ? parsed.dateKey : `refused: ${parsed.reason}`
  }

  it.each([
    ['2月5日', '2026-02-05'],
    ['2月5日前', '2026-02-05'],
    ['2月5日之前', '2026-02-05'],
    ['明天', '2026-02-04'],
    ['今天', '2026-02-03'],
    ['周五', '2026-02-06'],
    ['周二', '2026-02-03'],
    ['下周一', '2026-02-09'],
    ['2026-02-05', '2026-02-05'],
    ['2-5', '2026-02-05'],
    ['5号', '2026-02-05'],
    ['2号', '2026-03-02'],
    ['31号', '2026-03-31'],
    ['２月１０日', '2026-02-10'],
  ])('%s → %s', (text, expected) => {
    expect(dueOf(text)).toBe(expected)
  })

  it.each([
    ['2月1日', '2月1日（周日） 已经过去了'],
    ['昨天', '2月2日（周一） 已经过去了'],
    ['2月30日', '没有2月30日这一天'],
    ['下个月', '看不懂日期“下个月”，可以写今天、昨天、周三、下周一、2月3日、2-3 或 2026-02-03'],
    ['2月5日 19:30', '看不懂日期“2月5日 19:30”，可以写今天、昨天、周三、下周一、2月3日、2-3 或 2026-02-03'],
  ])('refuses %s', (text, reason) => {
    expect(dueOf(text)).toBe(`refused: ${reason}`)
  })
})

describe('splitLeadingTime', () => {
  const split = (words: string[]) => {
    const parsed = splitLeadingTime(words, NOW, ZONE)
    return parsed.ok ? { at: isoInZone(parsed.at, ZONE), rest: parsed.rest } : { reason: parsed.reason }
  }

  it('takes the longest run of words that reads as a time and leaves the title', () => {
    expect(split(['明天', '19:30', '第三次', '行政会'])).toEqual({ at: '2026-02-04T19:30:00+08:00', rest: ['第三次', '行政会'] })
    expect(split(['后天', '晚上7点半', '复课会'])).toEqual({ at: '2026-02-05T19:30:00+08:00', rest: ['复课会'] })
    expect(split(['2月3日19:30', '复课会'])).toEqual({ at: '2026-02-03T19:30:00+08:00', rest: ['复课会'] })
    expect(split(['2026-02-04', '19:30', '3月份', '工作安排'])).toEqual({ at: '2026-02-04T19:30:00+08:00', rest: ['3月份', '工作安排'] })
  })

  it('explains a time it read but refused rather than calling it unreadable', () => {
    expect(split(['明天', '复课会'])).toEqual({ reason: '“明天”没有写几点开始' })
    expect(split(['今天', '8:00', '复课会'])).toEqual({ reason: '2月3日（周二）08:00 已经过去了' })
    expect(split(['复课会'])).toEqual({ reason: '看不懂时间“复课会”' })
  })
})
