import { abnormalReasons, type HealthFlag, type ReportProfile } from './health-parse/index.js'
import type { ClassSubject, StoredReport } from './report.js'
import { chineseDate } from './time.js'

/** What makes a report abnormal and how its flags are named: the school's fever line and report profile. */
export interface HealthRules {
  feverThreshold: number
  profile: ReportProfile
}

/** The flags that class summaries count, in profile order (湖北, 隔离 by default). */
export const classFields = (rules: HealthRules): string[] =>
  rules.profile.flags.flatMap((flag: HealthFlag) => (flag.classField ? [flag.classField] : []))

/** Pupils a class summary counts as abnormal: fever plus every abnormal flag's count, or the teacher's own total. */
export function studentsAbnormal(summary: ClassSubject, rules: HealthRules): number {
  const flagged = rules.profile.flags.reduce((total, flag) => total + (flag.abnormal && flag.classField ? (summary.counts[flag.classField] ?? 0) : 0), 0)
  return Math.max(summary.fever + flagged, summary.abnormal ?? 0)
}

/** "应报45 实报45 发热0 湖北0 隔离0" */
export const classCountsText = (summary: ClassSubject, rules: HealthRules): string =>
  [`应报${summary.expected}`, `实报${summary.actual}`, `发热${summary.fever}`, ...classFields(rules).map((field) => `${field}${summary.counts[field] ?? 0}`)].join(' ')

/** Why a stored subject needs attention, in words: ['体温37.6℃', '咳嗽', '湖北']. */
export const reasonsOf = (subject: StoredReport['subject'], rules: HealthRules): string[] =>
  abnormalReasons(subject, rules.feverThreshold, rules.profile)

/** 36.5℃ */
export const temperatureText = (value: number): string => `${value.toFixed(1)}℃`

export const subjectLabel = (subject: StoredReport['subject']): string =>
  subject.kind === 'person' ? subject.name : subject.classLabel

/** 2月3日上午 */
export const slotOfDayText = (dateKey: string, slot: string): string => `${chineseDate(dateKey)}${slot}`

function personFlags(subject: Extract<StoredReport['subject'], { kind: 'person' }>, feverThreshold: number): string[] {
  const flags = new Set<string>()
  if (subject.temperature !== undefined && subject.temperature >= feverThreshold) flags.add('发热')
  for (const symptom of subject.symptoms) flags.add(symptom)
  for (const flag of subject.flags) flags.add(flag)
  return [...flags]
}

/**
 * One line of the admin detail list, with health details: "李娜 37.6℃ 成都 ⚠发热、咳嗽 补报（张伟代报）".
 * Only for admin groups or the person themself.
 */
export function reportDetailLine(report: StoredReport, rules: HealthRules): string {
  const { subject } = report
  const parts: string[] = []
  if (subject.kind === 'person') {
    parts.push(subject.name, subject.temperature === undefined ? '未写体温' : temperatureText(subject.temperature))
    if (subject.location) parts.push(subject.location)
    const flags = personFlags(subject, rules.feverThreshold)
    if (flags.length) parts.push(`⚠${flags.join('、')}`)
  } else {
    parts.push(subject.classLabel, classCountsText(subject, rules))
    if (report.abnormal) parts.push('⚠')
  }
  if (report.correction) parts.push('更正')
  if (report.late) parts.push('补报')
  const byOther = subject.kind === 'class' || report.reporter !== subject.name
  const reporter = byOther ? (subject.kind === 'class' ? `（${report.reporter}）` : `（${report.reporter}代报）`) : ''
  return `${parts.join(' ')}${reporter}`
}

export interface AbnormalEntry {
  report: StoredReport
  followupId: number
  dateKey: string
}

/** The immediate alert to admin groups: only the abnormal subjects, each with its reasons, grouped by slot. */
export function abnormalAlertText(entries: readonly AbnormalEntry[], rules: HealthRules): string {
  const blocks = new Map<string, string[]>()
  for (const { report, followupId, dateKey } of entries) {
    const { subject } = report
    const notes: string[] = []
    if (subject.kind === 'class') notes.push(`${report.reporter}上报`)
    else if (report.reporter !== subject.name) notes.push(`${report.reporter}代报`)
    if (report.late) notes.push('补报')
    notes.push(`跟进 #${followupId}`)
    const heading = `⚠ 健康异常 · ${slotOfDayText(dateKey, report.slot)}`
    const lines = blocks.get(heading) ?? []
    lines.push(`${subjectLabel(subject)}：${reasonsOf(subject, rules).join('、')}（${notes.join('，')}）`)
    blocks.set(heading, lines)
  }
  const body = [...blocks].map(([heading, lines]) => [heading, ...lines].join('\n'))
  return `${body.join('\n')}\n已加入跟进名单，发送 /跟进 查看或备注。`
}

export function classClusterAlertText(dateKey: string, classLabel: string, reasons: readonly string[], count: number): string {
  return `⚠ 聚集性提醒 · ${chineseDate(dateKey)}\n${classLabel}今天已有 ${count} 名学生异常（${reasons.join('、')}），请尽快排查。`
}

export function officeClusterAlertText(dateKey: string, office: string, names: readonly string[]): string {
  return `⚠ 聚集性提醒 · ${chineseDate(dateKey)}\n${office}今天已有 ${names.length} 人报告异常：${names.join('、')}，请尽快排查。`
}

/**
 * "已收到上午健康上报 3 人：张伟、王芳、李娜；班级汇总 1 个：三年级2班": names only, never a
 * temperature, so it may go to any group. One line per slot.
 */
export function confirmationText(reports: readonly StoredReport[]): string {
  const slots = [...new Set(reports.map((report) => report.slot))]
  return slots
    .map((slot) => {
      const inSlot = reports.filter((report) => report.slot === slot)
      const names = [...new Set(inSlot.flatMap((r) => (r.subject.kind === 'person' ? [r.subject.name] : [])))]
      const classes = [...new Set(inSlot.flatMap((r) => (r.subject.kind === 'class' ? [r.subject.classLabel] : [])))]
      const late = [...new Set(inSlot.filter((r) => r.late).map((r) => subjectLabel(r.subject)))]
      const parts: string[] = []
      if (names.length) parts.push(`健康上报 ${names.length} 人：${names.join('、')}`)
      if (classes.length) parts.push(`班级汇总 ${classes.length} 个：${classes.join('、')}`)
      const lateNote = late.length ? `（${late.join('、')}为补报）` : ''
      return `已收到${slot}${parts.join('；')}${lateNote}`
    })
    .join('\n')
}
