import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { createApp, documentsOf } from '../../src/app/app.js'
import { AREAS } from '../../src/areas.js'
import { createLogger } from '../../src/log.js'
import { SimulatedClock } from '../../src/schedule/clock.js'
import { Store } from '../../src/store/store.js'
import { techDocument } from '../../src/tech/data.js'
import { createFixture, loadTestConfig, SMALL_SCHOOL, type Fixture, type Sent } from '../fixture.js'

const TECH = '信息技术支持群'
const at = (time: string, date = '2026-02-03') => `${date}T${time}+08:00`

const FAQ = { question: '希沃白板打不开怎么办？', answer: '请先在任务栏退出希沃白板，再以管理员身份重新打开。', any: ['打不开', '闪退'], all: ['希沃'] }

const TECH_SCHOOL = {
  ...SMALL_SCHOOL,
  groups: [...SMALL_SCHOOL.groups, { topic: TECH, role: 'tech' }],
  roster: [
    ...SMALL_SCHOOL.roster.map((person) => ({ ...person, groups: [...person.groups, TECH] })),
    { name: '陈静', groups: ['全体教职工群', TECH] },
    { name: '杨帆', groups: ['全体教职工群', TECH] },
  ],
  health: { skipDays: 'weekends' },
  tech: { team: ['陈静', '杨帆'], faq: [FAQ], firstResponseMinutes: 15, resolveHours: 2, schoolHours: '07:30-18:00' },
}

let fixture: Fixture | undefined
afterEach(async () => {
  await fixture?.close()
  fixture = undefined
})

const start = async (time = at('07:00:00'), dataDir?: string): Promise<Fixture> => {
  fixture = await createFixture({ config: TECH_SCHOOL, start: time, ...(dataDir ? { dataDir } : {}) })
  return fixture
}

const texts = (sent: readonly Sent[], where: { room?: string; to?: string }): string[] =>
  sent.filter((s) => (where.room ? s.room === where.room : s.to === where.to) && s.text !== undefined).map((s) => s.text as string)

/** Says something and lets every reply (and the batched acknowledgements) go out. */
async function ask(f: Fixture, time: string, from: string, text: string, room?: string): Promise<Sent[]> {
  await f.advance(time)
  const before = f.sent.length
  await f.say(time, from, text, room)
  await f.drain()
  return f.sent.slice(before)
}

async function ticketsOf(f: Fixture) {
  return (await f.store.open(techDocument)).data.tickets
}

