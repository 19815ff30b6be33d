import type { AppContext } from '../app/types.js'
import { currentReports } from '../domain/report.js'
import { dailyFileName, dailySummaryText, rangeFileName, rangeSummaryText, type SummarySection } from '../domain/reminders.js'
import { tallySlot } from '../domain/tally.js'
import type { OutgoingFile } from '../domain/types.js'
import { peopleOnLeave } from '../store/leaves.js'
import { followupsDocument } from '../store/followups.js'
import { healthWorkbook, type SlotSheetData } from './xlsx.js'

/** A report ready to send: the text always goes first, the spreadsheet is built after it. */
export interface HealthReport {
  text: string
  fileName: string
  slots: SlotSheetData[]
}

/** Every configured slot of one day, whole school: who owed what and the current reports. */
async function loadSlots(app: AppContext, dateKey: string): Promise<SlotSheetData[]> {
  const reports = (await app.store.healthDay(dateKey)).data.reports
  const onLeave = await peopleOnLeave(app.store, dateKey)
  return app.config.health.slots.map((slot) => ({
    tally: tallySlot({ roster: app.roster, reports, dateKey, slot: slot.name, onLeave }),
    reports: [...currentReports(reports, slot.name).values()],
  }))
}

async function followupCounts(app: AppContext, dateKey: string): Promise<{ open: number; openedToday: number }> {
  const items = (await followupsDocument(app.store)).data.items.filter((item) => !item.closed)
  return { open: items.length, openedToday: items.filter((item) => item.opened.date === dateKey).length }
}

/** The daily summary of `dateKey`; open follow-ups are a present-day fact, so they appear only for today. */
export async function dailyReport(
  app: AppContext,
  dateKey: string,
  options: { isToday: boolean; extraSections?: readonly SummarySection[] },
): Promise<HealthReport> {
  const slots = await loadSlots(app, dateKey)
  const fileName = dailyFileName(dateKey)
  const text = dailySummaryText({
    dateKey,
    slots: slots.map(({ tally, reports }) => ({
      tally,
      classSummaries: reports.flatMap((report) => (report.subject.kind === 'class' ? [report.subject] : [])),
    })),
    feverThreshold: app.config.health.feverThreshold,
    followups: options.isToday ? await followupCounts(app, dateKey) : { open: 0, openedToday: 0 },
    ...(options.extraSections ? { extraSections: options.extraSections } : {}),
    attachment: fileName,
  })
  return { text, fileName, slots }
}

/** Every day from `from` to `to` that has health data; undefined when none has. */
export async function rangeReport(app: AppContext, from: string, to: string): Promise<HealthReport | undefined> {
  const dates = (await app.store.healthDates()).filter((date) => from <= date && date <= to)
  if (!dates.length) return undefined
  const days = await Promise.all(dates.map(async (dateKey) => ({ dateKey, slots: await loadSlots(app, dateKey) })))
  const fileName = rangeFileName(from, to)
  const text = rangeSummaryText({
    from,
    to,
    days: days.map(({ dateKey, slots }) => ({ dateKey, tallies: slots.map((slot) => slot.tally) })),
    attachment: fileName,
  })
  return { text, fileName, slots: days.flatMap((day) => day.slots) }
}

export async function reportFile(app: AppContext, report: HealthReport): Promise<OutgoingFile> {
  const { timezone, health } = app.config
  const data = await healthWorkbook(
    health.slots.map((slot) => slot.name),
    report.slots,
    { timezone, feverThreshold: health.feverThreshold },
  )
  return { name: report.fileName, data }
}
