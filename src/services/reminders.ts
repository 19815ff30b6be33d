import type { AppContext, Feature, ScheduledJob } from '../app/types.js'
import type { SlotConfig } from '../config.js'
import { holidayName, isSkippedDay } from '../domain/calendar.js'
import {
  adminTallyText,
  chaseText,
  groupTallyText,
  nothingMissing,
  reminderText,
  tallyMentions,
  type SummarySection,
} from '../domain/reminders.js'
import type { StoredReport } from '../domain/report.js'
import { tallySlot, type SlotTally } from '../domain/tally.js'
import { addDays, chineseDate, clockText, dateKeyOf } from '../domain/time.js'
import { say, type Outgoing } from '../domain/types.js'
import { firstFiringOn } from '../schedule/cron-times.js'
import { purgeClosedFollowupsBefore } from '../store/followups.js'
import { leavesDocument, peopleOnLeave } from '../store/leaves.js'
import { dailyReport, reportFile } from './health-report.js'

export interface HealthClockOptions {
  /** More blocks for the daily summary from other areas (overdue action items…), asked for on the day. */
  extraSections?: (dateKey: string) => Promise<SummarySection[]>
}


/** Marks a data directory the bot has run on: only then was anything "missed while down". */
const STARTED_KEY = 'bot:last-start'
/** Keys of what was sent, e.g. `remind:2026-02-03:上午:全体教职工群`. */
const markerKey = (...parts: string[]): string => parts.join(':')
const DATE_IN_KEY = /\d{4}-\d{2}-\d{2}/

interface CatchUp {
  due: Date
  run: () => Promise<void>
}

/**
 * The clock: per slot a reminder at `remind` and a tally at `deadline`, the daily summary
 * and the nightly purge. Every message is marked sent in the store before it is queued,
 * so a restart never repeats one; `onStart` sends, once, what fell due while the bot was down.
 */
