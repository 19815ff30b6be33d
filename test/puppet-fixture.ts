import { documentsOf } from '../src/app/app.js'
import { AREAS } from '../src/areas.js'
import { dateKeyOf } from '../src/domain/time.js'
import { createLogger } from '../src/log.js'
import { Simulator } from '../src/sim/simulator.js'
import { Store } from '../src/store/store.js'
import { loadTestConfig, recorder, tempDataDir, toSent, type Fixture, type Sent } from './fixture.js'

/**
 * Kept apart from test/fixture.ts: Wechaty and the mock puppet take a while to load, and only
 * the tests that prove the wiring need them.
 */
export interface PuppetFixture extends Omit<Fixture, 'membership' | 'say' | 'fatal' | 'logouts'> {
  say(at: string, from: string, text: string, room?: string): Promise<Sent[]>
  sim: Simulator
}

/**
 * The real bot on wechaty-puppet-mock with simulated time, for the tests that prove the
 * Wechaty wiring. Reopening the same `dataDir` is a restart with fresh mock ids.
 */
export async function createPuppetFixture(options: { config?: unknown; dataDir?: string; start: string }): Promise<PuppetFixture> {
  const config = await loadTestConfig(options.config)
  const dataDir = options.dataDir ?? (await tempDataDir())
  const log = createLogger('error')
  const store = await Store.open(dataDir, { documents: documentsOf(AREAS), log, today: dateKeyOf(new Date(options.start), config.timezone) })
  const sent: Sent[] = []
  const sim = await Simulator.start({
    config,
    store,
    log,
    start: new Date(options.start),
    onSent: (record) =>
      sent.push({ ...toSent(record), ...(record.room ? { room: record.room.topic, roomHandle: record.room.handle } : {}), ...(record.contactHandle ? { contact: record.contactHandle } : {}) }),
  })
  const since = recorder(sent)
  return {
    sim,
    config,
    store,
    dataDir,
    sent,
    say: (at, from, text, room) => since(() => sim.play({ time: new Date(at), from, text, ...(room ? { room } : {}) })),
    advance: (at) => since(() => sim.advanceTo(new Date(at))),
    drain: () => since(() => sim.clock.drainTimers(sim.settle)),
    close: () => sim.finish(),
  }
}
