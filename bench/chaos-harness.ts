/**
 * Crash safety, measured: the simulator runs as a child process on a burst of reports that
 * spans the 08:00 reminder, is killed with SIGKILL at random moments and restarted on the same
 * data directory with every report it had not acknowledged yet, as a teacher who saw no
 * "已收到" would send it again. At the end: every acknowledged report is stored exactly once,
 * every data file validates, and no scheduled message went out twice.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { z } from 'zod'
import { isoInZone } from '../src/domain/time.js'
import { documentsOf } from '../src/app/app.js'
import { AREAS } from '../src/areas.js'
import { healthDayEntrySchema, Store } from '../src/store/store.js'
import { confirmedNames, isScheduledNotice } from '../test/scenario/health-helpers.js'
import { reportText, schoolConfig, staffGroup } from './school.js'

const TIME_ZONE = 'Asia/Shanghai'
const DAY = '2026-02-03'
const SLOT = '上午'
const FIRST_REPORT_AT = new Date(`${DAY}T07:50:00+08:00`)
/** Every run's script ends no earlier than this, so the 08:00 reminder always falls inside. */
const LAST_EVENT_AT = new Date(`${DAY}T08:30:00+08:00`)
const REPORT_SPACING_MS = 1_000
const CONFIRM_BATCH_SECONDS = 3
/** After the last event the simulator lets timers run (confirmations, the send throttle): the next run starts after them. */
const RESTART_MARGIN_MS = (CONFIRM_BATCH_SECONDS + 2) * 1_000
const PROGRESS = /(\S+) \(simulated clock advancing\)/
const MAX_CLEAN_RUNS = 3
const STARTUP_KILL_SHARE = 0.2

export interface ChaosOptions {
  staff: number
  kills: number
  seed: number
  /** Progress lines, one per run. */
  log?: (line: string) => void
}

export interface ChaosResult {
  acknowledged: number
  found: number
  lost: string[]
  duplicated: string[]
  /** People whose report was never acknowledged, even after clean runs. */
  unacknowledged: string[]
  runs: number
  kills: number
  /** Files that did not parse or validate, with the reason. */
  invalidFiles: string[]
  filesChecked: number
  /** Scheduled messages (【…】) sent more than once to the same place. */
  repeatedNotices: string[]
  reminders: number
  /** Kills after which the day's journal was there for the next run to replay, and those with a line cut short. */
  journalsLeft: number
  tornJournals: number
  /** Holds the data directory, config and script; the caller removes it. */
  workDir: string
  dataDir: string
}

/** One line the simulator prints for each message the bot sends. */
const sentLineSchema = z.object({ at: z.string(), room: z.string().optional(), to: z.string().optional(), text: z.string().optional() })
type SentLine = z.infer<typeof sentLineSchema>

function countOf(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  return counts
}

/** mulberry32: the same seed kills at the same moments. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Run {
  sent: SentLine[]
  /** The latest simulated time the run may have reached. */
  reached: number
  /** Script events the simulator had started on. */
  steps: number
  killed: boolean
}

/**
 * Runs the simulator on a script; with `killAt`, sends SIGKILL once the clock has been
 * announced to advance that many times (0: during start-up, after `startupDelayMs`).
 */
function runSimulator(args: string[], killAt: { events: number; startupDelayMs: number } | undefined): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'sim', ...args, '--log-level', 'debug'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const run: Run = { sent: [], reached: 0, steps: 0, killed: false }
  const kill = () => {
    run.killed = child.kill('SIGKILL')
  }
  let startupTimer: NodeJS.Timeout | undefined
  if (killAt?.events === 0) startupTimer = setTimeout(kill, killAt.startupDelayMs)
  createInterface({ input: child.stdout }).on('line', (line) => {
    run.sent.push(sentLineSchema.parse(JSON.parse(line)))
  })
  const errors: string[] = []
  createInterface({ input: child.stderr }).on('line', (line) => {
    const progress = PROGRESS.exec(line)
    if (!progress) {
      if (!/ DEBUG /.test(line)) errors.push(line)
      return
    }
    run.reached = Math.max(run.reached, new Date(progress[1] ?? '').getTime())
    run.steps += 1
    if (!run.killed && killAt && run.steps === killAt.events) kill()
  })
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(startupTimer)
      if (!run.killed && code !== 0) reject(new Error(`simulator exited with ${code}:\n${errors.slice(-20).join('\n')}`))
      else resolve(run)
    })
  })
}

