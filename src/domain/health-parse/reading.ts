/** Reading the pieces of one message: names, locations, claims, temperatures, and the records they make. */
import { decodeChineseNumber } from '../chinese-number.js'
import { findClassName } from '../class-name.js'
import { type ParseResult, type PersonRecord } from './shapes.js'
import { BEFORE_NUMBER_WINDOW, BOUND_BEFORE_NUMBER, CLAIM_MASK, CORRECTED_VALUE, CORRECTION_SOURCE, DATE_OR_TIME_AFTER, HAN, KEYWORD, KEYWORD_SOURCE, MAX_TEMPERATURE, MIN_TEMPERATURE, NEGATED_AFTER, NEGATED_BEFORE, NEGATION_WINDOW, NOT_A_TEMPERATURE_AFTER, NOT_A_TEMPERATURE_BEFORE, NUMBER, QUESTION_WORDS, REMEASURE_BELOW, SLOT_PATTERN, SYMPTOM_SOURCE, SYMPTOM_VOCABULARY, TAG_SOURCE, TEMPERATURE_LETTER_BEFORE, allMatches, type ReportProfile } from './vocabulary.js'

// ─── Names ───────────────────────────────────────────────────────────────────

export const NAME_RUN = new RegExp(`^[${HAN}]+`)
export const NUMBERING = /^(?:\d{1,3}\s*[.、)](?!\d)|\(\d{1,3}\)|[①-⑳]|\d{1,3}\s(?=\D))\s*/
// Words that end a name written straight into the rest of a line: "张伟体温36.5", "李娜上午36.3".
export const NAME_END = new RegExp(
  `体温|测温|温度|上午|下午|早上|早晨|晚上|中午|今天|今日|正常|良好|无异常|无症状|代报|${SYMPTOM_SOURCE}`,
)
export const NOT_A_NAME_PART = new RegExp(
  `温度|健康|上报|打卡|接龙|上午|下午|早上|早晨|晚上|中午|今天|今日|昨天|明天|正常|良好|症状|异常|本人|自己|大家|各位|全体|收到|好的|谢谢|姓名|名字|报告|情况|一切|目前|现在|刚才|已经|家长|学生|孩子|班级|年级|日期|时间|备注|所在|老师们|同事们|代报|${CORRECTION_SOURCE}`,
)
export const NOT_A_NAME_WHOLE = /^(?:老师|同学|同事|领导|校长|主任|班主任|全班|全校)$/
// Characters that start ordinary words but (almost) never a Chinese surname.
export const NOT_A_NAME_INITIAL =
  /^[我你他她它这那刚已在测量今昨早晚无没未否有是的还也就请好收嗯哦啊呃对不跟给让被把再又很太挺略稍感觉发咳头嗓喉腹鼻胸呕恶乏肌味嗅身自目现本大各一体健正改替帮代更]/
export const MIN_NAME_LENGTH = 2
export const MAX_NAME_LENGTH = 4
export const AFTER_NAME_SEPARATOR = /^(?:\s*\([^)\n]{0,12}\))?\s*[:,]?\s*/

export const TITLE = /老师$/

// "张伟老师" is 张伟 on the roster; "张老师" has nothing left to drop and stays as written.
export function withoutTitle(name: string): string {
  const bare = name.replace(TITLE, '')
  return bare.length >= MIN_NAME_LENGTH ? bare : name
}

export function looksLikeName(word: string, profile: ReportProfile): boolean {
  return (
    word.length >= MIN_NAME_LENGTH &&
    word.length <= MAX_NAME_LENGTH &&
    !NOT_A_NAME_PART.test(word) &&
    !NOT_A_NAME_WHOLE.test(word) &&
    !NOT_A_NAME_INITIAL.test(word) &&
    !profile.claimWord.test(word) &&
    !KEYWORD.test(word) &&
    findClassName(word) === undefined
  )
}

// ─── Locations ───────────────────────────────────────────────────────────────

export const LOCATION_IN_TEXT = new RegExp(`(?:^|[\\s,;、])(?:人|现|目前|身|当前|还|仍|人还|人仍)?在([${HAN}]{1,12})`)
export const LOCATION_END =
  /隔离|观察|居家|正常|良好|滞留|休息|办公|上班|工作|值班|上课|学习|过年|探亲|体温|症状|家中|家里|老家|回不来|[无没未不返回的了中里呢啊哦吧,]/
