import { classFields, reportDetailLine, slotOfDayText, type HealthRules } from './health-text.js'
import type { ClassSubject } from './report.js'
import { formatClasses, formatCounts, formatMissingNames, formatNames, type SlotTally } from './tally.js'
import { chineseDate } from './time.js'

/** A block of the daily summary contributed by another area (e.g. overdue action items). */
export interface SummarySection {
  title: string
  lines: string[]
}

const PERSONAL_EXAMPLE = '体温36.5 无症状 在校'
const classExample = (classLabel: string, rules: HealthRules): string =>
  `${classLabel} 应报45 实报45 体温异常0${classFields(rules).map((field) => ` ${field}0`).join('')}`

/**
 * The reminder posted in a staff group: the deadline and one example of each way to report.
 * `classLabel` is a class of this group's teachers, so the class example looks like theirs;
 * without one the group has no class teachers and the class example is left out.
 */
export function reminderText(input: {
  dateKey: string
  slot: string
  deadline: string
  classLabel?: string
  progress: { reported: number; expected: number }
  rules: HealthRules
}): string {
  const { dateKey, slot, deadline, classLabel, progress } = input
  const lines = [
    `【健康上报提醒】${slotOfDayText(dateKey, slot)}`,
    `请各位老师在 ${deadline} 前上报${slot}的体温和健康情况，任选一种写法：`,
    `· 个人：${PERSONAL_EXAMPLE}`,
  ]
  if (classLabel) lines.push(`· 班主任另报班级汇总：${classExample(classLabel, input.rules)}`)
  lines.push('· 接龙：复制下面两行，每人在末尾加一行“序号. 姓名 体温”，如“1. 张三 36.5”', '#接龙', `${slotOfDayText(dateKey, slot)}体温`)
  if (progress.reported > 0) lines.push(`目前已报 ${progress.reported}/${progress.expected} 人。`)
  lines.push('请假的老师不用报。')
  return lines.join('\n')
}

/** Everyone a staff-group tally @-mentions: the missing members, then teachers whose class summary is missing. */
export function tallyMentions(tally: SlotTally): string[] {
  return [...new Set([...tally.missing.map((person) => person.name), ...tally.classesMissing.map((klass) => klass.teacher)])]
}

/** Everyone has reported and every class summary is in. */
export const nothingMissing = (tally: SlotTally): boolean => tally.missing.length === 0 && tally.classesMissing.length === 0

/** The deadline tally for a staff group: counts and names of who is missing, never a health detail. */
export function groupTallyText(tally: SlotTally, deadline: string): string {
  const lines = [`【健康上报统计】${slotOfDayText(tally.dateKey, tally.slot)}（截至 ${deadline}）`, formatCounts(tally), formatMissingNames(tally)]
  lines.push(nothingMissing(tally) ? '谢谢各位老师！' : '请以上老师尽快补报，截止后的上报同样记录（记为补报）。')
  return lines.join('\n')
}

/** The deadline tally for the admin group: the whole school, the named lists and the abnormal reports in detail. */
export function adminTallyText(tally: SlotTally, input: { deadline: string; chased: number; rules: HealthRules }): string {
  const lines = [`【健康上报统计 · 全校】${slotOfDayText(tally.dateKey, tally.slot)}（截至 ${input.deadline}）`, formatCounts(tally), formatMissingNames(tally)]
  if (tally.onLeave.length) lines.push(`请假 ${tally.onLeave.length} 人：${formatNames(tally.onLeave)}`)
  if (tally.abnormal.length) {
    lines.push(`异常 ${tally.abnormal.length} 条：`, ...tally.abnormal.map((report) => `  ${reportDetailLine(report, input.rules)}`))
  }
  if (input.chased > 0) lines.push(`已私聊提醒未报的 ${input.chased} 位老师。`)
  return lines.join('\n')
}

/** The private reminder to someone still missing at the deadline (@ in the web protocol does not notify). */
export function chaseText(input: {
  name: string
  dateKey: string
  slot: string
  deadline: string
  ownMissing: boolean
  classLabel?: string
  rules: HealthRules
}): string {
  const { name, dateKey, slot, deadline, ownMissing, classLabel } = input
  const owed = [ownMissing ? '您的健康上报' : undefined, classLabel ? `${classLabel}的班级汇总` : undefined].filter(Boolean).join('和')
  const examples = [ownMissing ? PERSONAL_EXAMPLE : undefined, classLabel ? classExample(classLabel, input.rules) : undefined].filter(Boolean)
  return [
    `${name}老师您好，${slotOfDayText(dateKey, slot)}的健康上报 ${deadline} 已截止，还没有收到${owed}。`,
    `请直接回复我或在群里补报，例如：`,
    ...examples,
  ].join('\n')
}

