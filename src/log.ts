import { isoInZone } from './domain/time.js'
import type { Logger } from './schedule/clock.js'

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/**
 * Logs go to stderr, so the simulator's stdout carries only the messages the bot sends. Times
 * are the school's local time (with its offset), which is what people compare them with.
 */
export function createLogger(
  level: LogLevel,
  options: { timeZone?: string; write?: (line: string) => void; now?: () => Date } = {},
): Logger {
  const { timeZone = 'Asia/Shanghai', write = (line: string) => process.stderr.write(line), now = () => new Date() } = options
  const threshold = LOG_LEVELS.indexOf(level)
  const at = (lineLevel: LogLevel) => (message: string) => {
    if (LOG_LEVELS.indexOf(lineLevel) < threshold) return
    write(`${isoInZone(now(), timeZone)} ${lineLevel.toUpperCase().padEnd(5)} ${message}\n`)
  }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

export function isLogLevel(value: string | undefined): value is LogLevel {
  return LOG_LEVELS.includes(value as LogLevel)
}
