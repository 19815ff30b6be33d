import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import type { z } from 'zod'

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
 * One lowdb JSON file, validated on load and written in coalesced batches: every
 * `update` made before a flush starts is carried by that flush, and its promise
 * resolves only once the bytes are on disk (atomic rename by lowdb's writer).
 */
export class JsonDocument<T> {
  private constructor(
    readonly file: string,
    private readonly low: Low<T>,
  ) {}

  private nextFlush: Promise<void> | undefined
  private lastWrite: Promise<void> = Promise.resolve()

  static async open<S extends z.ZodType>(file: string, schema: S, empty: () => z.output<S>): Promise<JsonDocument<z.output<S>>> {
    await mkdir(path.dirname(file), { recursive: true })
    // An explicit JSONFile adapter: JSONFilePreset silently keeps data in memory under NODE_ENV=test.
    const adapter = new JSONFile<unknown>(file)
    let raw: unknown
    try {
      raw = await adapter.read()
    } catch (error) {
      throw new StoreError(file, (error as Error).message)
    }
    let data: z.output<S>
    if (raw === null) {
      data = empty()
    } else {
      const parsed = schema.safeParse(raw)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw new StoreError(file, `${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim())
      }
      data = parsed.data
    }
    return new JsonDocument(file, new Low<z.output<S>>(adapter as unknown as JSONFile<z.output<S>>, data))
  }

  get data(): Readonly<T> {
    return this.low.data
  }

  /** Applies the change in memory at once; resolves when it is durably written. */
  update(change: (data: T) => void): Promise<void> {
    change(this.low.data)
    return this.flushSoon()
  }

  /** Resolves when everything updated so far is on disk. */
  flushed(): Promise<void> {
    return this.nextFlush ?? this.lastWrite
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
    // lowdb serialises synchronously here, so later updates belong to the next flush.
    this.lastWrite = this.low.write()
    return this.lastWrite
  }
}
