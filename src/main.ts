#!/usr/bin/env node
/**
 * The composition root: the only place that reads process.env, the real clock and the
 * file layout. `start` runs the bot on WeChat; `sim` runs the same bot on the mock puppet.
 */
import { access, chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { log as wechatyLog } from 'wechaty-puppet'
import { documentsOf } from './app/app.js'
import { AREAS } from './areas.js'
import type { PuppetChoice } from './bot/bot.js'
import { describeWechat4uError } from './bot/wechat4u-hardening.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { dateKeyOf } from './domain/time.js'
import { createLogger, isLogLevel } from './log.js'
import { createAlarm } from './ops/alarm.js'
import { createSystemClock, type Logger } from './schedule/clock.js'
import { ScriptError, parseScript } from './sim/script.js'
import { StoreError } from './store/json-document.js'
import { Store } from './store/store.js'

const DEFAULT_CONFIG = 'data/config.json'
const EXAMPLE_CONFIG = 'data/config.example.json'
const USAGE = `用法 (usage):
  npm start -- [--config data/config.json] [--data data]           在微信上运行 (run on WeChat)
  npm run sim -- [--config FILE] [--data DIR] [--script FILE]      模拟器 (simulator)；不写 --data 时用新的临时目录，不碰 data/
  选项 (options): --log-level debug|info|warn|error, --help`

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  )
}

async function readConfig(file: string | undefined, log: Logger): Promise<Config> {
  if (file) return loadConfig(file, AREAS)
  if (await exists(DEFAULT_CONFIG)) return loadConfig(DEFAULT_CONFIG, AREAS)
  log.warn(`没有找到 ${DEFAULT_CONFIG}，先用示例配置 ${EXAMPLE_CONFIG}（请复制一份改成学校自己的）(using the example config)`)
  return loadConfig(EXAMPLE_CONFIG, AREAS)
}

function installProcessGuards(log: Logger): void {
  // wechat4u installs a handler that prints whole errors (cookies included); ours replaces it.
  process.removeAllListeners('uncaughtException')
  process.on('uncaughtException', (error) => log.error(`未捕获的异常 (uncaught exception): ${describeWechat4uError(error)}`))
  process.on('unhandledRejection', (reason) => log.error(`未处理的 Promise 拒绝 (unhandled rejection): ${describeWechat4uError(reason)}`))
}

/** Each mode loads only its own puppet: the other one's modules would only cost memory. */
async function createPuppet(env: NodeJS.ProcessEnv, log: Logger): Promise<PuppetChoice> {
  const chosen = env.WECHATY_PUPPET
  // Wechaty resolves the module by name and reports one it cannot load.
  if (chosen && chosen !== 'wechaty-puppet-wechat4u') return chosen as PuppetChoice
  const [{ PuppetWechat4u }, { hardenWechat4u }, { backOffWechat4uStarts }, { revealWechat4uLoginRefusal }] = await Promise.all([
    import('wechaty-puppet-wechat4u'),
    import('./bot/wechat4u-hardening.js'),
    import('./bot/wechat4u-backoff.js'),
    import('./bot/login-refusal.js'),
  ])
  hardenWechat4u()
  revealWechat4uLoginRefusal()
  backOffWechat4uStarts((attempt, delayMs, lastError) =>
    log.info(
      delayMs === 0
        ? `正在连接微信 (connecting to WeChat), 第 ${attempt} 次`
        : `连接微信失败${lastError ? `（${lastError}）` : ''}，${Math.round(delayMs / 1000)} 秒后第 ${attempt} 次重试 (cannot reach WeChat, retry ${attempt} in ${Math.round(delayMs / 1000)}s)`,
    ),
  )
  return new PuppetWechat4u()
}

const LIVENESS_CHECK_MS = 60_000
const FATAL_SEND_GRACE_MS = 15_000
const SILENCE_WARNING_MS = 10 * 60_000
/** How long a stopping bot waits for its alarm to reach the webhook. */
const ALARM_GRACE_MS = 10_000
/** Exit codes a supervisor can tell apart: a fatal stop, and an account WeChat will not let log in here. */
const EXIT_FATAL = 2
const EXIT_LOGIN_REFUSED = 3

