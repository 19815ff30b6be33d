import type { Person, SenderView } from './types.js'

export type MatchedBy = 'roomAlias' | 'contactName' | 'alias' | 'binding'

export interface Identification {
  person: Person
  matchedBy: MatchedBy
}

/** 王芳 + 数学 → 王芳(数学): the one name a labelled person is stored, shown and matched by. */
export const labelledName = (name: string, label: string | undefined): string => (label ? `${name}(${label})` : name)

/** The name without its label: 王芳(数学) → 王芳. */
export const baseNameOf = (person: Pick<Person, 'name' | 'label'>): string =>
  person.label ? person.name.slice(0, person.name.length - person.label.length - 2) : person.name

/** People type 王芳（数学） with full-width brackets as often as 王芳(数学). */
const canonical = (name: string): string => name.trim().replace(/（/g, '(').replace(/）/g, ')')

/**
 * Looks people up by roster name and alias. One object for the whole app: the roster area
 * replaces its people when the roster is changed from chat, and every area sees it at once.
 */
export class Roster {
  private byName = new Map<string, Person>()
  private byAlias = new Map<string, Person>()
  private byBaseName = new Map<string, Person[]>()
  private current: readonly Person[] = []

  constructor(people: readonly Person[]) {
    this.replacePeople(people)
  }

  get people(): readonly Person[] {
    return this.current
  }

  replacePeople(people: readonly Person[]): void {
    this.current = people
    this.byName = new Map(people.map((person) => [person.name, person]))
    this.byAlias = new Map(people.flatMap((person) => person.aliases.map((alias) => [alias, person] as const)))
    this.byBaseName = new Map()
    for (const person of people) {
      if (!person.label) continue
      const base = baseNameOf(person)
      this.byBaseName.set(base, [...(this.byBaseName.get(base) ?? []), person])
    }
  }

  get(name: string): Person | undefined {
    return this.byName.get(canonical(name))
  }

  /**
   * A roster name or alias, as written in a 接龙 line or an @-mention; the name without its
   * label too, while only one person has it.
   */
  find(nameOrAlias: string): Person | undefined {
    const name = canonical(nameOrAlias)
    const sameNamed = this.byBaseName.get(name)
    return this.byName.get(name) ?? this.byAlias.get(name) ?? (sameNamed?.length === 1 ? sameNamed[0] : undefined)
  }

  /** The people a bare name could mean when several share it (王芳 → 王芳(数学), 王芳(语文)). */
  sameNamed(name: string): Person[] {
    const people = this.byBaseName.get(canonical(name)) ?? []
    return people.length > 1 ? people : []
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
