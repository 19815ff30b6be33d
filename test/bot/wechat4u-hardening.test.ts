/**
 * Shows that wechat4u 0.7.14 logs out when it receives the poison texts, and that after
 * hardenWechat4u() the same sync-loop code path delivers them as ordinary messages.
 *
 * Everything runs on real wechat4u objects. Only the methods that do network I/O
 * (syncCheck, sync, logout, batchGetContact, start) are stubbed.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRequire } from 'node:module'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  EXPECTED_WECHAT4U_VERSION,
  describeWechat4uError,
  hardenWechat4u,
  installedWechat4uVersion,
  isWechat4uHardened,
  loadWechat4uClass,
  pristineHandleMsg,
  verifyWechat4uShape,
  type Wechat4uClass,
  type Wechat4uInstance,
  type Wechat4uRawMessage,
} from '../../src/bot/wechat4u-hardening.js'

// The same regex wechat4u 0.7.14 uses (lib/wechat.js, handleMsg).
const POISON_RE = /^(.\udf1a\u0020\ud83c.){3}$/
// Three repetitions of: any UTF-16 unit + '\udf1a' + ' ' + '\ud83c' + any UTF-16 unit.
const POISON_ASCII = 'a\udf1a \ud83cb'.repeat(3)
// The "natural" form: "🌚 🌚" is \ud83c\udf1a ' ' \ud83c\udf1a, i.e. one repetition.
const POISON_EMOJI = '\u{1F31A} \u{1F31A}'.repeat(3)
const FILEHELPER_COMMAND = '退出wechat4u'

const SELF = '@self0000'
const FRIEND = '@friend1111'

let msgSeq = 0
function rawMsg(fields: Partial<Wechat4uRawMessage> & { FromUserName: string }): Wechat4uRawMessage {
  msgSeq += 1
  return {
    MsgId: `10000${msgSeq}`,
    MsgType: 1,
    ToUserName: SELF,
    Content: 'hello',
    StatusNotifyUserName: '',
    CreateTime: Math.floor(Date.now() / 1000),
    ...fields,
  }
}

const W: Wechat4uClass = loadWechat4uClass()

interface Harness {
  bot: Wechat4uInstance
  stop: ReturnType<typeof vi.fn>
  logout: ReturnType<typeof vi.fn>
  batchGetContact: ReturnType<typeof vi.fn>
  messages: Wechat4uRawMessage[]
  errors: unknown[]
  logoutEvents: number
}

/** A real wechat4u instance that thinks it is logged in; network methods are stubbed. */
function makeLoggedInBot(bot: Wechat4uInstance = new W()): Harness {
  bot.state = bot.CONF.STATE['login'] as string
  bot.user = { UserName: SELF, NickName: 'staff-bot' }
  bot.contacts[SELF] = { UserName: SELF, NickName: 'staff-bot' }
  bot.contacts[FRIEND] = { UserName: FRIEND, NickName: 'friend' }
  bot.contacts['filehelper'] = { UserName: 'filehelper', NickName: '文件传输助手' }

  const h: Harness = {
    bot,
    // stop() itself is real (it is what the backdoor calls); we only spy on it.
    stop: vi.spyOn(bot, 'stop') as unknown as ReturnType<typeof vi.fn>,
    logout: vi.spyOn(bot, 'logout').mockResolvedValue('ok') as unknown as ReturnType<typeof vi.fn>,
    batchGetContact: vi.spyOn(bot, 'batchGetContact').mockResolvedValue([]) as unknown as ReturnType<
      typeof vi.fn
    >,
    messages: [],
    errors: [],
    logoutEvents: 0,
  }
  bot.on('message', (m) => h.messages.push(m as Wechat4uRawMessage))
  bot.on('error', (e) => h.errors.push(e))
  bot.on('logout', () => {
    h.logoutEvents += 1
  })
  return h
}

/**
 * Deliver `list` the way WeChat does: syncPolling() -> syncCheck() says "new messages"
 * -> sync() returns { AddMsgList } -> handleSync() -> handleMsg(). Later syncChecks hang,
 * so the loop stops after one round.
 */
