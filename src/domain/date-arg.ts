import { normalizeText } from './text-normalize.js'
import { addDays } from './time.js'

/**
 * The one grammar for dates in commands (/请假, /销假, /导出, /明细, /会议). Everything works
 * on date keys (YYYY-MM-DD) of the school's zone, so the machine's zone never matters.
 *
 * chrono-node's zh.hans parser reads several of these forms, but it resolves 周三, 明天 and
 * times on the machine's clock whatever timezone it is given, counts weeks from Sunday
 * (下周一 said on a Sunday is eight days away) and knows neither 本周五, 本周/上周/下周 nor
 * 2/3, so the school's reading is written out here.
 */

export type DateArgResult = { ok: true; dateKey: string } | { ok: false; reason: string }

/** A day or a run of days; `recognised` tells a date that was refused from words that are not a date. */
export type DateSpanResult = { ok: true; from: string; to: string } | { ok: false; reason: string; recognised: boolean }

export interface DateOptions {
  /**
   * Planning (a leave, a meeting): days after today are allowed, 周三 and 5号 are the coming
   * ones and a month and day without a year is the nearest. Otherwise (looking back: /明细,
   * /导出) a span may not start after today and is cut at today.
   */
  allowFuture?: boolean
  /**
   * The end of a range: 周三 and 5号 mean the first such day on or after this one, so that
   * "下周一 至 周三" and "28号..3号" read as people mean them.
   */
  notBefore?: string
}

export const DATE_ARG_EXAMPLES = '今天、昨天、周三、下周一、2月3日、2-3 或 2026-02-03'

/** Dates further from today than this are typos (0001, 9999), never a real leave or meeting. */
const MAX_DAYS_FROM_TODAY = 366
/** With `allowFuture`, a month and day means the occurrence within this many days of today, either way. */
const NEAREST_WITHIN_DAYS = 183

const RELATIVE_DAYS: Readonly<Record<string, number>> = {
  大前天: -3,
  前天: -2,
  昨天: -1,
  昨日: -1,
  今天: 0,
  今日: 0,
  明天: 1,
  明日: 1,
  后天: 2,
  大后天: 3,
}
/** 上上周 … 下下周, counted in Monday-based weeks as school timetables are. */
const WEEK_OFFSETS: Readonly<Record<string, number>> = { 上上: -2, 上: -1, 这: 0, 本: 0, 下: 1, 下下: 2 }
/** Monday = 0 … Sunday = 6. */
const WEEKDAY_INDEX: Readonly<Record<string, number>> = { 一: 0, 二: 1, 三: 2, 四: 3, 五: 4, 六: 5, 日: 6, 天: 6, 1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6 }

const WEEK_PREFIX = '(上上|上|下下|下|这|本)'
const WEEK = new RegExp(`^${WEEK_PREFIX}个?(?:周|星期|礼拜)$`)
const WEEKDAY = new RegExp(`^(?:${WEEK_PREFIX}个?)?(?:周|星期|礼拜)([一二三四五六日天1-7])$`)
const DAY_OF_MONTH = /^(\d{1,2})[日号]$/
const WITH_YEAR = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*[日号]?$/
const WITHOUT_YEAR = /^(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*[日号]?$/

const pad = (n: number): string => String(n).padStart(2, '0')
const keyOf = (year: number, month: number, day: number): string => `${year}-${pad(month)}-${pad(day)}`
const partsOf = (dateKey: string): [number, number, number] => dateKey.split('-').map(Number) as [number, number, number]

/** 0 = Sunday, like Date.getDay. */
export function weekdayOf(dateKey: string): number {
  const [year, month, day] = partsOf(dateKey)
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay()
}

const mondayOf = (dateKey: string): string => addDays(dateKey, -((weekdayOf(dateKey) + 6) % 7))

function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = partsOf(from)
  const [y2, m2, d2] = partsOf(to)
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000)
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** 1月4日 this year, 2027年1月4日 in any other: how a date is shown back to people. */
export function dateText(dateKey: string, todayKey: string): string {
  const [year, month, day] = partsOf(dateKey)
  const yearText = dateKey.slice(0, 4) === todayKey.slice(0, 4) ? '' : `${year}年`
  return `${yearText}${month}月${day}日`
}

type Span = { from: string; to: string }
type Resolved = Span | { refused: string }

const day = (dateKey: string): Span => ({ from: dateKey, to: dateKey })

/** Weekdays and days of the month repeat; which occurrence is meant depends on the command. */
function occurrence(candidates: (offset: number) => string | undefined, today: string, options: DateOptions): string | undefined {
  const onOrAfter = options.notBefore ?? (options.allowFuture ? today : undefined)
  // Two steps either way always reach an existing day: a 31st is never three months apart.
  const steps = onOrAfter ? [0, 1, 2] : [0, -1, -2]
  for (const step of steps) {
    const key = candidates(step)
    if (key && (onOrAfter ? key >= onOrAfter : key <= today)) return key
  }
  return undefined
}

function weekdayDate(prefix: string | undefined, weekday: number, today: string, options: DateOptions): string {
  if (prefix) return addDays(mondayOf(today), (WEEK_OFFSETS[prefix] ?? 0) * 7 + weekday)
  const reference = options.notBefore ?? today
  return occurrence((weeks) => addDays(mondayOf(reference), weeks * 7 + weekday), today, options) ?? reference
}

