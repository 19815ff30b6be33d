import { z } from 'zod'
import { defineArea, defineCommand, type AccessRule, type MessageContext } from '../src/app/types.js'
import { DATE_ARG_EXAMPLES, dateText } from '../src/domain/date-arg.js'
import { parseDateRange } from '../src/domain/date-range.js'
import { publicitySectionSchema } from '../src/publicity/config.js'
import { articlesDocument } from '../src/publicity/data.js'
import { PublicityNudges } from '../src/publicity/nudges.js'
import { parseProposal } from '../src/publicity/proposal.js'
import { registerRows, registerWorkbook } from '../src/publicity/register.js'
import { PublicityDesk, type Actor } from '../src/publicity/service.js'
import type { Span } from '../src/publicity/statistics.js'
import { numberWord, oneNumber } from './args.js'

/** The publicity and admin groups, and their members privately. */
const DESK: AccessRule[] = ['admin', { role: 'publicity' }]

const USAGE = {
  pitch: '/选题 标题 [撰稿 姓名…] [截止 日期]，例如 /选题 校运会报道 撰稿 赵磊 截止 周五（不写截止日期就是 3 天后）',
  claim: '/认领 稿件编号，例如 /认领 3',
  submit: '/交稿 稿件编号 [链接或说明]，例如 /交稿 3 https://mp.weixin.qq.com/s/xxx',
  review: '/审核 稿件编号 通过 [意见] 或 /审核 稿件编号 退回 原因，例如 /审核 3 通过 标题再短些',
  publish: '/发布 稿件编号 链接，例如 /发布 3 https://mp.weixin.qq.com/s/xxx',
  withdraw: '/撤稿 稿件编号 原因，例如 /撤稿 3 活动延期',
  articles: '/稿件 [稿件编号]，例如 /稿件（进行中的稿件）或 /稿件 3（一篇稿件的经过）',
  stats: `/宣传 统计 [日期 或 起..止]，例如 /宣传 统计、/宣传 统计 本周、/宣传 统计 2月1日..2月28日（日期可写${DATE_ARG_EXAMPLES}）`,
  export: '/导出 宣传 [日期 或 起..止]，例如 /导出 宣传 或 /导出 宣传 2月1日..2月28日',
} as const

const articleNumber = numberWord('稿件编号', '3')

/** A number, then the words after it joined (`required` names what must be there). */
const numberAndText = (required?: string) =>
  z
    .array(z.string())
    .min(1, { message: '请写上稿件编号' })
    .transform(([first = '', ...rest], ctx) => {
      const id = articleNumber.safeParse(first)
      const text = rest.join(' ').trim()
      if (!id.success) ctx.addIssue({ code: 'custom', message: '稿件编号应是数字，例如 3' })
      else if (required && !text) ctx.addIssue({ code: 'custom', message: `请写上${required}` })
      return id.success ? { id: id.data, text } : z.NEVER
    })

const VERDICTS: Readonly<Record<string, 'pass' | 'return'>> = { 通过: 'pass', 同意: 'pass', 退回: 'return' }

const actorOf = (context: MessageContext): Actor => ({ name: context.senderName, at: context.incoming.at, isAdmin: context.isAdminMember })

/**
 * 宣传讨论群 as an editorial desk: topic → writing → 初审/复审/终审 → published, with the
 * allowed moves enforced, reviewers distinct from writers and from each other, nudges, the
 * 审核登记表 and person-time statistics.
 */
