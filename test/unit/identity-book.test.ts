import { describe, expect, it } from 'vitest'
import { IdentityBook } from '../../src/app/identity.js'
import { identify, Roster } from '../../src/domain/identity.js'
import type { Directory, SenderView } from '../../src/domain/types.js'

const roster = new Roster([
  { name: '张伟', aliases: ['张老师'], groups: ['全体教职工群'] },
  { name: '张丽', aliases: [], groups: ['全体教职工群'] },
  { name: '李娜', aliases: [], groups: ['全体教职工群'] },
])
type Member = SenderView & { contact: string }
const directoryOf = (members: Member[]): Directory => ({
  membersShowing: async (names) => members.filter((member) => names.includes(member.contactName) || (member.roomAlias !== undefined && names.includes(member.roomAlias))),
})
const book = (members: Member[]) =>
  new IdentityBook(
    (person) => [person, ...(roster.get(person)?.aliases ?? [])],
    (view) => identify(view, roster, () => undefined)?.person.name,
    directoryOf(members),
  )

describe('which account is a roster person', () => {
  it('is not confused by a colleague whose group nickname is someone else’s alias', async () => {
    const people = book([
      { contact: 'c1', contactName: '张伟' },
      { contact: 'c2', contactName: '张丽', roomAlias: '张老师' },
    ])
    expect(await people.contactFor('张伟')).toBe('c1')
    expect(await people.othersClaiming('张伟', 'c1')).toEqual([])
  })

  it('sends to nobody when two accounts are the same person by every rule', async () => {
    const people = book([
      { contact: 'c1', contactName: '李娜' },
      { contact: 'c2', contactName: '李娜' },
    ])
    expect(await people.contactFor('李娜')).toBeUndefined()
    expect(await people.othersClaiming('李娜', 'c1')).toEqual(['c2'])
  })

  it('counts an account that wrote as the person as a claim, and forgets it at the next login', async () => {
    const people = book([{ contact: 'c1', contactName: '李娜' }])
    people.noteMessage('李娜', 'c9')
    expect(await people.contactFor('李娜')).toBeUndefined()
    people.reset()
    expect(await people.contactFor('李娜')).toBe('c1')
  })
})
