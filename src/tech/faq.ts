import { normalizeText } from '../domain/text-normalize.js'

export interface FaqWords {
  question: string
  answer: string
  any: readonly string[]
  all: readonly string[]
}

export type FaqMatch<Entry extends FaqWords> = { entry: Entry; full: boolean }

/**
 * The FAQ entry a problem matches: `full` when one of its ANY words and every one of its ALL
 * words occur, partial when only an ANY word does. A full match beats a partial one, then
 * the entry with more of its words present, then the earlier one.
 */
export function matchFaq<Entry extends FaqWords>(text: string, entries: readonly Entry[]): FaqMatch<Entry> | undefined {
  const lower = normalizeText(text).toLowerCase()
  const has = (word: string): boolean => lower.includes(normalizeText(word).toLowerCase())
  let best: (FaqMatch<Entry> & { score: number }) | undefined
  for (const entry of entries) {
    const anyHits = entry.any.filter(has).length
    if (!anyHits) continue
    const allHits = entry.all.filter(has).length
    const full = allHits === entry.all.length
    const score = (full ? 1000 : 0) + anyHits + allHits
    if (!best || score > best.score) best = { entry, full, score }
  }
  return best && { entry: best.entry, full: best.full }
}

export const NOT_SOLVED = '没解决'
export const NOT_SOLVED_HINT = `如果没解决，回复“${NOT_SOLVED}”。`

/** "没解决", "还是没解决", "没有解决": the reporter says the answer did not help. */
export const saysNotSolved = (text: string): boolean => /^(?:还是|仍然|依然)?(?:没|没有|未)解决(?:[啊呀哦呢。!！~]*)$/.test(normalizeText(text).replace(/\s/g, ''))
