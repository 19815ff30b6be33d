import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN_ONLY_TEXT } from '../../src/app/router.js'
import { createFixture, SMALL_SCHOOL, type Fixture, type Sent } from '../fixture.js'

/** Health rounds fire only on 1 January, so these tests see meeting traffic alone. */
const NEW_YEAR_ONLY = '0 0 1 1 *'

/** SMALL_SCHOOL with a third admin, 陈静, who says nothing during meetings. */
const SCHOOL = {
  ...SMALL_SCHOOL,
  health: {
    slots: [{ name: '全天', remind: NEW_YEAR_ONLY, deadline: NEW_YEAR_ONLY }],
    dailySummary: NEW_YEAR_ONLY,
    privateChase: false,
  },
  roster: [...SMALL_SCHOOL.roster, { name: '陈静', groups: ['全体教职工群', '行政群'] }],
}
const ADMIN_ROOM = '行政群'

const at = (clock: string, day = '2026-02-03'): string => `${day}T${clock}+08:00`
const timeOf = (message: Sent): string => message.at.toISOString()
const texts = (messages: Sent[]): string[] => messages.map((message) => message.text ?? '')
const inRoom = (messages: Sent[], room: string): Sent[] => messages.filter((message) => message.room === room)
const containing = (messages: Sent[], fragment: string): Sent[] => messages.filter((message) => message.text?.includes(fragment))

const open: Fixture[] = []
async function start(options: { dataDir?: string; start: string }): Promise<Fixture> {
  const fixture = await createFixture({ config: SCHOOL, ...options })
  open.push(fixture)
  return fixture
}
async function restart(fixture: Fixture, when: string): Promise<Fixture> {
  await fixture.close()
  open.splice(open.indexOf(fixture), 1)
  return start({ dataDir: fixture.dataDir, start: when })
}
afterEach(async () => {
  for (const fixture of open.splice(0)) await fixture.close()
})

