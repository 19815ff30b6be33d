import { FileBox } from 'file-box'
import qrcodeTerminal from 'qrcode-terminal'
import { WechatyBuilder, ScanStatus, types, type Contact, type Message, type Room, type Wechaty, type WechatyOptions } from 'wechaty'
import type { GroupConfig } from '../config.js'
import type { Destination, Incoming, Outgoing } from '../domain/types.js'
import type { Clock, Logger } from '../schedule/clock.js'
import { SendQueue, type WireMessage } from './send-queue.js'
import { describeWechat4uError } from './wechat4u-hardening.js'

/** What the bot sent, as the simulator prints it. */
export interface SentRecord {
  at: Date
  to: Destination
  text?: string
  mentions?: string[]
  file?: string
  bytes?: number
  /** The file's content, for tests that open what was sent. */
  data?: Uint8Array
}

/** A puppet instance, or a puppet module's name as WECHATY_PUPPET gives it. */
export type PuppetChoice = WechatyOptions['puppet']

/** What the bot hands WeChat's events to, and asks about people: the app, as plain objects. */
export interface BotHandlers {
  /** After login: schedules and start-up catch-up. */
  start(): Promise<void>
  handle(incoming: Incoming): Promise<void>
  membershipChanged(event: { room: string; joined: string[]; left: string[] }): Promise<void>
  /** Every name a roster person may show in WeChat (name, aliases, /我是 nicknames). */
  namesFor(person: string): string[]
}

export interface SendSettings {
  minIntervalMs: number
  maxChars: number
  maxMentions: number
}

export interface BotOptions {
  puppet: PuppetChoice
  groups: readonly GroupConfig[]
  send: SendSettings
  clock: Clock
  log: Logger
  /** The puppet's own time base (message timestamps); drops messages older than the login. */
  wallClock: () => number
  onSent?: (record: SentRecord) => void
  /** Called when the bot cannot go on (login loop, fatal puppet state). */
  onFatal?: (reason: string) => void
  /** Wechaty keeps the login session in `<sessionName>.memory-card.json`; none in the simulator. */
  sessionName?: string
  /**
   * For measurement: called once per message from someone else, with the milliseconds from its
   * 'message' event until it was handled (any report in it durably stored, replies queued).
   */
  onMessageHandled?: (elapsedMs: number) => void
}

export interface StaffBot {
  wechaty: Wechaty
  queue: SendQueue
  /** Queues messages for sending; urgent ones go first. */
  deliver(messages: Outgoing[], options?: { urgent?: boolean }): void
  /** Connects the app: WeChat's events go to it from now on. */
  attach(handlers: BotHandlers): void
  start(): Promise<void>
  /** Routine shutdown: waits for the handlers at work, keeping the WeChat session for the next start. */
  shutdown(): Promise<void>
  /** Resolves when every message received so far has been handled and nothing is mid-send. */
  idle(): Promise<void>
  /** Non-self message events seen so far (the simulator waits for its own to arrive). */
  readonly received: number
  /** Room join and leave events seen so far (likewise). */
  readonly membershipEvents: number
  /** Wall-clock time of the last sign of life from the puppet. */
  readonly lastActivity: number
}

const SEEN_IDS_KEPT = 5_000
const LOGIN_STORM_WINDOW_MS = 10 * 60_000
const LOGIN_STORM_LIMIT = 8
/** Web WeChat can replay the last moments before login; anything older than this margin is history. */
const LOGIN_GRACE_MS = 5_000

/**
 * The transport: WeChat events in as plain `Incoming` messages, queued `Outgoing` messages out.
 * It knows the configured groups' topics and roles, nothing of what the messages mean.
 */
