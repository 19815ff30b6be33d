import { schedule } from 'node-cron'
import { firesAt } from './cron-times.js'

export type Cancel = () => void
export type Job = (firedAt: Date) => Promise<void> | void

/** Time as the bot sees it. Injected, so the simulator and tests can drive real schedules. */
export interface Clock {
  now(): Date
  setTimer(delayMs: number, callback: () => Promise<void> | void): Cancel
  /** Runs `job` whenever the cron expression matches, in the given time zone. */
  cron(expression: string, timeZone: string, job: Job): Cancel
}

export interface Logger {
  debug(message: string): void
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export function createSystemClock(log: Logger): Clock {
  return {
    now: () => new Date(),
    setTimer(delayMs, callback) {
      const timer = setTimeout(() => void Promise.resolve().then(callback).catch((error: unknown) => log.error(`定时任务出错 (timer failed): ${String(error)}`)), delayMs)
      return () => clearTimeout(timer)
    },
    cron(expression, timeZone, job) {
      const task = schedule(expression, (context) => job(context.date), { timezone: timeZone, noOverlap: true })
      return () => void task.destroy()
    },
  }
}

interface PendingTimer {
  due: number
  order: number
  callback: () => Promise<void> | void
}

interface CronEntry {
  expression: string
  timeZone: string
  job: Job
}

const MINUTE = 60_000

/**
 * Simulated time for the simulator and scenario tests. Cron jobs are matched by node-cron's
 * own matcher (once per expression and day, see cron-times.ts), minute by minute, so the
 * schedules are exactly the ones the real bot runs; timers fire at their simulated due time.
 */
export class SimulatedClock implements Clock {
  private current: number
  private readonly timers: PendingTimer[] = []
  private readonly crons = new Set<CronEntry>()
  private timerOrder = 0
  /** The last whole minute whose cron jobs have been considered. */
  private cronCheckedThrough: number

  constructor(start: Date) {
    this.current = start.getTime()
    this.cronCheckedThrough = Math.floor(this.current / MINUTE) * MINUTE
  }

  now(): Date {
    return new Date(this.current)
  }

  setTimer(delayMs: number, callback: () => Promise<void> | void): Cancel {
    const timer: PendingTimer = { due: this.current + Math.max(0, delayMs), order: this.timerOrder++, callback }
    this.timers.push(timer)
    return () => {
      const index = this.timers.indexOf(timer)
      if (index >= 0) this.timers.splice(index, 1)
    }
  }

  cron(expression: string, timeZone: string, job: Job): Cancel {
    const entry: CronEntry = { expression, timeZone, job }
    this.crons.add(entry)
    return () => {
      this.crons.delete(entry)
    }
  }

  get pendingTimers(): number {
    return this.timers.length
  }

  /**
   * Moves time forward to `target`, firing every timer and cron job due on the way in
   * time order; after each, `settle` waits for the work it started.
   */
  async advanceTo(target: Date, settle: () => Promise<void>): Promise<void> {
    const end = target.getTime()
    // An invalid time would turn the clock itself into NaN, and every later step with it.
    if (Number.isNaN(end)) throw new Error('无效的时间 (invalid time)')
    await settle()
    for (;;) {
      const timer = this.earliestTimer()
      const nextMinute = this.cronCheckedThrough + MINUTE
      const timerFirst = timer && timer.due <= end && timer.due <= nextMinute
      if (timerFirst) {
        await this.fireTimer(timer, settle)
      } else if (nextMinute <= end) {
        this.current = Math.max(this.current, nextMinute)
        this.cronCheckedThrough = nextMinute
        await this.fireCrons(new Date(nextMinute), settle)
      } else {
        break
      }
    }
    this.current = Math.max(this.current, end)
    await settle()
  }

  /** Fires pending timers (the send queue's throttle) until none is left; no cron job runs. */
  async drainTimers(settle: () => Promise<void>): Promise<void> {
    await settle()
    for (let timer = this.earliestTimer(); timer; timer = this.earliestTimer()) {
      await this.fireTimer(timer, settle)
    }
  }

  /**
   * Lets a chain of short timers run (the send throttle's), each due within `gapMs` of the
   * moment before it, with cron minutes crossed on the way; a longer wait (a batch window)
   * stays pending, so the clock moves by seconds, not minutes.
   */
  async followShortTimers(gapMs: number, settle: () => Promise<void>): Promise<void> {
    await settle()
    for (let timer = this.earliestTimer(); timer && timer.due - this.current <= gapMs; timer = this.earliestTimer()) {
      await this.advanceTo(new Date(timer.due), settle)
    }
  }

  private earliestTimer(): PendingTimer | undefined {
    let earliest: PendingTimer | undefined
    for (const timer of this.timers) {
      if (!earliest || timer.due < earliest.due || (timer.due === earliest.due && timer.order < earliest.order)) earliest = timer
    }
    return earliest
  }

  private async fireTimer(timer: PendingTimer, settle: () => Promise<void>): Promise<void> {
    this.timers.splice(this.timers.indexOf(timer), 1)
    this.current = Math.max(this.current, timer.due)
    await timer.callback()
    await settle()
  }

  private async fireCrons(at: Date, settle: () => Promise<void>): Promise<void> {
    for (const entry of [...this.crons]) {
      if (this.crons.has(entry) && firesAt(entry.expression, at, entry.timeZone)) {
        await entry.job(at)
        await settle()
      }
    }
  }
}
