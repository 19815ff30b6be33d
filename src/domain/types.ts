/** A staff member as the roster knows them. Stored data refers to people by `name` only. */
export interface Person {
  /** Unique: with a label it reads 王芳(数学), which is also how that person is asked to introduce themselves. */
  name: string
  /** What tells apart teachers of the same name (数学 in 王芳(数学)). */
  label?: string
  aliases: string[]
  /** Topics of the groups this person belongs to. */
  groups: string[]
  classKey?: string
  classLabel?: string
  /** Office or teaching group (办公室 / 教研组): several abnormal reports in one is a cluster. */
  office?: string
}

/** How the sender appears in WeChat right now; never stored as an identity. */
export interface SenderView {
  /** The WeChat contact this message came from, valid for this login only: where private replies go. */
  contact?: string
  /** Group nickname (room alias) in the room the message came from, if any. */
  roomAlias?: string
  /** The contact's own WeChat name. */
  contactName: string
}

/**
 * What WeChat delivered: typed text, the built-in 群接龙 card (its text is the whole list), a
 * photo, a voice message, a video, or the notice that an earlier message was recalled (撤回).
 */
export type MessageKind = 'text' | 'groupNote' | 'image' | 'voice' | 'video' | 'recalled'

/** A message as the router sees it: plain data, no WeChat objects. */
export interface Incoming {
  kind: MessageKind
  /** The message's id, valid for this login only: what a later recall names. */
  id?: string
  /** For `recalled`: the id (this login) of the message taken back. */
  recalledId?: string
  /** Topic of the room, or undefined for a private chat. */
  room?: string
  sender: SenderView
  /** Empty for a photo, voice, video or recall. */
  text: string
  /** Display names of the people @-mentioned. */
  mentions: string[]
  /** The message @-mentions the bot itself. */
  mentionsBot?: boolean
  at: Date
  /**
   * Topics of the configured groups the sender is a member of at this moment. Computed by the
   * wiring from live member lists of the rooms pinned at login, never from display names.
   */
  senderGroups: string[]
}

/**
 * A configured group (by its topic in the config), a roster person's private chat, or the
 * exact contact a message came from (`name` is for logs and the simulator).
 */
export type Destination = { room: string } | { person: string } | { contact: string; name: string }

export interface OutgoingFile {
  name: string
  data: Uint8Array
}

export interface Outgoing {
  to: Destination
  text?: string
  /** Roster names (or display names) to @-mention; only meaningful in a room. */
  mentions?: string[]
  file?: OutgoingFile
  /** A report an admin asked for: exempt from the few-messages-per-message limit. */
  bulk?: boolean
}

export const say = (to: Destination, text: string, mentions?: string[]): Outgoing =>
  mentions?.length ? { to, text, mentions } : { to, text }

/** Who is in the configured groups right now, as the transport sees them. */
export interface Directory {
  /**
   * Members of the pinned rooms whose group nickname or WeChat name is one of `names`, as
   * each room shows them (`contact` is an id valid for this login).
   */
  membersShowing(names: readonly string[]): Promise<(SenderView & { contact: string })[]>
}
