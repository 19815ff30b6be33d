/**
 * Runtime hardening for wechat4u (the protocol library under wechaty-puppet-wechat4u).
 *
 * Problem: wechat4u 0.7.14 logs the account out when it sees one of two texts.
 * In `lib/wechat.js`, `Wechat.prototype.handleMsg`, right after emitting 'message':
 *
 *     if (msg.ToUserName === 'filehelper' && msg.Content === '退出wechat4u' ||
 *         /^(.\udf1a\u0020\ud83c.){3}$/.test(msg.Content)) {
 *       _this10.stop();   // -> this.logout() + state = logout + emit('logout')
 *     }
 *
 * The regex matches e.g. "🌚 🌚🌚 🌚🌚 🌚", so any friend can log the bot out with one message.
 * The check sits inside a closure in handleMsg, so it cannot be patched on its own. We replace
 * `handleMsg` on the prototype with an equivalent method without that branch (written here, not
 * copied). This runs at start-up, not at install time, so nothing in node_modules is changed and
 * it keeps working after `npm ci` on a new machine.
 *
 * To keep a silent upgrade from reopening the hole, `hardenWechat4u()` throws at start-up if the
 * installed wechat4u is not 0.7.14, or if the source of `handleMsg`/`handleSync` is not the code
 * we checked. Bumping wechat4u therefore means re-reading its handleMsg and updating this file.
 *
 * Also exported: `describeWechat4uError()`, which describes a wechat4u/axios error without
 * the request config (wechat4u puts the whole session cookie into `config.headers.cookie`),
 * `request`, `response`, headers, bodies or URL query strings (these hold sid/skey/pass_ticket).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/** The wechat4u version whose handleMsg we checked and replaced. */
export const EXPECTED_WECHAT4U_VERSION = '0.7.14'

/** sha256 of `Function.prototype.toString(Wechat.prototype.handleMsg)` in wechat4u 0.7.14 (contains the logout backdoor). */
export const PRISTINE_HANDLE_MSG_SHA256 =
  'a5c3c3179e479853b3c6a3e4d47cc89e5edd12411a7015c6ee14fd3461248cb3'

/** sha256 of `handleSync` in wechat4u 0.7.14: the sync loop's only entry into handleMsg (`this.handleMsg(data.AddMsgList)`). */
export const PRISTINE_HANDLE_SYNC_SHA256 =
  'febd2f7b3df45488b06fa612a59cc3df7fc27971b395da6d6eccff0d9c431b8e'

const HARDENED = Symbol.for('staff-bot.wechat4u.hardened')
const ORIGINAL_HANDLE_MSG = Symbol.for('staff-bot.wechat4u.originalHandleMsg')

// ---------------------------------------------------------------------------------------------
// Minimal structural types for the parts of wechat4u we touch (wechat4u ships no typings).
// ---------------------------------------------------------------------------------------------

/** One entry of WeChat's `AddMsgList` (only the fields handleMsg looks at). */
export interface Wechat4uRawMessage {
  MsgId?: string
  MsgType?: number | string
  FromUserName: string
  ToUserName?: string
  Content?: string
  StatusNotifyUserName?: string
  CreateTime?: number
  [key: string]: unknown
}

interface Wechat4uContact {
  UserName: string
  MemberCount?: number
  [key: string]: unknown
}

/** The instance members handleMsg uses. */
export interface Wechat4uInstance {
  state: string
  user: { UserName?: string; [key: string]: unknown }
  contacts: Record<string, Wechat4uContact | undefined>
  CONF: { MSGTYPE_STATUSNOTIFY: number; STATE: Record<string, string>; [key: string]: unknown }
  Message: { extend(msg: Wechat4uRawMessage): Wechat4uRawMessage }
  batchGetContact(list: Array<{ UserName: string }>): Promise<Wechat4uContact[]>
  updateContacts(contacts: Wechat4uContact[] | undefined): void
  emit(event: string, ...args: unknown[]): boolean
  on(event: string, listener: (...args: unknown[]) => void): unknown
  handleMsg(data: Wechat4uRawMessage[]): void
  handleSync(data: unknown): void
  syncPolling(id?: number): void
  syncCheck(): Promise<unknown>
  sync(): Promise<unknown>
  stop(): void
  logout(): Promise<unknown>
  start(): Promise<unknown>
  restart(): Promise<unknown>
  [key: string]: unknown
}

