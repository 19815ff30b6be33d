import { z } from 'zod'
import type { AppContext } from '../app/types.js'
import { ConfigError } from '../config/fields.js'
import { checkRoster, rosterEntrySchema, type RosterEntry } from '../config/roster-file.js'
import type { Person } from '../domain/types.js'
import { defineDocument } from '../store/store.js'
import { applyChange, changeText, entryName, entryOf, ROSTER_FIELDS, type RosterChange, type RosterChangeBody } from './changes.js'

const recorded = { id: z.number().int(), at: z.string(), by: z.string() }
const changeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add'), entry: rosterEntrySchema, ...recorded }),
  z.object({ kind: z.literal('edit'), person: z.string(), field: z.enum(ROSTER_FIELDS), value: z.union([z.string(), z.array(z.string()), z.null()]), ...recorded }),
  z.object({ kind: z.literal('remove'), person: z.string(), ...recorded }),
])

export const rosterChangesDocument = defineDocument('roster-changes', z.object({ nextId: z.number().int(), changes: z.array(changeSchema) }), () => ({
  nextId: 1,
  changes: [],
}))

/** "李娜.class: …" as a sentence for chat, where there are no rows to point at. */
const chatProblem = (problem: string): string =>
  problem.replace(/^(.+?)\.(class|groups|aliases): /, (_, who: string, field: string) => `${who}的${{ class: '班级', groups: '群', aliases: '别名' }[field]}：`).replace(/^([^：:]+): /, '$1：')

/**
 * The roster as the config has it plus the changes made from chat, which are kept in the
 * data directory and applied to the one Roster every area holds, at once.
 */
export class RosterBook {
  constructor(private readonly app: AppContext) {}

  private check(entries: RosterEntry[]): Person[] | { problems: string[] } {
    try {
      return checkRoster(entries, this.app.config.groups, (index) => entryName(entries[index] as RosterEntry))
    } catch (error) {
      if (error instanceof ConfigError) return { problems: error.problems.map(chatProblem) }
      throw error
    }
  }

  private document() {
    return this.app.store.open(rosterChangesDocument)
  }

  /**
   * The stored changes on top of the config's roster. One that no longer fits (the config
   * changed under it) is left out and logged, never a reason not to start.
   */
  async applyStored(): Promise<void> {
    const { data } = await this.document()
    // Most schools never change the roster from chat: nothing to apply, nothing to copy.
    if (!data.changes.length) return
    let entries = this.app.config.roster.map(entryOf)
    let people: readonly Person[] = this.app.config.roster
    for (const change of data.changes) {
      const next = applyChange(entries, change)
      const checked = 'problem' in next ? next : this.check(next)
      if (!Array.isArray(checked)) {
        this.app.log.warn(`名单变更 #${change.id}（${changeText(change)}）与现在的配置不符，未生效 (roster change skipped)`)
        continue
      }
      entries = next as RosterEntry[]
      people = checked
    }
    this.app.roster.replacePeople(people)
  }

  /** Checks a change against the roster as it is now, then stores it and puts it into effect. */
  async change(body: RosterChangeBody, by: string, at: Date): Promise<{ ok: true } | { ok: false; problems: string[] }> {
    const entries = this.app.roster.people.map(entryOf)
    const next = applyChange(entries, body)
    if ('problem' in next) return { ok: false, problems: [next.problem] }
    const people = this.check(next)
    if (!Array.isArray(people)) return { ok: false, problems: people.problems }
    const document = await this.document()
    await document.update((data) => {
      data.changes.push({ ...body, id: data.nextId, at: at.toISOString(), by } as RosterChange)
      data.nextId += 1
    })
    this.app.roster.replacePeople(people)
    this.app.log.info(`名单变更 (roster changed): ${body.kind}`)
    return { ok: true }
  }

  async changes(): Promise<readonly RosterChange[]> {
    return (await this.document()).data.changes
  }
}
