import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { alertsSchema, createAlarm, type Alarm, type AlarmFormat } from '../../src/ops/alarm.js'

const SECRET_KEY = 'a1b2c3d4-secret-robot-key'

interface Received {
  path: string
  contentType: string | undefined
  body: unknown
}

/** A robot endpoint on 127.0.0.1 that answers each request with the next planned reply. */
class FakeRobot {
  readonly received: Received[] = []
  /** Status and body per request, in order; after the last, every request gets 200 `{}`. */
  replies: Array<{ status: number; body?: unknown }> = []
  private server: Server | undefined

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        this.received.push({
          path: request.url ?? '',
          contentType: request.headers['content-type'],
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        })
        const reply = this.replies.shift() ?? { status: 200, body: {} }
        response.writeHead(reply.status, { 'content-type': 'application/json' })
        response.end(JSON.stringify(reply.body ?? {}))
      })
    })
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = undefined
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** Time that moves only when told to; timers wait in a list until the test fires them. */
class ManualClock {
  current = Date.parse('2026-03-02T07:30:00+08:00')
  readonly timers: Array<{ delayMs: number; callback: () => unknown }> = []

  now(): Date {
    return new Date(this.current)
  }

  setTimer(delayMs: number, callback: () => unknown) {
    const timer = { delayMs, callback }
    this.timers.push(timer)
    return () => void this.timers.splice(this.timers.indexOf(timer), 1)
  }

  advanceMinutes(minutes: number): void {
    this.current += minutes * 60_000
  }

  /** Moves time to the next timer and runs it. */
  fireNext(): number {
    const timer = this.timers.shift()
    if (!timer) throw new Error('no timer pending')
    this.current += timer.delayMs
    timer.callback()
    return timer.delayMs
  }
}

let robot: FakeRobot
let clock: ManualClock
let logLines: string[]

beforeEach(() => {
  robot = new FakeRobot()
  clock = new ManualClock()
  logLines = []
})

afterEach(async () => {
  await robot.stop()
})

const log = {
  debug: (line: string) => logLines.push(`DEBUG ${line}`),
  info: (line: string) => logLines.push(`INFO ${line}`),
  warn: (line: string) => logLines.push(`WARN ${line}`),
  error: (line: string) => logLines.push(`ERROR ${line}`),
}

function alarmFor(webhook: string | undefined, format: AlarmFormat = 'json'): Alarm {
  const settings = alertsSchema.parse({ webhook, format })
  return createAlarm({ settings, log, clock })
}

async function robotUrl(): Promise<string> {
  return `${await robot.start()}/cgi-bin/webhook/send?key=${SECRET_KEY}`
}

describe('alertsSchema', () => {
  it('defaults to no webhook, json and 10 minutes', () => {
    expect(alertsSchema.parse(undefined)).toEqual({ format: 'json', afterMinutes: 10 })
  })

  it.each(['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x', 'http://127.0.0.1:8080/hook'])('accepts %s', (webhook) => {
    expect(alertsSchema.parse({ webhook }).webhook).toBe(webhook)
  })

  it.each(['http://example.com/hook?key=leaky', 'ftp://example.com/hook', 'qyapi.weixin.qq.com/hook'])(
    'refuses %s in Chinese without repeating it',
    (webhook) => {
      const result = alertsSchema.safeParse({ webhook })
      expect(result.success).toBe(false)
      const messages = result.error!.issues.map((issue) => issue.message).join('\n')
      expect(messages).toContain('https://')
      expect(messages).not.toContain(webhook)
    },
  )
})

