import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  SYMPTOM_WORDS,
  abnormalReasons,
  isAbnormal,
  parseHealthMessage,
  type ClassRecord,
  type HealthRecord,
  type ParseResult,
  type PersonRecord,
} from '../../src/domain/health-parse/index.js'
import { normalizeText } from '../../src/domain/text-normalize.js'

type PersonExpectation = Partial<Omit<PersonRecord, 'kind'>>
type ClassCounts = Omit<ClassRecord, 'kind'>

const FEVER_THRESHOLD = 37.3
const NOTHING_ABNORMAL = { symptoms: [], flags: [] }

function person(expected: PersonExpectation): PersonRecord {
  return { kind: 'person', ...NOTHING_ABNORMAL, ...expected }
}

function reportsOf(result: ParseResult): HealthRecord[] {
  if (result.kind !== 'reports') throw new Error(`expected reports, got ${JSON.stringify(result)}`)
  return result.records
}

function expectShape(result: ParseResult, shape: { chain: boolean; slot?: string }): void {
  expect(result).toMatchObject({ kind: 'reports', chain: shape.chain })
  expect(result.kind === 'reports' ? result.slot : undefined).toBe(shape.slot)
}

describe('a single person’s report', () => {
  it.each<[string, PersonExpectation, string?]>([
    // the shapes in the design
    ['体温36.5 无症状 在蓉', { temperature: 36.5, location: '成都', note: '无症状 在蓉' }],
    ['#健康 36.6℃ 正常', { temperature: 36.6, note: '正常' }],
    ['36.5', { temperature: 36.5 }],
    ['36.5度', { temperature: 36.5 }],
    ['３６．５度', { temperature: 36.5 }],
    ['体温:36.4，无发热、咳嗽等症状', { temperature: 36.4, note: '无发热、咳嗽等症状' }],
    ['今天体温36.7，一切正常', { temperature: 36.7, note: '一切正常' }],
    ['體溫36.5 無症狀', { temperature: 36.5, note: '无症状' }],
    ['上午体温36.3', { temperature: 36.3 }, '上午'],
    ['下午 36.8 正常', { temperature: 36.8, note: '正常' }, '下午'],
    // other ways of writing the temperature, the tag and the slot
    ['体温：36.5℃', { temperature: 36.5 }],
    ['体温36.5°C', { temperature: 36.5 }],
    ['36点5', { temperature: 36.5 }],
    ['36。5', { temperature: 36.5 }],
    ['体温36.55', { temperature: 36.6 }],
    ['体温37', { temperature: 37 }],
    ['腋温36.4', { temperature: 36.4 }],
    ['#健康打卡 36.4 正常', { temperature: 36.4, note: '正常' }],
    ['健康打卡：36.5℃，无异常', { temperature: 36.5, note: '无异常' }],
    ['报告：本人今日体温36.5℃，身体健康', { temperature: 36.5, note: '身体健康' }],
    ['早上好！今天体温36.6，一切都好', { temperature: 36.6, note: '一切都好' }, '上午'],
    ['今日晨检 36.3 正常', { temperature: 36.3, note: '正常' }, '上午'],
    ['今早36.4', { temperature: 36.4 }, '上午'],
    ['午检36.6', { temperature: 36.6 }, '下午'],
    ['晚上体温36.8', { temperature: 36.8 }, '下午'],
    ['体温：上午36.3', { temperature: 36.3 }, '上午'],
    ['体温 36.5/36.7', { temperature: 36.5, note: '/36.7' }],
    ['36.5👌', { temperature: 36.5, note: '👌' }],
    // negations are normal
    ['体温36.5 没有咳嗽', { temperature: 36.5, note: '没有咳嗽' }],
    ['未发热 36.5', { temperature: 36.5, note: '未发热' }],
    ['不咳嗽不发烧 36.6', { temperature: 36.6, note: '不咳嗽不发烧' }],
    ['36.5 无', { temperature: 36.5, note: '无' }],
    ['无异常 36.5', { temperature: 36.5, note: '无异常' }],
    ['体温36.6，无发热，咳嗽，乏力等症状', { temperature: 36.6, note: '无发热，咳嗽，乏力等症状' }],
    ['否认发热、咳嗽 36.5', { temperature: 36.5, note: '否认发热、咳嗽' }],
    ['体温 36.5度 没有不适', { temperature: 36.5, note: '没有不适' }],
    ['体温：36.5 有无不适：无', { temperature: 36.5, note: '有无不适：无' }],
    ['无发热及其他不适 36.5', { temperature: 36.5, note: '无发热及其他不适' }],
    // symptoms
    ['有点咳嗽 36.5', { temperature: 36.5, symptoms: ['咳嗽'], note: '有点咳嗽' }],
    ['发烧了 37.8', { temperature: 37.8, symptoms: ['发热'], note: '发烧了' }],
    ['咽痛 36.5', { temperature: 36.5, symptoms: ['咽痛'], note: '咽痛' }],
    ['嗓子有点疼 36.6', { temperature: 36.6, symptoms: ['咽痛'], note: '嗓子有点疼' }],
    ['36.8 咳嗽', { temperature: 36.8, symptoms: ['咳嗽'], note: '咳嗽' }],
    ['37.8 发烧 咳嗽 乏力', { temperature: 37.8, symptoms: ['发热', '咳嗽', '乏力'], note: '发烧 咳嗽 乏力' }],
    ['体温36.5 感冒了 流鼻涕', { temperature: 36.5, symptoms: ['感冒', '流涕'], note: '感冒了 流鼻涕' }],
    ['下午体温:36.9 轻微咳嗽', { temperature: 36.9, symptoms: ['咳嗽'], note: '轻微咳嗽' }, '下午'],
    ['无发热、有点咳嗽 36.6', { temperature: 36.6, symptoms: ['咳嗽'], note: '无发热、有点咳嗽' }],
    ['无症状 咳嗽 36.6', { temperature: 36.6, symptoms: ['咳嗽'], note: '无症状 咳嗽' }],
    ['體溫37.2 喉嚨痛', { temperature: 37.2, symptoms: ['咽痛'], note: '喉咙痛' }],
    ['36.5，头有点疼', { temperature: 36.5, symptoms: ['头痛'], note: '头有点疼' }],
    ['体温 36.5 拉肚子', { temperature: 36.5, symptoms: ['腹泻'], note: '拉肚子' }],
    ['36.5 流鼻涕 鼻塞', { temperature: 36.5, symptoms: ['流涕', '鼻塞'], note: '流鼻涕 鼻塞' }],
    // Hubei and quarantine
    ['在武汉 36.5', { temperature: 36.5, flags: ['湖北'], location: '武汉', note: '在武汉' }],
    ['在鄂 36.5', { temperature: 36.5, flags: ['湖北'], location: '湖北', note: '在鄂' }],
    ['湖北滞留 36.5', { temperature: 36.5, flags: ['湖北'], note: '湖北滞留' }],
    ['滞留武汉 体温36.6', { temperature: 36.6, flags: ['湖北'], note: '滞留武汉' }],
    ['36.5 无发热 在武汉', { temperature: 36.5, flags: ['湖北'], location: '武汉', note: '无发热 在武汉' }],
    ['未去过湖北 36.5', { temperature: 36.5, note: '未去过湖北' }],
    ['无湖北接触 体温36.5', { temperature: 36.5, note: '无湖北接触' }],
    ['不在湖北 36.5', { temperature: 36.5, note: '不在湖北' }],
    ['14天内无湖北旅居史，体温36.5', { temperature: 36.5, note: '14天内无湖北旅居史' }],
    ['与湖北人员无接触 36.5', { temperature: 36.5, note: '与湖北人员无接触' }],
    ['居家隔离 36.5', { temperature: 36.5, flags: ['隔离'], note: '居家隔离' }],
    ['36.5 医学观察中', { temperature: 36.5, flags: ['隔离'], note: '医学观察中' }],
    ['未隔离 36.5', { temperature: 36.5, note: '未隔离' }],
    ['无需隔离 36.5', { temperature: 36.5, note: '无需隔离' }],
    ['已解除隔离 36.5', { temperature: 36.5, note: '已解除隔离' }],
    [
      '体温36.6，从武汉返回，居家隔离中',
      { temperature: 36.6, flags: ['湖北', '隔离'], note: '从武汉返回，居家隔离中' },
    ],
    ['体温36.5，在成都市成华区', { temperature: 36.5, location: '成都市成华区', note: '在成都市成华区' }],
    ['体温 咳嗽 36.5', { temperature: 36.5, symptoms: ['咳嗽'], note: '咳嗽' }],
    ['#健康 在武汉 36.5', { temperature: 36.5, flags: ['湖北'], location: '武汉', note: '在武汉' }],
    ['「张伟：请大家报体温」\n- - - - - - - - - - - - - - -\n36.6 正常', { temperature: 36.6, note: '正常' }],
    // someone named at the start of a line
    ['李娜 36.8 正常', { name: '李娜', temperature: 36.8, note: '正常' }],
    ['王芳：36.5', { name: '王芳', temperature: 36.5 }],
    ['张老师 36.5', { name: '张老师', temperature: 36.5 }],
    ['张伟老师 36.5', { name: '张伟', temperature: 36.5 }],
    ['欧阳娜娜 36.6 正常', { name: '欧阳娜娜', temperature: 36.6, note: '正常' }],
    ['王芳（三2班） 36.5 正常', { name: '王芳', temperature: 36.5, note: '正常' }],
    ['1. 张伟 36.5', { name: '张伟', temperature: 36.5 }],
    ['#健康\n李娜 36.8\n在家隔离', { name: '李娜', temperature: 36.8, flags: ['隔离'], note: '在家隔离' }],
    ['李娜36.8', { temperature: 36.8, note: '李娜' }], // glued to the number: too often a word, not a name
  ])('%j', (text, expected, slot) => {
    const result = parseHealthMessage(text)
    expectShape(result, { chain: false, slot })
    expect(reportsOf(result)).toEqual([person(expected)])
  })
})

