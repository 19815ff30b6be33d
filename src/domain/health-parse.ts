/**
 * Reads health reports out of group chat, the way teachers actually write them.
 *
 * A message is tried, in order, as class teachers' summaries (a class name with counts),
 * a list of named lines (接龙), a 姓名：/体温： form, and finally one person's free text.
 * What is claimed beyond symptoms (湖北, 隔离, or a school's own flags) comes from a report
 * profile, compiled once per configuration.
 * Pure: no I/O, no clock.
 */
import { decodeChineseNumber } from './chinese-number.js'
import { findClassName, type ClassName } from './class-name.js'
import { normalizeText } from './text-normalize.js'

// ─── Public shapes ───────────────────────────────────────────────────────────

export type Slot = '上午' | '下午'

/** Something a report can claim besides symptoms: a place, a status. */
export interface HealthFlag {
  /** How the flag is shown and stored: "湖北". */
  name: string
  /** Words that claim it in free text ("武汉", "滞留湖北" …) and as form keys. */
  words: string[]
  /** Whether claiming it makes a report abnormal. */
  abnormal: boolean
  /** The count's name in class summaries ("湖北0"); without it class summaries do not count the flag. */
  classField?: string
}

export interface PersonRecord {
  kind: 'person'
  /** Only when the text itself names someone (接龙 line, "李娜 36.8", 姓名：王芳, 替王芳代报). */
  name?: string
  /** Within 34.0–43.0, one decimal. */
  temperature?: number
  /** Below 36.0: recorded, but the reporter should measure again. */
  remeasure?: true
  /** Canonical symptom names actually claimed (negated ones are left out). */
  symptoms: string[]
  location?: string
  /** Names of the profile's flags actually claimed, in profile order. */
  flags: string[]
  /** The sender reports for the named person (代报). */
  proxy?: true
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
  /** Pupils per flag class field ("湖北", "隔离"), for every flag that has one. */
  counts: Record<string, number>
  /** Only when the teacher wrote a total of abnormal pupils (异常2). */
  abnormal?: number
}

export type HealthRecord = PersonRecord | ClassRecord

export type ParseResult =
  | { kind: 'none' }
  /** Someone asks how to report (怎么报, 格式是什么). */
  | { kind: 'howTo' }
  /** Meant as a report but not understood: tell the sender why, with one example. */
  | { kind: 'attempt'; reason: string; example: string }
  /**
   * A report that says all is well without a number (体温正常). `record` is what to store
   * when the school does not require a temperature; otherwise ask for one (see `example`).
   */
  | { kind: 'needsTemperature'; record: PersonRecord; example: string; slot?: Slot }
  | {
      kind: 'reports'
      records: HealthRecord[]
      chain: boolean
      slot?: Slot
      /** The sender says this replaces what they reported earlier (更正, 刚才报错了, a quoted reply). */
      correction?: true
      /**
       * Set when the message quotes a report and gives a new one: who wrote the quoted report.
       * It is a correction only when that is the sender; otherwise an ordinary report.
       */
      quotedAuthor?: string
    }

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

const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const byLengthDescending = (a: string, b: string) => b.length - a.length
const alternation = (words: readonly string[]) => [...words].sort(byLengthDescending).map(escapeRegExp).join('|')

// ─── Vocabulary ──────────────────────────────────────────────────────────────

const HAN = '\\u3400-\\u9fff'
const MIN_TEMPERATURE = 34
const MAX_TEMPERATURE = 43
// Below this a reading is kept but most likely a bad measurement (cold hands, a forehead
// thermometer outdoors), so the reporter is asked to measure again.
const REMEASURE_BELOW = 36

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

const SYMPTOM_SOURCE = SYMPTOM_VOCABULARY.map(({ words, aching }) => {
  const alternatives = [...words].sort(byLengthDescending)
  if (aching) alternatives.unshift(`(?:${aching.join('|')})${ACHE}`)
  return `(${alternatives.join('|')})`
}).join('|')

/** 2020's flags: a stay in Hubei, and quarantine. */
export const DEFAULT_FLAGS: readonly HealthFlag[] = [
  {
    name: '湖北',
    words: [
      '湖北', '武汉', '孝感', '黄冈', '荆州', '宜昌', '襄阳', '十堰', '随州', '荆门', '鄂州', '咸宁', '恩施', '黄石',
      '仙桃', '天门', '潜江', '神农架', '在鄂', '赴鄂', '返鄂', '回鄂', '滞鄂', '到鄂', '去鄂', '离鄂',
    ],
    abnormal: true,
    classField: '湖北',
  },
  { name: '隔离', words: ['隔离', '居家观察', '医学观察', '集中观察', '健康观察'], abnormal: true, classField: '隔离' },
]

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

// "T:36.5", "t=36.6": the letter is a temperature label only right before ":" or "=".
const TEMPERATURE_LETTER = '(?<![a-zA-Z])[tT](?=\\s*[:=])'
const KEYWORD_SOURCE = `体温(?![计枪表])|测温|腋温|额温|耳温|口温|肛温|晨检|午检|${TEMPERATURE_LETTER}`
const TAG_SOURCE = '#\\s*(?:健康|体温|晨检|午检|打卡)(?:上报|打卡|填报|报告)?|(?:健康|体温|晨检)(?:上报|打卡|填报|报告)'
const KEYWORD = new RegExp(KEYWORD_SOURCE)
const TAG = new RegExp(TAG_SOURCE)
const TAGS = new RegExp(TAG_SOURCE, 'g')
const CHAIN_HEADER = /接龙/
const HEALTH_TOPIC = new RegExp(`${KEYWORD_SOURCE}|健康|温度`)

