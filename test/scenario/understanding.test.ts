import { afterEach, describe, expect, it } from 'vitest'
import { createFixture, SMALL_SCHOOL, type Fixture, type Sent } from '../fixture.js'
import { isPrivacyNotice } from './health-helpers.js'

const STAFF = '全体教职工群'
const ADMIN = '行政群'
const at = (time: string): string => `2026-02-03T${time}+08:00`

const open: Fixture[] = []
async function start(config: unknown = SMALL_SCHOOL): Promise<Fixture> {
  const f = await createFixture({ config, start: at('07:30:00') })
  open.push(f)
  return f
}
afterEach(async () => {
  for (const f of open.splice(0)) await f.close()
})

async function currentReports(f: Fixture) {
  return (await f.store.healthDay('2026-02-03')).data.reports
}
const texts = (sent: readonly Sent[]) => sent.map((message) => message.text ?? '')

describe('who a report is for', () => {
  it('records a proxy report for the named person, marked 代报, leaving the sender’s own report alone', async () => {
    const f = await start()
    await f.say(at('07:40:00'), '王芳', '体温36.4 无症状', STAFF)
    await f.say(at('07:41:00'), '王芳', '替李娜老师代报：36.7', STAFF)
    const reports = await currentReports(f)
    expect(reports.map((report) => [report.reporter, report.subject.kind === 'person' ? report.subject.name : '', report.proxy ?? false])).toEqual([
      ['王芳', '王芳', false],
      ['王芳', '李娜', true],
    ])
    const detail = await f.say(at('07:50:00'), '张伟', '/明细 上午', ADMIN)
    expect(texts(detail).join('\n')).toMatch(/李娜 36\.7℃.*王芳代报/)
    expect(texts(detail).join('\n')).toMatch(/王芳 36\.4℃/)
  })

  it('replaces the sender’s own report on a correction and tells them privately what it now says', async () => {
    const f = await start()
    await f.say(at('07:40:00'), '吴强', '体温36.9', STAFF)
    const corrected = await f.say(at('07:42:00'), '吴强', '刚才打错了 应该是36.5', STAFF)
    expect(corrected).toEqual([expect.objectContaining({ to: '吴强', text: expect.stringContaining('已更正 2月3日上午：吴强 36.5℃') })])
    const detail = texts(await f.say(at('07:50:00'), '张伟', '/明细 上午', ADMIN)).join('\n')
    expect(detail).toContain('吴强 36.5℃')
    expect(detail).not.toContain('36.9')
    // History is kept.
    expect((await currentReports(f)).filter((report) => report.reporter === '吴强')).toHaveLength(2)
  })
})

describe('never silent, never noisy', () => {
  it('answers an attempt it cannot read privately only, and says nothing to chit-chat', async () => {
    const f = await start()
    const attempt = await f.say(at('07:40:00'), '赵磊', '体温 365', STAFF)
    expect(attempt).toHaveLength(1)
    expect(attempt[0]).toMatchObject({ to: '赵磊' })
    expect(attempt[0]?.text).toContain('这条健康上报没有记下')
    expect(await f.say(at('07:41:00'), '赵磊', '今天好冷啊，外面才3度', STAFF)).toEqual([])
    expect(await currentReports(f)).toEqual([])
  })

  it('asks privately for the number when 体温正常 has none, or records it when the school allows', async () => {
    const strict = await start()
    const asked = await strict.say(at('07:40:00'), '赵磊', '体温正常', STAFF)
    expect(asked).toEqual([expect.objectContaining({ to: '赵磊', text: expect.stringContaining('没有写体温数字') })])
    expect(await currentReports(strict)).toEqual([])

    const lenient = await start({ ...SMALL_SCHOOL, health: { requireTemperature: false } })
    expect((await lenient.say(at('07:40:00'), '赵磊', '体温正常', STAFF)).filter((s) => !isPrivacyNotice(s))).toEqual([])
    const [report] = await currentReports(lenient)
    expect(report?.subject).toMatchObject({ kind: 'person', name: '赵磊' })
    expect(report?.subject.kind === 'person' ? report.subject.temperature : 'class').toBeUndefined()
  })

  it('tells how to report when asked or @-mentioned, with the open slot and its deadline', async () => {
    const f = await start()
    const [asked] = await f.say(at('07:40:00'), '吴强', '请问体温怎么报？', STAFF)
    expect(asked).toMatchObject({ room: STAFF })
    expect(asked?.text).toContain('上午')
    expect(asked?.text).toContain('10:00 截止')
    expect(asked?.text).toMatch(/体温36\.5/)
    const [mentioned] = await f.say(at('07:41:00'), '吴强', '在吗', STAFF, { mentionsBot: true })
    expect(mentioned?.text).toContain('10:00 截止')
    expect(await f.say(at('07:42:00'), '吴强', '在吗', STAFF)).toEqual([])
  })

  it('asks privately to re-measure a reading that is too low, and still records it', async () => {
    const f = await start()
    const said = [...(await f.say(at('07:40:00'), '吴强', '体温35.4', STAFF)), ...(await f.advance(at('07:40:05')))]
    const reply = said.filter((s) => !isPrivacyNotice(s))
    expect(reply).toEqual([expect.objectContaining({ to: '吴强', text: expect.stringContaining('偏低') })])
    expect(await currentReports(f)).toHaveLength(1)
  })
})

describe('a report profile instead of 2020’s fields', () => {
  const FLU_SEASON = {
    ...SMALL_SCHOOL,
    health: {
      flags: [
        { name: '外地返回', words: ['外地返回', '刚从外地回来', '外省返回'], abnormal: true, classField: '外地返回' },
        { name: '隔离', words: ['隔离', '居家观察'], abnormal: true, classField: '隔离' },
      ],
    },
  }

  it('reads, alerts, shows and counts the school’s own flags', async () => {
    const f = await start(FLU_SEASON)
    await f.say(at('07:40:00'), '吴强', '体温36.5 刚从外地回来', STAFF)
    await f.say(at('07:41:00'), '王芳', '三年级2班 应报45 实报45 发热0 外地返回1 隔离0', STAFF)
    await f.drain()
    const alerts = f.sent.filter((message) => message.room === ADMIN)
    expect(alerts.map((message) => message.text).join('\n')).toMatch(/吴强：外地返回/)
    const detail = texts(await f.say(at('07:50:00'), '张伟', '/明细 上午', ADMIN)).join('\n')
    expect(detail).toContain('外地返回1 隔离0')
    expect(detail).not.toContain('湖北')
  })
})
