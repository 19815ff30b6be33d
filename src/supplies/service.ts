import type { AreaContext, ReportFigure } from '../app/types.js'
import { chineseDate, dateKeyOf } from '../domain/time.js'
import type { SuppliesSection } from './config.js'
import { suppliesDocument, type StockItem, type StoredMovement } from './data.js'
import { stockStatus, type StockStatus } from './stock.js'

const alertKey = (item: string, dateKey: string): string => `alert:${item}:${dateKey}`

const amount = (value: number): string => String(Math.round(value * 10) / 10)

/** Stock by movements, days of cover, and the once-a-day alert per item. */
export class SuppliesService {
  constructor(private readonly app: AreaContext<SuppliesSection>) {}

  private document() {
    return this.app.store.open(suppliesDocument)
  }

  dateKey(at: Date): string {
    return dateKeyOf(at, this.app.config.timezone)
  }

  async items(): Promise<readonly StockItem[]> {
    return (await this.document()).data.items
  }

  async item(name: string): Promise<StockItem | undefined> {
    return (await this.items()).find((item) => item.name === name)
  }

  status(item: StockItem, today: string): StockStatus {
    return stockStatus(item.movements, today, this.app.section)
  }

  /** Adds a movement, creating the item on first receipt; returns the item as it now is. */
  async move(name: string, movement: StoredMovement, unit?: string): Promise<StockItem> {
    const document = await this.document()
    await document.update((data) => {
      let item = data.items.find((candidate) => candidate.name === name)
      if (!item) data.items.push((item = { name, movements: [] }))
      if (unit && !item.unit) item.unit = unit
      item.movements.push(movement)
    })
    return (await this.item(name)) as StockItem
  }

  /** 口罩 120 个，日均 30，可用 4 天，最近 3月1日 到期. */
  line(item: StockItem, status: StockStatus, today: string): string {
    const unit = item.unit ?? ''
    const cover = status.daysOfCover === undefined ? '近7天没有领用' : `日均 ${amount(status.averageDailyUse)}${unit}，可用 ${status.daysOfCover} 天`
    const expiry = status.nearestExpiry ? `，最近一批 ${chineseDate(status.nearestExpiry)}${status.nearestExpiry < today ? '已过期' : '到期'}` : ''
    return `${item.name}：库存 ${amount(status.stock)}${unit}，${cover}${expiry}`
  }

  /** Tells the admins, once per item per day, when an item runs short or a batch is about to expire. */
  async alertIfNeeded(item: StockItem, now: Date): Promise<void> {
    const today = this.dateKey(now)
    const status = this.status(item, today)
    if (!status.lowCover && !status.expiringSoon) return
    const key = alertKey(item.name, today)
    if (await this.app.once.has(key)) return
    const reasons = [
      ...(status.lowCover ? [`可用天数低于 ${this.app.section.minDaysOfCover} 天`] : []),
      ...(status.expiringSoon ? [`有一批 ${this.app.section.expiryWarningDays} 天内到期`] : []),
    ]
    await this.app.once(key, now, () => this.app.notifyAdmins(`【库存预警】${this.line(item, status, today)}。${reasons.join('，')}，请及时补充或调配。`))
  }

  async checkAll(now: Date): Promise<void> {
    for (const item of await this.items()) await this.alertIfNeeded(item, now)
  }

  /** Items short of cover at the end of a span, for the upward report; nothing when no stock is kept. */
  async figures(_from: string, to: string): Promise<ReportFigure[]> {
    const items = await this.items()
    if (!items.length) return []
    const asOf = to < this.app.today() ? to : this.app.today()
    const short = items.filter((item) => this.status(item, asOf).lowCover).map((item) => item.name)
    const expiring = items.filter((item) => this.status(item, asOf).expiringSoon).map((item) => item.name)
    return [
      { label: `物资低于 ${this.app.section.minDaysOfCover} 天用量`, value: short.length ? `${short.length}（${short.join('、')}）` : 0 },
      { label: `${this.app.section.expiryWarningDays} 天内到期`, value: expiring.length ? `${expiring.length}（${expiring.join('、')}）` : 0 },
    ]
  }
}
