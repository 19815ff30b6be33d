import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { StoreError } from '../../src/store/json-document.js'
import { Store } from '../../src/store/store.js'

const newDir = () => mkdtemp(path.join(tmpdir(), 'store-'))

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
          data.reports.push({
            id: String(index),
            slot: '上午',
            at: '2026-02-03T00:00:00.000Z',
            reporter: `老师${index}`,
            late: false,
            abnormal: false,
            confirmed: false,
            subject: { kind: 'person', name: `老师${index}`, symptoms: [], hubei: false, quarantine: false, temperature: 36.5 },
          })
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
