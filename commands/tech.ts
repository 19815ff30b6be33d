import { z } from 'zod'
import { echo } from '../src/app/router.js'
import { defineArea, defineCommand, type AccessRule, type Listener, type MessageContext } from '../src/app/types.js'
import { parseQuote } from '../src/domain/quote.js'
import { chineseDate } from '../src/domain/time.js'
import { describeProblem, readProblem, ticketLabel } from '../src/tech/classify.js'
import { techSectionSchema } from '../src/tech/config.js'
import { reportersOf, techDocument, type ProblemReport, type StoredTicket } from '../src/tech/data.js'
import { NOT_SOLVED_HINT, saysNotSolved, type FaqWords } from '../src/tech/faq.js'
import { incidentName, statusText, TechDesk, type Done, type NewProblem, type ReportOutcome } from '../src/tech/service.js'
import { ticketSpan, TICKET_SPAN_EXAMPLES } from '../src/tech/span.js'
import { statisticsText } from '../src/tech/stats.js'
import { ticketsWorkbook } from '../src/tech/xlsx.js'
import { noArgs, numberWord, oneNumber, requiredText } from './args.js'

const TEAM: readonly AccessRule[] = ['admin', { team: 'tech.team' }]

const CLAIM_REPLY = /^(?:我来|我接|接|接单|我来处理|我来看看)[。!！~]*$/
const RESOLVE_REPLY = /^(?:好了|已解决|解决了|已处理|处理好了|搞定了?)[\s,，:：。!！]*/

const ticketNumber = numberWord('工单编号', '3')

/** A ticket number, then the words after it. */
const numberThen = (example: string) =>
  z
    .array(z.string())
    .min(1, { message: `请写上工单编号，例如 ${example}` })
    .transform(([first = '', ...rest], ctx) => {
      const id = ticketNumber.safeParse(first)
      if (!id.success) {
        ctx.addIssue({ code: 'custom', message: `工单编号应是数字，例如 ${example}` })
        return z.NEVER
      }
      return { id: id.data, rest }
    })

const spanArgs = (today: () => string) =>
  z
    .array(z.string())
    .max(3, { message: '只能写一个日期范围' })
    .transform((words, ctx) => {
      const span = ticketSpan(words, today())
      if (!span.ok) {
        ctx.addIssue({ code: 'custom', message: span.reason })
        return z.NEVER
      }
      return span
    })

const spanTitle = (from: string, to: string): string => (from === to ? chineseDate(from) : `${chineseDate(from)}至${chineseDate(to)}`)

const faqAnswerText = (entry: FaqWords): string => `${entry.answer}\n${NOT_SOLVED_HINT}`

/**
 * The tech-support group as a help desk: every problem a ticket, alike ones one incident,
 * FAQ answers, claims and resolutions by quoting, nudges, statistics and the export.
 */
