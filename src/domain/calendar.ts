import officialCalendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' }

export type SkipDays = 'never' | 'weekends' | 'holidays'

/**
 * The State Council's arrangement as chinese-days publishes it (date → "English,中文,days").
 * Its data is read directly: its lookup functions parse a date as UTC midnight and read it
 * back in the machine's zone, which answers for the wrong day on a machine west of Greenwich.
 */
const daysOff: Readonly<Record<string, string>> = officialCalendar.holidays
const makeUpWorkdays: Readonly<Record<string, string>> = officialCalendar.workdays

const SATURDAY = 6
const SUNDAY = 0

function isWeekend(dateKey: string): boolean {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number]
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
  return weekday === SATURDAY || weekday === SUNDAY
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
    case 'weekends':
      return isWeekend(dateKey)
    case 'holidays':
      if (daysOff[dateKey]) return true
      return !makeUpWorkdays[dateKey] && isWeekend(dateKey)
  }
}

/** The holiday's Chinese name (春节, 国庆节) when `dateKey` is an official day off for one. */
export function holidayName(dateKey: string): string | undefined {
  return daysOff[dateKey]?.split(',')[1] || undefined
}
