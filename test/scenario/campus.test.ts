import { afterEach, describe, expect, it } from 'vitest'
import { isSkippedDay } from '../../src/domain/calendar.js'
import { personOnDuty, WorkingDays } from '../../src/duty/rotation.js'
import { ADMIN_ONLY_TEXT } from '../../src/app/router.js'
import { createFixture, SMALL_SCHOOL, type Fixture, type Sent } from '../fixture.js'

/** Health rounds fire only on 1 January, so these tests see campus traffic and the daily summary alone. */
const NEW_YEAR_ONLY = '0 0 1 1 *'
const ADMIN_ROOM = '行政群'
const STAFF_ROOM = '全体教职工群'

const PATROL = { name: '校园巡查', people: ['王芳', '李娜', '吴强'], time: '07:40', handover: '17:30', leader: '刘洋' }
const DISINFECTION = { name: '消毒', people: ['赵磊', '吴强'], time: '07:40', handover: '12:00', leader: '张伟' }

const SCHOOL = {
  ...SMALL_SCHOOL,
  health: {
    slots: [{ name: '全天', remind: NEW_YEAR_ONLY, deadline: NEW_YEAR_ONLY }],
    dailySummary: '0 20 * * *',
    skipDays: 'weekends',
    privateChase: false,
  },
  duty: [PATROL, DISINFECTION],
  supplies: { keepers: ['吴强'] },
  research: { keepers: ['李娜'] },
}

const at = (clock: string, day = '2026-02-06'): string => `${day}T${clock}+08:00`
const texts = (messages: Sent[]): string[] => messages.map((message) => message.text ?? '')
const inRoom = (messages: Sent[], room: string): Sent[] => messages.filter((message) => message.room === room)
const working = new WorkingDays((dateKey) => !isSkippedDay(dateKey, 'weekends'))
const onDuty = (rota: typeof PATROL | typeof DISINFECTION, dateKey: string): string => personOnDuty(rota, dateKey, working) as string

const open: Fixture[] = []
async function start(startAt: string, config: unknown = SCHOOL): Promise<Fixture> {
  const fixture = await createFixture({ config, start: startAt })
  open.push(fixture)
  return fixture
}
afterEach(async () => {
  for (const fixture of open.splice(0)) await fixture.close()
})

