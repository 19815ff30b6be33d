import { appendFile, chmod, copyFile, readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { StoredReport } from '../../src/domain/report.js'
import { StoreError } from '../../src/store/json-document.js'
import { Store, type DocumentSpec } from '../../src/store/store.js'
import { bindingsDocument } from '../../src/app/bindings.js'
import { collectingLogger, permissionsOf, useTempDirs } from './store-test-helpers.js'

/** A plain morning report by 老师N on 2026-02-03. */
const report = (index: number): StoredReport => ({
  id: `2026-02-03-${index}`,
  slot: '上午',
  at: '2026-02-03T00:00:00.000Z',
  reporter: `老师${index}`,
  late: false,
  abnormal: false,
  confirmed: false,
  subject: { kind: 'person', name: `老师${index}`, symptoms: [], flags: [], temperature: 36.5 },
})

const newDir = useTempDirs('store-')

describe('Store', () => {
  it('persists an update once its promise resolves, and a reopened store reads it back', async () => {
    const dir = await newDir()
    const store = await Store.open(dir)
    const bindings = await store.open(bindingsDocument)
    await bindings.update((data) => {
      data.byNickname['小吴'] = '吴强'
    })
    const onDisk = JSON.parse(await readFile(path.join(dir, 'bindings.json'), 'utf8'))
    expect(onDisk.byNickname).toEqual({ 小吴: '吴强' })
    const reopened = await Store.open(dir)
    expect((await reopened.open(bindingsDocument)).data.byNickname['小吴']).toBe('吴强')
  })

  it('carries many concurrent updates in few writes and loses none', async () => {
    const dir = await newDir()
    const store = await Store.open(dir)
    const day = await store.healthDay('2026-02-03')
    await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        day.update((data) => {
          data.reports.push(report(index))
        }),
      ),
    )
    const onDisk = JSON.parse(await readFile(path.join(dir, 'health', '2026-02-03.json'), 'utf8'))
    expect(onDisk.reports).toHaveLength(200)
    expect(await store.healthDates()).toEqual(['2026-02-03'])
  })

  it('refuses a corrupt file, names it, and leaves it untouched', async () => {
    const dir = await newDir()
    await writeFile(path.join(dir, 'bindings.json'), '{"byNickname": ')
    await expect(Store.open(dir, { documents: [bindingsDocument] })).rejects.toThrow(StoreError)
    await expect(Store.open(dir, { documents: [bindingsDocument] })).rejects.toThrow(/bindings\.json/)
    expect(await readFile(path.join(dir, 'bindings.json'), 'utf8')).toBe('{"byNickname": ')
  })

  it('refuses a file whose content does not match its schema', async () => {
    const dir = await newDir()
    await mkdir(path.join(dir, 'health'))
    await writeFile(path.join(dir, 'health', '2026-02-03.json'), JSON.stringify({ date: '2026-02-03', reports: [{ id: 1 }] }))
    const store = await Store.open(dir)
    await expect(store.healthDay('2026-02-03')).rejects.toThrow(/2026-02-03\.json/)
  })

  it('purges health files older than the first kept date, by name only', async () => {
    const dir = await newDir()
    const store = await Store.open(dir)
    for (const date of ['2026-01-01', '2026-01-02', '2026-03-01']) await (await store.healthDay(date)).update(() => undefined)
    expect(await store.purgeHealthBefore('2026-01-02')).toEqual(['2026-01-01'])
    expect(await store.healthDates()).toEqual(['2026-01-02', '2026-03-01'])
  })
})