// A number belongs to a keyword or tag written just before it: "体温：上午36.5", "#健康 36.6".
const BOUND_BEFORE_NUMBER = new RegExp(`(?:${KEYWORD_SOURCE}|${TAG_SOURCE})[^\\d\\n。;!?]{0,8}$`)
// How much text before a number decides what the number is.
const BEFORE_NUMBER_WINDOW = 14
const NUMBER = /(?<![\d.])(\d{1,4}(?:\.\d{1,3})?)(?!\d|\.\d)(\s*℃)?/g
// Numbers that are money, counts, dates, times, scores, thresholds, weather or part of a
// link or code, not a body temperature. "36.5 人在随州" is a person, not a head count.
const NOT_A_TEMPERATURE_AFTER =
  /^(?:\s*(?:[元块万亿千百%‰分秒次号日月年岁点时天周个名位班级页节期届本张条楼层室米斤克行题]|人(?![在还仍])|公里|公斤|小时|以上|以下|及以上)|[a-zA-Z])/
// "2/3", "19:30": an integer followed by a date or time separator ("36.5/36.7" stays a pair of temperatures).
const DATE_OR_TIME_AFTER = /^[:/]\d/
const NOT_A_TEMPERATURE_BEFORE =
  /(?:第|平均分?|均分|成绩|分数|得分|考了?|考试|价格?|单价|售价|花了|合计|共计|一共|总共|金额|费用|体重|身高|用时|气温|室温|水温|油温|超过|高于|低于|大于|小于|达到|[≥>＜<≤¥$]|学号|工号|尾号|电话|手机|房间?|编号|空调|暖气|调到|开到)\s*:?\s*$|\d\s*[:/-]$|[=_/a-zA-Z]$/
const TEMPERATURE_LETTER_BEFORE = new RegExp(`${TEMPERATURE_LETTER}\\s*[:=]\\s*$`)

// Talk about the weather, water, rooms or thermometers mentions temperatures without
// reporting one.
const SMALL_TALK =
  /气温|天气|室温|水温|最高温|最低温|降温|升温|预报|好热|太热|真热|好冷|太冷|真冷|穿[衣薄厚多少]|出太阳|下雨|下雪|晴天|阴天|多云|体温[计枪表]|温度计|洗澡|泡澡|泡脚|热水|开水|温水|空调|暖气|烤箱|冰箱|室内|室外|屋里|教室里/
const QUESTION = /[?]\s*$|[吗呢么][\s。!~]*$|算不算|是不是发|要不要紧|需不需要|是否需要|怎么办/
const ANNOUNCEMENT = /请(?:大家|各位|老师|全体)|各位(?:老师|同事)|大家(?!好)|务必|通知|提醒|记得|截止|抓紧|尽快|按时|[未没]报/
// Forwarded articles, notices and rules quote temperatures without anyone reporting one.
const FORWARDED =
  /转发|转自|转载|来源:|摘自|原文|《[^》\n]{2,}》|关于[^\n]{2,30}的(?:通知|公告|规定)|第[一二三四五六七八九十\d]{1,3}条|^【(?![^】\n]*(?:健康|体温|晨检|午检|打卡|接龙|上报|班))[^】\n]{2,30}】/m
const HOW_TO =
  /(?:怎么|如何|咋|怎样)(?:上报|填报|报(?![名销账告到])|填(?![报])|写|打卡|接龙)|格式(?:是什么|是啥|是怎样|怎么写|在哪)|报什么|在哪(?:里)?报|发什么格式/
// A how-to question is short and about reporting health, not leave, expenses or lessons.
const HOW_TO_MAX_LENGTH = 30
const OTHER_TOPIC = /请假|报销|报名|工资|课|作业|会议|成绩|考试|发票/
// Without a keyword, tag or name, a lone temperature counts only in a short message ("36.5 正常").
const BARE_REPORT_MAX_LENGTH = 40
// "体温：", "今天体温正常", "体温有点高": a report whose number is missing.
const TEMPERATURE_WITHOUT_VALUE =
  /^(?:(?:今天|今日|本人|我的?|上午|下午|早上|晚上|中午)\s*)*(?:体温|测温)\s*(?::|是|为)?\s*(?:$|正常|良好|无异常|不高|没问题|偏?[高低]|有点[高低]|稍[高低]|[,;\s])/
// "正常", "本人一切正常，无症状", "零报告": all is well, said without a number.
const ALL_IS_WELL = /正常|良好|身体健康|无异常|没有异常|无症状|无不适|不发烧|没发烧|不烧|零报告|0报告/
const ALL_IS_WELL_ALONE = new RegExp(
  `^(?:(?:今天|今日|本人|我|上午|下午|早上|晚上|中午|体温|身体|一切|均|都|情况|自己)\\s*)*(?:${ALL_IS_WELL.source})`,
)
const ALL_IS_WELL_ALONE_MAX_LENGTH = 16

// 更正, 刚才报错了, 应该是: the sender replaces a report they sent earlier.
const CORRECTION_SOURCE =
  '更正|订正|纠正|改正|修正|改一下|改为|改成|(?:报|打|写|输|填|弄|发|说)错了?|应该是|应为|重新(?:报|上报|测)'
const CORRECTION = new RegExp(CORRECTION_SOURCE)
// The value after these is the right one: "刚才报错了36.7，应该是36.4".
const CORRECTED_VALUE = /(?:应该是|应为|改为|改成|更正为|正确的?是)/g

// 替王芳老师代报, 帮李娜报一下, 代张伟上报: a report for someone else, named before the verb.
const PROXY_LEAD = new RegExp(
  `(?:替|帮|代)\\s*([${HAN}]{2,4}?)\\s*(?:老师)?\\s*(?:代|帮)?(?:上报|填报|打卡|报(?!(?:一?个|一下)?[名销账到告]))(?:一下|一个|个|下)?\\s*[:,]?\\s*`,
)
const PROXY_MARK = /代报|代为上报|代填|代上报|替报|帮报/

