import { z } from 'zod'
import { clockTime } from '../config/fields.js'

/** The `supplies` section: who keeps the stock and when it is short. */
export const suppliesSectionSchema = z
  .strictObject({
    /** Roster names who may use the supplies commands besides the admins. */
    keepers: z.array(z.string().trim().min(1)).default([]),
    minDaysOfCover: z.number().int().min(1).default(7),
    expiryWarningDays: z.number().int().min(1).default(14),
    /** When every item is checked each day (movements are checked as they happen). */
    checkTime: clockTime.default('08:00'),
  })
  .prefault({})

export type SuppliesSection = z.output<typeof suppliesSectionSchema>

export const SUPPLIES_KEEPERS = 'supplies.keepers'