export interface Wechat4uClass {
  new (data?: unknown): Wechat4uInstance
  prototype: Wechat4uInstance
}

type HandleMsg = (this: Wechat4uInstance, data: Wechat4uRawMessage[]) => void

// ---------------------------------------------------------------------------------------------
// Locating the wechat4u module the puppet really uses
// ---------------------------------------------------------------------------------------------

/**
 * A `require` that resolves from wechaty-puppet-wechat4u's own location, so we get the wechat4u
 * copy the puppet loads (its ESM build does `import Wechat4u from 'wechat4u'`, which Node serves
 * from the same CommonJS cache, so it is the same `module.exports` object).
 */
function requireFromPuppet(): NodeRequire {
  const projectRequire = createRequire(import.meta.url)
  const puppetEntry = projectRequire.resolve('wechaty-puppet-wechat4u')
  return createRequire(puppetEntry)
}

/** The wechat4u class (CJS `module.exports`) that wechaty-puppet-wechat4u instantiates. */
export function loadWechat4uClass(): Wechat4uClass {
  const exported: unknown = requireFromPuppet()('wechat4u')
  if (typeof exported !== 'function') {
    throw new Error('wechat4u-hardening: require("wechat4u") did not return a class')
  }
  return exported as Wechat4uClass
}

/** The version of the wechat4u package the puppet resolves. */
export function installedWechat4uVersion(): string {
  const pkgPath = requireFromPuppet().resolve('wechat4u/package.json')
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version?: unknown }
  return typeof pkg.version === 'string' ? pkg.version : 'unknown'
}

function sourceSha256(fn: unknown): string {
  if (typeof fn !== 'function') return 'not-a-function'
  return createHash('sha256').update(Function.prototype.toString.call(fn)).digest('hex')
}

/**
 * The unpatched wechat4u handleMsg (the one with the backdoor). The tests use it to show the
 * hole exists; production code has no reason to call it.
 */
export function pristineHandleMsg(): HandleMsg {
  const proto = loadWechat4uClass().prototype as unknown as Record<PropertyKey, unknown>
  const fn = (proto[ORIGINAL_HANDLE_MSG] ?? proto['handleMsg']) as HandleMsg
  if (sourceSha256(fn) !== PRISTINE_HANDLE_MSG_SHA256) {
    throw new Error('wechat4u-hardening: cannot find the pristine wechat4u handleMsg')
  }
  return fn
}

/** True when the wechat4u prototype the puppet uses currently has our handleMsg. */
export function isWechat4uHardened(): boolean {
  const proto = loadWechat4uClass().prototype as unknown as Record<PropertyKey, unknown>
  return proto[HARDENED] === true && proto['handleMsg'] === hardenedHandleMsg
}

// ---------------------------------------------------------------------------------------------
// The replacement handleMsg
// ---------------------------------------------------------------------------------------------

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Does what wechat4u 0.7.14's handleMsg does, minus the logout backdoor:
 * for each message (each in its own promise chain, like the original)
 *   1. if the sender is unknown (or a group with MemberCount 0), fetch it with batchGetContact
 *      and update contacts; a failure there is emitted as 'error' and does not stop the message;
 *   2. extend the raw message with wechat4u's Message prototype and emit 'message';
 *   3. for status-notify messages, fetch unknown users named in StatusNotifyUserName, 50 at a time.
 * Errors in the chain are emitted as 'error'. Poison texts are treated as ordinary messages:
 * they are delivered through 'message' and nothing more happens (no stop, no logout).
 */
