import type { AppContext } from '../app/types.js'
import { confirmationText } from '../domain/health-text.js'
import type { StoredReport } from '../domain/report.js'
import { say, type Destination } from '../domain/types.js'

/** `batched`: one "已收到" per group every few minutes; `private`: each reporter privately; `off`: none. */
export type ConfirmMode = 'batched' | 'private' | 'off'

const destinationKey = (to: Destination): string => ('room' in to ? `room:${to.room}` : 'person' in to ? `person:${to.person}` : `contact:${to.contact}`)

/**
 * Confirmations of ordinary reports, gathered per destination for `batchSeconds` (WeChat
 * restricts accounts that send fast); a report is marked confirmed in its day's journal when
 * its confirmation is queued, and unconfirmed ones are confirmed again after a restart.
 */
export class Confirmations {
  private readonly batches = new Map<string, { to: Destination; items: { dateKey: string; id: string }[] }>()

  constructor(
    private readonly app: AppContext,
    private readonly mode: ConfirmMode,
    private readonly batchSeconds: number,
  ) {}

  /**
   * Where a confirmation goes: the group a report came from (batched mode), else its reporter
   * privately — the contact the report came from when there is one.
   */
  destinationOf(report: Pick<StoredReport, 'room' | 'reporter'>, sender?: Destination): Destination {
    if (this.mode === 'batched' && report.room) return { room: report.room }
    return sender ?? { person: report.reporter }
  }

  later(to: Destination, dateKey: string, reports: readonly StoredReport[]): void {
    if (this.mode === 'off' || !reports.length) return
    const key = destinationKey(to)
    let batch = this.batches.get(key)
    if (!batch) {
      batch = { to, items: [] }
      this.batches.set(key, batch)
      this.app.clock.setTimer(this.batchSeconds * 1000, () => this.send(key))
    }
    batch.items.push(...reports.map((report) => ({ dateKey, id: report.id })))
  }

  /** After a restart: today's reports whose confirmation had not gone out yet. */
  async catchUp(dateKey: string): Promise<void> {
    const unconfirmed = (await this.app.store.healthDay(dateKey)).data.reports.filter((report) => !report.confirmed && !report.withdrawn)
    for (const report of unconfirmed) this.later(this.destinationOf(report), dateKey, [report])
  }

  private async send(key: string): Promise<void> {
    const batch = this.batches.get(key)
    this.batches.delete(key)
    if (!batch) return
    const confirmed: StoredReport[] = []
    for (const dateKey of new Set(batch.items.map((item) => item.dateKey))) {
      const ids = new Set(batch.items.filter((item) => item.dateKey === dateKey).map((item) => item.id))
      const day = await this.app.store.healthDay(dateKey)
      // Reports deleted (/删除我的数据) or withdrawn (撤回) since are simply not confirmed.
      const reports = day.data.reports.filter((report) => ids.has(report.id) && !report.withdrawn)
      if (!reports.length) continue
      await day.append({ kind: 'confirmed', ids: reports.map((report) => report.id) })
      confirmed.push(...reports)
    }
    if (confirmed.length) this.app.deliver([say(batch.to, confirmationText(confirmed))])
  }
}
