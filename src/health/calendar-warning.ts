import type { AppContext, Once, ScheduledJob } from '../app/types.js'
import { calendarCoverage, calendarWarningText } from '../domain/calendar.js'
import { addDays, localTime } from '../domain/time.js'
import type { HealthSection } from './config.js'

/** Monday morning; a bot started later in the week says it at start-up instead, still once that week. */
const WEEKLY_CRON = '0 9 * * 1'

/**
 * While the holiday calendar lacks a year the school needs (this one, or next from December),
 * `skipDays: holidays` falls back to weekends and fixed-date holidays: the admins are told so
 * once a week until the package is updated, and the log says so at every start.
 */
export function calendarWarning(app: AppContext, settings: HealthSection, once: Once): { jobs: ScheduledJob[]; onStart(now: Date): Promise<void> } {
  const { timezone } = app.config
  const missingYearsOn = (dateKey: string): number[] => (settings.skipDays === 'holidays' ? calendarCoverage(dateKey).missingYears : [])

  async function warnAdmins(at: Date): Promise<void> {
    const local = localTime(at, timezone)
    const missingYears = missingYearsOn(local.dateKey)
    if (!missingYears.length) return
    const monday = addDays(local.dateKey, -((local.weekday + 6) % 7))
    await once(`calendar:${monday}`, at, () => app.notifyAdmins(calendarWarningText(missingYears), { urgent: false }))
  }

  return {
    jobs: settings.skipDays === 'holidays' ? [{ name: 'calendar-warning', cron: WEEKLY_CRON, run: warnAdmins }] : [],
    async onStart(now) {
      const missingYears = missingYearsOn(localTime(now, timezone).dateKey)
      if (missingYears.length) {
        app.log.warn(`节假日日历（chinese-days）还没有 ${missingYears.join('、')} 年的放假安排，这段时间只按周末和固定日期的假日休息；请运行 npm install chinese-days@latest 更新 (holiday calendar out of date)`)
      }
      await warnAdmins(now)
    },
  }
}
