import { z } from 'zod'
import { echo } from '../src/app/router.js'
import { defineArea, defineCommand, type MessageContext } from '../src/app/types.js'
import { minutesOfClock } from '../src/config/fields.js'
import { parseDateArg } from '../src/domain/date-arg.js'
import { chineseDate, localTime } from '../src/domain/time.js'
import { SUPPLIES_KEEPERS, suppliesSectionSchema } from '../src/supplies/config.js'
import { suppliesDocument, type StockItem, type StoredMovement } from '../src/supplies/data.js'
import { parseQuantity } from '../src/supplies/quantity.js'
import { SuppliesService } from '../src/supplies/service.js'
import { noArgs } from './args.js'

const KEEPERS = ['admin', { team: SUPPLIES_KEEPERS }] as const
const EXPIRY = /^有效期(?:至|到)?[:：]?(.*)$/

const issue = (ctx: z.RefinementCtx, message: string): never => {
  ctx.addIssue({ code: 'custom', message })
  return z.NEVER as never
}

/** `物品 数量 …`: the item's name and a positive amount, then the words after them. */
const itemAndQuantity = z.array(z.string()).transform((words, ctx) => {
  const [name = '', quantityWord = '', ...rest] = words
  if (!name || !quantityWord) return issue(ctx, '请写物品名称和数量')
  const parsed = parseQuantity(quantityWord)
  if (!parsed) return issue(ctx, `数量“${echo(quantityWord)}”看不懂，请写数字，例如 500`)
  return { name, ...parsed, rest }
})

/**
 * Emergency stock (masks, thermometers, disinfectant): receipts with expiry, hand-outs,
 * counts, and the admins told once a day per item when it runs short of the school's
 * days of cover or a batch is about to expire.
 */
