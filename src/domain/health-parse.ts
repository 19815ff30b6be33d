/**
 * Reads health reports out of group chat, the way teachers actually write them.
 *
 * A message is tried, in order, as class teachers' summaries (a class name with counts),
 * a list of named lines (接龙), a 姓名：/体温： form, and finally one person's free text.
 * Pure: no I/O, no clock; everything is compiled once at module load.
 */
import { findClassName, type ClassName } from './class-name.js'
import { normalizeText } from './text-normalize.js'

// ─── Public shapes ───────────────────────────────────────────────────────────

export type Slot = '上午' | '下午'

export interface PersonRecord {
  kind: 'person'
  /** Only when the text itself names someone (接龙 line, "李娜 36.8", 姓名：王芳). */
  name?: string
  /** Always within 35.0–42.0, one decimal. */
  temperature?: number
  /** Canonical symptom names actually claimed (negated ones are left out). */
  symptoms: string[]
  location?: string
  hubei: boolean
  quarantine: boolean
  /** Short leftover remark for display, e.g. "正常", "无症状 在蓉". */
  note?: string
}

export interface ClassRecord {
  kind: 'class'
  classKey: string
  classLabel: string
  expected: number
  actual: number
  fever: number
  hubei: number
  quarantine: number
}

export type HealthRecord = PersonRecord | ClassRecord

export type ParseResult =
  | { kind: 'none' }
  | { kind: 'malformed'; reason: string; example: string }
  | { kind: 'reports'; records: HealthRecord[]; chain: boolean; slot?: Slot }

// ─── Helpers ─────────────────────────────────────────────────────────────────

/**
 * Every match of a global pattern. String#matchAll clones the RegExp on each call, which
 * costs more than the whole match for short messages; this reuses the compiled pattern.
 */
function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = []
  pattern.lastIndex = 0
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    matches.push(match)
    if (match[0] === '') pattern.lastIndex += 1
  }
  return matches
}

// ─── Vocabulary ──────────────────────────────────────────────────────────────

const HAN = '\\u3400-\\u9fff'
const MIN_TEMPERATURE = 35
const MAX_TEMPERATURE = 42

// Body parts that are said to "hurt" with a degree word in between: 嗓子有点疼, 头有些痛.
const ACHE = '(?:有)?(?:一?点儿?|些)?(?:疼|痛|不舒服|不适|难受)'

const SYMPTOM_VOCABULARY: readonly { symptom: string; words: readonly string[]; aching?: readonly string[] }[] = [
  { symptom: '发热', words: ['发热', '发烧', '低烧', '高烧', '低热', '高热'] },
  { symptom: '咳嗽', words: ['咳嗽', '干咳', '咳痰', '咳'] },
  { symptom: '乏力', words: ['乏力', '全身无力', '浑身无力', '四肢无力', '没力气', '没有力气', '疲乏'] },
  { symptom: '腹泻', words: ['腹泻', '拉肚子', '拉稀'] },
  {
    symptom: '咽痛',
    words: ['咽痛', '咽喉痛', '咽喉肿痛', '咽部不适', '嗓子疼', '嗓子痛', '喉咙痛', '喉咙疼'],
    aching: ['嗓子', '喉咙', '咽喉', '咽部'],
  },
  { symptom: '呼吸困难', words: ['呼吸困难', '呼吸不畅', '气促', '气短', '喘不上气'] },
  { symptom: '鼻塞', words: ['鼻塞', '鼻子堵', '鼻子不通'] },
  { symptom: '流涕', words: ['流涕', '流鼻涕', '流鼻水', '流清涕'] },
  { symptom: '头痛', words: ['头痛', '头疼'], aching: ['头'] },
  { symptom: '肌肉酸痛', words: ['肌肉酸痛', '肌肉痛', '全身酸痛', '浑身酸痛'] },
  { symptom: '胸闷', words: ['胸闷', '胸口闷', '胸痛'] },
  { symptom: '呕吐', words: ['呕吐', '想吐'] },
  { symptom: '恶心', words: ['恶心'] },
  { symptom: '味觉丧失', words: ['味觉丧失', '味觉减退', '味觉消失', '尝不出味'] },
  { symptom: '嗅觉丧失', words: ['嗅觉丧失', '嗅觉减退', '嗅觉消失', '闻不到味'] },
  { symptom: '感冒', words: ['感冒', '着凉'] },
  { symptom: '身体不适', words: ['身体不适', '不舒服', '不适'] },
]

/** Every word recognised as a symptom, in the spellings teachers use (发烧, 嗓子疼, …). */
export const SYMPTOM_WORDS: readonly string[] = SYMPTOM_VOCABULARY.flatMap((entry) => entry.words)

const byLengthDescending = (a: string, b: string) => b.length - a.length

