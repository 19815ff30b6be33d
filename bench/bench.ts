/**
 * npm run bench [-- --json]: how staff-bot copes with a 5,000-person school. Prints a table
 * with PASS/FAIL beside each target, or (--json) one JSON object and nothing else on stdout.
 * Progress goes to stderr. Exits non-zero when a target is missed.
 */
import { constants as bufferConstants } from 'node:buffer'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { log as wechatyLog } from 'wechaty-puppet'
import { z } from 'zod'
import { createApp } from '../src/app/app.js'
import { Simulator } from '../src/sim/simulator.js'
import { AREAS } from '../src/areas.js'
import { resolveConfig, type Config } from '../src/config.js'
import { parseHealthMessage } from '../src/domain/health-parse/index.js'
import { Roster } from '../src/domain/identity.js'
import { addDays } from '../src/domain/time.js'
import { tallySlot } from '../src/domain/tally.js'
import type { Incoming } from '../src/domain/types.js'
import { createLogger } from '../src/log.js'
import { SimulatedClock } from '../src/schedule/clock.js'
import { Store } from '../src/store/store.js'
import { dayFileText, healthDay, writeHistory } from './history.js'
import { ADMIN_GROUP, reportText, schoolConfig, staffGroup } from './school.js'

const STAFF = 5_000
const TODAY = '2026-02-03'
const HISTORY_DAYS = 180
const STARTUP_HISTORY_DAYS = 365
const WARM_UP_REPORTS = 1_000
const PARSE_ROUNDS = 20
const RECORD_ROUNDS = 3
const TALLY_RUNS = 30
const TALLY_WARM_UP_RUNS = 5
const MISSING_EVERY = 50
const NAIVE_WRITES = 2
const STARTUP_RUNS = 3
const ADMINS_IN_ROSTER = 10
const DEPLOYED_SEND_INTERVAL_MS = 1_500

const run = promisify(execFile)
const { MAX_STRING_LENGTH } = bufferConstants
/** A new day for each round of recording into the history directory, so each round starts on an empty day as the first does. */
const recordingDay = (round: number): string => addDays(TODAY, round)
const quiet = createLogger('silent')
const at = (time: string, day = TODAY): Date => new Date(`${day}T${time}+08:00`)
const benchStarted = performance.now()
const progress = (line: string): void => void process.stderr.write(`${((performance.now() - benchStarted) / 1000).toFixed(0).padStart(4)} s  ${line}\n`)
const newDir = (name: string): Promise<string> => mkdtemp(path.join(tmpdir(), `staff-bot-bench-${name}-`))

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}
const median = (values: readonly number[]): number => quantile(values, 0.5)

interface School {
  config: Config
  names: string[]
}

const reportFrom = (school: School, index: number, when: Date): Incoming => {
  const name = school.names[index] ?? ''
  return { kind: 'text', room: staffGroup(index), sender: { contactName: name }, text: reportText(index, name), mentions: [], at: when, senderGroups: index < ADMINS_IN_ROSTER ? [ADMIN_GROUP, staffGroup(index)] : [staffGroup(index)] }
}

// ── Burst through real Wechaty on the mock puppet ───────────────────────────
interface Burst {
  latencies: number[]
  elapsedMs: number
  stored: number
}

/** Every person reports once, each message handed over as soon as the bot took the previous one. */
async function burst(school: School, count: number): Promise<Burst> {
  const dataDir = await newDir('burst')
  const store = await Store.open(dataDir)
  const latencies: number[] = []
  const sim = await Simulator.start({
    config: school.config,
    store,
    log: quiet,
    start: at('07:30:00'),
    onSent: () => undefined,
    onMessageHandled: (elapsedMs) => latencies.push(elapsedMs),
  })
  const started = performance.now()
  for (let index = 0; index < count; index++) {
    const name = school.names[index] ?? ''
    sim.send(name, reportText(index, name), staffGroup(index))
    while (sim.wired.bot.received <= index) await new Promise((resolve) => setImmediate(resolve))
  }
  await sim.settle()
  const elapsedMs = performance.now() - started
  const stored = (await store.healthDay(TODAY)).data.reports.length
  await sim.finish()
  await rm(dataDir, { recursive: true, force: true })
  return { latencies, elapsedMs, stored }
}