export const techArea = defineArea({
  name: 'tech',
  title: '技术支持',
  config: { key: 'tech', schema: techSectionSchema },
  documents: [techDocument],
  teams: (section) => ({ 'tech.team': section.team }),
  create(app) {
    const desk = new TechDesk(app)
    const { platforms } = app.section

    const reply = (context: MessageContext, done: Done, success: (ticket: StoredTicket) => string | undefined): void => {
      if ('refused' in done) return context.reply(done.refused)
      const text = success(done.ticket)
      if (text) context.reply(text)
    }

    /** The notice to reporters went to the tech group already: the team member there needs no second message. */
    const inTechGroupOf = (context: MessageContext, ticket: StoredTicket): boolean =>
      context.roomRole === 'tech' && ticket.reports.some((report) => report.room === context.incoming.room)

    /** What a new problem's reporter and the group hear. */
    function answerReport(context: MessageContext, outcome: ReportOutcome): void {
      if (outcome.kind === 'answered') {
        return context.reply(faqAnswerText(outcome.entry), context.incoming.room ? { mentions: [context.senderName] } : undefined)
      }
      const { ticket } = outcome
      const latest = ticket.reports.at(-1) as ProblemReport
      if (outcome.suggestion) {
        context.replyPrivately(`你反映的问题可能和这条常见问题有关：\n问：${outcome.suggestion.question}\n答：${outcome.suggestion.answer}\n（已登记为 #${ticket.id}，技术老师也会跟进）`)
      }
      const line = outcome.kind === 'opened' ? `已登记 #${ticket.id}（${ticketLabel(ticket)}）` : `${incidentName(ticket)}：已有 ${reportersOf(ticket).length} 位老师反映`
      if (latest.room) return desk.acknowledgeLater(latest.room, ticket.id, line)
      context.reply(
        outcome.kind === 'opened'
          ? `${line}，技术老师会尽快处理，解决后我会告诉你。`
          : `这个问题已有老师反映过（${incidentName(ticket)}，共 ${reportersOf(ticket).length} 位），已把你加进去，解决后我会告诉你。`,
      )
      // A problem reported privately still has to reach the team.
      for (const techRoom of app.topicsWithRole('tech')) desk.acknowledgeLater(techRoom, ticket.id, `${line}（${latest.reporter}私聊报修：${echo(latest.text)}）`)
    }

    async function takeProblem(context: MessageContext, text: string, reading = readProblem(text, platforms)): Promise<boolean> {
      if (!reading) return false
      const { incoming } = context
      const problem: NewProblem = { reporter: context.senderName, text, at: incoming.at, ...(incoming.room ? { room: incoming.room } : {}) }
      answerReport(context, await desk.report(problem, reading, { consultFaq: true }))
      return true
    }

    async function notSolved(context: MessageContext, quoted?: string): Promise<boolean> {
      const outcome = await desk.notSolved(context.senderName, context.incoming.at, quoted)
      if (!outcome) return false
      if ('reopened' in outcome) {
        const { reopened } = outcome
        const who = reopened.assignee ? `已告诉${reopened.assignee}` : '技术老师会再看看'
        context.reply(`#${reopened.id}（${ticketLabel(reopened)}）已重新打开，${who}。`)
        return true
      }
      answerReport(context, outcome)
      return true
    }

    const tickets = defineCommand({
      names: ['tickets', '工单'],
      summary: '查看未解决的工单，或一个工单的经过',
      usage: '/工单 [编号]，例如 /工单、/工单 3',
      access: TEAM,
      args: z.array(ticketNumber).max(1, { message: '只需写一个工单编号' }),
      async run(context, [id]) {
        if (id !== undefined) {
          const ticket = await desk.find(id)
          return context.reply(ticket ? desk.detailText(ticket) : `没有 #${id} 这个工单。`, { bulk: true })
        }
        const open = await desk.unresolved()
        if (!open.length) return context.reply('没有未解决的工单。')
        const lines = open.map((ticket) => `#${ticket.id}（${ticketLabel(ticket)}）${reportersOf(ticket).join('、')} · ${statusText(ticket)}`)
        context.reply([`未解决的工单（${open.length} 个）：`, ...lines, '发 /工单 编号 查看经过。'].join('\n'), { bulk: true })
      },
    })

    const take = defineCommand({
      names: ['take', '接单'],
      summary: '接下一个工单（也可以引用老师的消息回复“我来”）',
      usage: '/接单 编号，例如 /接单 3',
      access: TEAM,
      args: oneNumber(ticketNumber, '请写一个工单编号，例如 /接单 3'),
      async run(context, id) {
        reply(context, await desk.claim(id, context.senderName, context.incoming.at), (ticket) => `#${ticket.id}（${ticketLabel(ticket)}）由${context.senderName}接单。`)
      },
    })

    const isTeam = (context: MessageContext): Promise<boolean> => app.registry().mayRun(take, context)

    async function resolveTicket(context: MessageContext, id: number, solution: string): Promise<void> {
      const done = await desk.resolve(id, context.senderName, context.incoming.at, solution, false)
      reply(context, done, (ticket) => (inTechGroupOf(context, ticket) ? undefined : `已解决 #${ticket.id}，已告诉 ${reportersOf(ticket).length} 位反映的老师。`))
    }

    const resolve = defineCommand({
      names: ['resolve', '解决'],
      summary: '解决一个工单并告诉反映的老师（反映的老师也可以关闭自己的：/解决 编号）',
      usage: '/解决 编号 说明，例如 /解决 3 清除浏览器缓存后重新登录即可',
      access: 'everyone',
      args: numberThen('/解决 3 重新登录即可'),
      async run(context, { id, rest }) {
        const note = rest.join(' ').trim()
        if (await isTeam(context)) {
          if (!note) return context.reply('请写上怎么解决的，例如 /解决 3 清除浏览器缓存后重新登录即可')
          return resolveTicket(context, id, note)
        }
        const done = await desk.resolve(id, context.senderName, context.incoming.at, note ? `已自行解决：${note}` : '已自行解决', true)
        reply(context, done, (ticket) => `已把 #${ticket.id}（${ticketLabel(ticket)}）记为已自行解决，谢谢告知。`)
      },
    })

    const transfer = defineCommand({
      names: ['reassign', '转交'],
      summary: '把工单转交给另一位老师处理',
      usage: '/转交 编号 姓名，例如 /转交 3 赵磊',
      access: TEAM,
      args: numberThen('/转交 3 赵磊').refine(({ rest }) => rest.length === 1, { message: '请写一个姓名，例如 /转交 3 赵磊' }),
      async run(context, { id, rest: [name = ''] }) {
        const person = app.roster.find(name.replace(/^@/, ''))
        if (!person) return context.reply(`名单里没有“${echo(name)}”，请写名单上的姓名。`)
        reply(context, await desk.transfer(id, person.name, context.senderName, context.incoming.at), (ticket) => `#${ticket.id}（${ticketLabel(ticket)}）已转交给${person.name}，已私聊告诉他/她。`)
      },
    })

    const reopen = defineCommand({
      names: ['reopen', '重开'],
      summary: '重新打开已解决的工单',
      usage: '/重开 编号，例如 /重开 3',
      access: TEAM,
      args: oneNumber(ticketNumber, '请写一个工单编号，例如 /重开 3'),
      async run(context, id) {
        reply(context, await desk.reopen(id, context.senderName, context.incoming.at), (ticket) => `#${ticket.id}（${ticketLabel(ticket)}）已重新打开，${statusText(ticket)}。`)
      },
    })

    const merge = defineCommand({
      names: ['tickets merge', '工单 合并'],
      summary: '把重复的工单并入另一个（反映的老师都会在解决时收到通知）',
      usage: '/工单 合并 保留的编号 并入的编号，例如 /工单 合并 3 5（#5 并入 #3）',
      access: TEAM,
      args: z.array(ticketNumber).length(2, { message: '请写两个工单编号，例如 /工单 合并 3 5' }),
      async run(context, [into, from]) {
        reply(context, await desk.merge(into as number, from as number, context.senderName, context.incoming.at), (ticket) => `已把 #${from} 并入 #${ticket.id}（${ticketLabel(ticket)}），共 ${reportersOf(ticket).length} 位老师反映。`)
      },
    })

    const stats = defineCommand({
      names: ['tickets stats', '工单 统计'],
      summary: '技术支持统计：问题数、工单数、平台和类型、响应和解决用时、处理人',
      usage: `/工单 统计 [范围]，默认本月，例如 /工单 统计 本周（范围可写${TICKET_SPAN_EXAMPLES}）`,
      access: TEAM,
      args: spanArgs(app.today),
      async run(context, { from, to }) {
        const { stats: numbers, faqAnswered } = await desk.statistics(from, to)
        context.reply(statisticsText(`技术支持统计（${spanTitle(from, to)}）`, numbers, faqAnswered), { bulk: true })
      },
    })

    const exportTickets = defineCommand({
      names: ['export tickets', '导出 工单'],
      summary: '导出技术工单 Excel 表（每个工单一行）',
      usage: `/导出 工单 [范围]，默认本月，例如 /导出 工单 上月（范围可写${TICKET_SPAN_EXAMPLES}）`,
      access: TEAM,
      args: spanArgs(app.today),
      async run(context, { from, to }) {
        const rows = await desk.exportRows(from, to)
        if (!rows.length) return context.reply(`${spanTitle(from, to)}没有技术工单。`)
        app.log.info('导出技术工单 (ticket export)')
        context.replyFile({ name: `技术工单_${from}_${to}.xlsx`, data: await ticketsWorkbook(rows) })
      },
    })

    const report = defineCommand({
      names: ['report-problem', '报修'],
      summary: '私聊报修：描述遇到的技术问题，登记为工单',
      usage: '/报修 描述，例如 /报修 腾讯课堂登录不了，提示密码错误',
      access: 'everyone',
      args: requiredText('遇到的问题'),
      async run(context, text) {
        await takeProblem(context, text, describeProblem(text, platforms))
      },
    })

    const saveFaq = defineCommand({
      names: ['save-faq', '存为FAQ'],
      summary: '把已解决工单的解决办法存为常见问题',
      usage: '/存为FAQ 编号 [关键词…]，例如 /存为FAQ 3 或 /存为FAQ 3 闪退 打不开',
      access: TEAM,
      args: numberThen('/存为FAQ 3'),
      async run(context, { id, rest }) {
        const saved = await desk.saveFaq(id, context.senderName, context.incoming.at, rest)
        if ('refused' in saved) return context.reply(saved.refused)
        const { entry } = saved
        const all = entry.all.length ? `，并且都要有：${entry.all.join('、')}` : ''
        context.reply(`已存为常见问题：${echo(entry.question)}\n以后提到其中任一个词：${entry.any.join('、')}${all}，就直接回答。`)
      },
    })

    const faq = defineCommand({
      names: ['faq', '常见问题'],
      summary: '查看技术支持的常见问题',
      usage: '/FAQ',
      access: 'everyone',
      args: noArgs,
      async run(context) {
        const entries = await desk.faqEntries()
        if (!entries.length) return context.reply('还没有常见问题。技术老师可以用 /存为FAQ 编号 把解决过的问题存进来。')
        const lines = entries.map((entry, index) => `${index + 1}. ${entry.question}\n   ${entry.answer}`)
        context.reply(`常见问题（${entries.length} 条）：\n${lines.join('\n')}`, { bulk: true })
      },
    })

    const faqDelete = defineCommand({
      names: ['faq delete', 'FAQ 删除'],
      summary: '删除一条存下的常见问题',
      usage: '/FAQ 删除 序号，例如 /FAQ 删除 2（序号见 /FAQ）',
      access: TEAM,
      args: oneNumber(ticketNumber, '请写一个序号，例如 /FAQ 删除 2'),
      async run(context, position) {
        const removed = await desk.deleteFaq(position)
        context.reply('refused' in removed ? removed.refused : `已删除常见问题：${echo(removed.entry.question)}`)
      },
    })

    /** A team member quoting a ticket or the bot's "已登记 #N": 我来 claims it, 好了 resolves it. */
    async function teamQuote(context: MessageContext, author: string, quoted: string, said: string): Promise<void> {
      const claiming = CLAIM_REPLY.test(said)
      const resolving = RESOLVE_REPLY.test(said)
      if (!claiming && !resolving) return
      const found = await desk.quotedTicket(author, quoted)
      if (!found) return
      if ('ambiguous' in found) {
        const numbers = found.ambiguous.map((id) => `#${id}`).join('、')
        return context.reply(`引用的消息里有好几个工单（${numbers}），请发 /接单 编号 或 /解决 编号 说明。`)
      }
      if ('refused' in found) return context.reply(found.refused)
      const { id } = found.ticket
      if (claiming) {
        return reply(context, await desk.claim(id, context.senderName, context.incoming.at), (ticket) => `#${ticket.id}（${ticketLabel(ticket)}）由${context.senderName}接单。`)
      }
      await resolveTicket(context, id, said.replace(RESOLVE_REPLY, '').trim() || said)
    }

    const techGroup: Listener = {
      scope: ['tech'],
      async hear(context) {
        const quote = parseQuote(context.incoming.text)
        const said = quote?.reply ?? context.incoming.text.trim()
        if (saysNotSolved(said) && (await notSolved(context, quote?.quoted))) return true
        if (await isTeam(context)) {
          // A team member's words are answers, never problems.
          if (quote) await teamQuote(context, quote.author, quote.quoted, said)
          return true
        }
        return takeProblem(context, said)
      },
    }

    const privateNotSolved: Listener = {
      // Someone who reported by /报修 answers the resolution privately; nothing else is read here.
      scope: ['private'],
      order: -1,
      async hear(context) {
        const quote = parseQuote(context.incoming.text)
        const said = quote?.reply ?? context.incoming.text.trim()
        return saysNotSolved(said) && notSolved(context, quote?.quoted)
      },
    }

    return {
      commands: [report, tickets, take, resolve, transfer, reopen, merge, stats, exportTickets, saveFaq, faq, faqDelete],
      listeners: [techGroup, privateNotSolved],
      jobs: [{ name: 'tech-nudges', cron: '* * * * *', run: (firedAt) => desk.tick(firedAt) }],
      retention: [{ what: '技术支持记录', purge: (today) => desk.purgeBefore(today) }],
      summary: (dateKey) => desk.summary(dateKey),
      // A school without a tech group has no desk to report on.
      ...(app.topicsWithRole('tech').length ? { figures: (from: string, to: string) => desk.figures(from, to) } : {}),
    }
  },
})
