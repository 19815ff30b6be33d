import { normalizeText } from '../domain/text-normalize.js'
import type { Platform } from './config.js'

export const TICKET_KINDS = ['登录', '卡顿', '声音', '画面', '作业', '设备', '其他'] as const
export type TicketKind = (typeof TICKET_KINDS)[number]

/**
 * The words that tell a kind, most specific symptom first: "登录后没声音" is a sound problem,
 * "电脑卡顿" a lag, not a device fault.
 */
const KIND_WORDS: readonly [TicketKind, readonly string[]][] = [
  ['声音', ['没声音', '没有声音', '声音', '听不到', '听不见', '麦克风', '话筒', '耳机', '杂音', '回音', '静音', '喇叭', '音响', '没声']],
  ['画面', ['黑屏', '白屏', '花屏', '画面', '看不到', '看不见', '摄像头', '共享屏幕', '屏幕共享', '投屏', '模糊', '视频', 'PPT', '课件']],
  ['卡顿', ['卡顿', '很卡', '好卡', '太卡', '卡死', '卡住', '卡了', '延迟', '掉线', '断线', '缓冲', '转圈', '加载', '很慢', '太慢']],
  ['登录', ['登录', '登陆', '登不上', '进不去', '进不了', '账号', '帐号', '密码', '验证码', '扫码', '注册', '绑定']],
  ['作业', ['作业', '批改', '提交', '上传', '打卡', '布置']],
  ['设备', ['开不了机', '开不开机', '蓝屏', '死机', '打印机', '键盘', '鼠标', '充电', '平板', '手机', '摄像头', '坏了', '电脑']],
]

/** Words of trouble or of asking: a message with one of these is about a problem. */
const TROUBLE = /不能|不了|无法|不行|没法|不上|不开|失败|报错|错误|出错|异常|问题|怎么|如何|怎样|咋|为什么|为啥|求助|帮忙|请问|能不能|会不会|不会|打不开|闪退|崩溃|没反应|没有反应|用不了|故障|提示/
const QUESTION = /[?？吗]|请问|怎么|如何/
/** Thanks, acknowledgements, greetings and "it works now": talk around a problem, not one. */
const CHIT_CHAT = /谢谢|感谢|多谢|辛苦|收到|好的|明白|知道了|了解|早上好|大家好|晚安|👍|可以了|好了|解决了|正常了|搞定|没问题了|不卡了|有声音了|^(?:嗯+|哦+|好|ok|OK|行|对|是的?)[。!！~]*$/

const normalized = (text: string): string => normalizeText(text).toLowerCase()

/** The platform a message names: the longest word wins ("QQ群课堂" over "QQ"), then the listed order. */
export function detectPlatform(text: string, platforms: readonly Platform[]): Platform | undefined {
  const lower = normalized(text)
  let best: { platform: Platform; length: number } | undefined
  for (const platform of platforms) {
    for (const word of platform.words) {
      if (lower.includes(word.toLowerCase()) && (!best || word.length > best.length)) best = { platform, length: word.length }
    }
  }
  return best?.platform
}

/** The words of `kind` that occur in the text (empty for 其他). */
export function kindWordsIn(text: string, kind: TicketKind): string[] {
  const lower = normalized(text)
  const words = KIND_WORDS.find(([candidate]) => candidate === kind)?.[1] ?? []
  return words.filter((word) => lower.includes(word.toLowerCase()))
}

export function detectKind(text: string): TicketKind {
  return KIND_WORDS.find(([kind]) => kindWordsIn(text, kind).length > 0)?.[0] ?? '其他'
}

export interface ProblemReading {
  platform?: string
  kind: TicketKind
}

/**
 * Whether a message in the tech group describes a problem (can't log in, no sound, a question
 * about a platform), and what it is about; thanks, 收到 and "好了" are not problems.
 */
export function readProblem(text: string, platforms: readonly Platform[]): ProblemReading | undefined {
  const lower = normalized(text)
  if (!lower) return undefined
  const { platform, kind } = describeProblem(lower, platforms)
  const troubled = TROUBLE.test(lower)
  if (CHIT_CHAT.test(lower) && !troubled && !QUESTION.test(lower)) return undefined
  const aboutProblem = troubled || kind !== '其他' || (platform !== undefined && QUESTION.test(lower))
  if (!aboutProblem) return undefined
  return { ...(platform ? { platform } : {}), kind }
}

/** Platform and kind of a text already known to be a problem (/报修, a "没解决"). */
export function describeProblem(text: string, platforms: readonly Platform[]): ProblemReading {
  const platform = detectPlatform(text, platforms)
  return { ...(platform ? { platform: platform.name } : {}), kind: detectKind(text) }
}

const bigramsOf = (text: string): Set<string> => {
  const characters = [...normalized(text).replace(/[\s\p{P}\p{S}]/gu, '')]
  const bigrams = new Set<string>()
  for (let index = 0; index + 1 < characters.length; index++) bigrams.add(`${characters[index]}${characters[index + 1]}`)
  return bigrams
}

/** How alike two descriptions read (Dice coefficient of character pairs): 0 nothing shared, 1 the same. */
export function similarity(a: string, b: string): number {
  const first = bigramsOf(a)
  const second = bigramsOf(b)
  if (!first.size || !second.size) return 0
  let shared = 0
  for (const bigram of first) if (second.has(bigram)) shared++
  return (2 * shared) / (first.size + second.size)
}

/** Below this, two vaguely described problems (no platform, or kind 其他) are different incidents. */
const VAGUE_SIMILARITY = 0.5

export interface MergeCandidate {
  id: number
  platform?: string
  kind: TicketKind
  /** Day the incident was opened (YYYY-MM-DD). */
  day: string
  texts: readonly string[]
}

/**
 * The open incident a new problem belongs to: same day, same platform and kind, and words
 * alike. A named platform with a known kind is already the shared words ("腾讯课堂" and "卡");
 * vaguer reports must read alike. The closest match wins.
 */
export function incidentFor(problem: ProblemReading & { text: string; day: string }, open: readonly MergeCandidate[]): number | undefined {
  const specific = problem.platform !== undefined && problem.kind !== '其他'
  let best: { id: number; score: number } | undefined
  for (const candidate of open) {
    if (candidate.day !== problem.day || candidate.platform !== problem.platform || candidate.kind !== problem.kind) continue
    const score = Math.max(...candidate.texts.map((text) => similarity(text, problem.text)))
    if (!specific && score < VAGUE_SIMILARITY) continue
    if (!best || score > best.score) best = { id: candidate.id, score }
  }
  return best?.id
}

/** "腾讯课堂·卡顿", "其他": how a ticket is labelled in messages. */
export const ticketLabel = (ticket: { platform?: string | undefined; kind: TicketKind }): string =>
  ticket.platform ? `${ticket.platform}·${ticket.kind}` : ticket.kind
