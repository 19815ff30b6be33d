import { boundSpan, dateText, parseDateSpan, type DateOptions, type DateSpanResult } from './date-arg.js'

export type DateRangeResult = { ok: true; from: string; to: string } | { ok: false; reason: string }
export type LeadingDateRange = { ok: true; from: string; to: string; consumedWords: number } | { ok: false; reason: string }

/** 2月1日..2月3日, 2月1日至2月3日, 2/1~2/3, 2月1日-2月3日 (a dash only after 日/号: "2-1" is a date). */
const RANGE_SEPARATOR = /\s*(?:\.\.+|…+|[~～至到—]|(?<=[日号])\s*[-－])\s*/

const ONE_DATE_OR_RANGE = '只能写一个日期或一个日期范围，例如 2月3日、本周 或 2月1日..2月3日'

/** A range takes at most three words: "2月1日 至 2月3日". */
const MAX_RANGE_WORDS = 3

/** Splits "起..止" written as one word; undefined when the word is a single date. */
function splitRange(word: string): [string, string] | undefined {
  const parts = word.split(RANGE_SEPARATOR).filter(Boolean)
  return parts.length === 2 ? [parts[0] as string, parts[1] as string] : undefined
}

/** From the start of the first date to the end of the second; 周三 after 下周一 is the Wednesday after it. */
function bothDates(fromWord: string, toWord: string, todayKey: string, options: DateOptions): DateSpanResult {
  const from = parseDateSpan(fromWord, todayKey, options)
  const to = parseDateSpan(toWord, todayKey, from.ok ? { ...options, notBefore: from.from } : options)
  // Only a range made of dates is a refused range; "今天 回老家" is a date and a reason.
  if (!from.ok) return { ...from, recognised: from.recognised && (to.ok || to.recognised) }
  if (!to.ok) return to
  if (to.to < from.from) {
    return { ok: false, reason: `结束日期${dateText(to.to, todayKey)}早于开始日期${dateText(from.from, todayKey)}`, recognised: true }
  }
  return boundSpan({ from: from.from, to: to.to }, todayKey, options)
}

/** The words as one date or one range: "起..止" in one word, two dates with or without 至/到 between them. */
function rangeOf(words: readonly string[], todayKey: string, options: DateOptions): DateSpanResult {
  const text = words.join(' ').trim()
  const range = splitRange(text) ?? (words.length === 2 ? [words[0] as string, words[1] as string] : undefined)
  if (range) return bothDates(range[0], range[1], todayKey, options)
  if (words.length > 1) return { ok: false, reason: ONE_DATE_OR_RANGE, recognised: false }
  const span = parseDateSpan(text, todayKey, options)
  return span.ok ? boundSpan(span, todayKey, options) : span
}

/**
 * A day or a span as written after a command: nothing (today), one date or week, "起..止"
 * in one word, or two dates (with 至/到 between them or not).
 */
export function parseDateRange(words: readonly string[], todayKey: string, options: DateOptions = {}): DateRangeResult {
  if (!words.join('').trim()) return { ok: true, from: todayKey, to: todayKey }
  const range = rangeOf(words, todayKey, options)
  return range.ok ? { ok: true, from: range.from, to: range.to } : { ok: false, reason: range.reason }
}

/**
 * The date or range that the words start with, and how many words it took, so that the
 * rest can be a reason: "今天 下周一 家中有事" is today to next Monday, two words. The longest
 * reading wins; a longer one made only of dates that is refused (an end before its start,
 * 2月30日) is reported rather than turned into part of the reason.
 */
export function leadingDateRange(words: readonly string[], todayKey: string, options: DateOptions = {}): LeadingDateRange {
  let shortest: DateSpanResult = { ok: false, reason: '请写上日期', recognised: false }
  for (let count = Math.min(MAX_RANGE_WORDS, words.length); count >= 1; count--) {
    shortest = rangeOf(words.slice(0, count), todayKey, options)
    if (shortest.ok) return { ok: true, from: shortest.from, to: shortest.to, consumedWords: count }
    if (shortest.recognised) return { ok: false, reason: shortest.reason }
  }
  return { ok: false, reason: shortest.reason }
}
