import { describe, expect, it } from 'vitest'
import {
  abnormalReasons,
  compileProfile,
  isAbnormal,
  parseHealthMessage,
  type ClassRecord,
  type HealthFlag,
  type ParseResult,
  type PersonRecord,
} from '../../src/domain/health-parse/index.js'

type PersonExpectation = Partial<Omit<PersonRecord, 'kind'>>

function onlyPerson(result: ParseResult): PersonRecord {
  if (result.kind !== 'reports') throw new Error(`expected reports, got ${JSON.stringify(result)}`)
  const [record, ...others] = result.records
  if (record?.kind !== 'person' || others.length > 0) throw new Error(`expected one person, got ${JSON.stringify(result.records)}`)
  return record
}

function onlyClass(result: ParseResult): ClassRecord {
  if (result.kind !== 'reports') throw new Error(`expected reports, got ${JSON.stringify(result)}`)
  const [record, ...others] = result.records
  if (record?.kind !== 'class' || others.length > 0) throw new Error(`expected one class, got ${JSON.stringify(result.records)}`)
  return record
}

describe('temperatures as people write them', () => {
  it.each<[string, number]>([
    ['37度5', 37.5],
    ['36度8 正常', 36.8],
    ['体温38度2，头疼', 38.2],
    ['37度', 37],
    ['体温37度', 37],
    ['三十七度二', 37.2],
    ['三十六点八度', 36.8],
    ['今天三十六度八', 36.8],
    ['体温三十六度五 无症状', 36.5],
    ['36,7', 36.7],
    ['体温36，7', 36.7],
    ['体温：36，4℃', 36.4],
    ['T:36.5', 36.5],
    ['t=36.6', 36.6],
    ['T：36.9 正常', 36.9],
    ['腋温36.4', 36.4],
    ['额温 36.1', 36.1],
    ['耳温36.8℃', 36.8],
    ['口温36.7', 36.7],
  ])('%j reads %d', (text, temperature) => {
    expect(onlyPerson(parseHealthMessage(text)).temperature).toBe(temperature)
  })

  it.each(['36，37行', '35,36,37', '三十个人', '36,7人', '第三十六点'])('%j is not a temperature', (text) => {
    expect(parseHealthMessage(text)).toEqual({ kind: 'none' })
  })

  it.each<[string, number]>([
    ['35.2', 35.2],
    ['体温34.5', 34.5],
    ['额温35度8', 35.8],
  ])('%j is recorded as %d and asks for a new measurement', (text, temperature) => {
    expect(onlyPerson(parseHealthMessage(text))).toMatchObject({ temperature, remeasure: true })
  })

  it.each(['36.0', '37.5', '42.5'])('%j needs no new measurement', (text) => {
    expect(onlyPerson(parseHealthMessage(text)).remeasure).toBeUndefined()
  })

  it.each<[string, string]>([
    ['体温33.5', '33.5'],
    ['体温44', '44'],
    ['33.0℃', '33.0'],
    ['额温 365', '365'],
  ])('%j is refused, saying what was read', (text, written) => {
    const result = parseHealthMessage(text)
    expect(result.kind).toBe('attempt')
    if (result.kind === 'attempt') expect(result.reason).toContain(`${written}℃不在34～43℃之间`)
  })
})