describe('journaled health days', () => {
  const DAY = '2026-02-03'
  const dayFile = (dir: string) => path.join(dir, 'health', `${DAY}.json`)
  const journalFile = (dir: string) => path.join(dir, 'health', `${DAY}.journal.jsonl`)
  const idsIn = async (dir: string) => (await (await Store.open(dir)).healthDay(DAY)).data.reports.map((r) => r.id)

  /** The first report creates the day file; the next ones only add journal lines. The files are left as a crash leaves them. */
  async function crashedAfterThreeReports(): Promise<string> {
    const dir = await newDir()
    const day = await (await Store.open(dir)).healthDay(DAY)
    await day.append({ kind: 'report', report: report(1) })
    await Promise.all([day.append({ kind: 'report', report: report(2) }), day.append({ kind: 'report', report: report(3) })])
    await day.append({ kind: 'confirmed', ids: [`${DAY}-2`] })
    // Lets go of the journal without folding it in, as a crash would.
    await day.close()
    return dir
  }

  it('journals reports instead of rewriting the day file, and a store opened after a crash reads both', async () => {
    const dir = await crashedAfterThreeReports()
    expect(JSON.parse(await readFile(dayFile(dir), 'utf8')).reports).toHaveLength(1)
    expect((await readFile(journalFile(dir), 'utf8')).trim().split('\n')).toHaveLength(4)
    const reopened = (await (await Store.open(dir)).healthDay(DAY)).data.reports
    expect(reopened.map((r) => [r.id, r.confirmed])).toEqual([
      [`${DAY}-1`, false],
      [`${DAY}-2`, true],
      [`${DAY}-3`, false],
    ])
  })

  it('drops a journal line cut short by a crash and appends after the last whole line', async () => {
    const dir = await crashedAfterThreeReports()
    await appendFile(journalFile(dir), '{"kind":"report","report":{"id":"2026-')
    const day = await (await Store.open(dir)).healthDay(DAY)
    expect(day.data.reports).toHaveLength(3)
    await day.append({ kind: 'report', report: report(4) })
    await day.close()
    expect(await idsIn(dir)).toEqual([1, 2, 3, 4].map((index) => `${DAY}-${index}`))
  })

  it('ignores a journal that a newer day file already contains (a crash between writing the file and removing the journal)', async () => {
    const dir = await crashedAfterThreeReports()
    await copyFile(journalFile(dir), `${journalFile(dir)}.saved`)
    const store = await Store.open(dir)
    await (await store.healthDay(DAY)).update((data) => {
      data.reports = data.reports.filter((r) => r.id !== `${DAY}-3`)
    })
    await copyFile(`${journalFile(dir)}.saved`, journalFile(dir))
    expect(await idsIn(dir)).toEqual([`${DAY}-1`, `${DAY}-2`])
  })

  it('refuses to start on a journal a crash left whose middle line is damaged, naming the file and line', async () => {
    const dir = await crashedAfterThreeReports()
    const lines = (await readFile(journalFile(dir), 'utf8')).split('\n')
    lines[2] = '{"kind":"report","report":{"id":3}}'
    const damaged = lines.join('\n')
    await writeFile(journalFile(dir), damaged)
    await expect(Store.open(dir)).rejects.toThrow(/2026-02-03\.journal\.jsonl[\s\S]*第 3 行/)
    expect(await readFile(journalFile(dir), 'utf8')).toBe(damaged)
  })

  it('folds the journal into the day file on flush (a routine shutdown)', async () => {
    const dir = await crashedAfterThreeReports()
    const store = await Store.open(dir)
    await store.healthDay(DAY)
    await store.flush()
    expect(JSON.parse(await readFile(dayFile(dir), 'utf8')).reports).toHaveLength(3)
    await expect(readFile(journalFile(dir), 'utf8')).rejects.toThrow(/ENOENT/)
  })
})

describe('start-up checks', () => {
  const leavesSchema = z.object({ nextId: z.number(), leaves: z.array(z.string()) })
  const leaves: DocumentSpec<typeof leavesSchema> = { name: 'leaves', schema: leavesSchema, empty: () => ({ nextId: 1, leaves: [] }) }

  it('opens every declared document at start-up and refuses a bad one, naming it and leaving it untouched', async () => {
    const dir = await newDir()
    await writeFile(path.join(dir, 'leaves.json'), '{"nextId": "one", "leaves": []}')
    await expect(Store.open(dir, { documents: [leaves] })).rejects.toThrow(/leaves\.json[\s\S]*nextId/)
    expect(await readFile(path.join(dir, 'leaves.json'), 'utf8')).toBe('{"nextId": "one", "leaves": []}')
  })

  it('hands out a declared document already opened and validated', async () => {
    const dir = await newDir()
    await writeFile(path.join(dir, 'leaves.json'), '{"nextId": 4, "leaves": ["a"]}')
    const store = await Store.open(dir, { documents: [leaves] })
    expect((await store.open(leaves)).data).toEqual({ nextId: 4, leaves: ['a'] })
  })

  it("refuses to start on a damaged day file for today, and not for a day it does not touch", async () => {
    const dir = await newDir()
    await mkdir(path.join(dir, 'health'))
    await writeFile(path.join(dir, 'health', '2026-02-03.json'), '{"date": "2026-02-03", "reports": [{"id": 1}]}')
    await expect(Store.open(dir, { today: '2026-02-03' })).rejects.toThrow(/health\/2026-02-03\.json/)
    await expect(Store.open(dir, { today: '2026-02-04' })).resolves.toBeInstanceOf(Store)
  })

  it('refuses a journal whose day file is missing, since its entries cannot be placed', async () => {
    const dir = await newDir()
    await mkdir(path.join(dir, 'health'))
    const journal = path.join(dir, 'health', '2026-02-03.journal.jsonl')
    await writeFile(journal, '{"base":"abc"}\n')
    await expect(Store.open(dir)).rejects.toThrow(/2026-02-03\.journal\.jsonl/)
    expect(await readFile(journal, 'utf8')).toBe('{"base":"abc"}\n')
  })
})

