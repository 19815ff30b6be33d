import { afterEach, describe, expect, it } from 'vitest'
import { bindingsDocument } from '../../src/app/bindings.js'
import { ADMIN_ONLY_TEXT } from '../../src/app/router.js'
import { Store } from '../../src/store/store.js'
import { createFixture, tempDataDir, type Fixture, type Sent } from '../fixture.js'
import { healthDetailsIn, isConfirmation, isScheduledNotice, school30 } from './health-helpers.js'

const STAFF = '全体教职工群'
const ADMIN = '行政群'
const at = (time: string, day = '2026-02-03') => `${day}T${time}+08:00`

let fixture: Fixture | undefined
afterEach(async () => {
  await fixture?.close()
  fixture = undefined
})

async function open(options: { config?: unknown; dataDir?: string; start?: string } = {}): Promise<Fixture> {
  fixture = await createFixture({ start: at('07:00:00'), ...options })
  return fixture
}

/**
 * Says something at a time of 2026-02-03 (or a full ISO time), then lets 30 simulated seconds
 * pass so throttled replies go out; returns the replies (no confirmations or scheduled notices).
 */
async function ask(f: Fixture, time: string, from: string, text: string, room?: string): Promise<Sent[]> {
  const when = time.includes('T') ? time : at(time)
  const said = await f.say(when, from, text, room)
  const later = new Date(new Date(when).getTime() + 30_000).toISOString()
  return [...said, ...(await f.advance(later))].filter((s) => !isConfirmation(s) && !isScheduledNotice(s))
}

const textsIn = (sent: readonly Sent[], where: { room?: string; to?: string }): string[] =>
  sent.filter((s) => (where.room !== undefined ? s.room === where.room : s.to === where.to)).map((s) => s.text ?? '')

async function detailLines(f: Fixture, time: string, args = ''): Promise<string[]> {
  const [text] = textsIn(await ask(f, time, '张伟', `/明细 ${args}`.trim(), ADMIN), { room: ADMIN }).filter((t) => t.includes('健康明细'))
  return text?.split('\n') ?? []
}

async function storedReports(f: Fixture, dateKey = '2026-02-03') {
  return (await f.store.healthDay(dateKey)).data.reports
}

