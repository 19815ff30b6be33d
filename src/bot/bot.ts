import { FileBox } from 'file-box'
import qrcodeTerminal from 'qrcode-terminal'
import { WechatyBuilder, ScanStatus, type Contact, type Message, type Room, type Wechaty, type WechatyOptions } from 'wechaty'
import type { GroupConfig } from '../config.js'
import type { Destination, Directory, Incoming, Outgoing, SenderView } from '../domain/types.js'
import type { Clock, Logger } from '../schedule/clock.js'
import type { RoomCandidate } from '../domain/room-pinning.js'
import { stripInvisible } from '../domain/text-normalize.js'
import { classifyLoginFailure, LOGIN_REFUSED_TEXT, LoginLoopDetector } from './login-refusal.js'
import { messageKindOf, recalledMessageId } from './message-kind.js'
import { SendQueue, type WireMessage } from './send-queue.js'
import { describeWechat4uError } from './wechat4u-hardening.js'

/** What the bot sent, as the simulator prints it. */
export interface SentRecord {
  at: Date
  to: Destination
  /** The room or contact it actually went to (ids of this login), for the simulator's output. */
  roomId?: string
  contactId?: string
  text?: string
  mentions?: string[]
  file?: string
  bytes?: number
  /** The file's content, for tests that open what was sent. */
  data?: Uint8Array
}

/** How the login is doing, for the out-of-band alarm. */
export type ConnectionEvent = { kind: 'scan-needed'; qrUrl: string } | { kind: 'logged-in' } | { kind: 'logged-out'; reason?: string }

/** A puppet instance, or a puppet module's name as WECHATY_PUPPET gives it. */
export type PuppetChoice = WechatyOptions['puppet']

/** What the bot hands WeChat's events to, and asks about people and rooms: the app, as plain objects. */
export interface BotHandlers {
  /** After login and pinning: schedules and start-up catch-up (once per process). */
  start(): Promise<void>
  /** At every login, before anything else: ids changed. */
  loggedIn(): void
  /** Which room is each configured group for this login (topic → room handle). */
  pinRooms(candidatesByTopic: Readonly<Record<string, readonly RoomCandidate[]>>): Promise<{ pins: Record<string, string>; announce(): void }>
  roomIgnored(candidate: RoomCandidate): void
  pinnedRoomRenamed(configuredTopic: string, newTopic: string): void
  handle(incoming: Incoming): Promise<void>
  membershipChanged(event: { room: string; joined: string[]; left: string[] }): Promise<void>
  /** Every name a roster person may show in WeChat (name, aliases, /我是 nicknames). */
  namesFor(person: string): string[]
  /** The one contact that is this roster person in this login, if the bot can tell. */
  contactFor(person: string): Promise<string | undefined>
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
  /**
   * WeChat will not let this account log in with this puppet (its refusal, or scanning and
   * logging out going round in circles): retrying cannot help, the caller stops. Called once.
   */
  onLoginRefused?: () => void
  onConnection?: (event: ConnectionEvent) => void
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
  /** Who is in the pinned rooms, for identity decisions. */
  directory: Directory
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
const ROOM_AS_CONTACT = /no payload found for id \S+@chatroom/
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
  const wechaty = WechatyBuilder.build({ ...(options.sessionName ? { name: options.sessionName } : {}), puppet: options.puppet })
  /** Configured topic → the room pinned for it at this login; never looked up by topic again. */
  let pinned = new Map<string, Room>()
  const topicOfPinned = (room: Room): string | undefined => [...pinned].find(([, candidate]) => candidate.id === room.id)?.[0]
  const pending = new Set<Promise<unknown>>()
  const seenIds = new Set<string>()
  const loginEvents: number[] = []
  let loggedInAt = Number.POSITIVE_INFINITY
  let started = false
  let received = 0
  let membershipEvents = 0
  let lastActivity = wallClock()
  const loginLoop = new LoginLoopDetector({ now: () => new Date(wallClock()) })
  let refused = false

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

  const shownIn = async (room: Room, member: Contact): Promise<string[]> => {
    const alias = await room.alias(member)
    return [stripInvisible(member.name()).trim(), ...(alias ? [stripInvisible(alias).trim()] : [])]
  }

