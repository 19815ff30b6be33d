import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import { FileBox } from 'file-box'
import * as PUPPET from 'wechaty-puppet'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { AREAS } from '../areas.js'
import type { SentRecord } from '../bot/bot.js'
import type { Config } from '../config.js'
import { parseClockExpression } from '../domain/clock-expression.js'
import { isoInZone } from '../domain/time.js'
import type { Logger } from '../schedule/clock.js'
import { SimulatedClock } from '../schedule/clock.js'
import type { Store } from '../store/store.js'
import { wireBot, type WiredBot } from '../wire.js'
import type { ScriptEvent, SimulatedMessageType } from './script.js'

export const SIM_BOT_NAME = '教职工群助手'
const MESSAGE_DELIVERY_LIMIT_MS = 10_000

export interface SimulatorOptions {
  config: Config
  store: Store
  log: Logger
  start: Date
  /** Receives each message the bot sends, at its simulated time, with the simulator's handles. */
  onSent: (record: SimulatedSend) => void
  /** See `BotOptions.onMessageHandled`. */
  onMessageHandled?: (elapsedMs: number) => void
}

/** A message the bot sent, and where it really went in the simulated world. */
export interface SimulatedSend extends SentRecord {
  /** The room it went to: its handle (configured topic it was created under, or a `newRoom` handle) and current topic. */
  room?: { handle: string; topic: string }
  /** The handle of the account a private message went to. */
  contactHandle?: string
}

/** The puppet's types for the simulator's message types, as the real puppet delivers them. */
const PUPPET_TYPES: Record<SimulatedMessageType, PUPPET.types.Message> = {
  text: PUPPET.types.Message.Text,
  groupNote: PUPPET.types.Message.GroupNote,
  image: PUPPET.types.Message.Image,
  voice: PUPPET.types.Message.Audio,
}
/** What a simulated photo or voice message carries, so that the puppet can hand out its file. */
const MEDIA_FILES: Partial<Record<SimulatedMessageType, { name: string; base64: string }>> = {
  image: { name: 'photo.jpg', base64: Buffer.from('simulated photo').toString('base64') },
  voice: { name: 'voice.silk', base64: Buffer.from('simulated voice').toString('base64') },
}

type PersonRef = string | { name: string; contact: string }
const handleOf = (person: PersonRef): { name: string; handle: string } =>
  typeof person === 'string' ? { name: person, handle: person } : { name: person.name, handle: person.contact }

/**
 * The real bot on wechaty-puppet-mock with simulated time: every roster member is in the
 * rooms their `groups` name, and the bot is in every configured room. Accounts and rooms are
 * known by handles (a name by default), so two accounts may show one name and a room keeps
 * its handle through renames.
 */
export class Simulator {
  /** Handle → account. */
  private readonly contacts = new Map<string, mock.ContactMock>()
  /** Handle → room: configured rooms by the topic they were created under, others by their `newRoom` handle. */
  private readonly rooms = new Map<string, mock.RoomMock>()
  /** Mock id → handle, for rooms and accounts alike (their ids never collide). */
  private readonly handleOfId = new Map<string, string>()
  private expectedMessages = 0
  /** Per room handle and sender handle, the ids of the messages sent there, latest last: what a recall takes back. */
  private readonly sentIds = new Map<string, string[]>()
  private expectedMembershipEvents = 0

  private constructor(
    readonly wired: WiredBot,
    readonly clock: SimulatedClock,
    private readonly mocker: mock.Mocker,
    private readonly self: mock.ContactMock,
    private readonly options: SimulatorOptions,
  ) {}

  static async start(options: SimulatorOptions): Promise<Simulator> {
    const { config, store, log } = options
    const mocker = new mock.Mocker()
    const puppet = new PuppetMock({ mocker })
    const clock = new SimulatedClock(options.start)
    let simulator: Simulator | undefined
    const wired = await wireBot({
      puppet,
      config,
      store,
      areas: AREAS,
      clock,
      log,
      wallClock: () => Date.now(),
      onSent: (record) => options.onSent(simulator?.describe(record) ?? record),
      ...(options.onMessageHandled ? { onMessageHandled: options.onMessageHandled } : {}),
    })
    const self = mocker.createContact({ name: SIM_BOT_NAME })
    simulator = new Simulator(wired, clock, mocker, self, options)
    const { bot } = wired
    for (const person of config.roster) simulator.contact({ name: person.name, handle: person.name })
    for (const group of config.groups) {
      const members = config.roster.filter((person) => person.groups.includes(group.topic))
      const memberIdList = [self.id, ...members.map((person) => (simulator as Simulator).contact({ name: person.name, handle: person.name }).id)]
      simulator.addRoom(group.topic, mocker.createRoom({ topic: group.topic, memberIdList }))
    }
    const loggedIn = new Promise((resolve) => bot.wechaty.once('login', resolve))
    await bot.start()
    mocker.login(self)
    await loggedIn
    await simulator.settle()
    return simulator
  }

