import { z } from 'zod'
import { DATE_ARG_EXAMPLES } from '../src/domain/date-arg.js'
import { parseDateRange } from '../src/domain/date-range.js'
import { chineseDate } from '../src/domain/time.js'

export interface Span {
  from: string
  to: string
}

export const RANGE_EXAMPLES = `日期可写${DATE_ARG_EXAMPLES}，范围写 本周、上周 或 2月1日..2月3日`

const parseRange = (today: string, words: string[], ctx: z.RefinementCtx): Span => {
  const range = parseDateRange(words, today)
  if (range.ok) return { from: range.from, to: range.to }
  ctx.addIssue({ code: 'custom', message: range.reason })
  return z.NEVER
}

const rangeWords = z.array(z.string()).max(3, { message: '只能写一个日期或一个日期范围' })

/** A day or a span looking back from today (`/值班 记录 本周`); nothing written is today. */
export const dateRangeArgs = (today: () => string) => rangeWords.transform((words, ctx) => parseRange(today(), words, ctx))

/** As `dateRangeArgs`, but nothing written means `whenEmpty` (this week, or everything). */
export const dateRangeArgsOr = <Empty>(today: () => string, whenEmpty: (today: string) => Empty) =>
  rangeWords.transform((words, ctx): Span | Empty => (words.length ? parseRange(today(), words, ctx) : whenEmpty(today())))

export const spanText = ({ from, to }: Span): string => (from === to ? chineseDate(from) : `${chineseDate(from)}至${chineseDate(to)}`)
