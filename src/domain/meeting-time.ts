import { normalizeText } from './text-normalize.js'
import { addDays, chineseDate, localTime, zonedDate } from './time.js'

/** 周日 … 周六, indexed like `LocalTime.weekday`. */
export const WEEKDAY_NAMES = ['日', '一', '二', '三', '四', '五', '六'] as const

export const weekdayOfDateKey = (dateKey: string): number => {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay()
}

/** 2月3日（周二） */
export const chineseDateWithWeekday = (dateKey: string): string =>
  `${chineseDate(dateKey)}（周${WEEKDAY_NAMES[weekdayOfDateKey(dateKey)]}）`

export type TimeParse = { ok: true; at: Date } | { ok: false; reason: string; recognised: boolean }
export type DateParse = { ok: true; dateKey: string } | { ok: false; reason: string; recognised: boolean }

type DatePart = { dateKey: string } | { invalid: string }

const CHINESE_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
}

/** 7, 07, 七, 十二, 二十三 → the number; anything else undefined. */
function numberOf(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text)
  if (text.length === 1) return CHINESE_DIGITS[text]
  const match = /^([一二两三四五]?)十([一二三四五六七八九]?)$/.exec(text)
  if (!match) return undefined
  const tens = match[1] ? (CHINESE_DIGITS[match[1]] ?? 0) : 1
  const ones = match[2] ? (CHINESE_DIGITS[match[2]] ?? 0) : 0
  return tens * 10 + ones
}

const pad = (n: number): string => String(n).padStart(2, '0')

function dateKeyFrom(year: number, month: number, day: number): DatePart {
  const key = `${year}-${pad(month)}-${pad(day)}`
  // addDays round-trips through Date.UTC, which rolls 2月30日 over into March.
  if (month < 1 || month > 12 || day < 1 || addDays(key, 0) !== key) return { invalid: `没有${month}月${day}日这一天` }
  return { dateKey: key }
}

/** A date written without a year is the coming one: 1月3日 said on 12月30日 is next January. */
function yearlessDate(month: number, day: number, today: string): DatePart {
  const thisYear = Number(today.slice(0, 4))
  const candidate = dateKeyFrom(thisYear, month, day)
  if (!('dateKey' in candidate) || candidate.dateKey >= today) return candidate
  const nextYear = dateKeyFrom(thisYear + 1, month, day)
  if ('dateKey' in nextYear && nextYear.dateKey <= addDays(today, 183)) return nextYear
  return candidate
}

const RELATIVE_DAYS: Readonly<Record<string, number>> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, 大后天: 3 }

/** Monday-based weeks, as Chinese calendars and school timetables count them. */
function weekdayDate(prefix: string, dayName: string, today: string): string {
  const target = dayName === '日' || dayName === '天' || dayName === '7' ? 0 : (numberOf(dayName) ?? 0)
  const todayWeekday = weekdayOfDateKey(today)
  if (!prefix) return addDays(today, (target - todayWeekday + 7) % 7)
  const mondayOfThisWeek = addDays(today, -((todayWeekday + 6) % 7))
  const weeksAhead = prefix === '下下' ? 2 : prefix === '下' ? 1 : 0
  return addDays(mondayOfThisWeek, weeksAhead * 7 + ((target + 6) % 7))
}

