import { z } from 'zod'
import { clockTime } from '../config/fields.js'

const rotaSchema = z.strictObject({
  name: z.string().trim().min(1),
  /** Roster names, taking turns in this order over working days. */
  people: z.array(z.string().trim().min(1)).min(1),
  /** When the staff group is told who is on today. */
  time: clockTime.default('07:40'),
  /** No check-in by then: the leader is told privately, the admins in the daily summary. */
  handover: clockTime.default('17:30'),
  /** Roster name of whoever answers for this duty. */
  leader: z.string().trim().min(1).optional(),
})

/** The `duty` section: one entry per duty (校园巡查, 消毒 …). */
export const dutySectionSchema = z
  .array(rotaSchema)
  .default([])
  .superRefine((rotas, ctx) => {
    const names = new Set<string>()
    rotas.forEach((rota, index) => {
      if (names.has(rota.name)) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `值班名重复：${rota.name}` })
      names.add(rota.name)
    })
  })

export type DutySection = z.output<typeof dutySectionSchema>
export type RotaConfig = DutySection[number]
