import { tableWorkbook } from '../app/spreadsheet.js'
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
export const disinfectionWorkbook = (rows: readonly Disinfection[], timeZone: string): Promise<Uint8Array> =>
  tableWorkbook(
    '消毒记录',
    COLUMNS,
    rows.map((row) => [row.date, clockText(new Date(row.at), timeZone), row.place, row.disinfectant ?? null, row.concentration ?? null, row.operator]),
  )