describe('a 姓名/体温 form', () => {
  it.each<[string, PersonExpectation, string?]>([
    [
      '健康上报\n姓名：王芳\n体温：36.4\n症状：无\n所在地：成都市成华区',
      { name: '王芳', temperature: 36.4, location: '成都市成华区', note: '无' },
    ],
    ['姓名：王芳 体温：36.4 症状：无', { name: '王芳', temperature: 36.4, note: '无' }],
    [
      '姓名:李娜\n体温:37.5\n症状:头晕\n是否去过湖北:否\n是否隔离:是',
      { name: '李娜', temperature: 37.5, symptoms: ['头晕'], flags: ['隔离'], note: '头晕' },
    ],
    ['姓名：王芳\n体温：36.4\n所在地：武汉市江岸区', { name: '王芳', temperature: 36.4, flags: ['湖北'], location: '武汉市江岸区' }],
    ['健康上报\n姓名：張偉\n體溫：36.8\n症狀：咳嗽', { name: '张伟', temperature: 36.8, symptoms: ['咳嗽'], note: '咳嗽' }],
    ['姓名：王芳\n上午体温：36.5\n是否隔离：否\n湖北接触史：无', { name: '王芳', temperature: 36.5 }, '上午'],
    ['体温：36.6\n症状：无发热、咳嗽', { temperature: 36.6, note: '无发热、咳嗽' }],
    ['姓名：王芳 36.5', { name: '王芳', temperature: 36.5 }],
  ])('%j', (text, expected, slot) => {
    const result = parseHealthMessage(text)
    expectShape(result, { chain: false, slot })
    expect(reportsOf(result)).toEqual([person(expected)])
  })
})