describe('createAlarm', () => {
  it('posts the generic JSON body with kind, Chinese text, detail and time', async () => {
    const alarm = alarmFor(await robotUrl())
    alarm.raise({ kind: 'stopped', detail: '配置文件读取失败' })
    await alarm.settled()
    expect(robot.received).toHaveLength(1)
    expect(robot.received[0]!.path).toBe(`/cgi-bin/webhook/send?key=${SECRET_KEY}`)
    expect(robot.received[0]!.contentType).toMatch(/^application\/json/)
    expect(robot.received[0]!.body).toEqual({
      source: 'staff-bot',
      kind: 'stopped',
      text: expect.stringContaining('停止运行'),
      detail: '配置文件读取失败',
      at: '2026-03-01T23:30:00.000Z',
    })
    expect((robot.received[0]!.body as { text: string }).text).toContain('详情：配置文件读取失败')
  })

  it.each([
    ['wecom', (text: string) => ({ msgtype: 'text', text: { content: text } })],
    ['dingtalk', (text: string) => ({ msgtype: 'text', text: { content: text } })],
    ['feishu', (text: string) => ({ msg_type: 'text', content: { text } })],
  ] as const)('posts the %s robot text message', async (format, shape) => {
    robot.replies = [{ status: 200, body: format === 'feishu' ? { code: 0, msg: 'success' } : { errcode: 0, errmsg: 'ok' } }]
    const alarm = alarmFor(await robotUrl(), format)
    alarm.raise({ kind: 'logged-out' })
    await alarm.settled()
    expect(robot.received.map((request) => request.body)).toEqual([shape(expect.stringContaining('微信已退出登录') as unknown as string)])
    expect(logLines).toContain('INFO 告警已通过告警 webhook 发出（logged-out）')
  })

  it.each([
    ['logged-out', '微信已退出登录'],
    ['cannot-reconnect', '超过 10 分钟没有连上'],
    ['stopped', '停止运行'],
    ['login-refused', '不能登录网页版微信'],
  ] as const)('says in Chinese what %s means', async (kind, words) => {
    const alarm = alarmFor(await robotUrl(), 'wecom')
    alarm.raise({ kind })
    await alarm.settled()
    const body = robot.received[0]!.body as { text: { content: string } }
    expect(body.text.content).toContain('【教职工群助手】')
    expect(body.text.content).toContain(words)
  })

  it('carries the login QR code when a scan is needed', async () => {
    const qrUrl = 'https://login.weixin.qq.com/l/Qa1b2C3d4e=='
    const alarm = alarmFor(await robotUrl())
    alarm.raise({ kind: 'scan-needed', qrUrl })
    await alarm.settled()
    const body = robot.received[0]!.body as { qrUrl: string; text: string }
    expect(body.qrUrl).toBe(qrUrl)
    expect(body.text).toContain(qrUrl)
    expect(body.text).toContain(`https://wechaty.js.org/qrcode/${encodeURIComponent(qrUrl)}`)
  })

  it('retries with a doubling back-off while the endpoint is down, and delivers once when it is back', async () => {
    robot.replies = [{ status: 503 }, { status: 502 }, { status: 500 }]
    const alarm = alarmFor(await robotUrl())
    alarm.raise({ kind: 'logged-out' })
    await alarm.settled()
    const delays: number[] = []
    while (clock.timers.length > 0) {
      delays.push(clock.fireNext())
      await alarm.settled()
    }
    expect(delays).toEqual([30_000, 60_000, 120_000])
    expect(robot.received).toHaveLength(4)
    expect(new Set(robot.received.map((request) => JSON.stringify(request.body))).size).toBe(1)
    expect(logLines.filter((line) => line.startsWith('WARN'))).toEqual([
      'WARN 告警 webhook 发送失败（logged-out，第 1 次，HTTP 503），30 秒后重试',
      'WARN 告警 webhook 发送失败（logged-out，第 2 次，HTTP 502），60 秒后重试',
      'WARN 告警 webhook 发送失败（logged-out，第 3 次，HTTP 500），120 秒后重试',
    ])
    expect(logLines.filter((line) => line.startsWith('INFO'))).toEqual(['INFO 告警已通过告警 webhook 发出（logged-out）'])
  })

  it('survives an endpoint nobody listens on, backs off up to 10 minutes, then gives up', async () => {
    const url = await robotUrl()
    await robot.stop()
    const alarm = alarmFor(url)
    alarm.raise({ kind: 'cannot-reconnect' })
    await alarm.settled()
    const delays: number[] = []
    while (clock.timers.length > 0) {
      delays.push(clock.fireNext())
      await alarm.settled()
    }
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000])
    expect(logLines.filter((line) => line.includes('发送失败'))).toHaveLength(8)
    expect(logLines.at(-1)).toBe('ERROR 告警 webhook 发送失败（cannot-reconnect，第 8 次，ECONNREFUSED），不再重试')
  })

  it('does not retry a message the robot refused, and says where to look', async () => {
    robot.replies = [{ status: 200, body: { code: 19024, msg: 'Key Words Not Found' } }]
    const alarm = alarmFor(await robotUrl(), 'feishu')
    alarm.raise({ kind: 'stopped' })
    await alarm.settled()
    expect(clock.timers).toHaveLength(0)
    expect(logLines).toEqual(['ERROR 告警 webhook 发送失败（stopped，第 1 次，机器人拒收，错误码 19024，请检查机器人的关键词、IP 或签名设置），不再重试'])
  })

  it('sends the same kind once within a few minutes, and again after that', async () => {
    const alarm = alarmFor(await robotUrl())
    alarm.raise({ kind: 'scan-needed', qrUrl: 'https://login.weixin.qq.com/l/first' })
    alarm.raise({ kind: 'scan-needed', qrUrl: 'https://login.weixin.qq.com/l/second' })
    alarm.raise({ kind: 'logged-out' })
    clock.advanceMinutes(4)
    alarm.raise({ kind: 'scan-needed', qrUrl: 'https://login.weixin.qq.com/l/third' })
    await alarm.settled()
    expect(robot.received.map((request) => (request.body as { kind: string; qrUrl?: string }).qrUrl ?? request.body)).toEqual([
      'https://login.weixin.qq.com/l/first',
      expect.objectContaining({ kind: 'logged-out' }),
    ])
    clock.advanceMinutes(2)
    alarm.raise({ kind: 'scan-needed', qrUrl: 'https://login.weixin.qq.com/l/fourth' })
    await alarm.settled()
    expect(robot.received).toHaveLength(3)
  })

  it('never writes the webhook URL or its key into the log', async () => {
    robot.replies = [{ status: 503 }, { status: 200, body: { errcode: 93000, errmsg: `invalid webhook url ${SECRET_KEY}` } }]
    const url = await robotUrl()
    const alarm = alarmFor(url, 'wecom')
    alarm.raise({ kind: 'logged-out' })
    await alarm.settled()
    clock.fireNext()
    await alarm.settled()
    await robot.stop()
    alarm.raise({ kind: 'stopped' })
    await alarm.settled()
    expect(logLines.length).toBeGreaterThanOrEqual(3)
    expect(logLines.every((line) => line.includes('告警 webhook'))).toBe(true)
    for (const line of logLines) {
      expect(line).not.toContain(SECRET_KEY)
      expect(line).not.toContain(new URL(url).host)
    }
  })

  it('does nothing without a webhook', async () => {
    const alarm = alarmFor(undefined)
    alarm.raise({ kind: 'stopped' })
    await alarm.settled()
    expect(clock.timers).toHaveLength(0)
    expect(logLines).toEqual([])
  })
})
