import { tableWorkbook } from '../app/spreadsheet.js'
import { dateKeyOf } from '../domain/time.js'
import { LEVELS, proposedAt, reviewsOf, type Article } from './article.js'

export const REGISTER_HEADERS = [
  '编号',
  '标题',
  '状态',
  '撰稿',
  '选题日期',
  ...LEVELS.flatMap((level) => [`${level}人`, `${level}日期`, `${level}意见`]),
  '发布日期',
  '链接',
] as const

export type RegisterRow = (string | number)[]

/**
 * The 审核登记表, one row per article: each level shows its latest review (the sign-off, or
 * the last 退回 when it never passed).
 */
export function registerRows(articles: readonly Article[], timeZone: string): RegisterRow[] {
  const dayOf = (iso: string): string => dateKeyOf(new Date(iso), timeZone)
  return articles.map((article) => {
    const reviews = reviewsOf(article)
    const levelCells = LEVELS.flatMap((level) => {
      const latest = reviews.filter((review) => review.level === level).at(-1)
      if (!latest) return ['', '', '']
      const opinion = latest.verdict === 'pass' ? (latest.note ?? '同意') : `退回：${latest.note ?? ''}`
      return [latest.by, dayOf(latest.at), opinion]
    })
    const published = article.events.filter((event) => event.kind === 'publish').at(-1)
    return [
      article.id,
      article.title,
      article.status,
      article.writers.join('、'),
      dayOf(proposedAt(article)),
      ...levelCells,
      published ? dayOf(published.at) : '',
      article.link ?? '',
    ]
  })
}

/** The register as a spreadsheet; exceljs is loaded only when one is made (start-up memory has little headroom). */
export const registerWorkbook = (rows: readonly RegisterRow[]): Promise<Uint8Array> =>
  tableWorkbook(
    '审核登记表',
    REGISTER_HEADERS.map((header) => ({ header, width: header === '标题' || header === '链接' ? 30 : 12 })),
    rows,
  )
