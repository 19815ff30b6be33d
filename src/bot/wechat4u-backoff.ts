import { loadWechat4uClass } from './wechat4u-hardening.js'

const FIRST_RETRY_MS = 5_000
const MAX_RETRY_MS = 5 * 60_000
const BACKOFF_INSTALLED = Symbol.for('staff-bot.wechat4u.startBackoff')
const FAILED_STARTS = Symbol.for('staff-bot.wechat4u.failedStarts')

type StartFn = (this: Record<PropertyKey, unknown>) => Promise<unknown>

/**
 * When WeChat cannot be reached, wechat4u's start() fails, calls stop(), emits 'logout', and
 * the puppet answers 'logout' with start() again at once: a tight loop. Here every start after
 * a failed one waits, the delay doubling up to five minutes, and a successful login resets it.
 */
export function backOffWechat4uStarts(onAttempt: (attempt: number, delayMs: number) => void): void {
  const proto = loadWechat4uClass().prototype as unknown as Record<PropertyKey, unknown>
  if (proto[BACKOFF_INSTALLED]) return
  const originalStart = proto.start as StartFn
  const start: StartFn = function start() {
    const failures = (this[FAILED_STARTS] as number | undefined) ?? 0
    const delay = failures === 0 ? 0 : Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), MAX_RETRY_MS)
    this[FAILED_STARTS] = failures + 1
    onAttempt(failures + 1, delay)
    const emitter = this as unknown as { once(event: string, listener: () => void): void }
    emitter.once('login', () => {
      this[FAILED_STARTS] = 0
    })
    return new Promise((resolve) => setTimeout(resolve, delay)).then(() => originalStart.call(this))
  }
  proto.start = start
  proto[BACKOFF_INSTALLED] = true
}
