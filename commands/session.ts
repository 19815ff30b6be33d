import { defineArea, defineCommand } from '../src/app/types.js'
import { noArgs } from './args.js'

/**
 * `/logout` is the only way the bot logs its WeChat account out: a routine shutdown keeps
 * the session so the next start needs no new QR scan.
 */
export const sessionArea = defineArea({
  name: 'session',
  create(app) {
    const logout = defineCommand({
      names: ['logout', '退出登录'],
      summary: '让机器人退出微信登录（下次启动需重新扫码）',
      usage: '/退出登录',
      access: 'admin',
      args: noArgs,
      run(context) {
        if (!app.logout) return context.reply('当前运行方式不支持退出登录。')
        app.log.warn('管理员要求退出微信登录 (admin asked to log out)')
        // Leave time for the confirmation to go out before the session ends.
        app.clock.setTimer(5_000, app.logout)
        context.reply('好的，5 秒后退出微信登录。下次启动需要重新扫码。')
      },
    })
    return { commands: [logout] }
  },
})
