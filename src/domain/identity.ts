import type { Person, SenderView } from './types.js'

export type MatchedBy = 'roomAlias' | 'contactName' | 'alias' | 'binding'

export interface Identification {
  person: Person
  matchedBy: MatchedBy
}

/** Looks people up by roster name and alias; built once per config. */
export class Roster {
  private readonly byName = new Map<string, Person>()
  private readonly byAlias = new Map<string, Person>()

  constructor(readonly people: readonly Person[]) {
    for (const person of people) {
      this.byName.set(person.name, person)
      for (const alias of person.aliases) this.byAlias.set(alias, person)
    }
  }

  get(name: string): Person | undefined {
    return this.byName.get(name)
  }

  /** A roster name or alias, as written in a 接龙 line or an @-mention. */
  find(nameOrAlias: string): Person | undefined {
    return this.byName.get(nameOrAlias) ?? this.byAlias.get(nameOrAlias)
  }

  membersOf(groupTopic: string): Person[] {
    return this.people.filter((person) => person.groups.includes(groupTopic))
  }

  classTeachers(): Person[] {
    return this.people.filter((person) => person.classKey)
  }
}

/**
 * Who sent a message: group nickname, then WeChat name, then roster aliases, then a
 * `/iam` binding made under that nickname. WeChat ids are never consulted: they change
 * at every web-protocol login.
 */
export function identify(
  sender: SenderView,
  roster: Roster,
  bindingOf: (nickname: string) => string | undefined,
): Identification | undefined {
  const alias = sender.roomAlias?.trim()
  const contactName = sender.contactName.trim()
  const byRoomAlias = alias ? roster.get(alias) : undefined
  if (byRoomAlias) return { person: byRoomAlias, matchedBy: 'roomAlias' }
  const byContactName = roster.get(contactName)
  if (byContactName) return { person: byContactName, matchedBy: 'contactName' }
  const byAlias = (alias ? roster.find(alias) : undefined) ?? roster.find(contactName)
  if (byAlias) return { person: byAlias, matchedBy: 'alias' }
  for (const nickname of [alias, contactName]) {
    const bound = nickname ? bindingOf(nickname) : undefined
    const person = bound ? roster.get(bound) : undefined
    if (person) return { person, matchedBy: 'binding' }
  }
  return undefined
}
