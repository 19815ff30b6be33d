import { describeWechat4uError, loadWechat4uClass } from './wechat4u-hardening.js'

const FIRST_RETRY_MS = 5_000
const MAX_RETRY_MS = 5 * 60_000
const BACKOFF_INSTALLED = Symbol.for('staff-bot.wechat4u.startBackoff')
const FAILED_STARTS = Symbol.for('staff-bot.wechat4u.failedStarts')
const LAST_ERROR = Symbol.for('staff-bot.wechat4u.lastError')
const WATCHING_ERRORS = Symbol.for('staff-bot.wechat4u.watchingErrors')

type StartFn = (this: Record<PropertyKey, unknown>) => Promise<unknown>

/**
 * When WeChat cannot be reached, wechat4u's start() fails, calls stop(), emits 'logout', and
 * the puppet answers 'logout' with start() again at once: a tight loop. Here every start after
 * a failed one waits, the delay doubling up to five minutes, and a successful login resets it.
 * Each retry is told why the last attempt failed (ENOTFOUND login.wx.qq.com, a timeout …),
 * in the words of wechat4u's error, without cookies.
 */
export function backOffWechat4uStarts(onAttempt: (attempt: number, delayMs: number, lastError: string | undefined) => void): void {
  const proto = loadWechat4uClass().prototype as unknown as Record<PropertyKey, unknown>
  if (proto[BACKOFF_INSTALLED]) return
  const originalStart = proto.start as StartFn
  const start: StartFn = function start() {
    const failures = (this[FAILED_STARTS] as number | undefined) ?? 0
    const delay = failures === 0 ? 0 : Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS)
    this[FAILED_STARTS] = failures + 1
    const emitter = this as unknown as { once(event: string, listener: () => void): void; on(event: string, listener: (error: unknown) => void): void }
    if (!this[WATCHING_ERRORS]) {
      this[WATCHING_ERRORS] = true
      emitter.on('error', (error) => {
        this[LAST_ERROR] = describeWechat4uError(error)
      })
    }
    onAttempt(failures + 1, delay, failures === 0 ? undefined : (this[LAST_ERROR] as string | undefined))
    emitter.once('login', () => {
      this[FAILED_STARTS] = 0
    })
    return new Promise((resolve) => setTimeout(resolve, delay)).then(() => originalStart.call(this))
  }
  proto.start = start
  proto[BACKOFF_INSTALLED] = true
}
