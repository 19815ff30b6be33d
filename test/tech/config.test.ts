import { describe, expect, it } from 'vitest'
import { techSectionSchema } from '../../src/tech/config.js'

describe('the tech section', () => {
  it('has the documented defaults', () => {
    const section = techSectionSchema.parse(undefined)
    expect(section).toMatchObject({ team: [], faq: [], firstResponseMinutes: 15, resolveHours: 24, schoolHours: { startMinute: 450, endMinute: 1080 } })
    expect(section.platforms.map((platform) => platform.name)).toContain('腾讯课堂')
  })

  it('reads school hours written as a string', () => {
    expect(techSectionSchema.parse({ schoolHours: '08:00-17:30' }).schoolHours).toEqual({ startMinute: 480, endMinute: 1050 })
  })

  it('refuses school hours that end before they start, or are not times', () => {
    expect(techSectionSchema.safeParse({ schoolHours: '18:00-07:30' }).error?.issues[0]?.message).toBe('结束时间应晚于开始时间')
    expect(techSectionSchema.safeParse({ schoolHours: 'all day' }).success).toBe(false)
  })

  it('needs at least one ANY word in a FAQ entry and fills in ALL', () => {
    expect(techSectionSchema.safeParse({ faq: [{ question: 'q', answer: 'a', any: [] }] }).success).toBe(false)
    expect(techSectionSchema.parse({ faq: [{ question: 'q', answer: 'a', any: ['x'] }] }).faq[0]?.all).toEqual([])
  })
})
