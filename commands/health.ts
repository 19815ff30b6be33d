import { z } from 'zod'
import { defineArea, defineCommand, type MessageContext } from '../src/app/types.js'
import { DATE_ARG_EXAMPLES, parseDateArg } from '../src/domain/date-arg.js'
import { reportDetailLine, slotOfDayText, subjectLabel } from '../src/domain/health-text.js'
import { currentReports, type StoredReport } from '../src/domain/report.js'
import { slotAt, slotNamed } from '../src/domain/slots.js'
import { formatCounts, formatMissingNames, formatNames, tallySlot, type SlotTally } from '../src/domain/tally.js'
import { addDays, chineseDate, clockText, localTime } from '../src/domain/time.js'
import { healthClock } from '../src/health/clock.js'
import { HEALTH_SECTION_KEY, healthSectionSchema } from '../src/health/config.js'
import { forgetRequestsDocument } from '../src/health/forget-requests.js'
import { followupsDocument, type Followup } from '../src/health/followups.js'
import { createHealthRecorder, forgetPerson } from '../src/health/recorder.js'
import { peopleOnLeave } from '../src/leave/leaves.js'
import { echo as excerpt, SHARED_NAME_TEXT } from '../src/app/router.js'
import { healthFigures } from '../src/health/report.js'
import { auditFor, subjectsScope } from '../src/health/audit.js'
import { firstReportNotice } from '../src/privacy/notice.js'
import { MAX_STORED_TEXT, noArgs } from './args.js'

/** How far back /我的 looks. */
const MINE_DAYS = 7

interface SlotChoice {
  dateKey: string
  slots: string[]
}

