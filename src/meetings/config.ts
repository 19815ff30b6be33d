import { z } from 'zod'
import { clockTime } from '../config/fields.js'

/** The `meetings` section. */
export const meetingsSectionSchema = z
  .strictObject({
    agendaLeadMinutes: z.number().int().min(0).default(30),
    /** Local time at which owners are reminded of action items due that day. */
    actionReminderTime: clockTime.default('08:00'),
    /** Who the minutes list as present: those registered with /出席 (`list`), or every member of the admin group (`group`). */
    attendance: z.enum(['list', 'group']).default('list'),
  })
  .prefault({})

export type MeetingsSection = z.output<typeof meetingsSectionSchema>
