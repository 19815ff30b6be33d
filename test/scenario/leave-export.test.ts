import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { leavesDocument } from '../../src/leave/leaves.js'
import { createFixture, SMALL_SCHOOL, type Fixture, type Sent } from '../fixture.js'

const STAFF = '全体教职工群'
const ADMIN = '行政群'
const at = (time: string, date = '2026-02-03') => `${date}T${time}+08:00`

let fixture: Fixture | undefined
afterEach(async () => {
  await fixture?.close()
  fixture = undefined
})

const textOf = (sent: Sent | undefined): string => sent?.text ?? ''
/** Says something and lets every reply go out; returns what was sent from the moment it was said. */
async function ask(f: Fixture, time: string, from: string, text: string, room?: string): Promise<Sent[]> {
  // Scheduled messages due before `time` go first, so they are not taken for the reply.
  await f.advance(time)
  const before = f.sent.length
  await f.say(time, from, text, room)
  await f.drain()
  return f.sent.slice(before)
}
const replyTo = (sent: readonly Sent[], where: { room?: string; to?: string }): Sent | undefined =>
  sent.find((s) => (where.room ? s.room === where.room : s.to === where.to) && s.text !== undefined)
const staffTally = (sent: readonly Sent[]) => sent.find((s) => s.room === STAFF && textOf(s).startsWith('【健康上报统计】'))

