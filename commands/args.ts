import { z } from 'zod'

/** No words expected after the command. */
export const noArgs = z.array(z.string()).max(0, { message: '这个命令不需要参数' })

/** Everything after the command, joined back into one text (may be empty). */
export const restText = z.array(z.string()).transform((words) => words.join(' ').trim())

/** Everything after the command, which must not be empty. */
export const requiredText = (what: string) =>
  z
    .array(z.string())
    .transform((words) => words.join(' ').trim())
    .refine((text) => text.length > 0, { message: `请写上${what}` })
