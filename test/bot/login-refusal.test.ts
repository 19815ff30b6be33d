/**
 * The error shapes are made the way wechat4u 0.7.14 and the puppet make them: wechat4u's own
 * AlreadyLogoutError and assert helper, axios-style network errors, and the GError round trip
 * that wechaty-puppet-wechat4u (`{ data: GError.stringify(err) }`) and Wechaty (`GError.from`) apply.
 */
import { createRequire } from 'node:module'
import { GError } from 'gerror'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  LOGIN_REFUSED_TEXT,
  LoginLoopDetector,
  classifyLoginFailure,
  loginRedirectFailure,
  revealWechat4uLoginRefusal,
  type LoginEvent,
} from '../../src/bot/login-refusal.js'
import { loadWechat4uClass } from '../../src/bot/wechat4u-hardening.js'

const wechat4uRequire = createRequire(createRequire(import.meta.url).resolve('wechaty-puppet-wechat4u'))
const { AlreadyLogoutError } = wechat4uRequire('wechat4u/lib/core.js') as { AlreadyLogoutError: new (message?: string) => Error }
const { assert: wechat4uAssert } = wechat4uRequire('wechat4u/lib/util/global.js') as {
  assert: { equal(actual: unknown, expected: unknown, response: Record<string, unknown>): void }
}

/** WeChat's answer to the login redirect for an account barred from web WeChat. */
const REFUSAL_PAGE =
  '<error><ret>1203</ret><message>为了你的帐号安全，此微信号不能登录网页微信。你可以使用Windows微信或Mac微信在电脑端登录。Windows微信下载地址：https://pc.weixin.qq.com  Mac微信下载地址：https://mac.weixin.qq.com</message></error>'
const OLDER_REFUSAL_PAGE =
  '<error><ret>1203</ret><message>为了你的帐号安全，此微信号已不允许登录网页微信。你可以使用Windows微信或Mac微信在电脑端登录。</message></error>'

/** What a Wechaty 'error' listener receives for an error wechat4u emitted. */
function asWechatyError(error: unknown): GError {
  const puppetPayload = { data: GError.stringify(error) }
  return GError.from(puppetPayload)
}

function tagged(error: Error, tips: string): Error {
  return Object.assign(error, { tips })
}

function initAssertionError(ret: number): Error {
  try {
    wechat4uAssert.equal(ret, 0, { status: 200, data: { BaseResponse: { Ret: ret, ErrMsg: '' } }, request: {} })
  } catch (error) {
    return tagged(error as Error, '微信初始化失败')
  }
  throw new Error('the assertion did not fail')
}

function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, isAxiosError: true, config: { url: 'https://login.wx.qq.com/jslogin' } })
}

