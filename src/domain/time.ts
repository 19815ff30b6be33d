/** Calendar arithmetic in the school's time zone, independent of the machine's. */

export interface LocalTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  /** 0 = Sunday. */
  weekday: number
  /** YYYY-MM-DD in the zone: the key of a day's data. */
  dateKey: string
  minuteOfDay: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const pad = (n: number): string => String(n).padStart(2, '0')

/**
 * The last minute asked for, per zone: the clock, its jobs and the handlers of one minute all
 * ask about the same minute, and formatting a date in a zone costs more than all the rest.
 */
const lastMinute = new Map<string, { minute: number; local: Readonly<LocalTime> }>()

export function localTime(date: Date, timeZone: string): LocalTime {
  const minute = Math.floor(date.getTime() / 60_000)
  const cached = lastMinute.get(timeZone)
  if (cached?.minute === minute) return cached.local
  const local = Object.freeze(formatLocalTime(date, timeZone))
  lastMinute.set(timeZone, { minute, local })
  return local
}

function formatLocalTime(date: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {}
  for (const part of formatterFor(timeZone).formatToParts(date)) parts[part.type] = part.value
  const year = Number(parts.year)
  const month = Number(parts.month)
  const day = Number(parts.day)
  const hour = Number(parts.hour)
  const minute = Number(parts.minute)
  return {
    year,
    month,
    day,
    hour,
    minute,
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
    dateKey: `${year}-${pad(month)}-${pad(day)}`,
    minuteOfDay: hour * 60 + minute,
  }
}

export const dateKeyOf = (date: Date, timeZone: string): string => localTime(date, timeZone).dateKey

/** The instant at which the zone's wall clock shows the given date and time. */
export function zonedDate(dateKey: string, hour: number, minute: number, timeZone: string): Date {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number]
  const asUtc = Date.UTC(year, month - 1, day, hour, minute)
  // Two passes settle the offset even on the day it changes.
  let guess = asUtc
  for (let pass = 0; pass < 2; pass++) {
    const shown = localTime(new Date(guess), timeZone)
    const shownUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute)
    guess += asUtc - shownUtc
  }
  return new Date(guess)
}

export function addDays(dateKey: string, days: number): string {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number]
  const shifted = new Date(Date.UTC(year, month - 1, day + days))
  return `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`
}

/** 2026-02-03T08:05:00+08:00: what the simulator prints and people read in logs. */
export function isoInZone(date: Date, timeZone: string): string {
  const local = localTime(date, timeZone)
  const wholeMinute = Math.floor(date.getTime() / 60000) * 60000
  const seconds = Math.floor((date.getTime() - wholeMinute) / 1000)
  const offsetMinutes = Math.round((Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) - wholeMinute) / 60000)
  const sign = offsetMinutes >= 0 ? '+' : '-'
  const abs = Math.abs(offsetMinutes)
  return `${local.dateKey}T${pad(local.hour)}:${pad(local.minute)}:${pad(seconds)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** 2月3日 — how dates are written in the school's messages. */
export function chineseDate(dateKey: string): string {
  const [, month, day] = dateKey.split('-').map(Number)
  return `${month}月${day}日`
}

export const clockText = (date: Date, timeZone: string): string => {
  const local = localTime(date, timeZone)
  return `${pad(local.hour)}:${pad(local.minute)}`
}
