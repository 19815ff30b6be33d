import { bindingsDocument } from '../app/bindings.js'
import { echo as excerpt } from '../app/router.js'
import type { AppContext, Listener, MessageContext, Once } from '../app/types.js'
import { DayIndex, fingerprint } from '../domain/day-index.js'
import { isAbnormal, parseHealthMessage, type HealthRecord, type ParseResult } from '../domain/health-parse/index.js'
import { reportDetailLine, slotOfDayText, studentsAbnormal, temperatureText, type HealthRules } from '../domain/health-text.js'
import type { Roster } from '../domain/identity.js'
import type { StoredReport } from '../domain/report.js'
import { slotAt, slotNamed, type SlotConfig } from '../domain/slots.js'
import { clockText, localTime } from '../domain/time.js'
import type { Person } from '../domain/types.js'
import { firstFiringOn } from '../schedule/cron-times.js'
import type { Store } from '../store/store.js'
import { AbnormalAlerts } from './alerts.js'
import type { HealthSection } from './config.js'
import { Confirmations, type ConfirmMode } from './confirmations.js'
import { forgetRequestsDocument } from './forget-requests.js'
import { forgetFollowupsOf } from './followups.js'
import { askForWrittenReport, isMedia } from './media-request.js'
import { Withdrawals } from './withdrawals.js'

type Subject = StoredReport['subject']

export interface HealthRecorder {
  /** Reads every non-command message in staff and admin groups and private chat as a possible report. */
  listener: Listener
  /** After a restart: confirms what was not confirmed and alerts what was not alerted, today. */
  onStart(now: Date): Promise<void>
}

/** What is stored about a parsed record: the sender's own report, or a roster person named in it, or a class. */
export function subjectOf(record: HealthRecord, sender: Person, roster: Roster): Subject | undefined {
  if (record.kind === 'class') {
    const { classKey, classLabel, expected, actual, fever, counts, abnormal } = record
    return { kind: 'class', classKey, classLabel, expected, actual, fever, counts, ...(abnormal !== undefined ? { abnormal } : {}) }
  }
  const person = record.name === undefined ? sender : roster.find(record.name)
  if (!person) return undefined
  return {
    kind: 'person',
    name: person.name,
    ...(record.temperature !== undefined ? { temperature: record.temperature } : {}),
    symptoms: record.symptoms,
    ...(record.location !== undefined ? { location: record.location } : {}),
    flags: record.flags,
    ...(record.note !== undefined ? { note: record.note } : {}),
  }
}

const subjectIsAbnormal = (subject: Subject, rules: HealthRules): boolean =>
  subject.kind === 'person' ? isAbnormal(subject, rules.feverThreshold, rules.profile) : studentsAbnormal(subject, rules) > 0

type Reports = Extract<ParseResult, { kind: 'reports' }>

/** Told of the reports a message added, once they are on disk (the privacy notice hooks in here). */
export type OnRecorded = (context: MessageContext, recorded: readonly StoredReport[]) => Promise<void>

