import { z } from 'zod'
import { minutesOfClock } from '../config/fields.js'

const word = z.string().trim().min(1)

const platformSchema = z.strictObject({ name: word, words: z.array(word).min(1) })
export type Platform = z.output<typeof platformSchema>

const faqEntrySchema = z.strictObject({
  question: word,
  answer: word,
  any: z.array(word).min(1),
  all: z.array(word).default([]),
})
export type FaqEntry = z.output<typeof faqEntrySchema>

/** The platforms Chinese schools taught on, and the words teachers use for them. */
const DEFAULT_PLATFORMS: Platform[] = [
  { name: '三顾云', words: ['三顾云', '三顾'] },
  { name: 'QQ群课堂', words: ['QQ群课堂', '群课堂', 'QQ'] },
  { name: '腾讯课堂', words: ['腾讯课堂'] },
  { name: '腾讯会议', words: ['腾讯会议'] },
  { name: '钉钉直播', words: ['钉钉直播', '钉钉'] },
  { name: '希沃', words: ['希沃', '易课堂', '白板', 'seewo'] },
  { name: '企业微信', words: ['企业微信', '企微'] },
  { name: '网络', words: ['Wi-Fi', 'WiFi', '无线网', '宽带', '路由器', '网络', '网速', '断网'] },
  { name: '电脑', words: ['笔记本', '电脑', '台式机'] },
]

export interface SchoolHours {
  startMinute: number
  endMinute: number
}

const SCHOOL_HOURS = /^([01]\d|2[0-3]):([0-5]\d)\s*[-~～至]\s*([01]\d|2[0-4]):([0-5]\d)$/

const schoolHoursSchema = z
  .string()
  .regex(SCHOOL_HOURS, '应为 "HH:mm-HH:mm" 格式，例如 "07:30-18:00"')
  .transform((text, ctx): SchoolHours => {
    const [start = '', end = ''] = text.split(/\s*[-~～至]\s*/)
    const hours = { startMinute: minutesOfClock(start), endMinute: minutesOfClock(end) }
    if (hours.endMinute <= hours.startMinute) {
      ctx.addIssue({ code: 'custom', message: '结束时间应晚于开始时间' })
      return z.NEVER
    }
    return hours
  })

/** The `tech` section: who answers, the platforms and FAQ the desk knows, and its clocks. */
export const techSectionSchema = z
  .strictObject({
    /** Roster names of the people who answer in the tech group. */
    team: z.array(word).default([]),
    platforms: z.array(platformSchema).default(DEFAULT_PLATFORMS),
    faq: z.array(faqEntrySchema).default([]),
    firstResponseMinutes: z.number().int().min(1).default(15),
    resolveHours: z.number().min(1).default(24),
    schoolHours: schoolHoursSchema.default(() => ({ startMinute: 7 * 60 + 30, endMinute: 18 * 60 })),
  })
  .prefault({})

export type TechSection = z.output<typeof techSectionSchema>
