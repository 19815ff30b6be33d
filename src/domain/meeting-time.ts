import { decodeChineseNumber } from './chinese-number.js'
import { parseDateArg, weekdayOf } from './date-arg.js'
import { normalizeText } from './text-normalize.js'
import { chineseDate, localTime, zonedDate } from './time.js'

/** 周日 … 周六, indexed like `weekdayOf`. */
const WEEKDAY_NAMES = ['日', '一', '二', '三', '四', '五', '六'] as const

/** 2月3日（周二） */
export const chineseDateWithWeekday = (dateKey: string): string =>
  `${chineseDate(dateKey)}（周${WEEKDAY_NAMES[weekdayOf(dateKey)]}）`

export type TimeParse = { ok: true; at: Date } | { ok: false; reason: string; recognised: boolean }
export type DateParse = { ok: true; dateKey: string } | { ok: false; reason: string }

const pad = (n: number): string => String(n).padStart(2, '0')

/** A date in a meeting command: any date a plan may name (see parseDateArg with allowFuture). */
const dateOf = (text: string, today: string): DateParse => parseDateArg(text, today, { allowFuture: true })

const NUMBER = '(\\d{1,2}|[零〇一二两三四五六七八九十]{1,3})'
/** An optional date, then a clock time: `2月3日19:30`, `明天 晚上7点半`, `周三 19点15分`. */
const DATE_AND_CLOCK = new RegExp(
  `^(.*?)\\s*(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚)?\\s*${NUMBER}\\s*(?::\\s*(\\d{2})|[点时]\\s*(?:(半)|(一刻)|(三刻)|${NUMBER}\\s*分?)?)$`,
)

type Clock = { hour: number; minute: number } | { invalid: string }

function clockOf(match: RegExpExecArray): Clock | undefined {
  const [, , period = '', hourText = '', colonMinutes, half, quarter, threeQuarters, spokenMinutes] = match
  let hour = decodeChineseNumber(hourText)
  const minute =
    colonMinutes !== undefined ? Number(colonMinutes) : half ? 30 : quarter ? 15 : threeQuarters ? 45 : spokenMinutes ? decodeChineseNumber(spokenMinutes) : 0
  if (hour === undefined || minute === undefined) return undefined
  if (['下午', '傍晚', '晚上', '晚'].includes(period) && hour < 12) hour += 12
  if (period === '中午' && hour < 4) hour += 12
  if (period === '凌晨' && hour === 12) hour = 0
  if (hour > 23 || minute > 59) return { invalid: `没有${hourText}:${pad(minute)}这个时刻` }
  return { hour, minute }
}

const pastReason = (dateKey: string, clock?: { hour: number; minute: number }): string =>
  `${chineseDateWithWeekday(dateKey)}${clock ? `${pad(clock.hour)}:${pad(clock.minute)}` : ''} 已经过去了`

/**
 * A moment on the school's wall clock: `2月3日19:30`, `明天 19:30`, `后天 晚上7点半`,
 * `周三 19:30`, `2026-02-03 19:30`, `2-3 19:30`, `19:30` (today); full-width digits and
 * colons are fine. Whether it has passed is left to the caller.
 */
export function parseWallClockTime(raw: string, now: Date, timeZone: string): TimeParse {
  const text = normalizeText(raw).replace(/\s+/g, ' ')
  const today = localTime(now, timeZone).dateKey
  const match = DATE_AND_CLOCK.exec(text)
  const clock = match ? clockOf(match) : undefined
  if (!match || !clock) {
    // A date alone is a time with its hour missing; anything else is not a time at all.
    return text && dateOf(text, today).ok
      ? { ok: false, reason: `“${raw.trim()}”没有写几点开始`, recognised: true }
      : { ok: false, reason: `看不懂时间“${raw.trim()}”`, recognised: false }
  }
  const dateText = match[1] ?? ''
  const date: DateParse = dateText ? dateOf(dateText, today) : { ok: true, dateKey: today }
  if (!date.ok) return { ok: false, reason: date.reason, recognised: true }
  if ('invalid' in clock) return { ok: false, reason: clock.invalid, recognised: true }
  return { ok: true, at: zonedDate(date.dateKey, clock.hour, clock.minute, timeZone) }
}

/** A moment that has passed, as people read it: 2月3日（周二）08:00 已经过去了. */
export function pastTimeReason(at: Date, timeZone: string): string {
  const local = localTime(at, timeZone)
  return pastReason(local.dateKey, local)
}

/** When a meeting starts (see parseWallClockTime); a time that has passed is refused. */
export function parseMeetingTime(raw: string, now: Date, timeZone: string): TimeParse {
  const parsed = parseWallClockTime(raw, now, timeZone)
  if (parsed.ok && parsed.at.getTime() <= now.getTime()) return { ok: false, reason: pastTimeReason(parsed.at, timeZone), recognised: true }
  return parsed
}

/** A due date: `2月5日`, `明天`, `周五`, `下周一`, `5号`, `2026-02-05`, with or without 前/之前; today is allowed. */
export function parseDueDate(raw: string, now: Date, timeZone: string): DateParse {
  const text = normalizeText(raw).replace(/\s*(?:之前|以前|前)$/, '')
  const today = localTime(now, timeZone).dateKey
  const date = dateOf(text, today)
  if (!date.ok) return date
  if (date.dateKey < today) return { ok: false, reason: pastReason(date.dateKey) }
  return date
}

/**
 * Splits `明天 19:30 复课准备会` into the start time and the rest: the longest run of leading
 * words that reads as a time wins, so titles may contain numbers of their own.
 */
export function splitLeadingTime(
  words: readonly string[],
  now: Date,
  timeZone: string,
): { ok: true; at: Date; rest: string[] } | { ok: false; reason: string } {
  // A time that was read but refused (past, no hour) explains more than "unreadable" does.
  let refused: string | undefined
  let unreadable = '请写上开会时间'
  for (let length = Math.min(3, words.length); length >= 1; length--) {
    const parsed = parseMeetingTime(words.slice(0, length).join(' '), now, timeZone)
    if (parsed.ok) return { ok: true, at: parsed.at, rest: words.slice(length) }
    if (parsed.recognised) refused ??= parsed.reason
    else unreadable = parsed.reason
  }
  return { ok: false, reason: refused ?? unreadable }
}