describe('meetings', () => {
  it('runs a meeting from scheduling to minutes, carries the agenda over and reminds owners on the due day', async () => {
    const bot = await start({ start: at('08:00:00') })

    const scheduled = await bot.say(at('09:00:00'), '张伟', '/会议 新建 今天19:30 复课准备专题会', ADMIN_ROOM)
    expect(texts(scheduled)).toEqual([
      '已安排会议「复课准备专题会」（编号 1），2月3日（周二）19:30。\n议程会在 19:00 发到行政群；会前可以用 /议程 事项 添加议程。',
    ])
    await bot.say(at('09:05:00'), '张伟', '/议程 复课前教室消毒安排', ADMIN_ROOM)
    const privately = await bot.say(at('09:10:00'), '刘洋', '/议程 教师线上培训安排')
    expect(privately).toMatchObject([{ to: '刘洋', text: '已加入「复课准备专题会」（2月3日（周二）19:30）的议程，第 2 项。' }])
    await bot.say(at('09:15:00'), '张伟', '/议程 家长会时间安排', ADMIN_ROOM)

    expect(await bot.advance(at('18:59:30'))).toEqual([])
    const agenda = await bot.advance(at('19:00:30'))
    expect(agenda).toHaveLength(1)
    expect(agenda[0]).toMatchObject({
      room: ADMIN_ROOM,
      text: [
        '【会议议程】复课准备专题会',
        '时间：2月3日（周二）19:30',
        '1. 复课前教室消毒安排（张伟提出）',
        '2. 教师线上培训安排（刘洋提出）',
        '3. 家长会时间安排（张伟提出）',
        '请准时参加。会上用 /议题 逐项讨论，/决议 /记录 /待办 记在当前议题下。',
      ].join('\n'),
    })
    expect(timeOf(agenda[0] as Sent)).toBe(new Date(at('19:00:00')).toISOString())

    // Talk before the meeting opens is not attendance.
    await bot.say(at('19:20:00'), '陈静', '我今晚有事，晚点看纪要', ADMIN_ROOM)
    const opened = await bot.say(at('19:31:00'), '张伟', '/会议 开始', ADMIN_ROOM)
    expect(texts(opened)[0]).toMatch(/^「复课准备专题会」开始了（19:31）。\n议程：\n1\. 复课前教室消毒安排（张伟提出）/)
    expect(texts(opened)[0]).toContain('参会的老师请发 /出席 登记')
    // 陈静 is there but says nothing; registered, she is present without having spoken.
    expect(texts(await bot.say(at('19:31:30'), '张伟', '/出席 张伟 陈静', ADMIN_ROOM))).toEqual(['已登记出席：张伟、陈静。「复课准备专题会」现有出席 2 人。'])
    expect(texts(await bot.say(at('19:31:40'), '刘洋', '/出席', ADMIN_ROOM))).toEqual(['已登记出席：刘洋。「复课准备专题会」现有出席 3 人。'])
    expect(texts(await bot.say(at('19:31:50'), '张伟', '/出席 陈静 路人甲', ADMIN_ROOM))[0]).toMatch(/^名单里没有“路人甲”/)

    expect(texts(await bot.say(at('19:32:00'), '张伟', '/议题', ADMIN_ROOM))).toEqual([
      '议题一：复课前教室消毒安排（议程第 1 项）\n下一项议程：2. 教师线上培训安排（刘洋提出）',
    ])
    await bot.say(at('19:33:00'), '刘洋', '消毒液够用吗？', ADMIN_ROOM)
    await bot.say(at('19:33:00'), '王芳', '收到', '全体教职工群')
    expect(texts(await bot.say(at('19:34:00'), '张伟', '/决议 周五前完成全部教室消毒', ADMIN_ROOM))).toEqual([
      '已记下决议（议题一：复课前教室消毒安排）。',
    ])
    await bot.say(at('19:35:00'), '张伟', '/记录 后勤已采购消毒液 20 桶', ADMIN_ROOM)
    await bot.say(at('19:36:00'), '张伟', '/记录 这条记错了', ADMIN_ROOM)
    expect(texts(await bot.say(at('19:37:00'), '张伟', '/撤销', ADMIN_ROOM))).toEqual(['已撤销记录：这条记错了。'])
    expect(texts(await bot.say(at('19:38:00'), '张伟', '/待办 @刘洋 制定消毒排班表 截止 2月5日', ADMIN_ROOM))).toEqual([
      '已记下待办（议题一：复课前教室消毒安排）：\n#1 制定消毒排班表 —— 刘洋，2月5日（周四）截止',
    ])
    await bot.say(at('19:39:00'), '张伟', '/待办 王芳 统计班级返校人数 截止 周四', ADMIN_ROOM)
    await bot.say(at('19:45:00'), '张伟', '/议题 2', ADMIN_ROOM)
    await bot.say(at('19:50:00'), '张伟', '/决议 下周一起每周二下午培训', ADMIN_ROOM)

    await bot.say(at('20:10:00'), '张伟', '/会议 结束', ADMIN_ROOM)
    await bot.say(at('20:11:00'), '陈静', '辛苦了', ADMIN_ROOM)
    const afterEnd = bot.sent.filter((message) => message.at.getTime() >= new Date(at('20:10:00')).getTime())
    expect(inRoom(afterEnd, ADMIN_ROOM)[0]?.text).toBe(
      [
        '【会议纪要】复课准备专题会',
        '编号：1',
        '时间：2月3日（周二）19:31—20:10',
        '出席：张伟、刘洋、陈静（共3人）',
        '发言：张伟、刘洋',
        '',
        '一、复课前教室消毒安排（议程第1项，张伟提出）',
        '  决议：周五前完成全部教室消毒',
        '  记录：后勤已采购消毒液 20 桶',
        '  待办：#1 制定消毒排班表（刘洋）',
        '  待办：#2 统计班级返校人数（王芳）',
        '二、教师线上培训安排（议程第2项，刘洋提出）',
        '  决议：下周一起每周二下午培训',
        '',
        '待办事项：',
        '#1 制定消毒排班表 —— 刘洋，2月5日（周四）截止',
        '#2 统计班级返校人数 —— 王芳，2月5日（周四）截止',
        '',
        '未讨论的议程，顺延到下次会议：',
        '1. 家长会时间安排（张伟提出）',
      ].join('\n'),
    )
    // 王芳 is not in the admin group, so she hears of her action item privately.
    expect(afterEnd.filter((message) => message.to === '王芳')).toMatchObject([
      { text: '你好！「复课准备专题会」会议给你安排了待办：\n#2 统计班级返校人数 —— 王芳，2月5日（周四）截止\n完成后请告诉行政群的老师。' },
    ])

    await bot.say(at('20:20:00'), '张伟', '/会议 新建 明天 19:30 第二次行政会', ADMIN_ROOM)
    const nextAgenda = inRoom(await bot.advance(at('19:00:30', '2026-02-04')), ADMIN_ROOM)
    expect(nextAgenda).toHaveLength(1)
    expect(nextAgenda[0]?.text).toContain('1. 家长会时间安排（张伟提出，上次会议顺延）')
    expect(timeOf(nextAgenda[0] as Sent)).toBe(new Date(at('19:00:00', '2026-02-04')).toISOString())

    const dueDay = await bot.advance(at('09:00:00', '2026-02-05'))
    const reminders = containing(dueDay, '今天到期')
    expect(reminders).toMatchObject([
      { room: ADMIN_ROOM, mentions: ['刘洋'], text: '今天到期的待办：\n#1 制定消毒排班表 —— 刘洋，2月5日（周四）截止\n完成后发 /完成 编号。' },
      { to: '王芳', text: '你好！你的待办今天到期：\n#2 统计班级返校人数 —— 王芳，2月5日（周四）截止\n完成后请告诉行政群的老师。' },
    ])
    expect(timeOf(reminders[0] as Sent)).toBe(new Date(at('08:00:00', '2026-02-05')).toISOString())
    expect(containing(await bot.advance(at('18:00:00', '2026-02-05')), '今天到期')).toEqual([])

    expect(texts(await bot.say(at('18:05:00', '2026-02-05'), '刘洋', '/完成 1', ADMIN_ROOM))).toEqual([
      '已完成 #1 制定消毒排班表（刘洋）。还有 1 项待办未完成。',
    ])
    expect(texts(await bot.say(at('08:00:00', '2026-02-06'), '刘洋', '/待办 列表', ADMIN_ROOM))).toEqual([
      '未完成的待办（1 项）：\n#2 统计班级返校人数 —— 王芳，2月5日（周四）截止（已逾期）\n完成后发 /完成 编号。',
    ])
  })

  it('keeps everything across restarts, posts a missed agenda once late and never twice', async () => {
    const first = await start({ start: at('18:00:00') })
    await first.say(at('18:10:00'), '张伟', '/会议 新建 今天 19:30 周例会', ADMIN_ROOM)
    await first.say(at('18:11:00'), '刘洋', '/议程 期中教学检查', ADMIN_ROOM)
    await first.advance(at('18:50:00'))

    // Down from 18:50 to 19:05: the agenda due at 19:00 goes out once, late.
    const second = await restart(first, at('19:05:00'))
    expect(second.sent).toMatchObject([{ room: ADMIN_ROOM, text: expect.stringMatching(/^【会议议程】周例会（补发）\n时间：2月3日（周二）19:30\n1\. 期中教学检查（刘洋提出）/) }])
    expect(timeOf(second.sent[0] as Sent)).toBe(new Date(at('19:05:00')).toISOString())
    expect(await second.advance(at('19:25:00'))).toEqual([])

    const third = await restart(second, at('19:26:00'))
    expect(await third.advance(at('19:29:00'))).toEqual([])
    await third.say(at('19:30:00'), '张伟', '/会议 开始', ADMIN_ROOM)
    await third.say(at('19:31:00'), '刘洋', '我先说一下检查安排', ADMIN_ROOM)
    await third.say(at('19:32:00'), '张伟', '/议题', ADMIN_ROOM)
    await third.say(at('19:33:00'), '张伟', '/决议 下周三开始检查', ADMIN_ROOM)
    await third.advance(at('19:40:00'))

    // Restarted in the middle of the meeting: it is still open, nothing is reposted.
    const fourth = await restart(third, at('19:45:00'))
    expect(await fourth.advance(at('19:46:00'))).toEqual([])
    expect(texts(await fourth.say(at('19:47:00'), '张伟', '/决议 各教研组长负责本组', ADMIN_ROOM))).toEqual([
      '已记下决议（议题一：期中教学检查）。',
    ])
    await fourth.say(at('20:00:00'), '张伟', '/会议 结束', ADMIN_ROOM)
    const minutes = containing(fourth.sent, '【会议纪要】')
    expect(minutes).toHaveLength(1)
    expect(minutes[0]?.text).toContain('时间：2月3日（周二）19:30—20:00\n出席：未登记（会上发 /出席 姓名 登记）\n发言：张伟、刘洋')
    expect(minutes[0]?.text).toContain('一、期中教学检查（议程第1项，刘洋提出）\n  决议：下周三开始检查\n  决议：各教研组长负责本组')
    expect(containing([...second.sent, ...third.sent, ...fourth.sent], '【会议议程】')).toHaveLength(1)
  })

  it('closes a meeting left open at the end of the day and records a meeting never held', async () => {
    const bot = await start({ start: at('18:00:00') })
    await bot.say(at('18:05:00'), '刘洋', '/会议 新建 明天 19:30 第二周工作部署', ADMIN_ROOM)
    await bot.say(at('18:06:00'), '刘洋', '/议程 线上升旗仪式', ADMIN_ROOM)
    expect(texts(await bot.say(at('21:00:00'), '张伟', '/会议 开始 临时碰头会', ADMIN_ROOM))[0]).toMatch(/^「临时碰头会」开始了（21:00）。\n本次没有预先提交的议程。/)
    await bot.say(at('21:05:00'), '张伟', '/决议 明早发布复课通知', ADMIN_ROOM)

    const night = await bot.advance(at('00:00:30', '2026-02-04'))
    expect(night).toHaveLength(1)
    expect(timeOf(night[0] as Sent)).toBe(new Date(at('23:59:00')).toISOString())
    expect(night[0]?.text).toBe(
      [
        '【会议纪要】临时碰头会',
        '编号：2',
        '时间：2月3日（周二）21:00—23:59',
        '出席：未登记（会上发 /出席 姓名 登记）',
        '发言：张伟',
        '',
        '其他事项',
        '  决议：明早发布复课通知',
        '',
        '注：会议没有用 /会议 结束 收尾，已在 2月3日（周二）23:59 自动结束。',
      ].join('\n'),
    )

    // The meeting scheduled for 2月4日 is never started: after its day it is recorded as not held,
    // without a message in the night, and its agenda waits for the next meeting.
    const fourthOfFebruary = await bot.advance(at('07:00:00', '2026-02-05'))
    expect(texts(fourthOfFebruary).filter((text) => !text.startsWith('【会议议程】第二周工作部署'))).toEqual([])
    expect(texts(await bot.say(at('08:00:00', '2026-02-05'), '刘洋', '/议程', ADMIN_ROOM))).toEqual([
      '还没有安排会议。已收集的议程：\n1. 线上升旗仪式（刘洋提出，上次会议顺延）\n添加：/议程 事项；删除：/议程 删除 编号',
    ])
    expect(texts(await bot.say(at('08:01:00', '2026-02-05'), '刘洋', '/会议 列表', ADMIN_ROOM))).toEqual([
      [
        '会议列表（编号 · 时间 · 标题）：',
        '过往会议：',
        '1 · 2月4日（周三）19:30 · 第二周工作部署（未召开）',
        '2 · 2月3日（周二）21:00 · 临时碰头会（决议 1 条，待办 0 项）',
        '发 /纪要 编号 查看纪要。',
      ].join('\n'),
    ])
  })

  it('refuses non-admins and answers bad input with the usage and an example', async () => {
    const bot = await start({ start: at('08:00:00') })
    expect(await bot.say(at('09:00:00'), '王芳', '/会议 新建 明天 19:30 家长会', '全体教职工群')).toMatchObject([
      { room: '全体教职工群', text: ADMIN_ONLY_TEXT },
    ])
    expect(await bot.say(at('09:01:00'), '王芳', '/议程 我也想提一项')).toMatchObject([{ to: '王芳', text: ADMIN_ONLY_TEXT }])

    const usage = '用法：/会议 新建 时间 标题，例如 /会议 新建 明天 19:30 复课准备会（时间也可以写 2月3日19:30、后天 晚上7点半、周三 19:30、2026-02-03 19:30）'
    expect(texts(await bot.say(at('09:02:00'), '张伟', '/会议 新建 下个月 复课会', ADMIN_ROOM))).toEqual([`${usage}\n问题：看不懂时间“下个月”`])
    expect(texts(await bot.say(at('09:03:00'), '张伟', '/会议 新建 今天 8:00 晨会', ADMIN_ROOM))).toEqual([
      `${usage}\n问题：2月3日（周二）08:00 已经过去了`,
    ])
    expect(texts(await bot.say(at('09:04:00'), '张伟', '/会议 新建 明天 19:30', ADMIN_ROOM))).toEqual([`${usage}\n问题：请在时间后面写上会议标题`])
    await bot.say(at('09:04:10'), '张伟', '/会议 新建 明天 19:30 家长会筹备', ADMIN_ROOM)
    expect(texts(await bot.say(at('09:04:20'), '刘洋', '/会议 新建 2月4日 19:30 家长会筹备', ADMIN_ROOM))).toEqual([
      '这个时间已经安排了「家长会筹备」（编号 1），没有重复安排。发 /会议 列表 查看。',
    ])
    expect(texts(await bot.say(at('09:05:00'), '张伟', '/决议 先这样定', ADMIN_ROOM))).toEqual([
      '现在没有进行中的会议。先发 /会议 开始（或 /会议 新建 时间 标题 安排一次）。',
    ])

    await bot.say(at('09:10:00'), '张伟', '/会议 开始', ADMIN_ROOM)
    expect(texts(await bot.say(at('09:11:00'), '张伟', '/待办 路人甲 准备材料', ADMIN_ROOM))).toEqual([
      '名单里没有“路人甲”。负责人请写名单上的姓名或别名，或者 @ 本人。\n用法：/待办 姓名或@某人 事项 [截止 日期]，例如 /待办 刘洋 制定消毒排班表 截止 2月5日',
    ])
    expect(texts(await bot.say(at('09:12:00'), '张伟', '/待办 刘洋 准备材料 截止 2月1日', ADMIN_ROOM))).toEqual([
      '用法：/待办 姓名或@某人 事项 [截止 日期]，例如 /待办 刘洋 制定消毒排班表 截止 2月5日\n问题：截止日期：2月1日（周日） 已经过去了',
    ])
    expect(texts(await bot.say(at('09:13:00'), '张伟', '/完成 三', ADMIN_ROOM))).toEqual([
      '用法：/完成 待办编号，例如 /完成 3\n问题：待办编号应是数字，例如 /完成 3',
    ])
    expect(texts(await bot.say(at('09:14:00'), '张伟', '/议题', ADMIN_ROOM))).toEqual([
      '议程已经没有未讨论的事项了，请写上议题，例如 /议题 下周教研安排',
    ])
    expect(texts(await bot.say(at('09:15:00'), '张伟', '/撤销', ADMIN_ROOM))).toEqual(['本次会议还没有记录，没有可撤销的。'])
  })

  it('cancels and reschedules meetings, removes agenda items, and gives clear errors for unknown numbers', async () => {
    const bot = await start({ start: at('08:00:00') })
    await bot.say(at('08:10:00'), '张伟', '/会议 新建 今天 19:30 周例会', ADMIN_ROOM)
    await bot.say(at('08:11:00'), '张伟', '/会议 新建 明天 19:30 家长会筹备', ADMIN_ROOM)
    await bot.say(at('08:12:00'), '刘洋', '/议程 期中教学检查', ADMIN_ROOM)
    await bot.say(at('08:13:00'), '刘洋', '/议程 删除 1', ADMIN_ROOM)
    expect(texts(await bot.say(at('08:14:00'), '刘洋', '/议程', ADMIN_ROOM))[0]).toContain('（暂无）')
    await bot.say(at('08:15:00'), '刘洋', '/议程 期中教学检查', ADMIN_ROOM)
    await bot.say(at('08:16:00'), '张伟', '/议程 食堂排班', ADMIN_ROOM)
    expect(texts(await bot.say(at('08:17:00'), '刘洋', '/议程 删除 1', ADMIN_ROOM))).toEqual([
      '已从「周例会」的议程删除第 1 项：期中教学检查（刘洋提出）。还有 1 项，发 /议程 查看。',
    ])
    expect(texts(await bot.say(at('08:18:00'), '刘洋', '/议程 删除 5', ADMIN_ROOM))).toEqual(['议程里没有第 5 项（共 1 项），发 /议程 查看。'])

    // Cancelled: the admin group is told, the agenda waits for the next meeting, and no agenda is posted.
    const cancelled = [...(await bot.say(at('09:00:00'), '刘洋', '/会议 取消 1 与区教研活动冲突')), ...(await bot.drain())]
    expect(cancelled).toMatchObject([
      { room: ADMIN_ROOM, text: '【会议取消】「周例会」（2月3日（周二）19:30）取消了，原因：与区教研活动冲突。（刘洋）\n议程 1 项顺延到下次会议。' },
      { to: '刘洋', text: '已取消「周例会」，已通知行政群。' },
    ])
    expect(containing(await bot.advance(at('20:00:00')), '【会议议程】')).toEqual([])
    expect(texts(await bot.say(at('20:01:00'), '张伟', '/会议 取消 1', ADMIN_ROOM))).toEqual(['#1「周例会」已经取消了，不能再取消或改期。'])
    expect(texts(await bot.say(at('20:02:00'), '张伟', '/纪要 1', ADMIN_ROOM))).toEqual(['「周例会」已取消（与区教研活动冲突），没有纪要。'])

    // Rescheduled: the agenda goes out before the new time, not the old one.
    expect(texts(await bot.say(at('20:03:00'), '张伟', '/会议 改期 2 后天 8:30', ADMIN_ROOM))).toEqual([
      '【会议改期】「家长会筹备」由 2月4日（周三）19:30 改到 2月5日（周四）08:30。（张伟）\n议程会在 08:00 发到行政群。',
    ])
    expect(containing(await bot.advance(at('20:00:00', '2026-02-04')), '【会议议程】')).toEqual([])
    const agenda = containing(await bot.advance(at('08:01:00', '2026-02-05')), '【会议议程】')
    expect(agenda.map((message) => message.text?.split('\n').slice(0, 3).join('\n'))).toEqual(['【会议议程】家长会筹备\n时间：2月5日（周四）08:30\n1. 食堂排班（张伟提出，上次会议顺延）'])

    expect(texts(await bot.say(at('08:02:00', '2026-02-05'), '张伟', '/会议 改期 2 2099-02-05 8:30', ADMIN_ROOM))[0]).toContain('2099年2月5日离今天太远了，请检查年份')
    expect(texts(await bot.say(at('08:03:00', '2026-02-05'), '张伟', '/会议 改期 9 明天 8:30', ADMIN_ROOM))).toEqual(['没有 #9 这个会议（编号是 1 到 2），发 /会议 列表 查看。'])
    expect(texts(await bot.say(at('08:04:00', '2026-02-05'), '张伟', '/纪要 99999999999', ADMIN_ROOM))[0]).toContain('没有这个会议编号')
    expect(texts(await bot.say(at('08:05:00', '2026-02-05'), '张伟', '/完成 3', ADMIN_ROOM))).toEqual(['没有 #3 这项待办：还没有布置过待办，发 /待办 列表 查看。'])
  })

  it('lists the whole admin group as present when the school counts attendance by group', async () => {
    const fixture = await createFixture({ config: { ...SCHOOL, meetings: { attendance: 'group' } }, start: at('08:00:00') })
    open.push(fixture)
    const opened = await fixture.say(at('09:00:00'), '张伟', '/会议 开始 碰头会', ADMIN_ROOM)
    expect(texts(opened)[0]).not.toContain('/出席')
    await fixture.say(at('09:05:00'), '张伟', '/会议 结束', ADMIN_ROOM)
    const minutes = containing(fixture.sent, '【会议纪要】')[0]?.text ?? ''
    expect(minutes).toContain('出席：张伟、刘洋、陈静（共3人）\n发言：张伟')
  })
})
