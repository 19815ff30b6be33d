import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { leadingDateRange, parseDateRange } from '../../src/domain/date-range.js'

/** A Tuesday: this week is 2月2日 (Monday) to 2月8日 (Sunday). */
const TODAY = '2026-02-03'
const FUTURE = { allowFuture: true }

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
    // weeks run Monday to Sunday; looking back they end today at the latest
    [['上周'], '2026-01-26', '2026-02-01'],
    [['上个星期'], '2026-01-26', '2026-02-01'],
    [['本周'], '2026-02-02', '2026-02-03'],
    [['上周..本周'], '2026-01-26', '2026-02-03'],
    [['上周一', '至', '周三'], '2026-01-26', '2026-01-28'],
    [['周一..周五'], '2026-02-02', '2026-02-03'],
  ])('reads %j as %s to %s', (words, from, to) => {
    expect(parseDateRange(words, TODAY)).toEqual({ ok: true, from, to })
  })

  it.each([
    [['本周'], '2026-02-02', '2026-02-08'],
    [['这周'], '2026-02-02', '2026-02-08'],
    [['下周'], '2026-02-09', '2026-02-15'],
    [['下下周'], '2026-02-16', '2026-02-22'],
    [['下周一..周三'], '2026-02-09', '2026-02-11'],
    [['周五', '周一'], '2026-02-06', '2026-02-09'],
    [['28号..3号'], '2026-02-28', '2026-03-03'],
    [['明天', '到', '下周'], '2026-02-04', '2026-02-15'],
  ])('reads %j for a plan as %s to %s', (words, from, to) => {
    expect(parseDateRange(words, TODAY, FUTURE)).toEqual({ ok: true, from, to })
  })

  it('refuses an end before the start, naming both', () => {
    expect(parseDateRange(['2月3日..2月1日'], TODAY)).toEqual({ ok: false, reason: '结束日期2月1日早于开始日期2月3日' })
    expect(parseDateRange(['2026-01-02..2025-12-30'], TODAY)).toEqual({ ok: false, reason: '结束日期2025年12月30日早于开始日期1月2日' })
  })

  it('passes on what is wrong with either date', () => {
    expect(parseDateRange(['2月1日..2月30日'], TODAY)).toEqual({ ok: false, reason: '没有2月30日这一天' })
    expect(parseDateRange(['0001-01-01..今天'], TODAY)).toEqual({ ok: false, reason: '0001年1月1日离今天太远了，请检查年份' })
    expect(parseDateRange(['上月'], TODAY)).toMatchObject({ ok: false, reason: expect.stringContaining('看不懂日期“上月”') })
  })

  it('refuses a range that has not begun when looking back', () => {
    expect(parseDateRange(['下周'], TODAY)).toEqual({ ok: false, reason: '2月9日还没到，这里只能写今天或以前的日期' })
  })

  it('refuses more words than a range', () => {
    expect(parseDateRange(['2月1日', '2月2日', '2月3日'], TODAY)).toMatchObject({ ok: false, reason: expect.stringContaining('只能写一个日期或一个日期范围') })
  })

  it('knows a separator typed as a word of its own', () => {
    for (const separator of ['至', '到', '..', '~', '～']) {
      expect(parseDateRange(['2月1日', separator, '2月3日'], TODAY)).toEqual({ ok: true, from: '2026-02-01', to: '2026-02-03' })
    }
    expect(parseDateRange(['2月1日', '到外地', '2月3日'], TODAY).ok).toBe(false)
  })
})

describe('leadingDateRange', () => {
  const lead = (words: string[]) => {
    const parsed = leadingDateRange(words, TODAY, FUTURE)
    return parsed.ok ? [parsed.from, parsed.to, parsed.consumedWords] : parsed.reason
  }

  it('takes every leading word that belongs to the dates and leaves the reason', () => {
    expect(lead(['今天', '下周一', '家中有事'])).toEqual(['2026-02-03', '2026-02-09', 2])
    expect(lead(['2月3日', '至', '2月5日', '回老家'])).toEqual(['2026-02-03', '2026-02-05', 3])
    expect(lead(['2月3日..2月5日', '回老家'])).toEqual(['2026-02-03', '2026-02-05', 1])
    expect(lead(['本周', '外出培训'])).toEqual(['2026-02-02', '2026-02-08', 1])
    expect(lead(['今天', '家中有事'])).toEqual(['2026-02-03', '2026-02-03', 1])
    expect(lead(['今天'])).toEqual(['2026-02-03', '2026-02-03', 1])
  })

  it('does not take a reason that starts like a range for a date', () => {
    expect(lead(['今天', '到医院复查'])).toEqual(['2026-02-03', '2026-02-03', 1])
    expect(lead(['今天', '明天', '到医院复查'])).toEqual(['2026-02-03', '2026-02-04', 2])
    expect(lead(['周五', '3号楼施工'])).toEqual(['2026-02-06', '2026-02-06', 1])
  })

  it('reports a refused range of dates rather than making it the reason', () => {
    expect(lead(['2月5日', '2月3日', '回老家'])).toBe('结束日期2月3日早于开始日期2月5日')
    expect(lead(['今天', '2月30日'])).toBe('没有2月30日这一天')
    expect(lead(['9999-01-01', '出差'])).toBe('9999年1月1日离今天太远了，请检查年份')
  })

  it('says what is missing when there is no date', () => {
    expect(lead(['家中有事'])).toEqual(expect.stringContaining('看不懂日期“家中有事”'))
    expect(lead([])).toBe('请写上日期')
  })

  it('consumes exactly the date words before any reason', () => {
    const dates = fc.constantFrom(['今天'], ['下周一'], ['本周'], ['2月3日..2月5日'], ['2月3日', '2月5日'], ['2月3日', '至', '2月5日'], ['周三', '周五'])
    const reason = fc.array(fc.constantFrom('家中有事', '回老家', '到医院复查', '发烧', '孩子生病', '3号楼施工', '至今未愈'), { maxLength: 3 })
    fc.assert(
      fc.property(dates, reason, (dateWords, reasonWords) => {
        const parsed = leadingDateRange([...dateWords, ...reasonWords], TODAY, FUTURE)
        expect(parsed).toMatchObject({ ok: true, consumedWords: dateWords.length })
      }),
    )
  })
})
