/** Words the parser knows (symptoms, places, keywords) and the report profiles compiled from a school's flags. */
import { type HealthFlag } from './shapes.js'

// ─── Helpers ─────────────────────────────────────────────────────────────────

/**
 * Every match of a global pattern. String#matchAll clones the RegExp on each call, which
 * costs more than the whole match for short messages; this reuses the compiled pattern.
 */
export function allMatches(pattern: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = []
  pattern.lastIndex = 0
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    matches.push(match)
    if (match[0] === '') pattern.lastIndex += 1
  }
  return matches
}

export const escapeRegExp = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
export const byLengthDescending = (a: string, b: string) => b.length - a.length
export const alternation = (words: readonly string[]) => [...words].sort(byLengthDescending).map(escapeRegExp).join('|')

// ─── Vocabulary ──────────────────────────────────────────────────────────────

export const HAN = '\\u3400-\\u9fff'
export const MIN_TEMPERATURE = 34
export const MAX_TEMPERATURE = 43
// Below this a reading is kept but most likely a bad measurement (cold hands, a forehead
// thermometer outdoors), so the reporter is asked to measure again.
export const REMEASURE_BELOW = 36

// Body parts that are said to "hurt" with a degree word in between: 嗓子有点疼, 头有些痛.
export const ACHE = '(?:有)?(?:一?点儿?|些)?(?:疼|痛|不舒服|不适|难受)'

