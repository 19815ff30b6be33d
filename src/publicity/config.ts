import { z } from 'zod'

const names = z.array(z.string().trim().min(1)).default([])

/** The `publicity` section. */
export const publicitySectionSchema = z
  .strictObject({
    /** Roster names who may write; without it, the members of the publicity groups. */
    writers: z.array(z.string().trim().min(1)).optional(),
    reviewers: z.strictObject({ 初审: names, 复审: names, 终审: names }).prefault({}),
    /** How many of 初审, 复审, 终审 an article goes through. */
    levels: z.number().int().min(1).max(3).default(3),
    /** A topic without a 截止 date is due this many days after it is set. */
    dueDays: z.number().int().min(0).default(3),
    /** A review pending this long is nudged to that level's reviewers. */
    reviewHours: z.number().int().min(1).default(24),
  })
  .prefault({})

export type PublicitySection = z.output<typeof publicitySectionSchema>
