import { open, readdir, readFile, rm, truncate } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { makePrivateDir, PRIVATE_FILE_MODE, syncDirectory } from './file-modes.js'
import { parseLine, splitLines, wrapFailures, type DocumentContext, type StoreOperation } from './json-document.js'

/**
 * One access to health details: who saw what, and where it went. Never the health values
 * themselves: the record of a look outlives the data looked at. Scope values are text only
 * (names, slots, dates) and no other field is accepted, so a temperature has nowhere to go.
 */
export const auditEntrySchema = z
  .object({
    /** The school's local time with its offset (2026-02-03T08:15:00+08:00): files and days follow the school's calendar. */
    at: z.iso.datetime({ offset: true }),
    /** Roster name, or the WeChat display name of someone not on the roster. */
    who: z.string().min(1),
    /** The command or event: '明细', '导出', '跟进', '我的', '异常提醒', '健康日报' … */
    what: z.string().min(1),
    /** What was asked for: slot, from/to dates, person … */
    scope: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    where: z.union([z.object({ room: z.string() }).strict(), z.object({ person: z.string() }).strict()]),
  })
  .strict()
export type AuditEntry = z.infer<typeof auditEntrySchema>

export interface AuditQuery {
  /** First and last day (YYYY-MM-DD, both included), in the school's calendar. */
  from: string
  to: string
  who?: string
}

const MONTH_FILE = /^(\d{4}-\d{2})\.jsonl$/

const dayOf = (entry: AuditEntry): string => entry.at.slice(0, 10)
const monthOf = (dateKey: string): string => dateKey.slice(0, 7)

interface MonthRead {
  entries: AuditEntry[]
  /** Bytes after the last complete line: a line a crash cut short, never acknowledged. */
  cutShortBytes: number
  /** Byte length of the complete lines. */
  completeBytes: number
}

/**
 * The access audit: `audit/YYYY-MM.jsonl`, one JSON line per access, appended and never
 * edited; whole month files are deleted once all their days are past retention.
 */
export class AuditLog {
  /** Appends go one at a time, so a line is never written into the middle of another. */
  private queue: Promise<void> = Promise.resolve()
  /** Month files whose end was checked for a cut-short line in this run. */
  private readonly checkedMonths = new Set<string>()
  /** Month files appended to in this run: their directory and name are known to be on disk. */
  private readonly writtenMonths = new Set<string>()

  constructor(
    readonly dir: string,
    private readonly context: DocumentContext,
  ) {}

  fileOf(month: string): string {
    return path.join(this.dir, `${month}.jsonl`)
  }

  /** Resolves once the line is durably on disk. */
  async append(entry: AuditEntry): Promise<void> {
    const line = `${JSON.stringify(auditEntrySchema.parse(entry))}\n`
    const month = monthOf(dayOf(entry))
    const appended = this.queue.then(() => this.guard(this.fileOf(month), 'write', () => this.appendLine(month, line)))
    this.queue = appended.catch(() => undefined)
    await appended
  }

  /** Accesses from `from` to `to` (by `who` when given), newest first. */
  async read(query: AuditQuery): Promise<AuditEntry[]> {
    const months = (await this.months()).filter((month) => month >= monthOf(query.from) && month <= monthOf(query.to))
    const entries: AuditEntry[] = []
    for (const month of months) {
      const read = await this.guard(this.fileOf(month), 'read', () => this.readMonth(month))
      entries.push(...read.entries)
    }
    return entries
      .filter((entry) => dayOf(entry) >= query.from && dayOf(entry) <= query.to && (query.who === undefined || entry.who === query.who))
      .reverse()
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
  }

  /** Deletes month files whose every day is before `firstKeptDate`; returns the months removed. */
  async purgeBefore(firstKeptDate: string): Promise<string[]> {
    const expired = (await this.months()).filter((month) => month < monthOf(firstKeptDate))
    for (const month of expired) await this.guard(this.fileOf(month), 'write', () => rm(this.fileOf(month), { force: true }))
    return expired
  }

  /** Validates the month file of `dateKey` (at start-up), dropping a last line a crash cut short. */
  async checkMonthOf(dateKey: string): Promise<void> {
    const month = monthOf(dateKey)
    await this.queue
    await wrapFailures(this.fileOf(month), 'read', () => this.dropCutShortLine(month))
  }

  private async appendLine(month: string, line: string): Promise<void> {
    if (!this.checkedMonths.has(month)) await this.dropCutShortLine(month)
    // Checked at start-up is not written: the directory may not exist yet.
    const firstWrite = !this.writtenMonths.has(month)
    if (firstWrite) await makePrivateDir(this.dir)
    const handle = await open(this.fileOf(month), 'a', PRIVATE_FILE_MODE)
    try {
      await handle.appendFile(line)
      await handle.sync()
    } finally {
      await handle.close()
    }
    if (firstWrite) {
      // The month's file may be new: its name must survive a power cut too.
      await syncDirectory(this.dir)
      this.writtenMonths.add(month)
    }
  }

  private async dropCutShortLine(month: string): Promise<void> {
    const file = this.fileOf(month)
    const { cutShortBytes, completeBytes } = await this.readMonth(month)
    if (cutShortBytes > 0) {
      this.context.log.warn(`已丢弃 ${file} 最后一行：崩溃时没有写完，${cutShortBytes} 字节 (1 audit line cut short by a crash discarded)`)
      await truncate(file, completeBytes)
    }
    this.checkedMonths.add(month)
  }

  private async readMonth(month: string): Promise<MonthRead> {
    const file = this.fileOf(month)
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], cutShortBytes: 0, completeBytes: 0 }
      throw error
    }
    const { lines, completeBytes, cutShortBytes } = splitLines(text)
    return { entries: lines.map((line, index) => parseLine(file, index + 1, line, auditEntrySchema)), cutShortBytes, completeBytes }
  }

  private months(): Promise<string[]> {
    return this.guard(this.dir, 'read', async () => {
      let names: string[]
      try {
        names = await readdir(this.dir)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw error
      }
      return names.flatMap((name) => MONTH_FILE.exec(name)?.[1] ?? []).sort()
    })
  }

  private guard<V>(file: string, operation: StoreOperation, work: () => Promise<V>): Promise<V> {
    return wrapFailures(file, operation, work, this.context.onFailure)
  }
}
