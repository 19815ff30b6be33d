import type { Incoming, Outgoing } from '../domain/types.js'
import { identify } from '../domain/identity.js'
import type { AppContext, Command, Feature, MessageContext } from './types.js'

const COMMAND_PREFIX = /^[/／]/

/** Full-width slash, at-sign and spaces are what Chinese input methods type by default. */
export function normalizeCommandText(text: string): string {
  return text.replace(/／/g, '/').replace(/＠/g, '@').replace(/\u3000/g, ' ').trim()
}

export function isCommand(text: string): boolean {
  return COMMAND_PREFIX.test(text.trim())
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

export const ADMIN_ONLY_TEXT =
  '这个命令只有行政群成员可以使用：请在行政群里发送，或由行政群成员私聊我发送。'
export const HANDLER_FAILED_TEXT = '抱歉，处理这条命令时出错了，已记录下来，请稍后再试或联系管理员。'

export class Router {
  readonly commands: Command[]
  private readonly byName = new Map<string, Command>()

  constructor(
    private readonly app: AppContext,
    private readonly features: readonly Feature[],
  ) {
    this.commands = features.flatMap((feature) => feature.commands ?? [])
    for (const command of this.commands) {
      for (const name of command.names) {
        if (this.byName.has(name.toLowerCase())) throw new Error(`命令名重复 (duplicate command name): ${name}`)
        this.byName.set(name.toLowerCase(), command)
      }
    }
  }

  /** The command a line names, longest name first (`/会议 新建` before `/会议`), and the words after it. */
  resolve(text: string): { command: Command; argWords: string[] } | { unknown: string } | undefined {
    const normalized = normalizeCommandText(text)
    if (!COMMAND_PREFIX.test(normalized)) return undefined
    const words = normalized.slice(1).split(/\s+/).filter(Boolean)
    for (const length of [2, 1]) {
      if (words.length < length) continue
      const command = this.byName.get(words.slice(0, length).join(' ').toLowerCase())
      if (command) return { command, argWords: words.slice(length) }
    }
    return { unknown: words[0] ?? '' }
  }

  mayRun(command: Command, context: Pick<MessageContext, 'isAdmin'>): boolean {
    return command.access === 'everyone' || context.isAdmin
  }

  nearestName(word: string): string | undefined {
    let best: { name: string; distance: number } | undefined
    for (const name of this.byName.keys()) {
      const distance = editDistance(word.toLowerCase(), name)
      if (!best || distance < best.distance) best = { name, distance }
    }
    return best && best.distance <= Math.max(2, Math.floor(word.length / 2)) ? best.name : undefined
  }

  contextFor(incoming: Incoming): MessageContext {
    const sender = identify(incoming.sender, this.app.roster, (nickname) => this.app.bindingOf(nickname))
    const replyTo = incoming.room ? { room: incoming.room } : { person: sender?.person.name ?? incoming.sender.contactName }
    return {
      app: this.app,
      incoming,
      ...(sender ? { sender } : {}),
      isAdmin: incoming.senderInAdminGroup && (!incoming.room || this.app.roleOf(incoming.room) === 'admin'),
      isAdminMember: incoming.senderInAdminGroup,
      ...(incoming.room ? { roomRole: this.app.roleOf(incoming.room) } : {}),
      replyTo,
      privateTo: { person: sender?.person.name ?? incoming.sender.contactName },
    }
  }

  /** Handles one message and queues every reply. Never throws. */
  async handle(incoming: Incoming): Promise<void> {
    const context = this.contextFor(incoming)
    try {
      const replies = isCommand(incoming.text) ? await this.runCommand(context) : await this.runListeners(context)
      this.app.deliver(replies)
    } catch (error) {
      this.app.log.error(`处理消息出错 (handler failed): ${(error as Error).stack ?? String(error)}`)
      this.app.deliver([{ to: context.replyTo, text: HANDLER_FAILED_TEXT }], { urgent: true })
    }
  }

  private async runCommand(context: MessageContext): Promise<Outgoing[]> {
    const reply = (text: string): Outgoing[] => [{ to: context.replyTo, text }]
    const resolved = this.resolve(context.incoming.text)
    if (!resolved) return []
    if ('unknown' in resolved) {
      const nearest = this.nearestName(resolved.unknown)
      const hint = nearest ? `你是不是想用 /${nearest}？` : ''
      return reply(`没有 /${resolved.unknown} 这个命令。${hint}发送 /帮助 查看可用命令。`)
    }
    const { command, argWords } = resolved
    if (!this.mayRun(command, context)) return reply(ADMIN_ONLY_TEXT)
    const args = command.args.safeParse(argWords)
    if (!args.success) {
      const problem = args.error.issues.map((issue) => issue.message).join('；')
      return reply(`用法：${command.usage}\n问题：${problem}`)
    }
    this.app.log.debug(`命令 /${command.names[0]}`)
    return command.run(context, args.data)
  }

  private async runListeners(context: MessageContext): Promise<Outgoing[]> {
    const replies: Outgoing[] = []
    for (const feature of this.features) {
      for (const listener of feature.listeners ?? []) {
        const result = await listener(context)
        if (result) replies.push(...result)
      }
    }
    return replies
  }
}
