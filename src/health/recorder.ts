import type { AppContext, Listener, MessageContext, Once } from '../app/types.js'
import { abnormalReasons, isAbnormal, parseHealthMessage, type HealthRecord, type ParseResult } from '../domain/health-parse.js'
import {
  abnormalAlertText,
  classClusterAlertText,
  confirmationText,
  officeClusterAlertText,
  type AbnormalEntry,
} from '../domain/health-text.js'
import type { Roster } from '../domain/identity.js'
import { DayIndex, fingerprint } from '../domain/day-index.js'
import type { ClassSubject, StoredReport } from '../domain/report.js'
import { slotAt, slotNamed } from '../domain/slots.js'
import { localTime } from '../domain/time.js'
import { say, type Destination, type Person } from '../domain/types.js'
import { firstFiringOn } from '../schedule/cron-times.js'
import { bindingsDocument } from '../app/bindings.js'
import { echo as excerpt } from '../app/router.js'
import type { Store } from '../store/store.js'
import type { HealthSection } from './config.js'
import { forgetRequestsDocument } from './forget-requests.js'
import { forgetFollowupsOf, noteAbnormal } from './followups.js'

/** This many abnormal reports in one class or office on one day is a cluster. */
const CLUSTER_SIZE = 3

type Subject = StoredReport['subject']

export interface HealthRecorder {
  /** Reads every non-command message in staff and admin groups and private chat as a possible report. */
  listener: Listener
  /** After a restart: confirms today's reports whose confirmation had not gone out yet. */
  onStart(now: Date): Promise<void>
}

/** Where a report's confirmation goes: the group it came from, or the reporter privately. */
const confirmationDestination = (report: StoredReport): Destination =>
  report.room ? { room: report.room } : { person: report.reporter }

const destinationKey = (to: Destination): string => ('room' in to ? `room:${to.room}` : 'person' in to ? `person:${to.person}` : `contact:${to.contact}`)

/** What is stored about a parsed record: the sender's own report, or a roster person named in it, or a class. */
export function subjectOf(record: HealthRecord, sender: Person, roster: Roster): Subject | undefined {
  if (record.kind === 'class') {
    const { classKey, classLabel, expected, actual, fever, hubei, quarantine } = record
    return { kind: 'class', classKey, classLabel, expected, actual, fever, hubei, quarantine }
  }
  const person = record.name === undefined ? sender : roster.find(record.name)
  if (!person) return undefined
  return {
    kind: 'person',
    name: person.name,
    ...(record.temperature !== undefined ? { temperature: record.temperature } : {}),
    symptoms: record.symptoms,
    ...(record.location !== undefined ? { location: record.location } : {}),
    hubei: record.hubei,
    quarantine: record.quarantine,
    ...(record.note !== undefined ? { note: record.note } : {}),
  }
}

const studentsAbnormal = (summary: ClassSubject): number => summary.fever + summary.hubei + summary.quarantine

const subjectIsAbnormal = (subject: Subject, feverThreshold: number): boolean =>
  subject.kind === 'person' ? isAbnormal(subject, feverThreshold) : studentsAbnormal(subject) > 0

