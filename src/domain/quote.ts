/** A WeChat quoting reply: who was quoted, what they said, and the reply under it. */
export interface QuotedReply {
  author: string
  quoted: string
  reply: string
}

// WeChat sends a quoting reply as "「王芳：腾讯课堂卡顿」\n- - - - - - - - - - - - - - -\n我来".
// The name ends at the first colon: names never hold one, quoted text often does.
const QUOTED_REPLY = /^「([^:：」\n]+)[:：]([\s\S]*?)」\s*\n\s*(?:-\s*){3,}(?:\n|$)([\s\S]*)$/

/** The parts of a quoting reply, or undefined for any other message. */
export function parseQuote(text: string): QuotedReply | undefined {
  const match = QUOTED_REPLY.exec(text.replace(/\r\n?/g, '\n').trim())
  if (!match) return undefined
  return { author: (match[1] ?? '').trim(), quoted: (match[2] ?? '').trim(), reply: (match[3] ?? '').trim() }
}