const hardenedHandleMsg: HandleMsg = function handleMsg(this: Wechat4uInstance, data) {
  for (const raw of data) {
    Promise.resolve()
      .then(() => {
        const from = raw.FromUserName
        const known = this.contacts[from]
        if (!known || (from.startsWith('@@') && known.MemberCount === 0)) {
          return this.batchGetContact([{ UserName: from }])
            .then((contacts) => {
              this.updateContacts(contacts)
            })
            .catch((err: unknown) => {
              this.emit('error', err)
            })
        }
        return undefined
      })
      .then(() => {
        const msg = this.Message.extend(raw)
        this.emit('message', msg)
        if (msg.MsgType === this.CONF.MSGTYPE_STATUSNOTIFY) {
          const unknownUsers = String(msg.StatusNotifyUserName)
            .split(',')
            .filter((userName) => !this.contacts[userName])
            .map((userName) => ({ UserName: userName }))
          Promise.all(
            chunk(unknownUsers, 50).map((list) =>
              this.batchGetContact(list).then((contacts) => {
                this.updateContacts(contacts)
              }),
            ),
          ).catch((err: unknown) => {
            this.emit('error', err)
          })
        }
        // Deliberately nothing else: this is where wechat4u 0.7.14 logs out on the poison texts.
      })
      .catch((err: unknown) => {
        this.emit('error', err)
      })
  }
}

// ---------------------------------------------------------------------------------------------
// Public entry point
// ---------------------------------------------------------------------------------------------

/**
 * Throw unless `version` is the checked wechat4u version and `proto` still has the exact
 * handleMsg/handleSync code we checked. Exported so the tests can feed it a fake version or prototype.
 */
export function verifyWechat4uShape(version: string, proto: object): void {
  const p = proto as Record<PropertyKey, unknown>
  if (version !== EXPECTED_WECHAT4U_VERSION) {
    throw new Error(
      `wechat4u-hardening: installed wechat4u is ${version}, but the logout-backdoor patch was written for ` +
        `${EXPECTED_WECHAT4U_VERSION}. Re-read handleMsg in node_modules/wechat4u/lib/wechat.js, then update ` +
        'src/bot/wechat4u-hardening.ts (the version and source hashes) before running the bot.',
    )
  }
  const handleMsgHash = sourceSha256(p['handleMsg'])
  if (handleMsgHash !== PRISTINE_HANDLE_MSG_SHA256) {
    throw new Error(
      `wechat4u-hardening: wechat4u ${version} handleMsg is not the code we checked (sha256 ${handleMsgHash}, ` +
        `expected ${PRISTINE_HANDLE_MSG_SHA256}). Something else has changed it (a hand edit or another patch). ` +
        'Refusing to start: the logout backdoor may be back.',
    )
  }
  const handleSyncHash = sourceSha256(p['handleSync'])
  if (handleSyncHash !== PRISTINE_HANDLE_SYNC_SHA256) {
    throw new Error(
      `wechat4u-hardening: wechat4u ${version} handleSync is not the code we checked (sha256 ${handleSyncHash}, ` +
        `expected ${PRISTINE_HANDLE_SYNC_SHA256}); the sync loop may no longer go through handleMsg.`,
    )
  }
}

/**
 * Replace wechat4u's handleMsg (on the prototype the puppet instantiates) with a version that
 * cannot be made to log out. Idempotent. Call before the wechat4u puppet is started; instances
 * created earlier are covered too, since they look handleMsg up on the prototype.
 *
 * Throws if the installed wechat4u is not the version/code this was written for.
 */
export function hardenWechat4u(): void {
  const Wechat4u = loadWechat4uClass()
  const proto = Wechat4u.prototype as unknown as Record<PropertyKey, unknown>

  if (proto[HARDENED] === true) {
    if (proto['handleMsg'] !== hardenedHandleMsg) {
      throw new Error(
        'wechat4u-hardening: wechat4u.prototype.handleMsg was replaced after hardening; refusing to run',
      )
    }
    return
  }

  verifyWechat4uShape(installedWechat4uVersion(), proto)

  Object.defineProperty(proto, ORIGINAL_HANDLE_MSG, {
    value: proto['handleMsg'],
    enumerable: false,
    configurable: false,
    writable: false,
  })
  Object.defineProperty(proto, 'handleMsg', {
    value: hardenedHandleMsg,
    enumerable: false,
    // Locked, so nothing can quietly put a handleMsg with the backdoor back on the prototype.
    configurable: false,
    writable: false,
  })
  Object.defineProperty(proto, HARDENED, {
    value: true,
    enumerable: false,
    configurable: false,
    writable: false,
  })
}

