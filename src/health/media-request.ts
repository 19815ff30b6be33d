import type { MessageContext, Once } from '../app/types.js'
import { isSkippedDay } from '../domain/calendar.js'
import { currentReports } from '../domain/report.js'
import { slotAt } from '../domain/slots.js'
import { localTime } from '../domain/time.js'
import type { MessageKind } from '../domain/types.js'
import { firstFiringOn } from '../schedule/cron-times.js'
import type { Store } from '../store/store.js'
import type { HealthSection } from './config.js'

const WHAT_WAS_SENT: Partial<Record<MessageKind, string>> = { image: '一张图片', voice: '一段语音', video: '一段视频' }

export const isMedia = (kind: MessageKind): boolean => WHAT_WAS_SENT[kind] !== undefined

export function mediaRequestText(kind: MessageKind, slot: string): string {
  return `看到你发了${WHAT_WAS_SENT[kind] ?? '一条消息'}，不过我还读不懂图片、语音和视频里的体温，${slot}的健康上报还没有记下。请直接打字发一条，例如：体温36.5 无症状。`
}

/**
 * A photo of a thermometer, a voice message or a video sent in a staff group while a slot is
 * open (from its reminder to its deadline) by someone who has not reported in it: they are
 * asked privately, once per slot, to write the temperature. Otherwise it is none of the bot's
 * business. True when the message was taken as a report attempt.
 */
export async function askForWrittenReport(context: MessageContext, settings: HealthSection, store: Store, once: Once): Promise<boolean> {
  const { incoming, sender } = context
  if (context.roomRole !== 'staff' || !sender) return false
  const { timezone } = context.app.config
  const local = localTime(incoming.at, timezone)
  if (isSkippedDay(local.dateKey, settings.skipDays)) return false
  const slot = slotAt(settings.slots, local.minuteOfDay)
  const opensAt = firstFiringOn(slot.remind, local.dateKey, timezone)
  const closesAt = firstFiringOn(slot.deadline, local.dateKey, timezone)
  if (!opensAt || !closesAt || incoming.at < opensAt || incoming.at >= closesAt) return false
  const name = sender.person.name
  const reports = (await store.healthDay(local.dateKey)).data.reports
  const reported = [...currentReports(reports, slot.name).values()].some((report) => report.subject.kind === 'person' && report.subject.name === name)
  if (reported) return false
  await once(`media:${local.dateKey}:${slot.name}:${name}`, incoming.at, () => context.replyPrivately(mediaRequestText(incoming.kind, slot.name)))
  return true
}
