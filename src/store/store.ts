import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { healthDaySchema, storedReportSchema, type HealthDay } from '../domain/report.js'
import { createLogger } from '../log.js'
import type { Logger } from '../schedule/clock.js'
import { AuditLog } from './audit.js'
import { makePrivateDir, narrowToPrivate, removeInterruptedWrites } from './file-modes.js'
import { JsonDocument, journalFileOf, StoreError, wrapFailures, type DocumentContext, type Journal, type StoreOperation } from './json-document.js'

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/
const DAY_JOURNAL = /^(\d{4}-\d{2}-\d{2})\.journal\.jsonl$/
/** How many paths a start-up log line names; the count says how many there were. */
const NAMES_SHOWN = 5

/** `3 个文件：a、b、c`, naming the first few. */
const namesOf = (paths: readonly string[], noun: string): string =>
  `${paths.length} 个${noun}：${paths.slice(0, NAMES_SHOWN).join('、')}${paths.length > NAMES_SHOWN ? ' 等' : ''}`

/**
 * A day's changes while reports come in: a new report, reports whose confirmation or abnormal
 * alert went out, or reports withdrawn because the message that made them was recalled.
 */
export const healthDayEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('report'), report: storedReportSchema }),
  z.object({ kind: z.literal('confirmed'), ids: z.array(z.string()) }),
  z.object({ kind: z.literal('alerted'), ids: z.array(z.string()) }),
  z.object({ kind: z.literal('withdrawn'), ids: z.array(z.string()) }),
])
export type HealthDayEntry = z.infer<typeof healthDayEntrySchema>

const healthDayJournal: Journal<HealthDay, HealthDayEntry> = {
  entry: healthDayEntrySchema,
  apply(day, entry) {
    if (entry.kind === 'report') {
      day.reports.push(entry.report)
      return
    }
    const ids = new Set(entry.ids)
    const mark = entry.kind
    for (const report of day.reports) if (ids.has(report.id)) report[mark] = true
  },
}

export type HealthDayDocument = JsonDocument<HealthDay, HealthDayEntry>

/** A document the bot owns, declared so that `Store.open` validates it before the bot starts. */
export interface DocumentSpec<S extends z.ZodType = z.ZodType, E = never> {
  /** Path under the data directory, without `.json`. */
  name: string
  schema: S
  empty: () => z.output<S>
  journal?: Journal<z.output<S>, E>
}

export const defineDocument = <S extends z.ZodType>(name: string, schema: S, empty: () => z.output<S>): DocumentSpec<S> => ({ name, schema, empty })

export interface StoreOptions {
  /** Where replays report what they drop, and start-up reports narrowed file modes. Default: stderr, from info. */
  log?: Logger
  /** Every document the areas declare, opened and validated at start-up. */
  documents?: readonly DocumentSpec<z.ZodType, unknown>[]
  /** Today's date (YYYY-MM-DD): its health day file, journal and audit month are validated at start-up. */
  today?: string
}

/**
 * Everything on disk lives under one data directory, readable by the bot's account only.
 * Small state has a file each; health reports have one file per day, so a write's cost does
 * not grow with history, and reports are journaled as they come in, so it does not grow
 * with the day either. Every failure is a StoreError naming the file, and is also told to
 * the `onFailure` listeners: a store that cannot write must stop the bot, not be skipped.
 */
export class Store {
  private readonly documents = new Map<string, Promise<JsonDocument<unknown, unknown>>>()
  private readonly failureListeners = new Set<(error: StoreError) => void>()
  private readonly context: DocumentContext
  /** Who saw which health details, where (`audit/YYYY-MM.jsonl`). */
  readonly audit: AuditLog

  private constructor(
    readonly dir: string,
    log: Logger,
  ) {
    this.context = { log, onFailure: (error) => this.failureListeners.forEach((listener) => listener(error)) }
    this.audit = new AuditLog(path.join(dir, 'audit'), this.context)
  }

