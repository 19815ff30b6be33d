import { z } from 'zod'
import { defineDocument } from '../store/store.js'

const agendaItemSchema = z.object({
  text: z.string(),
  proposer: z.string(),
  proposedAt: z.string(),
  carriedFrom: z.number().int().optional(),
})

const recorded = { by: z.string(), at: z.string() }

const entrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('topic'), text: z.string(), agendaIndex: z.number().int().optional(), ...recorded }),
  z.object({ kind: z.literal('decision'), text: z.string(), ...recorded }),
  z.object({ kind: z.literal('note'), text: z.string(), ...recorded }),
  z.object({ kind: z.literal('action'), actionId: z.number().int(), ...recorded }),
])

const meetingSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  scheduledAt: z.string(),
  createdBy: z.string(),
  status: z.enum(['scheduled', 'open', 'closed', 'lapsed', 'cancelled']),
  /** The time it had before its last /会议 改期: the agenda is posted again for the new time. */
  rescheduledFrom: z.string().optional(),
  cancelledReason: z.string().optional(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  autoClosed: z.boolean().default(false),
  agenda: z.array(agendaItemSchema),
  entries: z.array(entrySchema),
  speakers: z.array(z.string()),
  /** Roster names registered with /出席. */
  attendees: z.array(z.string()).default([]),
})

const actionItemSchema = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  owner: z.string(),
  text: z.string(),
  due: z.string().optional(),
  createdAt: z.string(),
  createdBy: z.string(),
  doneAt: z.string().optional(),
  doneBy: z.string().optional(),
})

const meetingsSchema = z.object({
  nextMeetingId: z.number().int(),
  nextActionId: z.number().int(),
  meetings: z.array(meetingSchema),
  /** Agenda items proposed while no meeting was scheduled; the next meeting created takes them. */
  queuedAgenda: z.array(agendaItemSchema),
  actions: z.array(actionItemSchema),
})

export type StoredMeeting = z.infer<typeof meetingSchema>
export type StoredAction = z.infer<typeof actionItemSchema>
export type MeetingsData = z.infer<typeof meetingsSchema>

export const meetingsDocument = defineDocument('meetings', meetingsSchema, () => ({ nextMeetingId: 1, nextActionId: 1, meetings: [], queuedAgenda: [], actions: [] }))

/** The meeting in progress; the commands keep it to one at a time. */
export const openMeeting = (data: MeetingsData): StoredMeeting | undefined => data.meetings.find((meeting) => meeting.status === 'open')

/** The earliest meeting scheduled and not yet held: "the next meeting". */
export const upcomingMeeting = (data: MeetingsData): StoredMeeting | undefined =>
  data.meetings
    .filter((meeting) => meeting.status === 'scheduled')
    .reduce<StoredMeeting | undefined>((earliest, meeting) => (!earliest || meeting.scheduledAt < earliest.scheduledAt ? meeting : earliest), undefined)

export const actionsOfMeeting = (data: MeetingsData, meetingId: number): StoredAction[] =>
  data.actions.filter((action) => action.meetingId === meetingId)