describe('failures while running', () => {
  const DAY = '2026-02-03'
  const dayFile = (dir: string) => path.join(dir, 'health', `${DAY}.json`)
  const journalFile = (dir: string) => path.join(dir, 'health', `${DAY}.journal.jsonl`)
  const reportEntry = (index: number) => ({ kind: 'report' as const, report: report(index) })

  /** A store whose first report for DAY is on disk, with its failures collected. */
  async function runningStore() {
    const dir = await newDir()
    const store = await Store.open(dir)
    const failures: StoreError[] = []
    store.onFailure((error) => failures.push(error))
    const day = await store.healthDay(DAY)
    await day.append(reportEntry(1))
    return { dir, store, day, failures }
  }

  // Tests run as root in CI, where a read-only directory does not stop writes: a directory
  // standing where a file must go fails for every user.
  it('rejects a report whose journal line cannot be written with a StoreError naming the journal, reported once', async () => {
    const { dir, day, failures } = await runningStore()
    await mkdir(journalFile(dir))
    const appends = [day.append(reportEntry(2)), day.append(reportEntry(3))]
    for (const append of appends) await expect(append).rejects.toSatisfy((error) => StoreError.isStoreError(error) && error.operation === 'write')
    await expect(appends[0]).rejects.toThrow(/2026-02-03\.journal\.jsonl[\s\S]*EISDIR/)
    expect(failures).toHaveLength(1)
    expect(failures[0]?.file).toBe(journalFile(dir))
  })

  it('rejects a change whose day file cannot be replaced, naming it; the change reaches the disk with the next write that can', async () => {
    const { dir, day, failures } = await runningStore()
    await rm(dayFile(dir))
    await mkdir(dayFile(dir))
    await expect(day.update((data) => void data.reports.push(report(2)))).rejects.toThrow(/2026-02-03\.json/)
    expect(failures.map((error) => error.file)).toEqual([dayFile(dir)])
    await rm(dayFile(dir), { recursive: true })
    await day.append(reportEntry(3))
    const onDisk = JSON.parse(await readFile(dayFile(dir), 'utf8'))
    expect(onDisk.reports.map((r: StoredReport) => r.id)).toEqual([1, 2, 3].map((index) => `${DAY}-${index}`))
  })

  it('reports a day that cannot be opened while running (its directory is a file)', async () => {
    const dir = await newDir()
    const store = await Store.open(dir)
    const failures: StoreError[] = []
    const stop = store.onFailure((error) => failures.push(error))
    await writeFile(path.join(dir, 'health'), '')
    await expect(store.healthDay(DAY)).rejects.toThrow(StoreError)
    expect(failures.map((error) => error.file)).toEqual([path.join(dir, 'health')])
    stop()
    await expect(store.healthDay('2026-02-04')).rejects.toThrow(StoreError)
    expect(failures).toHaveLength(1)
  })

  it.skipIf(process.getuid?.() === 0)('rejects a report when health/ is read-only (not as root, who may write anyway)', async () => {
    const { dir, store, failures } = await runningStore()
    await chmod(path.join(dir, 'health'), 0o500)
    try {
      const nextDay = await store.healthDay('2026-02-04')
      await expect(nextDay.append(reportEntry(2))).rejects.toThrow(/2026-02-04\.json[\s\S]*EACCES/)
      expect(failures).toHaveLength(1)
    } finally {
      await chmod(path.join(dir, 'health'), 0o700)
    }
  })
})

