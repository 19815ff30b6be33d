/** The shapes a report comes in: class summaries, 接龙 lists, the 姓名：/体温： form and free text. */
import { findClassName, type ClassName } from '../class-name.js'
import { type ClassRecord, type ParseResult, type PersonRecord, type Slot } from './shapes.js'
import { ALL_IS_WELL, ALL_IS_WELL_ALONE, ALL_IS_WELL_ALONE_MAX_LENGTH, ANNOUNCEMENT, BARE_REPORT_MAX_LENGTH, CHAIN_HEADER, CORRECTION, HAN, HEALTH_FORM_FIELDS, HEALTH_TOPIC, KEYWORD, PROXY_LEAD, PROXY_MARK, QUESTION, REMEASURE_BELOW, SLOT_PATTERN, SMALL_TALK, TAG, TAGS, TEMPERATURE_WITHOUT_VALUE, allMatches, type CountField, type FormField, type ReportProfile } from './vocabulary.js'
import { CHAIN_EXAMPLE, DEFAULT_CLASS_LABEL, FORM_EXAMPLE, INDIVIDUAL_EXAMPLE, MAX_LOCATION_LENGTH, NONE, NO_TEMPERATURE_REASON, PROXY_EXAMPLE, PROXY_WITHOUT_NAME_REASON, attempt, findClaims, findCorrectedTemperature, findTemperature, flagNames, looksLikeName, outOfRangeReason, parsePersonLine, personRecord, remarkOf, withoutTitle, type PersonLine } from './reading.js'

// ─── Class summaries ─────────────────────────────────────────────────────────

export const ZERO_WORDS = /^(?:无|零|没有)$/
// "零报告", "全班45人均正常", "无异常": every count not written is 0.
export const CLASS_ALL_NORMAL = /零报告|0报告|均正常|全部正常|都正常|全员正常|一切正常|无异常|没有异常|无发热/
// "已全部上报", "全部到齐": everyone expected has reported.
export const CLASS_ALL_REPORTED = /全部(?:上报|报齐|到齐|报完|已报)|已?全部上报|全到|全员到齐|到齐/
// "全班45人", "共45人": a head count without 应报.
export const HEADCOUNT = /(\d{1,3})\s*(?:人|名)/
// A block is a summary attempt when it looks like one even with something missing: a class
// name with a headcount or three numeric counts, or, without a class name, both headcounts
// or three numeric counts. A personal form's "湖北：0 隔离：0" or a tally such as
// "实到36人" must not turn into a class report.
export const MIN_NUMERIC_COUNTS = 3
export const PERSONAL_READING = /\d\.\d|℃/

export interface ClassBlock {
  className?: ClassName
  counts: Partial<Record<CountField, number>>
  numericCounts: number
  /** The block's text with the counts read so far taken out, for what is said in words. */
  words: string
}

