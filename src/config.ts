import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parse as parseCsv } from 'csv-parse/sync'
import { validateDetailed } from 'node-cron'
import { z } from 'zod'
import { normalizeClassName } from './domain/class-name.js'
import type { Person } from './domain/types.js'

const cronExpression = z.string().refine((expr) => validateDetailed(expr).valid, {
  message: '不是有效的 cron 表达式 (not a valid cron expression)',
})

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, '应为 HH:mm 格式的时间 (expected HH:mm)')

const timezone = z.string().refine(
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

export const GROUP_ROLES = ['admin', 'publicity', 'tech', 'staff'] as const
export type GroupRole = (typeof GROUP_ROLES)[number]

const groupSchema = z.object({
  topic: z.string().trim().min(1, '群名不能为空'),
  role: z.enum(GROUP_ROLES, { message: `角色应为 ${GROUP_ROLES.join(' / ')} 之一` }),
})

const rosterEntrySchema = z.object({
  name: z.string().trim().min(1, '姓名不能为空'),
  aliases: z.array(z.string().trim().min(1)).default([]),
  groups: z.array(z.string().trim().min(1)).default([]),
  class: z.string().trim().min(1).optional(),
  office: z.string().trim().min(1).optional(),
})
export type RosterEntry = z.infer<typeof rosterEntrySchema>

const slotSchema = z.object({
  name: z.string().trim().min(1),
  remind: cronExpression,
  deadline: cronExpression,
  /** Reports received before this local time belong to this slot; the last slot runs to midnight. */
  until: clockTime.optional(),
})

const DEFAULT_SLOTS = [
  { name: '上午', remind: '0 8 * * *', deadline: '0 10 * * *', until: '12:00' },
  { name: '下午', remind: '0 14 * * *', deadline: '0 16 * * *' },
]

export const configSchema = z
  .object({
    timezone: timezone.default('Asia/Shanghai'),
    groups: z.array(groupSchema).min(1, '至少需要配置一个群'),
    send: z
      .object({
        minIntervalMs: z.number().int().min(0).default(1500),
        maxChars: z.number().int().min(100).max(5000).default(1500),
        /** Confirmations of ordinary reports are gathered for this long, then sent as one message per group. */
        confirmBatchSeconds: z.number().int().min(0).default(180),
        /** WeChat accepts only so many @ in one message; longer lists are split. */
        maxMentions: z.number().int().min(1).default(20),
      })
      .prefault({}),
    health: z
      .object({
        feverThreshold: z.number().min(36).max(40).default(37.3),
        slots: z.array(slotSchema).min(1).default(DEFAULT_SLOTS),
        dailySummary: cronExpression.default('0 20 * * *'),
        retentionDays: z.number().int().min(1).default(60),
        purge: cronExpression.default('30 3 * * *'),
        skipDays: z.enum(['never', 'weekends', 'holidays']).default('never'),
        /** @ in the web protocol does not notify, so the deadline tally also chases privately. */
        privateChase: z.boolean().default(true),
      })
      .prefault({}),
    meetings: z
      .object({
        agendaLeadMinutes: z.number().int().min(0).default(30),
        /** Local time at which owners are reminded of action items due that day. */
        actionReminderTime: clockTime.default('08:00'),
      })
      .prefault({}),
    wechat: z
      .object({
        /** Wechaty keeps the login session in `<name>.memory-card.json`; a path keeps it out of the repo root. */
        sessionName: z.string().min(1).default('data/staff-bot'),
      })
      .prefault({}),
    roster: z.union([z.array(rosterEntrySchema), z.string().min(1)]),
  })
  .superRefine((config, ctx) => {
    const topics = new Set<string>()
    config.groups.forEach((group, index) => {
      if (topics.has(group.topic)) {
        ctx.addIssue({ code: 'custom', path: ['groups', index, 'topic'], message: `群名重复：${group.topic}` })
      }
      topics.add(group.topic)
    })
    if (!config.groups.some((group) => group.role === 'admin')) {
      ctx.addIssue({ code: 'custom', path: ['groups'], message: '至少需要一个 role 为 admin 的行政群' })
    }
    const slotNames = new Set<string>()
    config.health.slots.forEach((slot, index) => {
      if (slotNames.has(slot.name)) {
        ctx.addIssue({ code: 'custom', path: ['health', 'slots', index, 'name'], message: `时段重复：${slot.name}` })
      }
      slotNames.add(slot.name)
    })
  })

type ParsedConfig = z.infer<typeof configSchema>

export interface SlotConfig {
  name: string
  remind: string
  deadline: string
  /** Minutes after local midnight at which this slot ends. */
  endMinute: number
}

export interface GroupConfig {
  topic: string
  role: GroupRole
}

export interface Config extends Omit<ParsedConfig, 'roster' | 'health'> {
  health: Omit<ParsedConfig['health'], 'slots'> & { slots: SlotConfig[] }
  roster: Person[]
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

function formatPath(pathParts: ReadonlyArray<PropertyKey>): string {
  return pathParts.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`
    return text ? `${text}.${String(part)}` : String(part)
  }, '')
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = formatPath(issue.path)
    return where ? `${where}: ${issue.message}` : issue.message
  })
}

export function minutesOfClock(time: string): number {
  const [hours, minutes] = time.split(':').map(Number)
  return (hours ?? 0) * 60 + (minutes ?? 0)
}

function resolveSlots(slots: ParsedConfig['health']['slots']): SlotConfig[] {
  return slots.map((slot, index) => {
    const isLast = index === slots.length - 1
    const endMinute = slot.until ? minutesOfClock(slot.until) : isLast ? 24 * 60 : defaultBoundary(slots.length, index)
    return { name: slot.name, remind: slot.remind, deadline: slot.deadline, endMinute }
  })
}

/** Without an explicit `until`, the day is split evenly between the slots (two slots: noon). */
function defaultBoundary(slotCount: number, index: number): number {
  return Math.round(((index + 1) * 24 * 60) / slotCount)
}

const ROSTER_HEADERS: Record<string, keyof RosterEntry> = {
  姓名: 'name',
  name: 'name',
  别名: 'aliases',
  aliases: 'aliases',
  alias: 'aliases',
  群: 'groups',
  groups: 'groups',
  group: 'groups',
  班级: 'class',
  class: 'class',
  办公室: 'office',
  科室: 'office',
  部门: 'office',
  教研组: 'office',
  office: 'office',
}

function splitList(cell: string): string[] {
  return cell
    .split(/[,，、;；|/]/)
    .map((item) => item.trim())
    .filter(Boolean)
}

/** Turns spreadsheet rows (first row headers) into roster entries; row numbers in errors are the sheet's. */
export function rosterFromRows(rows: string[][], file: string): RosterEntry[] {
  const [header, ...body] = rows
  if (!header) throw new ConfigError(file, ['名单为空 (roster file is empty)'])
  const columns = header.map((cell) => ROSTER_HEADERS[cell.trim().toLowerCase()] ?? ROSTER_HEADERS[cell.trim()])
  if (!columns.includes('name')) {
    throw new ConfigError(file, ['名单缺少“姓名”列 (roster needs a 姓名/name column)'])
  }
  const entries: RosterEntry[] = []
  const problems: string[] = []
  body.forEach((cells, index) => {
    if (cells.every((cell) => !cell.trim())) return
    const raw: Record<string, unknown> = { aliases: [], groups: [] }
    columns.forEach((column, col) => {
      const cell = (cells[col] ?? '').trim()
      if (!column || !cell) return
      raw[column] = column === 'aliases' || column === 'groups' ? splitList(cell) : cell
    })
    const parsed = rosterEntrySchema.safeParse(raw)
    if (parsed.success) entries.push(parsed.data)
    else problems.push(...formatIssues(parsed.error).map((p) => `第 ${index + 2} 行 (row ${index + 2}): ${p}`))
  })
  if (problems.length) throw new ConfigError(file, problems)
  return entries
}

async function readRosterFile(file: string): Promise<string[][]> {
  if (/\.xlsx$/i.test(file)) {
    // Only schools that keep their roster in Excel pay for loading exceljs.
    const { default: Excel } = await import('exceljs')
    const workbook = new Excel.Workbook()
    await workbook.xlsx.readFile(file)
    const sheet = workbook.worksheets[0]
    if (!sheet) return []
    const rows: string[][] = []
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as unknown[]
      rows.push(values.slice(1).map((value) => (value == null ? '' : String((value as { text?: unknown }).text ?? value))))
    })
    return rows
  }
  if (/\.csv$/i.test(file)) {
    const text = await readFile(file, 'utf8')
    return parseCsv(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][]
  }
  throw new ConfigError(file, ['名单文件应为 .csv 或 .xlsx (roster must be a .csv or .xlsx file)'])
}

function checkRoster(entries: RosterEntry[], groups: GroupConfig[], where: (index: number) => string): Person[] {
  const problems: string[] = []
  const topics = new Set(groups.map((g) => g.topic))
  const seen = new Set<string>()
  const people = entries.map((entry, index): Person => {
    if (seen.has(entry.name)) problems.push(`${where(index)}: 姓名重复：${entry.name}`)
    seen.add(entry.name)
    for (const group of entry.groups) {
      if (!topics.has(group)) problems.push(`${where(index)}.groups: 未配置的群：${group}`)
    }
    const classInfo = entry.class ? normalizeClassName(entry.class) : undefined
    if (entry.class && !classInfo) problems.push(`${where(index)}.class: 无法识别的班级：${entry.class}`)
    return {
      name: entry.name,
      aliases: entry.aliases,
      groups: entry.groups,
      ...(classInfo ? { classKey: classInfo.key, classLabel: classInfo.label } : {}),
      ...(entry.office ? { office: entry.office } : {}),
    }
  })
  // The caller knows the file name; an empty one here is filled in there.
  if (problems.length) throw new ConfigError('', problems)
  return people
}

/** Validates a parsed config object; `file` names the source in errors and anchors a relative roster path. */
export async function resolveConfig(raw: unknown, file: string): Promise<Config> {
  const parsed = configSchema.safeParse(raw)
  if (!parsed.success) throw new ConfigError(file, formatIssues(parsed.error))
  const { roster, health, ...rest } = parsed.data
  let people: Person[]
  try {
    if (typeof roster === 'string') {
      const rosterFile = path.resolve(path.dirname(file), roster)
      const entries = rosterFromRows(await readRosterFile(rosterFile), rosterFile)
      people = checkRoster(entries, rest.groups, (index) => `${rosterFile} 第 ${index + 2} 行`)
    } else {
      people = checkRoster(roster, rest.groups, (index) => `roster[${index}]`)
    }
  } catch (error) {
    if (error instanceof ConfigError && !error.file) throw new ConfigError(file, error.problems)
    if (error instanceof ConfigError) throw error
    throw new ConfigError(file, [`roster: 无法读取名单 (cannot read roster): ${(error as Error).message}`])
  }
  return { ...rest, health: { ...health, slots: resolveSlots(health.slots) }, roster: people }
}

export async function loadConfig(file: string): Promise<Config> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new ConfigError(file, [`无法读取 (cannot read): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`])
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new ConfigError(file, [`不是有效的 JSON (invalid JSON): ${(error as Error).message}`])
  }
  return resolveConfig(raw, file)
}
