import { z } from 'zod'
import { clockTime, cronExpression, minutesOfClock } from '../config/fields.js'
import { compileProfile, DEFAULT_FLAGS } from '../domain/health-parse/index.js'
import type { HealthRules } from '../domain/health-text.js'
import type { SlotConfig } from '../domain/slots.js'

const slotSchema = z.strictObject({
  name: z.string().trim().min(1),
  remind: cronExpression,
  deadline: cronExpression,
  /** Reports received before this local time belong to this slot; the last slot runs to midnight. */
  until: clockTime.optional(),
})

const DEFAULT_SLOTS = [
  { name: '上午', remind: '0 8 * * *', deadline: '0 10 * * *', until: '12:00' },
  { name: '下午', remind: '0 14 * * *', deadline: '0 16 * * *' },
]

/** Without an explicit `until`, the day is split evenly between the slots (two slots: noon). */
const defaultBoundary = (slotCount: number, index: number): number => Math.round(((index + 1) * 24 * 60) / slotCount)

function resolveSlots(slots: readonly z.output<typeof slotSchema>[]): SlotConfig[] {
  return slots.map((slot, index) => {
    const isLast = index === slots.length - 1
    const endMinute = slot.until ? minutesOfClock(slot.until) : isLast ? 24 * 60 : defaultBoundary(slots.length, index)
    return { name: slot.name, remind: slot.remind, deadline: slot.deadline, endMinute }
  })
}

const flagSchema = z.strictObject({
  /** How the flag is named in messages, tables and columns: 湖北, 外地返回, 隔离 … */
  name: z.string().trim().min(1),
  /** Words (places or states) that claim it in a report. */
  words: z.array(z.string().trim().min(1)).min(1),
  /** Whether claiming it makes a report abnormal (an alert and a follow-up). */
  abnormal: z.boolean().default(true),
  /** The count class summaries give for it (湖北0); without one classes do not count it. */
  classField: z.string().trim().min(1).optional(),
})

/** The `health` section: screening slots, the report profile, the daily summary and how long reports are kept. */
export const healthSectionSchema = z
  .strictObject({
    feverThreshold: z.number().min(36).max(40).default(37.3),
    slots: z
      .array(slotSchema)
      .min(1)
      .default(DEFAULT_SLOTS)
      .superRefine((slots, ctx) => {
        const names = new Set<string>()
        slots.forEach((slot, index) => {
          if (names.has(slot.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `时段重复：${slot.name}` })
          names.add(slot.name)
        })
      })
      .transform(resolveSlots),
    dailySummary: cronExpression.default('0 20 * * *'),
    retentionDays: z.number().int().min(1).default(60),
    skipDays: z.enum(['never', 'weekends', 'holidays']).default('never'),
    /** @ in the web protocol does not notify, so the deadline tally also chases privately. */
    privateChase: z.boolean().default(true),
    /** What a report may claim besides temperature and symptoms; the 2020 default is 湖北 and 隔离. */
    flags: z.array(flagSchema).min(1).default(DEFAULT_FLAGS.map((flag) => ({ ...flag, words: [...flag.words] }))),
    /** `体温正常` without a number: ask for the number (true), or record a normal report without one. */
    requireTemperature: z.boolean().default(true),
  })
  .prefault({})
  .transform((section) => {
    const rules: HealthRules = { feverThreshold: section.feverThreshold, profile: compileProfile(section.flags) }
    return { ...section, rules }
  })

export type HealthSection = z.output<typeof healthSectionSchema>

export const HEALTH_SECTION_KEY = 'health'

/** The health section, for other areas that follow the school's reporting days and retention. */
export const healthSectionOf = (config: { sections: Readonly<Record<string, unknown>> }): HealthSection =>
  config.sections[HEALTH_SECTION_KEY] as HealthSection