async function runOnWeChat(config: Config, dataDir: string, log: Logger, env: NodeJS.ProcessEnv): Promise<void> {
  const store = await Store.open(dataDir, { documents: documentsOf(AREAS), log, today: dateKeyOf(new Date(), config.timezone) })
  const clock = createSystemClock(log)
  const alarm = createAlarm({ settings: config.alerts, log, clock })
  let stopping = false
  /** Since when the bot has been logged out (undefined while logged in), and whether the alarm said so. */
  let loggedOutAt: number | undefined
  let reconnectAlarmRaised = false
  const puppet = await createPuppet(env, log)
  if (typeof puppet === 'string') log.info(`使用 ${puppet} (puppet from WECHATY_PUPPET)`)
  const memoryCard = `${config.wechat.sessionName}.memory-card.json`
  // The memory card holds the login session: a credential, readable by its owner only. Created
  // here with that mode, since Wechaty rewrites the file in place and keeps its permissions.
  await writeFile(memoryCard, '{}', { flag: 'wx', mode: 0o600 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
  })
  const protectMemoryCard = () => chmod(memoryCard, 0o600).catch(() => undefined)
  // Loaded here: WeChat's modules are heavy, and a bad flag or config needs none of them.
  const { wireBot } = await import('./wire.js')
  const wired = await wireBot({
    puppet,
    config,
    store,
    areas: AREAS,
    clock,
    log,
    wallClock: () => Date.now(),
    sessionName: config.wechat.sessionName,
    onFatal: (reason) => void shutdown(reason, EXIT_FATAL),
    onLoginRefused: () => {
      alarm.raise({ kind: 'login-refused' })
      void shutdown('微信拒绝这个微信号登录 (login refused)', EXIT_LOGIN_REFUSED)
    },
    onConnection: (event) => {
      if (event.kind === 'scan-needed') alarm.raise({ kind: 'scan-needed', qrUrl: event.qrUrl })
      if (event.kind === 'logged-out') {
        loggedOutAt ??= Date.now()
        alarm.raise({ kind: 'logged-out', ...(event.reason ? { detail: event.reason } : {}) })
      }
      if (event.kind === 'logged-in') {
        loggedOutAt = undefined
        reconnectAlarmRaised = false
      }
    },
  })
  const { bot } = wired
  installProcessGuards(log)

  bot.wechaty.on('login', () => void protectMemoryCard())
  const liveness = setInterval(() => {
    void protectMemoryCard()
    const silentFor = Date.now() - bot.lastActivity
    if (silentFor > SILENCE_WARNING_MS) log.warn(`已有 ${Math.round(silentFor / 60_000)} 分钟没有收到微信的任何消息或心跳 (no sign of life from WeChat)`)
    // Waiting for a first scan is not being offline: the scan-needed alarm covers it.
    const offlineFor = loggedOutAt !== undefined ? Date.now() - loggedOutAt : bot.wechaty.isLoggedIn ? silentFor : 0
    if (!reconnectAlarmRaised && offlineFor >= config.alerts.afterMinutes * 60_000) {
      reconnectAlarmRaised = true
      alarm.raise({ kind: 'cannot-reconnect' })
    }
  }, LIVENESS_CHECK_MS)

  /** On a fatal stop the admins' alert should leave before the process does, if WeChat lets it. */
  async function waitForUrgentMessages(): Promise<void> {
    const giveUpAt = Date.now() + FATAL_SEND_GRACE_MS
    while (bot.queue.length > 0 && Date.now() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 200))
  }

  /** The alarm tells someone outside WeChat; a webhook that does not answer soon is not waited for. */
  async function settleAlarm(): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const giveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ALARM_GRACE_MS)
    })
    await Promise.race([alarm.settled(), giveUp])
    clearTimeout(timer)
  }

  async function shutdown(reason: string, code = 0): Promise<void> {
    if (stopping) return
    stopping = true
    log.info(`正在停止 (${reason})：保存数据，保留微信登录状态 (flushing, keeping the session)`)
    clearInterval(liveness)
    if (code === EXIT_FATAL) alarm.raise({ kind: 'stopped', detail: reason })
    if (code !== 0) await Promise.all([waitForUrgentMessages(), settleAlarm()])
    await wired.shutdown().catch((error: unknown) => log.error(String(error)))
    await protectMemoryCard()
    // No bot.stop(): it would log the WeChat account out and the next start would need a new scan.
    process.exit(code)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))

  // The puppet keeps (re)connecting on its own, with the back-off above; start() only launches it.
  await bot.start()
}