describe('recording health reports', () => {
  it('records a report for somebody else, keeps history when a later report replaces one, and shows people their own records privately', async () => {
    const f = await open()
    await f.say(at('08:00:00'), '王芳', '体温36.5', STAFF)
    await f.say(at('08:05:00'), '张伟', '李娜 36.8', STAFF)
    await f.say(at('08:10:00'), '王芳', '体温37.5', STAFF)
    await f.say(at('08:20:00'), '王芳', '体温36.6 正常', STAFF)

    const lines = await detailLines(f, '08:30:00')
    expect(lines).toContain('王芳 36.6℃')
    expect(lines).toContain('李娜 36.8℃（张伟代报）')
    expect(lines).toContain('未报 4 人：张伟、刘洋、赵磊、吴强')
    expect((await storedReports(f)).map((r) => (r.subject.kind === 'person' ? `${r.subject.name} ${r.subject.temperature}` : ''))).toEqual([
      '王芳 36.5',
      '李娜 36.8',
      '王芳 37.5',
      '王芳 36.6',
    ])

    const mine = await ask(f, '08:31:00', '王芳', '/我的', STAFF)
    expect(mine.filter((s) => s.room === STAFF)).toEqual([expect.objectContaining({ text: '已私聊发给你。', mentions: ['王芳'] })])
    expect(textsIn(mine, { to: '王芳' })).toEqual([
      [
        '你最近 7 天的健康上报：',
        '2月3日上午 08:20 王芳 36.6℃',
        '2月3日上午 08:10 王芳 37.5℃ ⚠发热（已被后一条替换）',
        '2月3日上午 08:00 王芳 36.5℃（已被后一条替换）',
      ].join('\n'),
    ])
  })

  it('marks a report after the slot deadline as 补报 and lets an explicit 上午/下午 choose the slot', async () => {
    const f = await open()
    await f.say(at('09:00:00'), '吴强', '下午体温36.6', STAFF)
    await f.say(at('10:30:00'), '赵磊', '体温36.5', STAFF)
    await f.say(at('14:30:00'), '李娜', '上午体温36.4', STAFF)

    const morning = await detailLines(f, '15:00:00', '上午')
    expect(morning).toContain('赵磊 36.5℃ 补报')
    expect(morning).toContain('李娜 36.4℃ 补报')
    expect(morning.some((line) => line.startsWith('吴强 '))).toBe(false)
    expect(await detailLines(f, '15:01:00', '下午')).toContain('吴强 36.6℃')
    expect(f.sent.map((s) => s.text)).toContain('已收到上午健康上报 1 人：赵磊（赵磊为补报）')
  })

  it('tells an unknown sender once how to use /我是, records nothing, and records them once they bind', async () => {
    const f = await open()
    const first = await ask(f, '08:00:00', '小吴', '体温36.5', STAFF)
    expect(first).toEqual([
      expect.objectContaining({
        room: STAFF,
        text: '我还不认识“小吴”，这条健康上报没有记下。请先发送 /我是 你在名单上的姓名（例如 /我是 王芳），再重新上报。',
        mentions: ['小吴'],
      }),
    ])
    expect(await ask(f, '08:01:00', '小吴', '体温36.6', STAFF)).toEqual([])
    expect(await storedReports(f)).toEqual([])
    // Not said again after a restart either.
    await f.close()
    const again = await open({ dataDir: f.dataDir, start: at('08:01:30') })
    expect(await ask(again, '08:01:40', '小吴', '体温36.6', STAFF)).toEqual([])

    await again.say(at('08:02:00'), '小吴', '/我是 吴强', STAFF)
    await again.say(at('08:03:00'), '小吴', '体温36.7', STAFF)
    expect(await detailLines(again, '08:10:00')).toContain('吴强 36.7℃')
  })

  it('keeps admin commands to admin places and answers an admin asking /未报 in a staff group privately', async () => {
    const f = await open()
    await f.say(at('08:00:00'), '王芳', '体温37.9', STAFF)
    expect(textsIn(await ask(f, '08:10:00', '吴强', '/明细', STAFF), { room: STAFF })).toEqual([ADMIN_ONLY_TEXT])
    expect(textsIn(await ask(f, '08:11:00', '张伟', '/明细', STAFF), { room: STAFF })).toEqual([ADMIN_ONLY_TEXT])
    expect(textsIn(await ask(f, '08:12:00', '吴强', '/跟进'), { to: '吴强' })).toEqual([ADMIN_ONLY_TEXT])
    expect(textsIn(await ask(f, '08:13:00', '张伟', '/明细'), { to: '张伟' })[0]).toContain('王芳 37.9℃ ⚠发热')

    const missing = await ask(f, '08:14:00', '张伟', '/未报', STAFF)
    expect(textsIn(missing, { room: STAFF })).toEqual(['名单和请假、补报情况已私聊发给你。'])
    expect(textsIn(missing, { to: '张伟' })).toEqual(['2月3日上午\n未报 5 人：张伟、刘洋、李娜、赵磊、吴强\n未交班级汇总 2 个：三年级2班（王芳）、一年级3班（李娜）'])
    expect(textsIn(await ask(f, '08:15:00', '吴强', '/统计', STAFF), { room: STAFF })).toEqual([
      '2月3日上午：应报 6 人，已报 1 人，未报 5 人；班级汇总应交 2 个，已交 0 个',
    ])
    expect(textsIn(await ask(f, '08:16:00', '张伟', '/统计', ADMIN), { room: ADMIN })).toEqual([
      '2月3日上午：应报 6 人，已报 1 人，未报 5 人；班级汇总应交 2 个，已交 0 个；异常 1 条，补报 0 条',
    ])
    expect(f.sent.filter((s) => s.room === STAFF && !isScheduledNotice(s)).flatMap((s) => healthDetailsIn(s.text ?? ''))).toEqual([])
  })

  it('answers a malformed report in the admin group with the reason and an example, storing nothing', async () => {
    const f = await open()
    const replies = await ask(f, '08:00:00', '刘洋', '三年级2班 应报45 实报44 发热0', ADMIN)
    expect(textsIn(replies, { room: ADMIN })).toEqual([
      '这条健康上报没有记下：缺少：湖北、隔离人数。\n请按这样的格式发：\n三年级2班 应报45 实报45 发热0 湖北0 隔离0',
    ])
    expect(await storedReports(f)).toEqual([])
  })

  it('records each 接龙 line once and never lets a copied line override what a person reported themself', async () => {
    const f = await open()
    await f.say(at('08:00:00'), '李娜', '体温36.4', STAFF)
    await f.say(at('08:01:00'), '王芳', '#接龙\n上午体温\n1. 王芳 36.5', STAFF)
    await f.say(at('08:02:00'), '赵磊', '#接龙\n上午体温\n1. 王芳 36.5\n2. 李娜 36.6\n3. 赵磊 36.3\n4. 小明 36.5', STAFF)
    await f.say(at('08:03:00'), '吴强', '#接龙\n上午体温\n1. 王芳 36.5\n2. 李娜 36.6\n3. 赵磊 36.3\n4. 小明 36.5\n5. 吴强 36.8', STAFF)

    const reports = await storedReports(f)
    expect(reports.map((r) => (r.subject.kind === 'person' ? `${r.subject.name} ${r.subject.temperature} ${r.reporter}` : ''))).toEqual([
      '李娜 36.4 李娜',
      '王芳 36.5 王芳',
      '赵磊 36.3 赵磊',
      '吴强 36.8 吴强',
    ])
    expect(f.sent.filter((s) => s.text?.includes('名单里没有'))).toEqual([
      expect.objectContaining({ room: STAFF, text: '名单里没有“小明”，这几行没有记下。如果名字写错了，请改正后再发。' }),
    ])
    expect(await detailLines(f, '08:10:00')).toContain('李娜 36.4℃')
  })

  it('puts abnormal people on the follow-up list, where admins add notes and close them', async () => {
    const f = await open()
    await f.say(at('08:00:00'), '赵磊', '体温37.8', STAFF)
    await f.say(at('14:10:00'), '赵磊', '体温37.6 咳嗽', STAFF)
    const alerts = f.sent.filter((s) => s.room === ADMIN && s.text?.startsWith('⚠'))
    expect(alerts.map((s) => s.text?.split('\n')[1])).toEqual(['赵磊：体温37.8℃（跟进 #1）', '赵磊：体温37.6℃、咳嗽（跟进 #1）'])

    expect(textsIn(await ask(f, '14:20:00', '张伟', '/跟进', ADMIN), { room: ADMIN })).toEqual([
      '跟进名单（1）：\n#1 赵磊（2月3日上午起，最近 2月3日下午）：体温37.8℃、体温37.6℃、咳嗽',
    ])
    expect(textsIn(await ask(f, '14:21:00', '刘洋', '/跟进 备注 1 已电话联系，在家休息'), { to: '刘洋' })).toEqual([
      '已为 #1 赵磊 添加备注。\n#1 赵磊（2月3日上午起，最近 2月3日下午）：体温37.8℃、体温37.6℃、咳嗽\n  · 2月3日 14:21 刘洋：已电话联系，在家休息',
    ])
    expect(textsIn(await ask(f, '14:22:00', '张伟', '/跟进 关闭 1', ADMIN), { room: ADMIN })).toEqual(['已关闭 #1 赵磊 的跟进。'])
    expect(textsIn(await ask(f, '14:23:00', '张伟', '/跟进', ADMIN), { room: ADMIN })).toEqual(['跟进名单是空的，目前没有需要跟进的人。'])
    expect(textsIn(await ask(f, '14:24:00', '张伟', '/跟进 关闭 9', ADMIN), { room: ADMIN })).toEqual(['没有 #9 这个跟进，发送 /跟进 查看名单。'])
    expect(textsIn(await ask(f, '14:25:00', '张伟', '/跟进 删除 1', ADMIN), { room: ADMIN })[0]).toBe(
      '用法：/跟进 查看名单；/跟进 备注 编号 内容；/跟进 关闭 编号，例如 /跟进 备注 3 已电话联系，在家休息\n问题：看不懂“删除”，可以写 备注 或 关闭',
    )
  })

  it('sends one 聚集性 alert when three people of one office, or three pupils of one class, are abnormal on one day', async () => {
    const f = await open({ config: await school30() })
    await f.say(at('08:00:00'), '马超', '体温37.5', STAFF)
    await f.say(at('08:01:00'), '朱丹', '体温36.5 咳嗽', STAFF)
    await f.say(at('08:02:00'), '王芳', '体温36.5', STAFF)
    expect(f.sent.filter((s) => s.text?.includes('聚集性'))).toEqual([])
    await f.say(at('08:03:00'), '韩雪', '体温36.6 腹泻', STAFF)
    await f.say(at('08:04:00'), '赵磊', '体温38.0', STAFF)
    await f.say(at('08:05:00'), '王芳', '三年级2班 应报45 实报45 发热3 湖北0 隔离0', STAFF)
    await f.say(at('14:05:00'), '王芳', '三年级2班 应报45 实报45 发热4 湖北0 隔离0', STAFF)
    await f.advance(at('14:10:00'))
    expect(textsIn(f.sent, { room: ADMIN }).filter((t) => t.includes('聚集性'))).toEqual([
      '⚠ 聚集性提醒 · 2月3日\n语文组今天已有 3 人报告异常：马超、朱丹、韩雪，请尽快排查。',
      '⚠ 聚集性提醒 · 2月3日\n三年级2班今天已有 3 名学生异常（发热3人），请尽快排查。',
    ])
  })
})