export function createHealthRecorder(app: AppContext, settings: HealthSection, once: Once, onRecorded?: OnRecorded): HealthRecorder {
  const { config, store, roster, log } = app
  const { timezone } = config
  const { rules, slots } = settings
  const alerts = new AbnormalAlerts(app, rules, slots, once)
  const confirmations = new Confirmations(app, config.send.confirm as ConfirmMode, config.send.confirmBatchSeconds)
  const withdrawals = new Withdrawals(app, rules, alerts)
  /** True only the first time `key` is claimed: neither a restart nor two messages handled at once say it twice. */
  const firstTime = async (key: string, at: Date): Promise<boolean> => (await once.claim([key], at)).size > 0

  // Reports arrive for the current day only, so one index is kept: rebuilt when the day changes
  // or when its reports were changed elsewhere (a deletion replaces the array).
  let index: DayIndex | undefined
  function dayIndex(dateKey: string, reports: readonly StoredReport[]): DayIndex {
    if (index?.dateKey !== dateKey || !index.describes(reports)) index = new DayIndex(dateKey, reports)
    return index
  }

  /** The slot a message belongs to: the one it names, else the one open at its local time. */
  function slotOf(at: Date, named: string | undefined): { dateKey: string; slot: SlotConfig; deadline: Date | undefined } {
    const local = localTime(at, timezone)
    const slot = slotNamed(slots, named) ?? slotAt(slots, local.minuteOfDay)
    return { dateKey: local.dateKey, slot, deadline: firstFiringOn(slot.deadline, local.dateKey, timezone) }
  }

  // ── Replies that record nothing ──────────────────────────────────────────
  async function unknownSenderReply(context: MessageContext, dateKey: string): Promise<void> {
    const shown = excerpt(context.senderName)
    if (!(await firstTime(`hint:${dateKey}:unknown-sender:${shown}`, context.incoming.at))) return
    log.info('未识别的上报人，已提示 (unknown reporter hinted)')
    // Someone in none of the school's groups cannot introduce themselves with /我是 either.
    const text = context.incoming.senderGroups.length
      ? `我还不认识“${shown}”，这条健康上报没有记下。请先发送 /我是 你在名单上的姓名（例如 /我是 王芳），再重新上报。`
      : '你不在学校的工作群里，这条健康上报没有记下。请在学校的教职工群里上报，或联系学校的管理员。'
    context.reply(text, context.incoming.room ? { mentions: [context.senderName] } : undefined)
  }

  /**
   * Something that looks like a report but could not be read: the sender is told privately what
   * was not understood and one example, so nobody believes an unread report went in. The reason
   * may carry a temperature, which stays out of staff groups.
   */
  function notUnderstood(context: MessageContext, reason: string, example: string): void {
    const text = `这条健康上报没有记下：${reason}。\n请按这样的格式发：\n${example}`
    if (context.inAdminPlace) context.reply(text)
    else context.replyPrivately(text)
  }

  function howTo(context: MessageContext): void {
    const { slot, deadline } = slotOf(context.incoming.at, undefined)
    const until = deadline ? `，${clockText(deadline, timezone)} 截止` : ''
    context.reply(`现在报的是${slot.name}的健康情况${until}。直接发一条就行，例如：体温36.5 无症状。替别人报：替王芳代报 36.6。报错了：更正 36.4。`)
  }

  // ── Recording ────────────────────────────────────────────────────────────
  async function record(context: MessageContext, sender: Person, result: Reports): Promise<void> {
    const { incoming } = context
    const at = incoming.at
    const { dateKey, slot, deadline } = slotOf(at, result.slot)
    const late = deadline !== undefined && at.getTime() > deadline.getTime()
    // A quoted reply with a new reading corrects only the sender's own report.
    const quotedOther = result.quotedAuthor !== undefined && (roster.find(result.quotedAuthor)?.name ?? result.quotedAuthor) !== sender.name
    const correction = Boolean(result.correction) && !quotedOther

    const unknownNames: string[] = []
    const subjects: { subject: Subject; proxy: boolean; remeasure: boolean }[] = []
    for (const parsed of result.records) {
      const subject = subjectOf(parsed, sender, roster)
      if (!subject) {
        if (parsed.kind === 'person' && parsed.name !== undefined) unknownNames.push(parsed.name)
        continue
      }
      const proxy = subject.kind === 'person' && subject.name !== sender.name
      subjects.push({ subject, proxy, remeasure: parsed.kind === 'person' && Boolean(parsed.remeasure) })
    }

    const day = await store.healthDay(dateKey)
    const stored: StoredReport[] = []
    const resent: StoredReport[] = []
    // Everything from reading what is there to adding the new reports happens in one synchronous
    // step, so two messages handled at once cannot take the same id or both skip a line.
    const known = dayIndex(dateKey, day.data.reports)
    const writes: Promise<void>[] = []
    const measuredLow: StoredReport[] = []
    for (const { subject, proxy, remeasure } of subjects) {
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
        abnormal: subjectIsAbnormal(subject, rules),
        confirmed: false,
        ...(incoming.room ? { room: incoming.room } : {}),
        ...(proxy ? { proxy: true } : {}),
        ...(correction && before && !proxy ? { correction: true } : {}),
        subject,
      }
      writes.push(day.append({ kind: 'report', report }))
      known.add(report)
      stored.push(report)
      if (remeasure) measuredLow.push(report)
    }
    // What follows a first report (the privacy notice) is written alongside it, not after it.
    const followUp = stored.length ? onRecorded?.(context, stored) : undefined
    // Handled means on disk: the new reports, or a resent one that another message may still be writing.
    await Promise.all([...(writes.length ? writes : [day.flushed()]), followUp])
    if (stored.length) log.info(`记录健康上报 ${stored.length} 条 (reports recorded)`)
    withdrawals.remember(incoming.id, dateKey, stored)
    if (resent.length) log.info(`重复上报 ${resent.length} 条，未重复记录 (identical reports not stored again)`)
    const corrected = stored.filter((report) => report.correction)
    const ownContact = 'contact' in context.replyTo || 'person' in context.replyTo ? context.replyTo : undefined
    confirmations.later(
      confirmations.destinationOf({ room: incoming.room, reporter: sender.name }, ownContact),
      dateKey,
      [...stored, ...resent].filter((report) => !report.correction),
    )
    // What a correction now says, and a reading too low to be right, go to the sender alone.
    for (const report of corrected) context.replyPrivately(`已更正 ${slotOfDayText(dateKey, report.slot)}：${reportDetailLine(report, rules)}`)
    for (const { subject } of measuredLow) {
      if (subject.kind !== 'person' || subject.temperature === undefined) continue
      const whose = subject.name === sender.name ? '' : `${subject.name}的`
      context.replyPrivately(`记下了，不过${whose}体温 ${temperatureText(subject.temperature)} 偏低，可能没测准。请重新测量后再报一次，例如：更正 36.5`)
    }
    await alerts.raise(dateKey, stored.filter((report) => report.abnormal), at)

    const notYetSaid: string[] = []
    for (const name of unknownNames) if (await firstTime(`hint:${dateKey}:unknown-name:${name}`, at)) notYetSaid.push(name)
    if (!notYetSaid.length) return
    const names = notYetSaid.map((name) => `“${excerpt(name)}”`).join('、')
    context.reply(`名单里没有${names}，这几行没有记下。如果名字写错了，请改正后再发。`)
  }

  async function hear(context: MessageContext): Promise<boolean> {
    const { kind } = context.incoming
    if (kind === 'recalled') {
      const withdrawn = await withdrawals.withdraw(context.incoming.recalledId)
      // The index describes the day's current reports, which just changed under it.
      if (withdrawn) index = undefined
      return withdrawn
    }
    if (isMedia(kind)) return askForWrittenReport(context, settings, store, once)
    // Typed text and the built-in 接龙 card (whose text is the whole list) read alike.
    const result = parseHealthMessage(context.incoming.text, rules.profile)
    if (result.kind === 'none') {
      if (!context.incoming.mentionsBot) return false
      howTo(context)
      return true
    }
    if (result.kind === 'howTo') {
      howTo(context)
      return true
    }
    if (!context.sender) {
      await unknownSenderReply(context, localTime(context.incoming.at, timezone).dateKey)
      return true
    }
    switch (result.kind) {
      case 'attempt':
        notUnderstood(context, result.reason, result.example)
        return true
      case 'needsTemperature':
        if (settings.requireTemperature) {
          notUnderstood(context, '没有写体温数字', result.example)
          return true
        }
        await record(context, context.sender.person, { kind: 'reports', records: [result.record], chain: false, ...(result.slot ? { slot: result.slot } : {}) })
        return true
      case 'reports':
        await record(context, context.sender.person, result)
        return true
    }
  }

  const listener: Listener = {
    // Health reports are read in staff and admin groups and in private chat; other groups talk about other things.
    scope: ['staff', 'admin', 'private'],
    hear,
  }

  async function onStart(now: Date): Promise<void> {
    const dateKey = localTime(now, timezone).dateKey
    await confirmations.catchUp(dateKey)
    await alerts.catchUp(dateKey, now)
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