function classTotalsLine(tally: SlotTally, summaries: readonly ClassSubject[], rules: HealthRules): string | undefined {
  if (!tally.classesExpected.length && !summaries.length) return undefined
  const sum = (count: (summary: ClassSubject) => number): number => summaries.reduce((total, summary) => total + count(summary), 0)
  const flagged = classFields(rules).map((field) => `，${field} ${sum((summary) => summary.counts[field] ?? 0)}`).join('')
  const students = summaries.length
    ? `，学生应报 ${sum((summary) => summary.expected)} 实报 ${sum((summary) => summary.actual)}，发热 ${sum((summary) => summary.fever)}${flagged}`
    : ''
  return `  班级汇总已交 ${summaries.length}/${tally.classesExpected.length} 个班${students}`
}

export interface SlotSummary {
  tally: SlotTally
  /** The slot's current class summaries (whole school). */
  classSummaries: readonly ClassSubject[]
}

/**
 * The daily summary for admin groups: per slot 应报/已报/未报 with names, classes' totals,
 * the abnormal reports in detail, open follow-ups, then whatever other areas add.
 */
export function dailySummaryText(input: {
  dateKey: string
  slots: readonly SlotSummary[]
  rules: HealthRules
  followups: { open: number; openedToday: number }
  extraSections?: readonly SummarySection[]
  attachment?: string
}): string {
  const lines = [`【健康日报】${chineseDate(input.dateKey)}`]
  for (const { tally, classSummaries } of input.slots) {
    lines.push(`${tally.slot}：${formatCounts(tally)}`)
    if (tally.missing.length) lines.push(`  未报：${formatNames(tally.missing)}`)
    if (tally.classesMissing.length) lines.push(`  未交班级汇总：${formatClasses(tally.classesMissing)}`)
    if (tally.late.length) lines.push(`  补报 ${tally.late.length} 条`)
    const totals = classTotalsLine(tally, classSummaries, input.rules)
    if (totals) lines.push(totals)
  }
  const abnormal = input.slots.flatMap(({ tally }) => tally.abnormal.map((report) => `  ${tally.slot} ${reportDetailLine(report, input.rules)}`))
  lines.push(abnormal.length ? `异常 ${abnormal.length} 条：` : '今天没有异常。', ...abnormal)
  const { open, openedToday } = input.followups
  if (open > 0) lines.push(`跟进中 ${open} 项${openedToday ? `（今天新增 ${openedToday} 项）` : ''}，发送 /跟进 查看。`)
  for (const section of input.extraSections ?? []) {
    if (section.lines.length) lines.push(`${section.title}：`, ...section.lines.map((line) => `  ${line}`))
  }
  if (input.attachment) lines.push(`明细见附件《${input.attachment}》。`)
  return lines.join('\n')
}

/** One line a day for an export over several days; the details are in the spreadsheet. */
export function rangeSummaryText(input: {
  from: string
  to: string
  days: readonly { dateKey: string; tallies: readonly SlotTally[] }[]
  attachment: string
}): string {
  const lines = [`【健康汇总】${chineseDate(input.from)}至${chineseDate(input.to)}，共 ${input.days.length} 天有记录`]
  for (const { dateKey, tallies } of input.days) {
    const slots = tallies.map((tally) => `${tally.slot}已报 ${tally.reported.length}/${tally.expected.length} 人`)
    const abnormal = tallies.reduce((count, tally) => count + tally.abnormal.length, 0)
    lines.push(`${chineseDate(dateKey)}：${slots.join('，')}${abnormal ? `，异常 ${abnormal} 条` : ''}`)
  }
  lines.push(`明细见附件《${input.attachment}》。`)
  return lines.join('\n')
}

export const dailyFileName = (dateKey: string): string => `健康日报-${dateKey}.xlsx`
export const rangeFileName = (from: string, to: string): string => `健康汇总-${from}至${to}.xlsx`
