import type { RosterEntry } from '../config/roster-file.js'

/** The roster file's columns, by the headers it reads (see ROSTER_HEADERS), so an export can be the next roster file. */
const COLUMNS: readonly { header: string; width: number; cell: (entry: RosterEntry) => string }[] = [
  { header: '姓名', width: 10, cell: (entry) => entry.name },
  { header: '标签', width: 8, cell: (entry) => entry.label ?? '' },
  { header: '别名', width: 16, cell: (entry) => entry.aliases.join('、') },
  { header: '群', width: 28, cell: (entry) => entry.groups.join('、') },
  { header: '班级', width: 12, cell: (entry) => entry.class ?? '' },
  { header: '办公室', width: 12, cell: (entry) => entry.office ?? '' },
]

export async function rosterWorkbook(entries: readonly RosterEntry[]): Promise<Uint8Array> {
  // Loaded only when someone exports: start-up time and memory have little headroom.
  const { default: Excel } = await import('exceljs')
  const workbook = new Excel.Workbook()
  const sheet = workbook.addWorksheet('名单')
  sheet.columns = COLUMNS.map(({ header, width }) => ({ header, width }))
  sheet.getRow(1).font = { bold: true }
  for (const entry of entries) sheet.addRow(COLUMNS.map(({ cell }) => cell(entry)))
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
