import { z } from 'zod'
import { defineArea, defineCommand } from '../src/app/types.js'
import { parseDateArg } from '../src/domain/date-arg.js'
import { leadingDateRange } from '../src/domain/date-range.js'
import { addDays, chineseDate } from '../src/domain/time.js'
import { healthSectionOf } from '../src/health/config.js'
import { lastDay, LeaveBook, leavesDocument } from '../src/leave/leaves.js'
import { MAX_STORED_TEXT, noArgs } from './args.js'

const LEAVE_USAGE = '/请假 姓名 起 止 [原因]，例如 /请假 王芳 2月3日 2月5日 回老家；只请一天：/请假 王芳 今天'
const FUTURE = { allowFuture: true } as const

const spanText = (from: string, to: string): string => (from === to ? chineseDate(from) : `${chineseDate(from)}至${chineseDate(to)}`)

const reasonText = (reason: string | undefined): string => (reason ? `（${reason}）` : '')

/**
 * `/请假` exempts a person for some days (not counted missing, never @-mentioned), `/销假`
 * ends that early, `/请假 列表` shows who is away today or later.
 */
export const leaveArea = defineArea({
  name: 'leave',
  documents: [leavesDocument],
  create(app) {
    const today = app.today
    const book = new LeaveBook(app.store)

    const leaveArgs = z
      .array(z.string())
      .min(2, { message: '请写上姓名和日期' })
      .transform((words, ctx) => {
        const [name = '', ...rest] = words
        const person = app.roster.find(name)
        if (!person) {
          ctx.addIssue({ code: 'custom', message: `名单里没有“${name}”，请写名单上的姓名` })
          return z.NEVER
        }
        const range = leadingDateRange(rest, today(), FUTURE)
        if (!range.ok) {
          ctx.addIssue({ code: 'custom', message: range.reason })
          return z.NEVER
        }
        const reason = rest.slice(range.consumedWords).join(' ').trim()
        if ([...reason].length > MAX_STORED_TEXT) {
          ctx.addIssue({ code: 'custom', message: `原因太长了，请控制在 ${MAX_STORED_TEXT} 字以内` })
          return z.NEVER
        }
        return { person: person.name, from: range.from, to: range.to, ...(reason ? { reason } : {}) }
      })

    const leave = defineCommand({
      names: ['leave', '请假'],
      summary: '登记请假（请假期间不用上报健康情况，不计入未报，也不会被@）',
      usage: LEAVE_USAGE,
      access: 'admin',
      args: leaveArgs,
      async run(context, args) {
        const covering = await book.covering(args.person, args.from, args.to)
        if (covering) {
          return context.reply(`${args.person} ${spanText(covering.from, lastDay(covering))}已经登记了请假${reasonText(covering.reason)}，不用重复登记。`)
        }
        await book.record({ ...args, grantedBy: context.senderName })
        app.log.info('登记请假 (leave recorded)')
        const when = spanText(args.from, args.to)
        context.reply(`已登记：${args.person} ${when}请假${reasonText(args.reason)}。这期间不用上报健康情况，不计入未报，也不会被@。提前回来请发 /销假 ${args.person}`)
      },
    })

    const cancelArgs = z
      .array(z.string())
      .min(1, { message: '请写上姓名' })
      .max(2, { message: '只需写姓名和（可不写）从哪天起恢复上报' })
      .transform((words, ctx) => {
        const [name = '', dateWord] = words
        const person = app.roster.find(name)
        if (!person) {
          ctx.addIssue({ code: 'custom', message: `名单里没有“${name}”，请写名单上的姓名` })
          return z.NEVER
        }
        const back = dateWord === undefined ? { ok: true as const, dateKey: today() } : parseDateArg(dateWord, today(), FUTURE)
        if (!back.ok) {
          ctx.addIssue({ code: 'custom', message: back.reason })
          return z.NEVER
        }
        // Reporting cannot resume in the past: those days' tallies already went out.
        if (back.dateKey < today()) {
          ctx.addIssue({ code: 'custom', message: `${chineseDate(back.dateKey)}已经过去了，销假只能从今天或以后开始，例如 /销假 ${person.name} 或 /销假 ${person.name} 明天` })
          return z.NEVER
        }
        return { person: person.name, backFrom: back.dateKey }
      })

    const cancel = defineCommand({
      names: ['cancel-leave', '销假'],
      summary: '提前回来的老师从今天（或指定日期）起恢复上报',
      usage: '/销假 姓名 [从哪天起恢复上报，默认今天]，例如 /销假 王芳 或 /销假 王芳 明天',
      access: 'admin',
      args: cancelArgs,
      async run(context, { person, backFrom }) {
        const shortened = await book.endFrom(person, backFrom)
        if (!shortened.length) return context.reply(`${person}在${chineseDate(backFrom)}及以后没有请假，不用销假。`)
        app.log.info('销假 (leave cancelled)')
        const spans = shortened.map((leave) => `${spanText(leave.from, lastDay(leave))}${reasonText(leave.reason)}`).join('、')
        context.reply(`已为${person}销假：从${chineseDate(backFrom)}起恢复每天的健康上报（缩短了：${spans}）。`)
      },
    })

    const list = defineCommand({
      names: ['leaves', '请假 列表'],
      summary: '查看今天及以后的请假',
      usage: '/请假 列表',
      access: 'admin',
      args: noArgs,
      async run(context) {
        const current = await book.currentFrom(today())
        if (!current.length) return context.reply('今天及以后没有人请假。')
        const lines = current.map((item) => `${item.person} ${spanText(item.from, lastDay(item))}${reasonText(item.reason)}`)
        context.reply(`今天及以后的请假（${current.length} 条）：\n${lines.join('\n')}`, { bulk: true })
      },
    })

    const retentionDays = healthSectionOf(app.config).retentionDays
    return {
      commands: [leave, cancel, list],
      retention: [{ what: '请假记录', purge: (todayKey) => book.purgeBefore(addDays(todayKey, -retentionDays)) }],
    }
  },
})
