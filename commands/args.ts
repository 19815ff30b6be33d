import { z } from 'zod'

/** Free text the bot keeps (agenda items, notes, decisions, reasons) is kept this short. */
export const MAX_STORED_TEXT = 500

const tooLong = (text: string): string => `内容太长了（${[...text].length} 字），请控制在 ${MAX_STORED_TEXT} 字以内`

/** Free text that will be stored: bounded, with a clear error beyond. */
export const storedText = z.string().refine((text) => [...text].length <= MAX_STORED_TEXT, { error: (issue) => tooLong(String(issue.input)) })

/** No words expected after the command. */
export const noArgs = z.array(z.string()).max(0, { message: '这个命令不需要参数' })

/** Everything after the command, joined back into one text (may be empty), as stored text. */
export const restText = z
  .array(z.string())
  .transform((words) => words.join(' ').trim())
  .pipe(storedText)

/** `3`, `#3` or `＃3`: how tickets, articles, meetings, agenda and action items are numbered. */
export const numberWord = (what: string, example: string) =>
  z
    .string()
    .regex(/^[#＃]?\d+$/, { message: `${what}应是数字，例如 ${example}` })
    .transform((word) => Number(word.replace(/^[#＃]/, '')))

/** The one numbered thing a command acts on; `missing` says what to write when it is not one word. */
export const oneNumber = (number: z.ZodType<number, string>, missing: string) =>
  z
    .array(number)
    .length(1, { message: missing })
    .transform(([id]) => id as number)

/** Everything after the command, which must not be empty, as stored text. */
export const requiredText = (what: string) =>
  z
    .array(z.string())
    .transform((words) => words.join(' ').trim())
    .refine((text) => text.length > 0, { message: `请写上${what}` })
    .pipe(storedText)
