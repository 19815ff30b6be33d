/**
 * Recognising a WeChat account that may not use web WeChat, so the bot stops instead of
 * showing QR codes forever.
 *
 * What WeChat does: after the phone confirms, the login redirect page answers
 *   <error><ret>1203</ret><message>为了你的帐号安全，此微信号不能登录网页微信。你可以使用Windows微信或Mac微信在电脑端登录。…</message></error>
 * (older wording: "此微信号已不允许登录网页微信").
 *
 * What wechat4u 0.7.14 does with it (lib/core.js, `login()`): it reads the page only for
 * `<ret>0</ret>` and otherwise returns as if logged in, with no sid, skey or pass_ticket. The next
 * call, `init()` (webwxinit), then fails with `AlreadyLogoutError('already logout')` when
 * BaseResponse.Ret is 1101, or an `AssertionError` such as "1101 == 0" / "1102 == 0" otherwise
 * (`err.tips = '微信初始化失败'`). `start()` emits that as 'error' and stops; the puppet answers
 * the 'logout' with `start()`: a new QR code, for ever. The same init failures also follow an
 * expired session, so on their own they are not proof of a refusal: the text is recognised
 * wherever it does surface, and the loop is recognised by `LoginLoopDetector`.
 *
 * `revealWechat4uLoginRefusal()` makes `login()` fail with WeChat's own answer instead, so the
 * refusal reaches the bot as an error it can recognise.
 *
 * Errors reach the bot through Wechaty's 'error' event as a GError (wechaty-puppet-wechat4u
 * sends `GError.stringify(err)`): only `message`, `name` and the stack (also in `details`)
 * survive, not wechat4u's `tips` or `response`, so the classifier reads text wherever it is.
 */
import { loadWechat4uClass } from './wechat4u-hardening.js'

export type LoginFailure = 'refused' | 'transient' | 'unknown'

/** WeChat's own words when an account may not use web WeChat, and its return code for it. */
const REFUSAL_PATTERNS: readonly RegExp[] = [
  /<ret>\s*1203\s*<\/ret>/,
  /不能登录网页微信/,
  /不允许登录网页微信/,
  /\bret\D{0,3}1203\b/i,
]

/** Network trouble that passes by itself: DNS, refused or reset connections, timeouts. */
const TRANSIENT_PATTERNS: readonly RegExp[] = [
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ECONNABORTED|ENETUNREACH|EHOSTUNREACH|EPIPE)\b/,
  /socket hang up/i,
  /timeout of \d+ms exceeded/i,
  /\bNetwork Error\b/i,
  /网络错误/,
  /连续\d+次同步失败/,
]

function textsOf(error: unknown, depth = 0): string[] {
  if (typeof error === 'string') return [error]
  if (typeof error !== 'object' || error === null || depth > 3) return []
  const record = error as Record<string, unknown>
  const texts: string[] = []
  for (const key of ['message', 'code', 'details', 'stack', 'tips', 'data'] as const) {
    const value = record[key]
    if (typeof value === 'string' || typeof value === 'number') texts.push(String(value))
  }
  // A wechat4u AssertionError keeps the HTTP answer; the puppet's error payload keeps the GError as `data`.
  for (const key of ['response', 'cause', 'gerror'] as const) {
    if (record[key] !== undefined) texts.push(...textsOf(record[key], depth + 1))
  }
  return texts
}

/**
 * Whether a login failure is WeChat refusing this account the web protocol (`refused`: stop
 * retrying), a network problem (`transient`: retrying helps) or anything else (`unknown`).
 * Takes what the puppet or wechat4u produce: an Error, a GError, its JSON, or an error payload.
 */
export function classifyLoginFailure(error: unknown): LoginFailure {
  const text = textsOf(error).join('\n')
  if (REFUSAL_PATTERNS.some((pattern) => pattern.test(text))) return 'refused'
  if (TRANSIENT_PATTERNS.some((pattern) => pattern.test(text))) return 'transient'
  return 'unknown'
}

/** What the login sequence shows the bot, in Wechaty's terms. */
export type LoginEvent =
  /** A new QR code is waiting to be scanned. */
  | 'qr'
  /** The phone scanned the QR code (and may have confirmed it). */
  | 'scanned'
  | 'login'
  | 'logout'

export interface LoginLoopOptions {
  now: () => Date
  /** Failed rounds within `windowMs` that make a loop. */
  failures?: number
  windowMs?: number
}

const DEFAULT_FAILURES = 3
const DEFAULT_WINDOW_MS = 30 * 60_000

/**
 * Notices when logging in goes round in circles: a phone scans and confirms but a fresh QR code
 * comes instead of a login (what a refused account sees), or the bot is logged out again and
 * again. A QR code that simply expires unscanned is not a failure: the bot may wait for days.
 */