const DATE_PATTERNS: ReadonlyArray<{ pattern: RegExp; resolve: (match: RegExpExecArray, today: string) => DatePart }> = [
  {
    pattern: /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?/,
    resolve: (m) => dateKeyFrom(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  {
    pattern: /^(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]?/,
    resolve: (m, today) => yearlessDate(numberOf(m[1] ?? '') ?? 0, numberOf(m[2] ?? '') ?? 0, today),
  },
  { pattern: /^(\d{1,2})[-/](\d{1,2})(?![\d:])/, resolve: (m, today) => yearlessDate(Number(m[1]), Number(m[2]), today) },
  {
    pattern: /^(\d{1,2})\s*[日号]/,
    resolve: (m, today) => {
      const [year, month] = today.split('-').map(Number) as [number, number]
      const thisMonth = dateKeyFrom(year, month, Number(m[1]))
      if ('dateKey' in thisMonth && thisMonth.dateKey >= today) return thisMonth
      return month === 12 ? dateKeyFrom(year + 1, 1, Number(m[1])) : dateKeyFrom(year, month + 1, Number(m[1]))
    },
  },
  { pattern: /^(大后天|后天|明天|明日|今天|今日)/, resolve: (m, today) => ({ dateKey: addDays(today, RELATIVE_DAYS[m[1] ?? ''] ?? 0) }) },
  {
    pattern: /^(下下|下|这|本)?\s*(?:周|星期|礼拜)\s*([一二三四五六日天1-7])/,
    resolve: (m, today) => ({ dateKey: weekdayDate(m[1] === '本' ? '这' : (m[1] ?? ''), m[2] ?? '', today) }),
  },
]

/** A date at the start of `text`, and what follows it. */
function leadingDate(text: string, today: string): { part: DatePart; rest: string } | undefined {
  for (const { pattern, resolve } of DATE_PATTERNS) {
    const match = pattern.exec(text)
    if (match) return { part: resolve(match, today), rest: text.slice(match[0].length).trim() }
  }
  return undefined
}

const NUMBER = '(\\d{1,2}|[零〇一二两三四五六七八九十]{1,3})'
const CLOCK = new RegExp(
  `^(凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|晚)?\\s*${NUMBER}\\s*(?::\\s*(\\d{2})|[点时]\\s*(?:(半)|(一刻)|(三刻)|${NUMBER}\\s*分?)?)$`,
)

type ClockPart = { hour: number; minute: number } | { invalid: string }

function clockOf(text: string): ClockPart | undefined {
  const match = CLOCK.exec(text)
  if (!match) return undefined
  const [, period = '', hourText = '', colonMinutes, half, quarter, threeQuarters, spokenMinutes] = match
  let hour = numberOf(hourText)
  const minute = colonMinutes !== undefined ? Number(colonMinutes) : half ? 30 : quarter ? 15 : threeQuarters ? 45 : spokenMinutes ? numberOf(spokenMinutes) : 0
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
 * When a meeting starts: `2月3日19:30`, `明天 19:30`, `后天 晚上7点半`, `周三 19:30`,
 * `2026-02-03 19:30`, `2-3 19:30`, `19:30` (today); full-width digits and colons are fine.
 * Read on the school's wall clock; a time that has passed is refused.
 */
export function parseMeetingTime(raw: string, now: Date, timeZone: string): TimeParse {
  const text = normalizeText(raw).replace(/\s+/g, ' ')
  const today = localTime(now, timeZone).dateKey
  const date = leadingDate(text, today)
  const clockText = date ? date.rest : text
  const clock = clockOf(clockText)
  const unreadable = { ok: false, reason: `看不懂时间“${raw.trim()}”`, recognised: false } as const
  if (date && !clockText) {
    if ('invalid' in date.part) return { ok: false, reason: date.part.invalid, recognised: true }
    return { ok: false, reason: `“${raw.trim()}”没有写几点开始`, recognised: true }
  }
  if (!clock) return unreadable
  if (date && 'invalid' in date.part) return { ok: false, reason: date.part.invalid, recognised: true }
  if ('invalid' in clock) return { ok: false, reason: clock.invalid, recognised: true }
  const dateKey = date && 'dateKey' in date.part ? date.part.dateKey : today
  const at = zonedDate(dateKey, clock.hour, clock.minute, timeZone)
  if (at.getTime() <= now.getTime()) return { ok: false, reason: pastReason(dateKey, clock), recognised: true }
  return { ok: true, at }
}

/** A due date: `2月5日`, `明天`, `周五`, `下周一`, `2026-02-05`, `2-5`, with or without 前/之前; today is allowed. */
export function parseDueDate(raw: string, now: Date, timeZone: string): DateParse {
  const text = normalizeText(raw)
    .replace(/\s+/g, '')
    .replace(/(?:之前|以前|前)$/, '')
  const today = localTime(now, timeZone).dateKey
  const date = leadingDate(text, today)
  if (!date || date.rest) return { ok: false, reason: `看不懂日期“${raw.trim()}”`, recognised: false }
  if ('invalid' in date.part) return { ok: false, reason: date.part.invalid, recognised: true }
  if (date.part.dateKey < today) return { ok: false, reason: pastReason(date.part.dateKey), recognised: true }
  return { ok: true, dateKey: date.part.dateKey }
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