function dayOfMonthDate(dayOfMonth: number, today: string, options: DateOptions): Resolved {
  const [year, month] = partsOf(options.notBefore ?? today)
  const inMonth = (months: number): string | undefined => {
    const first = new Date(Date.UTC(year, month - 1 + months, 1))
    const [y, m] = [first.getUTCFullYear(), first.getUTCMonth() + 1]
    return isRealDate(y, m, dayOfMonth) ? keyOf(y, m, dayOfMonth) : undefined
  }
  const key = occurrence(inMonth, today, options)
  return key ? day(key) : { refused: `没有${dayOfMonth}号这一天` }
}

function calendarDate(year: number, month: number, dayOfMonth: number, today: string, hasYear: boolean, options: DateOptions): Resolved {
  const thisYear = Number(today.slice(0, 4))
  const written = `${hasYear ? `${String(year).padStart(4, '0')}年` : ''}${month}月${dayOfMonth}日`
  const tooFar = { refused: `${written}离今天太远了，请检查年份` }
  // Checked before the calendar: Date.UTC reads years 0–99 as 1900–1999.
  if (Math.abs(year - thisYear) > 1) return tooFar
  if (!isRealDate(year, month, dayOfMonth)) return { refused: `没有${written}这一天` }
  const dateKey = keyOf(year, month, dayOfMonth)
  if (hasYear) return Math.abs(daysBetween(today, dateKey)) > MAX_DAYS_FROM_TODAY ? tooFar : day(dateKey)
  const inYear = (shift: number): Resolved =>
    isRealDate(year + shift, month, dayOfMonth) ? day(keyOf(year + shift, month, dayOfMonth)) : { refused: `${year + shift}年没有${month}月${dayOfMonth}日` }
  if (options.allowFuture) {
    if (dateKey < addDays(today, -NEAREST_WITHIN_DAYS)) return inYear(1)
    return dateKey > addDays(today, NEAREST_WITHIN_DAYS) ? inYear(-1) : inYear(0)
  }
  return dateKey <= today ? inYear(0) : inYear(-1)
}

/** What the words mean, before checking it against what the command allows; undefined when they are not a date. */
function resolve(text: string, today: string, options: DateOptions): Resolved | undefined {
  const relative = RELATIVE_DAYS[text]
  if (relative !== undefined) return day(addDays(today, relative))
  const week = WEEK.exec(text)
  if (week) {
    const monday = addDays(mondayOf(today), (WEEK_OFFSETS[week[1] ?? ''] ?? 0) * 7)
    return { from: monday, to: addDays(monday, 6) }
  }
  const weekday = WEEKDAY.exec(text)
  if (weekday) return day(weekdayDate(weekday[1], WEEKDAY_INDEX[weekday[2] ?? ''] ?? 0, today, options))
  const dayOfMonth = DAY_OF_MONTH.exec(text)
  if (dayOfMonth) return dayOfMonthDate(Number(dayOfMonth[1]), today, options)
  const full = WITH_YEAR.exec(text)
  if (full) return calendarDate(Number(full[1]), Number(full[2]), Number(full[3]), today, true, options)
  const short = WITHOUT_YEAR.exec(text)
  if (short) return calendarDate(Number(today.slice(0, 4)), Number(short[1]), Number(short[2]), today, false, options)
  return undefined
}

/**
 * Checks a span against the command: looking back (no `allowFuture`), a span may not start
 * after today and ends today at the latest (本周 is Monday up to today).
 */
export function boundSpan(span: Span, today: string, options: DateOptions): DateSpanResult {
  if (options.allowFuture) return { ok: true, ...span }
  if (span.from > today) return { ok: false, reason: `${dateText(span.from, today)}还没到，这里只能写今天或以前的日期`, recognised: true }
  return { ok: true, from: span.from, to: span.to > today ? today : span.to }
}

/**
 * One word of a date: a day (今天, 周三, 下周一, 5号, 2月3日, 2-3, 2026-02-03) or a week
 * (本周, 上周, 下周), before it is checked against the command (see boundSpan).
 */
export function parseDateSpan(word: string, todayKey: string, options: DateOptions = {}): DateSpanResult {
  const resolved = resolve(normalizeText(word), todayKey, options)
  if (!resolved) return { ok: false, reason: `看不懂日期“${word}”，可以写${DATE_ARG_EXAMPLES}`, recognised: false }
  if ('refused' in resolved) return { ok: false, reason: resolved.refused, recognised: true }
  return { ok: true, ...resolved }
}

/**
 * A single day as people write it in a command, resolved against `todayKey` (YYYY-MM-DD in
 * the school's zone). Looking back (the default), a date without a year is the latest such
 * date not after today: in January, "12月30日" is last December, 周三 is the last Wednesday.
 * With `allowFuture` (planning a leave or a meeting), 周三 and 5号 are the coming ones and a
 * month and day is the nearest: on 2月3日, "2月5日" is in two days.
 */
export function parseDateArg(word: string, todayKey: string, options: DateOptions = {}): DateArgResult {
  const span = parseDateSpan(word, todayKey, options)
  if (!span.ok) return { ok: false, reason: span.reason }
  if (span.from !== span.to) return { ok: false, reason: `“${word}”是好几天，这里请写具体哪一天，例如 周三 或 2月3日` }
  const bounded = boundSpan(span, todayKey, options)
  return bounded.ok ? { ok: true, dateKey: bounded.from } : { ok: false, reason: bounded.reason }
}