// ── Recording one report at a time, with and without history ───────────────
/** Milliseconds per report when each is recorded (router → parser → store, on disk) before the next arrives. */
async function recordOneByOne(school: School, dataDir: string, dateKey: string): Promise<number> {
  const store = await Store.open(dataDir)
  const clock = new SimulatedClock(at('07:30:00', dateKey))
  const app = await createApp({ areas: AREAS, config: school.config, store, clock, log: quiet, deliver: () => undefined })
  const started = performance.now()
  for (let index = 0; index < school.names.length; index++) await app.handle(reportFrom(school, index, clock.now()))
  const perReport = (performance.now() - started) / school.names.length
  const stored = (await store.healthDay(dateKey)).data.reports.length
  if (stored !== school.names.length) throw new Error(`recorded ${stored} of ${school.names.length} reports`)
  await store.flush()
  return perReport
}

// ── /未报 for the whole school ───────────────────────────────────────────────
interface Tally {
  commandMs: number
  tallyOnlyMs: number
  reply: string
}

/** An admin asks /未报 at 10:30 of a morning in which one person in 50 has not reported (after a few unmeasured asks). */
async function missingCommand(school: School): Promise<Tally> {
  const dataDir = await newDir('tally')
  const morning = healthDay(TODAY, school.names, ['上午'])
  morning.reports = morning.reports.filter((_, index) => index % MISSING_EVERY !== 0)
  await mkdir(path.join(dataDir, 'health'))
  await writeFile(path.join(dataDir, 'health', `${TODAY}.json`), dayFileText(morning))
  const store = await Store.open(dataDir)
  const clock = new SimulatedClock(at('10:30:00'))
  const replies: string[] = []
  const app = await createApp({ areas: AREAS, config: school.config, store, clock, log: quiet, deliver: (messages) => replies.push(...messages.map((m) => m.text ?? '')) })
  const admin = school.names[0] ?? ''
  const ask: Incoming = { kind: 'text', room: ADMIN_GROUP, sender: { contactName: admin }, text: '/未报 上午', mentions: [], at: clock.now(), senderGroups: [ADMIN_GROUP, staffGroup(0)] }
  const commandMs: number[] = []
  for (let runIndex = 0; runIndex < TALLY_WARM_UP_RUNS + TALLY_RUNS; runIndex++) {
    const started = performance.now()
    await app.handle(ask)
    if (runIndex >= TALLY_WARM_UP_RUNS) commandMs.push(performance.now() - started)
  }
  const roster = new Roster(school.config.roster)
  const tallyOnlyMs: number[] = []
  for (let runIndex = 0; runIndex < TALLY_RUNS; runIndex++) {
    const started = performance.now()
    tallySlot({ roster, reports: morning.reports, dateKey: TODAY, slot: '上午', onLeave: new Set() })
    tallyOnlyMs.push(performance.now() - started)
  }
  await rm(dataDir, { recursive: true, force: true })
  return { commandMs: median(commandMs), tallyOnlyMs: median(tallyOnlyMs), reply: replies.at(-1) ?? '' }
}

// ── Child processes ─────────────────────────────────────────────────────────
const startupResult = z.object({ startupMs: z.number(), rssMb: z.number(), importsRssMb: z.number() })
const naiveResult = z.object({ writeMs: z.array(z.number()).min(1), prettyChars: z.number() })

/** Runs a benchmark script in a fresh node process; it prints one JSON line. */
async function child<S extends z.ZodType>(script: string, args: string[], nodeOptions: string[], result: S): Promise<z.output<S>> {
  const { stdout } = await run(process.execPath, [...nodeOptions, script, ...args], { maxBuffer: 1 << 20 })
  return result.parse(JSON.parse(stdout.trim()))
}

/** The node options `npm start` runs the bot with (`node --import tsx … src/main.ts start`), so start-up is measured as deployed. */
async function startOptions(): Promise<string[]> {
  const manifest = z.object({ scripts: z.object({ start: z.string() }) }).parse(JSON.parse(await readFile('package.json', 'utf8')))
  const words = manifest.scripts.start.split(/\s+/)
  // The script is the first .ts/.js word that is not a module given to --import.
  const script = words.findIndex((word, index) => (word.endsWith('.ts') || word.endsWith('.js')) && words[index - 1] !== '--import')
  if (words[0] !== 'node' || script < 0) throw new Error(`npm start is not "node [options] script": ${manifest.scripts.start}`)
  return words.slice(1, script)
}

// ── Report ──────────────────────────────────────────────────────────────────
interface Figure {
  name: string
  value: number
  unit: string
  target?: { at: 'most' | 'least'; value: number }
  note?: string
}

const passes = (figure: Figure): boolean | undefined =>
  figure.target === undefined ? undefined : figure.target.at === 'most' ? figure.value <= figure.target.value : figure.value >= figure.target.value