export const healthArea = defineArea({
  name: 'health',
  title: '健康上报',
  config: { key: HEALTH_SECTION_KEY, schema: healthSectionSchema },
  documents: [followupsDocument, forgetRequestsDocument],
  create(app) {
    const { config, roster, store } = app
    const { timezone } = config
    const settings = app.section
    const { slots } = settings
    const audit = auditFor(app)
    const recorder = createHealthRecorder(app, settings, app.once, firstReportNotice(app))
    const clock = healthClock(app, settings, app.once)
    const slotNames = slots.map((slot) => slot.name).join('|')
    const today = (): string => localTime(app.clock.now(), timezone).dateKey
    const rosterOrder = new Map(roster.people.map((person, index) => [person.name, index]))

    /** `[时段] [日期]` in either order. Without a slot: the current one today, every slot on another day. */
    const slotAndDate = z
      .array(z.string())
      .max(2, { message: `最多写一个时段和一个日期，例如 上午 2月3日` })
      .transform((words, ctx): SlotChoice => {
        let slot: string | undefined
        let dateKey: string | undefined
        for (const word of words) {
          if (slotNamed(slots, word)) {
            slot = word
            continue
          }
          const date = parseDateArg(word, today())
          if (!date.ok) {
            ctx.addIssue({ code: 'custom', message: `${date.reason}；时段可以写 ${slotNames.replace(/\|/g, ' 或 ')}` })
            return z.NEVER
          }
          dateKey = date.dateKey
        }
        const day = dateKey ?? today()
        if (slot) return { dateKey: day, slots: [slot] }
        if (day === today()) return { dateKey: day, slots: [slotAt(slots, localTime(app.clock.now(), timezone).minuteOfDay).name] }
        return { dateKey: day, slots: slots.map((s) => s.name) }
      })

    async function tallies(choice: SlotChoice, group?: string): Promise<{ tally: SlotTally; reports: readonly StoredReport[] }[]> {
      const reports = (await store.healthDay(choice.dateKey)).data.reports
      const onLeave = await peopleOnLeave(store, choice.dateKey)
      return choice.slots.map((slot) => ({
        tally: tallySlot({ roster, reports, dateKey: choice.dateKey, slot, onLeave, ...(group ? { group } : {}) }),
        reports,
      }))
    }

    /** Asked in a non-admin group, the answer is about that group's members. */
    const scopeOf = (context: MessageContext): string | undefined => (context.inAdminPlace ? undefined : context.incoming.room)

    const bySubjectOrder = (a: StoredReport, b: StoredReport): number => {
      if (a.subject.kind !== b.subject.kind) return a.subject.kind === 'person' ? -1 : 1
      if (a.subject.kind === 'class' && b.subject.kind === 'class') return a.subject.classKey.localeCompare(b.subject.classKey)
      const rank = (report: StoredReport) => rosterOrder.get(subjectLabel(report.subject)) ?? Number.MAX_SAFE_INTEGER
      return rank(a) - rank(b)
    }

    function detailText(tally: SlotTally, reports: readonly StoredReport[]): string {
      const current = [...currentReports(reports, tally.slot).values()].sort(bySubjectOrder)
      const people = current.filter((report) => report.subject.kind === 'person')
      const classes = current.filter((report) => report.subject.kind === 'class')
      const lines = [
        `${slotOfDayText(tally.dateKey, tally.slot)} 健康明细`,
        `${formatCounts(tally)}；异常 ${tally.abnormal.length} 条，补报 ${tally.late.length} 条`,
      ]
      if (!current.length) lines.push('还没有人上报。')
      if (people.length) lines.push(`个人（${people.length}）：`, ...people.map((report) => reportDetailLine(report, settings.rules)))
      if (classes.length) lines.push(`班级汇总（${classes.length}）：`, ...classes.map((report) => reportDetailLine(report, settings.rules)))
      lines.push(formatMissingNames(tally))
      if (tally.onLeave.length) lines.push(`请假 ${tally.onLeave.length} 人：${formatNames(tally.onLeave)}`)
      return lines.join('\n')
    }

    const detail = defineCommand({
      names: ['detail', '明细'],
      summary: '查看某个时段每个人、每个班的上报明细（含体温）',
      usage: `/明细 [${slotNames}] [日期]，例如 /明细 上午 或 /明细 下午 2月3日（日期可写${DATE_ARG_EXAMPLES}）`,
      access: 'admin',
      args: slotAndDate,
      async run(context, choice) {
        const texts = (await tallies(choice)).map(({ tally, reports }) => detailText(tally, reports))
        await audit(context, '明细', { date: choice.dateKey, slot: choice.slots })
        context.reply(texts.join('\n\n'), { bulk: true })
      },
    })

    const missing = defineCommand({
      names: ['missing', '未报'],
      summary: '查看谁还没有上报健康情况、哪些班没交班级汇总',
      usage: `/未报 [${slotNames}] [日期]，例如 /未报 或 /未报 上午 昨天`,
      access: 'everyone',
      args: slotAndDate,
      async run(context, choice) {
        const results = await tallies(choice, scopeOf(context))
        const names = results.map(({ tally }) => `${slotOfDayText(tally.dateKey, tally.slot)}\n${formatMissingNames(tally)}`)
        if (!context.isAdminMember) return context.reply(names.join('\n\n'), { bulk: true })
        const detailed = results.map(({ tally }, index) => {
          const lines = [names[index] ?? '']
          if (tally.onLeave.length) lines.push(`请假 ${tally.onLeave.length} 人：${formatNames(tally.onLeave)}`)
          if (tally.late.length) lines.push(`补报 ${tally.late.length} 条：${tally.late.map((report) => subjectLabel(report.subject)).join('、')}`)
          return lines.join('\n')
        })
        context.replyWithDetails(detailed.join('\n\n'), { bulk: true, noteHere: '名单和请假、补报情况已私聊发给你。' })
      },
    })

    const status = defineCommand({
      names: ['status', '统计'],
      summary: '查看上报人数统计',
      usage: `/统计 [${slotNames}] [日期]，例如 /统计 或 /统计 下午`,
      access: 'everyone',
      args: slotAndDate,
      async run(context, choice) {
        const lines = (await tallies(choice, scopeOf(context))).map(({ tally }) => {
          const extra = context.isAdmin ? `；异常 ${tally.abnormal.length} 条，补报 ${tally.late.length} 条` : ''
          return `${slotOfDayText(tally.dateKey, tally.slot)}：${formatCounts(tally)}${extra}`
        })
        context.reply(lines.join('\n'))
      },
    })

    const mine = defineCommand({
      names: ['mine', '我的'],
      summary: `私聊查看自己最近 ${MINE_DAYS} 天的健康上报`,
      usage: '/我的',
      access: 'everyone',
      knownSender: true,
      args: noArgs,
      async run(context) {
        const me = context.sender.person.name
        const since = addDays(today(), -(MINE_DAYS - 1))
        const lines: string[] = []
        for (const dateKey of (await store.healthDates()).filter((date) => date >= since).reverse()) {
          const reports = (await store.healthDay(dateKey)).data.reports
          const current = new Set(slots.flatMap((slot) => [...currentReports(reports, slot.name).values()]))
          const own = reports.filter((r) => (r.subject.kind === 'person' ? r.subject.name === me : r.reporter === me))
          for (const report of own.reverse()) {
            const replaced = current.has(report) ? '' : '（已被后一条替换）'
            lines.push(`${slotOfDayText(dateKey, report.slot)} ${clockText(new Date(report.at), timezone)} ${reportDetailLine(report, settings.rules)}${replaced}`)
          }
        }
        await audit(context, '我的', { person: me, from: since, to: today() }, { person: me })
        const text = lines.length ? `你最近 ${MINE_DAYS} 天的健康上报：\n${lines.join('\n')}` : `你最近 ${MINE_DAYS} 天没有健康上报记录。`
        context.replyPrivately(text, { bulk: true })
        if (context.incoming.room) context.reply('已私聊发给你。', { mentions: [context.senderName] })
      },
    })

    const followupArgs = z.array(z.string()).transform((words, ctx) => {
      const [action, idText, ...rest] = words
      if (action === undefined || ['list', '列表', '名单'].includes(action)) return { action: 'list' as const }
      const id = Number(idText)
      const isNote = ['note', '备注'].includes(action)
      if (!isNote && !['close', '关闭'].includes(action)) {
        ctx.addIssue({ code: 'custom', message: `看不懂“${action}”，可以写 备注 或 关闭` })
        return z.NEVER
      }
      if (!Number.isInteger(id) || id <= 0) {
        ctx.addIssue({ code: 'custom', message: '请写跟进编号（/跟进 列出的 # 后面的数字）' })
        return z.NEVER
      }
      if (!isNote) return { action: 'close' as const, id }
      const text = rest.join(' ').trim()
      if (!text) {
        ctx.addIssue({ code: 'custom', message: '请写上备注内容' })
        return z.NEVER
      }
      if ([...text].length > MAX_STORED_TEXT) {
        ctx.addIssue({ code: 'custom', message: `备注太长了，请控制在 ${MAX_STORED_TEXT} 字以内` })
        return z.NEVER
      }
      return { action: 'note' as const, id, text }
    })

    function followupText(item: Followup): string {
      const since = slotOfDayText(item.opened.date, item.opened.slot)
      const latest = item.latest.date === item.opened.date && item.latest.slot === item.opened.slot ? '' : `，最近 ${slotOfDayText(item.latest.date, item.latest.slot)}`
      const name = item.subject.kind === 'person' ? item.subject.name : item.subject.classLabel
      const notes = item.notes.map((note) => `  · ${chineseDate(localTime(new Date(note.at), timezone).dateKey)} ${clockText(new Date(note.at), timezone)} ${note.author}：${note.text}`)
      return [`#${item.id} ${name}（${since}起${latest}）：${item.reasons.join('、')}`, ...notes].join('\n')
    }

    const followup = defineCommand({
      names: ['followup', '跟进'],
      summary: '查看跟进名单，添加备注或关闭',
      usage: '/跟进 查看名单；/跟进 备注 编号 内容；/跟进 关闭 编号，例如 /跟进 备注 3 已电话联系，在家休息',
      access: 'admin',
      args: followupArgs,
      async run(context, args) {
        const document = await store.open(followupsDocument)
        if (args.action === 'list') {
          const open = document.data.items.filter((item) => !item.closed)
          const text = open.length ? `跟进名单（${open.length}）：\n${open.map(followupText).join('\n')}` : '跟进名单是空的，目前没有需要跟进的人。'
          if (open.length) await audit(context, '跟进', subjectsScope(open.map((item) => item.subject)))
          return context.reply(text, { bulk: true })
        }
        const item = document.data.items.find((candidate) => candidate.id === args.id)
        if (!item) return context.reply(`没有 #${args.id} 这个跟进，发送 /跟进 查看名单。`)
        const label = item.subject.kind === 'person' ? item.subject.name : item.subject.classLabel
        if (item.closed) return context.reply(`#${item.id} ${label} 的跟进已经关闭了。`)
        const at = app.clock.now().toISOString()
        const author = context.senderName
        if (args.action === 'close') {
          await document.update(() => {
            item.closed = { by: author, at }
          })
          return context.reply(`已关闭 #${item.id} ${label} 的跟进。`)
        }
        await document.update(() => {
          item.notes.push({ author, at, text: args.text })
        })
        await audit(context, '跟进 备注', subjectsScope([item.subject]))
        context.reply(`已为 #${item.id} ${label} 添加备注。\n${followupText(item)}`)
      },
    })

    const forgetMe = defineCommand({
      names: ['forget-me', '删除我的数据'],
      summary: '申请删除自己的健康数据（管理员确认后删除）',
      usage: '/删除我的数据 提交申请；管理员确认：/删除我的数据 确认 姓名；管理员驳回：/删除我的数据 驳回 姓名 [原因]',
      access: 'everyone',
      args: z.union(
        [
          z.array(z.string()).length(0).transform(() => ({ action: 'request' as const })),
          z.tuple([z.enum(['确认', 'confirm']), z.string()]).transform(([, name]) => ({ action: 'confirm' as const, name })),
          z
            .tuple([z.enum(['驳回', 'reject']), z.string()])
            .rest(z.string())
            .transform(([, name, ...reason]) => ({ action: 'reject' as const, name, reason: reason.join(' ') })),
        ],
        { message: '不用写参数即可提交申请；管理员确认时写 确认 和姓名（例如 /删除我的数据 确认 王芳），驳回时写 驳回、姓名和原因' },
      ),
      async run(context, args) {
        const requests = await store.open(forgetRequestsDocument)
        if (args.action === 'request') {
          if (!context.sender) return context.reply('我还不认识你，请先发送 /我是 你在名单上的姓名，再申请删除。')
          if (!(await context.soleClaim())) return context.reply(SHARED_NAME_TEXT)
            const name = context.sender.person.name
          await requests.update((data) => {
            data.pending[name] = app.clock.now().toISOString()
          })
          app.notifyAdmins(`${name} 申请删除自己的健康数据。确认删除请发送：/删除我的数据 确认 ${name}`, { urgent: false })
          return context.reply('已提交删除申请。行政群管理员确认后，会删除你的健康上报、跟进记录和昵称绑定，删除后会通知你。')
        }
        if (!context.isAdmin) return context.reply('只有行政群成员可以确认或驳回删除申请。要删除自己的数据，请发送 /删除我的数据。')
        const person = roster.find(args.name)
        const name = person?.name ?? args.name
        if (!requests.data.pending[name]) return context.reply(`${excerpt(name)} 没有提交删除申请，需要本人先发送 /删除我的数据。`)
        if (args.action === 'reject') {
          await requests.update((data) => {
            delete data.pending[name]
          })
          const because = args.reason ? `，原因：${args.reason}` : ''
          context.reply(`已驳回 ${name} 的删除申请${because}。已私聊告知本人。`)
          return context.tell(name, `你申请删除健康数据的请求没有通过${because}。有疑问请联系行政群的老师。`)
        }
        const removed = await forgetPerson(store, name)
        app.log.info('已按申请删除一名教职工的健康数据 (personal data deleted on request)')
        context.reply(`已删除 ${name} 的 ${removed.reports} 条健康上报、${removed.followups} 条跟进记录和 ${removed.bindings} 个昵称绑定。`)
        context.tell(name, '你申请删除的健康数据已经删除。')
      },
    })

    return {
      commands: [detail, missing, status, mine, followup, forgetMe],
      listeners: [recorder.listener],
      async onStart(now) {
        await recorder.onStart(now)
        await clock.onStart(now)
      },
      jobs: clock.jobs,
      retention: clock.retention,
      figures: (from, to) => healthFigures(app, settings, from, to),
    }
  },
})