/** Validates every file under the data directory the way the store reads it; returns the problems. */
async function checkDataFiles(dataDir: string): Promise<{ invalid: string[]; checked: number }> {
  const invalid: string[] = []
  let checked = 0
  const store = await Store.open(dataDir)
  const openers: [RegExp, (match: RegExpExecArray) => Promise<unknown>][] = [
    ...documentsOf(AREAS).map((spec): [RegExp, () => Promise<unknown>] => [new RegExp(`^${spec.name}\\.json$`), () => store.open(spec)]),
    [/^health\/(\d{4}-\d{2}-\d{2})\.json$/, (match) => store.healthDay(match[1] ?? '')],
  ]
  const files = (await readdir(dataDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dataDir, path.join(entry.parentPath, entry.name)))
  // Journals are checked line by line before the store reads (and may tidy) them.
  for (const file of files.filter((name) => name.endsWith('.journal.jsonl'))) {
    checked += 1
    const lines = (await readFile(path.join(dataDir, file), 'utf8')).split('\n').filter(Boolean)
    lines.slice(1).forEach((line, index) => {
      const parsed = healthDayEntrySchema.safeParse(JSON.parse(line))
      if (!parsed.success) invalid.push(`${file} 第 ${index + 2} 行: ${parsed.error.issues[0]?.message}`)
    })
  }
  for (const file of files.filter((name) => name.endsWith('.json') && !path.basename(name).startsWith('.'))) {
    checked += 1
    const opener = openers.find(([pattern]) => pattern.test(file))
    if (!opener) {
      invalid.push(`${file}: 不知道用哪个 schema 检查 (no schema known for this file)`)
      continue
    }
    await opener[1](opener[0].exec(file) as RegExpExecArray).catch((error: unknown) => invalid.push(`${file}: ${(error as Error).message}`))
  }
  return { invalid, checked }
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const random = randomSource(options.seed)
  const log = options.log ?? (() => undefined)
  const workDir = await mkdtemp(path.join(tmpdir(), 'staff-bot-chaos-'))
  const dataDir = path.join(workDir, 'data')
  const configFile = path.join(workDir, 'config.json')
  const scriptFile = path.join(workDir, 'script.jsonl')
  const { config, names } = schoolConfig({ staff: options.staff, send: { minIntervalMs: 200, confirmBatchSeconds: CONFIRM_BATCH_SECONDS } })
  await writeFile(configFile, JSON.stringify(config))
  const roster = new Set(names)
  const indexOf = new Map(names.map((name, index) => [name, index]))

  const acknowledged = new Set<string>()
  const allSent: SentLine[] = []
  let cursor = FIRST_REPORT_AT.getTime()
  let runs = 0
  let kills = 0
  let cleanRuns = 0
  let journalsLeft = 0
  let tornJournals = 0
  while (kills < options.kills || cleanRuns === 0 || (acknowledged.size < names.length && cleanRuns < MAX_CLEAN_RUNS)) {
    const pending = names.filter((name) => !acknowledged.has(name))
    const events = pending.map((name, order) => {
      const index = indexOf.get(name) ?? 0
      return { at: isoInZone(new Date(cursor + order * REPORT_SPACING_MS), TIME_ZONE), room: staffGroup(index), from: name, text: reportText(index, name) }
    })
    const lastAt = Math.max(cursor + pending.length * REPORT_SPACING_MS, LAST_EVENT_AT.getTime())
    await writeFile(scriptFile, [...events, { at: isoInZone(new Date(lastAt), TIME_ZONE) }].map((event) => JSON.stringify(event)).join('\n'))

    // A kill lands during start-up (reading the journal, catching up) one time in five, else
    // somewhere in the first third of the script, so that every kill finds work to interrupt.
    const duringStartup = random() < STARTUP_KILL_SHARE
    const killAfter = duringStartup ? 0 : 1 + Math.floor(random() * Math.max(8, events.length / 3))
    const killAt = kills < options.kills ? { events: Math.min(killAfter, events.length + 1), startupDelayMs: 500 + random() * 2_500 } : undefined
    const run = await runSimulator(['--config', configFile, '--data', dataDir, '--script', scriptFile], killAt)
    runs += 1
    if (run.killed) {
      kills += 1
      const journal = await readFile(path.join(dataDir, 'health', `${DAY}.journal.jsonl`), 'utf8').catch(() => undefined)
      if (journal !== undefined) journalsLeft += 1
      if (journal && !journal.endsWith('\n')) tornJournals += 1
    } else {
      cleanRuns += 1
    }
    allSent.push(...run.sent)
    const newlyAcknowledged = run.sent
      .filter((line) => (line.text ?? '').startsWith('已收到'))
      .flatMap((line) => confirmedNames(line.text ?? ''))
      .filter((name) => roster.has(name) && !acknowledged.has(name))
    for (const name of newlyAcknowledged) acknowledged.add(name)
    const lastSentAt = Math.max(0, ...run.sent.map((line) => new Date(line.at).getTime()))
    // Never back in time: the next run starts after anything this one can have reached.
    cursor = Math.max(cursor, run.reached, lastSentAt) + RESTART_MARGIN_MS
    log(
      `run ${runs}: ${run.killed ? `killed (SIGKILL) ${run.steps ? `at script event ${run.steps}` : 'during start-up'}` : 'ran to the end'}, ` +
        `${run.sent.length} messages, ${newlyAcknowledged.length} newly acknowledged, ${names.length - acknowledged.size} still to send`,
    )
  }

  const { invalid, checked } = await checkDataFiles(dataDir)
  const store = await Store.open(dataDir)
  const storedNames = (await store.healthDay(DAY)).data.reports.flatMap((report) =>
    report.slot === SLOT && report.subject.kind === 'person' ? [report.subject.name] : [],
  )
  const storedCount = countOf(storedNames)
  // A scheduled message is known by where it went and its heading line (【健康上报提醒】2月3日上午).
  const notices = allSent.filter((line) => isScheduledNotice({ ...line, at: new Date(line.at) })).map((line) => `${line.room ?? line.to} ${(line.text ?? '').split('\n')[0]}`)
  const repeatedNotices = [...countOf(notices)].filter(([, count]) => count > 1).map(([notice]) => notice)

  return {
    acknowledged: acknowledged.size,
    found: [...acknowledged].filter((name) => storedCount.has(name)).length,
    lost: [...acknowledged].filter((name) => !storedCount.has(name)),
    duplicated: [...storedCount].filter(([, count]) => count > 1).map(([name]) => name),
    unacknowledged: names.filter((name) => !acknowledged.has(name)),
    runs,
    kills,
    invalidFiles: invalid,
    filesChecked: checked,
    repeatedNotices,
    reminders: notices.filter((notice) => notice.includes('【健康上报提醒】')).length,
    journalsLeft,
    tornJournals,
    workDir,
    dataDir,
  }
}