describe('who the report is for', () => {
  it.each<[string, PersonExpectation]>([
    ['替王芳老师代报：36.7', { name: '王芳', temperature: 36.7, proxy: true }],
    ['帮李娜报一下 36.5', { name: '李娜', temperature: 36.5, proxy: true }],
    ['代张伟上报 36.4 正常', { name: '张伟', temperature: 36.4, proxy: true, note: '正常' }],
    ['郭婷 36.7（代报，她手机没电）', { name: '郭婷', temperature: 36.7, proxy: true }],
    ['王芳代报 36.6', { name: '王芳', temperature: 36.6, proxy: true }],
  ])('%j is a report for someone else', (text, expected) => {
    expect(onlyPerson(parseHealthMessage(text))).toMatchObject(expected)
  })

  it.each(['代报 36.5', '替王芳代报', '帮李娜报一下'])('%j is an attempt that lacks a name or a number', (text) => {
    expect(parseHealthMessage(text).kind).toBe('attempt')
  })

  it.each(['帮王芳报个名', '替李娜报销一下车费'])('%j is not a report', (text) => {
    expect(parseHealthMessage(text)).toEqual({ kind: 'none' })
  })

  it.each<[string, number]>([
    ['更正：36.4', 36.4],
    ['改一下，刚才报错了，36.4', 36.4],
    ['刚才打错了 应该是36.5', 36.5],
    ['刚才报错了36.7，应该是36.4', 36.4],
    ['不好意思写错了，体温36.3', 36.3],
  ])('%j corrects the sender’s report to %d', (text, temperature) => {
    const result = parseHealthMessage(text)
    expect(result).toMatchObject({ kind: 'reports', correction: true })
    const record = onlyPerson(result)
    expect(record.temperature).toBe(temperature)
    expect(record.name).toBeUndefined()
  })

  it.each(['体温36.5 正常', '王芳 36.5', '#健康 36.6'])('%j is not a correction', (text) => {
    expect(parseHealthMessage(text)).not.toHaveProperty('correction')
  })

  it('reads a quoted report with a new reading as a correction by the quoted author', () => {
    const result = parseHealthMessage('「王芳：体温36.5」\n- - - - - - - - - - - - - - -\n36.4')
    expect(result).toMatchObject({ kind: 'reports', correction: true, quotedAuthor: '王芳' })
    expect(onlyPerson(result).temperature).toBe(36.4)
  })

  it.each([
    '「张伟：请大家报体温」\n- - - - - - - - - - - - - - -\n36.6 正常',
    '「张伟：明天开会」\n- - - - - -\n体温36.6',
  ])('%j quotes something that is not a report: a plain report', (text) => {
    const result = parseHealthMessage(text)
    expect(result.kind).toBe('reports')
    expect(result).not.toHaveProperty('quotedAuthor')
    expect(result).not.toHaveProperty('correction')
  })
})

describe('places and status in prose', () => {
  it.each<[string, PersonExpectation]>([
    ['36.5 人在湖北随州', { temperature: 36.5, flags: ['湖北'] }],
    ['体温36.6，还在孝感老家', { temperature: 36.6, flags: ['湖北'], location: '孝感' }],
    ['滞留湖北 36.5', { temperature: 36.5, flags: ['湖北'] }],
    ['36.4 在武汉回不来', { temperature: 36.4, flags: ['湖北'], location: '武汉' }],
    ['36.7，人仍在黄冈', { temperature: 36.7, flags: ['湖北'] }],
    ['居家观察第5天 36.5', { temperature: 36.5, flags: ['隔离'] }],
    ['集中隔离 36.6', { temperature: 36.6, flags: ['隔离'] }],
    ['隔离期满 36.5', { temperature: 36.5, flags: [] }],
    ['36.5 已回成都，隔离期满', { temperature: 36.5, flags: [] }],
  ])('%j', (text, expected) => {
    expect(onlyPerson(parseHealthMessage(text))).toMatchObject(expected)
  })
})