export function healthClockFeature(app: AppContext, options: HealthClockOptions = {}): Feature {
  const { config, store, roster, log } = app
  const { timezone } = config
  const { slots, feverThreshold } = config.health
  const staffGroups = app.topicsWithRole('staff')
  const adminGroups = app.topicsWithRole('admin')

  /** Marks the keys not yet marked and returns them: only those may be sent. */
  async function claim(keys: readonly string[], at: Date): Promise<Set<string>> {
    const markers = await store.markers()
    const fresh = new Set<string>()
    await markers.update((data) => {
      for (const key of keys) {
        if (data.sent[key]) continue
        data.sent[key] = at.toISOString()
        fresh.add(key)
      }
    })
    return fresh
  }

  function skipped(dateKey: string, what: string): boolean {
    if (!isSkippedDay(dateKey, config.health.skipDays)) return false
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
    const claimed = await claim(due.map(({ topic }) => markerKey('remind', dateKey, slot.name, topic)), at)
    const messages = due
      .filter(({ topic }) => claimed.has(markerKey('remind', dateKey, slot.name, topic)))
      .map(({ topic, tally }) => {
        const classLabel = roster.membersOf(topic).find((person) => person.classLabel)?.classLabel
        const text = reminderText({
          dateKey,
          slot: slot.name,
          deadline: clockText(deadline, timezone),
          ...(classLabel ? { classLabel } : {}),
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
    const chased = config.health.privateChase && !superseded ? chaseTargets(school) : []

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
        message: say({ room: topic }, adminTallyText(school, { deadline, chased: chased.length, feverThreshold })),
      })),
      ...chased.map((target) => ({
        key: markerKey('chase', dateKey, slot.name, target.name),
        message: say({ person: target.name }, chaseText({ ...target, dateKey, slot: slot.name, deadline })),
      })),
    ]
    const claimed = await claim(
      candidates.map(({ key }) => key),
      at,
    )
    const messages = candidates.filter(({ key }) => claimed.has(key)).map(({ message }) => message)
    if (messages.length) log.info(`${slot.name}上报统计：${messages.length} 条消息，未报 ${school.missing.length} 人 (tally queued)`)
    app.deliver(messages)
  }

  /** Another area's trouble must not cost the school its daily summary: its section is left out. */
  async function extraSectionsFor(dateKey: string): Promise<SummarySection[]> {
    try {
      return (await options.extraSections?.(dateKey)) ?? []
    } catch (error) {
      log.error(`日报附加内容出错，已略过 (summary section failed): ${(error as Error).stack ?? String(error)}`)
      return []
    }
  }

  async function summary(dateKey: string, at: Date): Promise<void> {
    if (skipped(dateKey, '健康日报')) return
    const key = (topic: string): string => markerKey('summary', dateKey, topic)
    const sent = (await store.markers()).data.sent
    if (adminGroups.every((topic) => sent[key(topic)])) return
    // Built before anything is marked: a failure here leaves the summary to be sent at the next start.
    const report = await dailyReport(app, dateKey, { isToday: true, extraSections: await extraSectionsFor(dateKey) })
    const claimed = await claim(adminGroups.map(key), at)
    const topics = adminGroups.filter((topic) => claimed.has(key(topic)))
    if (!topics.length) return
    // The text goes out first and on its own, so it arrives even if the spreadsheet does not.
    app.deliver(topics.map((topic) => say({ room: topic }, report.text)))
    const file = await reportFile(app, report)
    app.deliver(topics.map((topic) => ({ to: { room: topic }, file })))
    log.info(`健康日报已发往 ${topics.length} 个行政群 (daily summary queued)`)
  }

  /** Health files, markers, leaves and closed follow-ups older than the retention period go. */
  async function purge(today: string): Promise<void> {
    const firstKept = addDays(today, -config.health.retentionDays)
    const removedDays = await store.purgeHealthBefore(firstKept)
    const isExpired = (key: string): boolean => {
      const date = DATE_IN_KEY.exec(key)?.[0]
      return date !== undefined && date < firstKept
    }
    const markers = await store.markers()
    const expiredMarkers = Object.keys(markers.data.sent).filter(isExpired)
    if (expiredMarkers.length) {
      await markers.update((data) => {
        for (const key of expiredMarkers) delete data.sent[key]
      })
    }
    const leaves = await leavesDocument(store)
    const expiredLeaves = leaves.data.leaves.filter((leave) => leave.to < firstKept).length
    if (expiredLeaves) {
      await leaves.update((data) => {
        data.leaves = data.leaves.filter((leave) => leave.to >= firstKept)
      })
    }
    const expiredFollowups = await purgeClosedFollowupsBefore(store, firstKept)
    if (removedDays.length || expiredLeaves || expiredFollowups) {
      log.info(`已清理 ${removedDays.length} 天健康数据、${expiredLeaves} 条请假记录、${expiredFollowups} 条已结束的跟进 (retention purge)`)
    }
  }

  const jobs: ScheduledJob[] = [
    ...slots.flatMap((slot): ScheduledJob[] => [
      { name: `remind:${slot.name}`, cron: slot.remind, run: (firedAt) => remind(dateKeyOf(firedAt, timezone), slot, firedAt) },
      { name: `tally:${slot.name}`, cron: slot.deadline, run: (firedAt) => tally(dateKeyOf(firedAt, timezone), slot, firedAt) },
    ]),
    { name: 'daily-summary', cron: config.health.dailySummary, run: (firedAt) => summary(dateKeyOf(firedAt, timezone), firedAt) },
    { name: 'purge', cron: config.health.purge, run: (firedAt) => purge(dateKeyOf(firedAt, timezone)) },
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
    const summaryAt = firstFiringOn(config.health.dailySummary, today, timezone)
    if (ranBefore && passed(summaryAt)) catchUps.push({ due: summaryAt, run: () => summary(today, now) })
    return catchUps.sort((a, b) => a.due.getTime() - b.due.getTime())
  }

  return {
    name: 'health-clock',
    jobs,
    async onStart(now) {
      const today = dateKeyOf(now, timezone)
      const markers = await store.markers()
      const ranBefore = markers.data.sent[STARTED_KEY] !== undefined
      for (const catchUp of missedToday(today, now, ranBefore)) await catchUp.run()
      await markers.update((data) => {
        data.sent[STARTED_KEY] = now.toISOString()
      })
      // The nightly purge may have been missed too; running it again is harmless.
      await purge(today)
    },
  }
}
