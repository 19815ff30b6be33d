import { describe, expect, it } from 'vitest'
import { isSkippedDay } from '../../src/domain/calendar.js'
import { personOnDuty, turnsBetween, WorkingDays } from '../../src/duty/rotation.js'

const patrol = { name: '校园巡查', people: ['王芳', '李娜', '吴强'] }
const weekdays = new WorkingDays((dateKey) => !isSkippedDay(dateKey, 'weekends'))
const holidays = new WorkingDays((dateKey) => !isSkippedDay(dateKey, 'holidays'))

describe('duty rotation', () => {
  it('takes turns on working days only: the weekend costs nobody a turn', () => {
    // 2026-02-06 is a Friday, 02-09 the Monday after.
    const turns = turnsBetween(patrol, '2026-02-05', '2026-02-10', weekdays)
    expect(turns.map((turn) => turn.date)).toEqual(['2026-02-05', '2026-02-06', '2026-02-09', '2026-02-10'])
    const people = turns.map((turn) => turn.person)
    expect(people[1]).toBe(patrol.people[(patrol.people.indexOf(people[0] as string) + 1) % 3])
    expect(people[2]).toBe(patrol.people[(patrol.people.indexOf(people[1] as string) + 1) % 3])
    expect(personOnDuty(patrol, '2026-02-07', weekdays)).toBeUndefined()
  })

  it('keeps everyone within one turn of each other across the Spring Festival and its make-up Saturdays', () => {
    const turns = turnsBetween(patrol, '2026-02-01', '2026-03-31', holidays)
    expect(turns.some((turn) => turn.date === '2026-02-17')).toBe(false)
    // 2026-02-14 is a Saturday worked in exchange for the holiday.
    expect(turns.some((turn) => turn.date === '2026-02-14')).toBe(true)
    const counts = patrol.people.map((person) => turns.filter((turn) => turn.person === person).length)
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
  })

  it('gives the same person the same day whatever span is asked for', () => {
    const wholeMonth = turnsBetween(patrol, '2026-03-01', '2026-03-31', weekdays)
    const oneDay = turnsBetween(patrol, '2026-03-18', '2026-03-18', weekdays)
    expect(oneDay[0]?.person).toBe(wholeMonth.find((turn) => turn.date === '2026-03-18')?.person)
  })

  it('lets a swap override one day without shifting the others', () => {
    const plain = turnsBetween(patrol, '2026-03-16', '2026-03-20', weekdays)
    const swapped = turnsBetween(patrol, '2026-03-16', '2026-03-20', weekdays, [{ date: '2026-03-17', duty: '校园巡查', person: '张伟' }])
    expect(swapped[1]).toEqual({ date: '2026-03-17', person: '张伟', swapped: true })
    expect(swapped.filter((_, index) => index !== 1)).toEqual(plain.filter((_, index) => index !== 1))
  })
})
