import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { healthDaySchema, type HealthDay } from '../domain/report.js'
import { JsonDocument } from './json-document.js'

const bindingsSchema = z.object({
  /** WeChat nickname → roster name. Nicknames survive re-login; WeChat ids do not. */
  byNickname: z.record(z.string(), z.string()),
})

const markersSchema = z.object({
  /** Keys of scheduled messages already sent (e.g. `remind:2026-02-03:上午`) → when. */
  sent: z.record(z.string(), z.string()),
})

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/

/**
 * Everything on disk lives under one data directory. Small state has a file each; health
 * reports have one file per day, so a write's cost does not grow with history.
 */
export class Store {
  private readonly documents = new Map<string, Promise<JsonDocument<unknown>>>()

  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<Store> {
    const store = new Store(dir)
    // Opening the small files at start-up reports a corrupt one before the bot logs in.
    await Promise.all([store.bindings(), store.markers()])
    return store
  }

  /** A named JSON document under the data directory, opened once and cached. */
  document<S extends z.ZodType>(name: string, schema: S, empty: () => z.output<S>): Promise<JsonDocument<z.output<S>>> {
    let document = this.documents.get(name)
    if (!document) {
      document = JsonDocument.open(path.join(this.dir, `${name}.json`), schema, empty) as Promise<JsonDocument<unknown>>
      this.documents.set(name, document)
      document.catch(() => this.documents.delete(name))
    }
    return document as Promise<JsonDocument<z.output<S>>>
  }

  bindings(): Promise<JsonDocument<z.output<typeof bindingsSchema>>> {
    return this.document('bindings', bindingsSchema, () => ({ byNickname: {} }))
  }

  markers(): Promise<JsonDocument<z.output<typeof markersSchema>>> {
    return this.document('markers', markersSchema, () => ({ sent: {} }))
  }

  healthDay(dateKey: string): Promise<JsonDocument<HealthDay>> {
    return this.document(`health/${dateKey}`, healthDaySchema, () => ({ date: dateKey, reports: [] }))
  }

  /** Dates that have a health file, oldest first, read from file names only. */
  async healthDates(): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(path.join(this.dir, 'health'))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    return names.flatMap((name) => DAY_FILE.exec(name)?.[1] ?? []).sort()
  }

  /** Deletes health files of days before `firstKeptDate`; returns the dates removed. */
  async purgeHealthBefore(firstKeptDate: string): Promise<string[]> {
    const expired = (await this.healthDates()).filter((date) => date < firstKeptDate)
    for (const date of expired) {
      const name = `health/${date}`
      const open = this.documents.get(name)
      if (open) await (await open).flushed()
      this.documents.delete(name)
      await rm(path.join(this.dir, `${name}.json`), { force: true })
    }
    return expired
  }

  /** Resolves once every change made so far is on disk. */
  async flush(): Promise<void> {
    const documents = await Promise.allSettled(this.documents.values())
    await Promise.all(documents.flatMap((result) => (result.status === 'fulfilled' ? [result.value.flushed()] : [])))
  }
}