describe('classifyLoginFailure', () => {
  it.each([
    ['an Error carrying the refusal page', tagged(new Error(`登录被拒绝：${REFUSAL_PAGE}`), '登录失败')],
    ['the older wording', new Error(OLDER_REFUSAL_PAGE)],
    ['an HTTP error whose body is the refusal page', Object.assign(new Error('Request failed with status code 301'), { response: { status: 301, data: REFUSAL_PAGE } })],
    ['a plain string', REFUSAL_PAGE],
  ])('recognises the refusal in %s', (_, error) => {
    expect(classifyLoginFailure(error)).toBe('refused')
  })

  it('still recognises the refusal after the puppet and Wechaty wrapped it in a GError', () => {
    const wrapped = asWechatyError(tagged(new Error(`登录被拒绝：${REFUSAL_PAGE}`), '登录失败'))
    expect(wrapped).toBeInstanceOf(GError)
    expect(classifyLoginFailure(wrapped)).toBe('refused')
    expect(classifyLoginFailure({ data: GError.stringify(new Error(REFUSAL_PAGE)) })).toBe('refused')
  })

  it.each([
    ['no DNS', networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND login.wx.qq.com')],
    ['DNS not answering', networkError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN webpush.wx.qq.com')],
    ['a reset connection', networkError('ECONNRESET', 'socket hang up')],
    ['an axios timeout', networkError('ECONNABORTED', 'timeout of 120000ms exceeded')],
    ["wechat4u's restart after a network error", new Error('重启时网络错误，60s后进行最后一次重启')],
    ["wechat4u's sync failures", new Error('连续3次同步失败，5s后尝试重启')],
  ])('calls %s transient', (_, error) => {
    expect(classifyLoginFailure(error)).toBe('transient')
    expect(classifyLoginFailure(asWechatyError(error))).toBe('transient')
  })

  it.each([
    ['init answering logout (1101)', tagged(new AlreadyLogoutError(), '微信初始化失败')],
    ['init rejecting the session (1101 == 0)', initAssertionError(1101)],
    ['init rejecting a stale session (1102 == 0)', initAssertionError(1102)],
    ['something unrelated', new TypeError("Cannot read properties of undefined (reading 'match')")],
    ['not an error at all', undefined],
  ])('does not guess from %s', (_, error) => {
    expect(classifyLoginFailure(error)).toBe('unknown')
    expect(classifyLoginFailure(asWechatyError(error))).toBe('unknown')
  })
})

describe('LoginLoopDetector', () => {
  const MINUTE = 60_000

  function detector(options: { failures?: number; windowMs?: number } = {}) {
    let now = Date.parse('2026-03-02T08:00:00+08:00')
    const loop = new LoginLoopDetector({ now: () => new Date(now), ...options })
    return {
      after(minutes: number, ...events: LoginEvent[]): boolean[] {
        now += minutes * MINUTE
        return events.map((event) => loop.record(event))
      },
    }
  }

  it('finds the refused-login round: scanned, then a new QR code instead of a login, three times', () => {
    const login = detector()
    expect(login.after(0, 'qr', 'scanned')).toEqual([false, false])
    expect(login.after(1, 'qr', 'scanned')).toEqual([false, false])
    expect(login.after(1, 'qr', 'scanned')).toEqual([false, false])
    expect(login.after(1, 'qr')).toEqual([true])
  })

  it('finds a logout loop', () => {
    const login = detector()
    expect(login.after(0, 'login', 'logout')).toEqual([false, false])
    expect(login.after(2, 'scanned', 'login', 'logout')).toEqual([false, false, false])
    expect(login.after(2, 'scanned', 'login', 'logout')).toEqual([false, false, true])
  })

  it('lets a QR code expire unscanned for as long as nobody scans it', () => {
    const login = detector()
    for (let round = 0; round < 50; round++) expect(login.after(5, 'qr')).toEqual([false])
  })

  it('does not count a scan that led to a login', () => {
    const login = detector()
    for (let round = 0; round < 5; round++) expect(login.after(1, 'qr', 'scanned', 'login')).toEqual([false, false, false])
  })

  it('forgets failures older than the window', () => {
    const login = detector({ failures: 3, windowMs: 30 * MINUTE })
    expect(login.after(0, 'logout')).toEqual([false])
    expect(login.after(20, 'logout')).toEqual([false])
    expect(login.after(20, 'logout')).toEqual([false])
    expect(login.after(5, 'logout')).toEqual([true])
  })
})

describe('LOGIN_REFUSED_TEXT', () => {
  it('says the web protocol is refused and names the standard puppet variables', () => {
    expect(LOGIN_REFUSED_TEXT).toContain('网页版微信')
    expect(LOGIN_REFUSED_TEXT).toContain('停止重试')
    expect(LOGIN_REFUSED_TEXT).toContain('WECHATY_PUPPET=wechaty-puppet-service')
    expect(LOGIN_REFUSED_TEXT).toContain('WECHATY_PUPPET_SERVICE_TOKEN=')
  })
})

describe('revealWechat4uLoginRefusal', () => {
  const Wechat4u = loadWechat4uClass()
  /** WechatCore.prototype.login, the one wechat4u ships, before any wrapping. */
  const shippedLogin = (Object.getPrototypeOf(Wechat4u.prototype) as { login(this: unknown): Promise<unknown> }).login
  const SUCCESS_PAGE =
    '<error><ret>0</ret><message></message><skey>@crypt_skey</skey><wxsid>sid123</wxsid><wxuin>42</wxuin><pass_ticket>ticket%2B1</pass_ticket><isgrayscale>1</isgrayscale></error>'

  interface LoginBot {
    rediUri: string
    PROP: { skey: string; sid: string; passTicket: string }
    request: (options: unknown) => Promise<unknown>
    login(): Promise<unknown>
    start(): Promise<unknown>
    on(event: string, listener: (...args: unknown[]) => void): unknown
  }

  /** A real wechat4u instance whose login redirect answers with `page` (HTTP 200, or 301 as an axios error). */
  function botAnswering(page: string, status: 200 | 301): LoginBot {
    const bot = new Wechat4u() as unknown as LoginBot
    bot.rediUri = 'https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxnewloginpage?ticket=t&uuid=u&lang=zh_CN&scan=1'
    bot.request = async () => {
      const response = { status, data: page, headers: {} }
      if (status === 200) return response
      throw Object.assign(new Error('Request failed with status code 301'), { response })
    }
    return bot
  }

  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('shows the problem: the shipped login() carries on silently after a refusal', async () => {
    const bot = botAnswering(REFUSAL_PAGE, 301)
    await expect(shippedLogin.call(bot)).resolves.toBeUndefined()
    expect(bot.PROP.skey).toBe('')
  })

  it("makes login() fail with WeChat's refusal, recognised as refused", async () => {
    revealWechat4uLoginRefusal()
    for (const status of [200, 301] as const) {
      const failure = await botAnswering(REFUSAL_PAGE, status).login().catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(Error)
      expect((failure as Error).message).toContain('ret 1203')
      expect(classifyLoginFailure(failure)).toBe('refused')
      expect(classifyLoginFailure(asWechatyError(failure))).toBe('refused')
    }
  })

  it('leaves a successful login as it was', async () => {
    revealWechat4uLoginRefusal()
    const bot = botAnswering(SUCCESS_PAGE, 301)
    await expect(bot.login()).resolves.toBeUndefined()
    expect(bot.PROP).toMatchObject({ skey: '@crypt_skey', sid: 'sid123', passTicket: 'ticket%2B1' })
  })

  it("lets start() report the refusal as its 'error' before it stops", async () => {
    revealWechat4uLoginRefusal()
    const bot = botAnswering(REFUSAL_PAGE, 301)
    const core = bot as unknown as Record<string, (...args: unknown[]) => unknown>
    vi.spyOn(core, 'getUUID').mockResolvedValue('uuid-1')
    vi.spyOn(core, 'checkLogin').mockResolvedValue({ code: 200 })
    vi.spyOn(core, 'logout').mockResolvedValue('ok')
    const init = vi.spyOn(core, 'init')
    const errors: unknown[] = []
    bot.on('error', (error) => errors.push(error))
    await bot.start()
    expect(init).not.toHaveBeenCalled()
    expect(errors.map((error) => classifyLoginFailure(error))).toEqual(['refused'])
  })
})

describe('loginRedirectFailure', () => {
  it("reads WeChat's code and message, and nothing from a success", () => {
    expect(loginRedirectFailure(REFUSAL_PAGE)).toEqual({ ret: '1203', message: expect.stringContaining('此微信号不能登录网页微信') })
    expect(loginRedirectFailure('<error><ret>0</ret><message></message></error>')).toBeUndefined()
    expect(loginRedirectFailure(undefined)).toBeUndefined()
  })
})
