import { dateText } from '../domain/date-arg.js'
import type { AuditEntry } from '../store/audit.js'

/** Long lists of names (a whole follow-up list) are cut to this many, with the count. */
const NAMES_SHOWN = 5

const listText = (value: string | readonly string[]): string => {
  const values = typeof value === 'string' ? [value] : value
  return values.length > NAMES_SHOWN ? `${values.slice(0, NAMES_SHOWN).join('、')}等 ${values.length} 个` : values.join('、')
}

/** What a look covered, in words: `2月1日至2月3日，王芳`. */
function scopeText(scope: AuditEntry['scope'], today: string): string {
  const date = (key: string): string => {
    const value = scope[key]
    return typeof value === 'string' ? dateText(value, today) : (value ?? []).map((day) => dateText(day, today)).join('、')
  }
  const parts = [
    scope.date !== undefined ? date('date') : '',
    scope.from !== undefined && scope.to !== undefined ? `${date('from')}至${date('to')}` : '',
    scope.slot !== undefined ? listText(scope.slot) : '',
    scope.person !== undefined ? listText(scope.person) : '',
    scope.class !== undefined ? listText(scope.class) : '',
  ].filter(Boolean)
  return parts.length ? `（${parts.join('，')}）` : ''
}

const whereText = (where: AuditEntry['where']): string => ('room' in where ? where.room : `私聊 ${where.person}`)

/**
 * The access audit for people: one block per day, newest first, each line
 * `20:00 系统 健康日报（2月3日，上午、下午）→ 行政群`. `entries` come newest first; `who` is
 * whose looks they are, when the query named someone.
 */
export function auditText(entries: readonly AuditEntry[], query: { from: string; to: string; who?: string }, today: string): string {
  const spanText = query.from === query.to ? dateText(query.from, today) : `${dateText(query.from, today)}至${dateText(query.to, today)}`
  const heading = query.who === undefined ? spanText : `${spanText}，${query.who}`
  if (!entries.length) return `${heading}没有查看健康信息的记录。`
  const lines = [`${heading}查看健康信息的记录（${entries.length} 条，新的在前）：`]
  let day = ''
  for (const entry of entries) {
    if (entry.at.slice(0, 10) !== day) {
      day = entry.at.slice(0, 10)
      lines.push(`【${dateText(day, today)}】`)
    }
    lines.push(`${entry.at.slice(11, 16)} ${entry.who} ${entry.what}${scopeText(entry.scope, today)} → ${whereText(entry.where)}`)
  }
  return lines.join('\n')
}
