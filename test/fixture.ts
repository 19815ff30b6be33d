import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createApp, documentsOf, type App } from '../src/app/app.js'
import { AREAS } from '../src/areas.js'
import type { SentRecord } from '../src/bot/bot.js'
import { SendQueue } from '../src/bot/send-queue.js'
import { resolveConfig, type Config } from '../src/config.js'
import type { Incoming } from '../src/domain/types.js'
import { dateKeyOf } from '../src/domain/time.js'
import { createLogger } from '../src/log.js'
import { SimulatedClock } from '../src/schedule/clock.js'
import { Store } from '../src/store/store.js'

export interface Sent {
  at: Date
  room?: string
  /** On the mock puppet: the room's simulator handle, and the handle of the account a private message reached. */
  roomHandle?: string
  contact?: string
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

const createdDirs: string[] = []
/** A fresh data directory, removed when the test file is done (test/setup.ts). */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'staff-bot-test-'))
  createdDirs.push(dir)
  return dir
}

export async function removeTempDataDirs(): Promise<void> {
  await Promise.all(createdDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
}

export const loadTestConfig = (config: unknown = SMALL_SCHOOL): Promise<Config> => resolveConfig(config, path.resolve('test/fixtures/config.json'), AREAS)

export interface Fixture {
  config: Config
  store: Store
  dataDir: string
  /** Every message the bot sent so far, in order. */
  sent: Sent[]
  /** Why the bot stopped on its fatal path, if it did. */
  fatal: string[]
  /** How many times the app asked WeChat to log out. */
  logouts: () => number
  /** Advance the simulated clock to `at` (ISO with offset), then one message from `from` (in `room`, or privately). */
  say(at: string, from: string, text: string, room?: string, extra?: Partial<Incoming>): Promise<Sent[]>
  /** Someone joins or leaves a configured room at `at`. */
  membership(at: string, room: string, change: { joined?: string[]; left?: string[] }): Promise<Sent[]>
  advance(at: string): Promise<Sent[]>
  /** Let queued messages go out (what the simulator does after its last event). */
  drain(): Promise<Sent[]>
  /** Stop as a routine shutdown would (data flushed, nothing more sent). */
  close(): Promise<void>
}

export function toSent(record: SentRecord): Sent {
  const to = record.to
  return {
    at: record.at,
    ...('room' in to ? { room: to.room } : { to: 'person' in to ? to.person : to.name }),
    ...(record.text !== undefined ? { text: record.text } : {}),
    ...(record.mentions ? { mentions: record.mentions } : {}),
    ...(record.file !== undefined ? { file: record.file, bytes: record.bytes } : {}),
    ...(record.data ? { data: record.data } : {}),
  }
}

/** What happened while `work` ran. */
export function recorder(sent: Sent[]) {
  return async (work: () => Promise<void>): Promise<Sent[]> => {
    const before = sent.length
    await work()
    return sent.slice(before)
  }
}

/**
 * The app as plain objects: real areas, router, store and schedules on a simulated clock, and
 * the real send queue (throttle, urgent first, splitting) with a transport that records. No
 * WeChat: a sender is a member of their roster groups and of the room they write in.
 * Reopening the same `dataDir` is a restart.
 */
export async function createFixture(options: { config?: unknown; dataDir?: string; start: string }): Promise<Fixture> {
  const config = await loadTestConfig(options.config)
  const dataDir = options.dataDir ?? (await tempDataDir())
  const log = createLogger('error')
  const store = await Store.open(dataDir, { documents: documentsOf(AREAS), log, today: dateKeyOf(new Date(options.start), config.timezone) })
  const clock = new SimulatedClock(new Date(options.start))
  const sent: Sent[] = []
  const work = new Set<Promise<unknown>>()
  const queue = new SendQueue({
    clock,
    log,
    ...config.send,
    async transport(message) {
      const record: SentRecord = { at: clock.now(), to: message.to }
      if (message.file) sent.push(toSent({ ...record, file: message.file.name, bytes: message.file.data.byteLength, data: message.file.data }))
      else sent.push(toSent({ ...record, text: message.text ?? '', ...(message.mentions ? { mentions: message.mentions } : {}) }))
    },
  })
  const fatal: string[] = []
  let logouts = 0
  const app: App = await createApp({
    areas: AREAS,
    config,
    store,
    clock,
    log,
    deliver: (messages, deliver) => queue.enqueue(messages, deliver?.urgent),
    onFatal: (reason) => fatal.push(reason),
    logout: async () => {
      logouts += 1
    },
  })
  store.onFailure((error) => app.context.fail(error))
  const settle = async (): Promise<void> => {
    while (work.size) await Promise.allSettled([...work])
    await queue.settled()
  }
  const track = (promise: Promise<unknown>): Promise<void> => {
    work.add(promise)
    return promise.then(() => work.delete(promise)).then(settle)
  }
  const since = recorder(sent)
  await app.start()
  await settle()

  function incoming(from: string, text: string, room: string | undefined): Incoming {
    const person = config.roster.find((candidate) => candidate.name === from)
    const senderGroups = [...new Set([...(person?.groups ?? []), ...(room ? [room] : [])])]
    return { kind: 'text', ...(room ? { room } : {}), sender: { contact: `contact:${from}`, contactName: from }, text, mentions: [], at: clock.now(), senderGroups }
  }

  return {
    config,
    store,
    dataDir,
    sent,
    fatal,
    logouts: () => logouts,
    say: (at, from, text, room, extra) =>
      since(async () => {
        await clock.advanceTo(new Date(at), settle)
        await track(app.handle({ ...incoming(from, text, room), ...extra }))
      }),
    membership: (at, room, change) =>
      since(async () => {
        await clock.advanceTo(new Date(at), settle)
        await track(app.membershipChanged({ room, joined: change.joined ?? [], left: change.left ?? [] }))
      }),
    advance: (at) => since(() => clock.advanceTo(new Date(at), settle)),
    drain: () => since(() => clock.drainTimers(settle)),
    async close() {
      await clock.drainTimers(settle)
      app.stop()
      // After a fatal store failure the flush fails the same way; the bot reported it already.
      await store.flush().catch((error: unknown) => {
        if (!fatal.length) throw error
      })
    },
  }
}