export function readCounts(text: string, block: ClassBlock, profile: ReportProfile): void {
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

export function isSummaryAttempt({ className, counts, numericCounts, words }: ClassBlock): boolean {
  if (numericCounts >= MIN_NUMERIC_COUNTS) return true
  const headcounts = [counts.expected, counts.actual].filter((count) => count !== undefined).length
  if (className === undefined) return headcounts === 2
  // "王芳（三2班）36.5 无异常" is a person's report that mentions a class.
  const saidInWords = !PERSONAL_READING.test(words) && (CLASS_ALL_NORMAL.test(words) || CLASS_ALL_REPORTED.test(words))
  return headcounts > 0 || saidInWords
}

export function classBlocks(lines: readonly string[], profile: ReportProfile): ClassBlock[] {
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
export function completeCounts(block: ClassBlock, profile: ReportProfile): Partial<Record<CountField, number>> {
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

export function classProblem(counts: Partial<Record<CountField, number>>, profile: ReportProfile): string | undefined {
  const missing = profile.countFields.filter(({ field, required }) => required && counts[field] === undefined)
  if (missing.length > 0) return `缺少：${missing.map(({ label }) => label).join('、')}人数`
  const { expected = 0, actual = 0, fever = 0 } = counts
  if (actual > expected) return `实报${actual}人多于应报${expected}人，请核对`
  if (fever > actual) return `发热${fever}人多于实报${actual}人，请核对`
  const excess = profile.countFields.find(({ field }) => field.startsWith('flag:') && (counts[field] ?? 0) > expected)
  if (excess) return `${excess.label}${counts[excess.field]}人多于应报${expected}人，请核对`
  return undefined
}

export function classRecord(className: ClassName, counts: Partial<Record<CountField, number>>, profile: ReportProfile): ClassRecord {
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

export function parseClassSummaries(lines: readonly string[], profile: ReportProfile): ParseResult | undefined {
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

export function slotOf(text: string): { slot?: Slot } {
  const match = SLOT_PATTERN.exec(text)
  if (!match) return {}
  return { slot: match[1] ? '上午' : '下午' }
}

export function recordOfLine(line: PersonLine, profile: ReportProfile): PersonRecord | undefined {
  if (line.name === undefined || line.temperature.kind !== 'ok') return undefined
  return personRecord(line.name, line.temperature, line.rest, profile)
}

export function parseList(lines: readonly string[], personLines: readonly PersonLine[], profile: ReportProfile): ParseResult | undefined {
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

export const YES = /^(?:是|有|在)/
export const NO = /^(?:否|无|没|未|不|0)/
export const NOTHING_TO_REPORT = /^(?:无|没有|没|否|暂无|正常|良好|健康|一切正常|未见异常|无异常|无症状|不)/
export const MAX_FREE_SYMPTOM_LENGTH = 10
export const FORM_NAME = new RegExp(`^[${HAN}·]{1,12}`)

export function fieldOf(key: string, profile: ReportProfile): FormField {
  return profile.formKeys.find(({ pattern }) => pattern.test(key))?.field ?? 'other'
}

export function readFormFields(lines: readonly string[], profile: ReportProfile): { fields: Map<FormField, string>; freeText: string[] } {
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

export function yesNo(value: string, claimedInText: boolean): boolean {
  if (YES.test(value)) return true
  if (NO.test(value)) return false
  return claimedInText
}

export function parseFieldForm(lines: readonly string[], profile: ReportProfile): ParseResult | undefined {
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
export function proxyLead(text: string, profile: ReportProfile): { name: string; rest: string } | undefined {
  const match = PROXY_LEAD.exec(text)
  const name = match?.[1]
  if (!match || name === undefined || !looksLikeName(name, profile)) return undefined
  const start = match.index
  return { name: withoutTitle(name), rest: `${text.slice(0, start)} ${text.slice(start + match[0].length)}` }
}

export function withoutTemperature(text: string, lines: readonly string[], named: PersonLine | undefined, profile: ReportProfile): ParseResult {
  const tagged = TAG.test(text)
  const said = tagged || lines.some((line) => TEMPERATURE_WITHOUT_VALUE.test(line))
  const alone = text.length <= ALL_IS_WELL_ALONE_MAX_LENGTH && ALL_IS_WELL_ALONE.test(named?.rest ?? text)
  if (!said && !alone) return NONE
  if (!ALL_IS_WELL.test(text.replace(TAGS, ' '))) return attempt(NO_TEMPERATURE_REASON, INDIVIDUAL_EXAMPLE)
  const record = personRecord(named?.name, undefined, named?.rest ?? text, profile)
  return { kind: 'needsTemperature', record, example: INDIVIDUAL_EXAMPLE, ...slotOf(text) }
}

export function parseFreeText(text: string, lines: readonly string[], personLines: readonly PersonLine[], profile: ReportProfile): ParseResult {
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

export function withProxy(result: ParseResult, name: string | undefined): ParseResult {
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

export function parsePersonalReports(text: string, lines: readonly string[], profile: ReportProfile): ParseResult {
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
