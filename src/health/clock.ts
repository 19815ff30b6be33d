import type { AppContext, AreaParts, Once, ScheduledJob } from '../app/types.js'
import type { SlotConfig } from '../domain/slots.js'
import { holidayName, isSkippedDay } from '../domain/calendar.js'
import {
  adminTallyText,
  chaseText,
  groupTallyText,
  nothingMissing,
  reminderText,
  tallyMentions,
} from '../domain/reminders.js'
import type { StoredReport } from '../domain/report.js'
import { tallySlot, type SlotTally } from '../domain/tally.js'
import { addDays, chineseDate, clockText, dateKeyOf } from '../domain/time.js'
import { say, type Outgoing } from '../domain/types.js'
import { firstFiringOn } from '../schedule/cron-times.js'
import { peopleOnLeave } from '../leave/leaves.js'
import type { HealthSection } from './config.js'
import { auditFor, SYSTEM } from './audit.js'
import { purgeClosedFollowupsBefore } from './followups.js'
import { calendarWarning } from './calendar-warning.js'
import { dailyReport, reportFile } from './report.js'

/** Keys of what was sent, e.g. `remind:2026-02-03:上午:全体教职工群`. */
const markerKey = (...parts: string[]): string => parts.join(':')

interface CatchUp {
  due: Date
  run: () => Promise<void>
}

/**
 * The clock: per slot a reminder at `remind` and a tally at `deadline`, the daily summary
 * and the nightly purge. Every message is marked sent in the store before it is queued,
 * so a restart never repeats one; `onStart` sends, once, what fell due while the bot was down.
 */