export const SYMPTOM_VOCABULARY: readonly { symptom: string; words: readonly string[]; aching?: readonly string[] }[] = [
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

export const SYMPTOM_SOURCE = SYMPTOM_VOCABULARY.map(({ words, aching }) => {
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
export const CLAIM_MASK = '□'
export const NEGATOR = '否认|没有|解除|没|无|未|不|否|非(?!常)'
export const NEGATED_VERB = '去过|到过|接触过?|出现过?|发生过?|明显|被|需要?|用|曾|在|去|到|见'
export const LIST_GLUE = `[、,/和及或与\\s${CLAIM_MASK}]|等|其[他它]|任何`
export const NEGATED_BEFORE = new RegExp(`(?:${NEGATOR})(?:${NEGATED_VERB})*(?:${LIST_GLUE})*$`)
export const NEGATED_AFTER = new RegExp(
  `^(?:${LIST_GLUE})*?(?::\\s*(?:无|否|没有|未|0(?![\\d.]))|(?:无|否)(?=$|[\\s,;。])|(?:人员|地区)?(?:无|未|没有?)(?:接触|往来|旅居|去过)|(?:已|期)?(?:结束|期满|解除|到期))`,
)
// Negation looks this far back; a longer scope would be a different sentence anyway.
export const NEGATION_WINDOW = 24
// "是否隔离：是", "有无发热：无": the question word is not itself a negation.
export const QUESTION_WORDS = /是否|有无|有没有/g

export const SLOT_PATTERN = /(上午|早上|早晨|清晨|今早|晨检|中午前|午前)|(下午|午后|午检|傍晚|晚上|晚间|晚检)/

// "T:36.5", "t=36.6": the letter is a temperature label only right before ":" or "=".
export const TEMPERATURE_LETTER = '(?<![a-zA-Z])[tT](?=\\s*[:=])'
export const KEYWORD_SOURCE = `体温(?![计枪表])|测温|腋温|额温|耳温|口温|肛温|晨检|午检|${TEMPERATURE_LETTER}`
export const TAG_SOURCE = '#\\s*(?:健康|体温|晨检|午检|打卡)(?:上报|打卡|填报|报告)?|(?:健康|体温|晨检)(?:上报|打卡|填报|报告)'
export const KEYWORD = new RegExp(KEYWORD_SOURCE)
export const TAG = new RegExp(TAG_SOURCE)
export const TAGS = new RegExp(TAG_SOURCE, 'g')
export const CHAIN_HEADER = /接龙/
export const HEALTH_TOPIC = new RegExp(`${KEYWORD_SOURCE}|健康|温度`)

// A number belongs to a keyword or tag written just before it: "体温：上午36.5", "#健康 36.6".
export const BOUND_BEFORE_NUMBER = new RegExp(`(?:${KEYWORD_SOURCE}|${TAG_SOURCE})[^\\d\\n。;!?]{0,8}$`)
// How much text before a number decides what the number is.
export const BEFORE_NUMBER_WINDOW = 14
export const NUMBER = /(?<![\d.])(\d{1,4}(?:\.\d{1,3})?)(?!\d|\.\d)(\s*℃)?/g
// Numbers that are money, counts, dates, times, scores, thresholds, weather or part of a
// link or code, not a body temperature. "36.5 人在随州" is a person, not a head count.
export const NOT_A_TEMPERATURE_AFTER =
  /^(?:\s*(?:[元块万亿千百%‰分秒次号日月年岁点时天周个名位班级页节期届本张条楼层室米斤克行题]|人(?![在还仍])|公里|公斤|小时|以上|以下|及以上)|[a-zA-Z])/
// "2/3", "19:30": an integer followed by a date or time separator ("36.5/36.7" stays a pair of temperatures).
export const DATE_OR_TIME_AFTER = /^[:/]\d/
export const NOT_A_TEMPERATURE_BEFORE =
  /(?:第|平均分?|均分|成绩|分数|得分|考了?|考试|价格?|单价|售价|花了|合计|共计|一共|总共|金额|费用|体重|身高|用时|气温|室温|水温|油温|超过|高于|低于|大于|小于|达到|[≥>＜<≤¥$]|学号|工号|尾号|电话|手机|房间?|编号|空调|暖气|调到|开到)\s*:?\s*$|\d\s*[:/-]$|[=_/a-zA-Z]$/
export const TEMPERATURE_LETTER_BEFORE = new RegExp(`${TEMPERATURE_LETTER}\\s*[:=]\\s*$`)

// Talk about the weather, water, rooms or thermometers mentions temperatures without
// reporting one.
export const SMALL_TALK =
  /气温|天气|室温|水温|最高温|最低温|降温|升温|预报|好热|太热|真热|好冷|太冷|真冷|穿[衣薄厚多少]|出太阳|下雨|下雪|晴天|阴天|多云|体温[计枪表]|温度计|洗澡|泡澡|泡脚|热水|开水|温水|空调|暖气|烤箱|冰箱|室内|室外|屋里|教室里/
export const QUESTION = /[?]\s*$|[吗呢么][\s。!~]*$|算不算|是不是发|要不要紧|需不需要|是否需要|怎么办/
export const ANNOUNCEMENT = /请(?:大家|各位|老师|全体)|各位(?:老师|同事)|大家(?!好)|务必|通知|提醒|记得|截止|抓紧|尽快|按时|[未没]报/
// Forwarded articles, notices and rules quote temperatures without anyone reporting one.
export const FORWARDED =
  /转发|转自|转载|来源:|摘自|原文|《[^》\n]{2,}》|关于[^\n]{2,30}的(?:通知|公告|规定)|第[一二三四五六七八九十\d]{1,3}条|^【(?![^】\n]*(?:健康|体温|晨检|午检|打卡|接龙|上报|班))[^】\n]{2,30}】/m
export const HOW_TO =
  /(?:怎么|如何|咋|怎样)(?:上报|填报|报(?![名销账告到])|填(?![报])|写|打卡|接龙)|格式(?:是什么|是啥|是怎样|怎么写|在哪)|报什么|在哪(?:里)?报|发什么格式/
// A how-to question is short and about reporting health, not leave, expenses or lessons.
export const HOW_TO_MAX_LENGTH = 30
export const OTHER_TOPIC = /请假|报销|报名|工资|课|作业|会议|成绩|考试|发票/
// Without a keyword, tag or name, a lone temperature counts only in a short message ("36.5 正常").
export const BARE_REPORT_MAX_LENGTH = 40
// "体温：", "今天体温正常", "体温有点高": a report whose number is missing.
export const TEMPERATURE_WITHOUT_VALUE =
  /^(?:(?:今天|今日|本人|我的?|上午|下午|早上|晚上|中午)\s*)*(?:体温|测温)\s*(?::|是|为)?\s*(?:$|正常|良好|无异常|不高|没问题|偏?[高低]|有点[高低]|稍[高低]|[,;\s])/
// "正常", "本人一切正常，无症状", "零报告": all is well, said without a number.
export const ALL_IS_WELL = /正常|良好|身体健康|无异常|没有异常|无症状|无不适|不发烧|没发烧|不烧|零报告|0报告/
export const ALL_IS_WELL_ALONE = new RegExp(
  `^(?:(?:今天|今日|本人|我|上午|下午|早上|晚上|中午|体温|身体|一切|均|都|情况|自己)\\s*)*(?:${ALL_IS_WELL.source})`,
)
export const ALL_IS_WELL_ALONE_MAX_LENGTH = 16

// 更正, 刚才报错了, 应该是: the sender replaces a report they sent earlier.
export const CORRECTION_SOURCE =
  '更正|订正|纠正|改正|修正|改一下|改为|改成|(?:报|打|写|输|填|弄|发|说)错了?|应该是|应为|重新(?:报|上报|测)'
export const CORRECTION = new RegExp(CORRECTION_SOURCE)
// The value after these is the right one: "刚才报错了36.7，应该是36.4".
export const CORRECTED_VALUE = /(?:应该是|应为|改为|改成|更正为|正确的?是)/g

// 替王芳老师代报, 帮李娜报一下, 代张伟上报: a report for someone else, named before the verb.
export const PROXY_LEAD = new RegExp(
  `(?:替|帮|代)\\s*([${HAN}]{2,4}?)\\s*(?:老师)?\\s*(?:代|帮)?(?:上报|填报|打卡|报(?!(?:一?个|一下)?[名销账到告]))(?:一下|一个|个|下)?\\s*[:,]?\\s*`,
)
export const PROXY_MARK = /代报|代为上报|代填|代上报|替报|帮报/

// ─── Report profiles ─────────────────────────────────────────────────────────

export type CountField = 'expected' | 'actual' | 'fever' | 'abnormal' | `flag:${string}`

export interface CountFieldSpec {
  field: CountField
  label: string
  words: readonly string[]
  /** Missing from a summary it is asked for; the total of abnormal pupils is optional. */
  required: boolean
}

export type FormField = 'name' | 'temperature' | 'symptoms' | 'location' | 'note' | 'other' | `flag:${number}`

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

export const BASE_COUNT_FIELDS: readonly CountFieldSpec[] = [
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

export const FORM_BASE_KEYS: readonly { field: FormField; keys: string }[] = [
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
export const HEALTH_FORM_FIELDS: readonly FormField[] = ['temperature', 'symptoms', 'location']

// Between a count word and its number: "湖北滞留1人", "隔离观察0人", "发热学生0".
export const COUNT_FILLER = `[${HAN}]{0,3}?`

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