  /** The account with this handle, created on first use (senders need not be on the roster). */
  contact({ name, handle }: { name: string; handle: string }): mock.ContactMock {
    let contact = this.contacts.get(handle)
    if (!contact) {
      contact = this.mocker.createContact({ name })
      this.contacts.set(handle, contact)
      this.handleOfId.set(contact.id, handle)
    }
    return contact
  }

  private addRoom(handle: string, room: mock.RoomMock): void {
    this.rooms.set(handle, room)
    this.handleOfId.set(room.id, handle)
  }

  /** The account whose handle is this display name (the default for a name). */
  contactNamed(name: string): mock.ContactMock {
    return this.contact({ name, handle: name })
  }

  private room(handle: string): mock.RoomMock {
    const room = this.rooms.get(handle)
    if (!room) throw new Error(`没有这个群：${handle} (no such room)`)
    return room
  }

  /** What the bot sent, with the handles of the room or account it really reached. */
  describe(record: SentRecord): SimulatedSend {
    const roomHandle = record.roomId === undefined ? undefined : this.handleOfId.get(record.roomId)
    const room = roomHandle ? this.rooms.get(roomHandle) : undefined
    const contactHandle = record.contactId === undefined ? undefined : this.handleOfId.get(record.contactId)
    return {
      ...record,
      ...(roomHandle && room ? { room: { handle: roomHandle, topic: room.payload.topic } } : {}),
      ...(contactHandle ? { contactHandle } : {}),
    }
  }

  readonly settle = async (): Promise<void> => {
    // A message is in flight from the moment it is said until the bot's handler has it.
    const giveUpAt = Date.now() + MESSAGE_DELIVERY_LIMIT_MS
    const { bot } = this.wired
    while (bot.received < this.expectedMessages || bot.membershipEvents < this.expectedMembershipEvents) {
      if (Date.now() > giveUpAt) throw new Error('模拟消息或进出群事件没有送达机器人 (simulated event never reached the bot)')
      await new Promise((resolve) => setImmediate(resolve))
    }
    await bot.idle()
  }

  async advanceTo(time: Date): Promise<void> {
    await this.clock.advanceTo(time, this.settle)
  }

  /** Applies one script event at its time. */
  async play(event: Omit<ScriptEvent, 'line' | 'at'>): Promise<void> {
    // Before the clock moves: a harness that kills the simulator learns how far time may have gone.
    this.options.log.debug(`模拟时钟推进到 ${isoInZone(event.time, this.options.config.timezone)} (simulated clock advancing)`)
    await this.advanceTo(event.time)
    const roomHandle = event.roomHandle ?? event.room
    if (event.from !== undefined) {
      const from = { name: event.from, handle: event.contact ?? event.from }
      if (event.recall) this.recall(from, roomHandle)
      else this.send(from, event.text ?? '', roomHandle, event.type)
      await this.settle()
      return
    }
    if (event.newRoom) {
      const { handle, topic, owner, members } = event.newRoom
      const ownerContact = this.contactNamed(owner)
      const memberIdList = [this.self.id, ...new Set([ownerContact.id, ...members.map((name) => this.contactNamed(name).id)])]
      this.addRoom(handle, this.mocker.createRoom({ topic, memberIdList, ownerId: ownerContact.id }))
      return
    }
    if (roomHandle === undefined) return
    const room = this.room(roomHandle)
    if (event.rename) {
      this.expectedMembershipEvents += 1
      room.topic(event.rename).by(this.self)
    }
    if (event.join) {
      this.expectedMembershipEvents += 1
      room.add(...event.join.map((person) => this.contact(handleOf(person)))).by(this.self)
    }
    if (event.leave) {
      this.expectedMembershipEvents += 1
      room.remove(...event.leave.map((person) => this.contact(handleOf(person)))).by(this.self)
    }
    await this.settle()
  }

  async say(from: string | { name: string; handle: string }, text: string, roomHandle?: string): Promise<void> {
    this.send(from, text, roomHandle)
    await this.settle()
  }

  /** Hands a message to the puppet without waiting for the bot (a burst); `settle` waits for all. */
  send(from: string | { name: string; handle: string }, text: string, roomHandle?: string, type: SimulatedMessageType = 'text'): void {
    const { sender, room } = this.conversation(from, roomHandle)
    const media = MEDIA_FILES[type]
    const id = this.emit(sender, room, { type: PUPPET_TYPES[type], ...(media ? {} : { text }) })
    if (media) this.mocker.cacheFileBoxPayload.set(id, FileBox.fromBase64(media.base64, media.name).toJSON())
    const key = this.sentKey(sender, roomHandle)
    this.sentIds.set(key, [...(this.sentIds.get(key) ?? []), id])
  }

