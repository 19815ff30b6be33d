import { distance } from 'fastest-levenshtein'
import type { Incoming, Outgoing } from '../domain/types.js'
import { StoreError } from '../store/json-document.js'
import { createMessageContext } from './context.js'
import type { AccessRule, AppContext, Command, KnownSenderContext, Listener, MessageContext, Teams } from './types.js'

const COMMAND_PREFIX = /^[/／]/
/** One message causes at most this many replies, unless an admin asked for a report. */
export const MAX_REPLIES_PER_MESSAGE = 3
/** Input is echoed back only as a short excerpt. */
const ECHO_LIMIT = 30
/** Whatever a command keeps is bounded here once; fields that are meant to be short have their own, lower limit. */
const MAX_COMMAND_TEXT = 2000

/** Full-width slash, at-sign and spaces are what Chinese input methods type by default. */
export function normalizeCommandText(text: string): string {
  return text.replace(/／/g, '/').replace(/＠/g, '@').replace(/\u3000/g, ' ').trim()
}

export function isCommand(text: string): boolean {
  return COMMAND_PREFIX.test(text.trim())
}

/** A short quote of what someone typed, safe to echo back. */
export function echo(text: string): string {
  const characters = [...text.replace(/\s+/g, ' ')]
  return characters.length <= ECHO_LIMIT ? characters.join('') : `${characters.slice(0, ECHO_LIMIT).join('')}…`
}

export const ADMIN_ONLY_TEXT = '这个命令只有行政群成员可以使用：请在行政群里发送，或由行政群成员私聊我发送。'
export const HANDLER_FAILED_TEXT = '抱歉，处理这条命令时出错了，已记录下来，请稍后再试或联系管理员。'
export const STRANGER_TEXT = '你不在学校的工作群里，我只能回答 /帮助、/隐私 和 /我是谁。'
/** Several accounts in the groups are this person: acting in their name waits for an admin to settle it. */
export const SHARED_NAME_TEXT = '还有其他微信号也显示为你的名字，我无法确认哪个是你本人，为保护隐私不能办理。请联系行政群的老师用 /绑定 确认。'
export const UNKNOWN_SENDER_TEXT = '我还不认识你，请先发送 /我是 你在名单上的姓名（例如 /我是 王芳）。'

const ROLE_NAMES: Record<string, string> = { admin: '行政群', publicity: '宣传讨论群', tech: '信息技术支持群', staff: '教职工群' }

/** Who may run it, in words, for refusals and /帮助. */
export function accessText(command: Pick<Command, 'access'>): string | undefined {
  const rules = ([] as AccessRule[]).concat(command.access as AccessRule | AccessRule[])
  if (rules.includes('everyone')) return undefined
  return rules
    .map((rule) => (rule === 'admin' ? '行政群成员' : typeof rule === 'object' && 'role' in rule ? `${ROLE_NAMES[rule.role] ?? rule.role}成员` : typeof rule === 'object' ? '指定人员' : ''))
    .join('、')
}

export class Router {
  readonly commands: Command[]
  private readonly byName = new Map<string, Command>()
  private readonly listeners: Listener[]