  async function memberNamed(room: Room, personName: string): Promise<Contact | undefined> {
    const wanted = new Set(handlers().namesFor(personName))
    for (const member of await room.memberAll()) {
      if ((await shownIn(room, member)).some((name) => wanted.has(name))) return member
    }
    return undefined
  }

  /**
   * Name → members showing it in the pinned rooms: every message from a recognised sender asks
   * who else shows that name. Built once per login and after every join, leave or rename
   * (waited for); renames WeChat does not announce are caught by a rebuild once a minute, in
   * the background while the last one keeps answering.
   */
  type MemberView = SenderView & { contact: string }
  let nameIndex: { builtAt: number; byName: Promise<Map<string, MemberView[]>> } | undefined
  const NAME_INDEX_MS = 60_000
  async function buildNameIndex(): Promise<Map<string, MemberView[]>> {
    const byName = new Map<string, MemberView[]>()
    for (const room of pinned.values()) {
      for (const member of await room.memberAll()) {
        if (member.id === wechaty.currentUser.id) continue
        const alias = await room.alias(member)
        const view: MemberView = { contact: member.id, contactName: stripInvisible(member.name()).trim(), ...(alias ? { roomAlias: stripInvisible(alias).trim() } : {}) }
        for (const name of new Set([view.contactName, ...(view.roomAlias ? [view.roomAlias] : [])])) byName.set(name, [...(byName.get(name) ?? []), view])
      }
    }
    return byName
  }
  function membersByName(): Promise<Map<string, MemberView[]>> {
    if (!nameIndex) {
      const building = { builtAt: wallClock(), byName: buildNameIndex() }
      nameIndex = building
      // A failed build is not kept: the next message asks the rooms again.
      building.byName.catch(() => {
        if (nameIndex === building) nameIndex = undefined
      })
      return building.byName
    }
    const last = nameIndex
    if (wallClock() - last.builtAt >= NAME_INDEX_MS) {
      last.builtAt = wallClock()
      buildNameIndex().then(
        (byName) => {
          if (nameIndex === last) nameIndex = { builtAt: last.builtAt, byName: Promise.resolve(byName) }
        },
        (error: unknown) => log.warn(`读取群成员出错 (member list failed): ${describeWechat4uError(error)}`),
      )
    }
    return last.byName
  }
  const forgetNames = (): void => {
    nameIndex = undefined
    membership = undefined
  }

  const directory: Directory = {
    async membersShowing(names) {
      const byName = await membersByName()
      return names.flatMap((name) => byName.get(name) ?? [])
    },
  }

  async function findTarget(to: Destination): Promise<Room | Contact | undefined> {
    if ('room' in to) return pinned.get(to.room)
    const id = 'contact' in to ? to.contact : await handlers().contactFor(to.person)
    return id === undefined ? undefined : ((await wechaty.Contact.find({ id })) ?? undefined)
  }

  async function candidateOf(room: Room): Promise<RoomCandidate> {
    const members = await room.memberAll()
    const owner = room.owner()
    return {
      handle: room.id,
      topic: stripInvisible(await room.topic()),
      ...(owner ? { owner: stripInvisible(owner.name()) } : {}),
      members: members.filter((member) => member.id !== wechaty.currentUser.id).map((member) => stripInvisible(member.name())),
    }
  }

  /** At login: every room carrying a configured topic is a candidate; the app pins one per group. */
  async function pinRooms(when: 'login' | 'ready'): Promise<void> {
    const configured = new Set(groups.map((group) => group.topic))
    const candidates: Record<string, RoomCandidate[]> = {}
    const byHandle = new Map<string, Room>()
    for (const room of await wechaty.Room.findAll()) {
      if (!configured.has(stripInvisible(await room.topic()))) continue
      const candidate = await candidateOf(room)
      ;(candidates[candidate.topic] ??= []).push(candidate)
      byHandle.set(room.id, room)
    }
    forgetNames()
    const { pins, announce } = await handlers().pinRooms(candidates)
    const next = new Map(Object.entries(pins).flatMap(([topic, handle]) => (byHandle.has(handle) ? [[topic, byHandle.get(handle) as Room]] : [])))
    const unchanged = next.size === pinned.size && [...next].every(([topic, room]) => pinned.get(topic)?.id === room.id)
    pinned = next
    // Once the contact list is complete the decision is final; the admins hear again only if it changed.
    if (when === 'login' || !unchanged) announce()
  }

