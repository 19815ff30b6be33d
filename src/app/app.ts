import type { Config, GroupRole } from '../config.js'
import { identify, Roster } from '../domain/identity.js'
import { addDays, dateKeyOf } from '../domain/time.js'
import { say, type Incoming } from '../domain/types.js'
import type { Cancel, Clock, Logger } from '../schedule/clock.js'
import type { DocumentSpec, Store } from '../store/store.js'
import { StoreError } from '../store/json-document.js'
import type { RoomCandidate } from '../domain/room-pinning.js'
import { bindingsDocument } from './bindings.js'
import { IdentityBook, type Directory } from './identity.js'
import { RoomPins, roomsDocument } from './rooms.js'
import { CORE_MARKERS, LAST_START_KEY, markersDocument, onceFor, purgeMarkersBefore } from './once.js'
import { Router } from './router.js'
import type { AppContext, Area, AreaParts, Command, Deliver, Listener, MembershipEvent, ScheduledJob, Teams } from './types.js'

/** Markers say what was sent about a day; past this many days nothing more is sent about it. */
const MARKER_RETENTION_DAYS = 31

export interface AppOptions {
  areas: readonly Area<any>[]
  config: Config
  store: Store
  clock: Clock
  log: Logger
  deliver: Deliver
  /** The bot cannot go on (a store failure): stop, with a non-zero exit code. */
  onFatal?: (reason: string) => void
  /** Logs the WeChat account out (only `/logout` asks for it). */
  logout?: () => Promise<void>
  /** Who is in the pinned rooms; without one (plain-object tests) only contacts that wrote are known. */
  directory?: Directory
}

export interface App {
  context: AppContext
  router: Router
  /** Registers the schedules and runs every area's start-up catch-up. */
  start(): Promise<void>
  stop(): void
  handle(incoming: Incoming): Promise<void>
  membershipChanged(event: MembershipEvent): Promise<void>
  /** At every login: WeChat ids changed, so who-is-who is learnt again. */
  loggedIn(): void
  /** Pins each configured group to one room for this login (see RoomPins). */
  pinRooms(candidatesByTopic: Readonly<Record<string, readonly RoomCandidate[]>>): Promise<{ pins: Record<string, string>; announce(): void }>
  roomIgnored(candidate: RoomCandidate): void
  pinnedRoomRenamed(configuredTopic: string, newTopic: string): void
}

/** Every data document the areas and the core declare, validated when the store opens. */
export const documentsOf = (areas: readonly Area<any>[]): DocumentSpec<any, any>[] => [markersDocument, bindingsDocument, roomsDocument, ...areas.flatMap((area) => area.documents ?? [])]

