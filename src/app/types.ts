import type { z } from 'zod'
import type { Config, GroupRole } from '../config.js'
import type { Identification, Roster } from '../domain/identity.js'
import type { Destination, Incoming, Outgoing, OutgoingFile } from '../domain/types.js'
import type { Clock, Logger } from '../schedule/clock.js'
import type { SummarySection } from '../domain/reminders.js'
import type { DocumentSpec, Store } from '../store/store.js'
import type { IdentityBook } from './identity.js'

/**
 * Who may run a command, checked at the moment of the command from live room membership:
 * `admin` (sent in an admin group, or privately by a current member of one), members of a
 * role's group (`{ role }`), or people on a named list an area declares (`{ team }`).
 * A list means any of them.
 */
export type AccessRule = 'everyone' | 'admin' | { role: GroupRole } | { team: string }
export type Access = AccessRule | readonly AccessRule[]

export interface Deliver {
  /** Queue messages for sending. `urgent` ones (alerts, errors) go ahead of routine ones. */
  (messages: Outgoing[], options?: { urgent?: boolean }): void
}

export type { SummarySection } from '../domain/reminders.js'

/** One figure of the upward report (/汇总), in the order the area lists them. */
export interface ReportFigure {
  label: string
  value: string | number
}

/** What every area is given: capabilities are passed in, never imported. */
export interface AppContext {
  config: Config
  roster: Roster
  store: Store
  clock: Clock
  log: Logger
  deliver: Deliver
  /** Role of a configured group, by topic. */
  roleOf(topic: string | undefined): GroupRole | undefined
  topicsWithRole(role: GroupRole): string[]
  bindingOf(nickname: string): string | undefined
  /** Sends to every group of a role; admin notices are urgent by default. */
  notifyRole(role: GroupRole, text: string, options?: { urgent?: boolean; mentions?: string[] }): void
  notifyAdmins(text: string, options?: { urgent?: boolean; mentions?: string[] }): void
  /** Today in the school's time zone (YYYY-MM-DD). */
  today(): string
  /** Every area's daily-summary sections for `dateKey`; an area that fails is left out. */
  summarySections(dateKey: string): Promise<SummarySection[]>
  /** Every area's upward-report figures for a span of days, grouped by area. */
  reportFigures(from: string, to: string): Promise<{ area: string; title: string; figures: ReportFigure[] }[]>
  /** The fatal path for a store failure: admins told at once, then the bot stops. */
  fail(error: Error): void
  /** Whether the bot ran on this data directory before this start: only then was anything "missed while down". */
  startedBefore(): boolean
  /** Every command, for /帮助: built after the areas, so it is asked for when needed. */
  registry(): CommandRegistry
  /** Logs the WeChat account out; absent where the transport cannot (the simulator). */
  logout?: () => Promise<void>
  /** Which contact is which roster person in this login. */
  identities: IdentityBook
  /** Every name a roster person may show in WeChat: roster name, aliases, /我是 nicknames. */
  namesFor(person: string): string[]
}

export interface CommandRegistry {
  readonly commands: readonly Command[]
  mayRun(command: Command, context: MessageContext): Promise<boolean>
  resolve(text: string): { command: Command } | { unknown: string } | undefined
}

/**
 * Mark-then-send that survives restarts, owned by one area: `send` runs only the first time
 * `key` is claimed. Markers are purged by the date they concern (`day`, default the day of `at`).
 */
export interface Once {
  (key: string, at: Date, send: () => void | Promise<void>, options?: { day?: string }): Promise<boolean>
  /** The keys of `keys` not claimed before, now claimed. */
  claim(keys: readonly string[], at: Date, options?: { day?: string }): Promise<Set<string>>
  has(key: string): Promise<boolean>
}

/** What an area gets at construction: the app, its own config section and its own markers. */
export interface AreaContext<Section> extends AppContext {
  section: Section
  once: Once
}

export interface ReplyOptions {
  mentions?: string[]
  /** A report an admin asked for: may run to many messages. Other replies are kept short. */
  bulk?: boolean
}