// ─── Report profiles ─────────────────────────────────────────────────────────

type CountField = 'expected' | 'actual' | 'fever' | 'abnormal' | `flag:${string}`

interface CountFieldSpec {
  field: CountField
  label: string
  words: readonly string[]
  /** Missing from a summary it is asked for; the total of abnormal pupils is optional. */
  required: boolean
}

type FormField = 'name' | 'temperature' | 'symptoms' | 'location' | 'note' | 'other' | `flag:${number}`

/** A profile's vocabulary, compiled: build it with compileProfile, once per configuration. */
export interface ReportProfile {
  readonly flags: readonly HealthFlag[]
  /** One scan finds every claim: a group per symptom, then one per flag. */
  readonly claim: RegExp
  readonly claimWord: RegExp
  readonly flagWords: readonly RegExp[]
  readonly countFields: readonly CountFieldSpec[]
  readonly countFieldByWord: ReadonlyMap<string, CountField>
  readonly count: RegExp
  readonly formKeys: readonly { field: FormField; pattern: RegExp }[]
  readonly formFieldStart: RegExp
  readonly classExampleCounts: string
}

const BASE_COUNT_FIELDS: readonly CountFieldSpec[] = [
  {
    field: 'expected',
    label: '应报',
    words: ['应报', '应到', '应有', '应交', '全班人数', '班级人数', '总人数', '全班', '班额'],
    required: true,
  },
  { field: 'actual', label: '实报', words: ['实报', '实到', '实有', '实交', '已报', '已到', '已交', '已上报'], required: true },
  { field: 'fever', label: '发热', words: ['体温异常', '发热', '发烧', '高烧'], required: true },
  { field: 'abnormal', label: '异常', words: ['异常'], required: false },
]

const FORM_BASE_KEYS: readonly { field: FormField; keys: string }[] = [
  { field: 'name', keys: '姓名|名字|教师姓名|教职工姓名|上报人|填报人|报告人' },
  { field: 'temperature', keys: '(?:上午|下午|早上|晚上|中午|今日|今天|当日|晨检|午检)?(?:体温|温度|测温)(?:情况)?' },
  { field: 'symptoms', keys: '(?:有无|是否有)?(?:不适)?症状|身体状况|健康状况|身体情况|健康情况' },
  {
    field: 'location',
    keys: '所在地区?|所在城市|当前所在地|目前所在地|现所在地|现居地|居住地|当前位置|所在位置|位置|地点|现住址|住址',
  },
  { field: 'note', keys: '备注|其他|其它|说明|情况说明' },
  { field: 'other', keys: '班级|日期|时间|部门|学科|职务|电话|手机' },
]
const HEALTH_FORM_FIELDS: readonly FormField[] = ['temperature', 'symptoms', 'location']

// Between a count word and its number: "湖北滞留1人", "隔离观察0人", "发热学生0".
const COUNT_FILLER = `[${HAN}]{0,3}?`

/** Compiles a profile's flags into the patterns the parser runs; do it once per configuration. */
export function compileProfile(flags: readonly HealthFlag[]): ReportProfile {
  const flagSources = flags.map((flag) => alternation([...new Set([flag.name, ...flag.words])]))
  const claimSource = [SYMPTOM_SOURCE, ...flagSources.map((source) => `(${source})`)].join('|')

  const flagCountFields: CountFieldSpec[] = flags.flatMap((flag) =>
    flag.classField === undefined
      ? []
      : [{ field: `flag:${flag.classField}` as const, label: flag.classField, words: [flag.classField, ...flag.words], required: true }],
  )
  const countFields = [...BASE_COUNT_FIELDS, ...flagCountFields]
  const countFieldByWord = new Map<string, CountField>()
  for (const { field, words } of countFields) for (const word of words) if (!countFieldByWord.has(word)) countFieldByWord.set(word, field)
  const count = new RegExp(
    `(?<![无没非])(${alternation([...countFieldByWord.keys()])})${COUNT_FILLER}(?:人数|学生)?\\s*(?::|=|为|是)?\\s*(\\d{1,3}|无|零|没有)(?![\\d.℃])`,
    'g',
  )

  const flagFormKeys = flagSources.map((source, index) => ({
    field: `flag:${index}` as const,
    keys: `(?:是否|有无)?(?:去过|到过|在|接触过?|有|为)?(?:居家|集中)?(?:${source})(?:人员)?(?:旅居史|接触史|史|滞留|情况|观察)?`,
  }))
  const formKeys = [...FORM_BASE_KEYS, ...flagFormKeys]

  return {
    flags,
    claim: new RegExp(claimSource, 'g'),
    claimWord: new RegExp(claimSource),
    flagWords: flagSources.map((source) => new RegExp(source)),
    countFields,
    countFieldByWord,
    count,
    formKeys: formKeys.map(({ field, keys }) => ({ field, pattern: new RegExp(`^(?:${keys})$`) })),
    formFieldStart: new RegExp(`(?:^|[\\s,;])(${formKeys.map(({ keys }) => keys).join('|')})\\s*:`, 'g'),
    classExampleCounts: ['应报45 实报45 发热0', ...flagCountFields.map(({ label }) => `${label}0`)].join(' '),
  }
}

export const DEFAULT_PROFILE: ReportProfile = compileProfile(DEFAULT_FLAGS)

// ─── Names ───────────────────────────────────────────────────────────────────

