import { validateDetailed } from 'node-cron'
import { z } from 'zod'

export const GROUP_ROLES = ['admin', 'publicity', 'tech', 'staff'] as const
export type GroupRole = (typeof GROUP_ROLES)[number]

export const cronExpression = z.string().refine((expr) => validateDetailed(expr).valid, {
  message: '不是有效的 cron 表达式 (not a valid cron expression)',
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
