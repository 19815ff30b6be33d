import { DATE_ARG_EXAMPLES } from '../domain/date-arg.js'
import { parseDateRange, type DateRangeResult } from '../domain/date-range.js'
import { addDays } from '../domain/time.js'

const monthStart = (dateKey: string): string => `${dateKey.slice(0, 7)}-01`

export const TICKET_SPAN_EXAMPLES = `本周、本月、上月、2月1日..2月3日（日期可写${DATE_ARG_EXAMPLES}）`

/**
 * The days a desk report covers: nothing or 本月 is this month so far, 上月 last month;
 * anything else is the project's date grammar (本周, 2月3日, 2月1日..2月3日), up to today.
 */
export function ticketSpan(words: readonly string[], todayKey: string): DateRangeResult {
  const text = words.join('').trim()
  if (!text || text === '本月' || text === '这个月') return { ok: true, from: monthStart(todayKey), to: todayKey }
  if (text === '上月' || text === '上个月') {
    const lastOfPrevious = addDays(monthStart(todayKey), -1)
    return { ok: true, from: monthStart(lastOfPrevious), to: lastOfPrevious }
  }
  return parseDateRange(words, todayKey)
}