describe('tech desk intake', () => {
  it('registers problems, batches the acknowledgements of one minute and merges the same incident', async () => {
    const f = await start()
    await f.say(at('08:00:00'), '王芳', '腾讯课堂好卡，一直在转圈', TECH)
    await f.say(at('08:00:20'), '李娜', '钉钉直播登录不了，提示密码错误', TECH)
    await f.say(at('08:00:40'), '吴强', '腾讯课堂卡顿，学生那边也很卡怎么办', TECH)
    expect(texts(f.sent, { room: TECH })).toEqual([])
    const batch = await f.advance(at('08:01:30'))
    expect(texts(batch, { room: TECH })).toEqual(['已登记 #2（钉钉直播·登录）\n腾讯课堂卡顿 #1：已有 2 位老师反映'])
    const tickets = await ticketsOf(f)
    expect(tickets.map((ticket) => [ticket.id, ticket.platform, ticket.kind, ticket.reports.map((report) => report.reporter)])).toEqual([
      [1, '腾讯课堂', '卡顿', ['王芳', '吴强']],
      [2, '钉钉直播', '登录', ['李娜']],
    ])
  })

  it('opens no ticket for thanks, 收到, greetings or a team member answering', async () => {
    const f = await start()
    for (const [from, text] of [
      ['王芳', '谢谢陈老师！'],
      ['李娜', '收到'],
      ['吴强', '大家早上好'],
      ['王芳', '好了好了，现在不卡了'],
      ['陈静', '腾讯课堂卡顿的话先退出重进，不行再换网络试试'],
    ] as const) {
      expect(texts(await ask(f, at('08:10:00'), from, text, TECH), { room: TECH })).toEqual([])
    }
    expect(await ticketsOf(f)).toEqual([])
  })

  it('answers a full FAQ match at once, opens a ticket only on 没解决, and suggests a partial match privately', async () => {
    const f = await start()
    const answered = await ask(f, at('08:00:00'), '王芳', '希沃白板打不开了', TECH)
    expect(answered.filter((s) => s.room === TECH)).toEqual([
      expect.objectContaining({ text: `${FAQ.answer}\n如果没解决，回复“没解决”。`, mentions: ['王芳'] }),
    ])
    expect(await ticketsOf(f)).toEqual([])

    const escalated = await ask(f, at('08:05:00'), '王芳', `「教职工群助手：${FAQ.answer}」\n- - - - - - - - - - - - - - -\n没解决`, TECH)
    expect(texts(escalated, { room: TECH })).toEqual(['已登记 #1（希沃·其他）'])
    expect((await ticketsOf(f))[0]?.reports).toEqual([expect.objectContaining({ reporter: '王芳', text: '希沃白板打不开了', room: TECH })])

    const partial = await ask(f, at('08:10:00'), '李娜', '三顾云打不开怎么办', TECH)
    expect(texts(partial, { to: '李娜' })).toEqual([`你反映的问题可能和这条常见问题有关：\n问：${FAQ.question}\n答：${FAQ.answer}\n（已登记为 #2，技术老师也会跟进）`])
    expect(texts(partial, { room: TECH })).toEqual(['已登记 #2（三顾云·其他）'])
  })

  it('/报修 privately opens a ticket, tells the tech group, and the reporter hears the resolution privately', async () => {
    const f = await start()
    const reported = await ask(f, at('08:00:00'), '吴强', '/报修 笔记本开不了机')
    expect(texts(reported, { to: '吴强' })).toEqual(['已登记 #1（电脑·设备），技术老师会尽快处理，解决后我会告诉你。'])
    expect(texts(reported, { room: TECH })).toEqual(['已登记 #1（电脑·设备）（吴强私聊报修：笔记本开不了机）'])
    const resolved = await ask(f, at('09:00:00'), '杨帆', '/解决 1 电源适配器松了，已换好', TECH)
    expect(texts(resolved, { to: '吴强' })).toEqual(['#1（电脑·设备）已解决：电源适配器松了，已换好\n如果没解决，回复“没解决”。'])
    expect(texts(resolved, { room: TECH })).toEqual(['已解决 #1，已告诉 1 位反映的老师。'])
    const reopened = await ask(f, at('09:30:00'), '吴强', '没解决')
    expect(texts(reopened, { to: '吴强' })).toEqual(['#1（电脑·设备）已重新打开，已告诉杨帆。'])
    expect(texts(reopened, { to: '杨帆' })[0]).toContain('你处理过的工单 #1（电脑·设备）又打开了（吴强：反馈没解决）')
  })
})

