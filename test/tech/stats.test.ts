import { describe, expect, it } from 'vitest'
import { deskStatistics, durationText, median, statisticsText } from '../../src/tech/stats.js'
import { ticketSpan } from '../../src/tech/span.js'

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([30, 10, 20])).toBe(20)
    expect(median([40, 10, 20, 30])).toBe(25)
    expect(median([])).toBeUndefined()
  })
})

describe('deskStatistics', () => {
  const stats = deskStatistics([
    { platform: '腾讯课堂', kind: '卡顿', reports: 3, assignee: '陈静', resolved: true, minutesToFirstResponse: 5, minutesToResolution: 30 },
    { platform: '腾讯课堂', kind: '登录', reports: 1, assignee: '杨帆', resolved: true, minutesToFirstResponse: 15, minutesToResolution: 90 },
    { platform: '钉钉直播', kind: '卡顿', reports: 1, assignee: '陈静', resolved: false, minutesToFirstResponse: 40 },
    { kind: '其他', reports: 2, resolved: false },
  ])

  it('counts problems, incidents and resolutions, most frequent first', () => {
    expect(stats).toEqual({
      problems: 7,
      incidents: 4,
      resolved: 2,
      byPlatform: [
        ['腾讯课堂', 2],
        ['钉钉直播', 1],
        ['未注明平台', 1],
      ],
      byKind: [
        ['卡顿', 2],
        ['登录', 1],
        ['其他', 1],
      ],
      medianFirstResponse: 15,
      medianResolution: 60,
      byAssignee: [
        ['陈静', 1],
        ['杨帆', 1],
      ],
    })
  })

  it('says so when nothing came in', () => {
    expect(statisticsText('技术支持统计（本周）', deskStatistics([]), 0)).toBe('技术支持统计（本周）：没有收到技术问题。')
  })

  it('shows durations in minutes, then hours', () => {
    expect(durationText(45)).toBe('45 分钟')
    expect(durationText(150)).toBe('2.5 小时')
  })
})

describe('ticketSpan', () => {
  it('defaults to this month so far and knows 上月', () => {
    expect(ticketSpan([], '2026-03-10')).toEqual({ ok: true, from: '2026-03-01', to: '2026-03-10' })
    expect(ticketSpan(['本月'], '2026-03-10')).toEqual({ ok: true, from: '2026-03-01', to: '2026-03-10' })
    expect(ticketSpan(['上月'], '2026-03-10')).toEqual({ ok: true, from: '2026-02-01', to: '2026-02-28' })
  })

  it('reads weeks and ranges with the project date grammar', () => {
    expect(ticketSpan(['本周'], '2026-02-04')).toEqual({ ok: true, from: '2026-02-02', to: '2026-02-04' })
    expect(ticketSpan(['2月1日..2月3日'], '2026-02-04')).toEqual({ ok: true, from: '2026-02-01', to: '2026-02-03' })
    expect(ticketSpan(['明年'], '2026-02-04').ok).toBe(false)
  })
})
