import { z } from 'zod'
import type { Command, Feature, MessageContext } from '../src/app/types.js'
import { defineCommand } from '../src/app/types.js'
import { say } from '../src/domain/types.js'

/** Shows a person the commands they may run; `/help <command>` shows one command's usage. */
export function helpFeature(
  registryOf: () => {
    commands: readonly Command[]
    mayRun(command: Command, context: MessageContext): boolean
    resolve(text: string): { command: Command } | { unknown: string } | undefined
  },
): Feature {
  const help = defineCommand({
    names: ['help', '帮助'],
    summary: '查看我能做什么',
    usage: '/帮助 [命令名]，例如 /帮助 未报',
    access: 'everyone',
    args: z.array(z.string()).max(2, { message: '只需写一个命令名' }),
    run(context, words) {
      const registry = registryOf()
      if (words.length) {
        const resolved = registry.resolve(`/${words.join(' ')}`)
        if (!resolved || 'unknown' in resolved) {
          return [say(context.replyTo, `没有 /${words.join(' ')} 这个命令，发送 /帮助 查看可用命令。`)]
        }
        const { command } = resolved
        const names = command.names.map((name) => `/${name}`).join('、')
        const rights = command.access === 'admin' ? '\n（仅行政群成员可用）' : ''
        return [say(context.replyTo, `${names}\n${command.summary}\n用法：${command.usage}${rights}`)]
      }
      const lines = registry.commands
        .filter((command) => registry.mayRun(command, context))
        .map((command) => `${chineseName(command)}（/${command.names[0]}）${command.summary}`)
      const intro = context.isAdmin ? '可用命令（含管理命令）：' : '可用命令：'
      return [say(context.replyTo, `${intro}\n${lines.join('\n')}\n发送 /帮助 命令名 查看用法。`)]
    },
  })
  return { name: 'help', commands: [help] }
}

function chineseName(command: Command): string {
  const chinese = command.names.find((name) => /[\u4e00-\u9fff]/.test(name))
  return `/${chinese ?? command.names[0]}`
}