  constructor(
    private readonly app: AppContext,
    commands: readonly Command[],
    listeners: readonly Listener[],
    private readonly teams: Teams,
  ) {
    this.commands = [...commands]
    for (const command of this.commands) {
      for (const name of command.names) {
        if (this.byName.has(name.toLowerCase())) throw new Error(`命令名重复 (duplicate command name): ${name}`)
        this.byName.set(name.toLowerCase(), command)
      }
    }
    // A stable sort keeps the areas' registry order among listeners of the same order.
    this.listeners = [...listeners].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
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

  /** Rights are checked at the moment of the command, from the rooms the sender is in right now. */
  async mayRun(command: Pick<Command, 'access'>, context: MessageContext): Promise<boolean> {
    const rules = ([] as AccessRule[]).concat(command.access as AccessRule | AccessRule[])
    for (const rule of rules) {
      if (rule === 'everyone' || context.isAdmin) return true
      if (rule === 'admin') continue
      if ('role' in rule) {
        const inRole = context.incoming.senderGroups.some((topic) => this.app.roleOf(topic) === rule.role)
        if (inRole && (context.incoming.room === undefined || context.roomRole === rule.role)) return true
        continue
      }
      // A team is people, and a name is a claim: only the one account that is that person.
      const team = this.teams[rule.team] ?? []
      if (context.sender && team.includes(context.sender.person.name) && (await context.soleClaim())) return true
    }
    return false
  }

  nearestName(word: string): string | undefined {
    let best: { name: string; distance: number } | undefined
    for (const name of this.byName.keys()) {
      const candidate = distance(word.toLowerCase(), name)
      if (!best || candidate < best.distance) best = { name, distance: candidate }
    }
    return best && best.distance <= Math.max(2, Math.floor(word.length / 2)) ? best.name : undefined
  }

  /** Handles one message and queues every reply; a handler's failure is answered here, never thrown. */
  async handle(incoming: Incoming): Promise<void> {
    const { context, outbox } = createMessageContext(this.app, incoming)
    try {
      if (isCommand(incoming.text)) await this.runCommand(context)
      else await this.runListeners(context)
      this.app.deliver(bounded(outbox, this.app.config.send.maxChars))
    } catch (error) {
      if (error instanceof StoreError) {
        // Nothing this message did may look saved: the sender is told, the admins alerted, the bot stops.
        this.app.deliver([{ to: context.replyTo, text: `⚠ 出现存储故障，你刚才发的内容没有保存。请稍后再发。` }], { urgent: true })
        this.app.fail(error)
        return
      }
      this.app.log.error(`处理消息出错 (handler failed): ${(error as Error).stack ?? String(error)}`)
      this.app.deliver([{ to: context.replyTo, text: HANDLER_FAILED_TEXT }], { urgent: true })
    }
  }

  private async runCommand(context: MessageContext): Promise<void> {
    const resolved = this.resolve(context.incoming.text)
    if (!resolved) return
    if ('unknown' in resolved) {
      const nearest = this.nearestName(resolved.unknown.slice(0, 20))
      const hint = nearest ? `你是不是想用 /${nearest}？` : ''
      return context.reply(`没有 /${echo(resolved.unknown)} 这个命令。${hint}发送 /帮助 查看可用命令。`)
    }
    const { command, argWords } = resolved
    if (context.incoming.senderGroups.length === 0 && !command.openToStrangers) return context.reply(STRANGER_TEXT)
    if (!(await this.mayRun(command, context))) {
      const who = accessText(command)
      return context.reply(who === '行政群成员' ? ADMIN_ONLY_TEXT : `这个命令只有${who}可以使用。`)
    }
    const argLength = argWords.reduce((sum, word) => sum + word.length + 1, 0)
    if (argLength > MAX_COMMAND_TEXT) return context.reply(`用法：${command.usage}\n问题：内容太长了，请控制在 ${MAX_COMMAND_TEXT} 字以内`)
    const args = command.args.safeParse(argWords)
    if (!args.success) {
      // The explanation is ours; only the words the sender typed into it are cut short.
      const problem = argWords
        .filter((word) => [...word].length > ECHO_LIMIT)
        .reduce((text, word) => text.split(word).join(echo(word)), args.error.issues.map((issue) => issue.message).join('；'))
      return context.reply(`用法：${command.usage}\n问题：${problem}`)
    }
    this.app.log.debug(`命令 /${command.names[0]}`)
    if (command.knownSender) {
      if (!context.sender) return context.reply(UNKNOWN_SENDER_TEXT)
      if (!(await context.soleClaim())) return context.reply(SHARED_NAME_TEXT)
      return command.run(context as KnownSenderContext, args.data)
    }
    return command.run(context, args.data)
  }

  private async runListeners(context: MessageContext): Promise<void> {
    const place = context.incoming.room === undefined ? 'private' : context.roomRole
    if (!place) return
    for (const listener of this.listeners) {
      if (!listener.scope.includes(place)) continue
      if (await listener.hear(context)) return
    }
  }
}

const TRUNCATED = '…（内容过长，已截断）'

/** A handler may answer with a few short messages; reports an admin asked for may be long. */
function bounded(outbox: readonly Outgoing[], maxChars: number): Outgoing[] {
  const bulk = outbox.filter((message) => message.bulk)
  const ordinary = outbox
    .filter((message) => !message.bulk)
    .slice(0, MAX_REPLIES_PER_MESSAGE)
    .map((message) =>
      message.text !== undefined && message.text.length > maxChars ? { ...message, text: `${[...message.text].slice(0, maxChars / 2).join('')}${TRUNCATED}` } : message,
    )
  return [...ordinary, ...bulk]
}
