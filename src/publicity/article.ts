import { z } from 'zod'

/** Where an article stands, from topic to published; 退回修改 sends it back to 撰写中. */
export const STATUSES = ['选题', '撰写中', '待初审', '待复审', '待终审', '待发布', '已发布', '已撤稿'] as const
export type Status = (typeof STATUSES)[number]

/** 三审: the editor, a department head, a school leader. */
export const LEVELS = ['初审', '复审', '终审'] as const
export type Level = (typeof LEVELS)[number]

/** A person-time is one person in one of these roles on one article. */
export type Role = '撰稿' | Level
export const ROLES: readonly Role[] = ['撰稿', ...LEVELS]

const PENDING: Readonly<Record<Level, Status>> = { 初审: '待初审', 复审: '待复审', 终审: '待终审' }

/** The review level an article is waiting for, if it is waiting for one. */
export const levelPendingIn = (status: Status): Level | undefined => LEVELS.find((level) => PENDING[level] === status)

const happened = { at: z.string(), by: z.string() }

const eventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('propose'), ...happened, writers: z.array(z.string()), due: z.string() }),
  z.object({ kind: z.literal('claim'), ...happened }),
  z.object({ kind: z.literal('submit'), ...happened, note: z.string().optional() }),
  z.object({ kind: z.literal('review'), ...happened, level: z.enum(LEVELS), verdict: z.enum(['pass', 'return']), note: z.string().optional() }),
  z.object({ kind: z.literal('publish'), ...happened, link: z.string() }),
  z.object({ kind: z.literal('withdraw'), ...happened, reason: z.string() }),
])
export type ArticleEvent = z.infer<typeof eventSchema>
export type ReviewEvent = Extract<ArticleEvent, { kind: 'review' }>

export const articleSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  status: z.enum(STATUSES),
  /** Roster names. */
  writers: z.array(z.string()),
  /** Date key the draft is due. */
  due: z.string(),
  /** When the article entered its current status (ISO). */
  since: z.string(),
  link: z.string().optional(),
  /** Everything that happened to it, oldest first; the first is its 选题. */
  events: z.array(eventSchema).min(1),
})
export type Article = z.infer<typeof articleSchema>

export const reviewsOf = (article: Article): ReviewEvent[] => article.events.filter((event): event is ReviewEvent => event.kind === 'review')

export const proposedAt = (article: Article): string => (article.events[0] as ArticleEvent).at

/** `#3《校运会报道》`: how an article is named in every message. */
export const articleName = (article: Pick<Article, 'id' | 'title'>): string => `#${article.id}《${article.title}》`