describe('duty rota and disinfection log', () => {
  it('announces working days only, takes check-ins before the health parser, and tells the leader of a missed handover', async () => {
    const bot = await start(at('07:00:00'))
    const patroller = onDuty(PATROL, '2026-02-06')
    const disinfector = onDuty(DISINFECTION, '2026-02-06')

    const announced = await bot.advance(at('07:40:30'))
    expect(announced).toHaveLength(1)
    expect(announced[0]).toMatchObject({ room: STAFF_ROOM, mentions: [...new Set([patroller, disinfector])] })
    expect(announced[0]?.text).toContain(`校园巡查：${patroller}（17:30 前签到）`)
    expect(announced[0]?.text).toContain(`消毒：${disinfector}（12:00 前签到）`)

    const checkedIn = await bot.say(at('08:05:00'), patroller, '巡查完毕，一切正常', STAFF_ROOM)
    expect(checkedIn).toMatchObject([{ room: STAFF_ROOM, text: `已签到：校园巡查（${patroller}，08:05）。` }])
    const someoneElse = SMALL_SCHOOL.roster.map((person) => person.name).find((name) => name !== patroller && name !== disinfector) as string
    const notOnDuty = await bot.say(at('08:06:00'), someoneElse, '巡查完毕，一切正常', STAFF_ROOM)
    expect(texts(notOnDuty).some((text) => text.includes('已签到'))).toBe(false)

    // Noon passes without the disinfection check-in: its leader hears privately, once.
    const noon = await bot.advance(at('12:05:00'))
    expect(noon).toEqual([{ at: expect.any(Date), to: '张伟', text: `【值班未签到】2月6日 消毒（${disinfector}）到 12:00 交接时还没有签到，请了解一下情况。` }])
    const late = await bot.say(at('13:00:00'), disinfector, '已消毒 一楼走廊 84消毒液 1:100')
    expect(late).toMatchObject([{ to: disinfector, text: `已签到：消毒（${disinfector}，13:00）。\n已记入消毒记录：一楼走廊 84消毒液 1:100。` }])
    expect(await bot.advance(at('17:35:00'))).toEqual([])

    // The weekend takes no turn: no announcement on Saturday, Monday's names follow Friday's.
    const weekend = await bot.advance(at('08:00:00', '2026-02-07'))
    expect(texts(weekend).some((text) => text.includes('今日值班'))).toBe(false)
    const monday = await bot.advance(at('07:41:00', '2026-02-09'))
    const mondayPatroller = PATROL.people[(PATROL.people.indexOf(patroller) + 1) % PATROL.people.length]
    expect(monday[0]?.text).toContain(`校园巡查：${mondayPatroller}`)

    // Nobody checks in on Monday: both leaders are told, and the admins' daily summary lists both.
    await bot.advance(at('17:31:00', '2026-02-09'))
    const summary = (await bot.advance(at('20:00:30', '2026-02-09'))).find((message) => message.room === ADMIN_ROOM && message.text?.includes('【健康日报】'))
    expect(summary?.text).toContain('值班未签到 2 项：')
    expect(summary?.text).toContain(`  校园巡查：${mondayPatroller}（已私聊告知 刘洋）`)
  })

  it('swaps a day, lists the rota, and keeps and exports the disinfection log', async () => {
    const bot = await start(at('07:00:00'))
    const disinfector = onDuty(DISINFECTION, '2026-02-06')
    const other = DISINFECTION.people.find((name) => name !== disinfector) as string

    const swapped = [...(await bot.say(at('07:10:00'), '张伟', `/换班 今天 消毒 ${other}`, ADMIN_ROOM)), ...(await bot.drain())]
    expect(swapped).toEqual([
      { at: expect.any(Date), room: ADMIN_ROOM, text: `已换班：2月6日（周五）消毒由${other}值班（原为${disinfector}）。` },
      { at: expect.any(Date), to: other, text: '你被安排在2月6日（周五）值班：消毒，12:00 前签到。' },
    ])
    const refused = await bot.say(at('07:11:00'), '张伟', `/换班 2月7日 消毒 ${other}`, ADMIN_ROOM)
    expect(texts(refused)).toEqual(['2月7日（周六）是休息日，不排值班。'])
    const rota = await bot.say(at('07:12:00'), '王芳', '/值班', STAFF_ROOM)
    expect(rota[0]?.text).toContain(`2月6日（周五）：校园巡查 ${onDuty(PATROL, '2026-02-06')}，消毒 ${other}（换班）`)
    expect(rota[0]?.text).toContain('2月7日（周六）：休息')

    // The one who was swapped out is no longer on duty; their message is not a check-in.
    const stale = await bot.say(at('09:00:00'), disinfector, '已消毒 二楼走廊', STAFF_ROOM)
    expect(texts(stale).some((text) => text.includes('消毒记录'))).toBe(false)
    await bot.say(at('09:01:00'), other, '已消毒 二楼走廊 75%酒精', STAFF_ROOM)
    await bot.say(at('10:30:00'), other, `/签到 消毒 已消毒 三楼教室 84消毒液 1:100`, STAFF_ROOM)
    const noPlace = await bot.say(at('10:40:00'), other, '已消毒', STAFF_ROOM)
    expect(texts(noPlace)[0]).toContain('没有写消毒地点，未记入消毒记录')

    const log = await bot.say(at('11:00:00'), '刘洋', '/消毒 记录', ADMIN_ROOM)
    expect(texts(log)).toEqual([`消毒记录 2月6日（2 次）：\n2月6日 09:01 二楼走廊 酒精 75%（${other}）\n2月6日 10:30 三楼教室 84消毒液 1:100（${other}）`])
    const refusedInStaff = await bot.say(at('11:01:00'), '王芳', '/消毒 记录', STAFF_ROOM)
    expect(texts(refusedInStaff)[0]).toContain('只有行政群成员可以使用')

    const exported = [...(await bot.say(at('11:05:00'), '刘洋', '/导出 消毒 本周', ADMIN_ROOM)), ...(await bot.drain())]
    expect(exported.map((message) => message.text ?? message.file)).toEqual(['消毒记录 2月2日至2月6日，共 2 次，Excel 表随后发送。', '消毒记录-2026-02-02_2026-02-06.xlsx'])
    const { default: Excel } = await import('exceljs')
    const workbook = new Excel.Workbook()
    await workbook.xlsx.load((exported[1]?.data as Uint8Array).buffer as ArrayBuffer)
    const rows = (workbook.getWorksheet('消毒记录')?.getSheetValues() ?? []).slice(1).map((row) => (row as unknown[]).slice(1))
    expect(rows).toEqual([
      ['日期', '时间', '地点', '消毒剂', '浓度', '操作人'],
      ['2026-02-06', '09:01', '二楼走廊', '酒精', '75%', other],
      ['2026-02-06', '10:30', '三楼教室', '84消毒液', '1:100', other],
    ])
  })
})

