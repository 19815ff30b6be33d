import { addDays, dateKeyOf, localTime, zonedDate } from '../domain/time.js'
import type { SchoolHours } from './config.js'

/** When the desk's clocks run: school hours on days the school works, in its time zone. */
export interface SchoolClock {
  hours: SchoolHours
  timeZone: string
  isSkipped(dateKey: string): boolean
}

const MINUTE_MS = 60_000

export function isSchoolTime(at: Date, clock: SchoolClock): boolean {
  const local = localTime(at, clock.timeZone)
  return !clock.isSkipped(local.dateKey) && clock.hours.startMinute <= local.minuteOfDay && local.minuteOfDay < clock.hours.endMinute
}

/** Whole minutes of school time between two instants: a problem reported at 17:50 has waited 10 minutes by 07:40 the next morning. */
export function schoolMinutesBetween(from: Date, to: Date, clock: SchoolClock): number {
  if (to <= from) return 0
  const { startMinute, endMinute } = clock.hours
  let total = 0
  const lastDay = dateKeyOf(to, clock.timeZone)
  for (let day = dateKeyOf(from, clock.timeZone); day <= lastDay; day = addDays(day, 1)) {
    if (clock.isSkipped(day)) continue
    const opens = zonedDate(day, Math.floor(startMinute / 60), startMinute % 60, clock.timeZone).getTime()
    const closes = zonedDate(day, Math.floor(endMinute / 60), endMinute % 60, clock.timeZone).getTime()
    const overlap = Math.min(closes, to.getTime()) - Math.max(opens, from.getTime())
    if (overlap > 0) total += overlap
  }
  return Math.floor(total / MINUTE_MS)
}
