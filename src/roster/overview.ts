import type { Person } from '../domain/types.js'

/**
 * `/名单`: how many people, who is in which configured group, who teaches which class,
 * who is in none of the groups (they can never be counted as reporting).
 */
export function rosterOverview(people: readonly Person[], topics: readonly string[], changeCount: number): string {
  const changes = changeCount ? `，其中 ${changeCount} 处是在聊天里改的，发 /名单 变更 查看` : ''
  const lines = [`名单共 ${people.length} 人${changes}。`]
  for (const topic of topics) {
    const members = people.filter((person) => person.groups.includes(topic))
    lines.push(`${topic} ${members.length} 人：${members.map((person) => person.name).join('、') || '（无）'}`)
  }
  const classTeachers = people.filter((person) => person.classLabel).sort((a, b) => (a.classKey ?? '').localeCompare(b.classKey ?? '', 'zh', { numeric: true }))
  if (classTeachers.length) lines.push(`班主任 ${classTeachers.length} 人：${classTeachers.map((person) => `${person.classLabel} ${person.name}`).join('；')}`)
  const outside = people.filter((person) => !person.groups.some((group) => topics.includes(group)))
  if (outside.length) lines.push(`不在任何已配置的群：${outside.map((person) => person.name).join('、')}`)
  return lines.join('\n')
}
