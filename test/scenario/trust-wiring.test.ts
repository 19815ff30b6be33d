import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { documentsOf } from '../../src/app/app.js'
import { AREAS } from '../../src/areas.js'
import { StoreError } from '../../src/store/json-document.js'
import { Store } from '../../src/store/store.js'
import { createFixture, SMALL_SCHOOL, tempDataDir, type Fixture, type Sent } from '../fixture.js'
import { createPuppetFixture, type PuppetFixture } from '../puppet-fixture.js'

const STAFF = '全体教职工群'
const ADMIN = '行政群'
const PUBLICITY = '宣传讨论群'
const at = (time: string): string => `2026-02-03T${time}+08:00`
const time = (clock: string): Date => new Date(at(clock))

const open: { close(): Promise<void> }[] = []
async function onPuppet(): Promise<PuppetFixture> {
  const f = await createPuppetFixture({ start: at('07:30:00') })
  open.push(f)
  return f
}
afterEach(async () => {
  for (const f of open.splice(0)) await f.close()
})

const alertsIn = (sent: readonly Sent[]) => sent.filter((message) => message.text?.includes('健康异常'))

describe('rooms are pinned, never found by name', () => {
  it('keeps alerts and /明细 with the real admin group when a teacher creates another 行政群', async () => {
    const f = await onPuppet()
    await f.sim.play({ time: time('07:31:00'), newRoom: { handle: 'fake', topic: ADMIN, owner: '王芳', members: ['王芳', '李娜'] } })
    await f.sim.play({ time: time('07:32:00'), roomHandle: 'fake', from: '王芳', text: '/明细 上午' })
    await f.say(at('07:33:00'), '吴强', '体温38.6 咳嗽', STAFF)
    const sent = [...f.sent, ...(await f.drain())]
    expect(sent.filter((message) => message.roomHandle === 'fake')).toEqual([])
    const alerts = alertsIn(sent)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ roomHandle: ADMIN })
    // The real admin group hears once that a copy exists and is ignored.
    const warnings = sent.filter((message) => message.roomHandle === ADMIN && message.text?.includes('不是配置里的那个群'))
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.text).toContain('群主 王芳')
  })

  it('decides again when WeChat has loaded every group, keeping the group it remembers', async () => {
    const f = await onPuppet()
    await f.sim.play({ time: time('07:31:00'), newRoom: { handle: 'fake', topic: ADMIN, owner: '王芳', members: ['王芳', '李娜'] } })
    // The web protocol says its contact list is complete: the pins are decided again, with both rooms known.
    f.sim.wired.bot.wechaty.puppet.emit('ready', { data: 'stable' })
    await f.sim.settle()
    await f.say(at('07:33:00'), '吴强', '体温38.6', STAFF)
    const sent = [...f.sent, ...(await f.drain())]
    expect(alertsIn(sent).map((message) => message.roomHandle)).toEqual([ADMIN])
    // Nothing changed, so the admin group heard about the start once.
    expect(sent.filter((message) => message.text?.includes('已上线'))).toHaveLength(1)
  })

  it('keeps a renamed group in its role for the login and tells the admins to update the config', async () => {
    const f = await onPuppet()
    await f.sim.play({ time: time('07:31:00'), room: PUBLICITY, rename: ADMIN })
    const [refused] = await f.say(at('07:32:00'), '赵磊', '/明细 上午', PUBLICITY)
    expect(refused?.text).toContain('只有行政群成员可以使用')
    await f.say(at('07:33:00'), '吴强', '体温38.6', STAFF)
    const sent = [...f.sent, ...(await f.drain())]
    expect(alertsIn(sent).map((message) => message.roomHandle)).toEqual([ADMIN])
    const told = sent.find((message) => message.roomHandle === ADMIN && message.text?.includes('改名为「行政群」'))
    expect(told?.text).toContain('请把配置里的群名改成')
    // The renamed room is still the publicity group, shown under its new topic.
    expect(refused).toMatchObject({ roomHandle: PUBLICITY, room: ADMIN })
  })
})

