import { describe, expect, it } from 'vitest'
import { auditText } from '../../src/privacy/audit-text.js'
import { privacyNotice } from '../../src/privacy/notice.js'
import type { AuditEntry } from '../../src/store/audit.js'
import { loadTestConfig, SMALL_SCHOOL } from '../fixture.js'

const entry = (at: string, who: string, what: string, scope: AuditEntry['scope'], where: AuditEntry['where'] = { room: '行政群' }): AuditEntry => ({ at, who, what, scope, where })

describe('the audit for people', () => {
  it('groups lines under their day, keeps their order and says what each look covered and where it went', () => {
    const text = auditText(
      [
        entry('2026-02-04T09:00:00+08:00', '王芳', '我的', { person: '王芳', from: '2026-01-29', to: '2026-02-04' }, { person: '王芳' }),
        entry('2026-02-03T20:00:00+08:00', '系统', '健康日报', { date: '2026-02-03', slot: ['上午', '下午'] }),
        entry('2026-02-03T08:40:00+08:00', '张伟', '跟进', { person: ['吴强', '李娜'], class: ['三年级2班'] }),
        entry('2026-02-03T08:30:00+08:00', '张伟', '健康日报', {}),
      ],
      { from: '2026-01-29', to: '2026-02-04' },
      '2026-02-04',
    )
    expect(text.split('\n')).toEqual([
      '1月29日至2月4日查看健康信息的记录（4 条，新的在前）：',
      '【2月4日】',
      '09:00 王芳 我的（1月29日至2月4日，王芳） → 私聊 王芳',
      '【2月3日】',
      '20:00 系统 健康日报（2月3日，上午、下午） → 行政群',
      '08:40 张伟 跟进（吴强、李娜，三年级2班） → 行政群',
      '08:30 张伟 健康日报 → 行政群',
    ])
  })

  it('shortens a long list of names to the first few and the count, and shows another year’s dates with the year', () => {
    const names = ['甲', '乙', '丙', '丁', '戊', '己', '庚']
    const [, , line] = auditText([entry('2025-12-31T10:00:00+08:00', '张伟', '跟进', { person: names, date: '2025-12-31' })], { from: '2025-12-31', to: '2025-12-31' }, '2026-01-02').split('\n')
    expect(line).toBe('10:00 张伟 跟进（2025年12月31日，甲、乙、丙、丁、戊等 7 个） → 行政群')
  })

  it('says when nobody looked, naming the person asked about', () => {
    expect(auditText([], { from: '2026-02-03', to: '2026-02-03', who: '刘洋' }, '2026-02-04')).toBe('2月3日，刘洋没有查看健康信息的记录。')
    expect(auditText([], { from: '2026-02-01', to: '2026-02-03' }, '2026-02-04')).toBe('2月1日至2月3日没有查看健康信息的记录。')
  })
})

describe('the privacy notice', () => {
  it('fills in the school’s admin groups, retention figures, report flags and contact', async () => {
    const config = await loadTestConfig({ ...SMALL_SCHOOL, health: { retentionDays: 30 }, privacy: { auditRetentionDays: 400, contact: '刘洋 13800000000' } })
    const notice = privacyNotice(config)
    expect(notice).toContain('体温、症状、所在地和湖北、隔离等情况')
    expect(notice).toContain('谁能看到：行政群的成员')
    expect(notice).toContain('保存多久：30 天，到期自动删除；管理员可在此之前导出上报材料。查看记录保存 400 天。')
    expect(notice).toContain('有疑问请联系：刘洋 13800000000。')
  })

  it('replaces every placeholder of the school’s own text and leaves other braces alone', async () => {
    const config = await loadTestConfig({ ...SMALL_SCHOOL, privacy: { notice: '{retentionDays}/{retentionDays} 天，{contact}，{其他}' } })
    expect(privacyNotice(config)).toBe('60/60 天，行政群的老师，{其他}')
  })
})
