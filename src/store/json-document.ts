import { createHash } from 'node:crypto'
import { open, readFile, rm, stat, truncate, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { Low, type Adapter } from 'lowdb'
import { z } from 'zod'
import type { Logger } from '../schedule/clock.js'
import { makePrivateDir, PRIVATE_FILE_MODE, writePrivateFile } from './file-modes.js'

/** Reading: found at start-up or when a document is first opened. Writing: a change that did not reach the disk. */
export type StoreOperation = 'read' | 'write'

export class StoreError extends Error {
  constructor(
    readonly file: string,
    detail: string,
    readonly operation: StoreOperation = 'read',
    options?: ErrorOptions,
  ) {
    super(
      operation === 'read'
        ? `数据文件 ${file} 无法使用，已停止以免覆盖 (data file unusable, left untouched): ${detail}`
        : `数据文件 ${file} 写入失败，改动没有保存 (data file could not be written, the change is not saved): ${detail}`,
      options,
    )
    this.name = 'StoreError'
  }

  static isStoreError(error: unknown): error is StoreError {
    return error instanceof StoreError
  }

  /** The error as a StoreError naming `file`, unless it already names one. */
  static wrap(file: string, error: unknown, operation: StoreOperation): StoreError {
    if (error instanceof StoreError) return error
    return new StoreError(file, error instanceof Error ? error.message : String(error), operation, { cause: error })
  }
}

/**
 * Runs one step of a store operation on `file`; any failure comes out as a StoreError naming
 * it, and `onFailure` (when given) is told of it.
 */
export async function wrapFailures<V>(
  file: string,
  operation: StoreOperation,
  work: () => Promise<V>,
  onFailure?: (error: StoreError) => void,
): Promise<V> {
  try {
    return await work()
  } catch (error) {
    const failure = StoreError.wrap(file, error, operation)
    onFailure?.(failure)
    throw failure
  }
}

/** What a document needs from the store around it. */
export interface DocumentContext {
  log: Logger
  /** Told once of every write that failed, besides the promise of each change it carried. */
  onFailure(error: StoreError): void
}

/**
 * Small changes to a large document, written as one line each to a journal beside it
 * instead of rewriting the whole file: recording a report costs the same with 5 or 5,000
 * reports already in the day.
 */
export interface Journal<T, E> {
  /** Validates a journal line when the document is read back. */
  entry: z.ZodType<E>
  /** Applies one entry to the data, in memory; replaying the journal applies them again in order. */
  apply(data: T, entry: E): void
}

/** `health/2026-02-03.json` → `health/2026-02-03.journal.jsonl`. */
export const journalFileOf = (file: string): string => file.replace(/\.json$/, '.journal.jsonl')

/** The journal's first line names, by content hash, the snapshot it continues. */
const journalHeaderSchema = z.object({ base: z.string() })

const hashOf = (text: string): string => createHash('sha1').update(text).digest('hex')

const firstIssue = (error: z.ZodError): string => {
  const issue = error.issues[0]
  return `${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim()
}

/** The whole lines of a file appended line by line, and what a crash left after them. */
export function splitLines(text: string): { lines: string[]; completeBytes: number; cutShortBytes: number } {
  const complete = text.slice(0, text.lastIndexOf('\n') + 1)
  const completeBytes = Buffer.byteLength(complete)
  return { lines: complete.split('\n').slice(0, -1), completeBytes, cutShortBytes: Buffer.byteLength(text) - completeBytes }
}

/** Line `lineNumber` (from 1) of `file`, validated; a bad one is a StoreError naming the file and line. */
export function parseLine<V>(file: string, lineNumber: number, line: string, schema: z.ZodType<V>): V {
  const where = `第 ${lineNumber} 行 (line ${lineNumber})`
  let raw: unknown
  try {
    raw = JSON.parse(line)
  } catch (error) {
    throw new StoreError(file, `${where}: ${(error as Error).message}`)
  }
  const parsed = schema.safeParse(raw)
  if (!parsed.success) throw new StoreError(file, `${where}: ${firstIssue(parsed.error)}`)
  return parsed.data
}

/**
 * A lowdb adapter that writes like lowdb's own (a temporary file renamed over the old one),
 * but creates that temporary file private (0600) and syncs it before the rename: lowdb's
 * writer takes no file mode and never syncs.
 */
class PrivateJsonFile<T> implements Adapter<T> {
  constructor(
    private readonly file: string,
    private readonly stringify: (data: T) => string,
  ) {}

  async read(): Promise<T | null> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as T
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  write(data: T): Promise<void> {
    // Serialised before returning: changes made while the bytes go out belong to the next write.
    return writePrivateFile(this.file, this.stringify(data))
  }
}

interface Loaded<T> {
  data: T
  /** Hash of the snapshot as on disk; undefined when there is none yet. */
  base: string | undefined
  /** Entries in the journal continuing that snapshot; undefined when there is no such journal. */
  journaled: number | undefined
}

const exists = async (file: string): Promise<boolean> => {
  try {
    await stat(file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw StoreError.wrap(file, error, 'read')
  }
}

/**
 * One lowdb JSON file (the snapshot), validated on load and written in coalesced batches:
 * every change made before a write starts is carried by that write, and its promise
 * resolves only once the bytes are on disk. `update` rewrites the snapshot (atomic rename);
 * `append` adds journal lines. A snapshot write folds the journal in: the journal names the
 * snapshot it continues, so one that a newer snapshot already covers (the process died
 * between the rename and the journal's removal) is recognised and dropped — so a `.json`
 * file is edited by hand only while the bot is stopped, when a routine stop has folded its
 * journal in. A journal line cut short by a crash was never acknowledged, and is dropped
 * too. Whatever is dropped is logged. Every file is created readable by the owner only.
 */
export class JsonDocument<T, E = never> {
  private nextFlush: Promise<void> | undefined
  private lastWrite: Promise<void> = Promise.resolve()
  private snapshotDue = false
  private pendingLines: string[] = []
  private writtenText = ''
  /** Kept open while journaling: opening the file for every append costs more than the write. */
  private journalHandle: FileHandle | undefined

  private constructor(
    readonly file: string,
    private readonly low: Low<T>,
    private readonly journal: Journal<T, E> | undefined,
    private readonly context: DocumentContext,
    private base: string | undefined,
    private journaled: number | undefined,
  ) {}

  static async open<S extends z.ZodType, E = never>(
    file: string,
    schema: S,
    empty: () => z.output<S>,
    journal: Journal<z.output<S>, E> | undefined,
    context: DocumentContext,
  ): Promise<JsonDocument<z.output<S>, E>> {
    const dir = path.dirname(file)
    await wrapFailures(dir, 'read', () => makePrivateDir(dir))
    let document: JsonDocument<z.output<S>, E> | undefined
    // The text is kept to hash it: the journal names the snapshot it continues.
    const adapter = new PrivateJsonFile<z.output<S>>(file, (data) => {
      const text = JSON.stringify(data, null, 2)
      if (document) document.writtenText = text
      return text
    })
    const loaded = await JsonDocument.load(file, schema, empty, journal, context.log)
    document = new JsonDocument(file, new Low(adapter, loaded.data), journal, context, loaded.base, loaded.journaled)
    return document
  }

  private static async load<S extends z.ZodType, E>(
    file: string,
    schema: S,
    empty: () => z.output<S>,
    journal: Journal<z.output<S>, E> | undefined,
    log: Logger,
  ): Promise<Loaded<z.output<S>>> {
    let text: string | undefined
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw StoreError.wrap(file, error, 'read')
    }
    let data: z.output<S> = empty()
    if (text !== undefined) {
      let raw: unknown
      try {
        raw = JSON.parse(text)
      } catch (error) {
        throw new StoreError(file, (error as Error).message)
      }
      const parsed = schema.safeParse(raw)
      if (!parsed.success) throw new StoreError(file, firstIssue(parsed.error))
      data = parsed.data
    }
    const base = text === undefined ? undefined : hashOf(text)
    if (!journal) return { data, base, journaled: undefined }
    const journalFile = journalFileOf(file)
    if (base === undefined) {
      // A journal is only ever started after its snapshot: without one its entries cannot be placed.
      if (await exists(journalFile)) throw new StoreError(journalFile, `没有对应的数据文件 ${file} (journal without its snapshot)`)
      return { data, base, journaled: undefined }
    }
    return { data, base, journaled: await JsonDocument.replay(journalFile, base, data, journal, log) }
  }

  /** Applies the journal continuing snapshot `base` to `data`; returns how many entries it held. */
  private static async replay<T, E>(journalFile: string, base: string, data: T, journal: Journal<T, E>, log: Logger): Promise<number | undefined> {
    let text: string
    try {
      text = await readFile(journalFile, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw StoreError.wrap(journalFile, error, 'read')
    }
    const { lines: [headerLine, ...lines], completeBytes, cutShortBytes } = splitLines(text)
    if (headerLine === undefined) {
      log.warn(`已丢弃 ${journalFile}：崩溃时第一行没有写完，${cutShortBytes} 字节 (journal cut short before its first line: discarded, ${cutShortBytes} bytes)`)
      await wrapFailures(journalFile, 'write', () => rm(journalFile, { force: true }))
      return undefined
    }
    if (parseLine(journalFile, 1, headerLine, journalHeaderSchema).base !== base) {
      const dropped = lines.length + (cutShortBytes > 0 ? 1 : 0)
      log.warn(`已丢弃 ${journalFile} 的 ${dropped} 行：更新的数据文件已包含它们 (journal superseded by a newer snapshot: ${dropped} lines discarded)`)
      await wrapFailures(journalFile, 'write', () => rm(journalFile, { force: true }))
      return undefined
    }
    const entries = lines.map((line, index) => parseLine(journalFile, index + 2, line, journal.entry))
    if (cutShortBytes > 0) {
      log.warn(`已丢弃 ${journalFile} 第 ${lines.length + 2} 行：崩溃时没有写完，从未确认保存，${cutShortBytes} 字节 (1 line cut short by a crash discarded, ${cutShortBytes} bytes)`)
      // Later lines are appended after the last complete one.
      await wrapFailures(journalFile, 'write', () => truncate(journalFile, completeBytes))
    }
    for (const entry of entries) journal.apply(data, entry)
    return entries.length
  }

  get data(): Readonly<T> {
    return this.low.data
  }

  /** Applies the change in memory at once; resolves when the whole document is durably written. */
  update(change: (data: T) => void): Promise<void> {
    change(this.low.data)
    this.snapshotDue = true
    return this.flushSoon()
  }

  /** Applies the entries in memory at once; resolves when they are durably journaled. */
  append(...entries: E[]): Promise<void> {
    if (!this.journal) throw new Error(`${this.file} has no journal`)
    for (const entry of entries) {
      this.journal.apply(this.low.data, entry)
      // Serialised now: what is journaled is the entry as it was appended.
      this.pendingLines.push(JSON.stringify(entry))
    }
    return this.flushSoon()
  }

  /** Resolves when everything changed so far is on disk. */
  flushed(): Promise<void> {
    return this.nextFlush ?? this.lastWrite
  }

  /** Folds the journal into the snapshot, so the `.json` file alone holds everything. */
  compact(): Promise<void> {
    if (this.journaled === undefined && this.pendingLines.length === 0) return this.flushed()
    this.snapshotDue = true
    return this.flushSoon()
  }

  /** Writes what is pending and lets go of the journal file; the document is not used after. */
  async close(): Promise<void> {
    try {
      await this.flushed()
    } finally {
      await this.journalHandle?.close()
      this.journalHandle = undefined
    }
  }

  private flushSoon(): Promise<void> {
    this.nextFlush ??= this.lastWrite.then(
      () => this.writeNow(),
      () => this.writeNow(),
    )
    return this.nextFlush
  }

  private writeNow(): Promise<void> {
    this.nextFlush = undefined
    const lines = this.pendingLines
    this.pendingLines = []
    // The first entries of a document with no snapshot yet get one: a day exists by its .json file.
    let write: Promise<void>
    if (this.snapshotDue || (lines.length > 0 && this.base === undefined)) {
      this.snapshotDue = false
      write = this.writeSnapshot()
    } else if (lines.length > 0 && this.base !== undefined) {
      write = this.appendLines(this.base, lines)
    } else {
      return this.lastWrite
    }
    this.lastWrite = write.catch((error: unknown) => {
      // The change is still in memory: the next write takes it to disk as a snapshot.
      this.snapshotDue = true
      const failure = StoreError.wrap(this.file, error, 'write')
      this.context.onFailure(failure)
      throw failure
    })
    return this.lastWrite
  }

  private async writeSnapshot(): Promise<void> {
    // Serialised synchronously by the adapter, so later changes belong to the next write.
    await wrapFailures(this.file, 'write', () => this.low.write())
    this.base = hashOf(this.writtenText)
    this.writtenText = ''
    if (this.journal) {
      // Also after a failed append, which may have left part of a line behind.
      this.journaled = undefined
      const handle = this.journalHandle
      this.journalHandle = undefined
      const journalFile = journalFileOf(this.file)
      await wrapFailures(journalFile, 'write', async () => {
        await handle?.close()
        await rm(journalFile, { force: true })
      })
    }
  }

  private async appendLines(base: string, lines: readonly string[]): Promise<void> {
    const journalFile = journalFileOf(this.file)
    await wrapFailures(journalFile, 'write', async () => {
      const header = this.journaled === undefined ? [JSON.stringify({ base })] : []
      this.journalHandle ??= await open(journalFile, 'a', PRIVATE_FILE_MODE)
      await this.journalHandle.appendFile(`${[...header, ...lines].join('\n')}\n`)
      this.journaled = (this.journaled ?? 0) + lines.length
    })
  }
}
