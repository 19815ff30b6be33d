import { parseQuantity } from '../supplies/quantity.js'

export interface Session {
  date: string
  type: string
  topic: string
  /** Head count: as written, or the number of names listed. */
  participants: number
  names?: string[]
}

export interface TypeCount {
  type: string
  sessions: number
  personTimes: number
}

const NAME_SEPARATORS = /[\s、，,；;]+/

/** `12人`, `十二人`, or names (`王芳 李娜`, `王芳、李娜`): who took part. Nothing written is nobody counted. */
export function parseParticipants(words: readonly string[]): { participants: number; names?: string[] } {
  const text = words.join(' ').trim()
  if (!text) return { participants: 0 }
  const count = /^(.+?)\s*(?:人|名|位)?$/.exec(text)?.[1]
  const quantity = count ? parseQuantity(count) : undefined
  if (quantity && !quantity.unit) return { participants: quantity.quantity }
  const names = text.split(NAME_SEPARATORS).filter(Boolean)
  return { participants: names.length, names }
}

/** Sessions and person-times by type, in the configured order, then any type no longer configured. */
export function countByType(sessions: readonly Session[], types: readonly string[]): TypeCount[] {
  const order = [...types, ...new Set(sessions.map((session) => session.type).filter((type) => !types.includes(type)))]
  return order.map((type) => {
    const ofType = sessions.filter((session) => session.type === type)
    return { type, sessions: ofType.length, personTimes: ofType.reduce((total, session) => total + session.participants, 0) }
  })
}
