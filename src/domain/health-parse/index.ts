/**
 * Reads health reports out of group chat, the way teachers actually write them.
 *
 * A message is tried, in order, as class teachers' summaries (a class name with counts),
 * a list of named lines (接龙), a 姓名：/体温： form, and finally one person's free text.
 * What is claimed beyond symptoms (湖北, 隔离, or a school's own flags) comes from a report
 * profile, compiled once per configuration.
 * Pure: no I/O, no clock.
 */
import { normalizeText } from '../text-normalize.js'
import { type HealthRecord, type ParseResult, type PersonRecord } from './shapes.js'
import { ALL_IS_WELL, ANNOUNCEMENT, CORRECTION, DEFAULT_PROFILE, FORWARDED, HOW_TO, HOW_TO_MAX_LENGTH, KEYWORD_SOURCE, OTHER_TOPIC, PROXY_LEAD, PROXY_MARK, TAG_SOURCE, type ReportProfile } from './vocabulary.js'
import { HOW_TO_RESULT, NONE, formatTemperature, withTemperaturesAsDigits } from './reading.js'
import { parseClassSummaries, parsePersonalReports } from './forms.js'

export * from './shapes.js'
export { compileProfile, DEFAULT_FLAGS, DEFAULT_PROFILE, SYMPTOM_WORDS, type ReportProfile } from './vocabulary.js'

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
