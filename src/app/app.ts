import type { Config } from '../config.js'
import { Roster } from '../domain/identity.js'
import type { Incoming, Outgoing } from '../domain/types.js'
import type { Cancel, Clock, Logger } from '../schedule/clock.js'
import type { Store } from '../store/store.js'
import { buildFeatures } from './features.js'
import { Router } from './router.js'
import type { AppContext, Deliver, Feature } from './types.js'

export interface AppOptions {
  config: Config
  store: Store
  clock: Clock
  log: Logger
  deliver: Deliver
  /** Logs the WeChat account out (only `/logout` asks for it). */
  logout?: () => Promise<void>
}

export interface App {
  context: AppContext
  router: Router
  features: readonly Feature[]
  /** Registers the schedules and runs every feature's start-up catch-up. */
  start(): Promise<void>
  stop(): void
  handle(incoming: Incoming): Promise<void>
  membershipChanged(event: { room: string; joined: string[]; left: string[] }): Promise<void>
}

/** Everything the bot does, as plain objects: WeChat only feeds it messages and sends what it queues. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config, store, clock, log, deliver } = options
  const bindings = await store.bindings()
  const roleByTopic = new Map(config.groups.map((group) => [group.topic, group.role]))
  const context: AppContext = {
    config,
    roster: new Roster(config.roster),
    store,
    clock,
    log,
    deliver,
    roleOf: (topic) => (topic === undefined ? undefined : roleByTopic.get(topic)),
    topicsWithRole: (role) => config.groups.filter((group) => group.role === role).map((group) => group.topic),
    bindingOf: (nickname) => bindings.data.byNickname[nickname],
  }
  let router: Router | undefined
  const features = buildFeatures(context, {
    registry: () => {
      if (!router) throw new Error('router used before it was built')
      return router
    },
    ...(options.logout ? { logout: options.logout } : {}),
  })
  router = new Router(context, features)
  const cancels: Cancel[] = []

  return {
    context,
    router: router as Router,
    features,
    async start() {
      for (const feature of features) {
        for (const job of feature.jobs ?? []) {
          cancels.push(
            clock.cron(job.cron, config.timezone, async (firedAt) => {
              try {
                await job.run(firedAt)
              } catch (error) {
                log.error(`定时任务 ${job.name} 出错 (job failed): ${(error as Error).stack ?? String(error)}`)
              }
            }),
          )
        }
      }
      const now = clock.now()
      for (const feature of features) {
        try {
          await feature.onStart?.(now)
        } catch (error) {
          log.error(`${feature.name} 启动补发出错 (catch-up failed): ${(error as Error).stack ?? String(error)}`)
        }
      }
    },
    stop() {
      for (const cancel of cancels.splice(0)) cancel()
    },
    handle: (incoming) => (router as Router).handle(incoming),
    async membershipChanged(event) {
      const replies: Outgoing[] = []
      for (const feature of features) {
        try {
          replies.push(...((await feature.onMembership?.(event)) ?? []))
        } catch (error) {
          log.error(`${feature.name} 处理进出群出错 (membership handler failed): ${(error as Error).stack ?? String(error)}`)
        }
      }
      deliver(replies)
    },
  }
}
