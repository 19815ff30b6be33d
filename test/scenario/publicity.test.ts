import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { meetingsDocument } from '../../src/meetings/data.js'
import { createFixture, SMALL_SCHOOL, type Fixture, type Sent } from '../fixture.js'

/** Health rounds and the daily summary fire only on 1 January, so these tests see the desk alone. */
const NEW_YEAR_ONLY = '0 0 1 1 *'
const QUIET_HEALTH = { slots: [{ name: '全天', remind: NEW_YEAR_ONLY, deadline: NEW_YEAR_ONLY }], dailySummary: NEW_YEAR_ONLY, privateChase: false }

const PUBLICITY = '宣传讨论群'
const ADMIN = '行政群'

/** 赵磊, 孙丽 and 黄晓明 are in the publicity group, so they are the writers; 孙丽 also edits (初审). */
const schoolWith = (publicity: Record<string, unknown>, health: Record<string, unknown> = QUIET_HEALTH) => ({
  ...SMALL_SCHOOL,
  health,
  roster: [
    ...SMALL_SCHOOL.roster,
    { name: '孙丽', groups: ['全体教职工群', PUBLICITY] },
    { name: '黄晓明', groups: ['全体教职工群', PUBLICITY] },
  ],
  publicity: { reviewers: { 初审: ['孙丽', '黄晓明'], 复审: ['刘洋', '孙丽'], 终审: ['张伟'] }, ...publicity },
})

const at = (clock: string, day = '2026-02-03'): string => `${day}T${clock}+08:00`

const open: Fixture[] = []
async function start(options: { config?: unknown; dataDir?: string; start: string }): Promise<Fixture> {
  const fixture = await createFixture({ config: schoolWith({}), ...options })
  open.push(fixture)
  return fixture
}
async function restart(fixture: Fixture, config: unknown, when: string): Promise<Fixture> {
  await fixture.close()
  open.splice(open.indexOf(fixture), 1)
  return start({ config, dataDir: fixture.dataDir, start: when })
}
afterEach(async () => {
  for (const fixture of open.splice(0)) await fixture.close()
})

/** The one text reply to a message, wherever it went. */
async function ask(bot: Fixture, time: string, from: string, text: string, room?: string): Promise<string> {
  const sent = await bot.say(time, from, text, room)
  const texts = sent.filter((message) => message.text !== undefined)
  expect(texts).toHaveLength(1)
  return texts[0]?.text ?? ''
}

const privately = (sent: readonly Sent[]) => sent.filter((message) => message.to !== undefined).map((message) => [message.to, message.text])

