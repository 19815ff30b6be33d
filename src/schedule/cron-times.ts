import { createTask, type ScheduledTask } from 'node-cron'
import { zonedDate } from '../domain/time.js'

const MINUTE = 60_000
const matchers = new Map<string, ScheduledTask>()

/** node-cron's own matcher for an expression (never started: it only answers "does this minute match?"). */
function matcherFor(expression: string, timeZone: string): ScheduledTask {
  const key = `${timeZone} ${expression}`
  let matcher = matchers.get(key)
  if (!matcher) {
    matcher = createTask(expression, () => undefined, { timezone: timeZone })
    matchers.set(key, matcher)
  }
  return matcher
}

// Matching all 1,440 minutes of a day takes node-cron ~12 ms, and a slot's deadline is asked
// for with every report received: each day's answer is computed once.
const firingsByDay = new Map<string, readonly Date[]>()
const FIRINGS_KEPT = 256

/** Every minute on the local day `dateKey` at which the expression fires, in order. */
export function firingsOn(expression: string, dateKey: string, timeZone: string): readonly Date[] {
  const key = `${timeZone} ${dateKey} ${expression}`
  let firings = firingsByDay.get(key)
  if (!firings) {
    if (firingsByDay.size >= FIRINGS_KEPT) firingsByDay.clear()
    firings = Object.freeze(matchingMinutes(expression, dateKey, timeZone))
    firingsByDay.set(key, firings)
  }
  return firings
}

function matchingMinutes(expression: string, dateKey: string, timeZone: string): Date[] {
  const matcher = matcherFor(expression, timeZone)
  const start = zonedDate(dateKey, 0, 0, timeZone).getTime()
  const end = zonedDate(dateKey, 23, 59, timeZone).getTime()
  const firings: Date[] = []
  for (let at = start; at <= end; at += MINUTE) {
    const minute = new Date(at)
    if (matcher.match(minute)) firings.push(minute)
  }
  return firings
}

/** The first time the expression fires on the local day, e.g. a slot's deadline; undefined if it does not. */
export const firstFiringOn = (expression: string, dateKey: string, timeZone: string): Date | undefined =>
  firingsOn(expression, dateKey, timeZone)[0]