describe('tech desk team actions', () => {
  it('claims by quoting a report with 我来 and resolves by quoting the acknowledgement; reporters are told in one message', async () => {
    const f = await start()
    await f.say(at('08:00:00'), '王芳', '腾讯课堂没有声音', TECH)
    await f.say(at('08:00:10'), '李娜', '腾讯课堂学生听不到我说话', TECH)
    await f.advance(at('08:01:30'))
    const claimed = await ask(f, at('08:02:00'), '陈静', '「王芳：腾讯课堂没有声音」\n- - - - - - - - - - - - - - -\n我来', TECH)
    expect(texts(claimed, { room: TECH })).toEqual(['#1（腾讯课堂·声音）由陈静接单。'])
    const resolved = await ask(f, at('08:20:00'), '陈静', '「教职工群助手：腾讯课堂声音 #1：已有 2 位老师反映」\n- - - - - - - - - - - - - - -\n已解决：麦克风权限被关了，在系统设置里打开即可', TECH)
    expect(resolved.filter((s) => s.room === TECH)).toEqual([
      expect.objectContaining({ text: '#1（腾讯课堂·声音）已解决：麦克风权限被关了，在系统设置里打开即可\n如果没解决，回复“没解决”。', mentions: ['王芳', '李娜'] }),
    ])
    const ticket = (await ticketsOf(f))[0]
    expect(ticket).toMatchObject({ status: 'resolved', assignee: '陈静', resolvedBy: '陈静', firstResponseAt: new Date(at('08:02:00')).toISOString() })

    const again = await ask(f, at('08:30:00'), '李娜', '「教职工群助手：#1（腾讯课堂·声音）已解决：麦克风权限被关了」\n- - -\n没解决', TECH)
    expect(texts(again, { room: TECH })).toEqual(['#1（腾讯课堂·声音）已重新打开，已告诉陈静。'])
  })

  it('runs every team command, and refuses them to teachers outside the team', async () => {
    const f = await start()
    await ask(f, at('08:00:00'), '王芳', '腾讯课堂进不去，一直提示登录失败', TECH)
    await ask(f, at('08:01:00'), '李娜', '钉钉直播黑屏了', TECH)
    await ask(f, at('08:02:00'), '吴强', 'QQ群课堂看不到学生画面', TECH)

    expect(texts(await ask(f, at('08:03:00'), '王芳', '/接单 1', TECH), { room: TECH })).toEqual(['这个命令只有行政群成员、指定人员可以使用。'])
    expect(texts(await ask(f, at('08:03:00'), '陈静', '/工单', TECH), { room: TECH })).toEqual([
      '未解决的工单（3 个）：\n#1（腾讯课堂·登录）王芳 · 待接单\n#2（钉钉直播·画面）李娜 · 待接单\n#3（QQ群课堂·画面）吴强 · 待接单\n发 /工单 编号 查看经过。',
    ])
    expect(texts(await ask(f, at('08:04:00'), '陈静', '/接单 1', TECH), { room: TECH })).toEqual(['#1（腾讯课堂·登录）由陈静接单。'])
    expect(texts(await ask(f, at('08:04:30'), '杨帆', '/接单 1', TECH), { room: TECH })).toEqual(['#1 已由陈静接单。要换人请发 /转交 1 姓名'])
    const transferred = await ask(f, at('08:05:00'), '陈静', '/转交 1 杨帆', TECH)
    expect(texts(transferred, { room: TECH })).toEqual(['#1（腾讯课堂·登录）已转交给杨帆，已私聊告诉他/她。'])
    expect(texts(transferred, { to: '杨帆' })[0]).toContain('陈静把工单 #1（腾讯课堂·登录）转交给你')
    expect(texts(await ask(f, at('08:06:00'), '杨帆', '/工单 合并 2 3', TECH), { room: TECH })).toEqual(['已把 #3 并入 #2（钉钉直播·画面），共 2 位老师反映。'])
    expect(texts(await ask(f, at('08:07:00'), '杨帆', '/接单 3', TECH), { room: TECH })).toEqual(['#2（钉钉直播·画面）由杨帆接单。'])
    expect(texts(await ask(f, at('08:08:00'), '杨帆', '/解决 1', TECH), { room: TECH })).toEqual(['请写上怎么解决的，例如 /解决 3 清除浏览器缓存后重新登录即可'])
    const resolved = await ask(f, at('08:30:00'), '杨帆', '/解决 1 账号被锁定，已在后台解锁', TECH)
    expect(resolved.filter((s) => s.room === TECH)).toEqual([expect.objectContaining({ mentions: ['王芳'] })])
    expect(texts(await ask(f, at('08:31:00'), '陈静', '/工单 1', TECH), { room: TECH })).toEqual([
      '#1（腾讯课堂·登录）已解决，2月3日 08:00 登记\n反映（1 人）：\n08:00 王芳：腾讯课堂进不去，一直提示登录失败\n经过：\n08:04 陈静 接单\n08:05 陈静 转交给杨帆\n08:30 杨帆 解决：账号被锁定，已在后台解锁',
    ])
    expect(texts(await ask(f, at('08:32:00'), '陈静', '/重开 1', TECH), { room: TECH })).toEqual(['#1（腾讯课堂·登录）已重新打开，杨帆处理中。'])
    expect(texts(await ask(f, at('08:33:00'), '李娜', '/解决 2', TECH), { room: TECH })).toEqual(['已把 #2（钉钉直播·画面）记为已自行解决，谢谢告知。'])
    expect(texts(await ask(f, at('08:34:00'), '王芳', '/解决 2 好了', TECH), { room: TECH })).toEqual(['#2 已经解决了（李娜）。如果问题又出现了，请发 /重开 2'])
    expect(texts(await ask(f, at('08:35:00'), '吴强', '/解决 1 好了', TECH), { room: TECH })).toEqual(['#1 不是你反映的问题，只有技术支持老师或管理员可以解决它。'])
  })

  it('keeps resolved solutions as FAQ entries, lists them and deletes stored ones only', async () => {
    const f = await start()
    await ask(f, at('08:00:00'), '王芳', '腾讯会议共享屏幕黑屏', TECH)
    await ask(f, at('08:10:00'), '陈静', '/解决 1 关闭硬件加速后重新共享', TECH)
    const saved = await ask(f, at('08:11:00'), '陈静', '/存为FAQ 1', TECH)
    expect(texts(saved, { room: TECH })).toEqual(['已存为常见问题：腾讯会议共享屏幕黑屏\n以后提到其中任一个词：黑屏、共享屏幕，并且都要有：腾讯会议，就直接回答。'])
    const listed = await ask(f, at('08:12:00'), '李娜', '/FAQ', TECH)
    expect(texts(listed, { room: TECH })).toEqual([`常见问题（2 条）：\n1. ${FAQ.question}\n   ${FAQ.answer}\n2. 腾讯会议共享屏幕黑屏\n   关闭硬件加速后重新共享`])
    const answered = await ask(f, at('08:20:00'), '吴强', '我这边腾讯会议也是共享屏幕以后黑屏', TECH)
    expect(texts(answered, { room: TECH })).toEqual(['关闭硬件加速后重新共享\n如果没解决，回复“没解决”。'])
    expect(texts(await ask(f, at('08:21:00'), '陈静', '/FAQ 删除 1', TECH), { room: TECH })).toEqual(['第 1 条写在配置文件里，请管理员在配置文件的 tech.faq 中删除。'])
    expect(texts(await ask(f, at('08:22:00'), '陈静', '/FAQ 删除 2', TECH), { room: TECH })).toEqual(['已删除常见问题：腾讯会议共享屏幕黑屏'])
    expect(texts(await ask(f, at('08:23:00'), '李娜', '/FAQ 删除 1', TECH), { room: TECH })).toEqual(['这个命令只有行政群成员、指定人员可以使用。'])
  })
})

