/**
 * The out-of-band alarm: when the bot can no longer reach its groups (logged out, offline,
 * stopped), nobody would hear it say so in WeChat, so it calls a webhook instead, typically a
 * WeCom, DingTalk or Feishu group robot in a channel the school's IT teacher reads.
 *
 * The webhook URL carries the robot's key, so it is a secret: nothing here logs it, nor any
 * error text that might quote it; the log says only "告警 webhook".
 */
import { z } from 'zod'
import type { Clock, Logger } from '../schedule/clock.js'

export const ALARM_FORMATS = ['json', 'wecom', 'dingtalk', 'feishu'] as const
export type AlarmFormat = (typeof ALARM_FORMATS)[number]

/** Plain http is only for a server on this machine (the tests'); anything else goes over https. */
function isAcceptedWebhook(value: string): boolean {
  if (!URL.canParse(value)) return false
  const url = new URL(value)
  if (url.protocol === 'https:') return true
  return url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === 'localhost')
}

export const alertsSchema = z
  .object({
    webhook: z
      .string()
      .trim()
      .refine(isAcceptedWebhook, { message: '告警 webhook 应为 https:// 开头的完整网址（仅本机测试可用 http://127.0.0.1）' })
      .optional(),
    format: z.enum(ALARM_FORMATS, { message: `告警格式应为 ${ALARM_FORMATS.join(' / ')} 之一` }).default('json'),
    /** How long the bot may fail to reconnect before the alarm is raised. */
    afterMinutes: z.number({ message: '应为分钟数' }).int('应为整数分钟').min(1, '至少 1 分钟').default(10),
  })
  .prefault({})
export type AlertSettings = z.infer<typeof alertsSchema>

export type AlarmKind = 'logged-out' | 'cannot-reconnect' | 'stopped' | 'scan-needed' | 'login-refused'

export interface AlarmEvent {
  kind: AlarmKind
  /** Shown to the reader as is: it must not hold secrets. */
  detail?: string
  /** The login QR code's content (wechat4u: https://login.weixin.qq.com/l/…). */
  qrUrl?: string
}

export interface Alarm {
  /** Sends the alarm in the background; never throws, whatever the endpoint does. */
  raise(event: AlarmEvent): void
  /** Resolves once no delivery is under way (a retry waiting for its timer does not count). */
  settled(): Promise<void>
}

export interface AlarmDependencies {
  settings: AlertSettings
  log: Logger
  clock: Pick<Clock, 'now' | 'setTimer'>
  post?: typeof fetch
}

/** The same kind raised again within this time is the same trouble: one message is enough. */
const REPEAT_WINDOW_MS = 5 * 60_000
const FIRST_RETRY_MS = 30_000
const MAX_RETRY_MS = 10 * 60_000
/** 30 s, 1, 2, 4, 8, 10, 10 min: about 35 minutes of trying before this alarm is given up. */
const MAX_ATTEMPTS = 8
const REQUEST_TIMEOUT_MS = 15_000
const SENDER = '【教职工群助手】'
const QR_IMAGE_SERVICE = 'https://wechaty.js.org/qrcode/'

const HEADLINES: Record<AlarmKind, string> = {
  'logged-out': '微信已退出登录，机器人现在收不到也发不出消息。',
  'cannot-reconnect': '机器人连不上微信，提醒和统计都发不出去。',
  stopped: '机器人出错停止运行了，请查看日志后重新启动。',
  'scan-needed': '需要用机器人的微信扫码登录。',
  'login-refused': '这个微信号不能登录网页版微信，机器人已停止重试，需要换用其他协议（详见日志）。',
}

function alarmText(event: AlarmEvent, afterMinutes: number): string {
  const lines = [`${SENDER}${HEADLINES[event.kind]}`]
  if (event.kind === 'cannot-reconnect') lines.push(`已经超过 ${afterMinutes} 分钟没有连上，请检查运行机器人的电脑和网络。`)
  if (event.qrUrl) {
    lines.push(`二维码内容：${event.qrUrl}`)
    lines.push(`在电脑上打开这个网址显示二维码，再用手机扫码：${QR_IMAGE_SERVICE}${encodeURIComponent(event.qrUrl)}`)
  }
  if (event.detail) lines.push(`详情：${event.detail}`)
  return lines.join('\n')
}

