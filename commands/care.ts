import { z } from 'zod'
import { echo } from '../src/app/router.js'
import { defineArea, defineCommand, type MessageContext } from '../src/app/types.js'
import { careSectionSchema } from '../src/care/config.js'
import { careDocument, type StoredCareEntry } from '../src/care/data.js'
import { isDue, nextContact, parseCareAdd } from '../src/care/schedule.js'
import { addDays, chineseDate, dateKeyOf, localTime } from '../src/domain/time.js'
import { say } from '../src/domain/types.js'
import { auditFor, SYSTEM } from '../src/health/audit.js'
import { healthSectionOf } from '../src/health/config.js'
import { minutesOfClock } from '../src/config/fields.js'
import { requiredText } from './args.js'

const remindKey = (id: number, dateKey: string): string => `remind:${id}:${dateKey}`

/**
 * Colleagues who need looking after (stranded, quarantined, bereaved, under strain), each with
 * an admin who keeps in touch every few days and is reminded privately when a contact is due.
 * Admin-only: shown only in admin groups or privately, never in another group.
 */
export const careArea = defineArea({
  name: 'care',
  config: { key: 'care', schema: careSectionSchema },
  documents: [careDocument],
  create(app) {
    const document = () => app.store.open(careDocument)
    const today = app.today
    const audit = auditFor(app)
    const adminRooms = app.topicsWithRole('admin')
    const isAdminMember = (name: string): boolean => app.roster.get(name)?.groups.some((group) => adminRooms.includes(group)) ?? false

    /** Changes one entry in place, found by id inside the update. */
    const changeEntry = async (id: number, change: (entry: StoredCareEntry) => void): Promise<void> =>
      (await document()).update((data) => {
        const entry = data.entries.find((candidate) => candidate.id === id)
        if (entry) change(entry)
      })

    const openEntryOf = async (person: string): Promise<StoredCareEntry | undefined> =>
      (await document()).data.entries.find((entry) => entry.person === person && !entry.closed)

    const entryLine = (entry: StoredCareEntry): string => {
      const last = entry.notes.at(-1)
      const contact = entry.lastContact ? `上次联系 ${chineseDate(entry.lastContact)}${last ? `（${last.text}）` : ''}` : '还没有联系记录'
      return `${entry.person}：${entry.reason}，每${entry.everyDays}天联系，负责 ${entry.responsible}，${contact}，下次 ${chineseDate(nextContact(entry))}`
    }

    /** A roster name from the command, or the reply that says why not. */
    async function personOnList(context: MessageContext, name: string): Promise<StoredCareEntry | undefined> {
      const person = app.roster.find(name)?.name ?? name
      const entry = await openEntryOf(person)
      if (!entry) context.replyWithDetails(`关怀名单里没有“${echo(name)}”。发 /关怀 查看名单。`)
      return entry
    }

    const list = defineCommand({
      names: ['care', '关怀'],
      summary: '查看关怀名单（仅行政群或私聊可见）',
      usage: '/关怀',
      access: 'admin',
      args: z.array(z.string()).max(0, { message: '查看名单不需要参数；添加请用 /关怀 添加' }),
      async run(context) {
        const entries = (await document()).data.entries.filter((entry) => !entry.closed)
        if (!entries.length) return context.replyWithDetails('关怀名单是空的。添加：/关怀 添加 姓名 原因 [每N天] [负责 姓名]')
        await audit(context, '关怀名单', { person: entries.map((entry) => entry.person) })
        context.replyWithDetails(`关怀名单（${entries.length} 人）：\n${entries.map(entryLine).join('\n')}`, { bulk: true })
      },
    })

    const add = defineCommand({
      names: ['care add', '关怀 添加'],
      summary: '把需要关心的同事加入关怀名单，定期提醒负责人联系',
      usage: `/关怀 添加 姓名 原因 [每N天] [负责 姓名]，例如 /关怀 添加 王芳 滞留湖北 每3天 负责 刘洋（默认每${app.section.everyDays}天，负责人默认是你）`,
      access: 'admin',
      args: z.array(z.string()).transform((words, ctx) => {
        const parsed = parseCareAdd(words)
        if (!parsed.ok) {
          ctx.addIssue({ code: 'custom', message: parsed.reason })
          return z.NEVER
        }
        return parsed
      }),
      async run(context, { name, reason, everyDays, responsible }) {
        const person = app.roster.find(name)
        if (!person) return context.replyWithDetails(`名单里没有“${echo(name)}”，请写名单上的姓名。`)
        const owner = responsible ? app.roster.find(responsible)?.name : context.senderName
        if (!owner || !isAdminMember(owner)) return context.replyWithDetails(`负责人“${echo(responsible ?? context.senderName)}”不是行政群成员，关怀名单只由行政人员跟进。`)
        const existing = await openEntryOf(person.name)
        if (existing) return context.replyWithDetails(`${person.name}已经在关怀名单上：${entryLine(existing)}`)
        const entry: StoredCareEntry = {
          id: 0,
          person: person.name,
          reason,
          everyDays: everyDays ?? app.section.everyDays,
          responsible: owner,
          addedBy: context.senderName,
          added: today(),
          notes: [],
        }
        await (await document()).update((data) => {
          data.entries.push({ ...entry, id: data.nextId })
          data.nextId += 1
        })
        context.replyWithDetails(`已加入关怀名单：${person.name}（${echo(reason)}），每${entry.everyDays}天由${owner}联系，第一次提醒在 ${chineseDate(nextContact(entry))}。联系后发 /关怀 记录 ${person.name} 内容。`)
      },
    })

    const note = defineCommand({
      names: ['care note', '关怀 记录'],
      summary: '记下一次对名单上同事的联系',
      usage: '/关怀 记录 姓名 内容，例如 /关怀 记录 王芳 电话联系，情绪稳定，需要代买药品',
      access: 'admin',
      args: z
        .array(z.string())
        .min(2, { message: '请写姓名和联系内容' })
        .transform(([name = '', ...rest]) => ({ name, text: rest.join(' ') })),
      async run(context, { name, text }) {
        const entry = await personOnList(context, name)
        if (!entry) return
        const date = today()
        await changeEntry(entry.id, (stored) => {
          stored.notes.push({ date, by: context.senderName, text })
          stored.lastContact = date
        })
        context.replyWithDetails(`已记录对${entry.person}的联系，下次 ${chineseDate(nextContact({ ...entry, lastContact: date }))}。`)
      },
    })

    const end = defineCommand({
      names: ['care end', '关怀 结束'],
      summary: '把同事移出关怀名单',
      usage: '/关怀 结束 姓名',
      access: 'admin',
      args: requiredText('姓名'),
      async run(context, name) {
        const entry = await personOnList(context, name)
        if (!entry) return
        await changeEntry(entry.id, (stored) => {
          stored.closed = today()
        })
        context.replyWithDetails(`${entry.person}已移出关怀名单（共联系 ${entry.notes.length} 次）。`)
      },
    })

    /** Each responsible admin gets one private message listing whom to contact today. */
    async function remind(now: Date): Promise<void> {
      const dateKey = dateKeyOf(now, app.config.timezone)
      const due = (await document()).data.entries.filter((entry) => isDue(entry, dateKey))
      const pending: StoredCareEntry[] = []
      for (const entry of due) if (!(await app.once.has(remindKey(entry.id, dateKey)))) pending.push(entry)
      if (!pending.length) return
      const fresh = await app.once.claim(
        pending.map((entry) => remindKey(entry.id, dateKey)),
        now,
      )
      const byOwner = new Map<string, StoredCareEntry[]>()
      for (const entry of pending) {
        if (fresh.has(remindKey(entry.id, dateKey))) byOwner.set(entry.responsible, [...(byOwner.get(entry.responsible) ?? []), entry])
      }
      for (const [owner, entries] of byOwner) await audit(SYSTEM, '关怀提醒', { person: entries.map((entry) => entry.person) }, { person: owner })
      app.deliver(
        [...byOwner].map(([owner, entries]) =>
          say({ person: owner }, `【关怀提醒】今天该联系：\n${entries.map(entryLine).join('\n')}\n联系后发 /关怀 记录 姓名 内容。`),
        ),
      )
    }

    const { reminderTime } = app.section
    const [hour, minute] = reminderTime.split(':').map(Number)
    const retentionDays = healthSectionOf(app.config).retentionDays
    return {
      commands: [list, add, note, end],
      jobs: [{ name: 'care', cron: `${minute} ${hour} * * *`, run: remind }],
      onStart: async (now) => {
        if (localTime(now, app.config.timezone).minuteOfDay >= minutesOfClock(reminderTime)) await remind(now)
      },
      retention: [
        {
          // Notes on someone's hardship are kept no longer than health data.
          what: '关怀记录',
          async purge(todayKey) {
            const firstKept = addDays(todayKey, -retentionDays)
            const doc = await document()
            const expired = doc.data.entries.filter((entry) => entry.closed && entry.closed < firstKept).length
            if (expired) await doc.update((data) => void (data.entries = data.entries.filter((entry) => !(entry.closed && entry.closed < firstKept))))
            return expired
          },
        },
      ],
    }
  },
})