export const NOT_A_PLACE = /^(?:家|校|学校|单位|岗|线上|网上|群|这|那|哪|此|外)/
// One-character abbreviations of cities and provinces, as in "在蓉", "在鄂".
export const PLACE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  蓉: '成都',
  渝: '重庆',
  京: '北京',
  沪: '上海',
  津: '天津',
  穗: '广州',
  鄂: '湖北',
  汉: '武汉',
}
export const MAX_LOCATION_LENGTH = 30

export function locationInText(text: string): string | undefined {
  const match = LOCATION_IN_TEXT.exec(text)
  const run = match?.[1]
  if (!run) return undefined
  const endIndex = run.slice(1).search(LOCATION_END)
  const place = endIndex < 0 ? run : run.slice(0, endIndex + 1)
  if (NOT_A_PLACE.test(place)) return undefined
  return PLACE_ABBREVIATIONS[place] ?? place
}

// ─── Claims: symptoms and flags ──────────────────────────────────────────────

export interface Claims {
  symptoms: string[]
  /** Indexes into the profile's flags. */
  flags: Set<number>
}

export interface Span {
  start: number
  end: number
}

export function isNegated(masked: string, span: Span): boolean {
  const before = masked.slice(Math.max(0, span.start - NEGATION_WINDOW), span.start)
  const after = masked.slice(span.end, span.end + NEGATION_WINDOW)
  return NEGATED_BEFORE.test(before) || NEGATED_AFTER.test(after)
}

export function findClaims(text: string, profile: ReportProfile): Claims {
  const matches = allMatches(profile.claim, text)
  if (matches.length === 0) return { symptoms: [], flags: new Set() }

  // Other claims and question words read as list items, so "无发热、咳嗽" negates both.
  let masked = ''
  let maskedUpTo = 0
  const spans = matches.map((match) => {
    const start = match.index ?? 0
    const end = start + match[0].length
    masked += text.slice(maskedUpTo, start) + CLAIM_MASK.repeat(end - start)
    maskedUpTo = end
    return { start, end, group: match.findIndex((captured, index) => index > 0 && captured !== undefined) }
  })
  masked = (masked + text.slice(maskedUpTo)).replace(QUESTION_WORDS, (word) => CLAIM_MASK.repeat(word.length))

  const symptoms = new Set<string>()
  const flags = new Set<number>()
  for (const span of spans) {
    if (isNegated(masked, span)) continue
    const entry = SYMPTOM_VOCABULARY[span.group - 1]
    if (entry) symptoms.add(entry.symptom)
    else flags.add(span.group - 1 - SYMPTOM_VOCABULARY.length)
  }
  return { symptoms: [...symptoms], flags }
}

export function flagNames(indexes: ReadonlySet<number>, profile: ReportProfile): string[] {
  return profile.flags.flatMap((flag, index) => (indexes.has(index) ? [flag.name] : []))
}

// ─── Temperatures ────────────────────────────────────────────────────────────

/**
 * free: a number counts if it has a unit, a decimal point or a keyword before it;
 * afterName: integers count too ("李娜 37"); field: the whole text is a temperature field.
 */
export type NumberContext = 'free' | 'afterName' | 'field'

export type TemperatureResult =
  | { kind: 'ok'; value: number; span: Span }
  | { kind: 'out-of-range'; written: string }
  | { kind: 'none' }

export const roundToTenth = (value: number) => Math.round(value * 10) / 10
export const inTemperatureRange = (value: number) => value >= MIN_TEMPERATURE && value <= MAX_TEMPERATURE

export function findTemperature(text: string, context: NumberContext): TemperatureResult {
  let outOfRange: string | undefined
  for (const match of allMatches(NUMBER, text)) {
    const written = match[1] ?? ''
    const start = match.index ?? 0
    const end = start + match[0].length
    const before = text.slice(Math.max(0, start - BEFORE_NUMBER_WINDOW), start)
    const after = text.slice(end, end + 4)
    const lettered = TEMPERATURE_LETTER_BEFORE.test(before)
    if ((!lettered && NOT_A_TEMPERATURE_BEFORE.test(before)) || NOT_A_TEMPERATURE_AFTER.test(after)) continue
    const decimal = written.includes('.')
    if (!decimal && DATE_OR_TIME_AFTER.test(after)) continue

    const bound = context === 'field' || lettered || BOUND_BEFORE_NUMBER.test(before)
    const withUnit = match[2] !== undefined
    const countable = bound || withUnit || decimal || context === 'afterName'
    if (!countable) continue

    const value = roundToTenth(Number(written))
    if (inTemperatureRange(value)) return { kind: 'ok', value, span: { start, end } }
    if (bound || withUnit) outOfRange ??= written
  }
  return outOfRange === undefined ? { kind: 'none' } : { kind: 'out-of-range', written: outOfRange }
}

