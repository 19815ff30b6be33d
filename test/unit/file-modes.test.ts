import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writePrivateFile } from '../../src/store/file-modes.js'
import { permissionsOf, useTempDirs } from './store-test-helpers.js'

const newDir = useTempDirs('file-modes-')

describe('writePrivateFile', () => {
  it('replaces a readable export with a private one and leaves no temporary file behind', async () => {
    const dir = await newDir()
    const file = path.join(dir, '健康日报-2026-02-03.xlsx')
    await writeFile(file, 'old', { mode: 0o644 })
    const previous = process.umask(0)
    try {
      await writePrivateFile(file, new Uint8Array([1, 2, 3]))
    } finally {
      process.umask(previous)
    }
    expect([...(await readFile(file))]).toEqual([1, 2, 3])
    expect(permissionsOf((await stat(file)).mode)).toBe(0o600)
    expect(await readdir(dir)).toEqual(['健康日报-2026-02-03.xlsx'])
  })

  it('fails without leaving a temporary file when the target cannot be replaced', async () => {
    const dir = await newDir()
    const file = path.join(dir, 'export.csv')
    await mkdir(file)
    await expect(writePrivateFile(file, 'a,b')).rejects.toThrow(/EISDIR/)
    expect(await readdir(dir)).toEqual(['export.csv'])
  })
})