const SYMPTOM_SOURCE = SYMPTOM_VOCABULARY.map(({ words, aching }) => {
  const alternatives = [...words].sort(byLengthDescending)
  if (aching) alternatives.unshift(`(?:${aching.join('|')})${ACHE}`)
  return `(${alternatives.join('|')})`
}).join('|')

const HUBEI_SOURCE =
  '湖北|武汉|孝感|黄冈|荆州|宜昌|襄阳|十堰|随州|荆门|鄂州|咸宁|恩施|黄石|仙桃|天门|潜江|神农架|(?<=[在赴返回滞到去离])鄂'
const HUBEI_PLACE = new RegExp(HUBEI_SOURCE)
const QUARANTINE_SOURCE = '隔离|居家观察|医学观察|集中观察|健康观察'

// One scan finds every claim: a capture group per symptom (in vocabulary order), then one
// for a Hubei place and one for quarantine.
const CLAIM = new RegExp(`${SYMPTOM_SOURCE}|(${HUBEI_SOURCE})|(${QUARANTINE_SOURCE})`, 'g')
const CLAIM_WORD = new RegExp(CLAIM.source)
const HUBEI_GROUP = SYMPTOM_VOCABULARY.length + 1
const QUARANTINE_GROUP = SYMPTOM_VOCABULARY.length + 2

// Negation: a claim is negated when a negator stands before it, followed only by a verb
// and a list of other claims ("无发热、咳嗽等", "未去过湖北", "不在武汉", "无需隔离"), or
// when a field-style answer follows it ("咳嗽：无", "湖北人员无接触", "隔离期满").
const CLAIM_MASK = '□'
const NEGATOR = '否认|没有|解除|没|无|未|不|否|非(?!常)'
const NEGATED_VERB = '去过|到过|接触过?|出现过?|发生过?|明显|被|需要?|用|曾|在|去|到|见'
const LIST_GLUE = `[、,/和及或与\\s${CLAIM_MASK}]|等|其[他它]|任何`
const NEGATED_BEFORE = new RegExp(`(?:${NEGATOR})(?:${NEGATED_VERB})*(?:${LIST_GLUE})*$`)
const NEGATED_AFTER = new RegExp(
  `^(?:${LIST_GLUE})*?(?::\\s*(?:无|否|没有|未|0(?![\\d.]))|(?:无|否)(?=$|[\\s,;。])|(?:人员|地区)?(?:无|未|没有?)(?:接触|往来|旅居|去过)|(?:已|期)?(?:结束|期满|解除|到期))`,
)
// Negation looks this far back; a longer scope would be a different sentence anyway.
const NEGATION_WINDOW = 24
// "是否隔离：是", "有无发热：无": the question word is not itself a negation.
const QUESTION_WORDS = /是否|有无|有没有/g

const SLOT_PATTERN = /(上午|早上|早晨|清晨|今早|晨检|中午前|午前)|(下午|午后|午检|傍晚|晚上|晚间|晚检)/

const KEYWORD_SOURCE = '体温(?![计枪表])|测温|腋温|额温|耳温|口温|晨检|午检'
const TAG_SOURCE = '#\\s*(?:健康|体温|晨检|午检|打卡)(?:上报|打卡|填报|报告)?|(?:健康|体温|晨检)(?:上报|打卡|填报|报告)'
const KEYWORD = new RegExp(KEYWORD_SOURCE)
const TAG = new RegExp(TAG_SOURCE)
const CHAIN_HEADER = /接龙/
const HEALTH_TOPIC = new RegExp(`${KEYWORD_SOURCE}|健康|温度`)

// A number belongs to a keyword or tag written just before it: "体温：上午36.5", "#健康 36.6".
const BOUND_BEFORE_NUMBER = new RegExp(`(?:${KEYWORD_SOURCE}|${TAG_SOURCE})[^\\d\\n。;!?]{0,8}$`)
// How much text before a number decides what the number is.
const BEFORE_NUMBER_WINDOW = 14
const NUMBER = /(?<![\d.])(\d{1,4}(?:\.\d{1,3})?)(?!\d|\.\d)(\s*℃)?/g
// Numbers that are money, counts, dates, times, scores, thresholds, weather or part of a
// link or code, not a body temperature.
const NOT_A_TEMPERATURE_AFTER =
  /^(?:\s*(?:[元块万亿千百%‰分秒次号日月年岁点时天周个人名位班级页节期届本张条楼层室米斤克]|公里|公斤|小时|以上|以下|及以上)|[a-zA-Z])/
// "2/3", "19:30": an integer followed by a date or time separator ("36.5/36.7" stays a pair of temperatures).
const DATE_OR_TIME_AFTER = /^[:/]\d/
const NOT_A_TEMPERATURE_BEFORE =
  /(?:第|平均分?|成绩|分数|价格?|体重|身高|用时|气温|室温|水温|超过|高于|低于|大于|小于|达到|[≥>＜<≤¥$]|学号|工号|尾号|电话|手机|房间?|编号)\s*:?\s*$|\d\s*[:/-]$|[=_/a-zA-Z]$/

