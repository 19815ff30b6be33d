import { z } from 'zod'
import { echo } from '../src/app/router.js'
import { defineArea, defineCommand, type MessageContext } from '../src/app/types.js'
import { parseDateArg, weekdayOf } from '../src/domain/date-arg.js'
import { addDays, chineseDate } from '../src/domain/time.js'
import { parseCheckIn, type CheckInMessage } from '../src/duty/checkin.js'
import { dutySectionSchema, type RotaConfig } from '../src/duty/config.js'
import { dutyDocument } from '../src/duty/data.js'
import { DutyService } from '../src/duty/service.js'
import { disinfectionWorkbook } from '../src/duty/xlsx.js'
import { noArgs } from './args.js'
import { dateRangeArgs, RANGE_EXAMPLES, spanText } from './range-args.js'

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
const UPCOMING_DAYS = 7
const DISINFECTION_EXAMPLE = '已消毒 一楼走廊 84消毒液 1:100'

const dayText = (dateKey: string): string => `${chineseDate(dateKey)}（${WEEKDAYS[weekdayOf(dateKey)]}）`

/**
 * The duty rota over working days, check-ins by message or `/签到`, the disinfection log that
 * check-ins naming a place feed, `/换班`, and the missed-handover notice.
 */
export const dutyArea = defineArea({
  name: 'duty',
  title: '值班与消毒',
  config: { key: 'duty', schema: dutySectionSchema },
  documents: [dutyDocument],
  create(app) {
    const service = new DutyService(app)
    const today = app.today

    /** One check-in: the day's duty is marked done, and a disinfection naming a place is logged. */
    async function record(context: MessageContext, rota: RotaConfig, person: string, message: CheckInMessage): Promise<void> {
      const at = context.incoming.at
      const date = service.dateKey(at)
      const earlier = await service.checkIn({ duty: rota.name, date, person, at: at.toISOString(), ...(message.note ? { note: message.note } : {}) })
      const lines = [earlier ? `${rota.name}今天已经签到过了（${service.clock(earlier.at)}）。` : `已签到：${rota.name}（${person}，${service.clock(at.toISOString())}）。`]
      if (message.kind === 'disinfection') {
        if (message.place) {
          const { place, disinfectant, concentration } = message
          await service.logDisinfection({ date, at: at.toISOString(), place, operator: person, ...(disinfectant ? { disinfectant } : {}), ...(concentration ? { concentration } : {}) })
          lines.push(`已记入消毒记录：${echo([place, disinfectant, concentration].filter(Boolean).join(' '))}。`)
        } else {
          lines.push(`没有写消毒地点，未记入消毒记录。请这样写：${DISINFECTION_EXAMPLE}`)
        }
      }
      context.reply(lines.join('\n'))
    }

    /** A disinfection goes to a duty named for it; otherwise the first of the day's duties not yet checked in. */
    async function dutyFor(duties: readonly RotaConfig[], message: CheckInMessage, dateKey: string): Promise<RotaConfig | undefined> {
      const disinfectionDuty = message.kind === 'disinfection' ? duties.find((rota) => rota.name.includes('消毒')) : undefined
      if (disinfectionDuty) return disinfectionDuty
      for (const rota of duties) if (!(await service.checkInOf(rota.name, dateKey))) return rota
      return duties[0]
    }

    const overview = defineCommand({
      names: ['duty', '值班'],
      summary: `查看今天和之后 ${UPCOMING_DAYS} 天的值班安排`,
      usage: '/值班',
      access: 'everyone',
      args: noArgs,
      async run(context) {
        if (!service.rotas.length) return context.reply('还没有配置值班表（配置文件的 duty 部分）。')
        const turns = await service.upcoming(today(), UPCOMING_DAYS)
        const lines = []
        for (let offset = 0; offset <= UPCOMING_DAYS; offset++) {
          const date = addDays(today(), offset)
          const onDay = turns.filter((turn) => turn.date === date)
          lines.push(`${dayText(date)}：${onDay.length ? onDay.map((turn) => `${turn.rota.name} ${turn.person}${turn.swapped ? '（换班）' : ''}`).join('，') : '休息'}`)
        }
        context.reply(`值班安排：\n${lines.join('\n')}`)
      },
    })

    const checkIn = defineCommand({
      names: ['check-in', '签到'],
      summary: '值班人员签到（可附备注，写消毒地点会记入消毒记录）',
      usage: `/签到 [值班名] [备注]，例如 /签到 校园巡查 一切正常，或 /签到 ${DISINFECTION_EXAMPLE}`,
      access: 'everyone',
      knownSender: true,
      args: z.array(z.string()),
      async run(context, words) {
        const person = context.sender.person.name
        const date = service.dateKey(context.incoming.at)
        const duties = await service.dutiesOf(person, date)
        const named = service.rota(words[0] ?? '')
        const rota = named ?? (duties.length === 1 ? duties[0] : undefined)
        if (!rota) {
          const names = service.rotas.map((candidate) => candidate.name).join('、') || '（未配置）'
          return context.reply(duties.length ? `你今天有好几项值班，请写值班名：${names}` : `你今天不值班。值班名：${names}；发 /值班 查看安排。`)
        }
        if (!duties.includes(rota)) {
          const onDuty = (await service.turns(date, date)).find((turn) => turn.rota === rota)?.person
          return context.reply(onDuty ? `今天${rota.name}是${onDuty}值班。需要换班请行政群发 /换班。` : `今天不排${rota.name}。`)
        }
        const note = (named ? words.slice(1) : words).join(' ').trim()
        await record(context, rota, person, parseCheckIn(note) ?? (note ? { kind: 'patrol', note } : { kind: 'patrol' }))
      },
    })

    const swap = defineCommand({
      names: ['swap', '换班'],
      summary: '调整某天的值班人',
      usage: '/换班 日期 值班名 姓名，例如 /换班 2月5日 校园巡查 吴强',
      access: 'admin',
      args: z
        .array(z.string())
        .length(3, { message: '请写日期、值班名和姓名' })
        .transform(([dateWord = '', duty = '', name = ''], ctx) => {
          const date = parseDateArg(dateWord, today(), { allowFuture: true })
          if (!date.ok) {
            ctx.addIssue({ code: 'custom', message: date.reason })
            return z.NEVER
          }
          const rota = service.rota(duty)
          if (!rota) {
            ctx.addIssue({ code: 'custom', message: `没有“${echo(duty)}”这项值班，值班名：${service.rotas.map((candidate) => candidate.name).join('、') || '（未配置）'}` })
            return z.NEVER
          }
          const person = app.roster.find(name)
          if (!person) {
            ctx.addIssue({ code: 'custom', message: `名单里没有“${echo(name)}”，请写名单上的姓名` })
            return z.NEVER
          }
          return { date: date.dateKey, rota, person: person.name }
        }),
      async run(context, { date, rota, person }) {
        if (!service.isWorkingDay(date)) return context.reply(`${dayText(date)}是休息日，不排值班。`)
        const before = (await service.turns(date, date)).find((turn) => turn.rota === rota)?.person
        if (before === person) return context.reply(`${dayText(date)}${rota.name}本来就是${person}，不用换。`)
        await service.swap(date, rota.name, person, context.senderName)
        context.reply(`已换班：${dayText(date)}${rota.name}由${person}值班（原为${before}）。`)
        context.tell(person, `你被安排在${dayText(date)}值班：${rota.name}，${rota.handover} 前签到。`)
      },
    })

    const records = defineCommand({
      names: ['duty records', '值班 记录'],
      summary: '查看值班签到记录（默认今天）',
      usage: `/值班 记录 [日期或范围]（${RANGE_EXAMPLES}）`,
      access: 'admin',
      args: dateRangeArgs(today),
      async run(context, span) {
        const turns = await service.turns(span.from, span.to)
        if (!turns.length) return context.reply(`${spanText(span)}没有排值班。`)
        const checkIns = await service.checkInsBetween(span.from, span.to)
        const lines = turns.map((turn) => {
          const done = checkIns.find((candidate) => candidate.duty === turn.rota.name && candidate.date === turn.date)
          const status = done ? `${service.clock(done.at)} 签到${done.note ? `（${done.note}）` : ''}` : '未签到'
          return `${chineseDate(turn.date)} ${turn.rota.name} ${turn.person}：${status}`
        })
        const covered = turns.length - lines.filter((line) => line.endsWith('未签到')).length
        context.reply(`值班记录 ${spanText(span)}（签到 ${covered}/${turns.length}）：\n${lines.join('\n')}`, { bulk: true })
      },
    })

    const disinfectionLines = async (span: { from: string; to: string }) =>
      (await service.disinfectionsBetween(span.from, span.to)).map(
        (row) => `${chineseDate(row.date)} ${service.clock(row.at)} ${[row.place, row.disinfectant, row.concentration].filter(Boolean).join(' ')}（${row.operator}）`,
      )

    const disinfections = defineCommand({
      names: ['disinfection records', '消毒 记录'],
      summary: '查看消毒记录（默认今天）',
      usage: `/消毒 记录 [日期或范围]（${RANGE_EXAMPLES}）`,
      access: 'admin',
      args: dateRangeArgs(today),
      async run(context, span) {
        const lines = await disinfectionLines(span)
        context.reply(lines.length ? `消毒记录 ${spanText(span)}（${lines.length} 次）：\n${lines.join('\n')}` : `${spanText(span)}没有消毒记录。`, { bulk: true })
      },
    })

    const exportDisinfections = defineCommand({
      names: ['export disinfection', '导出 消毒'],
      summary: '导出消毒记录 Excel 表（默认今天）',
      usage: `/导出 消毒 [日期或范围]（${RANGE_EXAMPLES}）`,
      access: 'admin',
      args: dateRangeArgs(today),
      async run(context, span) {
        const rows = await service.disinfectionsBetween(span.from, span.to)
        if (!rows.length) return context.reply(`${spanText(span)}没有消毒记录。`)
        context.reply(`消毒记录 ${spanText(span)}，共 ${rows.length} 次，Excel 表随后发送。`, { bulk: true })
        const name = span.from === span.to ? span.from : `${span.from}_${span.to}`
        context.replyFile({ name: `消毒记录-${name}.xlsx`, data: await disinfectionWorkbook(rows, app.config.timezone) })
      },
    })

    return {
      commands: [overview, records, checkIn, swap, disinfections, exportDisinfections],
      listeners: [
        {
          // Before the health parser (order 0), which would read "一切正常" as a health report.
          scope: ['staff', 'private'],
          order: -10,
          async hear(context) {
            const message = parseCheckIn(context.incoming.text)
            if (!message || !context.sender) return false
            const person = context.sender.person.name
            const date = service.dateKey(context.incoming.at)
            const rota = await dutyFor(await service.dutiesOf(person, date), message, date)
            if (!rota) return false
            await record(context, rota, person, message)
            return true
          },
        },
      ],
      jobs: [{ name: 'duty', cron: '* * * * *', run: (firedAt) => service.tick(firedAt) }],
      onStart: (now) => service.tick(now),
      summary: (dateKey) => service.missedSection(dateKey),
      figures: (from, to) => service.figures(from, to),
    }
  },
})
