import { z } from 'zod'
import { echo } from '../src/app/router.js'
import { defineArea, defineCommand, type Command, type MessageContext } from '../src/app/types.js'
import { parseDueDate, splitLeadingTime } from '../src/domain/meeting-time.js'
import type { Person } from '../src/domain/types.js'
import { meetingsSectionSchema } from '../src/meetings/config.js'
import { meetingsDocument } from '../src/meetings/data.js'
import { MeetingDesk, type Actor } from '../src/meetings/desk.js'
import { MeetingLifecycle } from '../src/meetings/lifecycle.js'
import { MeetingQueries } from '../src/meetings/queries.js'
import { MeetingRecording } from '../src/meetings/recording.js'
import { MeetingClock } from '../src/meetings/tick.js'
import { noArgs, numberWord, oneNumber, requiredText, restText } from './args.js'

const USAGE = {
  new: '/会议 新建 时间 标题，例如 /会议 新建 明天 19:30 复课准备会（时间也可以写 2月3日19:30、后天 晚上7点半、周三 19:30、2026-02-03 19:30）',
  start: '/会议 开始 [标题]，例如 /会议 开始（开始今天安排的会议；今天没有安排就开一次临时会议，可以写标题）',
  end: '/会议 结束（结束后纪要发到行政群）',
  list: '/会议 列表',
  cancel: '/会议 取消 编号 [原因]，例如 /会议 取消 2 与区教研活动冲突',
  reschedule: '/会议 改期 编号 新时间，例如 /会议 改期 2 周四 19:30',
  agenda: '/议程 [事项]，例如 /议程 复课前教室消毒安排（不写事项就是查看议程）',
  agendaRemove: '/议程 删除 编号，例如 /议程 删除 2（编号见 /议程）',
  attend: '/出席 [姓名…]，例如 /出席（登记自己）或 /出席 张伟 刘洋',
  topic: '/议题 [议题或议程编号]，例如 /议题 线上教学检查，或 /议题 2（什么都不写就按议程顺序取下一项）',
  agreed: '/决议 内容，例如 /决议 周五前完成全部教室消毒',
  note: '/记录 内容，例如 /记录 后勤已采购消毒液 20 桶',
  action: '/待办 姓名或@某人 事项 [截止 日期]，例如 /待办 刘洋 制定消毒排班表 截止 2月5日',
  actions: '/待办 列表',
  done: '/完成 待办编号，例如 /完成 3',
  undo: '/撤销（删掉本次会议的上一条记录）',
  minutes: '/纪要 [会议编号]，例如 /纪要 2（不写编号就看最近一次）',
} as const

/** `截止 2月5日`, `截止：周五`, `（截止2月5日）` at the end of an action item; the last such keyword wins. */
const DUE_SUFFIX = /^(.*)(?:截止日期|截止|截至|\bdue\b)[:：]?\s*([^（）()]+?)[)）]?\s*$/i

/** A meeting, agenda or action number, within the range the meeting records count in. */
const recordNumber = (what: string, example: string) =>
  numberWord(what, example).refine((id) => id >= 1 && id <= MAX_NUMBER, { message: `没有这个${what}，${what}从 1 开始` })

/** Numbers beyond this are typos, and would print as 1e+21 if taken as numbers. */
const MAX_NUMBER = 999_999

const actorOf = (context: MessageContext): Actor => ({ name: context.senderName, replyTo: context.replyTo, at: context.incoming.at })

/** A roster name or alias, a `/我是` nickname, or the person an @ in the message points at. */
function ownerNamed(context: MessageContext, word: string, mentioned: boolean): Person | undefined {
  const { app, incoming } = context
  const byName = (name: string): Person | undefined => app.roster.find(name) ?? app.roster.get(app.bindingOf(name) ?? '')
  const direct = byName(word)
  if (direct || !mentioned) return direct
  const fromMentions = [...new Set(incoming.mentions.map(byName).filter((person): person is Person => Boolean(person)))]
  return fromMentions.length === 1 ? fromMentions[0] : undefined
}