describe('/请假 and /销假', () => {
  it('exempts a person for the days given, lists the leave, and counts them again after /销假', async () => {
    fixture = await createFixture({ start: at('07:00:00') })
    const granted = await ask(fixture, at('07:10:00'), '张伟', '/请假 赵磊 2月3日 2月5日 回老家', ADMIN)
    expect(textOf(replyTo(granted, { room: ADMIN }))).toBe(
      '已登记：赵磊 2月3日至2月5日请假（回老家）。这期间不用上报健康情况，不计入未报，也不会被@。提前回来请发 /销假 赵磊',
    )
    const listed = await ask(fixture, at('07:11:00'), '刘洋', '/请假 列表')
    expect(textOf(replyTo(listed, { to: '刘洋' }))).toBe('今天及以后的请假（1 条）：\n赵磊 2月3日至2月5日（回老家）')

    const firstDay = await fixture.advance(at('10:01:00'))
    expect(staffTally(firstDay)?.mentions).not.toContain('赵磊')
    expect(textOf(staffTally(firstDay))).toContain('请假 1 人')

    const back = await ask(fixture, at('07:00:00', '2026-02-04'), '张伟', '/销假 赵磊', ADMIN)
    expect(textOf(replyTo(back, { room: ADMIN }))).toBe('已为赵磊销假：从2月4日起恢复每天的健康上报（缩短了：2月3日至2月5日（回老家））。')
    const secondDay = await fixture.advance(at('10:01:00', '2026-02-04'))
    expect(staffTally(secondDay)?.mentions).toContain('赵磊')
    expect(textOf(staffTally(secondDay))).not.toContain('请假')

    const empty = await ask(fixture, at('10:05:00', '2026-02-04'), '张伟', '/请假 列表', ADMIN)
    expect(textOf(replyTo(empty, { room: ADMIN }))).toBe('今天及以后没有人请假。')
  })

  it('takes a single day, a range in one word, 明天 and a date with 至 between', async () => {
    fixture = await createFixture({ start: at('07:00:00') })
    const replies = [
      await ask(fixture, at('07:01:00'), '张伟', '/请假 吴强 今天', ADMIN),
      await ask(fixture, at('07:02:00'), '张伟', '/请假 王芳 2月4日..2月6日 培训', ADMIN),
      await ask(fixture, at('07:03:00'), '张伟', '/请假 李娜 明天 至 2月7日', ADMIN),
    ].map((sent) => textOf(replyTo(sent, { room: ADMIN })))
    expect(replies[0]).toContain('已登记：吴强 2月3日请假。')
    expect(replies[1]).toContain('已登记：王芳 2月4日至2月6日请假（培训）。')
    expect(replies[2]).toContain('已登记：李娜 2月4日至2月7日请假。')
  })

  it('does not record a leave twice when two admins enter the same days', async () => {
    fixture = await createFixture({ start: at('07:00:00') })
    await ask(fixture, at('07:01:00'), '张伟', '/请假 王芳 2月3日 2月5日 回老家', ADMIN)
    const again = await ask(fixture, at('07:02:00'), '刘洋', '/请假 王芳 2月4日', ADMIN)
    expect(textOf(replyTo(again, { room: ADMIN }))).toBe('王芳 2月3日至2月5日已经登记了请假（回老家），不用重复登记。')
    const longer = await ask(fixture, at('07:03:00'), '刘洋', '/请假 王芳 2月3日 2月8日', ADMIN)
    expect(textOf(replyTo(longer, { room: ADMIN }))).toContain('已登记：王芳 2月3日至2月8日请假。')
    expect((await fixture.store.open(leavesDocument)).data.leaves.map((leave) => [leave.from, leave.to])).toEqual([
      ['2026-02-03', '2026-02-05'],
      ['2026-02-03', '2026-02-08'],
    ])
  })

  it('reads dates as people say them, the rest being the reason, and refuses to end a leave in the past', async () => {
    fixture = await createFixture({ start: at('07:00:00') })
    const granted = await ask(fixture, at('07:01:00'), '张伟', '/请假 王芳 今天 下周一 家中有事', ADMIN)
    expect(textOf(replyTo(granted, { room: ADMIN }))).toContain('已登记：王芳 2月3日至2月9日请假（家中有事）。')
    const week = await ask(fixture, at('07:02:00'), '张伟', '/请假 李娜 下周 培训', ADMIN)
    expect(textOf(replyTo(week, { room: ADMIN }))).toContain('已登记：李娜 2月9日至2月15日请假（培训）。')

    const past = await ask(fixture, at('07:03:00'), '张伟', '/销假 王芳 昨天', ADMIN)
    expect(textOf(replyTo(past, { room: ADMIN }))).toContain('2月2日已经过去了，销假只能从今天或以后开始')
    const back = await ask(fixture, at('07:04:00'), '张伟', '/销假 王芳 周五', ADMIN)
    expect(textOf(replyTo(back, { room: ADMIN }))).toBe('已为王芳销假：从2月6日起恢复每天的健康上报（缩短了：2月3日至2月9日（家中有事））。')
  })

  it('answers bad input with what was wrong and the usage, and records nothing', async () => {
    fixture = await createFixture({ start: at('07:00:00') })
    const cases: [string, string][] = [
      ['/请假 赵六 今天', '名单里没有“赵六”，请写名单上的姓名'],
      ['/请假 赵磊 下个月', '看不懂日期“下个月”'],
      ['/请假 赵磊 2月5日 2月3日', '结束日期2月3日早于开始日期2月5日'],
      ['/请假 赵磊', '请写上姓名和日期'],
      ['/销假', '请写上姓名'],
    ]
    for (const [command, problem] of cases) {
      const reply = textOf(replyTo(await ask(fixture, at('07:05:00'), '张伟', command, ADMIN), { room: ADMIN }))
      expect(reply).toContain('用法：')
      expect(reply).toContain(problem)
    }
    const nothing = await ask(fixture, at('07:06:00'), '张伟', '/销假 赵磊', ADMIN)
    expect(textOf(replyTo(nothing, { room: ADMIN }))).toBe('赵磊在2月3日及以后没有请假，不用销假。')
    const list = await ask(fixture, at('07:07:00'), '张伟', '/请假 列表', ADMIN)
    expect(textOf(replyTo(list, { room: ADMIN }))).toBe('今天及以后没有人请假。')
  })

  it('is refused to a teacher', async () => {
    fixture = await createFixture({ start: at('07:00:00') })
    const reply = await ask(fixture, at('07:01:00'), '王芳', '/请假 王芳 今天')
    expect(textOf(replyTo(reply, { to: '王芳' }))).toContain('只有行政群成员可以使用')
  })
})

async function sheetRows(data: Uint8Array | undefined, name: string): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(Buffer.from(data ?? new Uint8Array()) as unknown as ArrayBuffer)
  const rows: string[][] = []
  workbook.getWorksheet(name)?.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))))
  return rows
}

