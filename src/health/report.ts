import type { AppContext, ReportFigure } from '../app/types.js'
import { currentReports } from '../domain/report.js'
import { dailyFileName, dailySummaryText, rangeFileName, rangeSummaryText, type SummarySection } from '../domain/reminders.js'
import { tallySlot } from '../domain/tally.js'
import type { OutgoingFile } from '../domain/types.js'
import { peopleOnLeave } from '../leave/leaves.js'
import { firstFiringOn } from '../schedule/cron-times.js'
import { healthSectionOf, type HealthSection } from './config.js'
import { followupsDocument } from './followups.js'
import { healthWorkbook, type SlotSheetData } from './xlsx.js'

/** A report ready to send: the text always goes first, the spreadsheet is built after it. */
export interface HealthReport {
  text: string
  fileName: string
  slots: SlotSheetData[]
}

/** Every configured slot of one day, whole school: who owed what and the current reports. */
async function loadSlots(app: AppContext, dateKey: string, openedBy?: Date): Promise<SlotSheetData[]> {
  const reports = (await app.store.healthDay(dateKey)).data.reports
  const onLeave = await peopleOnLeave(app.store, dateKey)
  // A slot whose reminder has not gone out yet owes nothing: nobody is missing from it.
  const opened = (remind: string): boolean => {
    const remindAt = firstFiringOn(remind, dateKey, app.config.timezone)
    return openedBy === undefined || (remindAt !== undefined && remindAt.getTime() <= openedBy.getTime())
  }
  return healthSectionOf(app.config).slots.filter((slot) => opened(slot.remind)).map((slot) => ({
    tally: tallySlot({ roster: app.roster, reports, dateKey, slot: slot.name, onLeave }),
    reports: [...currentReports(reports, slot.name).values()],
  }))
}

async function followupCounts(app: AppContext, dateKey: string): Promise<{ open: number; openedToday: number }> {
  const items = (await app.store.open(followupsDocument)).data.items.filter((item) => !item.closed)
  return { open: items.length, openedToday: items.filter((item) => item.opened.date === dateKey).length }
}

/** The daily summary of `dateKey`; open follow-ups are a present-day fact, so they appear only for today. */
export async function dailyReport(
  app: AppContext,
  dateKey: string,
  options: { isToday: boolean; extraSections?: readonly SummarySection[]; openedBy?: Date },
): Promise<HealthReport> {
  const slots = await loadSlots(app, dateKey, options.openedBy)
  const fileName = dailyFileName(dateKey)
  const text = dailySummaryText({
    dateKey,
    slots: slots.map(({ tally, reports }) => ({
      tally,
      classSummaries: reports.flatMap((report) => (report.subject.kind === 'class' ? [report.subject] : [])),
    })),
    rules: healthSectionOf(app.config).rules,
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
  const { timezone } = app.config
  const health = healthSectionOf(app.config)
  const data = await healthWorkbook(
    health.slots.map((slot) => slot.name),
    report.slots,
    { timezone, rules: health.rules },
  )
  return { name: report.fileName, data }
}

/** Health figures for the upward report: reporting on time against what was due, abnormal cases, follow-ups closed. */
export async function healthFigures(app: AppContext, settings: HealthSection, from: string, to: string): Promise<ReportFigure[]> {
  const dates = (await app.store.healthDates()).filter((date) => from <= date && date <= to)
  let due = 0
  let onTime = 0
  let abnormal = 0
  for (const dateKey of dates) {
    for (const { tally } of await loadSlots(app, dateKey)) {
      due += tally.expected.length
      onTime += tally.reported.length - tally.late.filter((report) => report.subject.kind === 'person').length
      abnormal += tally.abnormal.length
    }
  }
  const followups = (await app.store.open(followupsDocument)).data.items
  const closed = followups.filter((item) => item.closed && from <= item.closed.at.slice(0, 10) && item.closed.at.slice(0, 10) <= to).length
  return [
    { label: '按时上报（人次）', value: `${onTime}/${due}` },
    { label: '上报率', value: due ? `${Math.round((onTime / due) * 1000) / 10}%` : '—' },
    { label: `异常（发热≥${settings.feverThreshold}℃、症状等）`, value: abnormal },
    { label: '跟进已结束', value: closed },
  ]
}