export const publicityArea = defineArea({
  name: 'publicity',
  title: '宣传',
  config: { key: 'publicity', schema: publicitySectionSchema },
  documents: [articlesDocument],
  create(app) {
    const desk = new PublicityDesk(app, app.section)
    const nudges = new PublicityNudges(app, app.section, app.once, desk)
    const unknown = [...desk.writers, ...Object.values(desk.reviewers).flat()].filter((name) => !app.roster.get(name))
    if (unknown.length) app.log.warn(`publicity 配置中有名单上没有的姓名，已忽略 (names not on the roster): ${[...new Set(unknown)].join('、')}`)

    /** No words: every record; otherwise a day or a span, looking back. */
    const spanArgs = z
      .array(z.string())
      .max(3, { message: '只能写一个日期或一个日期范围' })
      .transform((words, ctx): { span: Span; label: string } => {
        if (!words.length) return { span: undefined, label: '全部' }
        const range = parseDateRange(words, app.today())
        if (!range.ok) {
          ctx.addIssue({ code: 'custom', message: range.reason })
          return z.NEVER
        }
        const today = app.today()
        const label = range.from === range.to ? dateText(range.from, today) : `${dateText(range.from, today)}至${dateText(range.to, today)}`
        return { span: { from: range.from, to: range.to }, label }
      })

    const pitch = defineCommand({
      names: ['pitch', '选题'],
      summary: '立一个宣传选题（可指定撰稿人和截止日期）',
      usage: USAGE.pitch,
      access: DESK,
      knownSender: true,
      args: z.array(z.string()).transform((words, ctx) => {
        const proposal = parseProposal(words, app.today(), app.section.dueDays)
        if (!proposal.ok) {
          ctx.addIssue({ code: 'custom', message: proposal.reason })
          return z.NEVER
        }
        return proposal
      }),
      run: async (context, proposal) => context.reply(await desk.propose(actorOf(context), proposal)),
    })

    const claim = defineCommand({
      names: ['claim', '认领'],
      summary: '认领一个选题来写',
      usage: USAGE.claim,
      access: DESK,
      knownSender: true,
      args: oneNumber(articleNumber, '请写一个稿件编号，例如 /认领 3'),
      run: async (context, id) => context.reply(await desk.claim(actorOf(context), id)),
    })

    const submit = defineCommand({
      names: ['submit', '交稿'],
      summary: '交稿，进入初审',
      usage: USAGE.submit,
      access: DESK,
      knownSender: true,
      args: numberAndText(),
      run: async (context, { id, text }) => context.reply(await desk.submit(actorOf(context), id, text)),
    })

    const review = defineCommand({
      names: ['review', '审核'],
      summary: '审核稿件：通过或退回修改（按当前审级）',
      usage: USAGE.review,
      access: DESK,
      knownSender: true,
      args: numberAndText('“通过”或“退回”').transform(({ id, text }, ctx) => {
        const [word = '', ...rest] = text.split(/\s+/)
        const verdict = VERDICTS[word]
        const note = rest.join(' ').trim()
        if (!verdict) ctx.addIssue({ code: 'custom', message: '编号后面请写“通过”或“退回”' })
        else if (verdict === 'return' && !note) ctx.addIssue({ code: 'custom', message: '退回请写上原因' })
        return verdict ? { id, verdict, note } : z.NEVER
      }),
      async run(context, { id, verdict, note }) {
        const { text, mentions } = await desk.review(actorOf(context), id, verdict, note)
        context.reply(text, mentions ? { mentions } : {})
      },
    })

    const publish = defineCommand({
      names: ['publish', '发布'],
      summary: '登记稿件已发布（写上链接）',
      usage: USAGE.publish,
      access: DESK,
      knownSender: true,
      args: numberAndText('发布链接'),
      run: async (context, { id, text }) => context.reply(await desk.publish(actorOf(context), id, text)),
    })

    const withdraw = defineCommand({
      names: ['withdraw', '撤稿'],
      summary: '撤下一篇稿件（任何阶段都可以）',
      usage: USAGE.withdraw,
      access: DESK,
      knownSender: true,
      args: numberAndText('撤稿原因'),
      run: async (context, { id, text }) => context.reply(await desk.withdraw(actorOf(context), id, text)),
    })

    const articles = defineCommand({
      names: ['articles', '稿件'],
      summary: '查看进行中的稿件，或一篇稿件的全部经过',
      usage: USAGE.articles,
      access: DESK,
      args: z
        .array(articleNumber)
        .max(1, { message: '只需写一个稿件编号，例如 /稿件 3' })
        .transform(([id]) => id),
      run: async (context, id) => context.reply(await (id === undefined ? desk.board() : desk.history(id)), { bulk: true }),
    })

    const stats = defineCommand({
      names: ['publicity stats', '宣传 统计'],
      summary: '宣传统计：稿件、发布、写稿审稿人次、退回、选题到发布天数',
      usage: USAGE.stats,
      access: DESK,
      args: spanArgs,
      run: async (context, { span, label }) => context.reply(await desk.statisticsText(span, label), { bulk: true }),
    })

    const exportRegister = defineCommand({
      names: ['export publicity', '导出 宣传'],
      summary: '导出宣传稿件审核登记表（Excel）',
      usage: USAGE.export,
      access: DESK,
      args: spanArgs,
      async run(context, { span, label }) {
        const touched = await desk.touchedIn(span)
        if (!touched.length) return context.reply(`${label}没有宣传稿件记录。`)
        app.log.info('导出审核登记表 (publicity register export)')
        const name = `审核登记表（${label}）.xlsx`
        context.reply(`${name}：${touched.length} 篇稿件。`)
        context.replyFile({ name, data: await registerWorkbook(registerRows(touched, app.config.timezone)) })
      },
    })

    return {
      commands: [pitch, claim, submit, review, publish, withdraw, articles, stats, exportRegister],
      jobs: [{ name: 'publicity', cron: '* * * * *', run: (firedAt) => nudges.tick(firedAt) }],
      onStart: (now) => nudges.tick(now),
      summary: (dateKey) => desk.summary(dateKey),
      // A school without a publicity group has no desk to report on.
      ...(app.topicsWithRole('publicity').length ? { figures: (from: string, to: string) => desk.figures(from, to) } : {}),
    }
  },
})
