import { createTask, parse, type ScheduledTask } from 'node-cron'
import { dateKeyOf, zonedDate } from '../domain/time.js'

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

// A slot's deadline is asked for with every report received: each day's answer is computed once.
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

/**
 * Only the hours and minutes the expression lists are tried (matching all 1,440 minutes of a
 * day costs node-cron ~12 ms an expression, which start-up pays for each schedule); node-cron's
 * matcher still has the last word on days, months and weekdays.
 */
function matchingMinutes(expression: string, dateKey: string, timeZone: string): Date[] {
  const matcher = matcherFor(expression, timeZone)
  const { hour, minute } = parse(expression)
  const candidates = hour.flatMap((h) => minute.map((m) => zonedDate(dateKey, h, m, timeZone)))
  const firings = candidates.filter((at) => matcher.match(at)).sort((a, b) => a.getTime() - b.getTime())
  return firings.filter((at, index) => index === 0 || at.getTime() !== firings[index - 1]?.getTime())
}

const firingSets = new Map<string, ReadonlySet<number>>()

/** Whether the expression fires at this minute: a look-up in its day's firings. */
export function firesAt(expression: string, at: Date, timeZone: string): boolean {
  const dateKey = dateKeyOf(at, timeZone)
  const key = `${timeZone} ${dateKey} ${expression}`
  let firings = firingSets.get(key)
  if (!firings) {
    if (firingSets.size >= FIRINGS_KEPT) firingSets.clear()
    firings = new Set(firingsOn(expression, dateKey, timeZone).map((firing) => firing.getTime()))
    firingSets.set(key, firings)
  }
  return firings.has(at.getTime())
}

/** The first time the expression fires on the local day, e.g. a slot's deadline; undefined if it does not. */
export const firstFiringOn = (expression: string, dateKey: string, timeZone: string): Date | undefined =>
  firingsOn(expression, dateKey, timeZone)[0]