export interface MessageContext {
  app: AppContext
  incoming: Incoming
  /** The roster person who sent it, if the bot could tell. */
  sender?: Identification
  /** One rule for the name stored against what someone did: roster name, else the WeChat name they show. */
  senderName: string
  /**
   * No other account in the groups is, or wrote as, the sender's person in this login: what
   * acting in someone's name needs (team rights, their own data, a signed review). Asked only
   * where it matters: it looks through the groups' member lists.
   */
  soleClaim(): Promise<boolean>
  /** Admin rights for this message: sent in an admin group, or privately by a current member of one. */
  isAdmin: boolean
  /** The sender is a member of an admin group right now, wherever this message was sent. */
  isAdminMember: boolean
  roomRole?: GroupRole
  /** An admin group or a private chat: where health details may be shown. */
  inAdminPlace: boolean
  /** Where a reply to this message goes: the room it came from, or the sender privately. */
  replyTo: Destination
  reply(text: string, options?: ReplyOptions): void
  replyFile(file: OutgoingFile): void
  /** To the contact this message came from, never "someone with that name". */
  replyPrivately(text: string, options?: ReplyOptions): void
  /**
   * Details for admins' eyes: shown here in an admin place, otherwise sent privately with a
   * short note here (`noteHere`, default: health details were sent privately).
   */
  replyWithDetails(text: string, options?: ReplyOptions & { noteHere?: string }): void
  /** A message to a roster person's private chat. */
  tell(person: string, text: string): void
  /** Messages a service produced in answer to this one. */
  send(messages: readonly Outgoing[]): void
  notifyAdmins(text: string, options?: { urgent?: boolean; mentions?: string[] }): void
  notifyRole(role: GroupRole, text: string, options?: { urgent?: boolean; mentions?: string[] }): void
}

/** A message context whose sender the bot recognised. */
export type KnownSenderContext = MessageContext & { sender: Identification }

interface CommandBase<Args> {
  /** Canonical English name first (`help`, `meeting new`), then Chinese ones (`帮助`, `会议 新建`). */
  names: readonly string[]
  /** Open to senders in none of the configured groups (who otherwise get no roster data at all). */
  openToStrangers?: true
  summary: string
  usage: string
  access: Access
  /** Parses the words after the command name. */
  args: z.ZodType<Args, string[]>
}

export type Command<Args = unknown> = CommandBase<Args> &
  (
    | { knownSender?: false; run(context: MessageContext, args: Args): Promise<void> | void }
    /** Only for senders the bot recognises; others are told how to introduce themselves. */
    | { knownSender: true; run(context: KnownSenderContext, args: Args): Promise<void> | void }
  )

/** Helps TypeScript infer `Args` from the schema while a registry holds mixed commands. */
export const defineCommand = <Args>(command: Command<Args>): Command<Args> => command

/** Where a listener hears messages: rooms of these roles, and private chats when `private` is listed. */
export type ListenerScope = GroupRole | 'private'

export interface Listener {
  scope: readonly ListenerScope[]
  /** Lower runs first; a listener that handles a message claims it and later ones do not see it. */
  order?: number
  /** Returns true when the message was this listener's (replies go through the context). */
  hear(context: MessageContext): Promise<boolean> | boolean
}

export interface ScheduledJob {
  name: string
  cron: string
  run(firedAt: Date): Promise<void>
}

/** Data kept for a while, then purged by the one nightly job. */
export interface RetentionRule {
  /** What is purged, in the log line: 健康数据, 请假记录 … */
  what: string
  /** Removes what is past its time on `today`; returns how many items went. */
  purge(today: string): Promise<number>
}

export interface MembershipEvent {
  room: string
  joined: string[]
  left: string[]
}

/** What an area contributes once built. */
export interface AreaParts {
  commands?: Command<any>[]
  listeners?: Listener[]
  jobs?: ScheduledJob[]
  /** Runs once after login, before new messages are handled: catch up on what was missed. */
  onStart?(now: Date): Promise<void>
  /** Someone joined or left a configured room. */
  onMembership?(event: MembershipEvent): Promise<void> | void
  retention?: RetentionRule[]
  /** Lines for the admin groups' daily summary. */
  summary?(dateKey: string): Promise<SummarySection[]>
  /** Figures for the upward report (/汇总) over a span of days. */
  figures?(from: string, to: string): Promise<ReportFigure[]>
}

/** Named lists of roster names that rights can refer to (`{ team: 'tech.team' }`). */
export type Teams = Record<string, readonly string[]>

/**
 * A product area: one place for its config section, data, rights, listeners, schedules,
 * retention, summary lines and report figures. The core knows none of them by name.
 */
export interface Area<Section = unknown> {
  name: string
  /** Title of its block in the upward report. */
  title?: string
  /** Its section of the config file: key and schema (with defaults). */
  config?: { key: string; schema: z.ZodType<Section> }
  /** Its data documents, validated at start-up. */
  documents?: readonly DocumentSpec<any, any>[]
  teams?(section: Section): Teams
  create(context: AreaContext<Section>): AreaParts
}

/** Helps TypeScript tie an area's section type to its schema. */
export const defineArea = <Section>(area: Area<Section>): Area<Section> => area
