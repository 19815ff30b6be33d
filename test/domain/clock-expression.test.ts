import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseClockExpression } from '../../src/domain/clock-expression.js'
import { isoInZone } from '../../src/domain/time.js'

const ZONE = 'Asia/Shanghai'
/** Tuesday 2026-02-03, 10:00 in the school's zone. */
const NOW = new Date('2026-02-03T10:00:00+08:00')

const jump = (text: string, now = NOW, zone = ZONE): string => {
  const parsed = parseClockExpression(text, now, zone)
  return parsed.ok ? isoInZone(parsed.at, zone) : `refused: ${parsed.reason}`
}

describe.each(['UTC', 'America/New_York', 'Asia/Shanghai'])('parseClockExpression on a machine set to %s', (machineZone) => {
  const original = process.env.TZ
  beforeAll(() => {
    process.env.TZ = machineZone
  })
  afterAll(() => {
    process.env.TZ = original
  })

  it('runs in the machine zone it says', () => {
    expect(new Date('2026-02-03T00:00:00Z').getTimezoneOffset()).toBe({ UTC: 0, 'America/New_York': 300, 'Asia/Shanghai': -480 }[machineZone])
  })

  it.each([
    ['明天 8:00', '2026-02-04T08:00:00+08:00'],
    ['明天8:00', '2026-02-04T08:00:00+08:00'],
    ['2月4日 7:00', '2026-02-04T07:00:00+08:00'],
    ['10:00', '2026-02-03T10:00:00+08:00'],
    ['15:30', '2026-02-03T15:30:00+08:00'],
    ['周五 7:00', '2026-02-06T07:00:00+08:00'],
    ['下周一 07:50', '2026-02-09T07:50:00+08:00'],
    ['+2h', '2026-02-03T12:00:00+08:00'],
    ['+30m', '2026-02-03T10:30:00+08:00'],
    ['+1d', '2026-02-04T10:00:00+08:00'],
    ['+1h30m', '2026-02-03T11:30:00+08:00'],
    ['+2小时', '2026-02-03T12:00:00+08:00'],
    ['＋３０ｍ', '2026-02-03T10:30:00+08:00'],
    ['2026-02-04T07:00:00+08:00', '2026-02-04T07:00:00+08:00'],
    ['2026-02-03T23:00:00Z', '2026-02-04T07:00:00+08:00'],
    ['2026-02-04T07:00', '2026-02-04T07:00:00+08:00'],
    ['2026-02-04 07:00:30', '2026-02-04T07:00:30+08:00'],
  ])('%s → %s', (text, expected) => {
    expect(jump(text)).toBe(expected)
  })

  it('reads 12月4日 8:00 as the coming one when it is near', () => {
    expect(jump('12月4日 8:00', new Date('2026-12-02T09:00:00+08:00'))).toBe('2026-12-04T08:00:00+08:00')
  })

  it('reads a time without an offset on the given zone, not the machine', () => {
    const newYork = 'America/New_York'
    const now = new Date('2026-02-03T06:00:00-05:00')
    expect(jump('07:00', now, newYork)).toBe('2026-02-03T07:00:00-05:00')
    expect(jump('2026-02-03T07:00', now, newYork)).toBe('2026-02-03T07:00:00-05:00')
  })
})

describe('parseClockExpression refusals', () => {
  it.each([
    ['8:00', '2月3日（周二）08:00 已经过去了，时钟只能往后拨（现在是 2026-02-03T10:00:00+08:00）'],
    // in February the nearest 12月4日 is last December's
    ['12月4日 8:00', '12月4日（周四）08:00 已经过去了，时钟只能往后拨（现在是 2026-02-03T10:00:00+08:00）'],
    ['昨天 19:30', '2月2日（周一）19:30 已经过去了，时钟只能往后拨（现在是 2026-02-03T10:00:00+08:00）'],
    ['2026-02-03T09:59:00+08:00', '2月3日（周二）09:59 已经过去了，时钟只能往后拨（现在是 2026-02-03T10:00:00+08:00）'],
    ['+400d', '“+400d”拨得太远了，一次最多拨 366 天'],
    ['+99999999999999d', '“+99999999999999d”拨得太远了，一次最多拨 366 天'],
    ['2026-02-30T08:00', '没有“2026-02-30T08:00”这个时刻'],
    ['2026-02-04T25:00', '没有“2026-02-04T25:00”这个时刻'],
    ['明天', '“明天”没有写几点开始'],
    ['9999-01-01 8:00', '9999年1月1日离今天太远了，请检查年份'],
    ['下班后', '看不懂时间“下班后”，可以写明天 8:00、12月4日 8:00、10:00、+2h、+30m、+1d 或 2026-02-03T08:00:00+08:00'],
    ['-2h', '看不懂时间“-2h”，可以写明天 8:00、12月4日 8:00、10:00、+2h、+30m、+1d 或 2026-02-03T08:00:00+08:00'],
    ['', '看不懂时间“”，可以写明天 8:00、12月4日 8:00、10:00、+2h、+30m、+1d 或 2026-02-03T08:00:00+08:00'],
  ])('refuses %j: %s', (text, reason) => {
    expect(jump(text)).toBe(`refused: ${reason}`)
  })
})
