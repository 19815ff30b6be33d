import chineseDays from 'chinese-days'

export type SkipDays = 'never' | 'weekends' | 'holidays'

const SATURDAY = 6
const SUNDAY = 0

/**
 * chinese-days reads a date string as UTC midnight but looks at it with local getters, so
 * on a machine west of Greenwich it answers for the day before. A local-midnight Date is
 * read back as the same calendar day whatever the machine's zone.
 */
function localMidnight(dateKey: string): Date {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number]
  return new Date(year, month - 1, day)
}

function weekdayOf(dateKey: string): number {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay()
}

/**
 * Whether the school takes no health reports on `dateKey`: `holidays` follows the official
 * calendar (public holidays off, 调休 make-up Saturdays and Sundays are working days),
 * `weekends` skips every Saturday and Sunday, `never` skips nothing (the epidemic default).
 */
export function isSkippedDay(dateKey: string, skipDays: SkipDays): boolean {
  switch (skipDays) {
    case 'never':
      return false
    case 'weekends': {
      const weekday = weekdayOf(dateKey)
      return weekday === SATURDAY || weekday === SUNDAY
    }
    case 'holidays':
      return !chineseDays.isWorkday(localMidnight(dateKey))
  }
}

/** The holiday's Chinese name (春节, 国庆节) when `dateKey` is an official day off for one. */
export function holidayName(dateKey: string): string | undefined {
  const detail = chineseDays.getDayDetail(localMidnight(dateKey))
  if (detail.work) return undefined
  const chinese = detail.name.split(',')[1]
  return chinese || undefined
}
