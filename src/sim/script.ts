import { z } from 'zod'

const isoWithOffset = z
  .string()
  .refine((text) => /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)), {
    message: 'at 应为带时区的 ISO 时间，例如 2026-02-03T08:00:00+08:00',
  })

/** A person in a join or leave: a display name, or a name with the handle of a distinct WeChat account. */
const person = z.union([z.string().trim().min(1), z.strictObject({ name: z.string().trim().min(1), contact: z.string().trim().min(1) })])
const people = z.array(person).min(1)

export const SIMULATED_MESSAGE_TYPES = ['text', 'groupNote', 'image', 'voice'] as const
export type SimulatedMessageType = (typeof SIMULATED_MESSAGE_TYPES)[number]
/** A photo or a voice message has no text. */
export const needsText = (type: SimulatedMessageType | undefined): boolean => type === undefined || type === 'text' || type === 'groupNote'

export const scriptEventSchema = z
  .object({
    at: isoWithOffset,
    /** A configured room, by the topic it was created under (renames do not change this). */
    room: z.string().trim().min(1).optional(),
    /** A room by handle: a configured topic or a `newRoom` handle. */
    roomHandle: z.string().trim().min(1).optional(),
    from: z.string().trim().min(1).optional(),
    /** The WeChat account the message comes from (default: the `from` name); two may share a display name. */
    contact: z.string().trim().min(1).optional(),
    text: z.string().optional(),
    /** What the message is, as WeChat delivers it: typed text, the built-in 接龙 card, a photo or a voice message. */
    type: z.enum(SIMULATED_MESSAGE_TYPES).optional(),
    /** Takes back (撤回) the latest message `from` sent in `room`. */
    recall: z.literal(true).optional(),
    join: people.optional(),
    leave: people.optional(),
    newRoom: z
      .strictObject({ handle: z.string().trim().min(1), topic: z.string().trim().min(1), owner: z.string().trim().min(1), members: z.array(z.string().trim().min(1)) })
      .optional(),
    rename: z.string().trim().min(1).optional(),
  })
  .strict()
  .superRefine((event, ctx) => {
    const isMessage = event.text !== undefined || event.from !== undefined || event.type !== undefined || event.recall !== undefined
    const isMembership = event.join !== undefined || event.leave !== undefined
    const kinds = [isMessage, isMembership, event.newRoom !== undefined, event.rename !== undefined].filter(Boolean).length
    const inRoom = event.room !== undefined || event.roomHandle !== undefined
    if (kinds > 1) ctx.addIssue({ code: 'custom', message: '一行只能是一件事：一条消息、一次进出群、一个新群或一次改名' })
    if (event.recall !== undefined) {
      if (event.from === undefined || event.room === undefined) ctx.addIssue({ code: 'custom', message: '撤回需要 from 和 room' })
      if (event.text !== undefined || event.type !== undefined) ctx.addIssue({ code: 'custom', message: '撤回不写 text 或 type' })
    } else if (isMessage && (event.from === undefined || (needsText(event.type) && event.text === undefined))) {
      ctx.addIssue({ code: 'custom', message: needsText(event.type) ? '消息需要同时有 from 和 text' : '消息需要 from' })
    } else if (isMessage && !needsText(event.type) && event.text !== undefined) {
      ctx.addIssue({ code: 'custom', message: `${event.type} 消息没有 text` })
    }
    if (event.contact !== undefined && !isMessage) ctx.addIssue({ code: 'custom', message: 'contact 只用于消息' })
    if ((isMembership || event.rename !== undefined) && !inRoom) ctx.addIssue({ code: 'custom', message: 'join / leave / rename 需要 room 或 roomHandle' })
    if (event.room !== undefined && event.roomHandle !== undefined) ctx.addIssue({ code: 'custom', message: 'room 和 roomHandle 只写一个' })
    if (kinds === 0 && inRoom) ctx.addIssue({ code: 'custom', message: '只有 room 没有 from/text/join/leave/rename' })
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