describe('replay drops nothing silently', () => {
  const DAY = '2026-02-03'
  const journalFile = (dir: string) => path.join(dir, 'health', `${DAY}.journal.jsonl`)

  async function dayWithJournal(): Promise<string> {
    const dir = await newDir()
    const day = await (await Store.open(dir)).healthDay(DAY)
    await day.append({ kind: 'report', report: report(1) })
    await day.append({ kind: 'report', report: report(2) }, { kind: 'report', report: report(3) })
    await day.close()
    return dir
  }

  it('logs a line cut short by a crash with its path', async () => {
    const dir = await dayWithJournal()
    await appendFile(journalFile(dir), '{"kind":"rep')
    const log = collectingLogger()
    await Store.open(dir, { log })
    expect(log.warnings).toEqual([expect.stringMatching(/2026-02-03\.journal\.jsonl.*第 4 行.*12 字节/)])
  })

  it('logs a journal superseded by a newer day file, with its path and how many lines', async () => {
    const dir = await dayWithJournal()
    await copyFile(journalFile(dir), `${journalFile(dir)}.saved`)
    await (await Store.open(dir)).flush()
    await copyFile(`${journalFile(dir)}.saved`, journalFile(dir))
    const log = collectingLogger()
    await Store.open(dir, { log })
    expect(log.warnings).toEqual([expect.stringMatching(/2026-02-03\.journal\.jsonl 的 2 行/)])
    await expect(stat(journalFile(dir))).rejects.toThrow(/ENOENT/)
  })

  it('logs a journal cut short before its first line', async () => {
    const dir = await dayWithJournal()
    await writeFile(journalFile(dir), '{"ba')
    const log = collectingLogger()
    await Store.open(dir, { log })
    expect(log.warnings).toEqual([expect.stringMatching(/2026-02-03\.journal\.jsonl.*第一行/)])
  })
})

describe('private files', () => {
  const modesUnder = async (dir: string): Promise<Record<string, number>> => {
    const modes: Record<string, number> = { '.': permissionsOf((await stat(dir)).mode) }
    for (const entry of await readdir(dir, { recursive: true })) modes[entry] = permissionsOf((await stat(path.join(dir, entry))).mode)
    return modes
  }

  it('creates the data directory 0700 and every file 0600, whatever the umask lets through', async () => {
    const dir = path.join(await newDir(), 'data')
    const previous = process.umask(0)
    try {
      const store = await Store.open(dir)
      await (await store.open(bindingsDocument)).update((data) => void (data.byNickname['小吴'] = '吴强'))
      const day = await store.healthDay('2026-02-03')
      await day.append({ kind: 'report', report: report(1) })
      await day.append({ kind: 'report', report: report(2) })
      expect(await modesUnder(dir)).toEqual({
        '.': 0o700,
        'bindings.json': 0o600,
        health: 0o700,
        'health/2026-02-03.json': 0o600,
        'health/2026-02-03.journal.jsonl': 0o600,
      })
    } finally {
      process.umask(previous)
    }
  })

  it('narrows wider modes at start-up in one log line naming them, and says nothing once they are private', async () => {
    const dir = await newDir()
    await mkdir(path.join(dir, 'health'), { mode: 0o755 })
    await writeFile(path.join(dir, 'bindings.json'), '{"byNickname": {}}', { mode: 0o644 })
    await writeFile(path.join(dir, 'health', '2026-02-03.json'), '{"date": "2026-02-03", "reports": []}', { mode: 0o640 })
    await chmod(dir, 0o755)
    const log = collectingLogger()
    await Store.open(dir, { log })
    expect(log.warnings).toEqual([expect.stringMatching(/4 个.*bindings\.json/)])
    expect(Object.values(await modesUnder(dir)).every((mode) => mode === 0o600 || mode === 0o700)).toBe(true)
    const again = collectingLogger()
    await Store.open(dir, { log: again })
    expect(again.warnings).toEqual([])
  })
  it('removes the temporary files of writes a crash interrupted, in one log line', async () => {
    const dir = await newDir()
    await mkdir(path.join(dir, 'health'), { mode: 0o700 })
    await writeFile(path.join(dir, '.bindings.json.tmp'), '{"byNick', { mode: 0o600 })
    await writeFile(path.join(dir, 'health', '.2026-02-03.json.0a1b2c3d4e5f.tmp'), '{"date"', { mode: 0o600 })
    const log = collectingLogger()
    await Store.open(dir, { log })
    expect(log.warnings).toEqual([expect.stringMatching(/已删除 2 个文件：.*\.bindings\.json\.tmp/)])
    expect(await readdir(dir, { recursive: true })).toEqual(['health'])
  })
})
