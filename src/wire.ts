import { createApp, type App } from './app/app.js'
import type { Area } from './app/types.js'
import { createBot, type BotOptions, type StaffBot } from './bot/bot.js'
import type { Config } from './config.js'
import type { Store } from './store/store.js'

export interface WiredBot {
  bot: StaffBot
  app: App
  /** Routine shutdown: schedules stopped, handlers finished, every change on disk; the WeChat session kept. */
  shutdown(): Promise<void>
}

/**
 * Builds the app on top of the transport and connects the two. Shared by `npm start` and the
 * simulator so both run exactly the same bot; reads no environment, clock or file layout.
 */
export async function wireBot(
  options: Omit<BotOptions, 'groups' | 'send'> & { config: Config; store: Store; areas: readonly Area<any>[] },
): Promise<WiredBot> {
  const { config, store, areas, ...botOptions } = options
  const bot = await createBot({ ...botOptions, groups: config.groups, send: config.send })
  const app = await createApp({
    areas,
    config,
    store,
    clock: options.clock,
    log: options.log,
    deliver: bot.deliver,
    ...(options.onFatal ? { onFatal: options.onFatal } : {}),
    logout: () => bot.wechaty.logout(),
    directory: bot.directory,
  })
  // A write that fails anywhere (a handler, a job, a batch) stops the bot the same loud way.
  store.onFailure((error) => app.context.fail(error))
  bot.attach({
    start: () => app.start(),
    loggedIn: () => app.loggedIn(),
    pinRooms: (candidates) => app.pinRooms(candidates),
    roomIgnored: (candidate) => app.roomIgnored(candidate),
    pinnedRoomRenamed: (configuredTopic, newTopic) => app.pinnedRoomRenamed(configuredTopic, newTopic),
    handle: (incoming) => app.handle(incoming),
    membershipChanged: (event) => app.membershipChanged(event),
    namesFor: (person) => app.context.namesFor(person),
    contactFor: (person) => app.context.identities.contactFor(person),
  })
  return {
    bot,
    app,
    async shutdown() {
      app.stop()
      await bot.shutdown()
      await store.flush()
    },
  }
}
