import { types } from 'wechaty'
import type { MessageKind } from '../domain/types.js'

/** The puppet's message types the bot reads; links, mini programs, stickers and the rest are not. */
const KIND_OF_TYPE: ReadonlyMap<types.Message, MessageKind> = new Map([
  [types.Message.Text, 'text'],
  [types.Message.GroupNote, 'groupNote'],
  [types.Message.Image, 'image'],
  [types.Message.Audio, 'voice'],
  [types.Message.Video, 'video'],
  [types.Message.Recalled, 'recalled'],
])

export const messageKindOf = (type: types.Message): MessageKind | undefined => KIND_OF_TYPE.get(type)

/**
 * Which message a recall takes back. Wechaty's contract (`Message.toRecalled`) is that the text
 * is that message's id; wechat4u instead passes WeChat's own notice, `<sysmsg type="revokemsg">`,
 * where web WeChat names the message by `<msgid>` (the id it was delivered with) and other
 * protocols by `<newmsgid>`. The web client sometimes leaves the XML escaped.
 */
export function recalledMessageId(text: string): string | undefined {
  const xml = text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim()
  if (!xml.includes('<')) return xml || undefined
  const named = /<msgid>\s*([^<\s]+)\s*<\/msgid>/.exec(xml) ?? /<newmsgid>\s*([^<\s]+)\s*<\/newmsgid>/.exec(xml)
  return named?.[1]
}