// ---------------------------------------------------------------------------------------------
// Safe error descriptions
// ---------------------------------------------------------------------------------------------

const MAX_TEXT = 200

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
}

/** The URL reduced to scheme://host/path: no userinfo, query or fragment. */
function safeUrl(raw: unknown, base?: unknown): string | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined
  try {
    const u = typeof base === 'string' && base !== '' ? new URL(raw, base) : new URL(raw)
    return `${u.protocol}//${u.host}${u.pathname}`.slice(0, MAX_TEXT)
  } catch {
    const cut = raw.split(/[?#]/, 1)[0] ?? ''
    return cut.replace(/^([a-z]+:\/\/)[^/@]*@/i, '$1').slice(0, MAX_TEXT) || undefined
  }
}

const SECRET_PARAM =
  /\b(cookie|set-cookie|skey|sid|uin|wxsid|wxuin|pass_ticket|ticket|webwx_data_ticket|webwx_auth_ticket|mm_lang|uuid|deviceid|authorization)\s*[=:]\s*[^\s;&,]+/gi

/** Clean up free text: URLs become scheme://host/path, key=value secrets are hidden, one line, length capped. */
function safeText(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined
  let text = String(value)
  text = text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (url) => safeUrl(url) ?? '[url]')
  text = text.replace(SECRET_PARAM, (_m, key: string) => `${key}=[redacted]`)
  text = text.replace(/\s+/g, ' ').trim()
  if (text.length > MAX_TEXT) text = `${text.slice(0, MAX_TEXT)}…`
  return text === '' ? undefined : text
}

function safeCode(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(value)) return value
  return undefined
}

/**
 * A short, log-safe, one-line description of an error that wechat4u (or wechaty, as a GError)
 * emits: name, message, code, HTTP status, `tips` (wechat4u's fixed label for the failed step)
 * and the request URL reduced to scheme://host/path.
 *
 * It never reads out headers, cookies, `request`, `response` bodies, request params/bodies, stack
 * traces or anything else hanging off the error. wechat4u attaches the full axios config
 * (`config.headers.cookie` is the whole WeChat session cookie) and, on assertion failures, the
 * whole response (`err.response`, which holds the sync body with message texts).
 */
export function describeWechat4uError(err: unknown): string {
  if (typeof err === 'string') return safeText(err) ?? 'unknown error'
  const e = asRecord(err)
  if (!e) return `non-error value (${err === null ? 'null' : typeof err})`

  // wechaty's puppet error payload: { data: '<GError JSON>' }
  if (!('message' in e) && typeof e['data'] === 'string') {
    try {
      const parsed: unknown = JSON.parse(e['data'])
      if (asRecord(parsed)) return describeWechat4uError(parsed)
    } catch {
      return safeText(e['data']) ?? 'unknown error'
    }
  }

  const parts: string[] = []
  const name = safeCode(e['name'])
  const message = safeText(e['message'])
  parts.push(name && message ? `${name}: ${message}` : (message ?? name ?? 'error'))

  const code = safeCode(e['code'])
  if (code !== undefined) parts.push(`code=${code}`)

  const response = asRecord(e['response'])
  const status = response?.['status'] ?? e['status']
  if (typeof status === 'number' && Number.isFinite(status)) parts.push(`status=${status}`)

  const tips = safeText(e['tips'])
  if (tips !== undefined) parts.push(`step=${tips}`)

  const config = asRecord(e['config']) ?? asRecord(response?.['config'])
  const method = config && typeof config['method'] === 'string' ? config['method'].toUpperCase() : undefined
  const url = config ? safeUrl(config['url'], config['baseURL']) : undefined
  if (url !== undefined) parts.push(`url=${method && /^[A-Z]{3,7}$/.test(method) ? `${method} ` : ''}${url}`)

  const causeCode = safeCode(asRecord(e['cause'])?.['code'])
  if (causeCode !== undefined && causeCode !== code) parts.push(`cause=${causeCode}`)

  return parts.join(' ')
}
