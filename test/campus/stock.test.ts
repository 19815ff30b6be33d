import { describe, expect, it } from 'vitest'
import { parseQuantity } from '../../src/supplies/quantity.js'
import { remainingBatches, stockStatus, type Movement } from '../../src/supplies/stock.js'

const RULES = { minDaysOfCover: 7, expiryWarningDays: 14 }

describe('stock', () => {
  it('hands out from the batch that expires first, so the nearest expiry moves on once it is used up', () => {
    const movements: Movement[] = [
      { date: '2026-02-01', kind: 'in', quantity: 100, expires: '2026-12-31' },
      { date: '2026-02-01', kind: 'in', quantity: 50, expires: '2026-02-20' },
      { date: '2026-02-02', kind: 'out', quantity: -60 },
    ]
    expect(remainingBatches(movements)).toEqual([{ quantity: 90, expires: '2026-12-31' }])
    expect(stockStatus(movements, '2026-02-10', RULES)).toMatchObject({ stock: 90, nearestExpiry: '2026-12-31', expiringSoon: false })
    expect(stockStatus(movements.slice(0, 2), '2026-02-10', RULES)).toMatchObject({ nearestExpiry: '2026-02-20', expiringSoon: true })
  })

  it('counts days of cover from the hand-outs of the last seven days only', () => {
    const movements: Movement[] = [
      { date: '2026-01-20', kind: 'in', quantity: 500 },
      { date: '2026-01-25', kind: 'out', quantity: -200 },
      { date: '2026-02-04', kind: 'out', quantity: -35 },
      { date: '2026-02-10', kind: 'out', quantity: -35 },
    ]
    // 70 handed out from 2月4日 to 2月10日: 10 a day; 230 left lasts 23 days.
    expect(stockStatus(movements, '2026-02-10', RULES)).toMatchObject({ stock: 230, averageDailyUse: 10, daysOfCover: 23, lowCover: false })
    expect(stockStatus([...movements, { date: '2026-02-10', kind: 'count', quantity: -170 }], '2026-02-10', RULES)).toMatchObject({ stock: 60, daysOfCover: 6, lowCover: true })
  })

  it('does not call an unused item short', () => {
    const status = stockStatus([{ date: '2026-02-01', kind: 'in', quantity: 3 }], '2026-02-10', RULES)
    expect(status.daysOfCover).toBeUndefined()
    expect(status.lowCover).toBe(false)
  })

  it('reads amounts in digits or Chinese numerals, with the unit written on', () => {
    expect(parseQuantity('500')).toEqual({ quantity: 500 })
    expect(parseQuantity('20桶')).toEqual({ quantity: 20, unit: '桶' })
    expect(parseQuantity('两百个')).toEqual({ quantity: 200, unit: '个' })
    expect(parseQuantity('0')).toBeUndefined()
    expect(parseQuantity('很多')).toBeUndefined()
  })
})