/** Meetings: scheduling, agenda, what is said and decided, action items, minutes. All admin-only. */
export const meetingsArea = defineArea({
  name: 'meetings',
  title: '会议',
  config: { key: 'meetings', schema: meetingsSectionSchema },
  documents: [meetingsDocument],
  create(app) {
    const desk = new MeetingDesk(app, app.section, app.once)
    const lifecycle = new MeetingLifecycle(desk)
    const recording = new MeetingRecording(desk)
    const queries = new MeetingQueries(desk)
    const meetingClock = new MeetingClock(desk, lifecycle)

    /** Whoever runs a meeting command while a meeting is open spoke at it. */
    const counted = (command: Command<any>): Command<any> => ({
      ...command,
      async run(context, args) {
        const { name } = actorOf(context)
        await recording.noteSpeaker(name)
        // Meeting commands never ask for a known sender: the admin group's membership is what counts.
        await (command.run as (context: MessageContext, args: unknown) => Promise<void> | void)(context, args)
        await recording.noteSpeaker(name)
      },
    })

    const overview = defineCommand({
      names: ['meeting', '会议'],
      summary: '会议命令一览',
      usage: '/会议 新建|开始|结束|列表|取消|改期',
      access: 'admin',
      args: restText,
      run(context, rest) {
        const unknown = rest ? `没有“/会议 ${echo(rest)}”这个命令。\n` : ''
        const lines = [USAGE.new, USAGE.start, USAGE.end, USAGE.list, USAGE.cancel, USAGE.reschedule, USAGE.minutes]
        context.reply(`${unknown}会议命令：\n${lines.join('\n')}`)
      },
    })

    const create = defineCommand({
      names: ['meeting new', '会议 新建'],
      summary: '安排一次会议（开会前把议程发到行政群）',
      usage: USAGE.new,
      access: 'admin',
      args: z.array(z.string()).transform((words, ctx) => {
        if (!words.length) {
          ctx.addIssue({ code: 'custom', message: '请写上开会时间和会议标题' })
          return z.NEVER
        }
        const parsed = splitLeadingTime(words, app.clock.now(), app.config.timezone)
        if (!parsed.ok) {
          ctx.addIssue({ code: 'custom', message: parsed.reason })
          return z.NEVER
        }
        const title = parsed.rest.join(' ').trim()
        if (!title) {
          ctx.addIssue({ code: 'custom', message: '请在时间后面写上会议标题' })
          return z.NEVER
        }
        return { at: parsed.at, title }
      }),
      run: async (context, { at, title }) => context.send(await lifecycle.schedule(actorOf(context), at, title)),
    })

    const start = defineCommand({
      names: ['meeting start', '会议 开始'],
      summary: '开始会议',
      usage: USAGE.start,
      access: 'admin',
      args: restText,
      run: async (context, title) => context.send(await lifecycle.start(actorOf(context), title)),
    })

    const end = defineCommand({
      names: ['meeting end', '会议 结束'],
      summary: '结束会议并把纪要发到行政群',
      usage: USAGE.end,
      access: 'admin',
      args: noArgs,
      run: async (context) => context.send(await lifecycle.end(actorOf(context))),
    })

    const list = defineCommand({
      names: ['meeting list', '会议 列表'],
      summary: '查看会议列表',
      usage: USAGE.list,
      access: 'admin',
      args: noArgs,
      run: async (context) => context.send(await queries.list(actorOf(context))),
    })

    const cancel = defineCommand({
      names: ['meeting cancel', '会议 取消'],
      summary: '取消一次安排好的会议（不再发议程，通知行政群）',
      usage: USAGE.cancel,
      access: 'admin',
      args: z
        .array(z.string())
        .min(1, { message: '请写上要取消的会议编号（见 /会议 列表）' })
        .transform(([idWord = '', ...reason]) => ({ idWord, reason: reason.join(' ').trim() }))
        .pipe(z.object({ idWord: recordNumber('会议编号', '/会议 取消 2'), reason: z.string() })),
      run: async (context, { idWord, reason }) => context.send(await lifecycle.cancel(actorOf(context), idWord, reason)),
    })

    const reschedule = defineCommand({
      names: ['meeting move', '会议 改期'],
      summary: '把一次安排好的会议改到新时间（通知行政群，议程按新时间发）',
      usage: USAGE.reschedule,
      access: 'admin',
      args: z
        .array(z.string())
        .min(2, { message: '请写上会议编号和新的时间' })
        .transform(([idWord = '', ...timeWords]) => ({ idWord, timeWords }))
        .pipe(z.object({ idWord: recordNumber('会议编号', '/会议 改期 2 周四 19:30'), timeWords: z.array(z.string()) }))
        .transform(({ idWord, timeWords }, ctx) => {
          const parsed = splitLeadingTime(timeWords, app.clock.now(), app.config.timezone)
          if (!parsed.ok) {
            ctx.addIssue({ code: 'custom', message: parsed.reason })
            return z.NEVER
          }
          if (parsed.rest.length) {
            ctx.addIssue({ code: 'custom', message: `时间后面不用再写别的（多了“${parsed.rest.join(' ')}”）` })
            return z.NEVER
          }
          return { id: idWord, at: parsed.at }
        }),
      run: async (context, { id, at }) => context.send(await lifecycle.reschedule(actorOf(context), id, at)),
    })

    const agenda = defineCommand({
      names: ['agenda', '议程'],
      summary: '给下次会议加议程，或查看议程',
      usage: USAGE.agenda,
      access: 'admin',
      args: restText,
      run: async (context, text) => context.send(await (text ? recording.addAgenda(actorOf(context), text) : queries.showAgenda(actorOf(context)))),
    })

    const agendaRemove = defineCommand({
      names: ['agenda remove', '议程 删除'],
      summary: '从议程里删掉一项',
      usage: USAGE.agendaRemove,
      access: 'admin',
      args: oneNumber(recordNumber('议程编号', '/议程 删除 2'), '请写一个议程编号，例如 /议程 删除 2'),
      run: async (context, number) => context.send(await recording.removeAgenda(actorOf(context), number)),
    })

    const attend = defineCommand({
      names: ['present', '出席'],
      summary: '会上登记出席（写在纪要的“出席”里）',
      usage: USAGE.attend,
      access: 'admin',
      args: z.array(z.string()),
      async run(context, words) {
        const people = words.map((word) => ({ word, person: ownerNamed(context, word.replace(/^@/, ''), word.startsWith('@')) }))
        const unknown = people.filter(({ person }) => !person).map(({ word }) => echo(word))
        if (unknown.length) return context.reply(`名单里没有“${unknown.join('、')}”，请写名单上的姓名或别名。\n用法：${USAGE.attend}`)
        const names = words.length ? people.map(({ person }) => (person as Person).name) : [actorOf(context).name]
        context.send(await recording.markPresent(actorOf(context), [...new Set(names)]))
      },
    })

    const topic = defineCommand({
      names: ['topic', '议题'],
      summary: '会上开始一个议题',
      usage: USAGE.topic,
      access: 'admin',
      args: restText,
      run: async (context, text) => context.send(await recording.topic(actorOf(context), text)),
    })

    const agreed = defineCommand({
      names: ['agreed', '决议'],
      summary: '记下当前议题的决议',
      usage: USAGE.agreed,
      access: 'admin',
      args: requiredText('决议内容'),
      run: async (context, text) => context.send(await recording.record(actorOf(context), 'decision', text)),
    })

    const note = defineCommand({
      names: ['note', '记录'],
      summary: '记下当前议题的讨论要点',
      usage: USAGE.note,
      access: 'admin',
      args: requiredText('记录内容'),
      run: async (context, text) => context.send(await recording.record(actorOf(context), 'note', text)),
    })

    const action = defineCommand({
      names: ['action', '待办'],
      summary: '会上布置一项待办（负责人、截止日期）',
      usage: USAGE.action,
      access: 'admin',
      args: z.array(z.string()).transform((words, ctx) => {
        const [ownerWord = '', ...rest] = words
        let text = rest.join(' ').trim()
        let due: string | undefined
        const suffix = DUE_SUFFIX.exec(text)
        if (suffix) {
          const parsed = parseDueDate(suffix[2] ?? '', app.clock.now(), app.config.timezone)
          if (!parsed.ok) {
            ctx.addIssue({ code: 'custom', message: `截止日期：${parsed.reason}` })
            return z.NEVER
          }
          due = parsed.dateKey
          text = (suffix[1] ?? '').replace(/[\s，,（(]+$/, '')
        }
        if (!ownerWord || !text) {
          ctx.addIssue({ code: 'custom', message: '请写上负责人和要做的事' })
          return z.NEVER
        }
        return { owner: ownerWord.replace(/^@/, ''), mentioned: ownerWord.startsWith('@'), text, due }
      }),
      async run(context, { owner, mentioned, text, due }) {
        const person = ownerNamed(context, owner, mentioned)
        if (!person) return context.reply(`名单里没有“${echo(owner)}”。负责人请写名单上的姓名或别名，或者 @ 本人。\n用法：${USAGE.action}`)
        context.send(await recording.addAction(actorOf(context), person.name, text, due))
      },
    })

    const actions = defineCommand({
      names: ['actions', '待办 列表'],
      summary: '查看未完成的待办',
      usage: USAGE.actions,
      access: 'admin',
      args: noArgs,
      run: async (context) => context.send(await queries.openActions(actorOf(context))),
    })

    const done = defineCommand({
      names: ['done', '完成'],
      summary: '把一项待办标记为完成',
      usage: USAGE.done,
      access: 'admin',
      args: oneNumber(recordNumber('待办编号', '/完成 3'), '请写一个待办编号，例如 /完成 3'),
      run: async (context, id) => context.send(await recording.complete(actorOf(context), id)),
    })

    const undo = defineCommand({
      names: ['undo', '撤销'],
      summary: '删掉本次会议的上一条记录',
      usage: USAGE.undo,
      access: 'admin',
      args: noArgs,
      run: async (context) => context.send(await recording.undo(actorOf(context))),
    })

    const minutes = defineCommand({
      names: ['minutes', '纪要'],
      summary: '查看会议纪要',
      usage: USAGE.minutes,
      access: 'admin',
      args: z
        .array(recordNumber('会议编号', '/纪要 2'))
        .max(1, { message: '只需写一个会议编号，例如 /纪要 2' })
        .transform(([id]) => id),
      run: async (context, id) => context.send(await queries.minutes(actorOf(context), id)),
    })

    return {
      commands: [overview, create, start, end, list, cancel, reschedule, agenda, agendaRemove, topic, attend, agreed, note, action, actions, done, undo, minutes].map(counted),
      listeners: [
        {
          // Attendance: admin-group members who say anything while a meeting is open. It never claims the message.
          scope: ['admin'],
          order: -100,
          async hear(context) {
            await recording.noteSpeaker(actorOf(context).name)
            return false
          },
        },
      ],
      jobs: [{ name: 'meetings', cron: '* * * * *', run: (firedAt) => meetingClock.tick(firedAt) }],
      onStart: (now) => meetingClock.tick(now, true),
      summary: (dateKey) => queries.overdueSection(dateKey),
      figures: (from, to) => queries.figures(from, to),
    }
  },
})