  /**
   * Opens the data directory: makes it private (narrowing what was wider, in one log line),
   * then opens and validates every declared document, and today's health day and audit
   * month when `today` is given, and every day a crash left a journal for. The first bad
   * file rejects with a StoreError naming it, and is left as it was.
   */
  static async open(dir: string, options: StoreOptions = {}): Promise<Store> {
    const log = options.log ?? createLogger('info')
    await wrapFailures(dir, 'read', () => makePrivateDir(dir))
    const interrupted = await wrapFailures(dir, 'write', () => removeInterruptedWrites(dir))
    if (interrupted.length > 0) log.warn(`数据目录 ${dir} 中有崩溃时没有写完的临时文件，其内容从未确认保存，已删除 ${namesOf(interrupted, '文件')} (temporary files of interrupted writes removed)`)
    const narrowed = await wrapFailures(dir, 'write', () => narrowToPrivate(dir))
    if (narrowed.length > 0) log.warn(`数据目录 ${dir} 中有其他账号可以读取的 ${namesOf(narrowed, '文件或目录')}，已改为仅本账号可读写 (narrowed to owner-only)`)
    const store = new Store(dir, log)
    const days = new Set(await store.daysWithJournal())
    if (options.today !== undefined) days.add(options.today)
    const results = await Promise.allSettled([
      ...(options.documents ?? []).map((spec) => store.open(spec)),
      ...[...days].map((day) => store.healthDay(day)),
      ...(options.today !== undefined ? [store.audit.checkMonthOf(options.today)] : []),
    ])
    const [first, ...others] = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []))
    if (first === undefined) return store
    for (const other of others) log.error(String(other instanceof Error ? other.message : other))
    throw first
  }

  /** Calls `listener` once for every store failure from now on; returns how to stop. */
  onFailure(listener: (error: StoreError) => void): () => void {
    this.failureListeners.add(listener)
    return () => this.failureListeners.delete(listener)
  }

  /** A named JSON document under the data directory, opened once and cached. */
  document<S extends z.ZodType, E = never>(
    name: string,
    schema: S,
    empty: () => z.output<S>,
    journal?: Journal<z.output<S>, E>,
  ): Promise<JsonDocument<z.output<S>, E>> {
    let document = this.documents.get(name)
    if (!document) {
      const file = path.join(this.dir, `${name}.json`)
      document = this.guard(file, 'read', () => JsonDocument.open(file, schema, empty, journal, this.context)) as Promise<JsonDocument<unknown, unknown>>
      this.documents.set(name, document)
      document.catch(() => this.documents.delete(name))
    }
    return document as Promise<JsonDocument<z.output<S>, E>>
  }

  /** The declared document, opened once and cached. */
  open<S extends z.ZodType, E = never>(spec: DocumentSpec<S, E>): Promise<JsonDocument<z.output<S>, E>> {
    return this.document(spec.name, spec.schema, spec.empty, spec.journal)
  }


  healthDay(dateKey: string): Promise<HealthDayDocument> {
    return this.document(`health/${dateKey}`, healthDaySchema, () => ({ date: dateKey, reports: [] }), healthDayJournal)
  }

  /** Dates that have a health file, oldest first, read from file names only. */
  healthDates(): Promise<string[]> {
    return this.healthFileDates(DAY_FILE)
  }

  /** Days whose journal was not folded into the day file: the bot stopped without a routine shutdown. */
  private daysWithJournal(): Promise<string[]> {
    return this.healthFileDates(DAY_JOURNAL)
  }

  private healthFileDates(pattern: RegExp): Promise<string[]> {
    const dir = path.join(this.dir, 'health')
    return this.guard(dir, 'read', async () => {
      let names: string[]
      try {
        names = await readdir(dir)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw error
      }
      return names.flatMap((name) => pattern.exec(name)?.[1] ?? []).sort()
    })
  }

  /** Deletes health files of days before `firstKeptDate`; returns the dates removed. */
  async purgeHealthBefore(firstKeptDate: string): Promise<string[]> {
    const expired = (await this.healthDates()).filter((date) => date < firstKeptDate)
    for (const date of expired) {
      const name = `health/${date}`
      const open = this.documents.get(name)
      if (open) await (await open).close()
      this.documents.delete(name)
      const file = path.join(this.dir, `${name}.json`)
      await this.guard(journalFileOf(file), 'write', () => rm(journalFileOf(file), { force: true }))
      await this.guard(file, 'write', () => rm(file, { force: true }))
    }
    return expired
  }

  /** Resolves once every change made so far is on disk, each document in its `.json` file alone (journals folded in). */
  async flush(): Promise<void> {
    const documents = await Promise.allSettled(this.documents.values())
    await Promise.all(documents.flatMap((result) => (result.status === 'fulfilled' ? [result.value.compact()] : [])))
  }

  private guard<V>(file: string, operation: StoreOperation, work: () => Promise<V>): Promise<V> {
    return wrapFailures(file, operation, work, this.context.onFailure)
  }
}
