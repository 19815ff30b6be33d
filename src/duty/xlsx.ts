import { clockText } from '../domain/time.js'
import type { Disinfection } from './data.js'

const COLUMNS = [
  { header: '日期', width: 12 },
  { header: '时间', width: 8 },
  { header: '地点', width: 20 },
  { header: '消毒剂', width: 16 },
  { header: '浓度', width: 10 },
  { header: '操作人', width: 10 },
] as const

/** The 消毒记录 form as schools keep it: one row per disinfection. */
export async function disinfectionWorkbook(rows: readonly Disinfection[], timeZone: string): Promise<Uint8Array> {
  // Loaded on first export: exceljs is a large part of the bot's resident memory.
  const { default: Excel } = await import('exceljs')
  const workbook = new Excel.Workbook()
  workbook.creator = '教职工群助手'
  const sheet = workbook.addWorksheet('消毒记录', { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = COLUMNS.map((column) => ({ header: column.header, width: column.width }))
  sheet.getRow(1).font = { bold: true }
  for (const row of rows) {
    sheet.addRow([row.date, clockText(new Date(row.at), timeZone), row.place, row.disinfectant ?? null, row.concentration ?? null, row.operator])
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}
