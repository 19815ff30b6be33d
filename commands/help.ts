import { z } from 'zod'
import { accessText } from '../src/app/router.js'
import { defineArea, defineCommand, type Command } from '../src/app/types.js'

/** Shows a person the commands they may run; `/help <command>` shows one command's usage. */
export const helpArea = defineArea({
  name: 'help',
  create(app) {
    const help = defineCommand({
      names: ['help', '帮助'],
      summary: '查看我能做什么',
      usage: '/帮助 [命令名]，例如 /帮助 未报',
      access: 'everyone',
      openToStrangers: true,
      args: z.array(z.string()).max(2, { message: '只需写一个命令名' }),
      async run(context, words) {
        const registry = app.registry()
        if (words.length) {
          const resolved = registry.resolve(`/${words.join(' ')}`)
          if (!resolved || 'unknown' in resolved) return context.reply(`没有这个命令，发送 /帮助 查看可用命令。`)
          const { command } = resolved
          const names = command.names.map((name) => `/${name}`).join('、')
          const who = accessText(command)
          return context.reply(`${names}\n${command.summary}\n用法：${command.usage}${who ? `\n（仅${who}可用）` : ''}`)
        }
        const allowed = await Promise.all(registry.commands.map((command) => registry.mayRun(command, context)))
        const lines = registry.commands
          .filter((_, index) => allowed[index])
          .map((command) => `${chineseName(command)}（/${command.names[0]}）${command.summary}`)
        const intro = context.isAdmin ? '可用命令（含管理命令）：' : '可用命令：'
        context.reply(`${intro}\n${lines.join('\n')}\n发送 /帮助 命令名 查看用法。`, { bulk: true })
      },
    })
    return { commands: [help] }
  },
})

function chineseName(command: Command): string {
  const chinese = command.names.find((name) => /[\u4e00-\u9fff]/.test(name))
  return `/${chinese ?? command.names[0]}`
}
