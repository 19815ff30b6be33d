import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * Everything the tests write to the temporary directory — data directories, and the
 * transform cache tsx keeps for the simulator processes some tests start — goes under one
 * directory of this run, removed when the run ends. Workers and child processes inherit it.
 */
export async function setup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'staff-bot-tests-'))
  process.env.TMPDIR = dir
  return () => rm(dir, { recursive: true, force: true })
}
