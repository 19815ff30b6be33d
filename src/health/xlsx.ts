import type ExcelJS from 'exceljs'
import { classFields, reasonsOf, type HealthRules } from '../domain/health-text.js'
import type { StoredReport } from '../domain/report.js'
import type { ClassRef, SlotTally } from '../domain/tally.js'
import { clockText } from '../domain/time.js'
import type { Person } from '../domain/types.js'

/** One slot of one day: who owed what, and the slot's current reports (whole school). */
export interface SlotSheetData {
  tally: SlotTally
  /** The slot's current reports, one per subject (see `currentReports`). */
  reports: readonly StoredReport[]
}

export interface WorkbookOptions {
  timezone: string
  rules: HealthRules
}

/** The staff table's columns: one per flag of the school's report profile between 所在地 and 上报时间. */
const personColumns = (rules: HealthRules): { header: string; width: number }[] => [
  { header: '日期', width: 12 },
  { header: '姓名', width: 10 },
  { header: '班级', width: 12 },
  { header: '状态', width: 8 },
  { header: '体温', width: 8 },
  { header: '症状', width: 16 },
  { header: '所在地', width: 18 },
  ...rules.profile.flags.map((flag) => ({ header: flag.name, width: Math.max(6, flag.name.length * 2 + 2) })),
  { header: '上报时间', width: 10 },
  { header: '补报', width: 6 },
  { header: '异常', width: 20 },
  { header: '上报人', width: 10 },
]

const TEMPERATURE_COLUMN = 5

const classHeaders = (rules: HealthRules): string[] => ['日期', '班级', '班主任', '状态', '应报', '实报', '发热', ...classFields(rules), '上报时间', '补报', '上报人']

export const CLASS_TABLE_TITLE = '班级汇总'

const ABNORMAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } }
const MISSING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } }

const yesNo = (value: boolean): string => (value ? '是' : '否')

/** Excel refuses some characters in sheet names and cuts them at 31. */
const sheetName = (slot: string): string => slot.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || '健康上报'

type Row = (string | number | null)[]

function personRows(data: SlotSheetData, options: WorkbookOptions): SheetRow[] {
  const { tally } = data
  const byName = new Map(
    data.reports.flatMap((report) => (report.subject.kind === 'person' ? [[report.subject.name, { report, subject: report.subject }] as const] : [])),
  )
  const missingNames = new Set(tally.missing.map((person) => person.name))
  const leaveNames = new Set(tally.onLeave.map((person) => person.name))
  const listed = new Map<string, Person | undefined>([...tally.expected, ...tally.onLeave].map((person) => [person.name, person]))
  // Someone who reported without being expected (since removed from the roster) still has a row.
  for (const name of byName.keys()) if (!listed.has(name)) listed.set(name, undefined)
  return [...listed].map(([name, person]) => {
    const reported = byName.get(name)
    const status = reported ? '已报' : leaveNames.has(name) ? '请假' : missingNames.has(name) ? '未报' : ''
    const base: Row = [tally.dateKey, name, person?.classLabel ?? null, status]
    if (!reported) return { row: base, abnormal: false, missing: status === '未报' }
    const { report, subject } = reported
    return {
      row: [
        ...base,
        subject.temperature ?? null,
        subject.symptoms.length ? subject.symptoms.join('、') : '无',
        subject.location ?? null,
        ...options.rules.profile.flags.map((flag) => yesNo(subject.flags.includes(flag.name))),
        clockText(new Date(report.at), options.timezone),
        report.late ? '是' : null,
        reasonsOf(subject, options.rules).join('、') || null,
        report.reporter,
      ],
      abnormal: report.abnormal,
      missing: false,
    }
  })
}

function classRows(data: SlotSheetData, options: WorkbookOptions): SheetRow[] {
  const { tally } = data
  const byClass = new Map(
    data.reports.flatMap((report) => (report.subject.kind === 'class' ? [[report.subject.classKey, { report, subject: report.subject }] as const] : [])),
  )
  const classes = new Map<string, ClassRef | undefined>(tally.classesExpected.map((klass) => [klass.key, klass]))
  for (const key of byClass.keys()) if (!classes.has(key)) classes.set(key, undefined)
  return [...classes].map(([key, klass]) => {
    const reported = byClass.get(key)
    if (!reported) {
      return { row: [tally.dateKey, klass?.label ?? key, klass?.teacher ?? null, '未报'], abnormal: false, missing: true }
    }
    const { report, subject } = reported
    return {
      row: [
        tally.dateKey,
        subject.classLabel,
        klass?.teacher ?? null,
        '已报',
        subject.expected,
        subject.actual,
        subject.fever,
        ...classFields(options.rules).map((field) => subject.counts[field] ?? 0),
        clockText(new Date(report.at), options.timezone),
        report.late ? '是' : null,
        report.reporter,
      ],
      abnormal: report.abnormal,
      missing: false,
    }
  })
}

interface SheetRow {
  row: Row
  abnormal: boolean
  missing: boolean
}

function addRows(sheet: ExcelJS.Worksheet, rows: readonly SheetRow[], format?: (row: ExcelJS.Row) => void): void {
  for (const { row, abnormal, missing } of rows) {
    const added = sheet.addRow(row)
    format?.(added)
    const fill = abnormal ? ABNORMAL_FILL : missing ? MISSING_FILL : undefined
    if (fill) added.eachCell((cell) => (cell.fill = fill))
  }
}

/**
 * The health spreadsheet a school office reads: one sheet per slot, each with the staff
 * table (one row per person and day) and below it the class summaries. A 日期 column makes
 * the same layout serve one day or a range, and lets the office filter by day.
 */
export async function healthWorkbook(slots: readonly string[], data: readonly SlotSheetData[], options: WorkbookOptions): Promise<Uint8Array> {
  // Loaded on first export: exceljs is a large part of the bot's resident memory and most days it is needed once.
  const { default: Excel } = await import('exceljs')
  const workbook = new Excel.Workbook()
  workbook.creator = '教职工群助手'
  for (const slot of slots) {
    const sheet = workbook.addWorksheet(sheetName(slot), { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = personColumns(options.rules)
    sheet.getRow(1).font = { bold: true }
    const inSlot = data.filter((entry) => entry.tally.slot === slot)
    addRows(
      sheet,
      inSlot.flatMap((entry) => personRows(entry, options)),
      (row) => (row.getCell(TEMPERATURE_COLUMN).numFmt = '0.0'),
    )
    sheet.addRow([])
    sheet.addRow([CLASS_TABLE_TITLE]).font = { bold: true }
    sheet.addRow(classHeaders(options.rules)).font = { bold: true }
    addRows(sheet, inSlot.flatMap((entry) => classRows(entry, options)))
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
