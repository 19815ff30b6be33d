import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createFixture, SMALL_SCHOOL, type Fixture } from '../fixture.js'
import { createPuppetFixture, type PuppetFixture } from '../puppet-fixture.js'

const open: Pick<Fixture, 'close'>[] = []
async function fixture(options: Parameters<typeof createFixture>[0]): Promise<Fixture> {
  const created = await createFixture(options)
  open.push(created)
  return created
}
/** Through real Wechaty on the mock puppet: rights come from the live member lists of the rooms. */
async function onPuppet(options: Parameters<typeof createPuppetFixture>[0]): Promise<PuppetFixture> {
  const created = await createPuppetFixture(options)
  open.push(created)
  return created
}
afterEach(async () => {
  for (const f of open.splice(0)) await f.close().catch(() => undefined)
})

const MORNING = '2026-02-03T07:30:00+08:00'

describe('help and command routing on the mock puppet', () => {
  it('shows a teacher only ordinary commands and an admin the admin ones too', async () => {
    const f = await fixture({ start: MORNING })
    const [teacherHelp] = await f.say('2026-02-03T07:31:00+08:00', '王芳', '/帮助', '全体教职工群')
    const [adminHelp] = await f.say('2026-02-03T07:32:00+08:00', '张伟', '/help')
    expect(teacherHelp?.room).toBe('全体教职工群')
    expect(teacherHelp?.text).toContain('/我是')
    expect(teacherHelp?.text).not.toContain('/退出登录')
    expect(adminHelp?.to).toBe('张伟')
    expect(adminHelp?.text).toContain('/退出登录')
    expect(adminHelp?.text).toContain('管理命令')
  })

  it('answers /help <command> with its usage, full-width slash included', async () => {
    const f = await fixture({ start: MORNING })
    const [reply] = await f.say('2026-02-03T07:31:00+08:00', '王芳', '／帮助 我是', '全体教职工群')
    expect(reply?.text).toContain('用法：/我是 姓名')
  })

  it('points an unknown command to the nearest name and to /help', async () => {
    const f = await fixture({ start: MORNING })
    const [reply] = await f.say('2026-02-03T07:31:00+08:00', '王芳', '/whoamii', '全体教职工群')
    expect(reply?.text).toContain('没有 /whoamii 这个命令')
    expect(reply?.text).toContain('/whoami')
    expect(reply?.text).toContain('/帮助')
  })

  it('answers bad arguments with the usage line and what was wrong, without running the command', async () => {
    const f = await fixture({ start: MORNING })
    const [reply] = await f.say('2026-02-03T07:31:00+08:00', '小新', '/我是', '全体教职工群')
    expect(reply?.text).toContain('用法：/我是 姓名')
    expect(reply?.text).toContain('请写一个名单上的姓名')
    const [whoami] = await f.say('2026-02-03T07:32:00+08:00', '小新', '/我是谁', '全体教职工群')
    expect(whoami?.text).toContain('我还不认识')
  })
})

describe('rights', () => {
  it('refuses an admin command in a staff group even from an admin', async () => {
    const f = await onPuppet({ start: MORNING })
    const [reply] = await f.say('2026-02-03T07:31:00+08:00', '张伟', '/退出登录', '全体教职工群')
    expect(reply?.text).toContain('只有行政群成员可以使用')
  })

  it('refuses an admin command sent privately by someone outside the admin group, even under an admin name', async () => {
    const f = await onPuppet({ start: MORNING })
    const [reply] = await f.say('2026-02-03T07:31:00+08:00', '王芳', '/退出登录')
    expect(reply?.to).toBe('王芳')
    expect(reply?.text).toContain('只有行政群成员可以使用')
    // Someone who renames themselves 张校长 is still not in the admin room.
    const [impostor] = await f.say('2026-02-03T07:32:00+08:00', '张校长', '/退出登录')
    // Renamed 张校长 and in no group of the school: no rights and no roster data at all.
    expect(impostor?.text).toMatch(/只有行政群成员可以使用|不在学校的工作群里/)
  })

  it('accepts an admin command sent privately by a member of the admin group', async () => {
    const f = await onPuppet({ start: MORNING })
    const [reply] = await f.say('2026-02-03T07:31:00+08:00', '刘洋', '/whoami')
    expect(reply?.text).toContain('你是 刘洋')
    expect(reply?.text).toContain('你是行政群成员')
  })
})