/** The simulator's data: the directory asked for, else a fresh temporary one, so a try-out never touches the real bot's data/. */
async function simulatorDataDir(requested: string | undefined): Promise<string> {
  if (requested) return requested
  const dir = await mkdtemp(path.join(tmpdir(), 'staff-bot-sim-'))
  process.stderr.write(`模拟器数据写在临时目录 ${dir}（不会动 data/；要接着上次的数据请加 --data ${dir}）\n`)
  return dir
}

async function runSimulator(config: Config, dataDir: string, scriptFile: string | undefined, log: Logger): Promise<void> {
  // Libraries that print to stdout would corrupt the JSON lines.
  console.log = console.info = console.debug = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`)
  const events = scriptFile ? parseScript(await readFile(scriptFile, 'utf8')) : []
  const { Simulator, runInteractive, sentRecordJson } = await import('./sim/simulator.js')
  const start = events[0]?.time ?? new Date()
  const store = await Store.open(dataDir, { documents: documentsOf(AREAS), log, today: dateKeyOf(start, config.timezone) })
  const print = (line: string) => process.stdout.write(`${line}\n`)
  const simulator = await Simulator.start({
    config,
    store,
    log,
    start,
    onSent: (record) => print(scriptFile ? sentRecordJson(record, config.timezone) : `机器人 → ${'room' in record.to ? record.to.room : 'person' in record.to ? record.to.person : record.to.name}: ${record.text ?? `[文件 ${record.file}]`}${record.mentions?.length ? `  (@${record.mentions.join(' @')})` : ''}`),
  })
  if (!scriptFile) return runInteractive(simulator, { timeZone: config.timezone, sendIntervalMs: config.send.minIntervalMs }, (text) => process.stdout.write(text))
  for (const event of events) {
    try {
      await simulator.play(event)
    } catch (error) {
      throw new ScriptError(event.line, (error as Error).message)
    }
  }
  await simulator.finish()
}

const OPTIONS = {
  config: { type: 'string' },
  data: { type: 'string' },
  script: { type: 'string' },
  'log-level': { type: 'string' },
  help: { type: 'boolean' },
} as const

/** The command line, or the reason it cannot be read (an unknown flag, a flag without its value). */
function readArguments(argv: string[]) {
  try {
    return { parsed: parseArgs({ args: argv, allowPositionals: true, options: OPTIONS }) }
  } catch (error) {
    return { problem: (error as Error).message }
  }
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { parsed, problem } = readArguments(argv)
  if (!parsed) {
    process.stderr.write(`看不懂命令行参数 (bad arguments): ${problem}\n${USAGE}\n`)
    return 64
  }
  const { positionals, values } = parsed
  const mode = positionals[0] ?? 'start'
  if (values.help || !['start', 'sim'].includes(mode)) {
    process.stderr.write(`${USAGE}\n`)
    return values.help ? 0 : 64
  }
  const requested = values['log-level'] ?? env.STAFF_BOT_LOG
  const level = isLogLevel(requested) ? requested : mode === 'sim' ? 'warn' : 'info'
  wechatyLog.level(mode === 'sim' ? 'silent' : ((env.WECHATY_LOG as 'warn' | undefined) ?? 'warn'))
  const config = await readConfig(values.config, createLogger(level))
  const log = createLogger(level, { timeZone: config.timezone })
  log.info(
    `已读取配置：时区 ${config.timezone}，${config.groups.length} 个群（${config.groups.map((group) => group.topic).join('、')}），名单 ${config.roster.length} 人 (config loaded)`,
  )
  if (mode === 'sim') {
    await runSimulator(config, await simulatorDataDir(values.data), values.script, log)
    return 0
  }
  await runOnWeChat(config, values.data ?? 'data', log, env)
  return -1
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    if (code >= 0) process.exit(code)
  },
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof ScriptError || error instanceof StoreError
    process.stderr.write(`${known ? (error as Error).message : (error as Error).stack ?? String(error)}\n`)
    process.exit(1)
  },
)