describe('a class teacher’s summary', () => {
  const threeTwo = { classKey: '3-2', classLabel: '三年级2班' }

  it.each<[string, ClassCounts[], string?]>([
    ['三年级2班 应报45 实报45 发热0 湖北0 隔离0', [{ ...threeTwo, expected: 45, actual: 45, fever: 0, counts: { 湖北: 0, 隔离: 0 } }]],
    [
      '一（3）班：应到46人，实到46人，体温异常0人，湖北滞留1人，隔离观察0人',
      [{ classKey: '1-3', classLabel: '一年级3班', expected: 46, actual: 46, fever: 0, counts: { 湖北: 1, 隔离: 0 } }],
    ],
    ['3.2班 应报40 实报40 发热0 湖北0 隔离0', [{ ...threeTwo, expected: 40, actual: 40, fever: 0, counts: { 湖北: 0, 隔离: 0 } }]],
    [
      '三年级二班\n应到：45人\n实到：45人\n发热：0人\n湖北：0人\n隔离：0人',
      [{ ...threeTwo, expected: 45, actual: 45, fever: 0, counts: { 湖北: 0, 隔离: 0 } }],
    ],
    [
      '三(2)班 应到45 实到45 发烧0人 滞留湖北0人 居家隔离0人',
      [{ ...threeTwo, expected: 45, actual: 45, fever: 0, counts: { 湖北: 0, 隔离: 0 } }],
    ],
    ['302班 应报45 实报44 发热1 湖北0 隔离0', [{ ...threeTwo, expected: 45, actual: 44, fever: 1, counts: { 湖北: 0, 隔离: 0 } }]],
    [
      '五年级1班 应报42，实报42，发热无，湖北无，隔离无',
      [{ classKey: '5-1', classLabel: '五年级1班', expected: 42, actual: 42, fever: 0, counts: { 湖北: 0, 隔离: 0 } }],
    ],
    ['三年級2班 應報45 實報45 發熱0 湖北0 隔離0', [{ ...threeTwo, expected: 45, actual: 45, fever: 0, counts: { 湖北: 0, 隔离: 0 } }]],
    [
      '６年级１２班 应报５０ 实报４９ 发热０ 湖北０ 隔离２',
      [{ classKey: '6-12', classLabel: '六年级12班', expected: 50, actual: 49, fever: 0, counts: { 湖北: 0, 隔离: 2 } }],
    ],
    [
      '2月3日上午\n一(1)班 应报40 实报40 发热0 湖北0 隔离0\n一(2)班 应报41 实报41 发热0 湖北1 隔离1',
      [
        { classKey: '1-1', classLabel: '一年级1班', expected: 40, actual: 40, fever: 0, counts: { 湖北: 0, 隔离: 0 } },
        { classKey: '1-2', classLabel: '一年级2班', expected: 41, actual: 41, fever: 0, counts: { 湖北: 1, 隔离: 1 } },
      ],
      '上午',
    ],
  ])('%j', (text, expected, slot) => {
    const result = parseHealthMessage(text)
    expectShape(result, { chain: false, slot })
    expect(reportsOf(result)).toEqual(expected.map((counts) => ({ kind: 'class', ...counts })))
  })
})