describe('supplies', () => {
  it('keeps stock by movements, shows days of cover and alerts the admins once per item per day', async () => {
    const bot = await start(at('07:00:00'), { ...SCHOOL, duty: [] })
    const received = [...(await bot.say(at('09:00:00'), '吴强', '/入库 口罩 100 个 有效期 2026-02-15', STAFF_ROOM)), ...(await bot.drain())]
    expect(texts(inRoom(received, STAFF_ROOM))).toEqual(['已入库：口罩 100个，有效期至2月15日。\n口罩：库存 100个，近7天没有领用，最近一批 2月15日到期'])
    expect(inRoom(received, ADMIN_ROOM)).toMatchObject([{ room: ADMIN_ROOM, text: '【库存预警】口罩：库存 100个，近7天没有领用，最近一批 2月15日到期。有一批 14 天内到期，请及时补充或调配。' }])

    expect(texts(await bot.say(at('09:05:00'), '王芳', '/领用 口罩 10', STAFF_ROOM))).toEqual(['这个命令只有行政群成员、指定人员可以使用。'])
    const taken = await bot.say(at('09:10:00'), '吴强', '/领用 口罩 30 王芳', STAFF_ROOM)
    expect(texts(taken)).toEqual(['已登记：王芳领用口罩 30个。\n口罩：库存 70个，日均 4.3个，可用 16 天，最近一批 2月15日到期'])
    const tooMany = await bot.say(at('09:11:00'), '吴强', '/领用 口罩 300', STAFF_ROOM)
    expect(texts(tooMany)).toEqual(['口罩库存只有 70个，不够领用 300。实物数量不同请先 /盘点 口罩 实际数量。'])
    const counted = await bot.say(at('09:20:00'), '吴强', '/盘点 口罩 60', STAFF_ROOM)
    expect(texts(counted)).toEqual(['已盘点：口罩实际 60个，比账面少 10个，已按实际数量更正。\n口罩：库存 60个，日均 4.3个，可用 14 天，最近一批 2月15日到期'])
    await bot.say(at('09:30:00'), '张伟', '/领用 口罩 40', ADMIN_ROOM)
    // Short of cover now, but the item was already alerted today.
    expect((await bot.drain()).filter((message) => message.text?.startsWith('【库存预警】'))).toEqual([])

    const stock = await bot.say(at('10:00:00'), '吴强', '/库存', STAFF_ROOM)
    expect(texts(stock)).toEqual(['库存（2月6日）：\n口罩：库存 20个，日均 10个，可用 2 天，最近一批 2月15日到期 ⚠ 不足 ⚠ 将到期'])

    const nextMorning = await bot.advance(at('08:00:30', '2026-02-07'))
    expect(nextMorning.filter((message) => message.text?.startsWith('【库存预警】'))).toMatchObject([
      { room: ADMIN_ROOM, text: '【库存预警】口罩：库存 20个，日均 10个，可用 2 天，最近一批 2月15日到期。可用天数低于 7 天，有一批 14 天内到期，请及时补充或调配。' },
    ])
  })
})

