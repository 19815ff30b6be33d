import { z } from 'zod'

const isoWithOffset = z
  .string()
  .refine((text) => /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)), {
    message: 'at 应为带时区的 ISO 时间，例如 2026-02-03T08:00:00+08:00',
  })

const names = z.array(z.string().trim().min(1)).min(1)

export const scriptEventSchema = z
  .object({
    at: isoWithOffset,
    room: z.string().trim().min(1).optional(),
    from: z.string().trim().min(1).optional(),
    text: z.string().optional(),
    join: names.optional(),
    leave: names.optional(),
  })
  .strict()
  .superRefine((event, ctx) => {
    const isMessage = event.text !== undefined || event.from !== undefined
    const isMembership = event.join !== undefined || event.leave !== undefined
    if (isMessage && isMembership) ctx.addIssue({ code: 'custom', message: '一行只能是一条消息或一次进出群，不能两者都有' })
    if (isMessage && (event.from === undefined || event.text === undefined)) {
      ctx.addIssue({ code: 'custom', message: '消息需要同时有 from 和 text' })
    }
    if (isMembership && event.room === undefined) ctx.addIssue({ code: 'custom', message: 'join / leave 需要 room' })
    if (!isMessage && !isMembership && event.room !== undefined) {
      ctx.addIssue({ code: 'custom', message: '只有 room 没有 from/text/join/leave' })
    }
  })

export type ScriptEvent = z.infer<typeof scriptEventSchema> & { line: number; time: Date }

export class ScriptError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`脚本第 ${line} 行有误 (script line ${line}): ${detail}`)
    this.name = 'ScriptError'
  }
}

/** Parses a whole script: one JSON event per line, blank lines ignored, time never going back. */
export function parseScript(text: string): ScriptEvent[] {
  const events: ScriptEvent[] = []
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    if (!raw.trim()) return
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch (error) {
      throw new ScriptError(line, `不是有效的 JSON (invalid JSON): ${(error as Error).message}`)
    }
    const parsed = scriptEventSchema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : ''
      throw new ScriptError(line, `${where}${issue?.message ?? '格式错误'}`)
    }
    const time = new Date(parsed.data.at)
    const previous = events.at(-1)
    if (previous && time < previous.time) throw new ScriptError(line, `时间倒退了：${parsed.data.at} 早于上一行的 ${previous.at}`)
    events.push({ ...parsed.data, line, time })
  })
  return events
}
