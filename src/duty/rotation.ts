import { addDays } from '../domain/time.js'

/**
 * Turns are counted from this Monday: a fixed start keeps everyone's turn the same across
 * restarts and config reloads, without storing the rota.
 */
export const ROTATION_EPOCH = '2024-01-01'

export interface Rota {
  name: string
  people: readonly string[]
}

/** `/换班`: someone else takes one duty on one day. */
export interface Swap {
  date: string
  duty: string
  person: string
}

export interface Turn {
  date: string
  person: string
  /** Taken over by `/换班` rather than by the rotation. */
  swapped: boolean
}

/** Working days from the epoch up to (not including) a day, remembered: the rota is asked every minute. */
export class WorkingDays {
  private readonly counted = new Map<string, number>()

  constructor(readonly isWorkingDay: (dateKey: string) => boolean) {}

  before(dateKey: string): number {
    let count = this.counted.get(dateKey)
    if (count !== undefined) return count
    count = 0
    for (let day = ROTATION_EPOCH; day < dateKey; day = addDays(day, 1)) if (this.isWorkingDay(day)) count += 1
    this.counted.set(dateKey, count)
    return count
  }
}

/**
 * Who is on a duty each working day from `from` to `to`. Only working days take a turn, so a
 * holiday never costs anyone theirs: over any span, turns differ by at most one between people.
 */
export function turnsBetween(rota: Rota, from: string, to: string, workingDays: WorkingDays, swaps: readonly Swap[] = []): Turn[] {
  if (!rota.people.length) return []
  const turns: Turn[] = []
  let index = workingDays.before(from)
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (!workingDays.isWorkingDay(date)) continue
    const swap = swaps.find((candidate) => candidate.date === date && candidate.duty === rota.name)
    turns.push(swap ? { date, person: swap.person, swapped: true } : { date, person: rota.people[index % rota.people.length] as string, swapped: false })
    index += 1
  }
  return turns
}

/** Who is on the duty that day; nobody on a day off. */
export function personOnDuty(rota: Rota, dateKey: string, workingDays: WorkingDays, swaps: readonly Swap[] = []): string | undefined {
  return turnsBetween(rota, dateKey, dateKey, workingDays, swaps)[0]?.person
}