describe('a 接龙 list', () => {
  it.each<[string, PersonExpectation[], { chain: boolean; slot?: string }]>([
    [
      '#接龙\n2月3日上午体温\n1. 张伟 36.5\n2. 王芳 36.3 正常\n3. 李娜 37.6 咳嗽',
      [
        { name: '张伟', temperature: 36.5 },
        { name: '王芳', temperature: 36.3, note: '正常' },
        { name: '李娜', temperature: 37.6, symptoms: ['咳嗽'], note: '咳嗽' },
      ],
      { chain: true, slot: '上午' },
    ],
    [
      '1、张伟 36.5\n2、王芳 36.3',
      [
        { name: '张伟', temperature: 36.5 },
        { name: '王芳', temperature: 36.3 },
      ],
      { chain: true },
    ],
    [
      '１．张伟　３６．５\n２．王芳　３６．３\n３．李娜　３６．９　正常',
      [
        { name: '张伟', temperature: 36.5 },
        { name: '王芳', temperature: 36.3 },
        { name: '李娜', temperature: 36.9, note: '正常' },
      ],
      { chain: true },
    ],
    [
      '#接龙\n2月3日下午体温\n1. 张伟 36.5\n2. 王芳 3.63\n3. 李娜 37.6 咳嗽',
      [
        { name: '张伟', temperature: 36.5 },
        { name: '李娜', temperature: 37.6, symptoms: ['咳嗽'], note: '咳嗽' },
      ],
      { chain: true, slot: '下午' },
    ],
    [
      '1)张伟36.5\n2)王芳36.3',
      [
        { name: '张伟', temperature: 36.5 },
        { name: '王芳', temperature: 36.3 },
      ],
      { chain: true },
    ],
    [
      '#接龙 上午体温\n1. 张伟 36.5℃\n2. 王芳 36.3度 正常\n3. 李娜 體溫36.4',
      [
        { name: '张伟', temperature: 36.5 },
        { name: '王芳', temperature: 36.3, note: '正常' },
        { name: '李娜', temperature: 36.4 },
      ],
      { chain: true, slot: '上午' },
    ],
    [
      '#接龙\n晨检\n1. 张伟 36.5\n2. 王芳\n3. 李娜 36.6',
      [
        { name: '张伟', temperature: 36.5 },
        { name: '李娜', temperature: 36.6 },
      ],
      { chain: true, slot: '上午' },
    ],
    [
      '#接龙 体温\n1. 张伟 36.5 在武汉\n2. 王芳 36.4 居家隔离',
      [
        { name: '张伟', temperature: 36.5, flags: ['湖北'], location: '武汉', note: '在武汉' },
        { name: '王芳', temperature: 36.4, flags: ['隔离'], note: '居家隔离' },
      ],
      { chain: true },
    ],
    [
      '体温接龙\n1.一(1)班 张伟36.5\n2.一(2)班 王芳，36.3，正常',
      [
        { name: '张伟', temperature: 36.5 },
        { name: '王芳', temperature: 36.3, note: '正常' },
      ],
      { chain: true },
    ],
    [
      '张伟 36.5\n王芳 36.3 正常',
      [
        { name: '张伟', temperature: 36.5 },
        { name: '王芳', temperature: 36.3, note: '正常' },
      ],
      { chain: false },
    ],
  ])('%j', (text, expected, shape) => {
    const result = parseHealthMessage(text)
    expectShape(result, shape)
    expect(reportsOf(result)).toEqual(expected.map(person))
  })
})