describe('class summaries in other words', () => {
  const threeTwo = { kind: 'class', classKey: '3-2', classLabel: '三年级2班' }

  it.each<[string, Partial<ClassRecord>]>([
    ['三年级2班 零报告 45人', { expected: 45, actual: 45, fever: 0, counts: { 湖北: 0, 隔离: 0 } }],
    ['三年级2班零报告，应到45实到45', { expected: 45, actual: 45, fever: 0, counts: { 湖北: 0, 隔离: 0 } }],
    ['三（2）班全班45人均正常', { expected: 45, actual: 45, fever: 0, counts: { 湖北: 0, 隔离: 0 } }],
    ['三年级2班 应到45 已全部上报 无异常', { expected: 45, actual: 45, fever: 0, counts: { 湖北: 0, 隔离: 0 } }],
    ['3.2班 应到45 已到44 发热0 湖北0 隔离0', { expected: 45, actual: 44 }],
    ['三年级2班 应报45 已报45 发热1 湖北0 隔离0', { expected: 45, actual: 45, fever: 1 }],
    ['三年级2班 应到45 实报45 异常0', { expected: 45, actual: 45, fever: 0, counts: { 湖北: 0, 隔离: 0 }, abnormal: 0 }],
    ['三年级2班 应到45 实到45 异常2', { fever: 0, abnormal: 2 }],
  ])('%j', (text, expected) => {
    expect(onlyClass(parseHealthMessage(text))).toMatchObject({ ...threeTwo, ...expected })
  })

  it.each<[string, string]>([
    ['三年级2班 应到45 实到45', '缺少：发热、湖北、隔离人数'],
    ['三年级2班 零报告', '缺少：应报、实报人数'],
    ['三年级2班 实到45 发热0 湖北0 隔离0', '缺少：应报人数'],
  ])('%j asks for what is missing', (text, reason) => {
    expect(parseHealthMessage(text)).toMatchObject({ kind: 'attempt', reason })
  })

  it('reads a total of abnormal pupils as a reason for the admins', () => {
    const record = onlyClass(parseHealthMessage('三年级2班 应到45 实到45 异常2'))
    expect(abnormalReasons(record, 37.3)).toEqual(['异常2人'])
  })

  it.each(['王芳（三2班） 36.5 无异常', '3年级2班今天开家长会', '三年级2班的作业都交了'])('%j is not a class summary', (text) => {
    const result = parseHealthMessage(text)
    expect(result.kind === 'reports' && result.records.some((record) => record.kind === 'class')).toBe(false)
    expect(result.kind).not.toBe('attempt')
  })
})

describe('not a report', () => {
  it.each([
    '考了38.5分',
    '数学考了38.5',
    '这件衣服38.5块',
    '花了36.5',
    '翻到第37页',
    '洗澡水38度刚好',
    '空调开到26度',
    '教室里36度，太闷了',
    '37.3算不算发烧？',
    '37.3算不算发烧',
    '体温37.5是不是发烧了',
    '【转发】发热门诊：体温超过37.3℃请就医',
    '转发：体温37.3以上的请居家',
    '《关于做好疫情防控的通知》体温37.3以上',
    '【防疫小知识】正常体温36.1到37.2',
    '第三条 体温37.3℃以上者不得入校',
  ])('%j', (text) => {
    expect(parseHealthMessage(text)).toEqual({ kind: 'none' })
  })
})

describe('never silent', () => {
  it.each<[string, PersonExpectation]>([
    ['体温正常', { flags: [], symptoms: [] }],
    ['正常', {}],
    ['一切正常', {}],
    ['本人身体健康', {}],
    ['今天体温正常，无症状', {}],
    ['#健康 正常', {}],
    ['零报告', {}],
    ['王芳 体温正常', { name: '王芳' }],
    ['体温正常，有点咳嗽', { symptoms: ['咳嗽'] }],
  ])('%j needs a temperature', (text, expected) => {
    const result = parseHealthMessage(text)
    expect(result.kind).toBe('needsTemperature')
    if (result.kind !== 'needsTemperature') return
    expect(result.record.temperature).toBeUndefined()
    expect(result.record).toMatchObject(expected)
    expect(parseHealthMessage(result.example).kind).toBe('reports')
  })

  it.each(['怎么报', '格式是什么', '怎么填', '体温怎么上报？', '接龙格式是啥'])('%j asks how to report', (text) => {
    expect(parseHealthMessage(text)).toEqual({ kind: 'howTo' })
  })

  it.each(['请假条怎么填', '报名怎么报', '这很正常', '收到', '好的，谢谢', '今天真冷'])('%j stays silent', (text) => {
    expect(parseHealthMessage(text)).toEqual({ kind: 'none' })
  })

  it.each(['体温：', '#健康', '体温有点高', '替王芳代报'])('%j is an attempt with an example that works', (text) => {
    const result = parseHealthMessage(text)
    expect(result.kind).toBe('attempt')
    if (result.kind === 'attempt') expect(parseHealthMessage(result.example).kind).toBe('reports')
  })
})

