import { LEVELS, levelPendingIn, reviewsOf, type Article, type Level } from './article.js'

/** Roster names on each review level's list. */
export type Reviewers = Readonly<Record<Level, readonly string[]>>

const namesText = (names: readonly string[]): string => (names.length ? names.join('、') : '未配置')

/**
 * Why `reviewer` may not review `article` at the level it is waiting for, or undefined when
 * they may: they must be on that level's list, not be one of its writers, and not have
 * reviewed it at another level (三审 takes three different people).
 */
export function reviewRefusal(article: Article, reviewer: string, reviewers: Reviewers): string | undefined {
  const level = levelPendingIn(article.status)
  if (!level) return `稿件 #${article.id} 现在是「${article.status}」，不在审核中。`
  if (!reviewers[level].includes(reviewer)) {
    const own = LEVELS.filter((other) => reviewers[other].includes(reviewer))
    if (own.length) return `稿件 #${article.id} 现在等的是${level}，你是${own.join('、')}审核人，请等轮到${own.join('、')}时再审。`
    return `你不在${level}名单上（${level}：${namesText(reviewers[level])}）。`
  }
  if (article.writers.includes(reviewer)) return '你是这篇稿件的撰稿人，不能审核自己的稿件。'
  const earlier = reviewsOf(article).find((review) => review.by === reviewer && review.level !== level)
  if (earlier) return `你已经做过这篇稿件的${earlier.level}，${level}请由另一位审核人完成（三审须由不同的人把关）。`
  return undefined
}

/** Who may review the article at the level it is waiting for, in list order. */
export function eligibleReviewers(article: Article, reviewers: Reviewers): string[] {
  const level = levelPendingIn(article.status)
  return level ? reviewers[level].filter((name) => !reviewRefusal(article, name, reviewers)) : []
}

/** Besides admins: the writers and the 终审 reviewers publish. */
export const mayPublish = (article: Article, person: string, reviewers: Reviewers): boolean =>
  article.writers.includes(person) || reviewers.终审.includes(person)

/** Besides admins: whoever may publish, and the 初审 editors. */
export const mayWithdraw = (article: Article, person: string, reviewers: Reviewers): boolean =>
  mayPublish(article, person, reviewers) || reviewers.初审.includes(person)