// Talk about the weather or thermometers, questions and announcements mention temperatures
// without reporting one.
const SMALL_TALK =
  /气温|天气|室温|水温|最高温|最低温|降温|升温|预报|好热|太热|真热|好冷|太冷|真冷|穿[衣薄厚多少]|出太阳|下雨|下雪|晴天|阴天|多云|体温[计枪表]|温度计/
const QUESTION = /[?]\s*$|[吗呢么][\s。!~]*$/
const ANNOUNCEMENT = /请(?:大家|各位|老师|全体)|各位(?:老师|同事)|大家(?!好)|务必|通知|提醒|记得|截止|抓紧|尽快|按时|[未没]报/
// Without a keyword, tag or name, a lone temperature counts only in a short message ("36.5 正常").
const BARE_REPORT_MAX_LENGTH = 40
// "体温：", "今天体温正常": a report whose number is missing.
const TEMPERATURE_WITHOUT_VALUE =
  /^(?:(?:今天|今日|本人|我的?|上午|下午|早上|晚上|中午)\s*)*(?:体温|测温)\s*(?::|是|为)?\s*(?:$|正常|良好|无异常|不高|没问题|[,;\s])/

// ─── Names ───────────────────────────────────────────────────────────────────

const NAME_RUN = new RegExp(`^[${HAN}]+`)
const NUMBERING = /^(?:\d{1,3}\s*[.、)](?!\d)|\(\d{1,3}\)|[①-⑳]|\d{1,3}\s(?=\D))\s*/
// Words that end a name written straight into the rest of a line: "张伟体温36.5", "李娜上午36.3".
const NAME_END = new RegExp(`体温|测温|温度|上午|下午|早上|早晨|晚上|中午|今天|今日|正常|良好|无异常|无症状|${SYMPTOM_SOURCE}`)
const NOT_A_NAME_PART =
  /温度|健康|上报|打卡|接龙|上午|下午|早上|早晨|晚上|中午|今天|今日|昨天|明天|正常|良好|症状|异常|本人|自己|大家|各位|全体|收到|好的|谢谢|姓名|名字|报告|情况|一切|目前|现在|刚才|已经|家长|学生|孩子|班级|年级|日期|时间|备注|所在|老师们|同事们/
const NOT_A_NAME_WHOLE = /^(?:老师|同学|同事|领导|校长|主任|班主任|全班|全校)$/
// Characters that start ordinary words but (almost) never a Chinese surname.
const NOT_A_NAME_INITIAL =
  /^[我你他她它这那刚已在测量今昨早晚无没未否有是的还也就请好收嗯哦啊呃对不跟给让被把再又很太挺略稍感觉发咳头嗓喉腹鼻胸呕恶乏肌味嗅身自目现本大各一体健正]/
const MIN_NAME_LENGTH = 2
const MAX_NAME_LENGTH = 4
const AFTER_NAME_SEPARATOR = /^(?:\s*\([^)\n]{0,12}\))?\s*[:,]?\s*/

const TITLE = /老师$/

// "张伟老师" is 张伟 on the roster; "张老师" has nothing left to drop and stays as written.
function withoutTitle(name: string): string {
  const bare = name.replace(TITLE, '')
  return bare.length >= MIN_NAME_LENGTH ? bare : name
}

function looksLikeName(word: string): boolean {
  return (
    word.length >= MIN_NAME_LENGTH &&
    word.length <= MAX_NAME_LENGTH &&
    !NOT_A_NAME_PART.test(word) &&
    !NOT_A_NAME_WHOLE.test(word) &&
    !NOT_A_NAME_INITIAL.test(word) &&
    !CLAIM_WORD.test(word) &&
    !KEYWORD.test(word) &&
    findClassName(word) === undefined
  )
}

// ─── Locations ───────────────────────────────────────────────────────────────

const LOCATION_IN_TEXT = new RegExp(`(?:^|[\\s,;、])(?:人|现|目前|身|当前)?在([${HAN}]{1,12})`)
const LOCATION_END =
  /隔离|观察|居家|正常|良好|滞留|休息|办公|上班|工作|值班|上课|学习|过年|探亲|体温|症状|家中|家里|[无没未不返回的了中里呢啊哦吧,]/
const NOT_A_PLACE = /^(?:家|校|学校|单位|岗|线上|网上|群|这|那|哪|此|外)/
// One-character abbreviations of cities and provinces, as in "在蓉", "在鄂".
const PLACE_ABBREVIATIONS: Readonly<Record<string, string>> = {
  蓉: '成都',
  渝: '重庆',
  京: '北京',
  沪: '上海',
  津: '天津',
  穗: '广州',
  鄂: '湖北',
  汉: '武汉',
}
const MAX_LOCATION_LENGTH = 30