export const suppliesArea = defineArea({
  name: 'supplies',
  title: '防疫物资',
  config: { key: 'supplies', schema: suppliesSectionSchema },
  documents: [suppliesDocument],
  teams: (section) => ({ [SUPPLIES_KEEPERS]: section.keepers }),
  create(app) {
    const service = new SuppliesService(app)

    const movementOf = (context: MessageContext, kind: StoredMovement['kind'], quantity: number): StoredMovement => ({
      date: service.dateKey(context.incoming.at),
      at: context.incoming.at.toISOString(),
      kind,
      quantity,
      by: context.senderName,
    })

    async function unknownItem(context: MessageContext, name: string): Promise<void> {
      const names = (await service.items()).map((item) => item.name).join('、')
      context.reply(`库存里没有“${echo(name)}”。${names ? `现有物品：${names}。` : ''}新物品请先 /入库。`)
    }

    /** The reply to a movement, then the alert if this movement brought one. */
    async function after(context: MessageContext, done: string, item: StockItem): Promise<void> {
      const today = service.dateKey(context.incoming.at)
      context.reply(`${done}\n${service.line(item, service.status(item, today), today)}`)
      await service.alertIfNeeded(item, context.incoming.at)
    }

    const receive = defineCommand({
      names: ['stock in', '入库'],
      summary: '登记物资入库（可写单位和有效期）',
      usage: '/入库 物品 数量 [单位] [有效期 日期]，例如 /入库 口罩 500 个 有效期 2026-12-31',
      access: KEEPERS,
      args: itemAndQuantity.transform(({ name, quantity, unit, rest }, ctx) => {
        const expiryAt = rest.findIndex((word) => EXPIRY.test(word))
        const unitWords = expiryAt < 0 ? rest : rest.slice(0, expiryAt)
        if (unitWords.length > 1 || (unit && unitWords.length)) return issue(ctx, '数量后面只能写一个单位')
        const writtenUnit = unit ?? unitWords[0]
        const base: { name: string; quantity: number; unit?: string; expires?: string } = { name, quantity, ...(writtenUnit ? { unit: writtenUnit } : {}) }
        if (expiryAt < 0) return base
        const dateWords = [EXPIRY.exec(rest[expiryAt] ?? '')?.[1] ?? '', ...rest.slice(expiryAt + 1)].filter(Boolean)
        if (dateWords.length !== 1) return issue(ctx, '有效期请写一个日期，例如 有效期 2026-12-31')
        const expires = parseDateArg(dateWords[0] as string, app.today(), { allowFuture: true })
        if (!expires.ok) return issue(ctx, `有效期：${expires.reason}`)
        return { ...base, expires: expires.dateKey }
      }),
      async run(context, { name, quantity, unit, expires }) {
        const item = await service.move(name, { ...movementOf(context, 'in', quantity), ...(expires ? { expires } : {}) }, unit)
        await after(context, `已入库：${echo(name)} ${quantity}${item.unit ?? ''}${expires ? `，有效期至${chineseDate(expires)}` : ''}。`, item)
      },
    })

    const takeOut = defineCommand({
      names: ['stock out', '领用'],
      summary: '登记物资领用',
      usage: '/领用 物品 数量 [领用人]，例如 /领用 口罩 50 王芳（不写领用人就是自己）',
      access: KEEPERS,
      args: itemAndQuantity.refine(({ rest }) => rest.length <= 1, { message: '数量后面只需写领用人' }),
      async run(context, { name, quantity, rest }) {
        const existing = await service.item(name)
        if (!existing) return unknownItem(context, name)
        const stock = service.status(existing, service.dateKey(context.incoming.at)).stock
        if (quantity > stock) return context.reply(`${name}库存只有 ${stock}${existing.unit ?? ''}，不够领用 ${quantity}。实物数量不同请先 /盘点 ${name} 实际数量。`)
        const person = rest[0] ? (app.roster.find(rest[0])?.name ?? rest[0]) : context.senderName
        const item = await service.move(name, { ...movementOf(context, 'out', -quantity), person })
        await after(context, `已登记：${echo(person)}领用${name} ${quantity}${item.unit ?? ''}。`, item)
      },
    })

    const count = defineCommand({
      names: ['stock count', '盘点'],
      summary: '盘点物资，记下与账面的差额',
      usage: '/盘点 物品 实际数量，例如 /盘点 口罩 430',
      access: KEEPERS,
      args: itemAndQuantity.refine(({ rest }) => rest.length === 0, { message: '只需写物品和实际数量' }),
      async run(context, { name, quantity }) {
        const existing = await service.item(name)
        if (!existing) return unknownItem(context, name)
        const stock = service.status(existing, service.dateKey(context.incoming.at)).stock
        const difference = quantity - stock
        if (!difference) return context.reply(`${name}盘点 ${quantity}${existing.unit ?? ''}，与账面一致。`)
        const item = await service.move(name, movementOf(context, 'count', difference))
        const change = difference > 0 ? `多 ${difference}` : `少 ${-difference}`
        await after(context, `已盘点：${name}实际 ${quantity}${item.unit ?? ''}，比账面${change}${item.unit ?? ''}，已按实际数量更正。`, item)
      },
    })

    const overview = defineCommand({
      names: ['stock', '库存'],
      summary: '查看各物资库存、近7天日均用量、可用天数和最近有效期',
      usage: '/库存',
      access: KEEPERS,
      args: noArgs,
      async run(context) {
        const items = await service.items()
        if (!items.length) return context.reply('还没有物资记录。发 /入库 物品 数量 登记。')
        const today = service.dateKey(context.incoming.at)
        const lines = items.map((item) => {
          const status = service.status(item, today)
          const flags = [...(status.lowCover ? ['⚠ 不足'] : []), ...(status.expiringSoon ? ['⚠ 将到期'] : [])]
          return `${service.line(item, status, today)}${flags.length ? ` ${flags.join(' ')}` : ''}`
        })
        context.reply(`库存（${chineseDate(today)}）：\n${lines.join('\n')}`, { bulk: true })
      },
    })

    const { checkTime } = app.section
    const [hour, minute] = checkTime.split(':').map(Number)
    return {
      commands: [receive, takeOut, count, overview],
      jobs: [{ name: 'supplies', cron: `${minute} ${hour} * * *`, run: (firedAt) => service.checkAll(firedAt) }],
      // A check missed while the bot was down is made at start-up; the marker keeps it to once a day.
      onStart: async (now) => {
        if (localTime(now, app.config.timezone).minuteOfDay >= minutesOfClock(checkTime)) await service.checkAll(now)
      },
      figures: (from, to) => service.figures(from, to),
    }
  },
})
