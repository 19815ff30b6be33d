import { describe, expect, it } from 'vitest'
import { parseDateArg } from '../../src/domain/date-arg.js'

const TODAY = '2026-02-03'

describe('parseDateArg', () => {
  it.each([
    ['今天', '2026-02-03'],
    ['昨天', '2026-02-02'],
    ['前天', '2026-02-01'],
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
  ])('reads %s as %s', (word, dateKey) => {
    expect(parseDateArg(word, TODAY)).toEqual({ ok: true, dateKey })
  })

  it('puts a month and day later than today in the previous year', () => {
    expect(parseDateArg('12月30日', '2026-01-05')).toEqual({ ok: true, dateKey: '2025-12-30' })
  })

  it('crosses month and year boundaries for 昨天', () => {
    expect(parseDateArg('昨天', '2026-01-01')).toEqual({ ok: true, dateKey: '2025-12-31' })
  })

  it.each([
    ['2月30日', '没有2月30日这一天'],
    ['2026-13-01', '没有2026年13月1日这一天'],
    ['明年', '看不懂日期“明年”，可以写今天、昨天、2月3日、2-3 或 2026-02-03'],
    ['上午', '看不懂日期“上午”，可以写今天、昨天、2月3日、2-3 或 2026-02-03'],
  ])('rejects %s', (word, reason) => {
    expect(parseDateArg(word, TODAY)).toEqual({ ok: false, reason })
  })
})