describe('教研 log', () => {
  it('logs sessions, late entries included, and counts them by type', async () => {
    const bot = await start(at('07:00:00'), { ...SCHOOL, duty: [] })
    const logged = await bot.say(at('16:00:00'), '李娜', '/教研 学科 线上教学经验交流 12人', STAFF_ROOM)
    expect(texts(logged)).toEqual(['已登记教研：2月6日 学科「线上教学经验交流」，12 人参加。学科教研累计 1 次。'])
    await bot.say(at('16:05:00'), '张伟', '/教研 2月3日 全校 复课准备 张伟、刘洋 李娜', ADMIN_ROOM)
    await bot.say(at('16:06:00'), '张伟', '/教研 1月20日 年级 期末复习 8人', ADMIN_ROOM)
    const wrongType = await bot.say(at('16:07:00'), '李娜', '/教研 班级 家访 3人', STAFF_ROOM)
    expect(texts(wrongType)[0]).toContain('类型“班级”不在 全校、年级、学科 之中')
    expect(texts(await bot.say(at('16:08:00'), '王芳', '/教研 学科 听课 3人', STAFF_ROOM))).toEqual(['这个命令只有行政群成员、指定人员可以使用。'])

    expect(texts(await bot.say(at('16:10:00'), '李娜', '/教研 统计', STAFF_ROOM))).toEqual(['教研统计（全部）：全校 1 次，年级 1 次，学科 1 次，共 3 次，参加 23 人次。'])
    expect(texts(await bot.say(at('16:11:00'), '李娜', '/教研 统计 本周', STAFF_ROOM))).toEqual(['教研统计（2月2日至2月6日）：全校 1 次，年级 0 次，学科 1 次，共 2 次，参加 15 人次。'])
  })
})

describe('care list', () => {
  it('reminds the responsible admin privately when a contact is due and never shows the list outside the admin group', async () => {
    const bot = await start(at('08:00:00'), { ...SCHOOL, duty: [] })
    const added = await bot.say(at('08:10:00'), '张伟', '/关怀 添加 王芳 滞留湖北 每2天 负责 刘洋', ADMIN_ROOM)
    expect(added).toMatchObject([{ room: ADMIN_ROOM, text: '已加入关怀名单：王芳（滞留湖北），每2天由刘洋联系，第一次提醒在 2月8日。联系后发 /关怀 记录 王芳 内容。' }])
    await bot.say(at('08:11:00'), '张伟', '/关怀 添加 李娜 居家隔离', ADMIN_ROOM)
    const notAdmin = await bot.say(at('08:12:00'), '刘洋', '/关怀 添加 吴强 家人住院 负责 王芳', ADMIN_ROOM)
    expect(texts(notAdmin)).toEqual(['负责人“王芳”不是行政群成员，关怀名单只由行政人员跟进。'])

    expect(texts(await bot.say(at('08:15:00'), '张伟', '/关怀', STAFF_ROOM))).toEqual([ADMIN_ONLY_TEXT])
    const privately = await bot.say(at('08:16:00'), '张伟', '/关怀')
    expect(privately).toMatchObject([{ to: '张伟' }])
    expect(privately[0]?.text).toContain('王芳：滞留湖北，每2天联系，负责 刘洋，还没有联系记录，下次 2月8日')
    expect(privately[0]?.text).toContain('李娜：居家隔离，每3天联系，负责 张伟')

    expect((await bot.advance(at('09:30:00', '2026-02-07'))).filter((message) => message.to)).toEqual([])
    const due = await bot.advance(at('09:00:30', '2026-02-08'))
    expect(due.filter((message) => message.to)).toEqual([{ at: expect.any(Date), to: '刘洋', text: '【关怀提醒】今天该联系：\n王芳：滞留湖北，每2天联系，负责 刘洋，还没有联系记录，下次 2月8日\n联系后发 /关怀 记录 姓名 内容。' }])
    const noted = await bot.say(at('10:00:00', '2026-02-08'), '刘洋', '/关怀 记录 王芳 电话联系，情绪稳定')
    expect(noted).toMatchObject([{ to: '刘洋', text: '已记录对王芳的联系，下次 2月10日。' }])

    const nextDay = (await bot.advance(at('09:00:30', '2026-02-09'))).filter((message) => message.to)
    expect(nextDay).toMatchObject([{ to: '张伟', text: expect.stringContaining('李娜：居家隔离') }])
    expect(nextDay[0]?.text).not.toContain('王芳')

    await bot.say(at('10:00:00', '2026-02-09'), '张伟', '/关怀 结束 李娜', ADMIN_ROOM)
    // Due again two days after the last contact, and reminded each morning until someone gets in touch.
    expect((await bot.advance(at('09:00:30', '2026-02-10'))).filter((message) => message.to)).toMatchObject([{ to: '刘洋', text: expect.stringContaining('王芳') }])
    expect((await bot.advance(at('09:00:30', '2026-02-11'))).filter((message) => message.to)).toMatchObject([{ to: '刘洋', text: expect.stringContaining('王芳') }])
    // Care notes went to the admin group and private chats only.
    const careMessages = bot.sent.filter((message) => /滞留湖北|居家隔离|情绪稳定/.test(message.text ?? ''))
    expect(careMessages.length).toBeGreaterThan(0)
    expect(careMessages.every((message) => message.room === undefined || message.room === ADMIN_ROOM)).toBe(true)
  })
})