export function healthClock(app: AppContext, settings: HealthSection, once: Once): Required<Pick<AreaParts, 'jobs' | 'onStart' | 'retention'>> {
  const { config, store, roster, log } = app
  const { timezone } = config
  const { slots } = settings
  const staffGroups = app.topicsWithRole('staff')
  const adminGroups = app.topicsWithRole('admin')
  const claim = (keys: readonly string[], at: Date, day: string) => once.claim(keys, at, { day })
  const audit = auditFor(app)

  function skipped(dateKey: string, what: string): boolean {
    if (!isSkippedDay(dateKey, settings.skipDays)) return false
    log.info(`${chineseDate(dateKey)}是${holidayName(dateKey) ?? '休息日'}，不发${what} (day off, skipped)`)
    return true
  }

  async function dayState(dateKey: string): Promise<{ reports: readonly StoredReport[]; onLeave: Set<string> }> {
    return { reports: (await store.healthDay(dateKey)).data.reports, onLeave: await peopleOnLeave(store, dateKey) }
  }

  async function remind(dateKey: string, slot: SlotConfig, at: Date): Promise<void> {
    if (skipped(dateKey, `${slot.name}健康提醒`)) return
    const deadline = firstFiringOn(slot.deadline, dateKey, timezone)
    if (!deadline) return
    const { reports, onLeave } = await dayState(dateKey)
    // A group where everyone has already reported (a late catch-up) needs no reminder.
    const due = staffGroups
      .map((topic) => ({ topic, tally: tallySlot({ roster, reports, dateKey, slot: slot.name, onLeave, group: topic }) }))
      .filter(({ tally }) => !nothingMissing(tally))
    const claimed = await claim(due.map(({ topic }) => markerKey('remind', dateKey, slot.name, topic)), at, dateKey)
    const messages = due
      .filter(({ topic }) => claimed.has(markerKey('remind', dateKey, slot.name, topic)))
      .map(({ topic, tally }) => {
        const classLabel = roster.membersOf(topic).find((person) => person.classLabel)?.classLabel
        const text = reminderText({
          dateKey,
          slot: slot.name,
          deadline: clockText(deadline, timezone),
          ...(classLabel ? { classLabel } : {}),
          rules: settings.rules,
          progress: { reported: tally.reported.length, expected: tally.expected.length },
        })
        return say({ room: topic }, text)
      })
    if (messages.length) log.info(`${slot.name}健康提醒：${messages.length} 个群 (reminders queued)`)
    app.deliver(messages)
  }

  /** Who gets a private reminder: each missing person, and each teacher whose class summary is missing, once. */
  function chaseTargets(school: SlotTally): { name: string; ownMissing: boolean; classLabel?: string }[] {
    const names = tallyMentions(school)
    return names.map((name) => {
      const classLabel = school.classesMissing.find((klass) => klass.teacher === name)?.label
      return { name, ownMissing: school.missing.some((person) => person.name === name), ...(classLabel ? { classLabel } : {}) }
    })
  }

  async function tally(dateKey: string, slot: SlotConfig, at: Date): Promise<void> {
    if (skipped(dateKey, `${slot.name}上报统计`)) return
    const deadlineAt = firstFiringOn(slot.deadline, dateKey, timezone)
    if (!deadlineAt) return
    const deadline = clockText(deadlineAt, timezone)
    const { reports, onLeave } = await dayState(dateKey)
    const school = tallySlot({ roster, reports, dateKey, slot: slot.name, onLeave })
    // Back after a long downtime, a later slot's deadline may have passed too: its tally chases
    // whoever is still missing, so nobody gets two private reminders at once for one day.
    const superseded = slots.some((other) => {
      const otherDeadline = firstFiringOn(other.deadline, dateKey, timezone)
      return otherDeadline !== undefined && otherDeadline > deadlineAt && otherDeadline <= at
    })
    const chased = settings.privateChase && !superseded ? chaseTargets(school) : []

    const candidates: { key: string; message: Outgoing }[] = [
      ...staffGroups.map((topic) => {
        const groupTally = tallySlot({ roster, reports, dateKey, slot: slot.name, onLeave, group: topic })
        return {
          key: markerKey('tally', dateKey, slot.name, topic),
          message: say({ room: topic }, groupTallyText(groupTally, deadline), tallyMentions(groupTally)),
        }
      }),
      ...adminGroups.map((topic) => ({
        key: markerKey('tally', dateKey, slot.name, topic),
        message: say({ room: topic }, adminTallyText(school, { deadline, chased: chased.length, rules: settings.rules })),
      })),
      ...chased.map((target) => ({
        key: markerKey('chase', dateKey, slot.name, target.name),
        message: say({ person: target.name }, chaseText({ ...target, dateKey, slot: slot.name, deadline, rules: settings.rules })),
      })),
    ]
    const claimed = await claim(
      candidates.map(({ key }) => key),
      at,
      dateKey,
    )
    const messages = candidates.filter(({ key }) => claimed.has(key)).map(({ message }) => message)
    if (messages.length) log.info(`${slot.name}上报统计：${messages.length} 条消息，未报 ${school.missing.length} 人 (tally queued)`)
    app.deliver(messages)
  }

  async function summary(dateKey: string, at: Date): Promise<void> {
    if (skipped(dateKey, '健康日报')) return
    const key = (topic: string): string => markerKey('summary', dateKey, topic)
    const sent = await Promise.all(adminGroups.map((topic) => once.has(key(topic))))
    if (sent.every(Boolean)) return
    // Built before anything is marked: a failure here leaves the summary to be sent at the next start.
    const report = await dailyReport(app, dateKey, { isToday: true, extraSections: await app.summarySections(dateKey) })
    const claimed = await claim(adminGroups.map(key), at, dateKey)
    const topics = adminGroups.filter((topic) => claimed.has(key(topic)))
    if (!topics.length) return
    const slotNames = slots.map((slot) => slot.name)
    // The text goes out first and on its own, so it arrives even if the spreadsheet does not.
    for (const topic of topics) await audit(SYSTEM, '健康日报', { date: dateKey, slot: slotNames }, { room: topic })
    app.deliver(topics.map((topic) => say({ room: topic }, report.text)))
    const file = await reportFile(app, report)
    for (const topic of topics) await audit(SYSTEM, '健康日报 Excel', { date: dateKey, slot: slotNames }, { room: topic })
    app.deliver(topics.map((topic) => ({ to: { room: topic }, file })))
    log.info(`健康日报已发往 ${topics.length} 个行政群 (daily summary queued)`)
  }

  const firstKept = (today: string): string => addDays(today, -settings.retentionDays)
  const calendar = calendarWarning(app, settings, once)

  const jobs: ScheduledJob[] = [
    ...slots.flatMap((slot): ScheduledJob[] => [
      { name: `remind:${slot.name}`, cron: slot.remind, run: (firedAt) => remind(dateKeyOf(firedAt, timezone), slot, firedAt) },
      { name: `tally:${slot.name}`, cron: slot.deadline, run: (firedAt) => tally(dateKeyOf(firedAt, timezone), slot, firedAt) },
    ]),
    { name: 'daily-summary', cron: settings.dailySummary, run: (firedAt) => summary(dateKeyOf(firedAt, timezone), firedAt) },
    ...calendar.jobs,
  ]

  /**
   * What fell due today while the bot was down, oldest first: a reminder only while its
   * deadline is still ahead, a tally and the summary any time later the same day. A bot
   * starting on a new data directory was never down: it reminds people of a slot still
   * open, but posts no tally for a period it did not watch.
   */
  function missedToday(today: string, now: Date, ranBefore: boolean): CatchUp[] {
    const passed = (at: Date | undefined): at is Date => at !== undefined && at.getTime() <= now.getTime()
    const catchUps: CatchUp[] = []
    for (const slot of slots) {
      const remindAt = firstFiringOn(slot.remind, today, timezone)
      const deadlineAt = firstFiringOn(slot.deadline, today, timezone)
      if (passed(remindAt) && deadlineAt && !passed(deadlineAt)) catchUps.push({ due: remindAt, run: () => remind(today, slot, now) })
      if (ranBefore && passed(deadlineAt)) catchUps.push({ due: deadlineAt, run: () => tally(today, slot, now) })
    }
    const summaryAt = firstFiringOn(settings.dailySummary, today, timezone)
    if (ranBefore && passed(summaryAt)) catchUps.push({ due: summaryAt, run: () => summary(today, now) })
    return catchUps.sort((a, b) => a.due.getTime() - b.due.getTime())
  }

  return {
    jobs,
    async onStart(now) {
      const today = dateKeyOf(now, timezone)
      for (const catchUp of missedToday(today, now, app.startedBefore())) await catchUp.run()
      await calendar.onStart(now)
    },
    retention: [
      { what: '健康数据（天）', purge: async (today) => (await store.purgeHealthBefore(firstKept(today))).length },
      { what: '已结束的跟进', purge: (today) => purgeClosedFollowupsBefore(store, firstKept(today)) },
    ],
  }
}
