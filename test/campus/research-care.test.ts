import { describe, expect, it } from 'vitest'
import { isDue, nextContact, parseCareAdd, type CareEntry } from '../../src/care/schedule.js'
import { countByType, parseParticipants, type Session } from '../../src/research/sessions.js'

describe('教研 counts', () => {
  it('reads a head count or a list of names', () => {
    expect(parseParticipants(['12人'])).toEqual({ participants: 12 })
    expect(parseParticipants(['十二'])).toEqual({ participants: 12 })
    expect(parseParticipants(['王芳、李娜', '吴强'])).toEqual({ participants: 3, names: ['王芳', '李娜', '吴强'] })
    expect(parseParticipants([])).toEqual({ participants: 0 })
  })

  it('expresses the school year of 36 + 12 + 20 sessions by type, in the configured order', () => {
    const of = (type: string, count: number, participants: number): Session[] =>
      Array.from({ length: count }, () => ({ date: '2026-03-02', type, topic: '线上教学', participants }))
    const sessions = [...of('学科', 20, 6), ...of('全校', 36, 40), ...of('年级', 12, 10)]
    expect(countByType(sessions, ['全校', '年级', '学科'])).toEqual([
      { type: '全校', sessions: 36, personTimes: 1440 },
      { type: '年级', sessions: 12, personTimes: 120 },
      { type: '学科', sessions: 20, personTimes: 120 },
    ])
    expect(countByType([...of('旧类型', 1, 0)], ['全校']).map((count) => count.type)).toEqual(['全校', '旧类型'])
  })
})

describe('care list', () => {
  const entry: CareEntry = { person: '王芳', reason: '滞留湖北', everyDays: 3, responsible: '刘洋', added: '2026-02-03' }

  it('is due every N days from the last contact, or from being added', () => {
    expect(nextContact(entry)).toBe('2026-02-06')
    expect(isDue(entry, '2026-02-05')).toBe(false)
    expect(isDue(entry, '2026-02-06')).toBe(true)
    expect(isDue({ ...entry, lastContact: '2026-02-06' }, '2026-02-08')).toBe(false)
    expect(isDue({ ...entry, closed: '2026-02-05' }, '2026-02-09')).toBe(false)
  })

  it('reads the reason up to the interval and the responsible admin', () => {
    expect(parseCareAdd(['王芳', '滞留湖北', '家人住院', '每2天', '负责', '刘洋'])).toEqual({ ok: true, name: '王芳', reason: '滞留湖北 家人住院', everyDays: 2, responsible: '刘洋' })
    expect(parseCareAdd(['李娜', '居家隔离', '负责：张伟'])).toEqual({ ok: true, name: '李娜', reason: '居家隔离', responsible: '张伟' })
    expect(parseCareAdd(['李娜', '居家隔离', '每三天'])).toMatchObject({ ok: true, everyDays: 3 })
    expect(parseCareAdd(['李娜'])).toMatchObject({ ok: false })
    expect(parseCareAdd(['李娜', '隔离', '每0天'])).toMatchObject({ ok: false })
  })
})
