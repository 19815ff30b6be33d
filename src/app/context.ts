import { identify } from '../domain/identity.js'
import { say, type Destination, type Incoming, type Outgoing } from '../domain/types.js'
import type { AppContext, MessageContext, ReplyOptions } from './types.js'

const SENT_PRIVATELY = '涉及健康信息，已私聊发给你。'
/** Without a contact to answer, details are withheld rather than sent to someone with the same name. */
const CANNOT_REACH_PRIVATELY = '这条回复涉及健康信息，但我无法确认你的私聊对象，为保护隐私没有发送。请私聊我再问一次。'

/** The display name a sender shows where the message came from. */
export const shownName = (incoming: Incoming): string => incoming.sender.roomAlias?.trim() || incoming.sender.contactName.trim()

/** A message context and the replies its handler queued, delivered together by the router. */
export interface ContextWithOutbox {
  context: MessageContext
  outbox: Outgoing[]
}

export function createMessageContext(app: AppContext, incoming: Incoming): ContextWithOutbox {
  // Someone in none of the configured groups is nobody on the roster, whatever name they show.
  const sender = incoming.senderGroups.length > 0 ? identify(incoming.sender, app.roster, (nickname) => app.bindingOf(nickname)) : undefined
  if (sender && incoming.sender.contact) app.identities.noteMessage(sender.person.name, incoming.sender.contact)
  let soleClaim: Promise<boolean> | undefined
  const isSoleClaim = (): Promise<boolean> =>
    (soleClaim ??= sender ? app.identities.othersClaiming(sender.person.name, incoming.sender.contact).then((others) => others.length === 0) : Promise.resolve(false))
  const senderName = sender?.person.name ?? shownName(incoming)
  const isAdminMember = incoming.senderGroups.some((topic) => app.roleOf(topic) === 'admin')
  const roomRole = app.roleOf(incoming.room)
  const inAdminPlace = incoming.room === undefined || roomRole === 'admin'
  const ownContact: Destination | undefined = incoming.sender.contact ? { contact: incoming.sender.contact, name: senderName } : undefined
  const replyTo: Destination = incoming.room !== undefined ? { room: incoming.room } : (ownContact ?? { person: senderName })
  const outbox: Outgoing[] = []
  const queue = (to: Destination, text: string, options?: ReplyOptions): void => {
    outbox.push({ ...say(to, text, options?.mentions), ...(options?.bulk ? { bulk: true } : {}) })
  }
  const replyPrivately = (text: string, options?: ReplyOptions): void => {
    if (ownContact) queue(ownContact, text, options)
    else if (incoming.room === undefined) queue(replyTo, text, options)
    else queue(replyTo, CANNOT_REACH_PRIVATELY, { mentions: [senderName] })
  }
  const context: MessageContext = {
    app,
    incoming,
    ...(sender ? { sender } : {}),
    senderName,
    soleClaim: isSoleClaim,
    isAdmin: isAdminMember && inAdminPlace,
    isAdminMember,
    ...(roomRole ? { roomRole } : {}),
    inAdminPlace,
    replyTo,
    reply: (text, options) => queue(replyTo, text, options),
    replyFile: (file) => outbox.push({ to: replyTo, file, bulk: true }),
    replyPrivately,
    replyWithDetails(text, options) {
      if (inAdminPlace) return queue(replyTo, text, options)
      if (ownContact) queue(replyTo, options?.noteHere ?? SENT_PRIVATELY, { mentions: [senderName] })
      replyPrivately(text, options)
    },
    tell: (person, text) => queue({ person }, text),
    send: (messages) => outbox.push(...messages),
    notifyAdmins: (text, options) => app.notifyAdmins(text, options),
    notifyRole: (role, text, options) => app.notifyRole(role, text, options),
  }
  return { context, outbox }
}
