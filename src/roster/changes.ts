import { normalizeClassName } from '../domain/class-name.js'
import { baseNameOf, labelledName } from '../domain/identity.js'
import type { Person } from '../domain/types.js'
import type { RosterEntry } from '../config/roster-file.js'

/** The fields `/名单 修改` may change, by the words people use for them (the roster file's headers). */
export const EDITABLE_FIELDS = {
  姓名: 'name',
  标签: 'label',
  别名: 'aliases',
  群: 'groups',
  班级: 'class',
  办公室: 'office',
  教研组: 'office',
} as const satisfies Record<string, RosterField>
export const ROSTER_FIELDS = ['name', 'label', 'aliases', 'groups', 'class', 'office'] as const
export type RosterField = (typeof ROSTER_FIELDS)[number]

const FIELD_NAMES: Record<RosterField, string> = { name: '姓名', label: '标签', aliases: '别名', groups: '群', class: '班级', office: '办公室' }

/** A change made from chat, kept on top of the config's roster; `person` is the name with its label, `null` clears a field. */
export type RosterChangeBody =
  | { kind: 'add'; entry: RosterEntry }
  | { kind: 'edit'; person: string; field: RosterField; value: string | string[] | null }
  | { kind: 'remove'; person: string }

/** A change as stored: who made it and when (ISO instant). */
export type RosterChange = RosterChangeBody & { id: number; at: string; by: string }

/** A checked person as the roster file would have them. */
export function entryOf(person: Person): RosterEntry {
  return {
    name: baseNameOf(person),
    ...(person.label ? { label: person.label } : {}),
    aliases: [...person.aliases],
    groups: [...person.groups],
    ...(person.classLabel ? { class: person.classLabel } : {}),
    ...(person.office ? { office: person.office } : {}),
  }
}

export const entryName = (entry: RosterEntry): string => labelledName(entry.name, entry.label)

/** The entries after one change, or why it does not apply to them. */
export function applyChange(entries: readonly RosterEntry[], change: RosterChangeBody): RosterEntry[] | { problem: string } {
  if (change.kind === 'add') {
    const name = entryName(change.entry)
    if (entries.some((entry) => entryName(entry) === name)) return { problem: `名单上已经有${name}了` }
    return [...entries, change.entry]
  }
  const index = entries.findIndex((entry) => entryName(entry) === change.person)
  if (index < 0) return { problem: `名单上没有${change.person}` }
  if (change.kind === 'remove') return entries.filter((_, i) => i !== index)
  const edited: RosterEntry = { ...(entries[index] as RosterEntry) }
  const { field, value } = change
  if (field === 'aliases' || field === 'groups') edited[field] = value === null ? [] : [value].flat()
  else if (field === 'name') {
    if (typeof value !== 'string') return { problem: '姓名不能为空' }
    edited.name = value
  } else if (value === null) delete edited[field]
  else edited[field] = [value].flat().join('')
  return entries.map((entry, i) => (i === index ? edited : entry))
}

/** 添加 赵六（三年级1班；全体教职工群）, 删除 吴强 …: what a change did, for `/名单 变更` and the reply to it. */
export function changeText(change: RosterChangeBody): string {
  switch (change.kind) {
    case 'add': {
      const { entry } = change
      const details = [entry.class ? (normalizeClassName(entry.class)?.label ?? entry.class) : '', entry.groups.join('、')].filter(Boolean)
      return `添加 ${entryName(entry)}${details.length ? `（${details.join('；')}）` : ''}`
    }
    case 'edit':
      if (change.value === null) return `清空 ${change.person} 的${FIELD_NAMES[change.field]}`
      return `把 ${change.person} 的${FIELD_NAMES[change.field]}改为 ${[change.value].flat().join('、')}`
    case 'remove':
      return `删除 ${change.person}`
  }
}
