import { z } from 'zod'
import { echo } from '../src/app/router.js'
import { defineArea, defineCommand, type MessageContext } from '../src/app/types.js'
import { splitList, type RosterEntry } from '../src/config/roster-file.js'
import { normalizeClassName } from '../src/domain/class-name.js'
import { isoInZone } from '../src/domain/time.js'
import { RosterBook, rosterChangesDocument } from '../src/roster/book.js'
import { changeText, EDITABLE_FIELDS, entryOf, type RosterChangeBody } from '../src/roster/changes.js'
import { rosterOverview } from '../src/roster/overview.js'
import { rosterWorkbook } from '../src/roster/xlsx.js'
import { noArgs } from './args.js'

const USAGE = {
  add: '/名单 添加 姓名 [班级] [群…]，例如 /名单 添加 赵六 三年级1班 全体教职工群（不写群就加进所有教职工群；同名的老师写 王芳(数学)）',
  edit: `/名单 修改 姓名 字段 值，字段可以是 ${Object.keys(EDITABLE_FIELDS).join('、')}，例如 /名单 修改 赵六 班级 三年级2班（值写“无”就是清空）`,
  remove: '/名单 删除 姓名，例如 /名单 删除 赵六（之前的上报和请假记录都保留）',
} as const

const CLEARED = new Set(['无', '空', '-', '—'])
const CHANGES_LISTED = 30

/** 王芳(数学) or 王芳（数学） → name and label. */
function nameAndLabel(word: string): { name: string; label?: string } {
  const match = /^(.+?)[(（]([^()（）]+)[)）]$/.exec(word.trim())
  return match ? { name: (match[1] as string).trim(), label: (match[2] as string).trim() } : { name: word.trim() }
}

/** Roster changes from chat: admins add, edit and remove people; the change takes effect at once. */
export const rosterArea = defineArea({
  name: 'roster',
  documents: [rosterChangesDocument],
  create(app) {
    const book = new RosterBook(app)
    // Applied as soon as the data is read; start-up waits for it before any message is handled.
    // A failure is kept for start-up to raise rather than left as an unhandled rejection.
    const applied = book.applyStored().then(
      () => undefined,
      (error: unknown) => error,
    )
    const topics = app.config.groups.map((group) => group.topic)

    async function apply(context: MessageContext, body: RosterChangeBody, done: string): Promise<void> {
      const outcome = await book.change(body, context.senderName, context.incoming.at)
      if (!outcome.ok) return context.reply(`没有改：${outcome.problems.join('；')}`)
      context.reply(`${done}，已生效。发 /名单 查看，/名单 变更 查看改动记录。`)
    }

    const overview = defineCommand({
      names: ['roster', '名单'],
      summary: '查看名单：人数，各群成员，班主任',
      usage: '/名单',
      access: 'admin',
      args: noArgs,
      async run(context) {
        context.reply(rosterOverview(app.roster.people, topics, (await book.changes()).length), { bulk: true })
      },
    })

    const add = defineCommand({
      names: ['roster add', '名单 添加'],
      summary: '把新老师加进名单（立即生效）',
      usage: USAGE.add,
      access: 'admin',
      args: z
        .array(z.string())
        .min(1, { message: '请写上姓名' })
        .transform(([nameWord = '', ...rest], ctx): RosterEntry => {
          const groups: string[] = []
          let klass: string | undefined
          for (const word of rest) {
            if (topics.includes(word)) groups.push(word)
            else if (!klass && normalizeClassName(word)) klass = word
            else {
              ctx.addIssue({ code: 'custom', message: `“${word}”既不是班级，也不是配置里的群（群：${topics.join('、')}）` })
              return z.NEVER
            }
          }
          const staffGroups = app.config.groups.filter((group) => group.role === 'staff').map((group) => group.topic)
          return { ...nameAndLabel(nameWord), aliases: [], groups: groups.length ? groups : staffGroups, ...(klass ? { class: klass } : {}) }
        }),
      run: (context, entry) => apply(context, { kind: 'add', entry }, changeText({ kind: 'add', entry }).replace(/^添加/, '已添加')),
    })

    const edit = defineCommand({
      names: ['roster edit', '名单 修改'],
      summary: '修改名单上某人的姓名、标签、别名、群、班级或办公室（立即生效）',
      usage: USAGE.edit,
      access: 'admin',
      args: z
        .array(z.string())
        .min(3, { message: '请写上姓名、字段和值' })
        .transform(([personWord = '', fieldWord = '', ...valueWords], ctx) => {
          const field = EDITABLE_FIELDS[fieldWord as keyof typeof EDITABLE_FIELDS]
          if (!field) {
            ctx.addIssue({ code: 'custom', message: `没有“${fieldWord}”这个字段，可以改 ${Object.keys(EDITABLE_FIELDS).join('、')}` })
            return z.NEVER
          }
          const text = valueWords.join(' ').trim()
          const value = CLEARED.has(text) ? null : field === 'aliases' || field === 'groups' ? splitList(valueWords.join('、')) : text
          if (value === null && field === 'name') {
            ctx.addIssue({ code: 'custom', message: '姓名不能清空' })
            return z.NEVER
          }
          return { kind: 'edit' as const, person: personWord, field, value }
        }),
      run(context, body) {
        const person = app.roster.find(body.person)
        if (!person) return context.reply(`名单上没有“${echo(body.person)}”。`)
        const change = { ...body, person: person.name }
        return apply(context, change, `已${changeText(change)}`)
      },
    })

    const remove = defineCommand({
      names: ['roster remove', '名单 删除'],
      summary: '把离开的老师从名单删除（之前的记录保留）',
      usage: USAGE.remove,
      access: 'admin',
      args: z.array(z.string()).length(1, { message: '请写一个姓名' }),
      run(context, [name = '']) {
        const person = app.roster.find(name)
        if (!person) return context.reply(`名单上没有“${echo(name)}”。`)
        return apply(context, { kind: 'remove', person: person.name }, `已从名单删除 ${person.name}（之前的上报和请假记录都保留）`)
      },
    })

    const changes = defineCommand({
      names: ['roster changes', '名单 变更'],
      summary: '查看在聊天里对名单做的改动',
      usage: '/名单 变更',
      access: 'admin',
      args: noArgs,
      async run(context) {
        const all = await book.changes()
        if (!all.length) return context.reply('名单还没有在聊天里改过，和配置文件一致。')
        const shown = all.slice(-CHANGES_LISTED)
        const lines = shown.map((change) => `#${change.id} ${isoInZone(new Date(change.at), app.config.timezone).slice(5, 16).replace('T', ' ')} ${change.by}：${changeText(change)}`)
        const earlier = all.length > shown.length ? [`（更早的 ${all.length - shown.length} 处没有列出）`] : []
        context.reply([`名单改动 ${all.length} 处（在配置文件的名单之上）：`, ...earlier, ...lines, '要写回配置文件，可以发 /导出 名单 拿到表格。'].join('\n'), { bulk: true })
      },
    })

    const exportRoster = defineCommand({
      names: ['export roster', '导出 名单'],
      summary: '导出现在的名单（Excel，格式和名单文件一样）',
      usage: '/导出 名单',
      access: 'admin',
      args: noArgs,
      async run(context) {
        const data = await rosterWorkbook(app.roster.people.map(entryOf))
        context.replyFile({ name: `名单-${app.today()}.xlsx`, data })
      },
    })

    return {
      commands: [overview, add, edit, remove, changes, exportRoster],
      async onStart() {
        const failure = await applied
        if (failure) throw failure
      },
    }
  },
})
