import { afterEach, describe, expect, it } from 'vitest'
import type { StoredReport } from '../../src/domain/report.js'
import { createFixture, SMALL_SCHOOL, tempDataDir, type Fixture } from '../fixture.js'

const STAFF = '全体教职工群'
const ADMIN = '行政群'
const at = (time: string): string => `2026-02-03T${time}+08:00`

const open: Fixture[] = []
async function start(options: { config?: unknown; dataDir?: string; start?: string } = {}): Promise<Fixture> {
  const f = await createFixture({ config: options.config ?? SMALL_SCHOOL, start: options.start ?? at('07:30:00'), ...(options.dataDir ? { dataDir: options.dataDir } : {}) })
  open.push(f)
  return f
}
afterEach(async () => {
  for (const f of open.splice(0)) await f.close()
})

/** A school of `count` teachers in the staff group. */
const bigSchool = (count: number) => ({
  ...SMALL_SCHOOL,
  roster: [...SMALL_SCHOOL.roster, ...Array.from({ length: count }, (_, index) => ({ name: `老师${index + 1}`, groups: [STAFF] }))],
})

describe('one message, one truth', () => {
  it('stores the last line for a person in a conflicting 接龙, and alerts, details and tallies agree', async () => {
    const f = await start()
    await f.say(at('07:40:00'), '王芳', '#接龙\n2月3日上午体温\n1. 吴强 37.8\n2. 赵磊 36.4\n3. 吴强 36.5', STAFF)
    await f.drain()
    const reports = (await f.store.healthDay('2026-02-03')).data.reports
    expect(reports.filter((report) => report.subject.kind === 'person' && report.subject.name === '吴强')).toHaveLength(1)
    expect(f.sent.filter((message) => message.room === ADMIN && message.text?.includes('健康异常'))).toEqual([])
    const [detail] = await f.say(at('07:50:00'), '张伟', '/明细 上午', ADMIN)
    expect(detail?.text).toContain('异常 0 条')
    expect(detail?.text).toContain('吴强 36.5℃')
  })
})

describe('bounded input, bounded output', () => {
  it('answers a 200 KB command with one short message that echoes only an excerpt', async () => {
    const f = await start()
    const replies = await f.say(at('07:40:00'), '王芳', `/${'未'.repeat(200_000)}`, STAFF)
    const drained = await f.drain()
    const all = [...replies, ...drained]
    expect(all).toHaveLength(1)
    expect(all[0]?.text?.length).toBeLessThan(120)
    expect(all[0]?.text).toContain('…')
  })

  it('refuses stored free text beyond 500 characters with a clear error, and stores nothing', async () => {
    const f = await start()
    const [reply] = await f.say(at('07:40:00'), '张伟', `/议程 ${'讨论'.repeat(300)}`, ADMIN)
    expect(reply?.text).toContain('请控制在 500 字以内')
    const [agenda] = await f.say(at('07:41:00'), '张伟', '/议程', ADMIN)
    expect(agenda?.text).toContain('（暂无）')
  })

  it('refuses any command whose words run past 2000 characters before it reaches the handler', async () => {
    const f = await start()
    const [reply, ...more] = await f.say(at('07:40:00'), '张伟', `/关怀 记录 王芳 ${'电话联系'.repeat(600)}`, ADMIN)
    expect(more).toHaveLength(0)
    expect(reply?.text).toContain('用法：/关怀 记录 姓名 内容')
    expect(reply?.text).toContain('请控制在 2000 字以内')
    expect(reply?.text?.length).toBeLessThan(200)
  })

  it('gathers fevers arriving together into one urgent alert per admin group, ahead of routine messages', async () => {
    const f = await start({ config: bigSchool(90) })
    for (let index = 1; index <= 90; index++) {
      await f.say(new Date(Date.parse(at('07:40:00')) + index * 1000).toISOString(), `老师${index}`, '体温38.2', STAFF)
    }
    await f.drain()
    const alerts = f.sent.filter((message) => message.room === ADMIN && message.text?.includes('健康异常'))
    expect(alerts.length).toBeLessThanOrEqual(3)
    const listed = alerts.map((message) => message.text ?? '').join('\n')
    for (let index = 1; index <= 90; index++) expect(listed).toContain(`老师${index}：`)
    // Urgent: the first alert leaves before the batched confirmations.
    const firstConfirmation = f.sent.findIndex((message) => message.text?.startsWith('已收到'))
    expect(f.sent.indexOf(alerts[0] as (typeof f.sent)[number])).toBeLessThan(firstConfirmation)
  })
})

describe('a name is a claim', () => {
  const TECH = '信息技术支持群'
  const WITH_TECH_DESK = {
    ...SMALL_SCHOOL,
    groups: [...SMALL_SCHOOL.groups, { topic: TECH, role: 'tech' }],
    roster: SMALL_SCHOOL.roster.map((person) => (person.name === '赵磊' ? { ...person, groups: [...person.groups, TECH] } : person)),
    tech: { team: ['赵磊'] },
  }

  it('gives team rights and acts in a person’s name only while one account is that person', async () => {
    const f = await start({ config: WITH_TECH_DESK })
    const [own] = await f.say(at('07:40:00'), '赵磊', '/工单', TECH)
    expect(own?.text).not.toContain('只有')
    // A second account showing the same name in the groups: neither acts as 赵磊 now.
    const impostor = { sender: { contact: 'another-account', contactName: '赵磊' } }
    const [refused] = await f.say(at('07:41:00'), '赵磊', '/工单', TECH, impostor)
    expect(refused?.text).toContain('只有')
    const [notSigned] = await f.say(at('07:42:00'), '赵磊', '/选题 开学第一课', '宣传讨论群', impostor)
    expect(notSigned?.text).toContain('还有其他微信号也显示为你的名字')
  })
})

describe('storage fails loudly, never half-way', () => {
  it('alerts, after a restart, an abnormal report that was stored but never alerted', async () => {
    const dataDir = await tempDataDir()
    const first = await start({ dataDir })
    // A report written by a bot that died before it could alert: stored, abnormal, not alerted.
    const report: StoredReport = {
      id: '2026-02-03-1',
      slot: '上午',
      at: new Date(at('07:40:00')).toISOString(),
      reporter: '吴强',
      late: false,
      abnormal: true,
      confirmed: true,
      room: STAFF,
      subject: { kind: 'person', name: '吴强', temperature: 38.1, symptoms: [], flags: [] },
    }
    await (await first.store.healthDay('2026-02-03')).append({ kind: 'report', report })
    await first.close()
    open.splice(0)

    const second = await start({ dataDir, start: at('07:45:00') })
    await second.drain()
    const alerts = second.sent.filter((message) => message.room === ADMIN && message.text?.includes('健康异常'))
    expect(alerts).toHaveLength(1)
    expect(alerts[0]?.text).toContain('吴强：体温38.1℃')
    await second.close()
    open.splice(0)
    const third = await start({ dataDir, start: at('07:50:00') })
    await third.drain()
    expect(third.sent.filter((message) => message.text?.includes('健康异常'))).toEqual([])
  })
})
