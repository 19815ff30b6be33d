import type { z } from 'zod'
import type { Config, GroupRole } from '../config.js'
import type { Identification, Roster } from '../domain/identity.js'
import type { Destination, Incoming, Outgoing } from '../domain/types.js'
import type { Clock, Logger } from '../schedule/clock.js'
import type { Store } from '../store/store.js'

/** Who may run a command. Rights are checked at the moment of the command. */
export type Access = 'everyone' | 'admin'

export interface Deliver {
  /** Queue messages for sending. `urgent` ones (alerts, errors) go ahead of routine ones. */
  (messages: Outgoing[], options?: { urgent?: boolean }): void
}

/** What every feature is given: capabilities are passed in, never imported. */
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
}

export interface MessageContext {
  app: AppContext
  incoming: Incoming
  /** The roster person who sent it, if the bot could tell. */
  sender?: Identification
  /** Admin rights for this message: sent in an admin group, or privately by a current member of one. */
  isAdmin: boolean
  /** The sender is a member of an admin group right now, wherever this message was sent. */
  isAdminMember: boolean
  roomRole?: GroupRole
  /** Where a reply to this message goes: the room it came from, or the sender privately. */
  replyTo: Destination
  /** The sender's private chat, when the sender is known (for details that must not go to a group). */
  privateTo?: Destination
}

export interface Command<Args = unknown> {
  /** Canonical English name first (`help`, `meeting new`), then Chinese ones (`帮助`, `会议 新建`). */
  names: readonly string[]
  summary: string
  usage: string
  access: Access
  /** Parses the words after the command name. */
  args: z.ZodType<Args, string[]>
  run(context: MessageContext, args: Args): Promise<Outgoing[]> | Outgoing[]
}

/** Helps TypeScript infer `Args` from the schema while a registry holds mixed commands. */
export const defineCommand = <Args>(command: Command<Args>): Command<Args> => command

/** Sees every non-command message; returns replies, or undefined when it has nothing to say. */
export type Listener = (context: MessageContext) => Promise<Outgoing[] | undefined> | Outgoing[] | undefined

export interface ScheduledJob {
  name: string
  cron: string
  run(firedAt: Date): Promise<void>
}

/** A product area: its commands, what it listens to, its schedules and its start-up catch-up. */
export interface Feature {
  name: string
  commands?: Command<any>[]
  listeners?: Listener[]
  jobs?: ScheduledJob[]
  /** Runs once after login, before new messages are handled: catch up on what was missed. */
  onStart?(now: Date): Promise<void>
  /** Someone joined or left a configured room. */
  onMembership?(event: { room: string; joined: string[]; left: string[] }): Promise<Outgoing[]> | Outgoing[]
}