export async function createBot(options: BotOptions): Promise<StaffBot> {
  const { groups, clock, log, wallClock } = options
  let app: BotHandlers | undefined
  const handlers = (): BotHandlers => {
    if (!app) throw new Error('bot used before the app was attached')
    return app
  }
  const roleOf = (topic: string): string | undefined => groups.find((group) => group.topic === topic)?.role
  const wechaty = WechatyBuilder.build({ ...(options.sessionName ? { name: options.sessionName } : {}), puppet: options.puppet })
  const rooms = new Map<string, Room>()
  const pending = new Set<Promise<unknown>>()
  const seenIds = new Set<string>()
  const loginEvents: number[] = []
  let loggedInAt = Number.POSITIVE_INFINITY
  let started = false
  let received = 0
  let membershipEvents = 0
  let lastActivity = wallClock()

  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work)
    void work.finally(() => pending.delete(work)).catch(() => undefined)
    return work
  }

  /** A rejected handler must never take the process down. */
  const guarded =
    <A extends unknown[]>(what: string, handler: (...args: A) => Promise<void>) =>
    (...args: A): void => {
      lastActivity = wallClock()
      void track(
        handler(...args).catch((error: unknown) => log.error(`${what} 出错 (handler failed): ${describeWechat4uError(error)}`)),
      )
    }

  async function findRoom(topic: string): Promise<Room | undefined> {
    const cached = rooms.get(topic)
    if (cached) return cached
    const room = await wechaty.Room.find({ topic })
    if (room) rooms.set(topic, room)
    return room
  }

  async function memberNamed(room: Room, personName: string): Promise<Contact | undefined> {
    const wanted = new Set(handlers().namesFor(personName))
    for (const member of await room.memberAll()) {
      const alias = await room.alias(member)
      if ((alias && wanted.has(alias)) || wanted.has(member.name())) return member
    }
    return undefined
  }

  async function findPerson(personName: string): Promise<Contact | undefined> {
    for (const group of groups) {
      const room = await findRoom(group.topic)
      const member = room ? await memberNamed(room, personName) : undefined
      if (member) return member
    }
    return undefined
  }

  async function findTarget(to: Destination): Promise<Room | Contact | undefined> {
    if ('room' in to) return findRoom(to.room)
    if ('contact' in to) return wechaty.Contact.find({ id: to.contact })
    return findPerson(to.person)
  }

  async function transport(message: WireMessage): Promise<void> {
    const target = await findTarget(message.to)
    if (!target) throw new Error('room' in message.to ? `找不到群「${message.to.room}」` : '找不到这个联系人')
    if (message.file) {
      // A base64 box, unlike a buffer one, survives puppets that serialise what they send (puppet-mock does).
      await target.say(FileBox.fromBase64(Buffer.from(message.file.data).toString('base64'), message.file.name))
      options.onSent?.({ at: clock.now(), to: message.to, file: message.file.name, bytes: message.file.data.byteLength, data: message.file.data })
      return
    }
    const text = message.text ?? ''
    if ('room' in message.to && message.mentions?.length) {
      const room = target as Room
      const members = await Promise.all(message.mentions.map((name) => memberNamed(room, name)))
      const found = members.filter((member): member is Contact => Boolean(member))
      const unreachable = message.mentions.filter((_, index) => !members[index])
      // People no longer in the group are still named, as plain text.
      const body = unreachable.length ? `${unreachable.map((name) => `@${name}`).join(' ')} ${text}` : text
      await room.say(body, ...found)
      options.onSent?.({ at: clock.now(), to: message.to, text: body, mentions: message.mentions })
      return
    }
    await target.say(text)
    options.onSent?.({ at: clock.now(), to: message.to, text })
  }

  const queue = new SendQueue({ clock, log, transport, ...options.send })

  /** The configured groups the contact is in right now, from the rooms' live member lists. */
  async function groupsOf(talker: Contact): Promise<string[]> {
    const found: string[] = []
    for (const group of groups) {
      const room = await findRoom(group.topic)
      if (room && (await room.has(talker))) found.push(group.topic)
    }
    return found
  }

  async function toIncoming(message: Message): Promise<Incoming | undefined> {
    if (message.type() !== types.Message.Text) return undefined
    const talker = message.talker()
    const room = message.room()
    const topic = room ? await room.topic() : undefined
    if (room && (!topic || !roleOf(topic))) return undefined
    const roomAlias = room ? await room.alias(talker) : undefined
    const mentions = await message.mentionList()
    return {
      ...(topic ? { room: topic } : {}),
      sender: { contact: talker.id, contactName: talker.name(), ...(roomAlias ? { roomAlias } : {}) },
      text: message.text(),
      mentions: mentions.map((contact) => contact.name()),
      mentionsBot: await message.mentionSelf(),
      at: clock.now(),
      senderGroups: await groupsOf(talker),
    }
  }

  function isRepeatOrHistory(message: Message): boolean {
    if (seenIds.has(message.id)) return true
    seenIds.add(message.id)
    if (seenIds.size > SEEN_IDS_KEPT) seenIds.delete(seenIds.values().next().value as string)
    return message.date().getTime() < loggedInAt - LOGIN_GRACE_MS
  }

  function noteLoginEvent(kind: string): void {
    const now = wallClock()
    loginEvents.push(now)
    while (loginEvents.length && (loginEvents[0] ?? 0) < now - LOGIN_STORM_WINDOW_MS) loginEvents.shift()
    if (loginEvents.length > LOGIN_STORM_LIMIT) {
      const reason = `10 分钟内出现 ${loginEvents.length} 次 ${kind}，停止重试以免账号被限制 (login loop detected, stopping)`
      log.error(reason)
      options.onFatal?.(reason)
    }
  }

  wechaty.on(
    'scan',
    guarded('scan', async (qrcode: string, status: ScanStatus) => {
      if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return
      noteLoginEvent('扫码')
      log.info(`请用微信扫码登录 (scan to log in): https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}`)
      qrcodeTerminal.generate(qrcode, { small: true }, (art) => process.stderr.write(`${art}\n`))
    }),
  )
  wechaty.on(
    'login',
    guarded('login', async (user: Contact) => {
      loggedInAt = wallClock()
      // Room ids change at every web-protocol login: look rooms up by topic again.
      rooms.clear()
      log.info(`已登录 (logged in) as ${user.name()}`)
      if (!started) {
        started = true
        await handlers().start()
      }
    }),
  )
  wechaty.on(
    'logout',
    guarded('logout', async (user: Contact, reason?: string) => {
      noteLoginEvent('登出')
      log.info(`已登出 (logged out) ${user.name()}${reason ? `: ${reason}` : ''}`)
    }),
  )
  wechaty.on(
    'error',
    guarded('error', async (error: Error) => {
      // Before login every failed connection attempt errors several times; the back-off logs one line per attempt.
      const level = wechaty.isLoggedIn ? 'error' : 'debug'
      log[level](`微信连接出错 (puppet error): ${describeWechat4uError(error)}`)
    }),
  )
  wechaty.on(
    'heartbeat',
    guarded('heartbeat', async () => undefined),
  )
  wechaty.on(
    'message',
    guarded('message', async (message: Message) => {
      if (message.self()) return
      const eventAt = performance.now()
      received += 1
      try {
        if (isRepeatOrHistory(message)) return
        const incoming = await toIncoming(message)
        if (incoming) await handlers().handle(incoming)
      } finally {
        options.onMessageHandled?.(performance.now() - eventAt)
      }
    }),
  )
  wechaty.on(
    'room-join',
    guarded('room-join', async (room: Room, invitees: Contact[]) => {
      membershipEvents += 1
      const topic = await room.topic()
      if (roleOf(topic)) await handlers().membershipChanged({ room: topic, joined: invitees.map((c) => c.name()), left: [] })
    }),
  )
  wechaty.on(
    'room-leave',
    guarded('room-leave', async (room: Room, leavers: Contact[]) => {
      membershipEvents += 1
      const topic = await room.topic()
      if (roleOf(topic)) await handlers().membershipChanged({ room: topic, joined: [], left: leavers.map((c) => c.name()) })
    }),
  )

  async function idle(): Promise<void> {
    while (pending.size > 0) await Promise.allSettled([...pending])
    await queue.settled()
    if (pending.size > 0) await idle()
  }

  return {
    wechaty,
    queue,
    deliver: (messages, deliverOptions) => queue.enqueue(messages, deliverOptions?.urgent),
    attach(attached) {
      app = attached
    },
    idle,
    get received() {
      return received
    },
    get membershipEvents() {
      return membershipEvents
    },
    get lastActivity() {
      return lastActivity
    },
    start: () => wechaty.start(),
    async shutdown() {
      await Promise.allSettled([...pending])
    },
  }
}
