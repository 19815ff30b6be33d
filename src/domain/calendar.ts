import officialCalendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' }

export type SkipDays = 'never' | 'weekends' | 'holidays'

/**
 * The State Council's arrangement as chinese-days publishes it (date → "English,中文,days").
 * Its data is read directly: its lookup functions parse a date as UTC midnight and read it
 * back in the machine's zone, which answers for the wrong day on a machine west of Greenwich.
 */
const daysOff: Readonly<Record<string, string>> = officialCalendar.holidays
const makeUpWorkdays: Readonly<Record<string, string>> = officialCalendar.workdays

/**
 * The State Council publishes each year's arrangement around November, so a package release
 * can only know the years up to the next one; a year it does not list would otherwise read
 * as a year of plain weekdays.
 */
const yearsWithOfficialData: ReadonlySet<number> = new Set(
  [...Object.keys(daysOff), ...Object.keys(makeUpWorkdays)].map(yearOf),
)

/**
 * Days off that fall on the same date every year (全国年节及纪念日放假办法, as revised in 2024:
 * 劳动节 is 1–2 May since 2025). The lunar holidays and 清明 move, and 调休 is decided yearly,
 * so without the official data they cannot be known.
 */
const FIXED_DATE_HOLIDAYS: Readonly<Record<string, string>> = {
  '01-01': '元旦',
  '05-01': '劳动节',
  '05-02': '劳动节',
  '10-01': '国庆节',
  '10-02': '国庆节',
  '10-03': '国庆节',
}

const SATURDAY = 6
const SUNDAY = 0
/** From this month on, next year's arrangement should be out and the package updated. */
const DECEMBER = 12

function yearOf(dateKey: string): number {
  return Number(dateKey.slice(0, 4))
}

function isWeekend(dateKey: string): boolean {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number]
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
  return weekday === SATURDAY || weekday === SUNDAY
}

function hasOfficialData(year: number): boolean {
  return yearsWithOfficialData.has(year)
}

/**
 * Whether the school takes no health reports on `dateKey`: `holidays` follows the official
 * calendar (public holidays off, 调休 make-up Saturdays and Sundays are working days),
 * `weekends` skips every Saturday and Sunday, `never` skips nothing (the epidemic default).
 * In a year the calendar has no data for, `holidays` skips weekends and the fixed-date holidays.
 */
export function isSkippedDay(dateKey: string, skipDays: SkipDays): boolean {
  switch (skipDays) {
    case 'never':
      return false
    case 'weekends':
      return isWeekend(dateKey)
    case 'holidays':
      if (holidayName(dateKey)) return true
      return !makeUpWorkdays[dateKey] && isWeekend(dateKey)
  }
}

/** The holiday's Chinese name (春节, 国庆节) when `dateKey` is an official day off for one. */
export function holidayName(dateKey: string): string | undefined {
  if (!hasOfficialData(yearOf(dateKey))) return FIXED_DATE_HOLIDAYS[dateKey.slice(5)]
  return daysOff[dateKey]?.split(',')[1] || undefined
}

export interface CalendarCoverage {
  /** Years, in order, that the bot may need now but the holiday calendar knows nothing of. */
  missingYears: number[]
}

/** Which years the calendar lacks: this year at any time, next year too from 1 December on. */
export function calendarCoverage(todayKey: string): CalendarCoverage {
  const year = yearOf(todayKey)
  const month = Number(todayKey.slice(5, 7))
  const needed = month >= DECEMBER ? [year, year + 1] : [year]
  return { missingYears: needed.filter((candidate) => !hasOfficialData(candidate)) }
}

/** The admins' warning while `missingYears` (not empty) has no holiday data. */
export function calendarWarningText(missingYears: readonly number[]): string {
  const years = missingYears.map((year) => `${year} 年`).join('、')
  return [
    `⚠️ 节假日日历还没有${years}的放假安排（chinese-days 包尚未收录）。`,
    `在更新之前，${years}只把周末和固定日期的假日（元旦 1月1日，劳动节 5月1日至2日，国庆节 10月1日至3日）当作休息日，不催报；春节、清明、端午、中秋放假和调休上班的周末都认不出来，这些日子请管理员留意。`,
    '国务院一般在每年 11 月前后公布下一年的安排：请每年 12 月在机器人目录下运行 npm install chinese-days@latest 更新日历，然后重启机器人。',
  ].join('\n')
}