describe('/导出', () => {
  it('sends an admin the text and then the spreadsheet of a date range, one row per person and day', async () => {
    fixture = await createFixture({ config: { ...SMALL_SCHOOL, health: { privateChase: false } }, start: at('07:00:00', '2026-02-02') })
    await fixture.say(at('08:10:00', '2026-02-02'), '王芳', '体温36.5', STAFF)
    await fixture.say(at('08:10:00'), '王芳', '体温36.6', STAFF)
    await fixture.say(at('08:20:00'), '李娜', '体温37.5 咳嗽', STAFF)
    const sent = await ask(fixture, at('09:00:00'), '刘洋', '/导出 2月1日..2月3日')
    const privately = sent.filter((s) => s.to === '刘洋')
    expect(privately.map((s) => s.file ?? 'text')).toEqual(['text', '健康汇总-2026-02-01至2026-02-03.xlsx'])
    expect(textOf(privately[0])).toBe(
      [
        '【健康汇总】2月1日至2月3日，共 2 天有记录',
        '2月2日：上午已报 1/6 人，下午已报 0/6 人',
        '2月3日：上午已报 2/6 人，下午已报 0/6 人，异常 1 条',
        '明细见附件《健康汇总-2026-02-01至2026-02-03.xlsx》。',
      ].join('\n'),
    )
    expect(sent.filter((s) => s.file || textOf(s).startsWith('【健康汇总】')).every((s) => s.to === '刘洋')).toBe(true)
    const rows = await sheetRows(privately[1]?.data, '上午')
    const wangFang = rows.filter((row) => row[1] === '王芳').map((row) => [row[0], row[3], row[4]])
    expect(wangFang).toEqual([
      ['2026-02-02', '已报', '36.5'],
      ['2026-02-03', '已报', '36.6'],
    ])
    expect(rows.find((row) => row[0] === '2026-02-03' && row[1] === '李娜')?.slice(3, 6)).toEqual(['已报', '37.5', '咳嗽'])
  })

  it('exports this week and last week as spans', async () => {
    fixture = await createFixture({ start: at('07:00:00', '2026-02-02') })
    await fixture.say(at('08:10:00', '2026-02-02'), '王芳', '体温36.5', STAFF)
    await fixture.say(at('08:10:00'), '王芳', '体温36.6', STAFF)
    const thisWeek = await ask(fixture, at('09:00:00'), '张伟', '/导出 本周', ADMIN)
    expect(thisWeek.find((s) => s.room === ADMIN && s.file)?.file).toBe('健康汇总-2026-02-02至2026-02-03.xlsx')
    const lastWeek = await ask(fixture, at('09:01:00'), '张伟', '/导出 上周', ADMIN)
    expect(textOf(replyTo(lastWeek, { room: ADMIN }))).toBe('1月26日至2月1日没有健康上报记录。')
  })

  it('exports today by default, in the admin group', async () => {
    fixture = await createFixture({ start: at('07:00:00') })
    await fixture.say(at('07:30:00'), '王芳', '体温36.5', STAFF)
    const sent = await ask(fixture, at('07:40:00'), '张伟', '/导出', ADMIN)
    const inAdmin = sent.filter((s) => s.room === ADMIN && (s.file || textOf(s).startsWith('【健康日报】')))
    expect(inAdmin.map((s) => s.file ?? textOf(s).split('\n')[0])).toEqual(['【健康日报】2月3日', '健康日报-2026-02-03.xlsx'])
  })

  it('does not list anyone as missing for a slot that has not opened yet', async () => {
    fixture = await createFixture({ start: at('07:00:00') })
    const early = textOf((await ask(fixture, at('07:40:00'), '张伟', '/导出', ADMIN)).find((s) => textOf(s).startsWith('【健康日报】')) as Sent)
    expect(early).not.toContain('未报')
    const later = textOf((await ask(fixture, at('08:40:00'), '张伟', '/导出', ADMIN)).find((s) => textOf(s).startsWith('【健康日报】')) as Sent)
    expect(later).toContain('上午')
    expect(later).toContain('未报')
    expect(later).not.toContain('下午')
  })

  it('says when there is no data and answers a bad date with the usage', async () => {
    fixture = await createFixture({ start: at('07:00:00') })
    const none = await ask(fixture, at('07:01:00'), '张伟', '/导出 1月20日', ADMIN)
    expect(textOf(replyTo(none, { room: ADMIN }))).toBe('1月20日没有健康上报记录。')
    const old = await ask(fixture, at('07:02:00'), '张伟', '/导出 2025-10-01', ADMIN)
    expect(textOf(replyTo(old, { room: ADMIN }))).toBe('10月1日没有健康上报记录（记录只保存 60 天，更早的已自动删除）。')
    const bad = await ask(fixture, at('07:03:00'), '张伟', '/导出 上个月', ADMIN)
    expect(textOf(replyTo(bad, { room: ADMIN }))).toContain('用法：/导出')
    expect(textOf(replyTo(bad, { room: ADMIN }))).toContain('看不懂日期“上个月”')
    const teacher = await ask(fixture, at('07:04:00'), '王芳', '/导出', STAFF)
    expect(textOf(replyTo(teacher, { room: STAFF }))).toContain('只有行政群成员可以使用')
  })
})