describe('confirmations across restarts', () => {
  it('confirms after a restart the reports whose confirmation had not gone out, and only once', async () => {
    const dataDir = await tempDataDir()
    const store = await Store.open(dataDir)
    const day = await store.healthDay('2026-02-03')
    await day.update((data) => {
      data.reports.push({
        id: '2026-02-03-1',
        slot: '上午',
        at: '2026-02-03T00:05:00.000Z',
        reporter: '吴强',
        late: false,
        abnormal: false,
        confirmed: false,
        room: STAFF,
        subject: { kind: 'person', name: '吴强', temperature: 36.5, symptoms: [], flags: [] },
      })
    })
    await store.flush()

    const f = await open({ dataDir, start: at('08:10:00') })
    await f.advance(at('08:20:00'))
    expect(textsIn(f.sent.filter(isConfirmation), { room: STAFF })).toEqual(['已收到上午健康上报 1 人：吴强'])
    expect((await storedReports(f)).map((r) => r.confirmed)).toEqual([true])
    await f.close()

    const again = await open({ dataDir, start: at('08:30:00') })
    await again.advance(at('08:40:00'))
    await again.drain()
    expect(again.sent.filter(isConfirmation)).toEqual([])
  })
})

describe('privacy', () => {
  it('explains what is kept and for how long', async () => {
    const f = await open()
    const [text] = textsIn(await ask(f, '08:00:00', '吴强', '/隐私', STAFF), { room: STAFF })
    expect(text).toContain('保存多久：60 天，到期自动删除')
    expect(text).toContain('谁能看到：行政群的成员')
  })

  it('deletes a person’s reports, follow-ups and binding once an admin confirms their request', async () => {
    const f = await open()
    await f.say(at('07:50:00'), '老吴', '/我是 吴强', STAFF)
    await f.say(at('08:00:00'), '老吴', '体温37.9', STAFF)
    await f.say(at('08:01:00'), '王芳', '体温36.5', STAFF)

    const request = await ask(f, '08:10:00', '老吴', '/删除我的数据', STAFF)
    expect(textsIn(request, { room: STAFF })).toEqual([
      '已提交删除申请。行政群管理员确认后，会删除你的健康上报、跟进记录和昵称绑定，删除后会通知你。',
    ])
    expect(textsIn(request, { room: ADMIN })).toEqual(['吴强 申请删除自己的健康数据。确认删除请发送：/删除我的数据 确认 吴强'])
    expect(textsIn(await ask(f, '08:11:00', '赵磊', '/删除我的数据 确认 吴强', STAFF), { room: STAFF })).toEqual([
      '只有行政群成员可以确认或驳回删除申请。要删除自己的数据，请发送 /删除我的数据。',
    ])
    expect(textsIn(await ask(f, '08:12:00', '张伟', '/删除我的数据 确认 王芳', ADMIN), { room: ADMIN })).toEqual([
      '王芳 没有提交删除申请，需要本人先发送 /删除我的数据。',
    ])

    const confirmed = await ask(f, '08:13:00', '张伟', '/删除我的数据 确认 吴强', ADMIN)
    expect(textsIn(confirmed, { room: ADMIN })).toEqual(['已删除 吴强 的 1 条健康上报、1 条跟进记录和 1 个昵称绑定。'])
    expect(textsIn(confirmed, { to: '吴强' })).toEqual(['你申请删除的健康数据已经删除。'])
    expect((await storedReports(f)).map((r) => r.reporter)).toEqual(['王芳'])
    expect((await f.store.open(bindingsDocument)).data.byNickname).toEqual({})
    expect(textsIn(await ask(f, '08:14:00', '张伟', '/跟进', ADMIN), { room: ADMIN })).toEqual(['跟进名单是空的，目前没有需要跟进的人。'])

    // Numbering continues past the deleted report, so no two reports of the day share an id.
    await f.say(at('08:20:00'), '赵磊', '体温36.4', STAFF)
    expect((await storedReports(f)).map((r) => r.id)).toEqual(['2026-02-03-2', '2026-02-03-3'])
  })
})