function formatNumber(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US')
  if (value >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

function table(figures: readonly Figure[], header: string): string {
  const rows = figures.map((figure) => {
    const pass = passes(figure)
    const target = figure.target ? `${figure.target.at === 'most' ? '≤' : '≥'} ${figure.target.value}` : ''
    const verdict = pass === undefined ? '' : pass ? 'PASS' : 'FAIL'
    return [figure.name, `${formatNumber(figure.value)} ${figure.unit}`.trim(), target, verdict, figure.note ?? '']
  })
  const widths = [0, 1, 2, 3].map((column) => Math.max(...[['figure', 'value', 'target', ''], ...rows].map((row) => (row[column] ?? '').length)))
  const line = (row: string[]) => row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  ').trimEnd()
  return [header, '', line(['figure', 'value', 'target', '', 'how']), ...rows.map(line)].join('\n')
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } })
  // Libraries that print to stdout would spoil the JSON.
  console.log = console.info = console.debug = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`)
  wechatyLog.level('silent')

  const { config: rawConfig, names } = schoolConfig({ staff: STAFF })
  const school: School = { config: await resolveConfig(rawConfig, 'bench/school.json', AREAS), names }
  const texts = names.map((name, index) => reportText(index, name))

  progress('parser…')
  for (const text of texts) parseHealthMessage(text)
  const parseStarted = performance.now()
  for (let round = 0; round < PARSE_ROUNDS; round++) for (const text of texts) parseHealthMessage(text)
  const parseUs = ((performance.now() - parseStarted) * 1000) / (PARSE_ROUNDS * texts.length)

  progress(`burst: ${WARM_UP_REPORTS} reports to warm up, then ${STAFF}…`)
  await burst(school, WARM_UP_REPORTS)
  const measured = await burst(school, STAFF)
  if (measured.stored !== STAFF) throw new Error(`the burst stored ${measured.stored} of ${STAFF} reports`)

  progress(`history: ${HISTORY_DAYS} days × ${STAFF} people × 2 slots…`)
  const historyDir = await newDir('history')
  await writeHistory({ dataDir: historyDir, today: TODAY, names, days: HISTORY_DAYS })
  await run('sync', [])
  progress('recording one report at a time, with and without history…')
  const withHistory: number[] = []
  const withoutHistory: number[] = []
  for (let round = 0; round < RECORD_ROUNDS; round++) {
    const emptyDir = await newDir('empty')
    withoutHistory.push(await recordOneByOne(school, emptyDir, TODAY))
    await rm(emptyDir, { recursive: true, force: true })
    withHistory.push(await recordOneByOne(school, historyDir, recordingDay(round)))
  }
  const recordMs = median(withHistory)
  const recordMsEmpty = median(withoutHistory)

  progress('/未报 for the whole school…')
  const tally = await missingCommand(school)

  progress(`start-up with ${STARTUP_HISTORY_DAYS} days on disk (child process)…`)
  // The rest of the year, and this morning's reports: a restart at 12:30 on an ordinary day.
  await writeHistory({ dataDir: historyDir, today: TODAY, names, days: STARTUP_HISTORY_DAYS, skipDays: HISTORY_DAYS })
  for (let round = 0; round < RECORD_ROUNDS; round++) await rm(path.join(historyDir, 'health', `${recordingDay(round)}.json`), { force: true })
  await writeFile(path.join(historyDir, 'health', `${TODAY}.json`), dayFileText(healthDay(TODAY, names, ['上午'])))
  const configFile = path.join(historyDir, 'config.json')
  // As deployed: the catch-up's messages wait their turn in the send queue.
  await writeFile(configFile, JSON.stringify(schoolConfig({ staff: STAFF, send: { minIntervalMs: DEPLOYED_SEND_INTERVAL_MS } }).config))
  const startupArgs = [configFile, historyDir, `${TODAY}T12:30:00+08:00`]
  // Gigabytes of history just written are still being flushed to disk; a real restart finds none in flight.
  await run('sync', [])
  const nodeOptions = await startOptions()
  // The first start marks the directory as one the bot ran on. Each restart measured then finds
  // the same markers, so each catches up on the morning's tally as a restart at 12:30 would.
  await child('bench/startup.ts', startupArgs, nodeOptions, startupResult)
  const markersFile = path.join(historyDir, 'markers.json')
  const markers = await readFile(markersFile, 'utf8')
  const restarts: z.output<typeof startupResult>[] = []
  for (let restart = 0; restart < STARTUP_RUNS; restart++) {
    await writeFile(markersFile, markers)
    restarts.push(await child('bench/startup.ts', startupArgs, nodeOptions, startupResult))
  }
  const startup = {
    startupMs: median(restarts.map((r) => r.startupMs)),
    rssMb: median(restarts.map((r) => r.rssMb)),
    importsRssMb: median(restarts.map((r) => r.importsRssMb)),
  }

  progress(`naive single lowdb file with ${HISTORY_DAYS} days (child process)…`)
  const naiveFile = path.join(historyDir, 'naive.json')
  const naive = await child(
    'bench/naive.ts',
    [naiveFile, String(HISTORY_DAYS), String(STAFF), String(NAIVE_WRITES), TODAY],
    ['--max-old-space-size=8192', '--import', 'tsx'],
    naiveResult,
  )
  await rm(naiveFile, { force: true })
  const naiveWriteMs = Math.min(...naive.writeMs)

  await rm(historyDir, { recursive: true, force: true })

  const burstSeconds = measured.elapsedMs / 1000
  const figures: Figure[] = [
    { name: 'burst_p50_ms', value: quantile(measured.latencies, 0.5), unit: 'ms', note: 'message event → report on disk, Wechaty + mock puppet, send throttle off' },
    { name: 'burst_p99_ms', value: quantile(measured.latencies, 0.99), unit: 'ms', target: { at: 'most', value: 20 } },
    { name: 'burst_msgs_per_s', value: STAFF / burstSeconds, unit: '/s', note: `${STAFF} reports in ${burstSeconds.toFixed(2)} s` },
    { name: 'parse_us', value: parseUs, unit: 'µs', note: 'parser alone, per message, same texts' },
    {
      name: 'write_ratio_history',
      value: recordMs / recordMsEmpty,
      unit: '',
      target: { at: 'most', value: 1.5 },
      note: `${recordMs.toFixed(3)} ms/report with ${HISTORY_DAYS} days on disk vs ${recordMsEmpty.toFixed(3)} ms with none (each on disk before the next)`,
    },
    {
      name: 'naive_ratio',
      value: naiveWriteMs / recordMs,
      unit: '',
      target: { at: 'least', value: 20 },
      note: `one lowdb file of ${HISTORY_DAYS} days: ${formatNumber(naiveWriteMs)} ms/report, written compactly${
        naive.prettyChars > MAX_STRING_LENGTH ? ` (lowdb's default two-space JSON, ${Math.round(naive.prettyChars / 1e6)}M characters, is over V8's limit: it cannot be written at all)` : ''
      }`,
    },
    { name: 'tally_ms', value: tally.commandMs, unit: 'ms', target: { at: 'most', value: 10 }, note: `/未报 上午 by an admin, router → reply text; tallySlot alone ${tally.tallyOnlyMs.toFixed(2)} ms` },
    { name: 'startup_ms', value: startup.startupMs, unit: 'ms', target: { at: 'most', value: 1000 }, note: `Store.open → bot → login → catch-up, ${STARTUP_HISTORY_DAYS} days on disk (median of ${STARTUP_RUNS} restarts)` },
    { name: 'rss_mb', value: startup.rssMb, unit: 'MB', target: { at: 'most', value: 200 }, note: `resident memory right after start-up, node ${nodeOptions.join(' ')} as npm start; ${Math.round(startup.importsRssMb)} MB of it once the modules are loaded` },
  ]
  const failed = figures.filter((figure) => passes(figure) === false)

  if (values.json) {
    const result: Record<string, unknown> = Object.fromEntries(figures.map((figure) => [figure.name, Number(figure.value.toPrecision(4))]))
    result.pass = Object.fromEntries(figures.flatMap((figure) => (figure.target ? [[figure.name, passes(figure)]] : [])))
    result.baselines = {
      record_ms_empty: recordMsEmpty,
      record_ms_history: recordMs,
      naive_write_ms: naiveWriteMs,
      tally_only_ms: tally.tallyOnlyMs,
      imports_rss_mb: startup.importsRssMb,
    }
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } else {
    const header = `staff-bot benchmark · ${STAFF.toLocaleString('en-US')}-person roster · node ${process.version} · ${((performance.now() - benchStarted) / 1000).toFixed(0)} s`
    process.stdout.write(`${table(figures, header)}\n\n/未报 reply begins: ${tally.reply.split('\n').slice(0, 2).join(' / ').slice(0, 80)}…\n`)
  }
  return failed.length ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
    process.exit(2)
  },
)
