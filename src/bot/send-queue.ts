import { chunk, mentionPrefixLength, splitText } from '../domain/text-split.js'
import type { Destination, Outgoing, OutgoingFile } from '../domain/types.js'
import type { Clock, Logger } from '../schedule/clock.js'

/** One WeChat message, ready for the transport. */
export interface WireMessage {
  to: Destination
  text?: string
  mentions?: string[]
  file?: OutgoingFile
}

export type Transport = (message: WireMessage) => Promise<void>

export interface SendQueueOptions {
  clock: Clock
  log: Logger
  transport: Transport
  minIntervalMs: number
  maxChars: number
  maxMentions: number
}

const MAX_ATTEMPTS = 3

interface Queued {
  message: WireMessage
  attempts: number
}

/**
 * Every outgoing message passes through here: WeChat restricts accounts that send fast,
 * so messages leave one at a time at least `minIntervalMs` apart; urgent ones jump the line.
 */
export class SendQueue {
  private readonly queue: Queued[] = []
  private lastSentAt = Number.NEGATIVE_INFINITY
  private waiting = false
  private sending: Promise<void> | undefined

  constructor(private readonly options: SendQueueOptions) {}

  get length(): number {
    return this.queue.length
  }

  /** Resolves when no message is being handed to the transport right now. */
  async settled(): Promise<void> {
    while (this.sending) await this.sending
  }

  enqueue(messages: Outgoing[], urgent = false): void {
    const wire = messages.flatMap((message) => this.toWire(message)).map((message) => ({ message, attempts: 0 }))
    if (urgent) this.queue.unshift(...wire)
    else this.queue.push(...wire)
    this.pump()
  }

  /** Long texts become several messages; long mention lists are spread over several. */
  private toWire(outgoing: Outgoing): WireMessage[] {
    const wire: WireMessage[] = []
    if (outgoing.text !== undefined) {
      const mentionRuns = outgoing.mentions?.length ? chunk(outgoing.mentions, this.options.maxMentions) : []
      const texts = splitText(outgoing.text, this.options.maxChars, mentionPrefixLength(mentionRuns[0] ?? []))
      texts.forEach((text, index) => {
        const mentions = index === 0 ? mentionRuns[0] : undefined
        wire.push(mentions ? { to: outgoing.to, text, mentions } : { to: outgoing.to, text })
      })
      for (const mentions of mentionRuns.slice(1)) wire.push({ to: outgoing.to, text: '（接上条）请以上老师尽快上报。', mentions })
    }
    if (outgoing.file) wire.push({ to: outgoing.to, file: outgoing.file })
    return wire
  }

  private pump(): void {
    if (this.waiting || this.sending || this.queue.length === 0) return
    const wait = this.lastSentAt + this.options.minIntervalMs - this.options.clock.now().getTime()
    if (wait > 0) {
      this.waiting = true
      this.options.clock.setTimer(wait, () => {
        this.waiting = false
        this.pump()
      })
      return
    }
    const next = this.queue.shift()
    if (!next) return
    this.sending = this.sendOne(next).finally(() => {
      this.sending = undefined
      this.pump()
    })
  }

  private async sendOne(item: Queued): Promise<void> {
    this.lastSentAt = this.options.clock.now().getTime()
    try {
      await this.options.transport(item.message)
    } catch (error) {
      item.attempts += 1
      const where = 'room' in item.message.to ? `群「${item.message.to.room}」` : '私聊'
      if (item.attempts < MAX_ATTEMPTS) {
        this.options.log.warn(`发送到${where}失败，稍后重试 (send failed, retrying): ${(error as Error).message}`)
        this.queue.unshift(item)
      } else {
        this.options.log.error(`发送到${where}失败，已放弃 (send failed, giving up): ${(error as Error).message}`)
      }
    }
  }
}
