import { readFile } from 'node:fs/promises'
import { parse as parseCsv } from 'csv-parse/sync'
import { z } from 'zod'
import { normalizeClassName } from '../domain/class-name.js'
import { labelledName } from '../domain/identity.js'
import type { Person } from '../domain/types.js'
import { ConfigError, configErrorMap, formatIssues } from './fields.js'

/** Roster entries as a school writes them, in the config or in a CSV/XLSX file. */
export const rosterEntrySchema = z.strictObject({
  name: z.string().trim().min(1, '姓名不能为空'),
  /** Tells apart teachers of the same name: 数学 makes 王芳 into 王芳(数学). */
  label: z.string().trim().min(1).optional(),
  aliases: z.array(z.string().trim().min(1)).default([]),
  groups: z.array(z.string().trim().min(1)).default([]),
  class: z.string().trim().min(1).optional(),
  office: z.string().trim().min(1).optional(),
})
export type RosterEntry = z.infer<typeof rosterEntrySchema>

export const ROSTER_HEADERS: Record<string, keyof RosterEntry> = {
  姓名: 'name',
  name: 'name',
  标签: 'label',
  区分: 'label',
  label: 'label',
  别名: 'aliases',
  aliases: 'aliases',
  alias: 'aliases',
  群: 'groups',
  groups: 'groups',
  group: 'groups',
  班级: 'class',
  class: 'class',
  办公室: 'office',
  科室: 'office',
  部门: 'office',
  教研组: 'office',
  office: 'office',
}

export function splitList(cell: string): string[] {
  return cell
    .split(/[,，、;；|/]/)
    .map((item) => item.trim())
    .filter(Boolean)
}

/** Turns spreadsheet rows (first row headers) into roster entries; row numbers in errors are the sheet's. */
export function rosterFromRows(rows: string[][], file: string): RosterEntry[] {
  const [header, ...body] = rows
  if (!header) throw new ConfigError(file, ['名单为空 (roster file is empty)'])
  const columns = header.map((cell) => ROSTER_HEADERS[cell.trim().toLowerCase()] ?? ROSTER_HEADERS[cell.trim()])
  if (!columns.includes('name')) {
    throw new ConfigError(file, ['名单缺少“姓名”列 (roster needs a 姓名/name column)'])
  }
  const entries: RosterEntry[] = []
  const problems: string[] = []
  body.forEach((cells, index) => {
    if (cells.every((cell) => !cell.trim())) return
    const raw: Record<string, unknown> = { aliases: [], groups: [] }
    columns.forEach((column, col) => {
      const cell = (cells[col] ?? '').trim()
      if (!column || !cell) return
      raw[column] = column === 'aliases' || column === 'groups' ? splitList(cell) : cell
    })
    const parsed = rosterEntrySchema.safeParse(raw, { error: configErrorMap })
    if (parsed.success) entries.push(parsed.data)
    else problems.push(...formatIssues(parsed.error).map((p) => `第 ${index + 2} 行 (row ${index + 2}): ${p}`))
  })
  if (problems.length) throw new ConfigError(file, problems)
  return entries
}

export async function readRosterFile(file: string): Promise<string[][]> {
  if (/\.xlsx$/i.test(file)) {
    // Only schools that keep their roster in Excel pay for loading exceljs.
    const { default: Excel } = await import('exceljs')
    const workbook = new Excel.Workbook()
    await workbook.xlsx.readFile(file)
    const sheet = workbook.worksheets[0]
    if (!sheet) return []
    const rows: string[][] = []
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = row.values as unknown[]
      rows.push(values.slice(1).map((value) => (value == null ? '' : String((value as { text?: unknown }).text ?? value))))
    })
    return rows
  }
  if (/\.csv$/i.test(file)) {
    const text = await readFile(file, 'utf8')
    return parseCsv(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true }) as string[][]
  }
  throw new ConfigError(file, ['名单文件应为 .csv 或 .xlsx (roster must be a .csv or .xlsx file)'])
}

/**
 * Turns checked entries into people, or throws every problem, each naming its row (and the
 * other row of a clash): same names without labels, two class teachers for one class, an
 * alias that is someone else's name, groups that are not configured.
 */
export function checkRoster(entries: RosterEntry[], groups: readonly { topic: string }[], where: (index: number) => string): Person[] {
  const problems: string[] = []
  const topics = new Set(groups.map((g) => g.topic))
  const rowsByBaseName = new Map<string, number[]>()
  const classTeacherRow = new Map<string, number>()
  const people = entries.map((entry, index): Person => {
    const sameNamed = rowsByBaseName.get(entry.name) ?? []
    // Same names are fine only when both carry labels, and different ones.
    const clash = sameNamed.find((row) => !entry.label || !entries[row]?.label || entries[row]?.label === entry.label)
    if (clash !== undefined) {
      problems.push(`${where(index)}: 姓名重复：${entry.name}（与 ${where(clash)} 同名）；同名的老师请各加一个标签（label）区分，例如 数学`)
    }
    rowsByBaseName.set(entry.name, [...sameNamed, index])
    for (const group of entry.groups) {
      if (!topics.has(group)) problems.push(`${where(index)}.groups: 未配置的群：${group}`)
    }
    const classInfo = entry.class ? normalizeClassName(entry.class) : undefined
    if (entry.class && !classInfo) problems.push(`${where(index)}.class: 无法识别的班级：${entry.class}`)
    if (classInfo) {
      const teacherRow = classTeacherRow.get(classInfo.key)
      if (teacherRow !== undefined) problems.push(`${where(index)}.class: ${classInfo.label}已有班主任（${where(teacherRow)}），一个班只能有一位班主任`)
      else classTeacherRow.set(classInfo.key, index)
    }
    return {
      name: labelledName(entry.name, entry.label),
      ...(entry.label ? { label: entry.label } : {}),
      aliases: entry.aliases,
      groups: entry.groups,
      ...(classInfo ? { classKey: classInfo.key, classLabel: classInfo.label } : {}),
      ...(entry.office ? { office: entry.office } : {}),
    }
  })
  const rowByName = new Map(people.map((person, index) => [person.name, index]))
  entries.forEach((entry, index) => {
    for (const alias of entry.aliases) {
      const owner = rowByName.get(alias) ?? rowsByBaseName.get(alias)?.find((row) => row !== index)
      if (owner !== undefined && owner !== index) problems.push(`${where(index)}.aliases: 别名“${alias}”是 ${where(owner)} 的姓名，会认错人`)
    }
  })
  // The caller knows the file name; an empty one here is filled in there.
  if (problems.length) throw new ConfigError('', problems)
  return people
}
