import { addDays } from '../domain/time.js'

export interface CareEntry {
  person: string
  reason: string
  everyDays: number
  /** The admin who keeps in touch. */
  responsible: string
  added: string
  lastContact?: string
  closed?: string
}

/** The day the next contact is due: every N days from the last one, or from when the person was added. */
export const nextContact = (entry: CareEntry): string => addDays(entry.lastContact ?? entry.added, entry.everyDays)

export const isDue = (entry: CareEntry, today: string): boolean => !entry.closed && nextContact(entry) <= today

const EVERY = /^每(\d+|[一二两三四五六七八九十]+)天$/
const RESPONSIBLE = /^负责[:：]?(.*)$/
const CHINESE_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 }

const dayCount = (word: string): number => (/^\d+$/.test(word) ? Number(word) : (CHINESE_DIGITS[word] ?? 0))

export type CareAddWords = { ok: true; name: string; reason: string; everyDays?: number; responsible?: string } | { ok: false; reason: string }

/** `姓名 原因 [每N天] [负责 姓名]`: the reason runs until the interval or the responsible admin. */
export function parseCareAdd(words: readonly string[]): CareAddWords {
  const [name = '', ...rest] = words
  const reasonWords: string[] = []
  let everyDays: number | undefined
  let responsible: string | undefined
  for (let index = 0; index < rest.length; index++) {
    const word = rest[index] as string
    const every = EVERY.exec(word)
    const owner = RESPONSIBLE.exec(word)
    if (every) {
      everyDays = dayCount(every[1] ?? '')
      if (!(everyDays >= 1)) return { ok: false, reason: '“每N天”里的天数应是 1 以上的整数' }
    } else if (owner) {
      responsible = owner[1] || rest[(index += 1)]
      if (!responsible) return { ok: false, reason: '“负责”后面请写负责联系的行政人员姓名' }
    } else reasonWords.push(word)
  }
  const reason = reasonWords.join(' ').trim()
  if (!name || !reason) return { ok: false, reason: '请写姓名和原因，例如 /关怀 添加 王芳 滞留湖北 每3天' }
  return { ok: true, name, reason, ...(everyDays ? { everyDays } : {}), ...(responsible ? { responsible } : {}) }
}