function locationInText(text: string): string | undefined {
  const match = LOCATION_IN_TEXT.exec(text)
  const run = match?.[1]
  if (!run) return undefined
  const endIndex = run.slice(1).search(LOCATION_END)
  const place = endIndex < 0 ? run : run.slice(0, endIndex + 1)
  if (NOT_A_PLACE.test(place)) return undefined
  return PLACE_ABBREVIATIONS[place] ?? place
}

// ─── Claims: symptoms, Hubei, quarantine ─────────────────────────────────────

interface Claims {
  symptoms: string[]
  hubei: boolean
  quarantine: boolean
}

interface Span {
  start: number
  end: number
}

function isNegated(masked: string, span: Span): boolean {
  const before = masked.slice(Math.max(0, span.start - NEGATION_WINDOW), span.start)
  const after = masked.slice(span.end, span.end + NEGATION_WINDOW)
  return NEGATED_BEFORE.test(before) || NEGATED_AFTER.test(after)
}

function findClaims(text: string): Claims {
  const matches = allMatches(CLAIM, text)
  if (matches.length === 0) return { symptoms: [], hubei: false, quarantine: false }

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
  let hubei = false
  let quarantine = false
  for (const span of spans) {
    if (isNegated(masked, span)) continue
    if (span.group === HUBEI_GROUP) hubei = true
    else if (span.group === QUARANTINE_GROUP) quarantine = true
    else {
      const entry = SYMPTOM_VOCABULARY[span.group - 1]
      if (entry) symptoms.add(entry.symptom)
    }
  }
  return { symptoms: [...symptoms], hubei, quarantine }
}

// ─── Temperatures ────────────────────────────────────────────────────────────

/**
 * free: a number counts if it has a unit, a decimal point or a keyword before it;
 * afterName: integers count too ("李娜 37"); field: the whole text is a temperature field.
 */
type NumberContext = 'free' | 'afterName' | 'field'

type TemperatureResult =
  | { kind: 'ok'; value: number; span: Span }
  | { kind: 'out-of-range'; written: string }
  | { kind: 'none' }

const roundToTenth = (value: number) => Math.round(value * 10) / 10
const inTemperatureRange = (value: number) => value >= MIN_TEMPERATURE && value <= MAX_TEMPERATURE

function findTemperature(text: string, context: NumberContext): TemperatureResult {
  let outOfRange: string | undefined
  for (const match of allMatches(NUMBER, text)) {
    const written = match[1] ?? ''
    const start = match.index ?? 0
    const end = start + match[0].length
    const before = text.slice(Math.max(0, start - BEFORE_NUMBER_WINDOW), start)
    const after = text.slice(end, end + 4)
    if (NOT_A_TEMPERATURE_BEFORE.test(before) || NOT_A_TEMPERATURE_AFTER.test(after)) continue
    const decimal = written.includes('.')
    if (!decimal && DATE_OR_TIME_AFTER.test(after)) continue

    const bound = context === 'field' || BOUND_BEFORE_NUMBER.test(before)
    const countable = bound || match[2] !== undefined || decimal || context === 'afterName'
    if (!countable) continue

    const value = roundToTenth(Number(written))
    if (inTemperatureRange(value)) return { kind: 'ok', value, span: { start, end } }
    if (bound) outOfRange ??= written
  }
  return outOfRange === undefined ? { kind: 'none' } : { kind: 'out-of-range', written: outOfRange }
}

// ─── Records ─────────────────────────────────────────────────────────────────

const GREETING = '(?:早上|上午|下午|晚上|老师们?|大家|各位)好[!~。,]*'
const REMARK_NOISE = new RegExp(
  `${NUMBERING.source}|${GREETING}|${TAG_SOURCE}|${SLOT_PATTERN.source}|\\d{1,2}月\\d{1,2}[日号]|今天|今日|本人|我的?|目前|现在|测得|测量|测了|量了|报告|汇报|上报|(?:${KEYWORD_SOURCE})\\s*(?::|是|为)?`,
  'gm',
)
const EMPTY_BRACKETS = /\(\s*\)/g
const WHITESPACE_RUN = /\s+/g
// Notes are shown in Chinese messages, so the punctuation normalisation is undone there.
const ASCII_PUNCTUATION = /[,:;]/g
const FULL_WIDTH_PUNCTUATION: Readonly<Record<string, string>> = { ',': '，', ':': '：', ';': '；' }
const REMARK_EDGES = /^[\s,.;:!、。~-]+|[\s,.;:!、。~-]+$/g
// What is left around a removed piece: "体温: ,无异常" → ",无异常", "无发热 , 咳嗽" → "无发热,咳嗽".
const SEPARATOR_RUN = /\s*([,;:、])[\s,;:、]*/g
const MAX_NOTE_LENGTH = 30