export class LoginLoopDetector {
  private readonly now: () => Date
  private readonly failuresForLoop: number
  private readonly windowMs: number
  private failureTimes: number[] = []
  private scannedSinceQr = false

  constructor(options: LoginLoopOptions) {
    this.now = options.now
    this.failuresForLoop = options.failures ?? DEFAULT_FAILURES
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS
  }

  /** Records an event; true when the failures within the window now make a loop. */
  record(event: LoginEvent): boolean {
    switch (event) {
      case 'scanned':
        this.scannedSinceQr = true
        return false
      case 'login':
        this.scannedSinceQr = false
        return false
      case 'qr':
        if (!this.scannedSinceQr) return false
        this.scannedSinceQr = false
        return this.recordFailure()
      case 'logout':
        this.scannedSinceQr = false
        return this.recordFailure()
    }
  }

  private recordFailure(): boolean {
    const at = this.now().getTime()
    this.failureTimes = [...this.failureTimes.filter((time) => at - time < this.windowMs), at]
    return this.failureTimes.length >= this.failuresForLoop
  }
}

/** Said once when the bot gives up logging in with the web protocol. */
export const LOGIN_REFUSED_TEXT = [
  '这个微信号不能用网页版微信协议登录（微信拒绝了网页登录，或者扫码后一再被退出），机器人已停止重试，不再刷新二维码。',
  '原因：微信不允许很多微信号（尤其是较新的号）登录网页版微信，重试也没有用。可以先在电脑浏览器打开 https://wx.qq.com 扫码试试，能登录的微信号才能用默认协议。',
  '解决办法：换用别的协议（puppet），用 Wechaty 的标准环境变量指定，例如：',
  '1. wechaty-puppet-service（已随 Wechaty 安装）：向 Wechaty 的 puppet 服务商申请一个 token（iPad 或 Windows 协议，一般收费），然后设置 WECHATY_PUPPET=wechaty-puppet-service 和 WECHATY_PUPPET_SERVICE_TOKEN=你的token，再启动机器人。',
  '2. wechaty-puppet-padlocal（iPad 协议）：先 npm install wechaty-puppet-padlocal，再设置 WECHATY_PUPPET=wechaty-puppet-padlocal 和 WECHATY_PUPPET_PADLOCAL_TOKEN=向 PadLocal 申请的 token。',
  '也可以换一个能登录网页版微信的微信号来运行机器人。',
].join('\n')

/** WeChat's answer to the login redirect when it is not a success (`<ret>` other than 0). */
export function loginRedirectFailure(answer: unknown): { ret: string; message: string } | undefined {
  if (typeof answer !== 'string') return undefined
  const ret = /<ret>(.*?)<\/ret>/.exec(answer)?.[1]
  if (ret === undefined || ret === '0') return undefined
  return { ret, message: /<message>([\s\S]*?)<\/message>/.exec(answer)?.[1] ?? '' }
}

type Wechat4uRequest = (options: unknown) => Promise<{ data?: unknown }>
interface Wechat4uLoginInstance {
  request: Wechat4uRequest
}

const REFUSAL_REVEALED = Symbol.for('staff-bot.wechat4u.loginRefusalRevealed')

/**
 * Wraps wechat4u's `login()` so that a login WeChat answers with anything but `<ret>0</ret>`
 * fails there, with WeChat's code and message, instead of carrying on without a session. The
 * answer is read by watching the one request `login()` makes (the redirect page), since
 * wechat4u keeps it inside a closure. Runs at start-up; nothing in node_modules changes.
 */
export function revealWechat4uLoginRefusal(): void {
  const proto = loadWechat4uClass().prototype as unknown as Record<PropertyKey, unknown>
  if (proto[REFUSAL_REVEALED]) return
  const originalLogin = proto.login as (this: Wechat4uLoginInstance) => Promise<unknown>
  proto.login = async function login(this: Wechat4uLoginInstance): Promise<void> {
    const request = this.request
    let answer: unknown
    this.request = (options) =>
      request(options).then(
        (response) => {
          answer = response?.data
          return response
        },
        (error: { response?: { data?: unknown } } | undefined) => {
          answer = error?.response?.data
          throw error
        },
      )
    try {
      await originalLogin.call(this)
    } finally {
      this.request = request
    }
    const failure = loginRedirectFailure(answer)
    if (failure) {
      throw Object.assign(new Error(`微信拒绝了网页登录（ret ${failure.ret}）：${failure.message}`), { tips: '登录失败' })
    }
  }
  proto[REFUSAL_REVEALED] = true
}