const NAME_RUN = new RegExp(`^[${HAN}]+`)
const NUMBERING = /^(?:\d{1,3}\s*[.、)](?!\d)|\(\d{1,3}\)|[①-⑳]|\d{1,3}\s(?=\D))\s*/
// Words that end a name written straight into the rest of a line: "张伟体温36.5", "李娜上午36.3".
const NAME_END = new RegExp(
  `体温|测温|温度|上午|下午|早上|早晨|晚上|中午|今天|今日|正常|良好|无异常|无症状|代报|${SYMPTOM_SOURCE}`,
)
const NOT_A_NAME_PART = new RegExp(
  `温度|健康|上报|打卡|接龙|上午|下午|早上|早晨|晚上|中午|今天|今日|昨天|明天|正常|良好|症状|异常|本人|自己|大家|各位|全体|收到|好的|谢谢|姓名|名字|报告|情况|一切|目前|现在|刚才|已经|家长|学生|孩子|班级|年级|日期|时间|备注|所在|老师们|同事们|代报|${CORRECTION_SOURCE}`,
)
const NOT_A_NAME_WHOLE = /^(?:老师|同学|同事|领导|校长|主任|班主任|全班|全校)$/
// Characters that start ordinary words but (almost) never a Chinese surname.
const NOT_A_NAME_INITIAL =
  /^[我你他她它这那刚已在测量今昨早晚无没未否有是的还也就请好收嗯哦啊呃对不跟给让被把再又很太挺略稍感觉发咳头嗓喉腹鼻胸呕恶乏肌味嗅身自目现本大各一体健正改替帮代更]/
const MIN_NAME_LENGTH = 2
const MAX_NAME_LENGTH = 4
const AFTER_NAME_SEPARATOR = /^(?:\s*\([^)\n]{0,12}\))?\s*[:,]?\s*/

const TITLE = /老师$/

// "张伟老师" is 张伟 on the roster; "张老师" has nothing left to drop and stays as written.
function withoutTitle(name: string): string {
  const bare = name.replace(TITLE, '')
  return bare.length >= MIN_NAME_LENGTH ? bare : name
}

