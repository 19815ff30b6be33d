import { appendFile, copyFile, readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { StoredReport } from '../../src/domain/report.js'
import { StoreError } from '../../src/store/json-document.js'
import { Store } from '../../src/store/store.js'
import { useTempDirs } from './store-test-helpers.js'

/** A plain morning report by 老师N on 2026-02-03. */
const report = (index: number): StoredReport => ({
  id: `2026-02-03-${index}`,
  slot: '上午',
  at: '2026-02-03T00:00:00.000Z',
  reporter: `老师${index}`,
  late: false,
  abnormal: false,
  confirmed: false,
  subject: { kind: 'person', name: `老师${index}`, symptoms: [], hubei: false, quarantine: false, temperature: 36.5 },
})

const newDir = useTempDirs('store-')

describe('Store', () => {
  it('persists an update once its promise resolves, and a reopened store reads it back', async () => {
    const dir = await newDir()
    const store = await Store.open(dir)
    const bindings = await store.bindings()
    await bindings.update((data) => {
      data.byNickname['小吴'] = '吴强'
    })
    const onDisk = JSON.parse(await readFile(path.join(dir, 'bindings.json'), 'utf8'))
    expect(onDisk.byNickname).toEqual({ 小吴: '吴强' })
    const reopened = await Store.open(dir)
    expect((await reopened.bindings()).data.byNickname['小吴']).toBe('吴强')
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
    await expect(Store.open(dir)).rejects.toThrow(StoreError)
    await expect(Store.open(dir)).rejects.toThrow(/bindings\.json/)
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