describe('messages that are not reports', () => {
  it.each([
    '最高气温才8度',
    '今天气温36度好热',
    '明天降温到5度',
    '第36次课',
    '体温计在哪里领？',
    '好的，36.5度的体温计已经发了',
    '收到',
    '已报36人，未报9人',
    '今天36.5度，穿薄点',
    '「王芳：体温36.5」\n- - - - - - - - - - - - - - -\n收到',
    '好的👍',
    '😷',
    '明天36.5分开始上课',
    '请大家7点前上报',
    '大家记得报体温',
    '体温上报截止7点',
    '3年级2班今天开家长会',
    '我们班36人',
    '下午3点开会',
    '13812345678',
    '2月3日',
    '19:30',
    '36.5元',
    '50%',
    '36.5万',
    'http://example.com/a?b=36.5',
    '体温37.3算发烧吗？',
    '36.8正常吗',
    '请大家体温超过37.3的立即上报',
    '体温≥37.3℃的请私聊我',
    '/health 36.5',
    '／体温 36.5',
    '#接龙\n明天开会参加的请接龙\n1. 张伟\n2. 王芳',
    '#接龙\n2月3日上午体温',
    '#接龙\n上午体温\n1. 姓名 体温',
    '无',
    '今天没量体温',
    '',
    ' \n ',
  ])('%j', (text) => {
    expect(parseHealthMessage(text)).toEqual({ kind: 'none' })
  })
})