describe('a report profile', () => {
  const fluSeason: HealthFlag[] = [
    { name: '外地返回', words: ['外地返回', '从外地回来', '返乡', '外地'], abnormal: true, classField: '外地返回' },
    { name: '隔离', words: ['隔离', '居家观察'], abnormal: true, classField: '隔离' },
    { name: '居家办公', words: ['居家办公', '在家办公'], abnormal: false },
  ]
  const profile = compileProfile(fluSeason)

  it.each<[string, string[]]>([
    ['36.5 从外地回来了', ['外地返回']],
    ['36.5 在武汉', []],
    ['36.6 居家隔离', ['隔离']],
    ['36.4 在家办公', ['居家办公']],
    ['36.5 未去过外地', []],
  ])('%j claims %j', (text, flags) => {
    expect(onlyPerson(parseHealthMessage(text, profile)).flags).toEqual(flags)
  })

  it('reads class summaries with the profile’s fields', () => {
    const record = onlyClass(parseHealthMessage('三年级2班 应报45 实报45 发热0 外地返回2 隔离1', profile))
    expect(record.counts).toEqual({ 外地返回: 2, 隔离: 1 })
    expect(abnormalReasons(record, 37.3, profile)).toEqual(['外地返回2人', '隔离1人'])
  })

  it('asks for the profile’s fields, with an example in them', () => {
    const result = parseHealthMessage('三年级2班 应报45 实报45 发热0', profile)
    expect(result).toMatchObject({ kind: 'attempt', reason: '缺少：外地返回、隔离人数' })
    if (result.kind === 'attempt') expect(parseHealthMessage(result.example, profile).kind).toBe('reports')
  })

  it('reads a form with the profile’s fields', () => {
    const record = onlyPerson(parseHealthMessage('姓名：王芳\n体温：36.5\n是否外地返回：是\n是否隔离：否', profile))
    expect(record.flags).toEqual(['外地返回'])
  })

  it('counts only abnormal flags as abnormal', () => {
    const working = onlyPerson(parseHealthMessage('36.4 在家办公', profile))
    expect(isAbnormal(working, 37.3, profile)).toBe(false)
    expect(abnormalReasons(working, 37.3, profile)).toEqual([])
    const returned = onlyPerson(parseHealthMessage('36.4 外地返回', profile))
    expect(isAbnormal(returned, 37.3, profile)).toBe(true)
    expect(abnormalReasons(returned, 37.3, profile)).toEqual(['外地返回'])
  })
})

describe('one message, one truth', () => {
  it('keeps only the last line about each person', () => {
    const result = parseHealthMessage('#接龙 上午体温\n1. 张伟 36.5\n2. 王芳 36.3\n3. 张伟 37.8 咳嗽\n4. 李娜 36.6')
    if (result.kind !== 'reports') throw new Error(JSON.stringify(result))
    expect(result.records.map((record) => record.kind === 'person' && [record.name, record.temperature])).toEqual([
      ['王芳', 36.3],
      ['张伟', 37.8],
      ['李娜', 36.6],
    ])
  })

  it('keeps only the last summary of a class', () => {
    const result = parseHealthMessage('三年级2班 应报45 实报44 发热0 湖北0 隔离0\n三年级2班 应报45 实报45 发热0 湖北0 隔离0')
    expect(onlyClass(result).actual).toBe(45)
  })
})