async function deliverViaSyncLoop(h: Harness, list: Wechat4uRawMessage[]): Promise<void> {
  let rounds = 0
  vi.spyOn(h.bot, 'syncCheck').mockImplementation(() => {
    rounds += 1
    return rounds === 1 ? Promise.resolve('2') : new Promise<never>(() => {})
  })
  vi.spyOn(h.bot, 'sync').mockResolvedValue({
    BaseResponse: { Ret: 0 },
    AddMsgCount: list.length,
    AddMsgList: list,
    ModContactCount: 0,
    ModContactList: [],
  })
  const before = h.messages.length
  h.bot.syncPolling()
  await vi.waitFor(() => {
    expect(h.messages.length).toBe(before + list.length)
  })
  // The round is over, backdoor included, when the loop asks for the next one or the bot was stopped.
  await vi.waitFor(() => {
    expect(rounds >= 2 || h.stop.mock.calls.length > 0).toBe(true)
  })
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('poison texts', () => {
  it('match the wechat4u regex', () => {
    expect(POISON_RE.test(POISON_ASCII)).toBe(true)
    expect(POISON_RE.test(POISON_EMOJI)).toBe(true)
    expect(POISON_RE.test('hello')).toBe(false)
  })
})

/** Every message that makes unpatched wechat4u log the account out. */
const POISON_CASES = [
  ['friend sends the moon-face text (ascii form)', () => rawMsg({ FromUserName: FRIEND, Content: POISON_ASCII })],
  ['friend sends the moon-face text (emoji form)', () => rawMsg({ FromUserName: FRIEND, Content: POISON_EMOJI })],
  ['"退出wechat4u" to filehelper', () => rawMsg({ FromUserName: SELF, ToUserName: 'filehelper', Content: FILEHELPER_COMMAND })],
] as const

describe('unpatched wechat4u (shows the hole exists)', () => {
  it('is wechat4u 0.7.14 and its handleMsg contains the backdoor', () => {
    expect(installedWechat4uVersion()).toBe(EXPECTED_WECHAT4U_VERSION)
    const src = Function.prototype.toString.call(pristineHandleMsg())
    expect(src).toContain(String.raw`/^(.\udf1a\u0020\ud83c.){3}$/.test(msg.Content)`)
    expect(src).toContain(FILEHELPER_COMMAND)
    expect(src).toMatch(/\.stop\(\)/)
  })

  for (const [label, msg] of POISON_CASES) {
    it(`logs out when ${label}`, async () => {
      const h = makeLoggedInBot()
      // Put the original wechat4u handleMsg back on this one instance (the shared prototype may already be hardened).
      Object.defineProperty(h.bot, 'handleMsg', { value: pristineHandleMsg(), configurable: true, writable: true })

      await deliverViaSyncLoop(h, [msg()])

      expect(h.stop).toHaveBeenCalledTimes(1)
      expect(h.logout).toHaveBeenCalledTimes(1)
      expect(h.logoutEvents).toBe(1)
      expect(h.bot.state).toBe(h.bot.CONF.STATE['logout'])
    })
  }
})

describe('hardenWechat4u()', () => {
  it('patches the prototype and is idempotent', () => {
    hardenWechat4u()
    const patched = W.prototype.handleMsg
    hardenWechat4u()
    hardenWechat4u()
    expect(W.prototype.handleMsg).toBe(patched)
    expect(patched).not.toBe(pristineHandleMsg())
    expect(isWechat4uHardened()).toBe(true)
    expect(Function.prototype.toString.call(patched)).not.toMatch(/stop\(|udf1a|退出/)
  })

  it('patches the very prototype that wechaty-puppet-wechat4u instantiates', async () => {
    hardenWechat4u()
    const start = vi.spyOn(W.prototype, 'start').mockResolvedValue(undefined)
    const { PuppetWechat4u } = await import('wechaty-puppet-wechat4u')
    const puppet = new PuppetWechat4u()
    await puppet.onStart() // constructs wechat4u exactly as in production; start() is stubbed (no network)
    const internals = puppet as unknown as { wechat4u: Wechat4uInstance; _heartBeatTimer?: NodeJS.Timeout }
    try {
      expect(start).toHaveBeenCalled()
      expect(internals.wechat4u).toBeInstanceOf(W)
      expect(Object.getPrototypeOf(internals.wechat4u)).toBe(W.prototype)
      expect(internals.wechat4u.handleMsg).toBe(W.prototype.handleMsg)
      // Also, the puppet's ESM `import Wechat4u from 'wechat4u'` and our require give the same module object.
      const puppetRequire = createRequire(createRequire(import.meta.url).resolve('wechaty-puppet-wechat4u'))
      expect(puppetRequire('wechat4u')).toBe(W)

      // End to end on the puppet's own wechat4u instance: poison arrives via the sync loop, no logout.
      expect(isWechat4uHardened()).toBe(true)
      const h = makeLoggedInBot(internals.wechat4u)
      // CreateTime 0 = older than the puppet's start, so the puppet's own 'message' handler ignores it.
      await deliverViaSyncLoop(h, [rawMsg({ FromUserName: FRIEND, Content: POISON_EMOJI, CreateTime: 0 })])
      expect(h.stop).not.toHaveBeenCalled()
      expect(h.logout).not.toHaveBeenCalled()
      expect(h.logoutEvents).toBe(0)
    } finally {
      clearTimeout(internals._heartBeatTimer)
    }
  })

  for (const [label, msg] of POISON_CASES) {
    it(`does not log out when ${label}, and delivers it as an ordinary message`, async () => {
      hardenWechat4u()
      const h = makeLoggedInBot()
      const m = msg()
      const content = m.Content

      await deliverViaSyncLoop(h, [m])

      expect(h.stop).not.toHaveBeenCalled()
      expect(h.logout).not.toHaveBeenCalled()
      expect(h.logoutEvents).toBe(0)
      expect(h.bot.state).toBe(h.bot.CONF.STATE['login'])
      expect(h.messages).toHaveLength(1)
      expect(h.messages[0]?.Content).toBe(content)
      expect(h.errors).toEqual([])
    })
  }

  it('still delivers ordinary messages, extended by wechat4u, in order with poison ones', async () => {
    hardenWechat4u()
    const h = makeLoggedInBot()
    const list = [
      rawMsg({ FromUserName: FRIEND, Content: '明天开会吗' }),
      rawMsg({ FromUserName: FRIEND, Content: POISON_EMOJI }),
      rawMsg({ FromUserName: FRIEND, Content: 'a &lt;b&gt;<br/>c' }),
    ]
    await deliverViaSyncLoop(h, list)

    expect(h.stop).not.toHaveBeenCalled()
    expect(h.messages.map((m) => m.Content)).toEqual(['明天开会吗', POISON_EMOJI, 'a <b>\nc'])
    const first = h.messages[0] as Wechat4uRawMessage & { isSendBySelf?: boolean; OriginalContent?: string }
    expect(first.isSendBySelf).toBe(false) // went through wechat4u's Message.extend
    expect(first.MsgType).toBe(1)
    expect(h.batchGetContact).not.toHaveBeenCalled() // sender already known
  })

  it('fetches an unknown sender first (as wechat4u does) and still delivers the message', async () => {
    hardenWechat4u()
    const h = makeLoggedInBot()
    h.batchGetContact.mockResolvedValue([{ UserName: '@stranger', NickName: 'stranger' }])
    await deliverViaSyncLoop(h, [rawMsg({ FromUserName: '@stranger', Content: POISON_ASCII })])

    expect(h.batchGetContact).toHaveBeenCalledWith([{ UserName: '@stranger' }])
    expect(h.bot.contacts['@stranger']).toBeDefined()
    expect(h.stop).not.toHaveBeenCalled()
  })

  it('a failed contact lookup is emitted as an error and the message is still delivered', async () => {
    hardenWechat4u()
    const h = makeLoggedInBot()
    h.batchGetContact.mockRejectedValue(new Error('boom'))
    await deliverViaSyncLoop(h, [rawMsg({ FromUserName: '@stranger2', Content: 'hi' })])

    expect(h.messages).toHaveLength(1)
    expect(h.errors).toHaveLength(1)
    expect(h.stop).not.toHaveBeenCalled()
  })

  it('status-notify messages fetch unknown users in batches of 50, like wechat4u', async () => {
    hardenWechat4u()
    const h = makeLoggedInBot()
    const users = Array.from({ length: 120 }, (_, i) => `@u${i}`)
    await deliverViaSyncLoop(h, [
      rawMsg({
        FromUserName: SELF,
        ToUserName: SELF,
        MsgType: 51,
        Content: '',
        StatusNotifyUserName: [FRIEND, ...users].join(','),
      }),
    ])
    await vi.waitFor(() => {
      expect(h.batchGetContact).toHaveBeenCalledTimes(3)
    })
    const sizes = h.batchGetContact.mock.calls.map((c) => (c[0] as unknown[]).length)
    expect(sizes).toEqual([50, 50, 20])
    expect(h.stop).not.toHaveBeenCalled()
  })
})

describe('verifyWechat4uShape() (fails loudly on upgrades or tampering)', () => {
  it('accepts the pristine 0.7.14 code', () => {
    const fake = { handleMsg: pristineHandleMsg(), handleSync: W.prototype.handleSync }
    expect(() => verifyWechat4uShape('0.7.14', fake)).not.toThrow()
  })

  it('rejects another version', () => {
    const fake = { handleMsg: pristineHandleMsg(), handleSync: W.prototype.handleSync }
    expect(() => verifyWechat4uShape('0.7.15', fake)).toThrow(/installed wechat4u is 0\.7\.15.*0\.7\.14/)
  })

  it('rejects a changed handleMsg or handleSync', () => {
    const changed = function handleMsg(): void {}
    expect(() => verifyWechat4uShape('0.7.14', { handleMsg: changed, handleSync: W.prototype.handleSync })).toThrow(
      /handleMsg is not the code we checked/,
    )
    expect(() => verifyWechat4uShape('0.7.14', { handleMsg: pristineHandleMsg(), handleSync: changed })).toThrow(
      /handleSync is not the code we checked/,
    )
  })

  it('the hardened prototype method cannot be overwritten', () => {
    hardenWechat4u()
    expect(() => {
      ;(W.prototype as unknown as Record<string, unknown>)['handleMsg'] = pristineHandleMsg()
    }).toThrow(TypeError)
    expect(isWechat4uHardened()).toBe(true)
  })
})

describe('describeWechat4uError()', () => {
  const SECRETS = [
    'SIDSECRET',
    'UINSECRET',
    'TICKETSECRET',
    'PASSTICKETSECRET',
    'SKEYSECRET',
    'message text secret',
    'Cookie',
    'cookie',
    'set-cookie',
    '?',
  ]

  it('keeps message, code, status and url path, and drops cookies, headers, request and bodies', () => {
    const err = Object.assign(new Error('Request failed with status code 500'), {
      name: 'AxiosError',
      code: 'ERR_BAD_RESPONSE',
      tips: '同步失败',
      config: {
        method: 'post',
        url: 'https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxsync?sid=SIDSECRET&skey=@crypt_SKEYSECRET&pass_ticket=PASSTICKETSECRET',
        headers: {
          Cookie: 'wxuin=UINSECRET; wxsid=SIDSECRET; webwx_data_ticket=TICKETSECRET',
          cookie: 'wxuin=UINSECRET; wxsid=SIDSECRET',
          'user-agent': 'Mozilla/5.0',
        },
        params: { pass_ticket: 'PASSTICKETSECRET' },
        data: JSON.stringify({ BaseRequest: { Sid: 'SIDSECRET', Skey: 'SKEYSECRET' } }),
      },
      request: {
        _header: 'POST /cgi-bin/mmwebwx-bin/webwxsync HTTP/1.1\r\nCookie: wxsid=SIDSECRET\r\n',
        path: '/cgi-bin/mmwebwx-bin/webwxsync?sid=SIDSECRET',
      },
      response: {
        status: 500,
        headers: { 'set-cookie': ['webwx_data_ticket=TICKETSECRET; Domain=.qq.com'] },
        data: { AddMsgList: [{ Content: 'message text secret' }] },
      },
    })

    const text = describeWechat4uError(err)
    expect(text).toContain('Request failed with status code 500')
    expect(text).toContain('ERR_BAD_RESPONSE')
    expect(text).toContain('status=500')
    expect(text).toContain('https://wx2.qq.com/cgi-bin/mmwebwx-bin/webwxsync')
    for (const s of SECRETS) expect(text).not.toContain(s)
    expect(text).not.toMatch(/\n/)
  })

  it('is safe on a real error from wechat4u’s own axios client (cookie interceptor included)', async () => {
    const server: Server = createServer((_request, res) => {
      res.writeHead(500, { 'set-cookie': 'webwx_data_ticket=TICKETSECRET; Path=/', 'content-type': 'application/json' })
      res.end(JSON.stringify({ AddMsgList: [{ Content: 'message text secret' }] }))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const bot = new W()
      const cookieJar = bot['COOKIE'] as Record<string, string>
      cookieJar['wxuin'] = 'UINSECRET'
      cookieJar['wxsid'] = 'SIDSECRET'
      const request = bot['request'] as (opts: unknown) => Promise<unknown>
      const err = await request({
        method: 'POST',
        url: `http://127.0.0.1:${port}/cgi-bin/mmwebwx-bin/webwxsync?sid=SIDSECRET&pass_ticket=PASSTICKETSECRET`,
        data: { BaseRequest: { Skey: 'SKEYSECRET' }, Msg: { Content: 'message text secret' } },
      }).then(
        () => {
          throw new Error('expected the request to fail')
        },
        (e: unknown) => e,
      )
      // Shows the risk: wechat4u's axios error carries the session cookie.
      const raw = err as { config?: { headers?: Record<string, unknown> } }
      expect(String(raw.config?.headers?.['cookie'])).toContain('SIDSECRET')

      const text = describeWechat4uError(err)
      expect(text).toContain('status=500')
      expect(text).toContain(`http://127.0.0.1:${port}/cgi-bin/mmwebwx-bin/webwxsync`)
      for (const s of SECRETS) expect(text).not.toContain(s)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('handles wechat4u assertion errors that carry the whole response', () => {
    const err = Object.assign(new Error('1101 == 0'), {
      name: 'AssertionError',
      code: 'ERR_ASSERTION',
      actual: 1101,
      expected: 0,
      response: {
        status: 200,
        config: {
          url: 'https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxinit?pass_ticket=PASSTICKETSECRET',
          headers: { cookie: 'wxsid=SIDSECRET' },
        },
        data: { AddMsgList: [{ Content: 'message text secret' }] },
      },
    })
    const text = describeWechat4uError(err)
    expect(text).toBe(
      'AssertionError: 1101 == 0 code=ERR_ASSERTION status=200 url=https://wx.qq.com/cgi-bin/mmwebwx-bin/webwxinit',
    )
  })

  it('scrubs URLs and key=value secrets inside messages, and handles GError payloads and odd values', () => {
    const e = new Error('GET https://wx.qq.com/x?skey=SKEYSECRET failed, wxsid=SIDSECRET; pass_ticket=PASSTICKETSECRET')
    const text = describeWechat4uError(e)
    for (const s of SECRETS) expect(text).not.toContain(s)
    expect(text).toContain('https://wx.qq.com/x')

    const gerrorPayload = {
      data: JSON.stringify({ code: 2, message: 'timeout of 60000ms exceeded', name: 'AxiosError', details: 'stack…' }),
    }
    expect(describeWechat4uError(gerrorPayload)).toBe('AxiosError: timeout of 60000ms exceeded code=2')
    expect(describeWechat4uError(undefined)).toBe('non-error value (undefined)')
    expect(describeWechat4uError(null)).toBe('non-error value (null)')
    expect(describeWechat4uError('plain')).toBe('plain')
    expect(describeWechat4uError(new Error('x'.repeat(5000))).length).toBeLessThan(300)
  })
})
