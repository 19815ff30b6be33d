import { z } from 'zod'
import { echo } from '../src/app/router.js'
import { defineArea, defineCommand } from '../src/app/types.js'
import { parseDateArg } from '../src/domain/date-arg.js'
import { chineseDate } from '../src/domain/time.js'
import { RESEARCH_KEEPERS, researchSectionSchema } from '../src/research/config.js'
import { researchDocument } from '../src/research/data.js'
import { countByType, parseParticipants, type Session } from '../src/research/sessions.js'
import { dateRangeArgsOr, RANGE_EXAMPLES, spanText, type Span } from './range-args.js'

const KEEPERS = ['admin', { team: RESEARCH_KEEPERS }] as const

/** 教研 sessions (全校, 年级, 学科 …) logged as they happen or afterwards, and counted by type. */
export const researchArea = defineArea({
  name: 'research',
  title: '教研',
  config: { key: 'research', schema: researchSectionSchema },
  documents: [researchDocument],
  teams: (section) => ({ [RESEARCH_KEEPERS]: section.keepers }),
  create(app) {
    const { types } = app.section
    const document = () => app.store.open(researchDocument)
    const typeList = types.join('、')

    async function sessionsIn(span?: Span): Promise<Session[]> {
      const { sessions } = (await document()).data
      return span ? sessions.filter((session) => span.from <= session.date && session.date <= span.to) : [...sessions]
    }

    const countsText = (sessions: readonly Session[]): string => {
      const counts = countByType(sessions, types)
      const personTimes = counts.reduce((total, count) => total + count.personTimes, 0)
      return `${counts.map((count) => `${count.type} ${count.sessions} 次`).join('，')}，共 ${sessions.length} 次${personTimes ? `，参加 ${personTimes} 人次` : ''}`
    }

    const log = defineCommand({
      names: ['research', '教研'],
      summary: '登记一次教研活动（可补登以前的日期）',
      usage: `/教研 [日期] 类型 主题 [人数或姓名…]，类型：${typeList}。例如 /教研 学科 线上教学经验交流 12人，/教研 2月3日 全校 复课准备 张伟 刘洋`,
      access: KEEPERS,
      args: z.array(z.string()).transform((words, ctx) => {
        const date = parseDateArg(words[0] ?? '', app.today())
        const [type = '', topic = '', ...rest] = date.ok ? words.slice(1) : words
        if (!types.includes(type)) {
          ctx.addIssue({ code: 'custom', message: type ? `类型“${echo(type)}”不在 ${typeList} 之中` : `请写类型（${typeList}）和主题` })
          return z.NEVER
        }
        if (!topic) {
          ctx.addIssue({ code: 'custom', message: '请写教研主题' })
          return z.NEVER
        }
        return { date: date.ok ? date.dateKey : app.today(), type, topic, ...parseParticipants(rest) }
      }),
      async run(context, session) {
        await (await document()).update((data) => {
          data.sessions.push({ ...session, by: context.senderName })
        })
        const people = session.participants ? `，${session.participants} 人参加` : ''
        const total = (await sessionsIn()).filter((candidate) => candidate.type === session.type).length
        context.reply(`已登记教研：${chineseDate(session.date)} ${session.type}「${echo(session.topic)}」${people}。${session.type}教研累计 ${total} 次。`)
      },
    })

    const statistics = defineCommand({
      names: ['research stats', '教研 统计'],
      summary: '按类型统计教研次数和人次（默认全部）',
      usage: `/教研 统计 [日期或范围]（不写就是全部；${RANGE_EXAMPLES}）`,
      access: KEEPERS,
      args: dateRangeArgsOr(app.today, () => undefined),
      async run(context, span) {
        const sessions = await sessionsIn(span)
        context.reply(`教研统计（${span ? spanText(span) : '全部'}）：${countsText(sessions)}。`)
      },
    })

    return {
      commands: [log, statistics],
      figures: async (from, to) => {
        const sessions = await sessionsIn({ from, to })
        if (!sessions.length) return []
        return countByType(sessions, types).map((count) => ({ label: `${count.type}教研（次）`, value: count.sessions }))
      },
    }
  },
})