/** The temperature a correction ends with: "刚才报错了36.7，应该是36.4" is 36.4. */
export function findCorrectedTemperature(text: string, context: NumberContext): TemperatureResult {
  const markers = allMatches(CORRECTED_VALUE, text)
  const last = markers[markers.length - 1]
  if (last === undefined) return findTemperature(text, context)
  const from = (last.index ?? 0) + last[0].length
  const corrected = findTemperature(text.slice(from), context)
  if (corrected.kind !== 'ok') return findTemperature(text, context)
  return { ...corrected, span: { start: corrected.span.start + from, end: corrected.span.end + from } }
}

// 三十七度二, 三十六点八度, 三十六度八: the spoken numeral, read as digits.
export const CHINESE_TEMPERATURE = /([三四]十[一二三四五六七八九]?)(?:\s*([点度])\s*([零〇一二三四五六七八九]))?(\s*度)?/g
// "37度5" (normalised to "37℃5") is 37.5 ℃.
export const DEGREE_THEN_TENTHS = /(?<![\d.])(3[4-9]|4[0-3])℃(\d)(?![\d.℃])/g
// "36,7" is a decimal comma only as a lone pair: "35,36,7" and "36,37行" are lists.
export const DECIMAL_COMMA = /(?<![\d.,])(3[4-9]|4[0-2]),(\d)(?![\d,]|\s*[人行页号个名条次分元块题班])/g
export const HAS_CHINESE_TENS = /[三四]十/

export function withTemperaturesAsDigits(text: string): string {
  const spoken = HAS_CHINESE_TENS.test(text)
    ? text.replace(CHINESE_TEMPERATURE, (written, tens: string, separator?: string, tenths?: string, degree?: string) => {
        if (separator === undefined && degree === undefined) return written
        const whole = decodeChineseNumber(tens)
        const fraction = tenths === undefined ? 0 : decodeChineseNumber(tenths)
        if (whole === undefined || fraction === undefined) return written
        return `${whole}${tenths === undefined ? '' : `.${fraction}`}℃`
      })
    : text
  return spoken.replace(DEGREE_THEN_TENTHS, '$1.$2℃').replace(DECIMAL_COMMA, '$1.$2')
}

// ─── Records ─────────────────────────────────────────────────────────────────

export const GREETING = '(?:早上|上午|下午|晚上|老师们?|大家|各位)好[!~。,]*'
export const REMARK_NOISE = new RegExp(
  `${NUMBERING.source}|${GREETING}|${TAG_SOURCE}|${SLOT_PATTERN.source}|\\d{1,2}月\\d{1,2}[日号]|今天|今日|本人|我的?|目前|现在|测得|测量|测了|量了|[零0]?报告|汇报|上报|刚才|刚刚|${CORRECTION_SOURCE}|(?:${KEYWORD_SOURCE})\\s*(?::|=|是|为)?`,
  'gm',
)
export const EMPTY_BRACKETS = /\(\s*\)/g
export const WHITESPACE_RUN = /\s+/g
// Notes are shown in Chinese messages, so the punctuation normalisation is undone there.
export const ASCII_PUNCTUATION = /[,:;]/g
export const FULL_WIDTH_PUNCTUATION: Readonly<Record<string, string>> = { ',': '，', ':': '：', ';': '；' }
export const REMARK_EDGES = /^[\s,.;:!、。~-]+|[\s,.;:!、。~-]+$/g
// What is left around a removed piece: "体温: ,无异常" → ",无异常", "无发热 , 咳嗽" → "无发热,咳嗽".
export const SEPARATOR_RUN = /\s*([,;:、])[\s,;:、]*/g
export const MAX_NOTE_LENGTH = 30

export function remarkOf(text: string): string | undefined {
  const remark = text
    .replace(REMARK_NOISE, ' ')
    .replace(EMPTY_BRACKETS, ' ')
    .replace(WHITESPACE_RUN, ' ')
    .replace(SEPARATOR_RUN, '$1')
    .replace(REMARK_EDGES, '')
    .replace(ASCII_PUNCTUATION, (ch) => FULL_WIDTH_PUNCTUATION[ch] ?? ch)
  if (remark === '') return undefined
  // Counted in code points so an emoji is never cut in half.
  const characters = Array.from(remark)
  return characters.length > MAX_NOTE_LENGTH ? `${characters.slice(0, MAX_NOTE_LENGTH - 1).join('')}…` : remark
}

