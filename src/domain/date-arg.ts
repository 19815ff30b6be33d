import { normalizeText } from './text-normalize.js'
import { addDays } from './time.js'

export type DateArgResult = { ok: true; dateKey: string } | { ok: false; reason: string }

export const DATE_ARG_EXAMPLES = '今天、昨天、2月3日、2-3 或 2026-02-03'

const RELATIVE_DAYS: Readonly<Record<string, number>> = { 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2 }
const FUTURE_DAYS: Readonly<Record<string, number>> = { 明天: 1, 明日: 1, 后天: 2 }
/** With `allowFuture`, a month and day means the occurrence within this many days of today, either way. */
const NEAREST_WITHIN_DAYS = 183
const WITH_YEAR = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*[日号]?$/
const WITHOUT_YEAR = /^(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*[日号]?$/

const pad = (n: number): string => String(n).padStart(2, '0')

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/**
 * A date as people write it in a command, resolved against `todayKey` (YYYY-MM-DD in the
 * school's zone). Without a year it is the latest such date not after today: in January,
 * "12月30日" is last December. With `allowFuture` (planning a leave) 明天/后天 are read too,
 * and a date without a year is the nearest one: on 2月3日, "2月5日" is in two days.
 */
export function parseDateArg(word: string, todayKey: string, options: { allowFuture?: boolean } = {}): DateArgResult {
  const text = normalizeText(word)
  const relative = RELATIVE_DAYS[text] ?? (options.allowFuture ? FUTURE_DAYS[text] : undefined)
  if (relative !== undefined) return { ok: true, dateKey: addDays(todayKey, relative) }
  const thisYear = Number(todayKey.slice(0, 4))
  const full = WITH_YEAR.exec(text)
  const short = full ? undefined : WITHOUT_YEAR.exec(text)
  const parts = full ? [full[1], full[2], full[3]].map(Number) : short ? [thisYear, Number(short[1]), Number(short[2])] : undefined
  if (!parts) return { ok: false, reason: `看不懂日期“${word}”，可以写${DATE_ARG_EXAMPLES}` }
  const [year = thisYear, month = 0, day = 0] = parts
  if (!isRealDate(year, month, day)) return { ok: false, reason: `没有${full ? `${year}年` : ''}${month}月${day}日这一天` }
  const dateKey = `${year}-${pad(month)}-${pad(day)}`
  if (full) return { ok: true, dateKey }
  const inYear = (shift: number): DateArgResult => ({ ok: true, dateKey: `${year + shift}-${pad(month)}-${pad(day)}` })
  if (options.allowFuture) {
    if (dateKey < addDays(todayKey, -NEAREST_WITHIN_DAYS)) return inYear(1)
    return dateKey > addDays(todayKey, NEAREST_WITHIN_DAYS) ? inYear(-1) : inYear(0)
  }
  return dateKey <= todayKey ? inYear(0) : inYear(-1)
}
