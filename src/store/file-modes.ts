import { randomBytes } from 'node:crypto'
import type { Stats } from 'node:fs'
import { chmod, lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'

/**
 * Health data is sensitive personal information: on a shared server only the account that
 * runs the bot may read it. Modes are given when a file is created (never chmod after, which
 * leaves a moment when others can open it); the umask can only narrow them further.
 */
export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_DIR_MODE = 0o700

/** Any permission bit for the group or for others. */
const SHARED_BITS = 0o077

/** `.bindings.json.1a2b3c4d5e6f.tmp`, and `.bindings.json.tmp` as lowdb's own writer named them. */
const TEMPORARY_FILE = /^\..+\.tmp$/

/** Creates the directory (and missing parents) readable by the owner only. */
export async function makePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
}

/** Makes a rename or a new file in `dir` survive a power cut. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Replaces `file` atomically with `data`, private from the first byte: a temporary file made
 * with mode 0600 beside it, synced, then renamed over it. Also for exports written to disk.
 */
export async function writePrivateFile(file: string, data: string | Uint8Array): Promise<void> {
  // A name of its own per write: an old temporary file left by a crash may carry wider modes.
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`)
  const handle = await open(temporary, 'wx', PRIVATE_FILE_MODE)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(temporary, { force: true })
    throw error
  }
  await handle.close()
  try {
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
  await syncDirectory(path.dirname(file))
}

/** Visits `dir` and everything under it, a directory before its contents; symbolic links are not followed. */
async function walk(dir: string, visit: (relative: string, stats: Stats) => Promise<void>): Promise<void> {
  const visitPath = async (relative: string): Promise<void> => {
    const full = path.join(dir, relative)
    const stats = await lstat(full)
    if (stats.isSymbolicLink()) return
    await visit(relative, stats)
    if (stats.isDirectory()) for (const name of await readdir(full)) await visitPath(path.join(relative, name))
  }
  await visitPath('')
}

/**
 * Narrows every file under `dir` to 0600 and every directory to 0700, `dir` included;
 * returns the paths (relative to `dir`) that were wider. Symbolic links are left alone:
 * they may point outside the data directory.
 */
export async function narrowToPrivate(dir: string): Promise<string[]> {
  const narrowed: string[] = []
  await walk(dir, async (relative, stats) => {
    if ((stats.mode & SHARED_BITS) === 0) return
    await chmod(path.join(dir, relative), stats.isDirectory() ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE)
    narrowed.push(relative === '' ? '.' : relative)
  })
  return narrowed
}

/** Deletes the temporary files of atomic writes a crash interrupted (never acknowledged); returns their paths relative to `dir`. */
export async function removeInterruptedWrites(dir: string): Promise<string[]> {
  const removed: string[] = []
  await walk(dir, async (relative, stats) => {
    if (!stats.isFile() || !TEMPORARY_FILE.test(path.basename(relative))) return
    await rm(path.join(dir, relative))
    removed.push(relative)
  })
  return removed
}
