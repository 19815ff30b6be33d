import { tableWorkbook } from '../app/spreadsheet.js'
/** One incident as a row of the export. */
export interface TicketRow {
  id: number
  openedAt: string
  platform: string
  kind: string
  status: string
  reporters: string
  reportCount: number
  problem: string
  assignee: string
  firstResponseMinutes: number | null
  resolvedAt: string
  resolutionMinutes: number | null
  solution: string
}

const COLUMNS: readonly { header: string; key: keyof TicketRow; width: number }[] = [
  { header: '编号', key: 'id', width: 6 },
  { header: '登记时间', key: 'openedAt', width: 17 },
  { header: '平台', key: 'platform', width: 12 },
  { header: '类型', key: 'kind', width: 8 },
  { header: '状态', key: 'status', width: 8 },
  { header: '反映人', key: 'reporters', width: 24 },
  { header: '反映人数', key: 'reportCount', width: 8 },
  { header: '问题描述', key: 'problem', width: 40 },
  { header: '处理人', key: 'assignee', width: 10 },
  { header: '首次响应(分钟)', key: 'firstResponseMinutes', width: 14 },
  { header: '解决时间', key: 'resolvedAt', width: 17 },
  { header: '解决用时(分钟)', key: 'resolutionMinutes', width: 14 },
  { header: '解决办法', key: 'solution', width: 40 },
]

/** The tech desk's spreadsheet: one row per incident; minutes are school time. */
export const ticketsWorkbook = (rows: readonly TicketRow[]): Promise<Uint8Array> =>
  tableWorkbook(
    '技术工单',
    COLUMNS,
    rows.map((row) => COLUMNS.map((column) => row[column.key] ?? null)),
  )