const nudges = (sent: readonly Sent[]): Sent[] => sent.filter((s) => s.room === TECH && s.text?.startsWith('还没有人接的工单'))
const overdueNotes = (sent: readonly Sent[], to: string): string[] => texts(sent, { to }).filter((text) => text.startsWith('你接的工单'))

describe('tech desk nudges', () => {
  it('puts an unclaimed ticket to the team after 15 school minutes and an unresolved one to its assignee after the resolve hours, once each across a restart', async () => {
    const f = await start()
    await ask(f, at('08:00:00'), '王芳', '腾讯课堂登录不了', TECH)
    expect(nudges(await f.advance(at('08:14:30')))).toEqual([])
    expect(nudges(await f.advance(at('08:15:30')))).toEqual([
      expect.objectContaining({ text: '还没有人接的工单：\n#1（腾讯课堂·登录）王芳，已等 15 分钟\n请发 /接单 编号，或引用老师的消息回复“我来”。', mentions: ['陈静', '杨帆'] }),
    ])
    expect(nudges(await f.advance(at('08:30:00')))).toEqual([])
    await ask(f, at('08:40:00'), '陈静', '/接单 1', TECH)
    expect(overdueNotes(await f.advance(at('09:59:30')), '陈静')).toEqual([])
    const overdue = overdueNotes(await f.advance(at('10:00:30')), '陈静')
    expect(overdue).toHaveLength(1)
    expect(overdue[0]).toContain('你接的工单 #1（腾讯课堂·登录）已超过 2 小时（按上课时间算）还没解决')

    await f.close()
    fixture = undefined
    const restarted = await start(at('10:05:00'), f.dataDir)
    const after = await restarted.advance(at('11:00:00'))
    expect(nudges(after)).toEqual([])
    expect(overdueNotes(after, '陈静')).toEqual([])
  })

  it('counts only school hours on working days: a problem at 17:50 on Friday is put to the team at 07:35 on Monday', async () => {
    const f = await start(at('17:00:00', '2026-02-06'))
    await ask(f, at('17:50:00', '2026-02-06'), '李娜', '钉钉直播没有声音', TECH)
    expect(nudges(await f.advance(at('07:34:30', '2026-02-09')))).toEqual([])
    const monday = nudges(await f.advance(at('07:35:30', '2026-02-09')))
    expect(monday.map((s) => s.text)).toEqual(['还没有人接的工单：\n#1（钉钉直播·声音）李娜，已等 15 分钟\n请发 /接单 编号，或引用老师的消息回复“我来”。'])
  })
})