export function withoutSpan(text: string, span: Span | undefined): string {
  return span === undefined ? text : `${text.slice(0, span.start)} ${text.slice(span.end)}`
}

export interface Reading {
  value: number
  span: Span
}

export function personRecord(name: string | undefined, reading: Reading | undefined, text: string, profile: ReportProfile): PersonRecord {
  const rest = withoutSpan(text, reading?.span)
  const claims = findClaims(rest, profile)
  const location = locationInText(rest)
  if (location !== undefined) {
    profile.flagWords.forEach((words, index) => {
      if (words.test(location)) claims.flags.add(index)
    })
  }
  const record: PersonRecord = { kind: 'person', symptoms: claims.symptoms, flags: flagNames(claims.flags, profile) }
  if (name !== undefined) record.name = name
  if (reading !== undefined) {
    record.temperature = reading.value
    if (reading.value < REMEASURE_BELOW) record.remeasure = true
  }
  if (location !== undefined) record.location = location
  const note = remarkOf(rest)
  if (note !== undefined) record.note = note
  return record
}

export interface PersonLine {
  name?: string
  numbered: boolean
  /** The line after the numbering and the name. */
  rest: string
  temperature: TemperatureResult
}

/** "1. 张伟 36.5", "李娜 36.8 正常", "王芳：36.5": a line that starts with someone's name. */
export function parsePersonLine(line: string, profile: ReportProfile): PersonLine {
  const numbering = NUMBERING.exec(line)
  const afterNumbering = numbering ? line.slice(numbering[0].length) : line
  // Class teachers' lists put the class first: "1. 一(1)班 张伟 36.5".
  const className = findClassName(afterNumbering)
  const content = className?.start === 0 ? afterNumbering.slice(className.end).trimStart() : afterNumbering
  const run = NAME_RUN.exec(content)?.[0] ?? ''
  const nameEnd = run.slice(MIN_NAME_LENGTH).search(NAME_END)
  const name = nameEnd < 0 ? run : run.slice(0, nameEnd + MIN_NAME_LENGTH)
  const afterName = content.slice(name.length)
  const separator = AFTER_NAME_SEPARATOR.exec(afterName)?.[0] ?? ''
  // Unnumbered, a name must be set apart ("李娜 36.8"); glued to a number it is too often a word.
  const separated = numbering !== null || separator !== '' || name !== run
  if (!looksLikeName(name, profile) || !separated) {
    return { numbered: numbering !== null, rest: content, temperature: findTemperature(content, 'free') }
  }
  const rest = afterName.slice(separator.length)
  return { name: withoutTitle(name), numbered: numbering !== null, rest, temperature: findTemperature(rest, 'afterName') }
}

// ─── Replies for attempts ────────────────────────────────────────────────────

export const INDIVIDUAL_EXAMPLE = '#健康 36.5℃ 正常'
export const FORM_EXAMPLE = '健康上报\n姓名：王芳\n体温：36.4\n症状：无\n所在地：成都市成华区'
export const CHAIN_EXAMPLE = '#接龙\n2月3日上午体温\n1. 张伟 36.5\n2. 王芳 36.3 正常'
export const PROXY_EXAMPLE = '替王芳老师代报：36.5'
export const DEFAULT_CLASS_LABEL = '三年级2班'

export const NONE: ParseResult = { kind: 'none' }
export const HOW_TO_RESULT: ParseResult = { kind: 'howTo' }

export function attempt(reason: string, example: string): ParseResult {
  return { kind: 'attempt', reason, example }
}

export function formatTemperature(value: number): string {
  return `${value.toFixed(1)}℃`
}

export function outOfRangeReason(written: string): string {
  const value = Number(written)
  const guess = [value * 10, value / 10].map(roundToTenth).find(inTemperatureRange)
  const hint = guess === undefined ? '' : `（是不是${formatTemperature(guess)}？）`
  return `读到的体温${written}℃不在${MIN_TEMPERATURE}～${MAX_TEMPERATURE}℃之间，请核对${hint}`
}

export const NO_TEMPERATURE_REASON = '没有找到体温数值，请写上体温，如36.5'
export const PROXY_WITHOUT_NAME_REASON = '代报请写上被代报人的姓名'
