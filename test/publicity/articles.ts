import type { Article, ArticleEvent, Level } from '../../src/publicity/article.js'

/** A written record of an article for pure tests; times are 2026-02 days at 09:00 Beijing time. */
export const on = (day: number, hour = 9): string => new Date(Date.UTC(2026, 1, day, hour - 8)).toISOString()

export function article(id: number, writers: string[], events: ArticleEvent[], status: Article['status'] = '撰写中'): Article {
  return {
    id,
    title: `稿件${id}`,
    status,
    writers,
    due: '2026-02-20',
    since: events.at(-1)?.at ?? on(1),
    events: [{ kind: 'propose', at: on(1), by: '张伟', writers, due: '2026-02-20' }, ...events],
  }
}

export const submitted = (day: number, by: string): ArticleEvent => ({ kind: 'submit', at: on(day), by })
export const reviewed = (day: number, by: string, level: Level, verdict: 'pass' | 'return' = 'pass', note?: string): ArticleEvent => ({
  kind: 'review',
  at: on(day),
  by,
  level,
  verdict,
  ...(note ? { note } : {}),
})
export const published = (day: number, by: string): ArticleEvent => ({ kind: 'publish', at: on(day), by, link: `https://mp.weixin.qq.com/s/${day}` })