function remarkOf(text: string): string | undefined {
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

function withoutSpan(text: string, span: Span): string {
  return `${text.slice(0, span.start)} ${text.slice(span.end)}`
}

function personRecord(name: string | undefined, temperature: number, text: string, temperatureSpan: Span): PersonRecord {
  const rest = withoutSpan(text, temperatureSpan)
  const claims = findClaims(rest)
  const location = locationInText(rest)
  const record: PersonRecord = {
    kind: 'person',
    temperature,
    symptoms: claims.symptoms,
    hubei: claims.hubei || (location !== undefined && HUBEI_PLACE.test(location)),
    quarantine: claims.quarantine,
  }
  if (name !== undefined) record.name = name
  if (location !== undefined) record.location = location
  const note = remarkOf(rest)
  if (note !== undefined) record.note = note
  return record
}

interface PersonLine {
  name?: string
  numbered: boolean
  /** The line after the numbering and the name. */
  rest: string
  temperature: TemperatureResult
}

/** "1. 张伟 36.5", "李娜 36.8 正常", "王芳：36.5": a line that starts with someone's name. */
function parsePersonLine(line: string): PersonLine {
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
  if (!looksLikeName(name) || !separated) {
    return { numbered: numbering !== null, rest: content, temperature: findTemperature(content, 'free') }
  }
  const rest = afterName.slice(separator.length)
  return { name: withoutTitle(name), numbered: numbering !== null, rest, temperature: findTemperature(rest, 'afterName') }
}

// ─── Malformed replies ───────────────────────────────────────────────────────

const INDIVIDUAL_EXAMPLE = '#健康 36.5℃ 正常'
const FORM_EXAMPLE = '健康上报\n姓名：王芳\n体温：36.4\n症状：无\n所在地：成都市成华区'
const CHAIN_EXAMPLE = '#接龙\n2月3日上午体温\n1. 张伟 36.5\n2. 王芳 36.3 正常'
const CLASS_EXAMPLE_COUNTS = '应报45 实报45 发热0 湖北0 隔离0'
const DEFAULT_CLASS_LABEL = '三年级2班'

const NONE: ParseResult = { kind: 'none' }

function malformed(reason: string, example: string): ParseResult {
  return { kind: 'malformed', reason, example }
}

function formatTemperature(value: number): string {
  return `${value.toFixed(1)}℃`
}

function outOfRangeReason(written: string): string {
  const value = Number(written)
  const guess = [value * 10, value / 10].map(roundToTenth).find(inTemperatureRange)
  const hint = guess === undefined ? '' : `（是不是${formatTemperature(guess)}？）`
  return `体温${written}℃不在${MIN_TEMPERATURE}～${MAX_TEMPERATURE}℃之间，请核对${hint}`
}

const NO_TEMPERATURE_REASON = '没有找到体温数值，请写上体温，如36.5'

// ─── Class summaries ─────────────────────────────────────────────────────────

type CountField = 'expected' | 'actual' | 'fever' | 'hubei' | 'quarantine'

const COUNT_FIELDS: readonly { field: CountField; label: string; words: readonly string[] }[] = [
  { field: 'expected', label: '应报', words: ['应报', '应到', '应有', '应报人数', '应到人数', '全班人数', '班级人数', '总人数'] },
  { field: 'actual', label: '实报', words: ['实报', '实到', '实有', '实报人数', '实到人数'] },
  { field: 'fever', label: '发热', words: ['体温异常', '发热', '发烧', '高烧'] },
  { field: 'hubei', label: '湖北', words: ['湖北滞留', '滞留湖北', '湖北', '在鄂'] },
  { field: 'quarantine', label: '隔离', words: ['隔离观察', '居家隔离', '集中隔离', '医学观察', '居家观察', '隔离'] },
]
const COUNT_FIELD_BY_WORD = new Map(COUNT_FIELDS.flatMap(({ field, words }) => words.map((word) => [word, field] as const)))
const ZERO_WORDS = /^(?:无|零|没有)$/
const COUNT = new RegExp(
  `(${[...COUNT_FIELD_BY_WORD.keys()].sort(byLengthDescending).join('|')})(?:人数|学生)?\\s*(?::|=|为|是)?\\s*(\\d{1,3}|无|零|没有)(?![\\d.℃])`,
  'g',
)
// A block is a summary attempt when it looks like one even with something missing: a class
// name with a headcount or three numeric counts, or, without a class name, both headcounts
// or three numeric counts. A personal form's "湖北：0 隔离：0" or a tally such as
// "实到36人" must not turn into a class report.
const MIN_NUMERIC_COUNTS = 3

interface ClassBlock {
  className?: ClassName
  counts: Partial<Record<CountField, number>>
  numericCounts: number
}

function readCounts(text: string, block: ClassBlock): void {
  for (const match of allMatches(COUNT, text)) {
    const field = COUNT_FIELD_BY_WORD.get(match[1] ?? '')
    const written = match[2] ?? ''
    if (field === undefined) continue
    block.counts[field] = ZERO_WORDS.test(written) ? 0 : Number(written)
    if (!ZERO_WORDS.test(written)) block.numericCounts += 1
  }
}

function isSummaryAttempt({ className, counts, numericCounts }: ClassBlock): boolean {
  if (numericCounts >= MIN_NUMERIC_COUNTS) return true
  const headcounts = [counts.expected, counts.actual].filter((count) => count !== undefined).length
  return className ? headcounts > 0 : headcounts === 2
}

function classBlocks(lines: readonly string[]): ClassBlock[] {
  const blocks: ClassBlock[] = []
  let current: ClassBlock | undefined
  for (const line of lines) {
    const className = findClassName(line)
    if (className) {
      current = { className: { key: className.key, label: className.label }, counts: {}, numericCounts: 0 }
      blocks.push(current)
      readCounts(line.slice(className.end), current)
    } else {
      if (!current) {
        current = { counts: {}, numericCounts: 0 }
        blocks.push(current)
      }
      readCounts(line, current)
    }
  }
  return blocks.filter(isSummaryAttempt)
}

function classProblem(block: ClassBlock): string | undefined {
  const { counts } = block
  const missing = COUNT_FIELDS.filter(({ field }) => counts[field] === undefined).map(({ label }) => label)
  if (missing.length > 0) return `缺少：${missing.join('、')}人数`
  const { expected = 0, actual = 0, fever = 0, hubei = 0, quarantine = 0 } = counts
  if (actual > expected) return `实报${actual}人多于应报${expected}人，请核对`
  if (fever > actual) return `发热${fever}人多于实报${actual}人，请核对`
  const excess = ([['湖北', hubei], ['隔离', quarantine]] as const).find(([, count]) => count > expected)
  if (excess) return `${excess[0]}${excess[1]}人多于应报${expected}人，请核对`
  return undefined
}

function parseClassSummaries(lines: readonly string[]): ParseResult | undefined {
  const blocks = classBlocks(lines)
  if (blocks.length === 0) return undefined
  const problems: string[] = []
  const records: ClassRecord[] = []
  for (const block of blocks) {
    if (!block.className) {
      problems.push('没有找到班级名称（如三年级2班）')
      continue
    }
    const problem = classProblem(block)
    if (problem) {
      problems.push(blocks.length > 1 ? `${block.className.label}${problem}` : problem)
      continue
    }
    const { expected = 0, actual = 0, fever = 0, hubei = 0, quarantine = 0 } = block.counts
    records.push({
      kind: 'class',
      classKey: block.className.key,
      classLabel: block.className.label,
      expected,
      actual,
      fever,
      hubei,
      quarantine,
    })
  }
  if (problems.length > 0) {
    const label = blocks.find((block) => block.className)?.className?.label ?? DEFAULT_CLASS_LABEL
    return malformed(problems.join('；'), `${label} ${CLASS_EXAMPLE_COUNTS}`)
  }
  return { kind: 'reports', records, chain: false, ...slotOf(lines.join('\n')) }
}

// ─── 接龙 lists and several named lines ──────────────────────────────────────

function slotOf(text: string): { slot?: Slot } {
  const match = SLOT_PATTERN.exec(text)
  if (!match) return {}
  return { slot: match[1] ? '上午' : '下午' }
}

function recordOfLine(line: PersonLine): PersonRecord | undefined {
  if (line.name === undefined || line.temperature.kind !== 'ok') return undefined
  return personRecord(line.name, line.temperature.value, line.rest, line.temperature.span)
}

function parseList(lines: readonly string[], personLines: readonly PersonLine[]): ParseResult | undefined {
  const headerText = lines.filter((_, index) => !personLines[index]?.numbered).join('\n')
  const entries = personLines.map((line) => ({ line, record: recordOfLine(line) }))
  const records = entries.flatMap(({ record }) => (record ? [record] : []))

  if (CHAIN_HEADER.test(headerText)) {
    const numbered = personLines.filter((line) => line.numbered)
    const aboutHealth = HEALTH_TOPIC.test(headerText) || numbered.some((line) => line.temperature.kind !== 'none')
    if (!aboutHealth) return NONE
    if (records.length > 0) return { kind: 'reports', records, chain: true, ...slotOf(headerText) }
    // A header alone, or a template line such as "1. 姓名 体温", is the chain being started.
    const attempted = numbered.some((line) => line.name !== undefined || /\d/.test(line.rest))
    return attempted ? malformed('接龙里没有一行写了姓名和体温，请按「序号. 姓名 体温」填写', CHAIN_EXAMPLE) : NONE
  }
  if (records.length < 2) return undefined
  const numberedRecords = entries.filter(({ line, record }) => line.numbered && record).length
  return { kind: 'reports', records, chain: numberedRecords >= 2, ...slotOf(headerText) }
}

// ─── Field form (姓名：… 体温：…) ──────────────────────────────────────────────

type FormField = 'name' | 'temperature' | 'symptoms' | 'location' | 'hubei' | 'quarantine' | 'note' | 'other'

const FORM_KEYS: readonly { field: FormField; keys: string }[] = [
  { field: 'name', keys: '姓名|名字|教师姓名|教职工姓名|上报人|填报人|报告人' },
  { field: 'temperature', keys: '(?:上午|下午|早上|晚上|中午|今日|今天|当日|晨检|午检)?(?:体温|温度|测温)(?:情况)?' },
  { field: 'symptoms', keys: '(?:有无|是否有)?(?:不适)?症状|身体状况|健康状况|身体情况|健康情况' },
  {
    field: 'location',
    keys: '所在地区?|所在城市|当前所在地|目前所在地|现所在地|现居地|居住地|当前位置|所在位置|位置|地点|现住址|住址',
  },
  { field: 'hubei', keys: '是否(?:去过|到过|在|接触过?)湖北(?:人员)?|湖北(?:旅居史|接触史|滞留)?|(?:旅居|接触)史' },
  { field: 'quarantine', keys: '是否(?:居家)?隔离|是否医学观察|隔离情况|(?:居家)?隔离' },
  { field: 'note', keys: '备注|其他|其它|说明|情况说明' },
  { field: 'other', keys: '班级|日期|时间|部门|学科|职务|电话|手机' },
]
const HEALTH_FORM_FIELDS: readonly FormField[] = ['temperature', 'symptoms', 'location', 'hubei', 'quarantine']
const FORM_KEY_PATTERNS = FORM_KEYS.map(({ field, keys }) => ({ field, pattern: new RegExp(`^(?:${keys})$`) }))
const FORM_FIELD_START = new RegExp(`(?:^|[\\s,;])(${FORM_KEYS.map(({ keys }) => keys).join('|')})\\s*:`, 'g')
const YES = /^(?:是|有|在)/
const NO = /^(?:否|无|没|未|不|0)/
const NOTHING_TO_REPORT = /^(?:无|没有|没|否|暂无|正常|良好|健康|一切正常|未见异常|无异常|无症状|不)/
const MAX_FREE_SYMPTOM_LENGTH = 10
const FORM_NAME = new RegExp(`^[${HAN}·]{1,12}`)

function fieldOf(key: string): FormField {
  return FORM_KEY_PATTERNS.find(({ pattern }) => pattern.test(key))?.field ?? 'other'
}

function readFormFields(lines: readonly string[]): { fields: Map<FormField, string>; freeText: string[] } {
  const fields = new Map<FormField, string>()
  const freeText: string[] = []
  for (const line of lines) {
    const starts = allMatches(FORM_FIELD_START, line)
    const first = starts[0]
    if (!first) {
      freeText.push(line)
      continue
    }
    const leading = line.slice(0, first.index ?? 0).trim()
    if (leading) freeText.push(leading)
    starts.forEach((start, index) => {
      const valueStart = (start.index ?? 0) + start[0].length
      const valueEnd = starts[index + 1]?.index ?? line.length
      const field = fieldOf(start[1] ?? '')
      if (!fields.has(field)) fields.set(field, line.slice(valueStart, valueEnd).trim())
    })
  }
  return { fields, freeText }
}

function yesNo(value: string, claimedInText: boolean): boolean {
  if (YES.test(value)) return true
  if (NO.test(value)) return false
  return claimedInText
}

function parseFieldForm(lines: readonly string[]): ParseResult | undefined {
  const { fields, freeText } = readFormFields(lines)
  const healthFields = HEALTH_FORM_FIELDS.filter((field) => fields.has(field)).length
  if (!fields.has('name') && healthFields < 2) return undefined

  // "姓名：王芳 36.5" has no 体温 key; then the number has to look like a temperature on its own.
  const temperatureText = fields.get('temperature')
  const temperature =
    temperatureText === undefined ? findTemperature(lines.join('\n'), 'free') : findTemperature(temperatureText, 'field')
  if (temperature.kind === 'out-of-range') return malformed(outOfRangeReason(temperature.written), FORM_EXAMPLE)
  if (temperature.kind === 'none') return malformed(NO_TEMPERATURE_REASON, FORM_EXAMPLE)

  const symptomText = fields.get('symptoms') ?? ''
  const locationText = fields.get('location') ?? ''
  const hubeiText = fields.get('hubei') ?? ''
  const quarantineText = fields.get('quarantine') ?? ''
  const claims = findClaims([symptomText, ...freeText].join('\n'))
  const symptoms = claims.symptoms
  if (symptoms.length === 0 && symptomText !== '' && !NOTHING_TO_REPORT.test(symptomText)) {
    // An unknown complaint in the 症状 field ("头晕") is still a complaint.
    symptoms.push(symptomText.slice(0, MAX_FREE_SYMPTOM_LENGTH))
  }
  const record: PersonRecord = {
    kind: 'person',
    temperature: temperature.value,
    symptoms,
    hubei:
      claims.hubei ||
      yesNo(hubeiText, findClaims(hubeiText).hubei) ||
      (locationText !== '' && findClaims(locationText).hubei),
    quarantine: claims.quarantine || yesNo(quarantineText, findClaims(quarantineText).quarantine),
  }
  const name = FORM_NAME.exec(fields.get('name') ?? '')?.[0]
  if (name) record.name = name
  if (locationText) record.location = locationText.slice(0, MAX_LOCATION_LENGTH)
  const note = remarkOf(fields.get('note') || symptomText)
  if (note) record.note = note
  return { kind: 'reports', records: [record], chain: false, ...slotOf(lines.join('\n')) }
}

// ─── Free text ───────────────────────────────────────────────────────────────

function parseFreeText(text: string, lines: readonly string[], personLines: readonly PersonLine[]): ParseResult {
  if (QUESTION.test(text) || ANNOUNCEMENT.test(text)) return NONE
  const tagged = TAG.test(text)
  const keyworded = KEYWORD.test(text)
  if (SMALL_TALK.test(text) && !keyworded && !tagged) return NONE

  const namedIndex = personLines.findIndex((line) => line.name !== undefined && line.temperature.kind === 'ok')
  const named = personLines[namedIndex]
  const temperature = named?.temperature ?? findTemperature(text, 'free')

  if (temperature.kind === 'ok') {
    const bareNumber = !tagged && !keyworded && !named
    if (bareNumber && text.length > BARE_REPORT_MAX_LENGTH) return NONE
    // Claims and the remark are read without the name: a person called 黄石 is not in Hubei.
    const restLines = named ? lines.map((line, index) => (index === namedIndex ? named.rest : line)) : lines
    const offset = restLines.slice(0, Math.max(namedIndex, 0)).reduce((sum, line) => sum + line.length + 1, 0)
    const span = { start: temperature.span.start + offset, end: temperature.span.end + offset }
    const record = personRecord(named?.name, temperature.value, restLines.join('\n'), span)
    return { kind: 'reports', records: [record], chain: false, ...slotOf(text) }
  }
  if (temperature.kind === 'out-of-range') return malformed(outOfRangeReason(temperature.written), INDIVIDUAL_EXAMPLE)
  if (tagged || lines.some((line) => TEMPERATURE_WITHOUT_VALUE.test(line))) {
    return malformed(NO_TEMPERATURE_REASON, INDIVIDUAL_EXAMPLE)
  }
  return NONE
}

function parsePersonalReports(text: string, lines: readonly string[]): ParseResult {
  const personLines = lines.map(parsePersonLine)
  return parseList(lines, personLines) ?? parseFieldForm(lines) ?? parseFreeText(text, lines, personLines)
}

// ─── Entry points ────────────────────────────────────────────────────────────

const COMMAND = /^\s*[/／]/
// WeChat sends a quoting reply as "「王芳：体温36.5」\n- - - - - -\n收到"; only the reply is
// the sender's own words.
const QUOTED_MESSAGE = /^「[\s\S]*?」\n(?:- ?){3,}(?:\n|$)/
// Every report has a digit, and every malformed one a digit, a keyword, a tag or a "key:".
const MIGHT_BE_REPORT = new RegExp(`[\\d①-⑳:]|${KEYWORD_SOURCE}|${TAG_SOURCE}`)

/**
 * Reads a group message as a health report: an individual's report, a class teacher's
 * summary, a 接龙 list, a 姓名/体温 form; or says it is not a report, or why it cannot be used.
 */
export function parseHealthMessage(text: string): ParseResult {
  // The type says string, but this runs on whatever a chat message carries; it must not throw.
  if (typeof text !== 'string' || COMMAND.test(text)) return NONE
  const normalized = normalizeText(text).replace(QUOTED_MESSAGE, '')
  if (!MIGHT_BE_REPORT.test(normalized)) return NONE
  const lines = normalized.split('\n')
  return parseClassSummaries(lines) ?? parsePersonalReports(normalized, lines)
}

export function isAbnormal(record: PersonRecord, feverThreshold: number): boolean {
  return (
    (record.temperature !== undefined && record.temperature >= feverThreshold) ||
    record.symptoms.length > 0 ||
    record.hubei ||
    record.quarantine
  )
}

/** Why a record needs attention, in words for the admin group: ['体温37.6℃', '咳嗽', '湖北']. */
export function abnormalReasons(record: HealthRecord, feverThreshold: number): string[] {
  if (record.kind === 'class') {
    const counted: [string, number][] = [
      ['发热', record.fever],
      ['湖北滞留', record.hubei],
      ['隔离观察', record.quarantine],
    ]
    return counted.filter(([, count]) => count > 0).map(([label, count]) => `${label}${count}人`)
  }
  const reasons: string[] = []
  if (record.temperature !== undefined && record.temperature >= feverThreshold) {
    reasons.push(`体温${formatTemperature(record.temperature)}`)
  }
  reasons.push(...record.symptoms)
  if (record.hubei) reasons.push('湖北')
  if (record.quarantine) reasons.push('隔离')
  return reasons
}
