import type { TicketKind } from './classify.js'

/** The middle value (the mean of the two middle ones for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** What statistics need of a ticket; times are school minutes from the first report. */
export interface TicketFacts {
  platform?: string
  kind: TicketKind
  reports: number
  assignee?: string
  resolved: boolean
  minutesToFirstResponse?: number
  minutesToResolution?: number
}

export interface DeskStatistics {
  /** Every problem reported, merged ones included. */
  problems: number
  /** Distinct incidents (tickets after merging). */
  incidents: number
  resolved: number
  byPlatform: [string, number][]
  byKind: [TicketKind, number][]
  medianFirstResponse?: number
  medianResolution?: number
  /** Resolved incidents per assignee, most first. */
  byAssignee: [string, number][]
}

const UNKNOWN_PLATFORM = '未注明平台'

/** Counts in descending order, ties in first-seen order. */
function counted<Key>(keys: readonly Key[]): [Key, number][] {
  const counts = new Map<Key, number>()
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])
}

export function deskStatistics(tickets: readonly TicketFacts[]): DeskStatistics {
  const resolved = tickets.filter((ticket) => ticket.resolved)
  const firstResponses = tickets.flatMap((ticket) => (ticket.minutesToFirstResponse === undefined ? [] : [ticket.minutesToFirstResponse]))
  const resolutions = resolved.flatMap((ticket) => (ticket.minutesToResolution === undefined ? [] : [ticket.minutesToResolution]))
  const firstResponse = median(firstResponses)
  const resolution = median(resolutions)
  return {
    problems: tickets.reduce((total, ticket) => total + ticket.reports, 0),
    incidents: tickets.length,
    resolved: resolved.length,
    byPlatform: counted(tickets.map((ticket) => ticket.platform ?? UNKNOWN_PLATFORM)),
    byKind: counted(tickets.map((ticket) => ticket.kind)),
    ...(firstResponse !== undefined ? { medianFirstResponse: firstResponse } : {}),
    ...(resolution !== undefined ? { medianResolution: resolution } : {}),
    byAssignee: counted(resolved.flatMap((ticket) => (ticket.assignee ? [ticket.assignee] : []))),
  }
}

/** 12 分钟, 2.5 小时: school time as people read it. */
export function durationText(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} 分钟`
  const hours = Math.round((minutes / 60) * 10) / 10
  return `${hours} 小时`
}

export function statisticsText(title: string, stats: DeskStatistics, faqAnswered: number): string {
  if (!stats.incidents && !faqAnswered) return `${title}：没有收到技术问题。`
  const pairs = (entries: readonly [string, number][]): string => entries.map(([name, count]) => `${name} ${count}`).join('，') || '无'
  const lines = [
    `${title}`,
    `收到问题 ${stats.problems} 条，合并为 ${stats.incidents} 个工单，已解决 ${stats.resolved} 个${faqAnswered ? `；常见问题直接解答 ${faqAnswered} 次` : ''}`,
    `按平台：${pairs(stats.byPlatform)}`,
    `按类型：${pairs(stats.byKind)}`,
    `首次响应中位数：${stats.medianFirstResponse === undefined ? '—' : durationText(stats.medianFirstResponse)}；解决用时中位数：${stats.medianResolution === undefined ? '—' : durationText(stats.medianResolution)}（按上课时间计）`,
    `按处理人（已解决）：${pairs(stats.byAssignee)}`,
  ]
  return lines.join('\n')
}
