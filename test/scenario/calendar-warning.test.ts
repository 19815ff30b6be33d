import { afterEach, describe, expect, it } from 'vitest'
import { calendarWarningText } from '../../src/domain/calendar.js'
import { createFixture, SMALL_SCHOOL, type Fixture } from '../fixture.js'

const HOLIDAYS = { ...SMALL_SCHOOL, health: { skipDays: 'holidays' } }
const at = (day: string, time: string) => `${day}T${time}+08:00`

const open: Fixture[] = []
afterEach(async () => {
  for (const f of open.splice(0)) await f.close()
})
async function fixture(options: Parameters<typeof createFixture>[0]): Promise<Fixture> {
  const created = await createFixture(options)
  open.push(created)
  return created
}

const warnings = (f: Fixture) => f.sent.filter((s) => s.room === '行政群' && s.text === calendarWarningText([2027]))

describe('a year the holiday calendar does not know (2027 in chinese-days 1.5.7)', () => {
  it('tells the admin group at start-up and then once a week, not again after a restart in the same week', async () => {
    const f = await fixture({ config: HOLIDAYS, start: at('2027-01-06', '07:00:00') })
    await f.drain()
    expect(warnings(f)).toHaveLength(1)
    await f.advance(at('2027-01-11', '09:01:00'))
    expect(warnings(f)).toHaveLength(2)
    await f.close()
    open.splice(0)

    const restarted = await fixture({ config: HOLIDAYS, dataDir: f.dataDir, start: at('2027-01-12', '07:00:00') })
    await restarted.advance(at('2027-01-12', '12:00:00'))
    expect(warnings(restarted)).toEqual([])
  })

  it('says nothing when the school does not follow the holiday calendar, or the calendar knows the year', async () => {
    const never = await fixture({ start: at('2027-01-06', '07:00:00') })
    await never.advance(at('2027-01-11', '09:01:00'))
    expect(never.sent.filter((s) => s.text?.includes('节假日日历'))).toEqual([])
    const known = await fixture({ config: HOLIDAYS, start: at('2026-03-04', '07:00:00') })
    await known.advance(at('2026-03-09', '09:01:00'))
    expect(known.sent.filter((s) => s.text?.includes('节假日日历'))).toEqual([])
  })
})