export function createHealthRecorder(app: AppContext, settings: HealthSection, once: Once): HealthRecorder {
  const { config, store, roster, log } = app
  const { timezone } = config
  const { feverThreshold, slots } = settings
  /** True only the first time `key` is claimed: neither a restart nor two messages handled at once say it twice. */
  const firstTime = async (key: string, at: Date): Promise<boolean> => (await once.claim([key], at)).size > 0

  // Reports arrive for the current day only, so one index is kept: rebuilt when the day changes
  // or when its reports were changed elsewhere (a deletion replaces the array).
  let index: DayIndex | undefined
  function dayIndex(dateKey: string, reports: readonly StoredReport[]): DayIndex {
    if (index?.dateKey !== dateKey || !index.describes(reports)) index = new DayIndex(dateKey, reports)
    return index
  }

  // ── Batched confirmations ────────────────────────────────────────────────
  const batches = new Map<string, { to: Destination; items: { dateKey: string; id: string }[] }>()

  function confirmLater(to: Destination, dateKey: string, reports: readonly StoredReport[]): void {
    const key = destinationKey(to)
    let batch = batches.get(key)
    if (!batch) {
      batch = { to, items: [] }
      batches.set(key, batch)
      app.clock.setTimer(config.send.confirmBatchSeconds * 1000, () => sendBatch(key))
    }
    batch.items.push(...reports.map((report) => ({ dateKey, id: report.id })))
  }

  async function sendBatch(key: string): Promise<void> {
    const batch = batches.get(key)
    batches.delete(key)
    if (!batch) return
    try {
      const confirmed: StoredReport[] = []
      for (const dateKey of new Set(batch.items.map((item) => item.dateKey))) {
        const ids = new Set(batch.items.filter((item) => item.dateKey === dateKey).map((item) => item.id))
        const day = await store.healthDay(dateKey)
        // Reports deleted since (/删除我的数据) are simply not confirmed.
        const reports = day.data.reports.filter((report) => ids.has(report.id))
        if (!reports.length) continue
        await day.append({ kind: 'confirmed', ids: reports.map((report) => report.id) })
        confirmed.push(...reports)
      }
      if (confirmed.length) app.deliver([say(batch.to, confirmationText(confirmed))])
    } catch (error) {
      log.error(`发送上报确认出错 (confirmation failed): ${(error as Error).stack ?? String(error)}`)
    }
  }

  // ── Replies that record nothing ──────────────────────────────────────────
  async function unknownSenderReply(context: MessageContext, dateKey: string): Promise<void> {
    const shown = context.senderName
    if (!(await firstTime(`hint:${dateKey}:unknown-sender:${shown}`, context.incoming.at))) return
    log.info('未识别的上报人，已提示 /我是 (unknown reporter hinted)')
    const text = `我还不认识“${shown}”，这条健康上报没有记下。请先发送 /我是 你在名单上的姓名（例如 /我是 王芳），再重新上报。`
    context.reply(text, context.incoming.room ? { mentions: [shown] } : undefined)
  }

  /** The reason and example carry temperatures and symptom words, which stay out of staff groups. */
  function malformedReply(context: MessageContext, result: Extract<ParseResult, { kind: 'malformed' }>): void {
    context.replyWithDetails(`这条健康上报没有记下：${result.reason}。\n请按这样的格式发：\n${result.example}`, {
      noteHere: '这条健康上报没有记下，原因和正确的写法已私聊发给你。',
    })
  }

  // ── Abnormal reports ─────────────────────────────────────────────────────
  const alertAdmins = (text: string): void => app.notifyAdmins(text, { urgent: true })

  const sendOnce = (markerKey: string, at: Date, send: () => void): Promise<boolean> => once(markerKey, at, send)

  /** Three or more abnormal in one class (students, per the class summaries) or office (staff) today. */
  async function checkClusters(dateKey: string, fresh: readonly StoredReport[], at: Date): Promise<void> {
    const day = dayIndex(dateKey, (await store.healthDay(dateKey)).data.reports)
    const current = slots.flatMap((slot) => [...day.currentIn(slot.name).values()])
    for (const report of fresh) {
      const { subject } = report
      if (subject.kind === 'class') {
        // The same pupils are counted in every slot: the day's worst summary is the class's count.
        const summaries = current.flatMap((r) => (r.subject.kind === 'class' && r.subject.classKey === subject.classKey ? [r.subject] : []))
        const worst = summaries.reduce((max, s) => (studentsAbnormal(s) > studentsAbnormal(max) ? s : max), subject)
        if (studentsAbnormal(worst) < CLUSTER_SIZE) continue
        await sendOnce(`cluster:${dateKey}:class:${subject.classKey}`, at, () =>
          alertAdmins(classClusterAlertText(dateKey, subject.classLabel, abnormalReasons(worst, feverThreshold), studentsAbnormal(worst))),
        )
      } else {
        const office = roster.get(subject.name)?.office
        if (!office) continue
        const colleagues = new Set(roster.people.filter((person) => person.office === office).map((person) => person.name))
        const abnormalNames = [
          ...new Set(current.flatMap((r) => (r.abnormal && r.subject.kind === 'person' && colleagues.has(r.subject.name) ? [r.subject.name] : []))),
        ]
        if (abnormalNames.length < CLUSTER_SIZE) continue
        await sendOnce(`cluster:${dateKey}:office:${office}`, at, () => alertAdmins(officeClusterAlertText(dateKey, office, abnormalNames)))
      }
    }
  }

  async function handleAbnormal(dateKey: string, slot: string, abnormal: readonly StoredReport[], at: Date): Promise<void> {
    if (!abnormal.length) return
    const entries: AbnormalEntry[] = []
    for (const report of abnormal) {
      const { subject } = report
      const followup = await noteAbnormal(
        store,
        subject.kind === 'person' ? { kind: 'person', name: subject.name } : { kind: 'class', classKey: subject.classKey, classLabel: subject.classLabel },
        { date: dateKey, slot },
        abnormalReasons(subject, feverThreshold),
      )
      entries.push({ report, followupId: followup.id })
    }
    alertAdmins(abnormalAlertText(dateKey, slot, entries, feverThreshold))
    log.info(`健康异常 ${abnormal.length} 条，已通知行政群 (abnormal reports alerted)`)
    await checkClusters(dateKey, abnormal, at)
  }

  // ── Recording ────────────────────────────────────────────────────────────
  async function record(context: MessageContext, sender: Person, result: Extract<ParseResult, { kind: 'reports' }>): Promise<void> {
    const { incoming } = context
    const at = incoming.at
    const local = localTime(at, timezone)
    const { dateKey } = local
    const slot = slotNamed(slots, result.slot) ?? slotAt(slots, local.minuteOfDay)
    const deadline = firstFiringOn(slot.deadline, dateKey, timezone)
    const late = deadline !== undefined && at.getTime() > deadline.getTime()

    const unknownNames: string[] = []
    const subjects: Subject[] = []
    for (const parsed of result.records) {
      const subject = subjectOf(parsed, sender, roster)
      if (subject) subjects.push(subject)
      else if (parsed.kind === 'person' && parsed.name !== undefined) unknownNames.push(parsed.name)
    }

    const day = await store.healthDay(dateKey)
    const stored: StoredReport[] = []
    const resent: StoredReport[] = []
    // Everything from reading what is there to adding the new reports happens in one synchronous
    // step, so two messages handled at once cannot take the same id or both skip a line.
    const known = dayIndex(dateKey, day.data.reports)
    const writes: Promise<void>[] = []
    for (const subject of subjects) {
      const before = known.currentOf(slot.name, subject)
      // A 接龙 repeats every earlier line: a line seen before in this slot is not news, and a
      // copied line about someone else never overrides what that person reported themself.
      if (result.chain && known.seenInSlot(slot.name, subject)) continue
      if (result.chain && subject.kind === 'person' && subject.name !== sender.name && before?.reporter === subject.name) continue
      // The same report sent again (no confirmation seen yet, or the bot restarted) is kept
      // once; it is confirmed again so the sender knows it arrived.
      if (before && fingerprint(before.subject) === fingerprint(subject)) {
        resent.push(before)
        continue
      }
      const report: StoredReport = {
        id: known.nextId(),
        slot: slot.name,
        at: at.toISOString(),
        reporter: sender.name,
        late,
        abnormal: subjectIsAbnormal(subject, feverThreshold),
        confirmed: false,
        ...(incoming.room ? { room: incoming.room } : {}),
        subject,
      }
      writes.push(day.append({ kind: 'report', report }))
      known.add(report)
      stored.push(report)
    }
    // Handled means on disk: the new reports, or a resent one that another message may still be writing.
    await Promise.all(writes.length ? writes : [day.flushed()])
    if (stored.length) log.info(`记录健康上报 ${stored.length} 条 (reports recorded)`)
    if (resent.length) log.info(`重复上报 ${resent.length} 条，未重复记录 (identical reports not stored again)`)
    if (stored.length || resent.length) {
      confirmLater(incoming.room ? { room: incoming.room } : { person: sender.name }, dateKey, [...stored, ...resent])
    }
    await handleAbnormal(dateKey, slot.name, stored.filter((report) => report.abnormal), at)

    const notYetSaid: string[] = []
    for (const name of unknownNames) if (await firstTime(`hint:${dateKey}:unknown-name:${name}`, at)) notYetSaid.push(name)
    if (!notYetSaid.length) return
    const names = notYetSaid.map((name) => `“${excerpt(name)}”`).join('、')
    context.reply(`名单里没有${names}，这几行没有记下。如果名字写错了，请改正后再发。`)
  }

  const listener: Listener = {
    // Health reports are read in staff and admin groups and in private chat; other groups talk about other things.
    scope: ['staff', 'admin', 'private'],
    async hear(context) {
      const result = parseHealthMessage(context.incoming.text)
      if (result.kind === 'none') return false
      if (!context.sender) await unknownSenderReply(context, localTime(context.incoming.at, timezone).dateKey)
      else if (result.kind === 'malformed') malformedReply(context, result)
      else await record(context, context.sender.person, result)
      return true
    },
  }

  async function onStart(now: Date): Promise<void> {
    const dateKey = localTime(now, timezone).dateKey
    const unconfirmed = (await store.healthDay(dateKey)).data.reports.filter((report) => !report.confirmed)
    const byDestination = new Map<string, { to: Destination; reports: StoredReport[] }>()
    for (const report of unconfirmed) {
      const to = confirmationDestination(report)
      const entry = byDestination.get(destinationKey(to)) ?? { to, reports: [] }
      entry.reports.push(report)
      byDestination.set(destinationKey(to), entry)
    }
    for (const { to, reports } of byDestination.values()) confirmLater(to, dateKey, reports)
  }

  return { listener, onStart }
}

/** Deletes everything kept about a person: their reports, follow-ups, nickname bindings and request. */
export async function forgetPerson(store: Store, name: string): Promise<{ reports: number; followups: number; bindings: number }> {
  let reports = 0
  for (const dateKey of await store.healthDates()) {
    const day = await store.healthDay(dateKey)
    const kept = day.data.reports.filter((report) => !(report.subject.kind === 'person' && report.subject.name === name))
    if (kept.length === day.data.reports.length) continue
    reports += day.data.reports.length - kept.length
    await day.update((data) => {
      data.reports = kept
    })
  }
  const followups = await forgetFollowupsOf(store, name)
  const bindingDocument = await store.open(bindingsDocument)
  const nicknames = Object.entries(bindingDocument.data.byNickname).flatMap(([nickname, bound]) => (bound === name ? [nickname] : []))
  if (nicknames.length) {
    await bindingDocument.update((data) => {
      for (const nickname of nicknames) delete data.byNickname[nickname]
    })
  }
  const requests = await store.open(forgetRequestsDocument)
  await requests.update((data) => {
    delete data.pending[name]
  })
  return { reports, followups, bindings: nicknames.length }
}
