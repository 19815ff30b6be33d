import { minutesOfClock } from '../config/fields.js'
import { actionLine, agendaText } from '../domain/minutes.js'
import { localTime, zonedDate } from '../domain/time.js'
import { say, type Outgoing } from '../domain/types.js'
import { agendaMarker, type MeetingDesk } from './desk.js'
import type { MeetingLifecycle } from './lifecycle.js'

const LAST_MINUTE_OF_DAY = 23 * 60 + 59
const dueReminderMarker = (actionId: number, dateKey: string): string => `meeting-action-due:${actionId}:${dateKey}`

/** The meetings' clock: what happens by itself as time passes. */
export class MeetingClock {
  constructor(
    private readonly desk: MeetingDesk,
    private readonly lifecycle: MeetingLifecycle,
  ) {}

  /**
   * Runs every minute, and once at start-up (`catchingUp`): closes what the day left open,
   * posts agendas that are due, and reminds owners of action items due today.
   */
  async tick(now: Date, catchingUp = false): Promise<void> {
    await this.closeFinishedDays(now)
    await this.postDueAgendas(now, catchingUp)
    await this.remindDueActions(now)
  }

  private dayIsOver(dateKey: string, now: Date): boolean {
    const local = localTime(now, this.desk.timeZone)
    return dateKey < local.dateKey || (dateKey === local.dateKey && local.minuteOfDay >= LAST_MINUTE_OF_DAY)
  }

  private async closeFinishedDays(now: Date): Promise<void> {
    const document = await this.desk.document()
    for (const meeting of [...document.data.meetings]) {
      if (meeting.status === 'open' && meeting.startedAt) {
        const day = this.desk.dateKey(meeting.startedAt)
        if (!this.dayIsOver(day, now)) continue
        this.desk.app.log.info(`会议 ${meeting.id} 未结束，按当天结束处理 (auto-closing meeting)`)
        this.desk.app.deliver(await this.lifecycle.close(meeting.id, zonedDate(day, 23, 59, this.desk.timeZone), true))
      } else if (meeting.status === 'scheduled' && this.dayIsOver(this.desk.dateKey(meeting.scheduledAt), now)) {
        await this.lifecycle.lapse(meeting.id)
      }
    }
  }

  private async postDueAgendas(now: Date, catchingUp: boolean): Promise<void> {
    const document = await this.desk.document()
    const leadMs = this.desk.settings.agendaLeadMinutes * 60_000
    for (const meeting of document.data.meetings) {
      const startsAt = new Date(meeting.scheduledAt).getTime()
      const postAt = startsAt - leadMs
      if (meeting.status !== 'scheduled' || now.getTime() < postAt || now.getTime() > startsAt) continue
      await this.desk.once(agendaMarker(meeting), now, () =>
        this.desk.app.deliver(this.desk.toAdminRooms(agendaText(meeting, this.desk.timeZone, catchingUp && now.getTime() > postAt))),
      )
    }
  }

  private async remindDueActions(now: Date): Promise<void> {
    const local = localTime(now, this.desk.timeZone)
    if (local.minuteOfDay < minutesOfClock(this.desk.settings.actionReminderTime)) return
    const document = await this.desk.document()
    // An item given out on its due day was just heard about: no reminder that day.
    const candidates = document.data.actions.filter(
      (action) => !action.doneAt && action.due === local.dateKey && this.desk.dateKey(action.createdAt) < local.dateKey,
    )
    if (!candidates.length) return
    const claimed = await this.desk.once.claim(
      candidates.map((action) => dueReminderMarker(action.id, local.dateKey)),
      now,
    )
    const due = candidates.filter((action) => claimed.has(dueReminderMarker(action.id, local.dateKey)))
    if (!due.length) return
    const inAdminGroup = due.filter((action) => this.desk.isAdminMember(action.owner))
    const messages: Outgoing[] = []
    if (inAdminGroup.length) {
      const owners = [...new Set(inAdminGroup.map((action) => action.owner))]
      messages.push(...this.desk.toAdminRooms(['今天到期的待办：', ...inAdminGroup.map(actionLine), '完成后发 /完成 编号。'].join('\n'), owners))
    }
    for (const owner of new Set(due.filter((action) => !inAdminGroup.includes(action)).map((action) => action.owner))) {
      const lines = due.filter((action) => action.owner === owner).map(actionLine)
      messages.push(say({ person: owner }, ['你好！你的待办今天到期：', ...lines, '完成后请告诉行政群的老师。'].join('\n')))
    }
    this.desk.app.deliver(messages)
  }
}
