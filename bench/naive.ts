/**
 * Child process of the benchmark: what a user would write without thinking about size — one
 * lowdb JSON file holding every report of every day, appended to and rewritten in full for
 * each report. Prints `{"writeMs": [...], "prettyChars": n}`.
 *
 * lowdb's default JSONFile writes two-space JSON, which for 180 days of a 5,000-person school
 * is longer than V8's maximum string length: it cannot write the file at all. The writes are
 * timed with the same file written compactly, the cheapest a single file can be.
 */
import { Low } from 'lowdb'
import { DataFile } from 'lowdb/node'
import type { StoredReport } from '../src/domain/report.js'
import { addDays } from '../src/domain/time.js'
import { healthDay } from './history.js'
import { staffNames } from './school.js'

type NaiveReport = StoredReport & { date: string }

const [file = '', daysText = '180', staffText = '5000', writesText = '2', today = '2026-02-03'] = process.argv.slice(2)
const days = Number(daysText)
const names = staffNames(Number(staffText))
const template = healthDay(today, names, ['上午', '下午']).reports
const reports: NaiveReport[] = []
for (let back = days; back >= 1; back--) {
  const date = addDays(today, -back)
  for (const report of template) reports.push({ ...report, date, id: `${date}-${report.id.slice(today.length + 1)}` })
}
const prettyChars = JSON.stringify({ reports: reports.slice(0, template.length) }, null, 2).length * days

const db = new Low(new DataFile<{ reports: NaiveReport[] }>(file, { parse: JSON.parse, stringify: (data) => JSON.stringify(data) }), { reports })
const writeMs: number[] = []
for (const report of template.slice(0, Number(writesText))) {
  const started = performance.now()
  db.data.reports.push({ ...report, date: today })
  await db.write()
  writeMs.push(performance.now() - started)
}
process.stdout.write(`${JSON.stringify({ writeMs, prettyChars })}\n`)