/** Everything the bot does, as plain objects: WeChat only feeds it messages and sends what it queues. */
export async function createApp(options: AppOptions): Promise<App> {
  const { areas, config, store, clock, log, deliver } = options
  const roleByTopic = new Map(config.groups.map((group) => [group.topic, group.role]))
  const topicsWithRole = (role: GroupRole): string[] => config.groups.filter((group) => group.role === role).map((group) => group.topic)
  const notifyRole: AppContext['notifyRole'] = (role, text, notice) =>
    deliver(
      topicsWithRole(role).map((topic) => say({ room: topic }, text, notice?.mentions)),
      { urgent: notice?.urgent ?? false },
    )
  let failed = false
  let startedBefore = false
  const bindings = await store.open(bindingsDocument)
  const built: { area: Area<any>; parts: AreaParts }[] = []
  const cancels: Cancel[] = []
  let router: Router | undefined

  /** Areas' timers (batches, throttles) stop with the bot, and a store failure in one takes the fatal path. */
  const areaClock: Clock = {
    now: () => clock.now(),
    cron: (expression, timeZone, job) => clock.cron(expression, timeZone, job),
    setTimer: (delayMs, callback) => clock.setTimer(delayMs, () => guarded('定时器', callback)),
  }
  const context: AppContext = {
    config,
    roster: new Roster(config.roster),
    store,
    clock: areaClock,
    log,
    deliver,
    roleOf: (topic) => (topic === undefined ? undefined : roleByTopic.get(topic)),
    topicsWithRole,
    bindingOf: (nickname) => bindings.data.byNickname[nickname],
    notifyRole,
    notifyAdmins: (text, notice) => notifyRole('admin', text, { urgent: true, ...notice }),
    today: () => dateKeyOf(clock.now(), config.timezone),
    async summarySections(dateKey) {
      const sections = []
      for (const { area, parts } of built) {
        try {
          sections.push(...((await parts.summary?.(dateKey)) ?? []))
        } catch (error) {
          // Another area's trouble must not cost the school its daily summary.
          if (error instanceof StoreError) throw error
          log.error(`${area.name} 的日报内容出错，已略过 (summary section failed): ${(error as Error).stack ?? String(error)}`)
        }
      }
      return sections
    },
    async reportFigures(from, to) {
      const blocks = []
      for (const { area, parts } of built) {
        if (!parts.figures) continue
        blocks.push({ area: area.name, title: area.title ?? area.name, figures: await parts.figures(from, to) })
      }
      return blocks
    },
    fail(error) {
      if (failed) return
      failed = true
      const file = error instanceof StoreError ? error.file : '（未知）'
      log.error(`存储故障，停止运行 (store failure, stopping): ${error.message}`)
      stopJobs()
      deliver(
        topicsWithRole('admin').map((topic) => say({ room: topic }, `⚠ 数据文件 ${file} 无法写入或读取，机器人已停止运行，之后的上报不会被记录。请管理员检查服务器（磁盘空间、权限）后重新启动。`)),
        { urgent: true },
      )
      options.onFatal?.(error.message)
    },
    startedBefore: () => startedBefore,
    identities: new IdentityBook(
      (person) => namesFor(person),
      (view) => identify(view, context.roster, (nickname) => bindings.data.byNickname[nickname])?.person.name,
      options.directory,
    ),
    namesFor: (person) => namesFor(person),
    registry() {
      if (!router) throw new Error('router used before it was built')
      return router
    },
    ...(options.logout ? { logout: options.logout } : {}),
  }

  function namesFor(personName: string): string[] {
    const person = context.roster.find(personName)
    const names = new Set([personName, ...(person?.aliases ?? [])])
    for (const [nickname, name] of Object.entries(bindings.data.byNickname)) if (name === person?.name) names.add(nickname)
    return [...names]
  }
  const rooms = new RoomPins(context, namesFor)

  const teams: Teams = {}
  for (const area of areas) {
    const section = area.config ? config.sections[area.config.key] : undefined
    Object.assign(teams, area.teams?.(section))
    built.push({ area, parts: area.create({ ...context, section, once: onceFor(store, area.name, config.timezone) }) })
  }
  const commands: Command[] = built.flatMap(({ parts }) => parts.commands ?? [])
  const listeners: Listener[] = built.flatMap(({ parts }) => parts.listeners ?? [])
  router = new Router(context, commands, listeners, teams)

  const purgeJob: ScheduledJob = {
    name: 'purge',
    cron: config.privacy.purge,
    run: (firedAt) => purge(dateKeyOf(firedAt, config.timezone)),
  }

  /** One nightly job purges what every area keeps past its time. */
  async function purge(today: string): Promise<void> {
    const removed: string[] = []
    for (const { parts } of built) {
      for (const rule of parts.retention ?? []) {
        const count = await rule.purge(today)
        if (count) removed.push(`${rule.what} ${count}`)
      }
    }
    const markers = await purgeMarkersBefore(store, addDays(today, -MARKER_RETENTION_DAYS))
    if (markers) removed.push(`发送记录 ${markers}`)
    if (removed.length) log.info(`已清理过期数据 (retention purge)：${removed.join('，')}`)
  }

  function stopJobs(): void {
    for (const cancel of cancels.splice(0)) cancel()
  }

  /** A job's failure is logged; a store failure takes the fatal path. */
  async function guarded(what: string, work: () => Promise<void> | void): Promise<void> {
    if (failed) return
    try {
      await work()
    } catch (error) {
      if (error instanceof StoreError) return context.fail(error)
      log.error(`${what} 出错 (failed): ${(error as Error).stack ?? String(error)}`)
    }
  }

  return {
    context,
    router,
    async start() {
      for (const job of [...built.flatMap(({ parts }) => parts.jobs ?? []), purgeJob]) {
        cancels.push(clock.cron(job.cron, config.timezone, (firedAt) => guarded(`定时任务 ${job.name}`, () => job.run(firedAt))))
      }
      const now = clock.now()
      const markers = await store.open(markersDocument)
      startedBefore = Boolean(markers.data.byArea[CORE_MARKERS]?.[LAST_START_KEY])
      for (const { area, parts } of built) await guarded(`${area.name} 启动补发`, () => parts.onStart?.(now))
      await guarded('记录启动时间', () =>
        markers.update((data) => {
          data.byArea[CORE_MARKERS] = { ...data.byArea[CORE_MARKERS], [LAST_START_KEY]: { at: now.toISOString(), day: dateKeyOf(now, config.timezone) } }
        }),
      )
      // The nightly purge may have been missed too; running it again is harmless.
      await guarded('清理过期数据', () => purge(dateKeyOf(now, config.timezone)))
    },
    stop: stopJobs,
    loggedIn: () => context.identities.reset(),
    pinRooms: (candidates) => rooms.pin(candidates),
    roomIgnored: (candidate) => rooms.ignored(candidate),
    pinnedRoomRenamed: (configuredTopic, newTopic) => rooms.renamed(configuredTopic, newTopic),
    handle: (incoming) => (failed ? Promise.resolve() : (router as Router).handle(incoming)),
    async membershipChanged(event) {
      for (const { area, parts } of built) await guarded(`${area.name} 处理进出群`, () => parts.onMembership?.(event))
    },
  }
}