function looksLikeName(word: string, profile: ReportProfile): boolean {
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

const LOCATION_IN_TEXT = new RegExp(`(?:^|[\\s,;、])(?:人|现|目前|身|当前|还|仍|人还|人仍)?在([${HAN}]{1,12})`)
const LOCATION_END =
  /隔离|观察|居家|正常|良好|滞留|休息|办公|上班|工作|值班|上课|学习|过年|探亲|体温|症状|家中|家里|老家|回不来|[无没未不返回的了中里呢啊哦吧,]/
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

// ─── Claims: symptoms and flags ──────────────────────────────────────────────

interface Claims {
  symptoms: string[]
  /** Indexes into the profile's flags. */
  flags: Set<number>
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

function findClaims(text: string, profile: ReportProfile): Claims {
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

function flagNames(indexes: ReadonlySet<number>, profile: ReportProfile): string[] {
  return profile.flags.flatMap((flag, index) => (indexes.has(index) ? [flag.name] : []))
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
function findCorrectedTemperature(text: string, context: NumberContext): TemperatureResult {
  const markers = allMatches(CORRECTED_VALUE, text)
  const last = markers[markers.length - 1]
  if (last === undefined) return findTemperature(text, context)
  const from = (last.index ?? 0) + last[0].length
  const corrected = findTemperature(text.slice(from), context)
  if (corrected.kind !== 'ok') return findTemperature(text, context)
  return { ...corrected, span: { start: corrected.span.start + from, end: corrected.span.end + from } }
}

// 三十七度二, 三十六点八度, 三十六度八: the spoken numeral, read as digits.
const CHINESE_TEMPERATURE = /([三四]十[一二三四五六七八九]?)(?:\s*([点度])\s*([零〇一二三四五六七八九]))?(\s*度)?/g
// "37度5" (normalised to "37℃5") is 37.5 ℃.
const DEGREE_THEN_TENTHS = /(?<![\d.])(3[4-9]|4[0-3])℃(\d)(?![\d.℃])/g
// "36,7" is a decimal comma only as a lone pair: "35,36,7" and "36,37行" are lists.
const DECIMAL_COMMA = /(?<![\d.,])(3[4-9]|4[0-2]),(\d)(?![\d,]|\s*[人行页号个名条次分元块题班])/g
const HAS_CHINESE_TENS = /[三四]十/

function withTemperaturesAsDigits(text: string): string {
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

const GREETING = '(?:早上|上午|下午|晚上|老师们?|大家|各位)好[!~。,]*'
const REMARK_NOISE = new RegExp(
  `${NUMBERING.source}|${GREETING}|${TAG_SOURCE}|${SLOT_PATTERN.source}|\\d{1,2}月\\d{1,2}[日号]|今天|今日|本人|我的?|目前|现在|测得|测量|测了|量了|[零0]?报告|汇报|上报|刚才|刚刚|${CORRECTION_SOURCE}|(?:${KEYWORD_SOURCE})\\s*(?::|=|是|为)?`,
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

function withoutSpan(text: string, span: Span | undefined): string {
  return span === undefined ? text : `${text.slice(0, span.start)} ${text.slice(span.end)}`
}

interface Reading {
  value: number
  span: Span
}

function personRecord(name: string | undefined, reading: Reading | undefined, text: string, profile: ReportProfile): PersonRecord {
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

interface PersonLine {
  name?: string
  numbered: boolean
  /** The line after the numbering and the name. */
  rest: string
  temperature: TemperatureResult
}

/** "1. 张伟 36.5", "李娜 36.8 正常", "王芳：36.5": a line that starts with someone's name. */
function parsePersonLine(line: string, profile: ReportProfile): PersonLine {
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

const INDIVIDUAL_EXAMPLE = '#健康 36.5℃ 正常'
const FORM_EXAMPLE = '健康上报\n姓名：王芳\n体温：36.4\n症状：无\n所在地：成都市成华区'
const CHAIN_EXAMPLE = '#接龙\n2月3日上午体温\n1. 张伟 36.5\n2. 王芳 36.3 正常'
const PROXY_EXAMPLE = '替王芳老师代报：36.5'
const DEFAULT_CLASS_LABEL = '三年级2班'

const NONE: ParseResult = { kind: 'none' }
const HOW_TO_RESULT: ParseResult = { kind: 'howTo' }

function attempt(reason: string, example: string): ParseResult {
  return { kind: 'attempt', reason, example }
}

function formatTemperature(value: number): string {
  return `${value.toFixed(1)}℃`
}

function outOfRangeReason(written: string): string {
  const value = Number(written)
  const guess = [value * 10, value / 10].map(roundToTenth).find(inTemperatureRange)
  const hint = guess === undefined ? '' : `（是不是${formatTemperature(guess)}？）`
  return `读到的体温${written}℃不在${MIN_TEMPERATURE}～${MAX_TEMPERATURE}℃之间，请核对${hint}`
}

const NO_TEMPERATURE_REASON = '没有找到体温数值，请写上体温，如36.5'
const PROXY_WITHOUT_NAME_REASON = '代报请写上被代报人的姓名'

// ─── Class summaries ─────────────────────────────────────────────────────────

const ZERO_WORDS = /^(?:无|零|没有)$/
// "零报告", "全班45人均正常", "无异常": every count not written is 0.
const CLASS_ALL_NORMAL = /零报告|0报告|均正常|全部正常|都正常|全员正常|一切正常|无异常|没有异常|无发热/
// "已全部上报", "全部到齐": everyone expected has reported.
const CLASS_ALL_REPORTED = /全部(?:上报|报齐|到齐|报完|已报)|已?全部上报|全到|全员到齐|到齐/
// "全班45人", "共45人": a head count without 应报.
const HEADCOUNT = /(\d{1,3})\s*(?:人|名)/
// A block is a summary attempt when it looks like one even with something missing: a class
// name with a headcount or three numeric counts, or, without a class name, both headcounts
// or three numeric counts. A personal form's "湖北：0 隔离：0" or a tally such as
// "实到36人" must not turn into a class report.
const MIN_NUMERIC_COUNTS = 3
const PERSONAL_READING = /\d\.\d|℃/

interface ClassBlock {
  className?: ClassName
  counts: Partial<Record<CountField, number>>
  numericCounts: number
  /** The block's text with the counts read so far taken out, for what is said in words. */
  words: string
}

function readCounts(text: string, block: ClassBlock, profile: ReportProfile): void {
  let words = text
  for (const match of allMatches(profile.count, text)) {
    const field = profile.countFieldByWord.get(match[1] ?? '')
    const written = match[2] ?? ''
    if (field === undefined) continue
    block.counts[field] = ZERO_WORDS.test(written) ? 0 : Number(written)
    if (!ZERO_WORDS.test(written)) block.numericCounts += 1
    words = words.replace(match[0], ' ')
  }
  block.words += `\n${words}`
}

function isSummaryAttempt({ className, counts, numericCounts, words }: ClassBlock): boolean {
  if (numericCounts >= MIN_NUMERIC_COUNTS) return true
  const headcounts = [counts.expected, counts.actual].filter((count) => count !== undefined).length
  if (className === undefined) return headcounts === 2
  // "王芳（三2班）36.5 无异常" is a person's report that mentions a class.
  const saidInWords = !PERSONAL_READING.test(words) && (CLASS_ALL_NORMAL.test(words) || CLASS_ALL_REPORTED.test(words))
  return headcounts > 0 || saidInWords
}

function classBlocks(lines: readonly string[], profile: ReportProfile): ClassBlock[] {
  const blocks: ClassBlock[] = []
  let current: ClassBlock | undefined
  for (const line of lines) {
    const className = findClassName(line)
    if (className) {
      current = { className: { key: className.key, label: className.label }, counts: {}, numericCounts: 0, words: '' }
      blocks.push(current)
      readCounts(line.slice(className.end), current, profile)
    } else {
      if (!current) {
        current = { counts: {}, numericCounts: 0, words: '' }
        blocks.push(current)
      }
      readCounts(line, current, profile)
    }
  }
  return blocks.filter(isSummaryAttempt)
}

/** Fills in what the teacher said in words rather than numbers. */
function completeCounts(block: ClassBlock, profile: ReportProfile): Partial<Record<CountField, number>> {
  const counts = { ...block.counts }
  if (counts.expected === undefined && counts.actual === undefined) {
    const headcount = HEADCOUNT.exec(block.words)
    if (headcount) counts.expected = Number(headcount[1])
  }
  const allNormal = CLASS_ALL_NORMAL.test(block.words) || counts.abnormal === 0
  if (CLASS_ALL_REPORTED.test(block.words) || allNormal) {
    counts.actual ??= counts.expected
    counts.expected ??= counts.actual
  }
  // A total of abnormal pupils stands in for the breakdown it does not give.
  if (allNormal || counts.abnormal !== undefined) {
    for (const { field, required } of profile.countFields) {
      if (required && field !== 'expected' && field !== 'actual') counts[field] ??= 0
    }
  }
  return counts
}

function classProblem(counts: Partial<Record<CountField, number>>, profile: ReportProfile): string | undefined {
  const missing = profile.countFields.filter(({ field, required }) => required && counts[field] === undefined)
  if (missing.length > 0) return `缺少：${missing.map(({ label }) => label).join('、')}人数`
  const { expected = 0, actual = 0, fever = 0 } = counts
  if (actual > expected) return `实报${actual}人多于应报${expected}人，请核对`
  if (fever > actual) return `发热${fever}人多于实报${actual}人，请核对`
  const excess = profile.countFields.find(({ field }) => field.startsWith('flag:') && (counts[field] ?? 0) > expected)
  if (excess) return `${excess.label}${counts[excess.field]}人多于应报${expected}人，请核对`
  return undefined
}

function classRecord(className: ClassName, counts: Partial<Record<CountField, number>>, profile: ReportProfile): ClassRecord {
  const flagCounts: Record<string, number> = {}
  for (const { field, label } of profile.countFields) {
    if (field.startsWith('flag:')) flagCounts[label] = counts[field] ?? 0
  }
  const record: ClassRecord = {
    kind: 'class',
    classKey: className.key,
    classLabel: className.label,
    expected: counts.expected ?? 0,
    actual: counts.actual ?? 0,
    fever: counts.fever ?? 0,
    counts: flagCounts,
  }
  if (counts.abnormal !== undefined) record.abnormal = counts.abnormal
  return record
}

function parseClassSummaries(lines: readonly string[], profile: ReportProfile): ParseResult | undefined {
  const blocks = classBlocks(lines, profile)
  if (blocks.length === 0) return undefined
  const problems: string[] = []
  const records: ClassRecord[] = []
  for (const block of blocks) {
    if (!block.className) {
      problems.push('没有找到班级名称（如三年级2班）')
      continue
    }
    const counts = completeCounts(block, profile)
    const problem = classProblem(counts, profile)
    if (problem) {
      problems.push(blocks.length > 1 ? `${block.className.label}${problem}` : problem)
      continue
    }
    records.push(classRecord(block.className, counts, profile))
  }
  if (problems.length > 0) {
    const label = blocks.find((block) => block.className)?.className?.label ?? DEFAULT_CLASS_LABEL
    return attempt(problems.join('；'), `${label} ${profile.classExampleCounts}`)
  }
  return { kind: 'reports', records, chain: false, ...slotOf(lines.join('\n')) }
}

// ─── 接龙 lists and several named lines ──────────────────────────────────────

function slotOf(text: string): { slot?: Slot } {
  const match = SLOT_PATTERN.exec(text)
  if (!match) return {}
  return { slot: match[1] ? '上午' : '下午' }
}

function recordOfLine(line: PersonLine, profile: ReportProfile): PersonRecord | undefined {
  if (line.name === undefined || line.temperature.kind !== 'ok') return undefined
  return personRecord(line.name, line.temperature, line.rest, profile)
}

function parseList(lines: readonly string[], personLines: readonly PersonLine[], profile: ReportProfile): ParseResult | undefined {
  const headerText = lines.filter((_, index) => !personLines[index]?.numbered).join('\n')
  const entries = personLines.map((line) => ({ line, record: recordOfLine(line, profile) }))
  const records = entries.flatMap(({ record }) => (record ? [record] : []))

  if (CHAIN_HEADER.test(headerText)) {
    const numbered = personLines.filter((line) => line.numbered)
    const aboutHealth = HEALTH_TOPIC.test(headerText) || numbered.some((line) => line.temperature.kind !== 'none')
    if (!aboutHealth) return NONE
    if (records.length > 0) return { kind: 'reports', records, chain: true, ...slotOf(headerText) }
    // A header alone, or a template line such as "1. 姓名 体温", is the chain being started.
    const attempted = numbered.some((line) => line.name !== undefined || /\d/.test(line.rest))
    return attempted ? attempt('接龙里没有一行写了姓名和体温，请按「序号. 姓名 体温」填写', CHAIN_EXAMPLE) : NONE
  }
  if (records.length < 2) return undefined
  const numberedRecords = entries.filter(({ line, record }) => line.numbered && record).length
  return { kind: 'reports', records, chain: numberedRecords >= 2, ...slotOf(headerText) }
}

// ─── Field form (姓名：… 体温：…) ──────────────────────────────────────────────

const YES = /^(?:是|有|在)/
const NO = /^(?:否|无|没|未|不|0)/
const NOTHING_TO_REPORT = /^(?:无|没有|没|否|暂无|正常|良好|健康|一切正常|未见异常|无异常|无症状|不)/
const MAX_FREE_SYMPTOM_LENGTH = 10
const FORM_NAME = new RegExp(`^[${HAN}·]{1,12}`)

function fieldOf(key: string, profile: ReportProfile): FormField {
  return profile.formKeys.find(({ pattern }) => pattern.test(key))?.field ?? 'other'
}

function readFormFields(lines: readonly string[], profile: ReportProfile): { fields: Map<FormField, string>; freeText: string[] } {
  const fields = new Map<FormField, string>()
  const freeText: string[] = []
  for (const line of lines) {
    const starts = allMatches(profile.formFieldStart, line)
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
      const field = fieldOf(start[1] ?? '', profile)
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

function parseFieldForm(lines: readonly string[], profile: ReportProfile): ParseResult | undefined {
  const { fields, freeText } = readFormFields(lines, profile)
  const healthFields = [...fields.keys()].filter((field) => HEALTH_FORM_FIELDS.includes(field) || field.startsWith('flag:')).length
  if (!fields.has('name') && healthFields < 2) return undefined

  // "姓名：王芳 36.5" has no 体温 key; then the number has to look like a temperature on its own.
  const temperatureText = fields.get('temperature')
  const temperature =
    temperatureText === undefined ? findTemperature(lines.join('\n'), 'free') : findTemperature(temperatureText, 'field')
  if (temperature.kind === 'out-of-range') return attempt(outOfRangeReason(temperature.written), FORM_EXAMPLE)
  if (temperature.kind === 'none') return attempt(NO_TEMPERATURE_REASON, FORM_EXAMPLE)

  const symptomText = fields.get('symptoms') ?? ''
  const locationText = fields.get('location') ?? ''
  const claims = findClaims([symptomText, ...freeText].join('\n'), profile)
  const symptoms = claims.symptoms
  if (symptoms.length === 0 && symptomText !== '' && !NOTHING_TO_REPORT.test(symptomText)) {
    // An unknown complaint in the 症状 field ("头晕") is still a complaint.
    symptoms.push(symptomText.slice(0, MAX_FREE_SYMPTOM_LENGTH))
  }
  const locationClaims = locationText === '' ? new Set<number>() : findClaims(locationText, profile).flags
  profile.flags.forEach((_, index) => {
    const answer = fields.get(`flag:${index}`) ?? ''
    const claimed = claims.flags.has(index) || locationClaims.has(index)
    if (yesNo(answer, findClaims(answer, profile).flags.has(index)) || claimed) claims.flags.add(index)
  })
  const record: PersonRecord = { kind: 'person', temperature: temperature.value, symptoms, flags: flagNames(claims.flags, profile) }
  if (temperature.value < REMEASURE_BELOW) record.remeasure = true
  const name = FORM_NAME.exec(fields.get('name') ?? '')?.[0]
  if (name) record.name = name
  if (locationText) record.location = locationText.slice(0, MAX_LOCATION_LENGTH)
  const note = remarkOf(fields.get('note') || symptomText)
  if (note) record.note = note
  return { kind: 'reports', records: [record], chain: false, ...slotOf(lines.join('\n')) }
}

// ─── Free text ───────────────────────────────────────────────────────────────

/** A report for someone else, named in the lead: "替王芳老师代报：36.7". */
function proxyLead(text: string, profile: ReportProfile): { name: string; rest: string } | undefined {
  const match = PROXY_LEAD.exec(text)
  const name = match?.[1]
  if (!match || name === undefined || !looksLikeName(name, profile)) return undefined
  const start = match.index
  return { name: withoutTitle(name), rest: `${text.slice(0, start)} ${text.slice(start + match[0].length)}` }
}

function withoutTemperature(text: string, lines: readonly string[], named: PersonLine | undefined, profile: ReportProfile): ParseResult {
  const tagged = TAG.test(text)
  const said = tagged || lines.some((line) => TEMPERATURE_WITHOUT_VALUE.test(line))
  const alone = text.length <= ALL_IS_WELL_ALONE_MAX_LENGTH && ALL_IS_WELL_ALONE.test(named?.rest ?? text)
  if (!said && !alone) return NONE
  if (!ALL_IS_WELL.test(text.replace(TAGS, ' '))) return attempt(NO_TEMPERATURE_REASON, INDIVIDUAL_EXAMPLE)
  const record = personRecord(named?.name, undefined, named?.rest ?? text, profile)
  return { kind: 'needsTemperature', record, example: INDIVIDUAL_EXAMPLE, ...slotOf(text) }
}

function parseFreeText(text: string, lines: readonly string[], personLines: readonly PersonLine[], profile: ReportProfile): ParseResult {
  if (QUESTION.test(text) || ANNOUNCEMENT.test(text)) return NONE
  const tagged = TAG.test(text)
  const keyworded = KEYWORD.test(text)
  if (SMALL_TALK.test(text) && !keyworded && !tagged) return NONE

  const namedIndex = personLines.findIndex((line) => line.name !== undefined && line.temperature.kind !== 'out-of-range')
  const named = personLines[namedIndex]
  const correcting = CORRECTION.test(text)
  const restLines = named ? lines.map((line, index) => (index === namedIndex ? named.rest : line)) : lines
  // Claims and the remark are read without the name: a person called 黄石 is not in Hubei.
  const rest = restLines.join('\n')
  const fromNamedLine = !correcting && named?.temperature.kind === 'ok'
  const temperature =
    fromNamedLine && named
      ? named.temperature
      : correcting
        ? findCorrectedTemperature(rest, named ? 'afterName' : 'free')
        : findTemperature(rest, 'free')

  if (temperature.kind === 'ok') {
    const bareNumber = !tagged && !keyworded && !named && !correcting
    if (bareNumber && text.length > BARE_REPORT_MAX_LENGTH) return NONE
    const offset = fromNamedLine ? restLines.slice(0, namedIndex).reduce((sum, line) => sum + line.length + 1, 0) : 0
    const span = { start: temperature.span.start + offset, end: temperature.span.end + offset }
    const record = personRecord(named?.name, { value: temperature.value, span }, rest, profile)
    return { kind: 'reports', records: [record], chain: false, ...slotOf(text) }
  }
  if (temperature.kind === 'out-of-range') return attempt(outOfRangeReason(temperature.written), INDIVIDUAL_EXAMPLE)
  return withoutTemperature(text, lines, named, profile)
}

function withProxy(result: ParseResult, name: string | undefined): ParseResult {
  if (result.kind === 'none' && name !== undefined) return attempt(NO_TEMPERATURE_REASON, PROXY_EXAMPLE)
  if (result.kind === 'reports') {
    const records = result.records.map((record) =>
      record.kind === 'person' && (name !== undefined || record.name !== undefined)
        ? { ...record, ...(name === undefined ? {} : { name }), proxy: true as const }
        : record,
    )
    return records.some((record) => record.kind === 'person' && record.proxy) ? { ...result, records } : attempt(PROXY_WITHOUT_NAME_REASON, PROXY_EXAMPLE)
  }
  if (result.kind === 'needsTemperature' && name !== undefined) return { ...result, record: { ...result.record, name, proxy: true } }
  return result
}

function parsePersonalReports(text: string, lines: readonly string[], profile: ReportProfile): ParseResult {
  const lead = lines.length === 1 ? proxyLead(text, profile) : undefined
  if (lead) {
    const rest = lead.rest.trim()
    return withProxy(parseFreeText(rest, [rest], [], profile), lead.name)
  }
  const personLines = lines.map((line) => parsePersonLine(line, profile))
  const result =
    parseList(lines, personLines, profile) ?? parseFieldForm(lines, profile) ?? parseFreeText(text, lines, personLines, profile)
  return PROXY_MARK.test(text) && result.kind === 'reports' && !result.chain ? withProxy(result, undefined) : result
}

// ─── Entry points ────────────────────────────────────────────────────────────

const COMMAND = /^\s*[/／]/
// WeChat sends a quoting reply as "「王芳：体温36.5」\n- - - - - -\n收到"; only the reply is
// the sender's own words.
const QUOTED_MESSAGE = /^「([\s\S]*?)」\n(?:- ?){3,}(?:\n|$)/
const QUOTED_AUTHOR = /^([^:\n]{1,16}):\s*/
// Every report has a digit, and every attempt a digit, a keyword, a tag, a "key:", a word
// saying all is well or a 代报; a spoken temperature has a Chinese ten.
const MIGHT_BE_REPORT = new RegExp(
  `[\\d①-⑳:]|[三四]十|${KEYWORD_SOURCE}|${TAG_SOURCE}|${ALL_IS_WELL.source}|${PROXY_MARK.source}|${PROXY_LEAD.source}`,
)

/** Within one message the last line about someone is what they meant (a 接龙 edited in place). */
function lastRecordPerSubject(records: readonly HealthRecord[]): HealthRecord[] {
  const keyOf = (record: HealthRecord) => (record.kind === 'class' ? `class:${record.classKey}` : `person:${record.name ?? ''}`)
  const lastIndex = new Map(records.map((record, index) => [keyOf(record), index]))
  return records.filter((record, index) => lastIndex.get(keyOf(record)) === index)
}

function isHowTo(text: string): boolean {
  return text.length <= HOW_TO_MAX_LENGTH && HOW_TO.test(text) && !OTHER_TOPIC.test(text) && !ANNOUNCEMENT.test(text)
}

function parseBody(body: string, profile: ReportProfile): ParseResult {
  if (isHowTo(body)) return HOW_TO_RESULT
  if (!MIGHT_BE_REPORT.test(body) || FORWARDED.test(body)) return NONE
  const text = withTemperaturesAsDigits(body)
  const lines = text.split('\n')
  const result = parseClassSummaries(lines, profile) ?? parsePersonalReports(text, lines, profile)
  if (result.kind !== 'reports') return result
  const records = lastRecordPerSubject(result.records)
  return CORRECTION.test(text) ? { ...result, records, correction: true } : { ...result, records }
}

/** A quoted report's author, when the quoted text is one person's report. */
function quotedReportAuthor(quoted: string, profile: ReportProfile): string | undefined {
  const author = QUOTED_AUTHOR.exec(quoted)
  if (!author?.[1]) return undefined
  const result = parseBody(quoted.slice(author[0].length), profile)
  const reported = result.kind === 'reports' && result.records.every((record) => record.kind === 'person')
  return reported ? author[1].trim() : undefined
}

/**
 * Reads a group message as a health report: an individual's report (their own or a 代报),
 * a class teacher's summary, a 接龙 list, a 姓名/体温 form; or says it is not a report, that
 * it is a question about how to report, or why it cannot be used.
 */
export function parseHealthMessage(text: string, profile: ReportProfile = DEFAULT_PROFILE): ParseResult {
  // The type says string, but this runs on whatever a chat message carries; it must not throw.
  if (typeof text !== 'string' || COMMAND.test(text)) return NONE
  const normalized = normalizeText(text)
  const quote = QUOTED_MESSAGE.exec(normalized)
  const result = parseBody(quote ? normalized.slice(quote[0].length) : normalized, profile)
  if (!quote || result.kind !== 'reports') return result
  const quotedAuthor = quotedReportAuthor(quote[1] ?? '', profile)
  return quotedAuthor === undefined ? result : { ...result, correction: true, quotedAuthor }
}

function abnormalFlagNames(flags: readonly string[], profile: ReportProfile): string[] {
  // A flag no longer in the profile (an old record) still counts, as it did when stored.
  return flags.filter((name) => profile.flags.find((flag) => flag.name === name)?.abnormal ?? true)
}

export function isAbnormal(record: PersonRecord, feverThreshold: number, profile: ReportProfile = DEFAULT_PROFILE): boolean {
  return (
    (record.temperature !== undefined && record.temperature >= feverThreshold) ||
    record.symptoms.length > 0 ||
    abnormalFlagNames(record.flags, profile).length > 0
  )
}

/** Why a record needs attention, in words for the admin group: ['体温37.6℃', '咳嗽', '湖北']. */
export function abnormalReasons(record: HealthRecord, feverThreshold: number, profile: ReportProfile = DEFAULT_PROFILE): string[] {
  if (record.kind === 'class') {
    const counted: [string, number][] = [
      ['发热', record.fever],
      ...profile.flags.flatMap((flag): [string, number][] =>
        flag.abnormal && flag.classField !== undefined ? [[flag.classField, record.counts[flag.classField] ?? 0]] : [],
      ),
    ]
    const reasons = counted.filter(([, count]) => count > 0).map(([label, count]) => `${label}${count}人`)
    // "异常2" without a breakdown: the total is all the admins learn.
    if (reasons.length === 0 && record.abnormal) reasons.push(`异常${record.abnormal}人`)
    return reasons
  }
  const reasons: string[] = []
  if (record.temperature !== undefined && record.temperature >= feverThreshold) {
    reasons.push(`体温${formatTemperature(record.temperature)}`)
  }
  reasons.push(...record.symptoms)
  reasons.push(...abnormalFlagNames(record.flags, profile))
  return reasons
}
