import { appendFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../src/store/audit.js'
import { StoreError } from '../../src/store/json-document.js'
import { Store } from '../../src/store/store.js'
import { collectingLogger, permissionsOf, useTempDirs } from './store-test-helpers.js'

const newDir = useTempDirs('audit-')

const access = (at: string, who: string, what: string, scope: AuditEntry['scope'] = {}): AuditEntry => ({
  at,
  who,
  what,
  scope,
  where: { room: '行政群' },
})

describe('access audit', () => {
  it('reads back the accesses of a date range, newest first, across months and by person', async () => {
    const store = await Store.open(await newDir())
    await store.audit.append(access('2026-01-31T23:50:00+08:00', '王芳', '明细', { slot: '上午' }))
    await store.audit.append(access('2026-02-01T08:00:00+08:00', '李娜', '导出', { from: '2026-01-25', to: '2026-01-31' }))
    await store.audit.append(access('2026-02-01T09:00:00+08:00', '王芳', '跟进', { person: '张伟' }))
    await store.audit.append(access('2026-02-03T09:00:00+08:00', '王芳', '明细'))
    const seen = await store.audit.read({ from: '2026-01-31', to: '2026-02-01' })
    expect(seen.map((entry) => [entry.at, entry.what])).toEqual([
      ['2026-02-01T09:00:00+08:00', '跟进'],
      ['2026-02-01T08:00:00+08:00', '导出'],
      ['2026-01-31T23:50:00+08:00', '明细'],
    ])
    expect((await store.audit.read({ from: '2026-01-01', to: '2026-02-28', who: '王芳' })).map((entry) => entry.what)).toEqual(['明细', '跟进', '明细'])
  })

  it('files a line by the school’s date, not the UTC one', async () => {
    const dir = await newDir()
    const store = await Store.open(dir)
    await store.audit.append(access('2026-02-01T07:30:00+08:00', '王芳', '健康日报'))
    expect(await readdir(path.join(dir, 'audit'))).toEqual(['2026-02.jsonl'])
  })

  it('writes one JSON line per access, in a private file in a private directory', async () => {
    const dir = await newDir()
    const previous = process.umask(0)
    try {
      const store = await Store.open(dir)
      await store.audit.append(access('2026-02-03T08:00:00+08:00', '王芳', '我的', { person: '王芳' }))
      await store.audit.append({ ...access('2026-02-03T08:01:00+08:00', '李娜', '异常提醒'), where: { person: '李娜' } })
    } finally {
      process.umask(previous)
    }
    const file = path.join(dir, 'audit', '2026-02.jsonl')
    expect(permissionsOf((await stat(path.join(dir, 'audit'))).mode)).toBe(0o700)
    expect(permissionsOf((await stat(file)).mode)).toBe(0o600)
    const lines = (await readFile(file, 'utf8')).trim().split('\n')
    expect(lines.map((line) => JSON.parse(line).who)).toEqual(['王芳', '李娜'])
  })

  it('creates the audit directory for the first line of the month a fresh store checked at start-up', async () => {
    const dir = await newDir()
    const store = await Store.open(dir, { today: '2026-02-03' })
    await store.audit.append(access('2026-02-03T08:00:00+08:00', '王芳', '明细'))
    expect(permissionsOf((await stat(path.join(dir, 'audit'))).mode)).toBe(0o700)
    expect((await store.audit.read({ from: '2026-02-03', to: '2026-02-03' })).map((entry) => entry.who)).toEqual(['王芳'])
  })

  it('has no place for a health value: extra fields and numbers are refused', async () => {
    const store = await Store.open(await newDir())
    const withTemperature = { ...access('2026-02-03T08:00:00+08:00', '王芳', '明细'), temperature: 38.5 }
    await expect(store.audit.append(withTemperature)).rejects.toThrow()
    await expect(store.audit.append(access('2026-02-03T08:00:00+08:00', '王芳', '明细', { temperature: 38.5 } as unknown as AuditEntry['scope']))).rejects.toThrow()
    expect(await store.audit.read({ from: '2026-02-01', to: '2026-02-28' })).toEqual([])
  })

  it('deletes a month file only once every one of its days is past retention', async () => {
    const dir = await newDir()
    const store = await Store.open(dir)
    for (const at of ['2025-01-31T10:00:00+08:00', '2025-02-01T10:00:00+08:00', '2025-03-01T10:00:00+08:00']) await store.audit.append(access(at, '王芳', '明细'))
    expect(await store.audit.purgeBefore('2025-02-15')).toEqual(['2025-01'])
    expect(await readdir(path.join(dir, 'audit'))).toEqual(['2025-02.jsonl', '2025-03.jsonl'])
  })

  it('drops a line a crash cut short at start-up, logs it, and appends the next one on a line of its own', async () => {
    const dir = await newDir()
    await (await Store.open(dir)).audit.append(access('2026-02-03T08:00:00+08:00', '王芳', '明细'))
    const file = path.join(dir, 'audit', '2026-02.jsonl')
    await appendFile(file, '{"at":"2026-02-03T08:0')
    const log = collectingLogger()
    const store = await Store.open(dir, { log, today: '2026-02-03' })
    expect(log.warnings).toEqual([expect.stringMatching(/audit\/2026-02\.jsonl.*22 字节/)])
    await store.audit.append(access('2026-02-03T09:00:00+08:00', '李娜', '导出'))
    expect((await store.audit.read({ from: '2026-02-03', to: '2026-02-03' })).map((entry) => entry.who)).toEqual(['李娜', '王芳'])
  })

  it('refuses to start on a damaged line in this month’s audit file, naming the file and line', async () => {
    const dir = await newDir()
    await mkdir(path.join(dir, 'audit'))
    await writeFile(path.join(dir, 'audit', '2026-02.jsonl'), '{"at": 1}\n')
    await expect(Store.open(dir, { today: '2026-02-03' })).rejects.toThrow(/audit\/2026-02\.jsonl[\s\S]*第 1 行/)
  })

  it('rejects an access that cannot be recorded with a StoreError, told once to the listeners', async () => {
    const dir = await newDir()
    const store = await Store.open(dir)
    const failures: StoreError[] = []
    store.onFailure((error) => failures.push(error))
    await writeFile(path.join(dir, 'audit'), '')
    await expect(store.audit.append(access('2026-02-03T08:00:00+08:00', '王芳', '明细'))).rejects.toThrow(StoreError)
    expect(failures.map((error) => [error.file, error.operation])).toEqual([[path.join(dir, 'audit', '2026-02.jsonl'), 'write']])
  })
})
