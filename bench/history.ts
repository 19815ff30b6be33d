/** Health history on disk, generated once per run: every person reporting in every slot of every day. */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isAbnormal, parseHealthMessage } from '../src/domain/health-parse/index.js'
import { Roster } from '../src/domain/identity.js'
import type { HealthDay, StoredReport } from '../src/domain/report.js'
import { addDays, zonedDate } from '../src/domain/time.js'
import type { Person } from '../src/domain/types.js'
import { subjectOf } from '../src/health/recorder.js'
import { reportText, staffGroup } from './school.js'

const TIME_ZONE = 'Asia/Shanghai'
const FEVER_THRESHOLD = 37.3
const SLOT_HOURS = { 上午: 8, 下午: 14 } as const
const TEMPLATE_DATE = '2000-01-01'

/** One day: each person's report in each of the given slots, as the recorder would have stored it. */
export function healthDay(dateKey: string, names: readonly string[], slots: readonly (keyof typeof SLOT_HOURS)[]): HealthDay {
  const people: Person[] = names.map((name) => ({ name, aliases: [], groups: [] }))
  const roster = new Roster(people)
  const reports = slots.flatMap((slot, slotIndex) =>
    people.map((person, index): StoredReport => {
      const text = reportText(index + slotIndex, person.name)
      const parsed = parseHealthMessage(text)
      const record = parsed.kind === 'reports' ? parsed.records[0] : undefined
      const subject = record && subjectOf(record, person, roster)
      if (record?.kind !== 'person' || !subject) throw new Error(`not an individual report: ${text}`)
      return {
        id: `${dateKey}-${slotIndex * names.length + index + 1}`,
        slot,
        at: zonedDate(dateKey, SLOT_HOURS[slot], index % 60, TIME_ZONE).toISOString(),
        reporter: person.name,
        late: false,
        abnormal: isAbnormal(record, FEVER_THRESHOLD),
        confirmed: true,
        room: staffGroup(index),
        subject,
      }
    }),
  )
  return { date: dateKey, reports }
}

/** The day file's text, as the store writes it (lowdb's two-space JSON). */
export const dayFileText = (day: HealthDay): string => JSON.stringify(day, null, 2)

/**
 * Writes `days` full days (both slots) ending the day before `today` into `<dataDir>/health`,
 * skipping `skipDays` days nearest to today (already written by an earlier call). The day is
 * generated once and re-dated for each file.
 */
export async function writeHistory(options: { dataDir: string; today: string; names: readonly string[]; days: number; skipDays?: number }): Promise<void> {
  const dir = path.join(options.dataDir, 'health')
  await mkdir(dir, { recursive: true })
  const template = dayFileText(healthDay(TEMPLATE_DATE, options.names, ['上午', '下午']))
  for (let back = (options.skipDays ?? 0) + 1; back <= options.days; back++) {
    const dateKey = addDays(options.today, -back)
    await writeFile(path.join(dir, `${dateKey}.json`), template.replaceAll(TEMPLATE_DATE, dateKey))
  }
}
