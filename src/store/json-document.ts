import { createHash } from 'node:crypto'
import { mkdir, open, readFile, rm, truncate, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { Low } from 'lowdb'
import { DataFile } from 'lowdb/node'
import { z } from 'zod'

export class StoreError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`数据文件 ${file} 无法使用，已停止以免覆盖 (data file unusable, left untouched): ${detail}`)
    this.name = 'StoreError'
  }
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

interface Loaded<T> {
  data: T
  /** Hash of the snapshot as on disk; undefined when there is none yet. */
  base: string | undefined
  /** Entries in the journal continuing that snapshot; undefined when there is no such journal. */
  journaled: number | undefined
}

/**
 * One lowdb JSON file (the snapshot), validated on load and written in coalesced batches:
 * every change made before a write starts is carried by that write, and its promise
 * resolves only once the bytes are on disk. `update` rewrites the snapshot (atomic rename by
 * lowdb's writer); `append` adds journal lines. A snapshot write folds the journal in: the
 * journal names the snapshot it continues, so one that a newer snapshot already covers (the
 * process died between the rename and the journal's removal) is recognised and dropped —
 * so a `.json` file is edited by hand only while the bot is stopped, when a routine stop has
 * folded its journal in. A journal line cut short by a crash was never acknowledged, and is
 * dropped too.
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
    private base: string | undefined,
    private journaled: number | undefined,
  ) {}

  static async open<S extends z.ZodType, E = never>(
    file: string,
    schema: S,
    empty: () => z.output<S>,
    journal?: Journal<z.output<S>, E>,
  ): Promise<JsonDocument<z.output<S>, E>> {
    await mkdir(path.dirname(file), { recursive: true })
    let document: JsonDocument<z.output<S>, E> | undefined
    // lowdb's writer renames a temporary file over the old one; the text is kept to hash it.
    const adapter = new DataFile<z.output<S>>(file, {
      parse: JSON.parse,
      stringify: (data) => {
        const text = JSON.stringify(data, null, 2)
        if (document) document.writtenText = text
        return text
      },
    })
    const loaded = await JsonDocument.load(file, schema, empty, journal)
    document = new JsonDocument(file, new Low(adapter, loaded.data), journal, loaded.base, loaded.journaled)
    return document
  }

  private static async load<S extends z.ZodType, E>(
    file: string,
    schema: S,
    empty: () => z.output<S>,
    journal: Journal<z.output<S>, E> | undefined,
  ): Promise<Loaded<z.output<S>>> {
    let text: string | undefined
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new StoreError(file, (error as Error).message)
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
    if (!journal || base === undefined) return { data, base, journaled: undefined }
    return { data, base, journaled: await JsonDocument.replay(journalFileOf(file), base, data, journal) }
  }

  /** Applies the journal continuing snapshot `base` to `data`; returns how many entries it held. */
  private static async replay<T, E>(journalFile: string, base: string, data: T, journal: Journal<T, E>): Promise<number | undefined> {
    let text: string
    try {
      text = await readFile(journalFile, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new StoreError(journalFile, (error as Error).message)
    }
    const complete = text.slice(0, text.lastIndexOf('\n') + 1)
    const [headerLine, ...lines] = complete.split('\n').slice(0, -1)
    const parseLine = <V>(line: string, lineNumber: number, lineSchema: z.ZodType<V>): V => {
      const where = `第 ${lineNumber} 行 (line ${lineNumber})`
      let raw: unknown
      try {
        raw = JSON.parse(line)
      } catch (error) {
        throw new StoreError(journalFile, `${where}: ${(error as Error).message}`)
      }
      const parsed = lineSchema.safeParse(raw)
      if (!parsed.success) throw new StoreError(journalFile, `${where}: ${firstIssue(parsed.error)}`)
      return parsed.data
    }
    if (headerLine === undefined || parseLine(headerLine, 1, journalHeaderSchema).base !== base) {
      // Cut short before its first line was complete, or superseded by a newer snapshot.
      await rm(journalFile, { force: true })
      return undefined
    }
    const entries = lines.map((line, index) => parseLine(line, index + 2, journal.entry))
    // Later lines are appended after the last complete one.
    if (complete.length < text.length) await truncate(journalFile, Buffer.byteLength(complete))
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
      throw error
    })
    return this.lastWrite
  }

  private async writeSnapshot(): Promise<void> {
    // lowdb serialises synchronously here, so later changes belong to the next write.
    await this.low.write()
    this.base = hashOf(this.writtenText)
    this.writtenText = ''
    if (this.journal) {
      // Also after a failed append, which may have left part of a line behind.
      this.journaled = undefined
      const handle = this.journalHandle
      this.journalHandle = undefined
      await handle?.close()
      await rm(journalFileOf(this.file), { force: true })
    }
  }

  private async appendLines(base: string, lines: readonly string[]): Promise<void> {
    const header = this.journaled === undefined ? [JSON.stringify({ base })] : []
    this.journalHandle ??= await open(journalFileOf(this.file), 'a')
    await this.journalHandle.appendFile(`${[...header, ...lines].join('\n')}\n`)
    this.journaled = (this.journaled ?? 0) + lines.length
  }
}
