import { chineseDate } from './time.js'
import { parseDateArg, type DateArgResult } from './date-arg.js'

export type DateRangeResult = { ok: true; from: string; to: string } | { ok: false; reason: string }

/** 2月1日..2月3日, 2月1日至2月3日, 2/1~2/3, 2月1日-2月3日 (a dash only after 日/号: "2-1" is a date). */
const RANGE_SEPARATOR = /\s*(?:\.\.+|…+|[~～至到—]|(?<=[日号])\s*[-－])\s*/

type DateOptions = Parameters<typeof parseDateArg>[2]

/** A separator typed as a word of its own: "2月1日 至 2月3日". */
export const isRangeSeparator = (word: string): boolean => new RegExp(`^${RANGE_SEPARATOR.source}$`).test(word)

/** Splits "起..止" written as one word; undefined when the word is a single date. */
export function splitRange(word: string): [string, string] | undefined {
  const parts = word.split(RANGE_SEPARATOR).filter(Boolean)
  return parts.length === 2 ? [parts[0] as string, parts[1] as string] : undefined
}

function bothDates(fromWord: string, toWord: string, todayKey: string, options: DateOptions): DateRangeResult {
  const from: DateArgResult = parseDateArg(fromWord, todayKey, options)
  if (!from.ok) return from
  const to = parseDateArg(toWord, todayKey, options)
  if (!to.ok) return to
  if (to.dateKey < from.dateKey) {
    return { ok: false, reason: `结束日期${chineseDate(to.dateKey)}早于开始日期${chineseDate(from.dateKey)}` }
  }
  return { ok: true, from: from.dateKey, to: to.dateKey }
}

/**
 * A day or a span as written after a command: nothing (today), one date, "起..止" in one
 * word, or two dates (with 至/到 between them or not).
 */
export function parseDateRange(words: readonly string[], todayKey: string, options: DateOptions = {}): DateRangeResult {
  const text = words.join(' ').trim()
  if (!text) return { ok: true, from: todayKey, to: todayKey }
  const range = splitRange(text) ?? (words.length === 2 ? [words[0] as string, words[1] as string] : undefined)
  if (range) return bothDates(range[0], range[1], todayKey, options)
  if (words.length > 1) return { ok: false, reason: `只能写一个日期或一个日期范围，例如 2月3日 或 2月1日..2月3日` }
  const day = parseDateArg(text, todayKey, options)
  return day.ok ? { ok: true, from: day.dateKey, to: day.dateKey } : day
}
