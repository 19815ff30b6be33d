import { describe, expect, it } from 'vitest'
import { parseDateArg } from '../../src/domain/date-arg.js'
import { isRangeSeparator, parseDateRange } from '../../src/domain/date-range.js'

const TODAY = '2026-02-03'

describe('parseDateRange', () => {
  it.each([
    [[], '2026-02-03', '2026-02-03'],
    [['2月1日'], '2026-02-01', '2026-02-01'],
    [['2-1'], '2026-02-01', '2026-02-01'],
    [['2月1日..2月3日'], '2026-02-01', '2026-02-03'],
    [['2月1日……2月3日'], '2026-02-01', '2026-02-03'],
    [['2/1~2/3'], '2026-02-01', '2026-02-03'],
    [['2月1日-2月3日'], '2026-02-01', '2026-02-03'],
    [['2月1日至今天'], '2026-02-01', '2026-02-03'],
    [['2月1日', '至', '2月3日'], '2026-02-01', '2026-02-03'],
    [['2月1日', '2月3日'], '2026-02-01', '2026-02-03'],
    [['12月30日..2026-01-02'], '2025-12-30', '2026-01-02'],
  ])('reads %j as %s to %s', (words, from, to) => {
    expect(parseDateRange(words, TODAY)).toEqual({ ok: true, from, to })
  })

  it('refuses an end before the start, naming both', () => {
    expect(parseDateRange(['2月3日..2月1日'], TODAY)).toEqual({ ok: false, reason: '结束日期2月1日早于开始日期2月3日' })
  })

  it('passes on what is wrong with either date', () => {
    expect(parseDateRange(['2月1日..2月30日'], TODAY)).toEqual({ ok: false, reason: '没有2月30日这一天' })
    expect(parseDateRange(['上周'], TODAY)).toMatchObject({ ok: false, reason: expect.stringContaining('看不懂日期“上周”') })
  })

  it('refuses more words than a range', () => {
    expect(parseDateRange(['2月1日', '2月2日', '2月3日'], TODAY)).toMatchObject({ ok: false, reason: expect.stringContaining('只能写一个日期或一个日期范围') })
  })

  it('knows a separator typed as a word of its own', () => {
    expect(['至', '到', '..', '~', '～'].every(isRangeSeparator)).toBe(true)
    expect(['2-3', '到外地', '回老家'].some(isRangeSeparator)).toBe(false)
  })
})

describe('parseDateArg for plans (allowFuture)', () => {
  const FUTURE = { allowFuture: true }

  it('reads 明天 and 后天 only when the future is allowed', () => {
    expect(parseDateArg('明天', TODAY, FUTURE)).toEqual({ ok: true, dateKey: '2026-02-04' })
    expect(parseDateArg('后天', TODAY, FUTURE)).toEqual({ ok: true, dateKey: '2026-02-05' })
    expect(parseDateArg('明天', TODAY)).toMatchObject({ ok: false })
  })

  it('takes the nearest occurrence of a month and day', () => {
    expect(parseDateArg('2月5日', TODAY, FUTURE)).toEqual({ ok: true, dateKey: '2026-02-05' })
    expect(parseDateArg('1月30日', TODAY, FUTURE)).toEqual({ ok: true, dateKey: '2026-01-30' })
    expect(parseDateArg('1月4日', '2026-12-28', FUTURE)).toEqual({ ok: true, dateKey: '2027-01-04' })
    expect(parseDateArg('12月30日', '2026-01-05', FUTURE)).toEqual({ ok: true, dateKey: '2025-12-30' })
  })
})