describe('attempts that cannot be used', () => {
  it.each<[string, string, string]>([
    ['体温：', '没有找到体温数值', '36.5'],
    ['#健康', '没有找到体温数值', '#健康 36.5℃'],
    ['体温有点高', '没有找到体温数值', '36.5'],
    ['健康上报\n姓名：王芳\n体温：\n症状：无', '没有找到体温数值', '姓名：王芳\n体温：36.4'],
    ['体温 3.65', '体温3.65℃不在34～43℃之间，请核对（是不是36.5℃？）', '36.5'],
    ['体温365', '体温365℃不在34～43℃之间，请核对（是不是36.5℃？）', '36.5'],
    ['体温 45', '体温45℃不在34～43℃之间，请核对', '36.5'],
    ['#健康 33度', '体温33℃不在34～43℃之间，请核对', '36.5'],
    ['姓名：王芳\n体温：365', '体温365℃不在34～43℃之间', '体温：36.4'],
    ['三年级2班 应报45 实报45 发热0', '缺少：湖北、隔离人数', '三年级2班 应报45 实报45 发热0 湖北0 隔离0'],
    ['一(3)班 应到46 实到46', '缺少：发热、湖北、隔离人数', '一年级3班 应报45'],
    ['三年级2班 发热0 湖北0 隔离0', '缺少：应报、实报人数', '三年级2班 应报45'],
    ['三年级2班 应报45 实报46 发热0 湖北0 隔离0', '实报46人多于应报45人，请核对', '三年级2班 应报45 实报45'],
    ['应报45 实报45 发热0 湖北0 隔离0', '没有找到班级名称', '三年级2班 应报45'],
    [
      '一(1)班 应报40 实报40 发热0 湖北0 隔离0\n一(2)班 应报41 实报41 发热0',
      '一年级2班缺少：湖北、隔离人数',
      '应报45 实报45 发热0 湖北0 隔离0',
    ],
    ['#接龙\n上午体温\n1. 张伟\n2. 王芳', '接龙里没有一行写了姓名和体温', '1. 张伟 36.5'],
  ])('%j', (text, reason, example) => {
    const result = parseHealthMessage(text)
    expect(result.kind).toBe('attempt')
    if (result.kind !== 'attempt') return
    expect(result.reason).toContain(reason)
    expect(result.example).toContain(example)
  })

  it('parses every example it gives', () => {
    for (const text of ['体温：', '三年级2班 应报45', '#接龙\n体温\n1. 张伟', '姓名：王芳\n体温：']) {
      const result = parseHealthMessage(text)
      if (result.kind !== 'attempt') throw new Error(`${text} should be an attempt`)
      expect(parseHealthMessage(result.example).kind).toBe('reports')
    }
  })
})

describe('SYMPTOM_WORDS', () => {
  it('lists the words of the design', () => {
    expect(SYMPTOM_WORDS).toEqual(
      expect.arrayContaining(['发热', '发烧', '咳嗽', '乏力', '腹泻', '咽痛', '嗓子疼', '喉咙痛', '呼吸困难']),
    )
  })

  function symptomsOf(text: string): string[] {
    const [record] = reportsOf(parseHealthMessage(text))
    if (record?.kind !== 'person') throw new Error(`expected one person's report from ${text}`)
    return record.symptoms
  }

  it.each(SYMPTOM_WORDS)('%s is read as a symptom, and 没有%s as none', (word) => {
    expect(symptomsOf(`36.5 ${word}`)).not.toEqual([])
    expect(symptomsOf(`36.5，没有${word}`)).toEqual([])
  })
})

describe('isAbnormal and abnormalReasons', () => {
  it.each<[PersonExpectation, string[]]>([
    [{ temperature: 36.5 }, []],
    [{ temperature: 37.2 }, []],
    [{ temperature: 37.3 }, ['体温37.3℃']],
    [{ temperature: 38 }, ['体温38.0℃']],
    [{ temperature: 36.5, symptoms: ['咳嗽', '乏力'] }, ['咳嗽', '乏力']],
    [{ temperature: 36.5, flags: ['湖北'] }, ['湖北']],
    [{ temperature: 36.5, flags: ['隔离'] }, ['隔离']],
    [{ temperature: 37.6, symptoms: ['咳嗽'], flags: ['湖北', '隔离'] }, ['体温37.6℃', '咳嗽', '湖北', '隔离']],
  ])('%j → %j', (expected, reasons) => {
    const record = person(expected)
    expect(isAbnormal(record, FEVER_THRESHOLD)).toBe(reasons.length > 0)
    expect(abnormalReasons(record, FEVER_THRESHOLD)).toEqual(reasons)
  })

  it('uses the configured threshold', () => {
    expect(isAbnormal(person({ temperature: 37.2 }), 37)).toBe(true)
    expect(abnormalReasons(person({ temperature: 37.2 }), 37.5)).toEqual([])
  })

  it('counts a class’s fever, Hubei and quarantine cases', () => {
    const record: ClassRecord = {
      kind: 'class',
      classKey: '3-2',
      classLabel: '三年级2班',
      expected: 45,
      actual: 44,
      fever: 2,
      counts: { 湖北: 1, 隔离: 3 },
    }
    expect(abnormalReasons(record, FEVER_THRESHOLD)).toEqual(['发热2人', '湖北1人', '隔离3人'])
    expect(abnormalReasons({ ...record, fever: 0, counts: { 湖北: 0, 隔离: 0 } }, FEVER_THRESHOLD)).toEqual([])
  })
})