describe('the publicity desk', () => {
  it('walks an article through every status with three reviews, refusing what is not allowed', async () => {
    const bot = await start({ start: at('08:00:00') })
    const say = (time: string, from: string, text: string, room: string | undefined = PUBLICITY) => ask(bot, at(time), from, text, room)

    expect(await say('09:00:00', '赵磊', '/选题 《校运会报道》 截止 2月6日')).toBe('已立选题 #1《校运会报道》，截止 2月6日。撰稿人发 /认领 1 认领。')
    expect(await ask(bot, at('09:01:00'), '吴强', '/认领 1')).toBe('这个命令只有行政群成员、宣传讨论群成员可以使用。')
    expect(await say('09:02:00', '赵磊', '/交稿 1')).toBe('稿件 #1 现在是「选题」，不能交稿（现在可以：认领、撤稿）。')
    expect(await say('09:03:00', '赵磊', '/认领 1')).toBe('赵磊认领了 #1《校运会报道》（撰稿：赵磊），截止 2月6日。写好后发 /交稿 1 [链接或说明]。')
    expect(await say('09:04:00', '赵磊', '/审核 1 通过')).toBe('稿件 #1 现在是「撰写中」，不能审核通过（现在可以：认领、交稿、撤稿）。')
    expect(await say('09:05:00', '孙丽', '/交稿 1')).toBe('只有撰稿人（赵磊）或行政群成员可以交稿。')
    expect(await say('10:00:00', '赵磊', '/交稿 1 初稿见共享文档')).toBe(
      '#1《校运会报道》 已交稿，等待初审（初审：孙丽、黄晓明）。审核请发 /审核 1 通过 [意见] 或 /审核 1 退回 原因。',
    )

    expect(await say('10:10:00', '张伟', '/审核 1 通过', ADMIN)).toBe('稿件 #1 现在等的是初审，你是终审审核人，请等轮到终审时再审。')
    expect(await say('10:11:00', '孙丽', '/审核 1 退回')).toContain('问题：退回请写上原因')
    expect(await say('10:12:00', '孙丽', '/审核 1 退回 照片太少')).toBe('#1《校运会报道》 初审退回修改（孙丽）：照片太少\n撰稿人赵磊修改后请再发 /交稿 1。')
    expect(await say('11:00:00', '赵磊', '/交稿 1 已补照片')).toContain('已交稿，等待初审')
    expect(await say('11:10:00', '孙丽', '/审核 1 通过')).toBe(
      '#1《校运会报道》 初审通过（孙丽），等待复审（复审：刘洋）。审核请发 /审核 1 通过 [意见] 或 /审核 1 退回 原因。',
    )
    expect(await say('11:11:00', '孙丽', '/审核 1 通过')).toBe('你已经做过这篇稿件的初审，复审请由另一位审核人完成（三审须由不同的人把关）。')
    expect(await say('11:20:00', '刘洋', '/审核 1 通过 标题再短些', ADMIN)).toBe(
      '#1《校运会报道》 复审通过（刘洋，意见：标题再短些），等待终审（终审：张伟）。审核请发 /审核 1 通过 [意见] 或 /审核 1 退回 原因。',
    )
    expect(await say('11:30:00', '张伟', '/审核 1 通过', ADMIN)).toBe('#1《校运会报道》 终审通过（张伟），可以发布了。发布后请发 /发布 1 链接。')
    expect(await say('11:31:00', '黄晓明', '/发布 1 https://mp.weixin.qq.com/s/a1')).toBe('只有撰稿人、终审审核人或行政群成员可以发布。')
    expect(await say('11:40:00', '赵磊', '/发布 1 https://mp.weixin.qq.com/s/a1')).toBe('#1《校运会报道》 已发布：https://mp.weixin.qq.com/s/a1')
    expect(await say('11:41:00', '赵磊', '/交稿 1')).toBe('稿件 #1 现在是「已发布」，不能交稿（现在可以：撤稿）。')

    expect(await say('12:00:00', '孙丽', '/选题 开学第一课 撰稿 孙丽')).toBe(
      '已立选题 #2《开学第一课》，撰稿：孙丽，截止 2月6日。写好后发 /交稿 2 [链接或说明]。',
    )
    expect(await say('12:01:00', '孙丽', '/选题 家长会 撰稿 吴强')).toBe('吴强不在撰稿人名单上（撰稿人：赵磊、孙丽、黄晓明）。')
    await say('12:02:00', '孙丽', '/交稿 2')
    expect(await say('12:03:00', '孙丽', '/审核 2 通过')).toBe('你是这篇稿件的撰稿人，不能审核自己的稿件。')
    expect(await say('12:04:00', '吴强', '/审核 2 通过', PUBLICITY)).toBe('你不在初审名单上（初审：孙丽、黄晓明）。')
    expect(await say('12:10:00', '黄晓明', '/选题 植树节')).toContain('#3《植树节》')

    expect(await say('12:20:00', '刘洋', '/稿件', ADMIN)).toBe(
      ['【稿件】', '选题（1）：', '  #3《植树节》 待认领，截止 2月6日', '待初审（1）：', '  #2《开学第一课》 初审：黄晓明', '已发布 1 篇，已撤稿 0 篇。发 /稿件 编号 查看经过。'].join('\n'),
    )
    expect(await say('12:21:00', '黄晓明', '/撤稿 2 活动取消')).toBe('#2《开学第一课》 已撤稿：活动取消')
    expect(await say('12:22:00', '刘洋', '/撤稿 2 活动取消', ADMIN)).toBe('稿件 #2 现在是「已撤稿」，不能撤稿。')

    expect(await say('12:30:00', '赵磊', '/稿件 1')).toBe(
      [
        '#1《校运会报道》 现在：已发布（2月3日 11:40起）',
        '撰稿：赵磊；截止 2月6日；链接：https://mp.weixin.qq.com/s/a1',
        '2月3日 09:00 赵磊 立选题，截止 2月6日',
        '2月3日 09:03 赵磊 认领',
        '2月3日 10:00 赵磊 交稿：初稿见共享文档',
        '2月3日 10:12 孙丽 初审退回修改：照片太少',
        '2月3日 11:00 赵磊 交稿：已补照片',
        '2月3日 11:10 孙丽 初审通过',
        '2月3日 11:20 刘洋 复审通过：标题再短些',
        '2月3日 11:30 张伟 终审通过',
        '2月3日 11:40 赵磊 发布：https://mp.weixin.qq.com/s/a1',
      ].join('\n'),
    )

    // 赵磊 wrote #1 and 孙丽 #2; 孙丽's 初审 of #1 counts once although she reviewed it twice.
    expect(await say('13:00:00', '张伟', '/宣传 统计 今天', ADMIN)).toBe(
      [
        '【宣传统计】2月3日',
        '稿件 3 篇（选题 1，已发布 1，已撤稿 1）',
        '发布 1 篇，选题到发布用时中位数 0 天',
        '写稿审稿 5 人次，退回修改 1 次',
        '按人：',
        '  孙丽：撰稿 1，初审 1（共 2）',
        '  刘洋：复审 1（共 1）',
        '  张伟：终审 1（共 1）',
        '  赵磊：撰稿 1（共 1）',
      ].join('\n'),
    )

    const exported = [...(await bot.say(at('13:10:00'), '刘洋', '/导出 宣传', ADMIN)), ...(await bot.drain())]
    expect(exported.map((message) => message.text ?? message.file)).toEqual(['审核登记表（全部）.xlsx：3 篇稿件。', '审核登记表（全部）.xlsx'])
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(exported[1]?.data as unknown as ArrayBuffer)
    const sheet = workbook.getWorksheet('审核登记表')
    expect(sheet?.getRow(1).values).toEqual([
      undefined,
      '编号', '标题', '状态', '撰稿', '选题日期',
      '初审人', '初审日期', '初审意见', '复审人', '复审日期', '复审意见', '终审人', '终审日期', '终审意见',
      '发布日期', '链接',
    ])
    expect(sheet?.getRow(2).values).toEqual([
      undefined,
      1, '校运会报道', '已发布', '赵磊', '2026-02-03',
      '孙丽', '2026-02-03', '同意', '刘洋', '2026-02-03', '标题再短些', '张伟', '2026-02-03', '同意',
      '2026-02-03', 'https://mp.weixin.qq.com/s/a1',
    ])
    expect(sheet?.rowCount).toBe(4)
  })

  it('lists the desk commands in /帮助 for its members only', async () => {
    const bot = await start({ start: at('08:00:00') })
    expect(await ask(bot, at('09:00:00'), '赵磊', '/帮助', PUBLICITY)).toContain('/选题（/pitch）立一个宣传选题（可指定撰稿人和截止日期）')
    expect(await ask(bot, at('09:01:00'), '王芳', '/帮助')).not.toContain('/选题')
    expect(await ask(bot, at('09:02:00'), '赵磊', '/稿件', '全体教职工群')).toBe('这个命令只有行政群成员、宣传讨论群成员可以使用。')
  })

  it('with one review level, goes from 初审 straight to 待发布', async () => {
    const bot = await start({ config: schoolWith({ levels: 1 }), start: at('08:00:00') })
    await ask(bot, at('09:00:00'), '赵磊', '/选题 寒假安全提示 撰稿 赵磊', PUBLICITY)
    await ask(bot, at('09:10:00'), '赵磊', '/交稿 1', PUBLICITY)
    expect(await ask(bot, at('09:20:00'), '黄晓明', '/审核 1 通过', PUBLICITY)).toBe('#1《寒假安全提示》 初审通过（黄晓明），可以发布了。发布后请发 /发布 1 链接。')
    expect(await ask(bot, at('09:30:00'), '张伟', '/发布 1 https://mp.weixin.qq.com/s/b2', ADMIN)).toBe('#1《寒假安全提示》 已发布：https://mp.weixin.qq.com/s/b2')
  })

  it('nudges writers and reviewers once each, across a restart, and puts a long-waiting review on the next admin meeting', async () => {
    const config = schoolWith({ reviewHours: 24 })
    let bot = await start({ config, start: at('08:00:00') })
    await ask(bot, at('08:30:00'), '张伟', '/会议 新建 2月10日 19:00 行政例会', ADMIN)
    await ask(bot, at('09:00:00'), '张伟', '/选题 元宵节活动 撰稿 赵磊、孙丽 截止 2月5日', ADMIN)
    await ask(bot, at('09:05:00'), '黄晓明', '/选题 教师风采 撰稿 黄晓明 截止 2月9日', PUBLICITY)
    await ask(bot, at('10:00:00'), '黄晓明', '/交稿 2', PUBLICITY)

    expect(await bot.advance(at('07:59:00', '2026-02-04'))).toEqual([])
    const dayBefore = await bot.advance(at('08:00:30', '2026-02-04'))
    const dueTomorrow = '提醒：稿件 #1《元宵节活动》 明天（2月5日）截止交稿。写好后发 /交稿 1 [链接或说明]。'
    expect(privately(dayBefore)).toEqual([
      ['赵磊', dueTomorrow],
      ['孙丽', dueTomorrow],
    ])

    bot = await restart(bot, config, at('09:00:00', '2026-02-04'))
    expect(await bot.advance(at('09:59:00', '2026-02-04'))).toEqual([])
    // 黄晓明 wrote #2, so only 孙丽 may do its 初审.
    const reviewDue = await bot.advance(at('10:00:30', '2026-02-04'))
    expect(privately(reviewDue)).toEqual([['孙丽', '提醒：稿件 #2《教师风采》 等待初审已超过 24 小时。审核请发 /审核 2 通过 [意见] 或 /审核 2 退回 原因。']])

    const dueDay = await bot.advance(at('12:00:00', '2026-02-05'))
    expect(privately(dueDay).map(([, text]) => text)).toEqual([
      '提醒：稿件 #1《元宵节活动》 今天（2月5日）截止交稿。写好后发 /交稿 1 [链接或说明]。',
      '提醒：稿件 #1《元宵节活动》 今天（2月5日）截止交稿。写好后发 /交稿 1 [链接或说明]。',
    ])

    bot = await restart(bot, config, at('12:30:00', '2026-02-05'))
    expect(await bot.advance(at('10:00:30', '2026-02-06'))).toEqual([])
    const agendaOf = async () => (await bot.store.open(meetingsDocument)).data.meetings[0]?.agenda.map((item) => `${item.text}（${item.proposer}）`)
    expect(await agendaOf()).toEqual([])
    await bot.advance(at('10:01:30', '2026-02-06'))
    expect(await agendaOf()).toEqual(['稿件 #2《教师风采》待初审 4 天（宣传审稿跟踪）'])

    bot = await restart(bot, config, at('11:00:00', '2026-02-06'))
    expect(await bot.advance(at('11:00:00', '2026-02-07'))).toEqual([])
    expect(await agendaOf()).toEqual(['稿件 #2《教师风采》待初审 4 天（宣传审稿跟踪）'])
  })

  it('adds one line to the daily summary: due today, waiting for review, published today', async () => {
    const bot = await start({ config: schoolWith({}, { privateChase: false }), start: at('07:00:00') })
    await ask(bot, at('07:10:00'), '赵磊', '/选题 家访周记 撰稿 赵磊 截止 今天', PUBLICITY)
    await ask(bot, at('07:11:00'), '黄晓明', '/选题 教师风采 撰稿 黄晓明', PUBLICITY)
    await ask(bot, at('07:12:00'), '黄晓明', '/交稿 2', PUBLICITY)
    const evening = await bot.advance(at('20:00:30'))
    const summary = evening.find((message) => message.room === ADMIN && message.text?.includes('宣传稿件'))
    expect(summary?.text).toContain('宣传稿件：\n  今天截止 1 篇，待审核 1 篇，今天发布 0 篇')
  })
})
