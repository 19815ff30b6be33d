import { describe, expect, it } from 'vitest'
import { SimulatedClock } from '../../src/schedule/clock.js'
import { firstFiringOn, firingsOn } from '../../src/schedule/cron-times.js'
import { isoInZone } from '../../src/domain/time.js'

const TZ = 'Asia/Shanghai'
const settle = async () => undefined

describe('SimulatedClock', () => {
  it('fires cron jobs in the configured time zone, in order, interleaved with timers', async () => {
    const clock = new SimulatedClock(new Date('2026-02-03T07:59:30+08:00'))
    const fired: string[] = []
    clock.cron('0 8 * * *', TZ, (at) => void fired.push(`remind ${isoInZone(at, TZ)}`))
    clock.cron('0 10 * * *', TZ, (at) => void fired.push(`deadline ${isoInZone(at, TZ)}`))
    clock.setTimer(60 * 60_000, () => void fired.push(`timer ${isoInZone(clock.now(), TZ)}`))
    await clock.advanceTo(new Date('2026-02-03T10:00:30+08:00'), settle)
    expect(fired).toEqual([
      'remind 2026-02-03T08:00:00+08:00',
      'timer 2026-02-03T08:59:30+08:00',
      'deadline 2026-02-03T10:00:00+08:00',
    ])
    expect(isoInZone(clock.now(), TZ)).toBe('2026-02-03T10:00:30+08:00')
  })

  it('fires a daily job once per day across a multi-day jump', async () => {
    const clock = new SimulatedClock(new Date('2026-02-03T21:00:00+08:00'))
    let count = 0
    clock.cron('0 20 * * *', TZ, () => void (count += 1))
    await clock.advanceTo(new Date('2026-02-06T21:00:00+08:00'), settle)
    expect(count).toBe(3)
  })

  it('drains timers without firing cron jobs', async () => {
    const clock = new SimulatedClock(new Date('2026-02-03T07:59:00+08:00'))
    const fired: string[] = []
    clock.cron('0 8 * * *', TZ, () => void fired.push('cron'))
    clock.setTimer(5 * 60_000, () => void fired.push('timer'))
    await clock.drainTimers(settle)
    expect(fired).toEqual(['timer'])
  })

  it('follows a chain of short timers through a cron minute, leaving a long wait pending', async () => {
    const clock = new SimulatedClock(new Date('2026-02-03T09:59:58+08:00'))
    const fired: string[] = []
    const note = (what: string) => () => void fired.push(`${what} ${isoInZone(clock.now(), TZ)}`)
    clock.cron('0 10 * * *', TZ, note('tally'))
    clock.setTimer(180_000, note('batch'))
    clock.setTimer(1500, () => {
      note('send')()
      clock.setTimer(1500, note('send'))
    })
    await clock.followShortTimers(1500, settle)
    expect(fired).toEqual(['send 2026-02-03T09:59:59+08:00', 'tally 2026-02-03T10:00:00+08:00', 'send 2026-02-03T10:00:01+08:00'])
    expect(clock.pendingTimers).toBe(1)
    expect(isoInZone(clock.now(), TZ)).toBe('2026-02-03T10:00:01+08:00')
  })

  it('refuses an invalid time instead of breaking the clock', async () => {
    const clock = new SimulatedClock(new Date('2026-02-03T08:00:00+08:00'))
    await expect(clock.advanceTo(new Date('明天 8:00'), settle)).rejects.toThrow('无效的时间')
    expect(isoInZone(clock.now(), TZ)).toBe('2026-02-03T08:00:00+08:00')
  })
})

describe('cron times', () => {
  it('finds the local firing times of a day', () => {
    expect(isoInZone(firstFiringOn('0 10 * * *', '2026-02-03', TZ) as Date, TZ)).toBe('2026-02-03T10:00:00+08:00')
    expect(firingsOn('0 8,14 * * 1-5', '2026-02-07', TZ)).toEqual([])
    expect(firingsOn('30 8,14 * * *', '2026-02-07', TZ).map((at) => isoInZone(at, TZ))).toEqual([
      '2026-02-07T08:30:00+08:00',
      '2026-02-07T14:30:00+08:00',
    ])
  })
})
