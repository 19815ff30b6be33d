import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { healthDaySchema, storedReportSchema, type HealthDay } from '../domain/report.js'
import { JsonDocument, journalFileOf, type Journal } from './json-document.js'

/** A named JSON document an area owns: its schema, and what it holds before anything is stored. */
export interface DocumentSpec<S extends z.ZodType> {
  name: string
  schema: S
  empty: () => z.output<S>
}

export const defineDocument = <S extends z.ZodType>(name: string, schema: S, empty: () => z.output<S>): DocumentSpec<S> => ({ name, schema, empty })

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/

/** A day's changes while reports come in: a new report, or reports whose confirmation went out. */
export const healthDayEntrySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('report'), report: storedReportSchema }),
  z.object({ kind: z.literal('confirmed'), ids: z.array(z.string()) }),
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
    for (const report of day.reports) if (ids.has(report.id)) report.confirmed = true
  },
}

export type HealthDayDocument = JsonDocument<HealthDay, HealthDayEntry>

/**
 * Everything on disk lives under one data directory. Small state has a file each; health
 * reports have one file per day, so a write's cost does not grow with history, and reports
 * are journaled as they come in, so it does not grow with the day either.
 */
export class Store {
  private readonly documents = new Map<string, Promise<JsonDocument<unknown, unknown>>>()

  private constructor(readonly dir: string) {}

  static async open(dir: string, documents: readonly DocumentSpec<any>[] = []): Promise<Store> {
    const store = new Store(dir)
    // Opening every declared document at start-up reports a corrupt one before the bot logs in.
    await Promise.all(documents.map((spec) => store.open(spec)))
    return store
  }

  /** A declared document, opened once and cached. */
  open<S extends z.ZodType>(spec: DocumentSpec<S>): Promise<JsonDocument<z.output<S>>> {
    return this.document(spec.name, spec.schema, spec.empty)
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
      document = JsonDocument.open(path.join(this.dir, `${name}.json`), schema, empty, journal) as Promise<JsonDocument<unknown, unknown>>
      this.documents.set(name, document)
      document.catch(() => this.documents.delete(name))
    }
    return document as Promise<JsonDocument<z.output<S>, E>>
  }

  healthDay(dateKey: string): Promise<HealthDayDocument> {
    return this.document(`health/${dateKey}`, healthDaySchema, () => ({ date: dateKey, reports: [] }), healthDayJournal)
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
      if (open) await (await open).close()
      this.documents.delete(name)
      const file = path.join(this.dir, `${name}.json`)
      await rm(journalFileOf(file), { force: true })
      await rm(file, { force: true })
    }
    return expired
  }

  /** Resolves once every change made so far is on disk, each document in its `.json` file alone (journals folded in). */
  async flush(): Promise<void> {
    const documents = await Promise.allSettled(this.documents.values())
    await Promise.all(documents.flatMap((result) => (result.status === 'fulfilled' ? [result.value.compact()] : [])))
  }
}
