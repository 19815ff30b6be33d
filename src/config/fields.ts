import { closest, distance } from 'fastest-levenshtein'
import { validateDetailed } from 'node-cron'
import { z } from 'zod'

export const GROUP_ROLES = ['admin', 'publicity', 'tech', 'staff'] as const
export type GroupRole = (typeof GROUP_ROLES)[number]

const DAILY_TIME = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/

/** A daily time as people write it (`"10:00"`) becomes the cron expression it means (`0 10 * * *`). */
export function cronOfDailyTime(text: string): string | undefined {
  const match = DAILY_TIME.exec(text.trim())
  return match ? `${Number(match[2])} ${Number(match[1])} * * *` : undefined
}

/** A cron expression, or a daily time `HH:mm` standing for one. */
export const cronExpression = z
  .string()
  .transform((text) => cronOfDailyTime(text) ?? text.trim())
  .refine((expr) => validateDetailed(expr).valid, {
    message: '不是有效的 cron 表达式，也不是 HH:mm 格式的每日时间 (not a valid cron expression or daily time)',
  })

export const clockTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, '应为 HH:mm 格式的时间 (expected HH:mm)')

export const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz })
      return true
    } catch {
      return false
    }
  },
  { message: '不是有效的时区 (not an IANA time zone)' },
)

export function minutesOfClock(time: string): number {
  const [hours, minutes] = time.split(':').map(Number)
  return (hours ?? 0) * 60 + (minutes ?? 0)
}

function formatPath(pathParts: ReadonlyArray<PropertyKey>): string {
  return pathParts.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`
    return text ? `${text}.${String(part)}` : String(part)
  }, '')
}

const TYPE_NAMES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文字（加英文引号）',
  boolean: 'true 或 false',
  array: '列表 [ … ]',
  object: '对象 { … }',
  null: 'null',
}

function typeNameOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return TYPE_NAMES.array as string
  return TYPE_NAMES[typeof value] ?? typeof value
}

/** The known key a mistyped one most likely meant, if any is close enough to be a typo. */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  if (!known.length) return undefined
  const lower = unknown.toLowerCase()
  const byLower = new Map(known.map((key) => [key.toLowerCase(), key]))
  const candidate = byLower.get(closest(lower, [...byLower.keys()])) as string
  return distance(lower, candidate.toLowerCase()) <= Math.max(2, Math.floor(candidate.length / 3)) ? candidate : undefined
}

function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  return keys
    .map((key) => {
      const suggestion = suggestKey(key, known)
      return suggestion ? `未知的配置项 ${key}，是否应为 ${suggestion}？` : `未知的配置项 ${key}（可用的有：${known.join('、')}）`
    })
    .join('；')
}

const zhCN = z.locales.zhCN()

/**
 * Config messages in Chinese: the school's IT teacher reads them. Messages a schema sets itself
 * win over this map; what zod's own Chinese locale says awkwardly is said here instead.
 */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'unrecognized_keys') {
    const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape
    return unknownKeysMessage(issue.keys, Object.keys(shape ?? {}))
  }
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return '缺少此项'
    return `应为${TYPE_NAMES[issue.expected] ?? issue.expected}，实际是${typeNameOf(issue.input)}`
  }
  return zhCN.localeError(issue)
}

/** "health.slots[1].remind: 不是有效的 cron 表达式": every problem names its field. */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = formatPath(issue.path)
    return where ? `${where}: ${issue.message}` : issue.message
  })
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`配置文件 ${file} 有误 (invalid config):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}