  async function transport(message: WireMessage): Promise<void> {
    const target = await findTarget(message.to)
    if (!target) {
      // Not retried: an unpinned group or a person the bot cannot tell apart stays so until the next login.
      log.warn('room' in message.to ? `群「${message.to.room}」这次登录没有找到，消息没有发出 (group not pinned)` : '无法确定私聊对象，为保护隐私没有发送 (no unambiguous contact)')
      return
    }
    const sentTo = 'room' in message.to ? { roomId: target.id } : { contactId: target.id }
    if (message.file) {
      // A base64 box, unlike a buffer one, survives puppets that serialise what they send (puppet-mock does).
      await target.say(FileBox.fromBase64(Buffer.from(message.file.data).toString('base64'), message.file.name))
      options.onSent?.({ at: clock.now(), to: message.to, ...sentTo, file: message.file.name, bytes: message.file.data.byteLength, data: message.file.data })
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
      options.onSent?.({ at: clock.now(), to: message.to, ...sentTo, text: body, mentions: message.mentions })
      return
    }
    await target.say(text)
    options.onSent?.({ at: clock.now(), to: message.to, ...sentTo, text })
  }

  const queue = new SendQueue({ clock, log, transport, ...options.send })

  /** The configured groups the contact is in right now, from the pinned rooms' live member lists. */
  async function groupsOf(talker: Contact, writingIn: string | undefined): Promise<string[]> {
    const known = [...((await groupsByContact()).get(talker.id) ?? [])]
    if (writingIn === undefined || known.includes(writingIn)) return known
    // Someone the lists did not have yet writes in a group: the lists are behind, read them again.
    forgetNames()
    return [...((await groupsByContact()).get(talker.id) ?? [])]
  }

  /**
   * Contact → the pinned rooms it is in, read from the rooms' member lists (what `room.has`
   * reads) once, and again after every join, leave or rename: a burst of reports asks per message.
   */
  let membership: Promise<Map<string, Set<string>>> | undefined
  function groupsByContact(): Promise<Map<string, Set<string>>> {
    membership ??= (async () => {
      const byContact = new Map<string, Set<string>>()
      for (const [topic, room] of pinned) {
        for (const member of await room.memberAll()) byContact.set(member.id, (byContact.get(member.id) ?? new Set()).add(topic))
      }
      return byContact
    })()
    return membership
  }

  /** The configured group a room is pinned as; a room that is not pinned is ignored (and reported once). */
  async function groupOf(room: Room): Promise<string | undefined> {
    const topic = topicOfPinned(room)
    if (topic === undefined) handlers().roomIgnored(await candidateOf(room))
    return topic
  }

  async function toIncoming(message: Message): Promise<Incoming | undefined> {
    const kind = messageKindOf(message.type())
    if (kind === undefined) return undefined
    const recalledId = kind === 'recalled' ? recalledMessageId(message.text()) : undefined
    if (kind === 'recalled' && recalledId === undefined) return undefined
    const talker = message.talker()
    const room = message.room()
    const topic = room ? await groupOf(room) : undefined
    if (room && topic === undefined) return undefined
    const roomAlias = room ? await room.alias(talker) : undefined
    const mentions = kind === 'text' ? await message.mentionList() : []
    return {
      kind,
      id: message.id,
      ...(recalledId !== undefined ? { recalledId } : {}),
      ...(topic ? { room: topic } : {}),
      sender: { contact: talker.id, contactName: stripInvisible(talker.name()), ...(roomAlias ? { roomAlias: stripInvisible(roomAlias) } : {}) },
      // A photo's or voice's text is the puppet's placeholder or XML, and a recall's is an id: neither was said.
      text: kind === 'text' || kind === 'groupNote' ? message.text() : '',
      mentions: mentions.map((contact) => contact.name()),
      // What wechaty's mentionSelf() computes, without parsing the mentions a second time.
      mentionsBot: mentions.some((contact) => contact.id === wechaty.currentUser.id),
      at: clock.now(),
      senderGroups: await groupsOf(talker, topic),
    }
  }

