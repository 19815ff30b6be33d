import { tableWorkbook } from '../app/spreadsheet.js'
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

export const rosterWorkbook = (entries: readonly RosterEntry[]): Promise<Uint8Array> =>
  tableWorkbook(
    '名单',
    COLUMNS,
    entries.map((entry) => COLUMNS.map(({ cell }) => cell(entry))),
  )