describe('the upward report', () => {
  it('collects a week of figures from every area, in one message and a spreadsheet', async () => {
    const day = (date: number): string => `2026-02-0${date}`
    const bot = await start(at('07:00:00', day(2)))
    await bot.say(at('08:00:00', day(2)), '王芳', '体温36.5 无症状 在校', STAFF_ROOM)
    for (const date of [2, 3, 4, 5]) await bot.say(at('08:30:00', day(date)), onDuty(PATROL, day(date)), '巡查完毕，一切正常', STAFF_ROOM)
    await bot.say(at('15:00:00', day(5)), '张伟', '/会议 开始 周例会', ADMIN_ROOM)
    await bot.say(at('15:10:00', day(5)), '张伟', '/决议 周五前完成全部教室消毒', ADMIN_ROOM)
    await bot.say(at('15:20:00', day(5)), '张伟', '/会议 结束', ADMIN_ROOM)
    await bot.say(at('16:00:00', day(5)), '李娜', '/教研 全校 复课准备 40人', STAFF_ROOM)
    await bot.say(at('16:10:00', day(5)), '李娜', '/教研 学科 线上教学 6人', STAFF_ROOM)
    await bot.say(at('16:20:00', day(5)), '吴强', '/入库 口罩 100 个', STAFF_ROOM)
    await bot.say(at('16:30:00', day(5)), '吴强', '/领用 口罩 90', STAFF_ROOM)
    await bot.say(at('16:40:00', day(5)), '吴强', '/入库 体温枪 10 把', STAFF_ROOM)
    await bot.say(at('09:00:00', day(6)), onDuty(DISINFECTION, day(6)), '已消毒 一楼走廊 84消毒液 1:100', STAFF_ROOM)
    await bot.say(at('09:10:00', day(6)), onDuty(DISINFECTION, day(6)), '已消毒 食堂 84消毒液 1:100', STAFF_ROOM)

    const report = [...(await bot.say(at('10:00:00', day(6)), '张伟', '/汇总', ADMIN_ROOM)), ...(await bot.drain())].filter((message) => message.room === ADMIN_ROOM)
    const text = report.find((message) => message.text?.startsWith('【汇总】'))?.text ?? ''
    expect(text.split('\n').filter((line) => !line.startsWith('  '))).toEqual(['【汇总】2月2日至2月6日', '一、健康上报', '二、会议', '三、宣传', '四、教研', '五、值班与消毒', '六、防疫物资'])
    expect(text).toContain('  召开会议：1\n  形成决议：1')
    expect(text).toContain('  全校教研（次）：1\n  年级教研（次）：0\n  学科教研（次）：1')
    // Patrols checked in Monday to Thursday, disinfection only on Friday; Friday's patrol is not due until handover but counts as not yet covered.
    expect(text).toContain('  值班签到（天次）：5/10\n  消毒记录（次）：2')
    expect(text).toContain('  物资低于 7 天用量：1（口罩）')

    const file = report.find((message) => message.file)
    expect(file?.file).toBe('汇总-2026-02-02_2026-02-06.xlsx')
    const { default: Excel } = await import('exceljs')
    const workbook = new Excel.Workbook()
    await workbook.xlsx.load((file?.data as Uint8Array).buffer as ArrayBuffer)
    const rows = (workbook.getWorksheet('汇总')?.getSheetValues() ?? []).slice(1).map((row) => (row as unknown[]).slice(1))
    expect(rows).toContainEqual(['教研', '全校教研（次）', 1])
    expect(rows).toContainEqual(['值班与消毒', '消毒记录（次）', 2])
  })
})