/** The one-line verdict, and every failure spelled out. */
export function chaosReport(result: ChaosResult): { ok: boolean; lines: string[] } {
  const lines = [
    `${result.acknowledged} acknowledged, ${result.found} found, ${result.lost.length} lost, ${result.duplicated.length} duplicated`,
    `${result.runs} runs, ${result.kills} killed with SIGKILL (${result.journalsLeft} left a journal to replay, ${result.tornJournals} with a line cut short); ${result.filesChecked} data files checked, ${result.invalidFiles.length} invalid`,
    `${result.reminders} reminders sent, ${result.repeatedNotices.length} scheduled messages sent twice; ${result.unacknowledged.length} reports never acknowledged`,
  ]
  if (result.lost.length) lines.push(`lost: ${result.lost.join('、')}`)
  if (result.duplicated.length) lines.push(`duplicated: ${result.duplicated.join('、')}`)
  for (const file of result.invalidFiles) lines.push(`invalid: ${file}`)
  for (const notice of result.repeatedNotices) lines.push(`sent twice: ${notice}`)
  if (result.unacknowledged.length) lines.push(`never acknowledged: ${result.unacknowledged.slice(0, 20).join('、')}`)
  const ok = !result.lost.length && !result.duplicated.length && !result.invalidFiles.length && !result.repeatedNotices.length && !result.unacknowledged.length
  return { ok, lines }
}
