import { addDays } from '../domain/time.js'

/** One change to an item's stock: received (with the batch's expiry), handed out, or corrected by a count. */
export interface Movement {
  date: string
  kind: 'in' | 'out' | 'count'
  /** Signed change: positive in, negative out, either for a count. */
  quantity: number
  expires?: string
}

export interface Batch {
  quantity: number
  expires?: string
}

export interface CoverRules {
  /** The school's "keep a week in reserve": fewer days of cover than this is an alert. */
  minDaysOfCover: number
  /** A batch expiring within this many days is an alert. */
  expiryWarningDays: number
}

export interface StockStatus {
  stock: number
  /** Handed out per day over the last `USE_WINDOW_DAYS` days, today included. */
  averageDailyUse: number
  /** Whole days the stock lasts at that rate; undefined when nothing is being used. */
  daysOfCover?: number
  /** The earliest expiry among batches still in stock. */
  nearestExpiry?: string
  lowCover: boolean
  expiringSoon: boolean
}

export const USE_WINDOW_DAYS = 7

/** What is left of each batch: what goes out is taken from the batch that expires first (undated last). */
export function remainingBatches(movements: readonly Movement[]): Batch[] {
  const batches: Batch[] = []
  for (const movement of movements) {
    if (movement.quantity > 0) {
      batches.push({ quantity: movement.quantity, ...(movement.expires ? { expires: movement.expires } : {}) })
      batches.sort((a, b) => (a.expires ?? '\uffff').localeCompare(b.expires ?? '\uffff'))
      continue
    }
    let owed = -movement.quantity
    for (const batch of batches) {
      const taken = Math.min(batch.quantity, owed)
      batch.quantity -= taken
      owed -= taken
    }
  }
  return batches.filter((batch) => batch.quantity > 0)
}

export const stockOf = (movements: readonly Movement[]): number => Math.max(0, movements.reduce((total, movement) => total + movement.quantity, 0))

export function averageDailyUse(movements: readonly Movement[], today: string): number {
  const since = addDays(today, -(USE_WINDOW_DAYS - 1))
  const used = movements.filter((movement) => movement.kind === 'out' && since <= movement.date && movement.date <= today).reduce((total, movement) => total - movement.quantity, 0)
  return used / USE_WINDOW_DAYS
}

export function stockStatus(movements: readonly Movement[], today: string, rules: CoverRules): StockStatus {
  const stock = stockOf(movements)
  const averageUse = averageDailyUse(movements, today)
  const daysOfCover = averageUse > 0 ? Math.floor(stock / averageUse) : undefined
  const nearestExpiry = remainingBatches(movements).find((batch) => batch.expires)?.expires
  return {
    stock,
    averageDailyUse: averageUse,
    ...(daysOfCover !== undefined ? { daysOfCover } : {}),
    ...(nearestExpiry ? { nearestExpiry } : {}),
    lowCover: daysOfCover !== undefined && daysOfCover < rules.minDaysOfCover,
    expiringSoon: nearestExpiry !== undefined && nearestExpiry <= addDays(today, rules.expiryWarningDays),
  }
}
