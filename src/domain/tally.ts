import type { Roster } from './identity.js'
import { currentReports, type StoredReport } from './report.js'
import type { Person } from './types.js'

export interface ClassRef {
  key: string
  label: string
  /** Roster name of the class teacher, who owes the class summary. */
  teacher: string
}

/** Who owed a report in one slot of one day, who gave one, and what stood out. */
export interface SlotTally {
  dateKey: string
  slot: string
  /** Roster people who must report (restricted to the group's members when one is given), minus those on leave. */
  expected: Person[]
  reported: Person[]
  missing: Person[]
  onLeave: Person[]
  /** Classes whose teacher is expected: each owes a class summary. */
  classesExpected: ClassRef[]
  classesReported: ClassRef[]
  classesMissing: ClassRef[]
  /** Current abnormal reports of the slot (person or class), within the same scope. */
  abnormal: StoredReport[]
  /** Current reports received after the deadline (补报), within the same scope. */
  late: StoredReport[]
}

export interface TallyInput {
  roster: Roster
  reports: readonly StoredReport[]
  dateKey: string
  slot: string
  onLeave: ReadonlySet<string>
  /** Restrict to the members of this group (topic); the whole roster otherwise. */
  group?: string
}

function classesOf(teachers: readonly Person[]): ClassRef[] {
  const byKey = new Map<string, ClassRef>()
  for (const teacher of teachers) {
    if (teacher.classKey && !byKey.has(teacher.classKey)) {
      byKey.set(teacher.classKey, { key: teacher.classKey, label: teacher.classLabel ?? teacher.classKey, teacher: teacher.name })
    }
  }
  return [...byKey.values()]
}

/** The reports about the people in scope and their classes. */
function withinScope(reports: readonly StoredReport[], inScope: readonly Person[]): StoredReport[] {
  const names = new Set(inScope.map((person) => person.name))
  const classes = new Set(classesOf(inScope).map((klass) => klass.key))
  return reports.filter((report) => (report.subject.kind === 'person' ? names.has(report.subject.name) : classes.has(report.subject.classKey)))
}

export function tallySlot(input: TallyInput): SlotTally {
  const { roster, dateKey, slot, onLeave, group } = input
  const inScope = group === undefined ? [...roster.people] : roster.membersOf(group)
  const expected = inScope.filter((person) => !onLeave.has(person.name))
  const current = [...currentReports(input.reports, slot).values()]
  const reportedNames = new Set(current.flatMap((report) => (report.subject.kind === 'person' ? [report.subject.name] : [])))
  const reportedClasses = new Set(current.flatMap((report) => (report.subject.kind === 'class' ? [report.subject.classKey] : [])))
  const classesExpected = classesOf(expected)

  const scoped = group === undefined ? current : withinScope(current, inScope)

  return {
    dateKey,
    slot,
    expected,
    reported: expected.filter((person) => reportedNames.has(person.name)),
    missing: expected.filter((person) => !reportedNames.has(person.name)),
    onLeave: inScope.filter((person) => onLeave.has(person.name)),
    classesExpected,
    classesReported: classesExpected.filter((klass) => reportedClasses.has(klass.key)),
    classesMissing: classesExpected.filter((klass) => !reportedClasses.has(klass.key)),
    abnormal: scoped.filter((report) => report.abnormal),
    late: scoped.filter((report) => report.late),
  }
}

export const formatNames = (people: readonly { name: string }[]): string => people.map((person) => person.name).join('、')

/** 三年级2班（王芳）、一年级3班（李娜）: a class and whom to ask about it. */
export const formatClasses = (classes: readonly ClassRef[]): string =>
  classes.map((klass) => `${klass.label}（${klass.teacher}）`).join('、')

/** Who has not reported, in names only: fit for any group. */
export function formatMissingNames(tally: SlotTally): string {
  const classesDone = tally.classesMissing.length === 0
  if (!tally.missing.length && classesDone) return tally.classesExpected.length ? '全部已报，班级汇总也已交齐。' : '全部已报。'
  const people = tally.missing.length ? `未报 ${tally.missing.length} 人：${formatNames(tally.missing)}` : '个人已全部上报。'
  if (classesDone) return tally.classesExpected.length ? `${people}\n班级汇总已交齐。` : people
  return `${people}\n未交班级汇总 ${tally.classesMissing.length} 个：${formatClasses(tally.classesMissing)}`
}

/** 应报/已报/未报 and class summary counts; no health details, so fit for a staff group. */
export function formatCounts(tally: SlotTally): string {
  const people = `应报 ${tally.expected.length} 人，已报 ${tally.reported.length} 人，未报 ${tally.missing.length} 人`
  const leave = tally.onLeave.length ? `，请假 ${tally.onLeave.length} 人` : ''
  const classes = tally.classesExpected.length
    ? `；班级汇总应交 ${tally.classesExpected.length} 个，已交 ${tally.classesReported.length} 个`
    : ''
  return `${people}${leave}${classes}`
}
