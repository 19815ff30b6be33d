import { afterEach, describe, expect, it } from 'vitest'
import { currentReports } from '../../src/domain/report.js'
import type { ScriptEvent } from '../../src/sim/script.js'
import { createPuppetFixture, type PuppetFixture } from '../puppet-fixture.js'
import type { Sent } from '../fixture.js'

const STAFF = '全体教职工群'
const ADMIN = '行政群'
const at = (time: string) => `2026-02-03T${time}+08:00`

let fixture: PuppetFixture | undefined
afterEach(async () => {
  await fixture?.close()
  fixture = undefined
})

async function open(): Promise<PuppetFixture> {
  fixture = await createPuppetFixture({ start: at('07:30:00') })
  return fixture
}

/** One script event through the mock puppet, then 30 simulated seconds for throttled sends; what was sent meanwhile. */
async function play(f: PuppetFixture, time: string, event: Omit<ScriptEvent, 'line' | 'at' | 'time'>): Promise<Sent[]> {
  const before = f.sent.length
  await f.sim.play({ time: new Date(at(time)), ...event })
  await f.advance(new Date(new Date(at(time)).getTime() + 30_000).toISOString())
  return f.sent.slice(before)
}

const card = (...lines: string[]) => ['#接龙', '2月3日上午体温', '', ...lines.map((line, index) => `${index + 1}. ${line}`)].join('\n')
const feverAlerts = (sent: readonly Sent[]) => sent.filter((s) => s.room === ADMIN && s.text?.startsWith('⚠ 健康异常'))
const privateTo = (sent: readonly Sent[], name: string) => sent.filter((s) => s.to === name).map((s) => s.text ?? '')

async function morningReports(f: PuppetFixture) {
  const reports = (await f.store.healthDay('2026-02-03')).data.reports
  return { reports, current: currentReports(reports, '上午') }
}

describe('WeChat message types on the mock puppet', () => {
  it('reads the built-in 接龙 card like a typed one: each person once, the fever alerted once', async () => {
    const f = await open()
    await play(f, '08:01:00', { room: STAFF, from: '王芳', type: 'groupNote', text: card('王芳 36.5') })
    await play(f, '08:02:00', { room: STAFF, from: '李娜', type: 'groupNote', text: card('王芳 36.5', '李娜 38.2') })
    await play(f, '08:03:00', { room: STAFF, from: '赵磊', type: 'groupNote', text: card('王芳 36.5', '李娜 38.2', '赵磊 36.4') })
    await play(f, '08:04:00', { room: STAFF, from: '吴强', type: 'groupNote', text: card('王芳 36.5', '李娜 38.2', '赵磊 36.4', '吴强 36.6') })

    const { reports } = await morningReports(f)
    expect(reports.map((r) => (r.subject.kind === 'person' ? `${r.subject.name} ${r.subject.temperature}` : ''))).toEqual([
      '王芳 36.5',
      '李娜 38.2',
      '赵磊 36.4',
      '吴强 36.6',
    ])
    const alerts = feverAlerts(f.sent)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]?.text).toContain('李娜')
  })

  it('withdraws a recalled report: not counted, the admins told after the alert, and a new report counts again', async () => {
    const f = await open()
    await play(f, '08:01:00', { room: STAFF, from: '王芳', text: '体温38.5' })
    expect(feverAlerts(f.sent)).toHaveLength(1)

    const afterRecall = await play(f, '08:02:00', { room: STAFF, from: '王芳', recall: true })
    const notes = afterRecall.filter((s) => s.room === ADMIN).map((s) => s.text ?? '')
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatch(/^已撤回：王芳撤回了.*上午的健康上报.*38\.5℃/)
    const withdrawn = await morningReports(f)
    expect(withdrawn.reports).toHaveLength(1)
    expect(withdrawn.reports[0]?.withdrawn).toBe(true)
    expect(withdrawn.current.has('person:王芳')).toBe(false)
    // The follow-up stays for an admin to close, with the recall in it.
    const [followup] = await f.say(at('08:02:30'), '张伟', '/跟进', ADMIN)
    expect(followup?.text).toMatch(/王芳：撤回了.*上午的上报/)

    const again = await play(f, '08:03:00', { room: STAFF, from: '王芳', text: '体温36.5' })
    expect(feverAlerts(again)).toEqual([])
    const reported = await morningReports(f)
    expect(reported.current.get('person:王芳')?.subject).toMatchObject({ temperature: 36.5 })
  })

  it('changes nothing when the recalled message made no report', async () => {
    const f = await open()
    await play(f, '08:01:00', { room: STAFF, from: '李娜', text: '体温36.6' })
    await play(f, '08:02:00', { room: STAFF, from: '李娜', text: '收到，谢谢' })
    const afterRecall = await play(f, '08:03:00', { room: STAFF, from: '李娜', recall: true })
    expect(afterRecall.filter((s) => s.room === ADMIN)).toEqual([])
    const { reports, current } = await morningReports(f)
    expect(reports.some((report) => report.withdrawn)).toBe(false)
    expect(current.has('person:李娜')).toBe(true)
  })

  it('asks once, privately, for the temperature in words when someone sends a photo during a slot', async () => {
    const f = await open()
    await f.advance(at('08:04:00'))
    const first = await play(f, '08:05:00', { room: STAFF, from: '李娜', type: 'image' })
    const second = await play(f, '08:06:00', { room: STAFF, from: '李娜', type: 'voice' })
    expect(privateTo(first, '李娜')).toHaveLength(1)
    expect(privateTo(first, '李娜')[0]).toContain('请直接打字发一条')
    expect(first.filter((s) => s.room === STAFF)).toEqual([])
    expect(second).toEqual([])
  })

  it('stays silent about a photo from someone who already reported, or outside a slot', async () => {
    const f = await open()
    const early = await play(f, '07:45:00', { room: STAFF, from: '吴强', type: 'image' })
    await play(f, '08:01:00', { room: STAFF, from: '王芳', text: '体温36.5' })
    const afterReporting = await play(f, '08:02:00', { room: STAFF, from: '王芳', type: 'image' })
    await f.advance(at('10:20:00'))
    const afterDeadline = await play(f, '10:30:00', { room: STAFF, from: '吴强', type: 'image' })
    expect(early).toEqual([])
    expect(privateTo(afterReporting, '王芳')).toEqual([])
    expect(afterDeadline).toEqual([])
  })
})