/** The POST body each robot takes for a plain text message. */
function alarmBody(format: AlarmFormat, event: AlarmEvent, text: string, at: Date): unknown {
  switch (format) {
    case 'wecom':
    case 'dingtalk':
      return { msgtype: 'text', text: { content: text } }
    case 'feishu':
      return { msg_type: 'text', content: { text } }
    case 'json':
      return { source: 'staff-bot', kind: event.kind, text, detail: event.detail, qrUrl: event.qrUrl, at: at.toISOString() }
  }
}

type Outcome = { delivered: true } | { delivered: false; reason: string; retry: boolean }

/**
 * The group robots answer HTTP 200 even when they drop a message (a missing keyword, a wrong
 * key, a signature required): the verdict is the body's errcode (WeCom, DingTalk) or code (Feishu).
 */
function robotRefusal(format: AlarmFormat, responseText: string): string | undefined {
  if (format === 'json') return undefined
  let answer: unknown
  try {
    answer = JSON.parse(responseText)
  } catch {
    return undefined
  }
  if (typeof answer !== 'object' || answer === null) return undefined
  const { errcode, code } = answer as { errcode?: unknown; code?: unknown }
  const status = format === 'feishu' ? code : errcode
  return typeof status === 'number' && status !== 0 ? String(status) : undefined
}

/** An error's code only: the messages of fetch and undici can quote the URL. */
function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause
  if (typeof cause?.code === 'string') return cause.code
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return '超时'
  return error instanceof Error ? error.name : '未知错误'
}

function retryDelay(attempt: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** (attempt - 1), MAX_RETRY_MS)
}

export function createAlarm({ settings, log, clock, post = fetch }: AlarmDependencies): Alarm {
  const webhook = settings.webhook
  const inFlight = new Set<Promise<void>>()
  const lastRaisedAt = new Map<AlarmKind, number>()

  async function deliverOnce(url: string, body: string): Promise<Outcome> {
    try {
      const response = await post(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      })
      const responseText = await response.text()
      if (!response.ok) return { delivered: false, reason: `HTTP ${response.status}`, retry: true }
      const refusal = robotRefusal(settings.format, responseText)
      if (refusal) return { delivered: false, reason: `机器人拒收，错误码 ${refusal}，请检查机器人的关键词、IP 或签名设置`, retry: false }
      return { delivered: true }
    } catch (error) {
      return { delivered: false, reason: describeFailure(error), retry: true }
    }
  }

  function attempt(url: string, body: string, kind: AlarmKind, attemptNumber: number): void {
    const handled = deliverOnce(url, body).then((outcome) => {
      if (outcome.delivered) {
        log.info(`告警已通过告警 webhook 发出（${kind}）`)
        return
      }
      const failure = `告警 webhook 发送失败（${kind}，第 ${attemptNumber} 次，${outcome.reason}）`
      if (!outcome.retry || attemptNumber >= MAX_ATTEMPTS) {
        log.error(`${failure}，不再重试`)
        return
      }
      const delay = retryDelay(attemptNumber)
      log.warn(`${failure}，${delay / 1000} 秒后重试`)
      clock.setTimer(delay, () => attempt(url, body, kind, attemptNumber + 1))
    })
    // Only a logger or timer could throw here; the alarm still must not take the process down.
    const delivery = handled.catch((error: unknown) => log.error(`告警 webhook 处理出错（${describeFailure(error)}）`))
    inFlight.add(delivery)
    void delivery.finally(() => inFlight.delete(delivery))
  }

  return {
    raise(event) {
      if (!webhook) return
      const now = clock.now()
      const last = lastRaisedAt.get(event.kind)
      if (last !== undefined && now.getTime() - last < REPEAT_WINDOW_MS) {
        log.debug(`告警 ${event.kind} 刚发过，这次不再发送`)
        return
      }
      lastRaisedAt.set(event.kind, now.getTime())
      const body = JSON.stringify(alarmBody(settings.format, event, alarmText(event, settings.afterMinutes), now))
      attempt(webhook, body, event.kind, 1)
    },
    async settled() {
      while (inFlight.size > 0) await Promise.all(inFlight)
    },
  }
}
