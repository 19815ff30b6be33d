import { parseWallClockTime, pastTimeReason } from './meeting-time.js'
import { normalizeText } from './text-normalize.js'
import { addDays, isoInZone, zonedDate } from './time.js'

export type ClockExpressionResult = { ok: true; at: Date } | { ok: false; reason: string }

const EXAMPLES = '明天 8:00、12月4日 8:00、10:00、+2h、+30m、+1d 或 2026-02-03T08:00:00+08:00'

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS
const UNIT_MS: Readonly<Record<string, number>> = { d: DAY_MS, 天: DAY_MS, h: HOUR_MS, 小时: HOUR_MS, m: MINUTE_MS, 分钟: MINUTE_MS, 分: MINUTE_MS }
/** A jump further than this is a typo, and would overflow Date long before it meant anything. */
const MAX_JUMP_MS = 366 * DAY_MS
const OFFSET = /^\+\s*(?:\d+\s*(?:d|h|m|天|小时|分钟|分)\s*)+$/i
const OFFSET_TERM = /(\d+)\s*(d|h|m|天|小时|分钟|分)/gi
const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i

function jumpFrom(text: string, now: Date): ClockExpressionResult {
  let total = 0
  for (const [, amount = '0', unit = ''] of text.matchAll(OFFSET_TERM)) total += Number(amount) * (UNIT_MS[unit.toLowerCase()] ?? 0)
  if (total > MAX_JUMP_MS) return { ok: false, reason: `“${text}”拨得太远了，一次最多拨 366 天` }
  return { ok: true, at: new Date(now.getTime() + total) }
}

/** An ISO time; without an offset it is the school's wall clock, not the machine's. */
function isoTime(text: string, match: RegExpExecArray, timeZone: string): ClockExpressionResult | undefined {
  const [, dateKey = '', hourText = '', minuteText = '', secondText = '0', offset] = match
  const [hour, minute, second] = [Number(hourText), Number(minuteText), Number(secondText)]
  // Date.UTC rolls 2月30日 over into March; a key that survives the round trip exists.
  if (addDays(dateKey, 0) !== dateKey || hour > 23 || minute > 59 || second > 59) return { ok: false, reason: `没有“${text}”这个时刻` }
  const at = offset ? new Date(text.replace(' ', 'T')) : new Date(zonedDate(dateKey, hour, minute, timeZone).getTime() + second * 1000)
  return Number.isNaN(at.getTime()) ? undefined : { ok: true, at }
}

/** 明天 8:00, 12月4日 8:00, 10:00: undefined when it is not a time at all. */
function wallClock(raw: string, now: Date, timeZone: string): ClockExpressionResult | undefined {
  const parsed = parseWallClockTime(raw, now, timeZone)
  if (parsed.ok) return parsed
  return parsed.recognised ? { ok: false, reason: parsed.reason } : undefined
}

/**
 * Where the simulator's interactive clock should jump: `明天 8:00`, `12月4日 8:00`, `10:00`
 * (today), `+2h`, `+30m`, `+1d`, or an ISO time (with an offset, or on the school's wall
 * clock without one). The clock only moves forward: a time before `now` is refused.
 */
export function parseClockExpression(raw: string, now: Date, timeZone: string): ClockExpressionResult {
  const text = normalizeText(raw)
  const iso = ISO.exec(text)
  const parsed: ClockExpressionResult | undefined = OFFSET.test(text)
    ? jumpFrom(text, now)
    : iso
      ? isoTime(text, iso, timeZone)
      : wallClock(raw, now, timeZone)
  if (!parsed) return { ok: false, reason: `看不懂时间“${raw.trim()}”，可以写${EXAMPLES}` }
  if (parsed.ok && parsed.at.getTime() < now.getTime()) {
    return { ok: false, reason: `${pastTimeReason(parsed.at, timeZone)}，时钟只能往后拨（现在是 ${isoInZone(now, timeZone)}）` }
  }
  return parsed
}
