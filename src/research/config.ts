import { z } from 'zod'

/** The `research` section: who logs 教研 sessions, and their types. */
export const researchSectionSchema = z
  .strictObject({
    /** Roster names who may use the 教研 commands besides the admins. */
    keepers: z.array(z.string().trim().min(1)).default([]),
    types: z.array(z.string().trim().min(1)).min(1).default(['全校', '年级', '学科']),
  })
  .prefault({})

export type ResearchSection = z.output<typeof researchSectionSchema>

export const RESEARCH_KEEPERS = 'research.keepers'