  /** The sender takes back their latest message in the room (or private chat) not yet taken back. */
  recall(from: string | { name: string; handle: string }, roomHandle?: string): void {
    const { sender, room } = this.conversation(from, roomHandle)
    const recalledId = this.sentIds.get(this.sentKey(sender, roomHandle))?.pop()
    if (recalledId === undefined) throw new Error('没有可以撤回的消息 (nothing to recall)')
    // Wechaty's contract for a Recalled message: its text is the id of the message taken back.
    this.emit(sender, room, { type: PUPPET.types.Message.Recalled, text: recalledId })
  }

  private conversation(from: string | { name: string; handle: string }, roomHandle: string | undefined): { sender: mock.ContactMock; room?: mock.RoomMock } {
    const sender = this.contact(typeof from === 'string' ? { name: from, handle: from } : from)
    const room = roomHandle ? this.room(roomHandle) : undefined
    if (room && !room.payload.memberIdList.includes(sender.id)) room.payload.memberIdList.push(sender.id)
    return { sender, ...(room ? { room } : {}) }
  }

  private sentKey(sender: mock.ContactMock, roomHandle: string | undefined): string {
    return `${roomHandle ?? ''}\u0000${sender.id}`
  }

  /** What the mock's own `say` does, for any message type: the payload is created, then announced. */
  private emit(sender: mock.ContactMock, room: mock.RoomMock | undefined, content: { type: PUPPET.types.Message; text?: string }): string {
    const id = randomUUID()
    const where = room ? { roomId: room.id, mentionIdList: [] } : { listenerId: this.self.id }
    this.expectedMessages += 1
    this.mocker.MessageMock.create({ id, talkerId: sender.id, timestamp: Date.now(), ...content, ...where })
    this.mocker.puppet.emit('message', { messageId: id })
    return id
  }

  /** Lets what is already queued go out, advancing time only as the send throttle needs. */
  async finish(): Promise<void> {
    await this.clock.drainTimers(this.settle)
    await this.wired.shutdown()
    await this.wired.bot.wechaty.stop()
  }
}

/** One output line: rooms by current topic and handle, private messages by name and the account's handle. */
export function sentRecordJson(record: SimulatedSend, timeZone: string): string {
  const line: Record<string, unknown> = { at: isoInZone(record.at, timeZone) }
  if ('room' in record.to) {
    line.room = record.room?.topic ?? record.to.room
    line.roomHandle = record.room?.handle ?? record.to.room
  } else {
    line.to = 'person' in record.to ? record.to.person : record.to.name
    if (record.contactHandle) line.contact = record.contactHandle
  }
  if (record.file !== undefined) {
    line.file = record.file
    line.bytes = record.bytes
  } else {
    line.text = record.text
    if (record.mentions?.length) line.mentions = record.mentions
  }
  return JSON.stringify(line)
}

/**
 * `room> name: text` lines on stdin; `> name: text` is a private chat; `@ 明天 8:00`, `@ 10:00`,
 * `@ +2h` jump the clock. A message lets only the send throttle run: the clock moves by seconds.
 */
export async function runInteractive(simulator: Simulator, options: { timeZone: string; sendIntervalMs: number }, write: (line: string) => void): Promise<void> {
  const { timeZone } = options
  const input = createInterface({ input: process.stdin, terminal: false })
  write(`模拟器已启动，现在是 ${isoInZone(simulator.clock.now(), timeZone)}。输入 “群名> 姓名: 内容” 发群消息，“> 姓名: 内容” 私聊，“@ 明天 8:00”、“@ 10:00” 或 “@ +2h” 拨快时钟，Ctrl-D 退出。\n`)
  for await (const raw of input) {
    const line = raw.trim()
    if (!line) continue
    try {
      if (line.startsWith('@')) {
        const target = parseClockExpression(line.slice(1), simulator.clock.now(), timeZone)
        if (!target.ok) {
          write(`${target.reason}\n`)
          continue
        }
        await simulator.advanceTo(target.at)
        write(`现在是 ${isoInZone(simulator.clock.now(), timeZone)}\n`)
        continue
      }
      const match = /^([^>]*)>\s*([^:：]+)[:：]\s*(.*)$/.exec(line)
      if (!match) {
        write('格式：群名> 姓名: 内容\n')
        continue
      }
      const [, room, from, text] = match
      await simulator.say((from ?? '').trim(), text ?? '', room?.trim() || undefined)
      await simulator.clock.followShortTimers(options.sendIntervalMs, simulator.settle)
    } catch (error) {
      write(`出错：${(error as Error).message}\n`)
    }
  }
  await simulator.finish()
}
