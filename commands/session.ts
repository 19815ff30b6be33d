import { z } from 'zod'
import { defineArea, defineCommand } from '../src/app/types.js'

/** How long a `/退出登录` waits for its `确认`. */
const CONFIRM_WITHIN_MS = 2 * 60_000

/**
 * `/logout` is the only way the bot logs its WeChat account out: a routine shutdown keeps
 * the session so the next start needs no new QR scan. Logging out means someone must scan
 * again, so it is asked for twice: `/退出登录`, then `/退出登录 确认` within two minutes.
 */
export const sessionArea = defineArea({
  name: 'session',
  create(app) {
    let askedAt: number | undefined
    const logout = defineCommand({
      names: ['logout', '退出登录'],
      summary: '让机器人退出微信登录（下次启动需重新扫码；要再发一次“确认”）',
      usage: '/退出登录，两分钟内再发 /退出登录 确认',
      access: 'admin',
      args: z.array(z.enum(['确认', 'confirm'], { message: '只能写“确认”' })).max(1, { message: '只能写“确认”' }),
      run(context, [confirmed]) {
        if (!app.logout) return context.reply('当前运行方式不支持退出登录。')
        const now = app.clock.now().getTime()
        if (!confirmed) {
          askedAt = now
          return context.reply('退出后机器人会停止工作，下次启动需要有人重新扫码。确定要退出，请在两分钟内发送 /退出登录 确认')
        }
        if (askedAt === undefined || now - askedAt > CONFIRM_WITHIN_MS) return context.reply('没有等待确认的退出登录。请先发送 /退出登录。')
        askedAt = undefined
        app.log.warn('管理员要求退出微信登录 (admin asked to log out)')
        // Leave time for the confirmation to go out before the session ends.
        app.clock.setTimer(5_000, app.logout)
        context.reply('好的，5 秒后退出微信登录。下次启动需要重新扫码。')
      },
    })
    return { commands: [logout] }
  },
})