describe('logging out', () => {
  it('asks an admin to confirm within two minutes before logging WeChat out', async () => {
    const f = await fixture({ start: MORNING })
    const [asked] = await f.say('2026-02-03T07:31:00+08:00', '张伟', '/退出登录', '行政群')
    expect(asked?.text).toContain('/退出登录 确认')
    expect(await f.say('2026-02-03T07:34:00+08:00', '张伟', '/退出登录 确认', '行政群')).toMatchObject([{ text: expect.stringContaining('没有等待确认') }])
    await f.say('2026-02-03T07:35:00+08:00', '张伟', '/退出登录', '行政群')
    const [going] = await f.say('2026-02-03T07:36:00+08:00', '张伟', '/退出登录 确认', '行政群')
    expect(going?.text).toContain('5 秒后退出')
    expect(f.logouts()).toBe(0)
    await f.advance('2026-02-03T07:37:00+08:00')
    expect(f.logouts()).toBe(1)
  })
})

describe('identity', () => {
  it('keeps an /iam binding across a restart with new WeChat ids, and stores no WeChat id', async () => {
    const first = await fixture({ start: MORNING })
    const [bound] = await first.say('2026-02-03T07:31:00+08:00', '小吴', '/我是 吴强', '全体教职工群')
    expect(bound?.text).toContain('吴强')
    await first.close()
    open.splice(open.indexOf(first), 1)

    const second = await fixture({ start: '2026-02-03T09:00:00+08:00', dataDir: first.dataDir })
    const [who] = await second.say('2026-02-03T09:01:00+08:00', '小吴', '/我是谁', '全体教职工群')
    expect(who?.text).toContain('你是 吴强')
    expect(who?.text).toContain('按绑定认出')

    await second.store.flush()
    const files = await readdir(second.dataDir, { recursive: true })
    const contents = await Promise.all(
      files.filter((file) => file.endsWith('.json')).map((file) => readFile(path.join(second.dataDir, file), 'utf8')),
    )
    expect(contents.join('\n')).toContain('吴强')
    // Mock ids look like cuid strings; room ids end in @chatroom. Neither may be stored.
    expect(contents.join('\n')).not.toMatch(/@chatroom|"c[a-z0-9]{20,}"/)
  })

  it('rejects /iam for a name that is not on the roster', async () => {
    const f = await fixture({ start: MORNING })
    const [reply] = await f.say('2026-02-03T07:31:00+08:00', '小新', '/我是 路人甲', '全体教职工群')
    expect(reply?.text).toContain('名单里没有“路人甲”')
  })
})

describe('sending', () => {
  it('keeps messages at least the configured interval apart in simulated time', async () => {
    const f = await fixture({ start: MORNING })
    for (const name of ['王芳', '李娜', '赵磊', '吴强']) await f.say('2026-02-03T07:31:00+08:00', name, '/我是谁', '全体教职工群')
    await f.drain()
    const times = f.sent.map((message) => message.at.getTime())
    expect(times).toHaveLength(4)
    for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(1500)
  })

  it('splits a long text on line boundaries within the configured size', async () => {
    const f = await fixture({ start: MORNING, config: { ...SMALL_SCHOOL, send: { minIntervalMs: 1500, maxChars: 100 } } })
    await f.say('2026-02-03T07:31:00+08:00', '张伟', '/帮助')
    const replies = await f.drain()
    const all = f.sent.filter((message) => message.to === '张伟')
    expect(all.length).toBeGreaterThan(1)
    for (const message of all) expect(message.text?.length ?? 0).toBeLessThanOrEqual(100)
    // Nothing lost: the pieces put back together are the whole help text.
    expect(all.map((message) => message.text).join('\n')).toContain('/退出登录')
    void replies
  })
})

describe('joining a staff group', () => {
  it('welcomes a newcomer once, and tells one the roster does not know how to be recognised', async () => {
    const f = await fixture({ start: MORNING })
    const join = async (room: string, at: string) => {
      const joined = await f.membership(at, room, { joined: ['新老师'] })
      return [...joined, ...(await f.drain())]
    }
    const welcomed = await join('全体教职工群', '2026-02-03T07:40:00+08:00')
    expect(welcomed).toHaveLength(1)
    expect(welcomed[0]).toMatchObject({ room: '全体教职工群', mentions: ['新老师'] })
    expect(welcomed[0]?.text).toContain('欢迎新老师加入')
    expect(welcomed[0]?.text).toContain('/我是 姓名')

    const quiet = await join('宣传讨论群', '2026-02-03T07:41:00+08:00')
    expect(quiet).toEqual([])
  })
})
