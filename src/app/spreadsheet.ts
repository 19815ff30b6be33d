/** A cell as the exports write it. */
export type Cell = string | number | null

export interface TableColumn {
  header: string
  width: number
}

/**
 * One sheet, a bold frozen header row and the rows below: the shape of every register a
 * school keeps (消毒记录, 审核登记表, 工单, 名单, 汇总). exceljs is loaded only when a file is
 * made: it is a large part of the bot's resident memory, and start-up memory has little headroom.
 */
export async function tableWorkbook(sheetName: string, columns: readonly TableColumn[], rows: readonly (readonly Cell[])[], title?: string): Promise<Uint8Array> {
  const { default: Excel } = await import('exceljs')
  const workbook = new Excel.Workbook()
  workbook.creator = '教职工群助手'
  const headerRow = title === undefined ? 1 : 2
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: headerRow }] })
  if (title !== undefined) sheet.addRow([title]).font = { bold: true }
  sheet.addRow(columns.map((column) => column.header)).font = { bold: true }
  columns.forEach((column, index) => (sheet.getColumn(index + 1).width = column.width))
  for (const row of rows) sheet.addRow([...row])
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