describe('/我是 cannot take someone else’s identity', () => {
  it('refuses a colleague who claims another teacher', async () => {
    const f = await onPuppet()
    const [refused] = await f.say(at('07:31:00'), '王芳', '/我是 李娜', STAFF)
    expect(refused?.text).toContain('已经有人是 李娜')
    const [who] = await f.say(at('07:32:00'), '王芳', '/我是谁')
    expect(who?.text).toContain('你是 王芳')
  })

  it('gives a stranger in no group no roster data, no /我是 and no report', async () => {
    const f = await onPuppet()
    const [iam] = await f.say(at('07:31:00'), '陌生人', '/我是 张伟')
    expect(iam?.text).toContain('不在学校的工作群里')
    const [missing] = await f.say(at('07:32:00'), '陌生人', '/未报')
    expect(missing?.text).toContain('不在学校的工作群里')
    // Renamed to a teacher's name and writing privately: still nobody on the roster.
    await f.sim.play({ time: time('07:33:00'), from: '张伟', contact: 'stranger', text: '体温39.5 在武汉' })
    await f.drain()
    expect(f.sent.find((message) => message.contact === 'stranger')?.text).toContain('这条健康上报没有记下')
    expect(alertsIn(f.sent)).toEqual([])
    expect((await f.store.healthDay('2026-02-03')).data.reports).toEqual([])
  })

  it('sends no private details when two accounts show one name, and says so', async () => {
    const f = await onPuppet()
    await f.sim.play({ time: time('07:31:00'), room: STAFF, join: [{ name: '李娜', contact: 'lina-2' }] })
    await f.sim.play({ time: time('07:32:00'), from: '李娜', contact: 'lina-2', text: '/我的' })
    await f.drain()
    const answer = f.sent.filter((message) => message.contact === 'lina-2')
    expect(answer.map((message) => message.text).join('\n')).toContain('还有其他微信号也显示为你的名字')
    expect(answer.map((message) => message.text).join('\n')).not.toContain('最近 7 天')
    // At the deadline nobody can tell which 李娜 is which: no private chase to either account.
    await f.advance(at('10:01:00'))
    await f.drain()
    const chased = f.sent.filter((message) => message.to === '李娜' && message.text?.includes('已截止'))
    expect(chased.map((message) => `${message.contact}: ${message.text}`)).toEqual([])
  })
})

describe('storage fails loudly, never half-way', () => {
  it('refuses to start on a corrupt leaves, follow-ups or meetings file, naming it and leaving it untouched', async () => {
    for (const name of ['leaves', 'followups', 'meetings']) {
      const dataDir = await tempDataDir()
      const file = path.join(dataDir, `${name}.json`)
      await writeFile(file, '{"nextId": ')
      await expect(Store.open(dataDir, { documents: documentsOf(AREAS) })).rejects.toThrow(StoreError)
      await expect(Store.open(dataDir, { documents: documentsOf(AREAS) })).rejects.toThrow(new RegExp(`${name}\\.json`))
      expect(await readFile(file, 'utf8')).toBe('{"nextId": ')
    }
  })

  it('tells the sender a report was not saved, alerts the admins naming the file, counts nothing and stops', async () => {
    const f: Fixture = await createFixture({ config: SMALL_SCHOOL, start: at('07:30:00') })
    open.push(f)
    await f.say(at('07:31:00'), '王芳', '体温36.5', STAFF)
    // The day's journal cannot be written: a directory stands where the file must go.
    await mkdir(path.join(f.dataDir, 'health', '2026-02-03.journal.jsonl'))
    const replies = [...(await f.say(at('07:32:00'), '吴强', '体温36.6', STAFF)), ...(await f.drain())]
    expect(replies.find((message) => message.room === STAFF)?.text).toContain('没有保存')
    const admin = replies.find((message) => message.room === ADMIN)
    expect(admin?.text).toContain('2026-02-03.journal.jsonl')
    expect(f.fatal).toHaveLength(1)
    // Stopped: later messages and schedules do nothing.
    expect(await f.say(at('07:40:00'), '赵磊', '体温36.4', STAFF)).toEqual([])
    expect(await f.advance(at('10:01:00'))).toEqual([])
  })
})
