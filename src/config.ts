import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import type { Area } from './app/types.js'
import { configErrorMap, cronExpression, ConfigError, formatIssues, GROUP_ROLES, timezone, type GroupRole } from './config/fields.js'
import { jsonSyntaxMessage, jsonSyntaxProblem } from './config/json-syntax.js'
import { checkRoster, readRosterFile, rosterEntrySchema, rosterFromRows } from './config/roster-file.js'
import { alertsSchema } from './ops/alarm.js'
import type { Person } from './domain/types.js'

export { ConfigError, GROUP_ROLES, minutesOfClock, type GroupRole } from './config/fields.js'
export { rosterFromRows } from './config/roster-file.js'

const groupSchema = z.strictObject({
  topic: z.string().trim().min(1, '群名不能为空'),
  role: z.enum(GROUP_ROLES, { message: `角色应为 ${GROUP_ROLES.join(' / ')} 之一` }),
  /** The roster name of the group's owner: settles which room is the group when several carry its topic. */
  owner: z.string().trim().min(1).optional(),
})

/** The sections every area shares; each area adds its own beside them. */
const coreShape = {
  timezone: timezone.default('Asia/Shanghai'),
  groups: z
    .array(groupSchema)
    .min(1, '至少需要配置一个群')
    .superRefine((groups, ctx) => {
      const topics = new Set<string>()
      groups.forEach((group, index) => {
        if (topics.has(group.topic)) ctx.addIssue({ code: 'custom', path: [index, 'topic'], message: `群名重复：${group.topic}` })
        topics.add(group.topic)
      })
      if (!groups.some((group) => group.role === 'admin')) ctx.addIssue({ code: 'custom', message: '至少需要一个 role 为 admin 的行政群' })
    }),
  send: z
    .strictObject({
      minIntervalMs: z.number().int().min(0).default(1500),
      maxChars: z.number().int().min(100).max(5000).default(1500),
      /** Confirmations of ordinary reports are gathered for this long, then sent as one message per group. */
      confirmBatchSeconds: z.number().int().min(0).default(180),
      /** WeChat accepts only so many @ in one message; longer lists are split. */
      maxMentions: z.number().int().min(1).default(20),
      /** How ordinary reports are confirmed: one batched "已收到" per group, each reporter privately, or not at all. */
      confirm: z.enum(['batched', 'private', 'off']).default('batched'),
    })
    .prefault({}),
  privacy: z
    .strictObject({
      /** When the one nightly job purges what every area keeps past its time. */
      purge: cronExpression.default('30 3 * * *'),
      /** The record of who saw health details outlives the details: kept this long, then purged. */
      auditRetentionDays: z.number().int().min(1).default(365),
      /** Whom people ask about their data: a roster name, or a phone number or email address. */
      contact: z.string().trim().min(1).optional(),
      /** Replaces the notice sent before a person's first report and shown by /隐私. */
      notice: z.string().trim().min(1).optional(),
    })
    .prefault({}),
  wechat: z
    .strictObject({
      /** Wechaty keeps the login session in `<name>.memory-card.json`; a path keeps it out of the repo root. */
      sessionName: z.string().min(1).default('data/staff-bot'),
    })
    .prefault({}),
  /** The out-of-band alarm (a webhook) for when the bot cannot reach its groups. */
  alerts: alertsSchema,
  roster: z.union([z.array(rosterEntrySchema), z.string().min(1)]),
}

const coreSchema = z.strictObject(coreShape)
type CoreConfig = Omit<z.output<typeof coreSchema>, 'roster'>

export interface GroupConfig {
  topic: string
  role: GroupRole
  owner?: string
}

export interface Config extends CoreConfig {
  roster: Person[]
  /** Each area's parsed section, by its config key (an area gets its own as `section`). */
  sections: Readonly<Record<string, unknown>>
}

/** The one config file's schema: the core sections plus every area's, unknown keys rejected. */
export function configSchemaFor(areas: readonly Area<any>[]) {
  const sections: Record<string, z.ZodType> = {}
  for (const area of areas) {
    if (!area.config) continue
    if (area.config.key in coreShape || area.config.key in sections) throw new Error(`config section ${area.config.key} declared twice`)
    sections[area.config.key] = area.config.schema
  }
  return z.strictObject({ ...coreShape, ...sections })
}

/** Validates a parsed config object; `file` names the source in errors and anchors a relative roster path. */
export async function resolveConfig(raw: unknown, file: string, areas: readonly Area<any>[]): Promise<Config> {
  const parsed = configSchemaFor(areas).safeParse(raw, { error: configErrorMap })
  if (!parsed.success) throw new ConfigError(file, formatIssues(parsed.error))
  const data = parsed.data as Record<string, unknown> & z.output<typeof coreSchema>
  const { roster, timezone: zone, groups, send, privacy, wechat, alerts } = data
  let people: Person[]
  try {
    if (typeof roster === 'string') {
      const rosterFile = path.resolve(path.dirname(file), roster)
      const entries = rosterFromRows(await readRosterFile(rosterFile), rosterFile)
      people = checkRoster(entries, groups, (index) => `${rosterFile} 第 ${index + 2} 行`)
    } else {
      people = checkRoster(roster, groups, (index) => `roster[${index}]`)
    }
  } catch (error) {
    if (error instanceof ConfigError && !error.file) throw new ConfigError(file, error.problems)
    if (error instanceof ConfigError) throw error
    throw new ConfigError(file, [`roster: 无法读取名单 (cannot read roster): ${(error as Error).message}`])
  }
  const sections = Object.fromEntries(areas.flatMap((area) => (area.config ? [[area.config.key, data[area.config.key]]] : [])))
  return { timezone: zone, groups, send, privacy, wechat, alerts, roster: people, sections }
}

export async function loadConfig(file: string, areas: readonly Area<any>[]): Promise<Config> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new ConfigError(file, [`无法读取 (cannot read): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`])
  }
  const syntaxProblem = jsonSyntaxProblem(text)
  if (syntaxProblem) throw new ConfigError(file, [jsonSyntaxMessage(syntaxProblem)])
  return resolveConfig(JSON.parse(text), file, areas)
}