  function isRepeatOrHistory(message: Message): boolean {
    if (seenIds.has(message.id)) return true
    seenIds.add(message.id)
    if (seenIds.size > SEEN_IDS_KEPT) seenIds.delete(seenIds.values().next().value as string)
    return message.date().getTime() < loggedInAt - LOGIN_GRACE_MS
  }

  function refuseLogin(): void {
    if (refused) return
    refused = true
    log.error(LOGIN_REFUSED_TEXT)
    options.onLoginRefused?.()
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
      if (refused) return
      if (status === ScanStatus.Scanned || status === ScanStatus.Confirmed) {
        loginLoop.record('scanned')
        return
      }
      if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return
      // A new QR code right after the phone confirmed is WeChat turning the login away.
      if (loginLoop.record('qr')) return refuseLogin()
      noteLoginEvent('扫码')
      log.info(`请用微信扫码登录 (scan to log in): https://wechaty.js.org/qrcode/${encodeURIComponent(qrcode)}`)
      qrcodeTerminal.generate(qrcode, { small: true }, (art) => process.stderr.write(`${art}\n`))
      options.onConnection?.({ kind: 'scan-needed', qrUrl: qrcode })
    }),
  )
  wechaty.on(
    'login',
    guarded('login', async (user: Contact) => {
      loggedInAt = wallClock()
      loginLoop.record('login')
      log.info(`已登录 (logged in) as ${user.name()}`)
      options.onConnection?.({ kind: 'logged-in' })
      // Ids change at every web-protocol login: rooms are pinned and people learnt again.
      handlers().loggedIn()
      // The web protocol goes on loading saved groups after login: this is a first decision,
      // made again when the puppet says its contact list is complete ('ready').
      await pinRooms('login')
      if (!started) {
        started = true
        await handlers().start()
      }
    }),
  )
  wechaty.on(
    'ready',
    guarded('ready', async () => {
      if (wechaty.isLoggedIn) await pinRooms('ready')
    }),
  )
  wechaty.on(
    'logout',
    guarded('logout', async (user: Contact, reason?: string) => {
      noteLoginEvent('登出')
      log.info(`已登出 (logged out) ${user.name()}${reason ? `: ${reason}` : ''}`)
      options.onConnection?.({ kind: 'logged-out', ...(reason ? { reason } : {}) })
      if (loginLoop.record('logout')) refuseLogin()
    }),
  )
  wechaty.on(
    'error',
    guarded('error', async (error: Error) => {
      // Before login every failed connection attempt errors several times; the back-off logs one line per attempt.
      // Wechaty reloads a room's member list after a join by looking the room id up as a contact
      // (its "dirty RoomMember" handler); a puppet that keeps rooms apart from contacts says there
      // is no such contact. Nothing is wrong: the members are reloaded anyway.
      const level = wechaty.isLoggedIn && !ROOM_AS_CONTACT.test(error.message) ? 'error' : 'debug'
      log[level](`微信连接出错 (puppet error): ${describeWechat4uError(error)}`)
      if (!wechaty.isLoggedIn && classifyLoginFailure(error) === 'refused') refuseLogin()
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
      forgetNames()
      const topic = await groupOf(room)
      if (topic !== undefined) await handlers().membershipChanged({ room: topic, joined: invitees.map((c) => stripInvisible(c.name())), left: [] })
    }),
  )
  wechaty.on(
    'room-leave',
    guarded('room-leave', async (room: Room, leavers: Contact[]) => {
      membershipEvents += 1
      forgetNames()
      const topic = await groupOf(room)
      if (topic !== undefined) await handlers().membershipChanged({ room: topic, joined: [], left: leavers.map((c) => stripInvisible(c.name())) })
    }),
  )
  wechaty.on(
    'room-topic',
    guarded('room-topic', async (room: Room, newTopic: string) => {
      membershipEvents += 1
      forgetNames()
      const configured = topicOfPinned(room)
      // A pinned room stays its group for this login; any other room that takes a configured topic never does.
      if (configured !== undefined) handlers().pinnedRoomRenamed(configured, stripInvisible(newTopic))
      else handlers().roomIgnored({ ...(await candidateOf(room)), topic: stripInvisible(newTopic) })
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
    directory,
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
