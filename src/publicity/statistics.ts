import { dateKeyOf } from '../domain/time.js'
import { proposedAt, reviewsOf, ROLES, STATUSES, type Article, type Role, type Status } from './article.js'

/** One person in one role on one article, dated by the first time they did it. */
export interface PersonTime {
  article: number
  person: string
  role: Role
  at: string
}

/** Inclusive date keys; undefined means every article ever recorded. */
export type Span = { from: string; to: string } | undefined

/**
 * Every person-time: each writer of a submitted article (dated at its first 交稿) and each
 * reviewer at each level. Reviewing again after 退回, in the same role, is the same person-time.
 */
export function personTimes(articles: readonly Article[]): PersonTime[] {
  return articles.flatMap((article) => {
    const firstSubmit = article.events.find((event) => event.kind === 'submit')
    const writing = firstSubmit ? article.writers.map((person) => ({ article: article.id, person, role: '撰稿' as Role, at: firstSubmit.at })) : []
    const reviewing = new Map<string, PersonTime>()
    for (const review of reviewsOf(article)) {
      const key = `${review.level}:${review.by}`
      if (!reviewing.has(key)) reviewing.set(key, { article: article.id, person: review.by, role: review.level, at: review.at })
    }
    return [...writing, ...reviewing.values()]
  })
}

export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

const DAY_MS = 86_400_000
const daysBetween = (fromKey: string, toKey: string): number => Math.round((Date.parse(toKey) - Date.parse(fromKey)) / DAY_MS)

export interface PersonRoles {
  person: string
  roles: Partial<Record<Role, number>>
  total: number
}

export interface PublicityStatistics {
  /** Articles with anything done to them in the span, by their status now. */
  byStatus: Partial<Record<Status, number>>
  articles: number
  published: number
  personTimes: number
  /** Most person-times first. */
  byPerson: PersonRoles[]
  returned: number
  /** Calendar days from 选题 to 发布, over the articles published in the span. */
  medianDaysToPublish: number | undefined
}

const inSpanOf = (span: Span, timeZone: string) => (iso: string): boolean => {
  const day = dateKeyOf(new Date(iso), timeZone)
  return !span || (span.from <= day && day <= span.to)
}

/** Articles with anything done to them in the span: what the statistics and the register cover. */
export function touchedIn(articles: readonly Article[], span: Span, timeZone: string): Article[] {
  const inSpan = inSpanOf(span, timeZone)
  return articles.filter((article) => article.events.some((event) => inSpan(event.at)))
}

/** The desk's figures over a span of days, in the school's time zone. */
export function statistics(articles: readonly Article[], span: Span, timeZone: string): PublicityStatistics {
  const dayOf = (iso: string): string => dateKeyOf(new Date(iso), timeZone)
  const inSpan = inSpanOf(span, timeZone)
  const touched = touchedIn(articles, span, timeZone)
  const byStatus: Partial<Record<Status, number>> = {}
  for (const article of touched) byStatus[article.status] = (byStatus[article.status] ?? 0) + 1
  const publishDays = articles.flatMap((article) =>
    article.events.filter((event) => event.kind === 'publish' && inSpan(event.at)).map((event) => daysBetween(dayOf(proposedAt(article)), dayOf(event.at))),
  )
  const counted = personTimes(articles).filter((entry) => inSpan(entry.at))
  const people = new Map<string, PersonRoles>()
  for (const { person, role } of counted) {
    const entry = people.get(person) ?? { person, roles: {}, total: 0 }
    entry.roles[role] = (entry.roles[role] ?? 0) + 1
    entry.total += 1
    people.set(person, entry)
  }
  return {
    byStatus,
    articles: touched.length,
    published: publishDays.length,
    personTimes: counted.length,
    byPerson: [...people.values()].sort((a, b) => b.total - a.total || a.person.localeCompare(b.person, 'zh')),
    returned: articles.flatMap((article) => reviewsOf(article)).filter((review) => review.verdict === 'return' && inSpan(review.at)).length,
    medianDaysToPublish: median(publishDays),
  }
}

/** The /宣传 统计 reply. */
export function statisticsText(stats: PublicityStatistics, spanLabel: string): string {
  const statusLine = STATUSES.filter((status) => stats.byStatus[status]).map((status) => `${status} ${stats.byStatus[status]}`).join('，')
  const personLines = stats.byPerson.map(
    ({ person, roles, total }) => `  ${person}：${ROLES.filter((role) => roles[role]).map((role) => `${role} ${roles[role]}`).join('，')}（共 ${total}）`,
  )
  const medianText = stats.medianDaysToPublish === undefined ? '—' : `${stats.medianDaysToPublish} 天`
  return [
    `【宣传统计】${spanLabel}`,
    `稿件 ${stats.articles} 篇${statusLine ? `（${statusLine}）` : ''}`,
    `发布 ${stats.published} 篇，选题到发布用时中位数 ${medianText}`,
    `写稿审稿 ${stats.personTimes} 人次，退回修改 ${stats.returned} 次`,
    ...(personLines.length ? ['按人：', ...personLines] : []),
  ].join('\n')
}
