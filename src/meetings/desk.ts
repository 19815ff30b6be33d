import type { AppContext, Once } from '../app/types.js'
import { minutesText } from '../domain/minutes.js'
import { dateKeyOf } from '../domain/time.js'
import { say, type Destination, type Outgoing } from '../domain/types.js'
import type { MeetingsSection } from './config.js'
import { actionsOfMeeting, meetingsDocument, type MeetingsData, type StoredMeeting } from './data.js'

/** Who ran a command, where the answer goes, and when. */
export interface Actor {
  /** Roster name, or the WeChat display name of someone not on the roster. */
  name: string
  replyTo: Destination
  at: Date
}

export const NO_OPEN_MEETING = '现在没有进行中的会议。先发 /会议 开始（或 /会议 新建 时间 标题 安排一次）。'

/** The agenda of a meeting is posted once per time it is set for: a new time, a new posting. */
export const agendaMarker = (meeting: Pick<StoredMeeting, 'id' | 'scheduledAt' | 'rescheduledFrom'>): string =>
  meeting.rescheduledFrom ? `meeting-agenda:${meeting.id}@${meeting.scheduledAt}` : `meeting-agenda:${meeting.id}`

/** What every part of the meetings area shares: the data, the settings, and how answers are addressed. */
export class MeetingDesk {
  constructor(
    readonly app: AppContext,
    readonly settings: MeetingsSection,
    readonly once: Once,
  ) {}

  get timeZone(): string {
    return this.app.config.timezone
  }

  document() {
    return this.app.store.open(meetingsDocument)
  }

  /** Applies a change to the meetings file and returns what it produced, once it is on disk. */
  async change<T>(produce: (data: MeetingsData) => T): Promise<T> {
    const document = await this.document()
    let produced: { value: T } | undefined
    await document.update((data) => {
      produced = { value: produce(data) }
    })
    // update() runs the change synchronously, before it starts writing.
    return (produced as { value: T }).value
  }

  reply(actor: Actor, text: string): Outgoing[] {
    return [say(actor.replyTo, text)]
  }

  toAdminRooms(text: string, mentions?: string[]): Outgoing[] {
    return this.app.topicsWithRole('admin').map((room) => say({ room }, text, mentions))
  }

  /** Whoever asked from outside the admin group gets a short acknowledgement of what was posted there. */
  acknowledgeOutsideAdminRoom(actor: Actor, acknowledgement: string): Outgoing[] {
    const fromAdminRoom = 'room' in actor.replyTo && this.app.roleOf(actor.replyTo.room) === 'admin'
    return fromAdminRoom ? [] : this.reply(actor, acknowledgement)
  }

  isAdminMember(name: string): boolean {
    const adminRooms = this.app.topicsWithRole('admin')
    return this.app.roster.get(name)?.groups.some((group) => adminRooms.includes(group)) ?? false
  }

  dateKey(at: Date | string): string {
    return dateKeyOf(typeof at === 'string' ? new Date(at) : at, this.timeZone)
  }

  /** Names in roster order; names not on the roster last, as they came. */
  inRosterOrder(names: Iterable<string>): string[] {
    const people = this.app.roster.people
    const rank = (name: string): number => {
      const index = people.findIndex((person) => person.name === name)
      return index < 0 ? Number.MAX_SAFE_INTEGER : index
    }
    return [...new Set(names)].sort((a, b) => rank(a) - rank(b))
  }

  /** Present: those registered with /出席, or the whole admin group when the school counts it that way. */
  minutesOf(meeting: StoredMeeting, data: MeetingsData): string {
    const adminRooms = this.app.topicsWithRole('admin')
    const present =
      this.settings.attendance === 'group'
        ? this.inRosterOrder(adminRooms.flatMap((room) => this.app.roster.membersOf(room).map((person) => person.name)))
        : meeting.attendees.length
          ? this.inRosterOrder(meeting.attendees)
          : undefined
    const speakers = this.inRosterOrder(meeting.speakers)
    return minutesText(meeting, actionsOfMeeting(data, meeting.id), { ...(present ? { present } : {}), speakers }, this.timeZone)
  }
}
