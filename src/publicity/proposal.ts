import { parseDateArg } from '../domain/date-arg.js'
import { addDays } from '../domain/time.js'

export type Proposal = { ok: true; title: string; writers: string[]; due: string } | { ok: false; reason: string }

/** `撰稿` and `截止` start a part only as words of their own (or with a colon): a title may say 优秀撰稿人. */
const KEYWORD = /\s(撰稿|截止)(?:[:：]|(?=\s|$))/g

/**
 * `/选题 标题 [撰稿 姓名…] [截止 日期]`: the title, the writers as typed, and the due date
 * (`dueDays` after today when none is written).
 */
export function parseProposal(words: readonly string[], todayKey: string, dueDays: number): Proposal {
  const text = ` ${words.join(' ')}`
  const marks = [...text.matchAll(KEYWORD)]
  const title = text
    .slice(0, marks[0]?.index ?? text.length)
    .trim()
    .replace(/^《(.*)》$/, '$1')
    .trim()
  if (!title) return { ok: false, reason: '请写上稿件标题' }
  const parts = new Map<string, string>()
  marks.forEach((mark, index) => {
    const end = marks[index + 1]?.index ?? text.length
    parts.set(mark[1] as string, text.slice((mark.index as number) + mark[0].length, end).trim())
  })
  const writers = (parts.get('撰稿') ?? '').split(/[\s、，,]+/).filter(Boolean)
  if (parts.has('撰稿') && !writers.length) return { ok: false, reason: '“撰稿”后面请写上撰稿人姓名' }
  const dueText = parts.get('截止')
  if (dueText === undefined) return { ok: true, title, writers, due: addDays(todayKey, dueDays) }
  const due = parseDateArg(dueText.replace(/\s+/g, ''), todayKey, { allowFuture: true })
  if (!due.ok) return { ok: false, reason: `截止日期：${due.reason}` }
  if (due.dateKey < todayKey) return { ok: false, reason: '截止日期已经过了，请写今天或以后的日期' }
  return { ok: true, title, writers, due: due.dateKey }
}
