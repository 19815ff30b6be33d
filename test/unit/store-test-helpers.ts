import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import type { Logger } from '../../src/schedule/clock.js'

/** Makes fresh temporary directories, removed after each test. */
export function useTempDirs(prefix: string): () => Promise<string> {
  const made: string[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  return async () => {
    const dir = await mkdtemp(path.join(tmpdir(), prefix))
    made.push(dir)
    return dir
  }
}

/** A logger that keeps the warnings and errors it is given. */
export function collectingLogger(): Logger & { warnings: string[]; errors: string[] } {
  const warnings: string[] = []
  const errors: string[] = []
  return {
    warnings,
    errors,
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => warnings.push(message),
    error: (message) => errors.push(message),
  }
}

/** The permission bits of a file or directory, as `stat` reports them. */
export const permissionsOf = (mode: number): number => mode & 0o777