describe('tech desk numbers', () => {
  async function busyDay(f: Fixture): Promise<void> {
    await ask(f, at('08:00:00'), '王芳', '腾讯课堂卡顿', TECH)
    await ask(f, at('08:01:00'), '李娜', '腾讯课堂好卡', TECH)
    await ask(f, at('08:02:00'), '吴强', '钉钉直播登录不了', TECH)
    await ask(f, at('08:03:00'), '赵磊', '三顾云黑屏怎么办', TECH)
    await ask(f, at('08:10:00'), '陈静', '/接单 1', TECH)
    await ask(f, at('08:20:00'), '杨帆', '/接单 2', TECH)
    await ask(f, at('08:40:00'), '陈静', '/解决 1 学校出口带宽已调整', TECH)
    await ask(f, at('09:02:00'), '杨帆', '/解决 2 重置了密码', TECH)
  }

  it('/工单 统计 counts problems and incidents, by platform, kind and assignee, with school-time medians', async () => {
    const f = await start()
    await busyDay(f)
    const stats = await ask(f, at('09:10:00'), '陈静', '/工单 统计 今天', TECH)
    expect(texts(stats, { room: TECH })).toEqual([
      [
        '技术支持统计（2月3日）',
        '收到问题 4 条，合并为 3 个工单，已解决 2 个',
        '按平台：腾讯课堂 1，钉钉直播 1，三顾云 1',
        '按类型：卡顿 1，登录 1，画面 1',
        '首次响应中位数：14 分钟；解决用时中位数：50 分钟（按上课时间计）',
        '按处理人（已解决）：陈静 1，杨帆 1',
      ].join('\n'),
    ])
  })

  it('/导出 工单 sends one spreadsheet row per incident', async () => {
    const f = await start()
    await busyDay(f)
    const exported = await ask(f, at('09:10:00'), '张伟', '/导出 工单 本周', '行政群')
    const file = exported.find((s) => s.file)
    expect(file?.file).toBe('技术工单_2026-02-02_2026-02-03.xlsx')
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(file?.data ?? new Uint8Array()) as never)
    const sheet = workbook.getWorksheet('技术工单')
    const rows = (sheet?.getSheetValues() ?? []).slice(1).map((row) => (row as unknown[]).slice(1))
    expect(rows[0]?.slice(0, 7)).toEqual(['编号', '登记时间', '平台', '类型', '状态', '反映人', '反映人数'])
    expect(rows.slice(1).map((row) => [row[0], row[2], row[4], row[5], row[6], row[8], row[9], row[11], row[12]])).toEqual([
      [1, '腾讯课堂', '已解决', '王芳、李娜', 2, '陈静', 10, 40, '学校出口带宽已调整'],
      [2, '钉钉直播', '已解决', '吴强', 1, '杨帆', 18, 60, '重置了密码'],
      [3, '三顾云', '待接单', '赵磊', 1, '', undefined, undefined, ''],
    ])
    expect(texts(await ask(f, at('09:11:00'), '王芳', '/导出 工单', TECH), { room: TECH })).toEqual(['这个命令只有行政群成员、指定人员可以使用。'])
  })

  it('puts one line in the daily summary and figures in the upward report', async () => {
    const f = await start()
    await busyDay(f)
    const evening = await f.advance(at('20:01:00'))
    const summary = texts(evening, { room: '行政群' }).find((text) => text.startsWith('【健康日报】'))
    expect(summary).toContain('技术支持：\n  今天新登记 3 个工单，解决 2 个，仍未解决 1 个')
    const nextEvening = await f.advance(at('20:01:00', '2026-02-04'))
    expect(texts(nextEvening, { room: '行政群' }).find((text) => text.startsWith('【健康日报】'))).toContain(
      '技术支持：\n  今天新登记 0 个工单，解决 0 个，仍未解决 1 个；超过一天未解决：#3 三顾云·画面（2月3日）',
    )
    await f.close()
    fixture = undefined

    const config = await loadTestConfig(TECH_SCHOOL)
    const store = await Store.open(f.dataDir, { documents: documentsOf(AREAS), log: createLogger('error') })
    const app = await createApp({ areas: AREAS, config, store, clock: new SimulatedClock(new Date(at('21:00:00'))), log: createLogger('error'), deliver: () => undefined })
    const tech = (await app.context.reportFigures('2026-02-01', '2026-02-07')).find((block) => block.area === 'tech')
    expect(tech).toEqual({
      area: 'tech',
      title: '技术支持',
      figures: [
        { label: '收到技术问题', value: 4 },
        { label: '技术工单', value: 3 },
        { label: '已解决工单', value: 2 },
        { label: '解决用时中位数', value: '50 分钟' },
      ],
    })
  })
})
