import type { Directory, SenderView } from '../domain/types.js'

export type { Directory } from '../domain/types.js'

/**
 * Which WeChat contact is a roster person, within one login. A display name is a claim anyone
 * can copy, so a person's private messages go to the contact their own messages came from;
 * when that is not clear (two contacts show the name, or neither has written), nothing with
 * details is sent privately.
 */
export class IdentityBook {
  /** Person → the contacts that wrote as them in this login. Forgotten at every login: ids change. */
  private readonly wroteAs = new Map<string, Set<string>>()

  constructor(
    private readonly namesFor: (person: string) => string[],
    /** Whom a member's names identify, by the same rule as a sender's (see `identify`). */
    private readonly whoIs: (view: SenderView) => string | undefined,
    private readonly directory: Directory | undefined,
  ) {}

  reset(): void {
    this.wroteAs.clear()
  }

  noteMessage(person: string, contact: string): void {
    const contacts = this.wroteAs.get(person) ?? new Set<string>()
    contacts.add(contact)
    this.wroteAs.set(person, contacts)
  }

  /**
   * The one contact that is `person`, or undefined when the bot cannot tell: two accounts that
   * show the name in the groups or wrote as the person are two claims, and writing first proves
   * nothing, so neither gets the person's private messages.
   */
  async contactFor(person: string): Promise<string | undefined> {
    const claims = await this.claimsOf(person)
    return claims.length === 1 ? claims[0] : undefined
  }

  /**
   * Accounts that are `person` by the rule a sender is recognised with: a colleague whose
   * nickname merely contains an alias (张老师) but is recognised as someone else is no claim.
   */
  private async claimsOf(person: string): Promise<string[]> {
    const members = (await this.directory?.membersShowing(this.namesFor(person))) ?? []
    const showing = members.filter((member) => this.whoIs(member) === person).map((member) => member.contact)
    return [...new Set([...showing, ...(this.wroteAs.get(person) ?? [])])]
  }

  /** Contacts other than `contact` that show `person`'s names in the groups or wrote as them. */
  async othersClaiming(person: string, contact: string | undefined): Promise<string[]> {
    return (await this.claimsOf(person)).filter((other) => other !== contact)
  }
}