describe('robustness', () => {
  const REPORT_PIECES = [
    '体温', '體溫', '36.5', '３６．５', '37.8', '365', '3.65', '45', '℃', '度', '：', ':', '，', '、', ' ', '\n',
    '1.', '2、', '①', '#接龙', '#健康', '健康上报', '姓名：', '张伟', '王芳', '黄石', '三年级2班', '一（3）班',
    '应报45', '实报46', '发热0', '湖北', '武汉', '隔离', '无', '没有', '不', '咳嗽', '嗓子有点疼', '上午', '下午',
    '在蓉', '在', '？', '/', '😷', '\u0000', '\ud800', '\u200b',
  ]
  const messages = fc.string({
    unit: fc.oneof(
      fc.constantFrom(...REPORT_PIECES),
      fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
    ),
    maxLength: 40,
  })

  it('never throws, keeps temperatures within 34–43 and never invents a name', () => {
    fc.assert(
      fc.property(messages, (text) => {
        const result = parseHealthMessage(text)
        if (result.kind !== 'reports') return
        const normalized = normalizeText(text)
        for (const record of result.records) {
          if (record.kind === 'class') {
            expect(Number.isInteger(record.expected) && record.actual <= record.expected).toBe(true)
            continue
          }
          if (record.temperature !== undefined) {
            expect(record.temperature).toBeGreaterThanOrEqual(34)
            expect(record.temperature).toBeLessThanOrEqual(43)
            expect(record.temperature).toBe(Math.round(record.temperature * 10) / 10)
          }
          if (record.name !== undefined) expect(normalized).toContain(record.name)
        }
      }),
      { numRuns: 3000 },
    )
  })

  it.each<[string, string, { kind: string; temperature?: number }]>([
    ['a 10 kB line of bare numbers', '36.5 '.repeat(2000), { kind: 'none' }],
    ['a 10 kB line of symptoms', '咳'.repeat(10_000), { kind: 'none' }],
    ['a 10 kB line of negators', '无'.repeat(10_000), { kind: 'none' }],
    ['control characters', '\u0001\u0002体温\u0007３６.５\u001b[0m', { kind: 'reports', temperature: 36.5 }],
    ['lone surrogates', '\udc00体温\ud83d 36.5 \ud800', { kind: 'reports', temperature: 36.5 }],
  ])('copes with %s', (_, text, expected) => {
    const result = parseHealthMessage(text)
    expect(result.kind).toBe(expected.kind)
    if (result.kind === 'reports') expect(result.records[0]).toMatchObject({ kind: 'person', temperature: expected.temperature })
  })

  it('reads every line of a 10 kB 接龙', () => {
    const surnames = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗']
    const givenNames = [...'芳娜伟敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌宇浩凯秋云建晨']
    const names = surnames.flatMap((surname) => givenNames.map((given) => surname + given))
    const result = parseHealthMessage(names.map((name, index) => `${index + 1}. ${name} 36.5`).join('\n'))
    expect(result.kind).toBe('reports')
    if (result.kind === 'reports') expect(result.records.map((record) => record.kind === 'person' && record.name)).toEqual(names)
  })
})
