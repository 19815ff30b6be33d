import { z } from 'zod'
import { clockTime } from '../config/fields.js'

/** The `care` section. */
export const careSectionSchema = z
  .strictObject({
    /** When responsible admins are told privately whom to contact today. */
    reminderTime: clockTime.default('09:00'),
    /** Days between contacts when `/关怀 添加` does not say `每N天`. */
    everyDays: z.number().int().min(1).default(3),
  })
  .prefault({})

export type CareSection = z.output<typeof careSectionSchema>
