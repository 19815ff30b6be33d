import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Simulator } from '../src/bot/simulator.js'
import type { SentRecord } from '../src/bot/bot.js'
import { resolveConfig, type Config } from '../src/config.js'
import { createLogger } from '../src/log.js'
import { Store } from '../src/store/store.js'

export interface Sent {
  at: Date
  room?: string
  to?: string
  text?: string
  mentions?: string[]
  file?: string
  bytes?: number
  data?: Uint8Array
}

export const EXAMPLE_CONFIG_FILE = path.resolve('data/config.example.json')

/** A small school: 行政群 (张伟, 刘洋), 全体教职工群 (everyone), 2 class teachers. */
export const SMALL_SCHOOL = {
  timezone: 'Asia/Shanghai',
  groups: [
    { topic: '行政群', role: 'admin' },
    { topic: '宣传讨论群', role: 'publicity' },
    { topic: '全体教职工群', role: 'staff' },
  ],
  send: { minIntervalMs: 1500 },
  roster: [
    { name: '张伟', aliases: ['张校长'], groups: ['全体教职工群', '行政群'] },
    { name: '刘洋', groups: ['全体教职工群', '行政群'] },
    { name: '王芳', groups: ['全体教职工群'], class: '三年级2班' },
    { name: '李娜', groups: ['全体教职工群'], class: '一年级3班' },
    { name: '赵磊', groups: ['全体教职工群', '宣传讨论群'] },
    { name: '吴强', groups: ['全体教职工群'] },
  ],
} as const

export const tempDataDir = (): Promise<string> => mkdtemp(path.join(tmpdir(), 'staff-bot-test-'))

export interface Fixture {
  sim: Simulator
  config: Config
  store: Store
  dataDir: string
  /** Every message the bot sent so far, in order. */
  sent: Sent[]
  /** Advance the simulated clock to `at` (ISO with offset), then play one event. */
  say(at: string, from: string, text: string, room?: string): Promise<Sent[]>
  advance(at: string): Promise<Sent[]>
  /** Let queued messages go out (what the simulator does after its last event). */
  drain(): Promise<Sent[]>
  /** Stop the bot as a routine shutdown would (data flushed, nothing more sent). */
  close(): Promise<void>
}

/**
 * The real bot (router, store, schedules) on wechaty-puppet-mock with simulated time.
 * Reopening the same `dataDir` is a restart with fresh mock ids.
 */
export async function createFixture(options: { config?: unknown; dataDir?: string; start: string }): Promise<Fixture> {
  const config = await resolveConfig(options.config ?? SMALL_SCHOOL, path.resolve('test/fixtures/config.json'))
  const dataDir = options.dataDir ?? (await tempDataDir())
  const store = await Store.open(dataDir)
  const sent: Sent[] = []
  const onSent = (record: SentRecord) => {
    sent.push({
      at: record.at,
      ...('room' in record.to ? { room: record.to.room } : { to: record.to.person }),
      ...(record.text !== undefined ? { text: record.text } : {}),
      ...(record.mentions ? { mentions: record.mentions } : {}),
      ...(record.file !== undefined ? { file: record.file, bytes: record.bytes } : {}),
      ...(record.data ? { data: record.data } : {}),
    })
  }
  const sim = await Simulator.start({ config, store, log: createLogger('error'), start: new Date(options.start), onSent })
  const since = async (work: () => Promise<void>): Promise<Sent[]> => {
    const before = sent.length
    await work()
    return sent.slice(before)
  }
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