describe('a deletion request an admin turns down', () => {
  it('keeps the data, tells the person why, and needs a new request before any deletion', async () => {
    const f = await open()
    await f.say(at('08:00:00'), '吴强', '体温36.6', STAFF)
    await ask(f, '08:10:00', '吴强', '/删除我的数据', STAFF)
    const rejected = await ask(f, '08:11:00', '张伟', '/删除我的数据 驳回 吴强 上级要求保留本月记录', ADMIN)
    expect(textsIn(rejected, { room: ADMIN })).toEqual(['已驳回 吴强 的删除申请，原因：上级要求保留本月记录。已私聊告知本人。'])
    expect(textsIn(rejected, { to: '吴强' })).toEqual(['你申请删除健康数据的请求没有通过，原因：上级要求保留本月记录。有疑问请联系行政群的老师。'])
    expect((await storedReports(f)).map((r) => r.reporter)).toEqual(['吴强'])
    expect(textsIn(await ask(f, '08:12:00', '张伟', '/删除我的数据 确认 吴强', ADMIN), { room: ADMIN })).toEqual([
      '吴强 没有提交删除申请，需要本人先发送 /删除我的数据。',
    ])
  })
})

describe('command arguments', () => {
  it('answers a bad date with the usage and an example', async () => {
    const f = await open()
    expect(textsIn(await ask(f, '08:00:00', '张伟', '/明细 2月30日', ADMIN), { room: ADMIN })).toEqual([
      '用法：/明细 [上午|下午] [日期]，例如 /明细 上午 或 /明细 下午 2月3日（日期可写今天、昨天、周三、下周一、2月3日、2-3 或 2026-02-03）\n问题：没有2月30日这一天；时段可以写 上午 或 下午',
    ])
  })

  it('shows every slot of an earlier day when no slot is given', async () => {
    const f = await open()
    await f.say(at('08:00:00'), '王芳', '体温36.5', STAFF)
    await f.say(at('14:00:00'), '王芳', '体温36.7', STAFF)
    const [text] = textsIn(await ask(f, at('09:00:00', '2026-02-04'), '张伟', '/明细 昨天', ADMIN), { room: ADMIN }).filter((t) => t.includes('健康明细'))
    const lines = text?.split('\n') ?? []
    expect(lines.filter((line) => line.includes('健康明细'))).toEqual(['2月3日上午 健康明细', '2月3日下午 健康明细'])
    expect(lines.filter((line) => line.startsWith('王芳 '))).toEqual(['王芳 36.5℃', '王芳 36.7℃'])
  })
})
