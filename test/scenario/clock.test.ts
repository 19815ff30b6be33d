import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { CLASS_TABLE_TITLE } from '../../src/health/xlsx.js'
import { followupsDocument } from '../../src/health/followups.js'
import { leavesDocument } from '../../src/leave/leaves.js'
import { createFixture, SMALL_SCHOOL, tempDataDir, type Fixture, type Sent } from '../fixture.js'
import { healthDetailsIn } from './health-helpers.js'

const STAFF = '全体教职工群'
const GRADE = '一年级组'
const ADMIN = '行政群'
const at = (time: string, date = '2026-02-03') => `${date}T${time}+08:00`

const open: Fixture[] = []
async function start(options: Parameters<typeof createFixture>[0]): Promise<Fixture> {
  const fixture = await createFixture(options)
  open.push(fixture)
  return fixture
}
/** A routine shutdown, as before a restart on the same data directory. */
async function stop(fixture: Fixture): Promise<void> {
  open.splice(open.indexOf(fixture), 1)
  await fixture.close()
}
afterEach(async () => {
  for (const fixture of open.splice(0)) await fixture.close().catch(() => undefined)
})

const textOf = (sent: Sent): string => sent.text ?? ''
const reminders = (sent: readonly Sent[]) => sent.filter((s) => textOf(s).startsWith('【健康上报提醒】'))
const staffTallies = (sent: readonly Sent[]) => sent.filter((s) => textOf(s).startsWith('【健康上报统计】'))
const adminTallies = (sent: readonly Sent[]) => sent.filter((s) => textOf(s).startsWith('【健康上报统计 · 全校】'))
const summaries = (sent: readonly Sent[]) => sent.filter((s) => textOf(s).startsWith('【健康日报】'))
const chases = (sent: readonly Sent[]) => sent.filter((s) => s.to !== undefined && textOf(s).includes('已截止'))
const files = (sent: readonly Sent[]) => sent.filter((s) => s.file !== undefined)
const sorted = (names: readonly string[]) => [...names].sort()

/** SMALL_SCHOOL plus a grade group (李娜, 吴强) that is also a staff group. */
const TWO_STAFF_GROUPS = {
  ...SMALL_SCHOOL,
  groups: [...SMALL_SCHOOL.groups, { topic: GRADE, role: 'staff' }],
  roster: SMALL_SCHOOL.roster.map((person) =>
    person.name === '李娜' || person.name === '吴强' ? { ...person, groups: [...person.groups, GRADE] } : person,
  ),
}

interface SheetTables {
  header: string[]
  people: Record<string, string>[]
  classes: Record<string, string>[]
}

/** A slot sheet read back: the staff table on top, the class table under its 班级汇总 title. */
async function tablesOf(data: Uint8Array | undefined, sheetName: string): Promise<SheetTables> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(Buffer.from(data ?? new Uint8Array()) as unknown as ArrayBuffer)
  const sheet = workbook.getWorksheet(sheetName)
  if (!sheet) throw new Error(`no sheet ${sheetName}`)
  const rows: string[][] = []
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push((row.values as unknown[]).slice(1).map((value) => (value == null ? '' : String(value))))
  })
  const titleAt = rows.findIndex((row) => row[0] === CLASS_TABLE_TITLE)
  const keyed = (header: string[], body: string[][]) =>
    body.filter((row) => row.some(Boolean)).map((row) => Object.fromEntries(header.map((title, i) => [title, row[i] ?? ''])))
  const header = rows[0] ?? []
  const classHeader = rows[titleAt + 1] ?? []
  return { header, people: keyed(header, rows.slice(1, titleAt)), classes: keyed(classHeader, rows.slice(titleAt + 2)) }
}

const rowOf = (rows: Record<string, string>[], column: string, value: string): Record<string, string> => {
  const row = rows.find((candidate) => candidate[column] === value)
  if (!row) throw new Error(`no row with ${column} ${value}`)
  return row
}

describe('a whole school day on the clock', () => {
  it('reminds once per staff group and slot, tallies exactly who is missing, chases them privately and sends the daily summary with a spreadsheet', async () => {
    const f = await start({ config: TWO_STAFF_GROUPS, start: at('07:00:00') })
    await f.say(at('07:50:00'), '王芳', '体温36.5 正常', STAFF)
    const granted = (await f.say(at('07:55:00'), '张伟', '/请假 赵磊 今天 回老家')).find((s) => s.to === '张伟')
    expect(granted?.text).toContain('已登记：赵磊 2月3日请假（回老家）')

    const atReminder = await f.advance(at('08:00:30'))
    expect(reminders(atReminder).map((s) => s.room).sort()).toEqual(sorted([STAFF, GRADE]))
    for (const reminder of reminders(atReminder)) {
      expect(reminder.mentions).toBeUndefined()
      expect(textOf(reminder)).toContain('10:00 前')
      expect(textOf(reminder)).toContain('体温36.5 无症状')
      expect(textOf(reminder)).toContain('#接龙')
    }
    // Each group's class example is one of its own teachers' classes.
    expect(textOf(reminders(atReminder).find((s) => s.room === GRADE) as Sent)).toContain('一年级3班 应报45 实报45')

    await f.say(at('08:30:00'), '王芳', '三年级2班 应报45 实报45 发热0 湖北0 隔离0', STAFF)
    await f.say(at('09:00:00'), '李娜', '体温37.6 咳嗽', STAFF)
    await f.say(at('09:10:00'), '张伟', '体温36.4', STAFF)

    const atDeadline = await f.advance(at('10:01:00'))
    const staffTally = staffTallies(atDeadline).find((s) => s.room === STAFF)
    const gradeTally = staffTallies(atDeadline).find((s) => s.room === GRADE)
    // 刘洋 and 吴强 have not reported; 李娜 has, but her class summary is missing; 赵磊 is on leave.
    expect(sorted(staffTally?.mentions ?? [])).toEqual(sorted(['刘洋', '吴强', '李娜']))
    expect(sorted(gradeTally?.mentions ?? [])).toEqual(sorted(['吴强', '李娜']))
    expect(textOf(staffTally as Sent)).toContain('应报 5 人，已报 3 人，未报 2 人，请假 1 人')
    expect(textOf(staffTally as Sent)).toContain('未交班级汇总 1 个：一年级3班（李娜）')
    expect(textOf(staffTally as Sent)).not.toContain('赵磊')
    for (const tally of staffTallies(atDeadline)) expect(healthDetailsIn(textOf(tally))).toEqual([])

    expect(sorted(chases(atDeadline).map((s) => s.to ?? ''))).toEqual(sorted(['刘洋', '吴强', '李娜']))
    expect(textOf(chases(atDeadline).find((s) => s.to === '李娜') as Sent)).toContain('一年级3班的班级汇总')
    expect(textOf(chases(atDeadline).find((s) => s.to === '李娜') as Sent)).not.toContain('您的健康上报')

    const [adminTally] = adminTallies(atDeadline)
    expect(adminTally?.room).toBe(ADMIN)
    expect(textOf(adminTally as Sent)).toContain('未报 2 人：刘洋、吴强')
    expect(textOf(adminTally as Sent)).toContain('请假 1 人：赵磊')
    expect(textOf(adminTally as Sent)).toContain('李娜 37.6℃')

    await f.say(at('10:30:00'), '吴强', '体温36.6', STAFF)
    await f.say(at('11:00:00'), '李娜', '一年级3班 应报46 实报46 发热0 湖北1 隔离0', STAFF)

    const afternoon = await f.advance(at('14:00:30'))
    expect(reminders(afternoon).map((s) => s.room).sort()).toEqual(sorted([STAFF, GRADE]))
    for (const [time, name] of [['14:10:00', '张伟'], ['14:20:00', '刘洋'], ['14:30:00', '王芳'], ['14:40:00', '吴强']] as const) {
      await f.say(at(time), name, '体温36.5', STAFF)
    }
    await f.say(at('14:50:00'), '王芳', '三年级2班 应报45 实报44 发热0 湖北0 隔离0', STAFF)
    await f.say(at('14:55:00'), '李娜', '一年级3班 应报46 实报46 发热0 湖北0 隔离0', STAFF)
    const afternoonDeadline = await f.advance(at('16:01:00'))
    expect(staffTallies(afternoonDeadline).find((s) => s.room === STAFF)?.mentions).toEqual(['李娜'])
    expect(staffTallies(afternoonDeadline).find((s) => s.room === GRADE)?.mentions).toEqual(['李娜'])
    expect(chases(afternoonDeadline).map((s) => s.to)).toEqual(['李娜'])

    const evening = await f.advance(at('21:00:00'))
    const [summary] = summaries(evening)
    expect(summaries(evening)).toHaveLength(1)
    expect(summary?.room).toBe(ADMIN)
    expect(textOf(summary as Sent)).toContain('上午：应报 5 人，已报 4 人，未报 1 人，请假 1 人；班级汇总应交 2 个，已交 2 个')
    expect(textOf(summary as Sent)).toContain('  未报：刘洋')
    expect(textOf(summary as Sent)).toContain('  补报 2 条')
    expect(textOf(summary as Sent)).toContain('班级汇总已交 2/2 个班，学生应报 91 实报 91，发热 0，湖北 1，隔离 0')
    expect(textOf(summary as Sent)).toContain('下午：应报 5 人，已报 4 人，未报 1 人，请假 1 人；班级汇总应交 2 个，已交 2 个\n  未报：李娜\n')
    expect(textOf(summary as Sent)).toContain('异常 2 条：\n  上午 李娜 37.6℃ ⚠发热、咳嗽\n  上午 一年级3班')
    expect(textOf(summary as Sent)).toContain('跟进中 2 项（今天新增 2 项）')

    // The text goes first, the spreadsheet right after it.
    const [file] = files(evening)
    expect(evening.indexOf(file as Sent)).toBeGreaterThan(evening.indexOf(summary as Sent))
    expect(file).toMatchObject({ room: ADMIN, file: '健康日报-2026-02-03.xlsx' })
    const morning = await tablesOf(file?.data, '上午')
    expect(morning.header).toEqual(['日期', '姓名', '班级', '状态', '体温', '症状', '所在地', '湖北', '隔离', '上报时间', '补报', '异常', '上报人'])
    expect(morning.people.map((row) => row.姓名)).toEqual(['张伟', '刘洋', '王芳', '李娜', '吴强', '赵磊'])
    expect(rowOf(morning.people, '姓名', '李娜')).toMatchObject({ 日期: '2026-02-03', 状态: '已报', 体温: '37.6', 症状: '咳嗽', 上报时间: '09:00', 班级: '一年级3班' })
    expect(rowOf(morning.people, '姓名', '李娜').异常).toContain('咳嗽')
    expect(rowOf(morning.people, '姓名', '吴强')).toMatchObject({ 状态: '已报', 补报: '是', 上报时间: '10:30' })
    expect(rowOf(morning.people, '姓名', '刘洋')).toMatchObject({ 状态: '未报', 体温: '' })
    expect(rowOf(morning.people, '姓名', '赵磊')).toMatchObject({ 状态: '请假' })
    expect(rowOf(morning.classes, '班级', '三年级2班')).toMatchObject({ 班主任: '王芳', 应报: '45', 实报: '45', 补报: '' })
    expect(rowOf(morning.classes, '班级', '一年级3班')).toMatchObject({ 班主任: '李娜', 湖北: '1', 补报: '是' })
    const afternoonSheet = await tablesOf(file?.data, '下午')
    expect(rowOf(afternoonSheet.people, '姓名', '李娜')).toMatchObject({ 状态: '未报' })
    expect(rowOf(afternoonSheet.classes, '班级', '三年级2班')).toMatchObject({ 实报: '44' })

    // Over the whole day: one reminder and one tally per staff group and slot, one admin tally per slot.
    expect(reminders(f.sent)).toHaveLength(4)
    expect(staffTallies(f.sent)).toHaveLength(4)
    expect(adminTallies(f.sent)).toHaveLength(2)
  })

  it('splits a long mention list over several messages and chases nobody privately when that is switched off', async () => {
    const config = { ...SMALL_SCHOOL, send: { minIntervalMs: 1500, maxMentions: 2 }, health: { privateChase: false } }
    const f = await start({ config, start: at('07:00:00') })
    await f.say(at('09:00:00'), '王芳', '体温36.5', STAFF)
    const atDeadline = await f.advance(at('10:01:00'))
    const inStaff = atDeadline.filter((s) => s.room === STAFF)
    expect(inStaff.every((s) => (s.mentions?.length ?? 0) <= 2)).toBe(true)
    const mentioned = inStaff.flatMap((s) => s.mentions ?? [])
    expect(sorted(mentioned)).toEqual(sorted(['张伟', '刘洋', '李娜', '赵磊', '吴强', '王芳']))
    expect(chases(atDeadline)).toEqual([])
    expect(textOf(adminTallies(atDeadline)[0] as Sent)).not.toContain('已私聊提醒')
  })

  it('thanks a staff group where everyone has reported instead of mentioning anyone', async () => {
    const f = await start({ start: at('07:00:00') })
    for (const name of ['张伟', '刘洋', '赵磊', '吴强']) await f.say(at('08:10:00'), name, '体温36.5', STAFF)
    for (const [name, klass] of [['王芳', '三年级2班'], ['李娜', '一年级3班']] as const) {
      await f.say(at('08:20:00'), name, `体温36.5`, STAFF)
      await f.say(at('08:21:00'), name, `${klass} 应报45 实报45 发热0 湖北0 隔离0`, STAFF)
    }
    const atDeadline = await f.advance(at('10:01:00'))
    const [tally] = staffTallies(atDeadline)
    expect(tally?.mentions).toBeUndefined()
    expect(textOf(tally as Sent)).toContain('全部已报，班级汇总也已交齐。')
    expect(chases(atDeadline)).toEqual([])
  })
})

describe('restarts and downtime', () => {
  it('on a new data directory reminds of a slot still open but posts no tally for hours it never watched', async () => {
    const morning = await start({ start: at('09:00:00') })
    await morning.drain()
    expect(reminders(morning.sent)).toHaveLength(1)
    expect(staffTallies(morning.sent)).toHaveLength(0)

    const evening = await start({ start: at('18:00:00') })
    await evening.drain()
    expect(evening.sent).toEqual([])
  })

  it('repeats nothing across restarts at 09:00 and 15:00 on the same data directory', async () => {
    const dataDir = await tempDataDir()
    const all: Sent[] = []
    const first = await start({ dataDir, start: at('07:00:00') })
    await first.say(at('08:30:00'), '王芳', '体温36.5', STAFF)
    await first.advance(at('09:00:00'))
    all.push(...first.sent)
    await stop(first)

    const second = await start({ dataDir, start: at('09:00:00') })
    await second.advance(at('15:00:00'))
    all.push(...second.sent)
    await stop(second)

    const third = await start({ dataDir, start: at('15:00:00') })
    await third.advance(at('21:00:00'))
    all.push(...third.sent)

    expect(reminders(all).map((s) => s.at.toISOString())).toEqual([at('08:00:00'), at('14:00:00')].map((t) => new Date(t).toISOString()))
    expect(staffTallies(all)).toHaveLength(2)
    expect(adminTallies(all)).toHaveLength(2)
    expect(summaries(all)).toHaveLength(1)
    expect(files(all)).toHaveLength(1)
    const chaseKeys = chases(all).map((s) => `${s.to} ${textOf(s).includes('上午') ? '上午' : '下午'}`)
    expect(new Set(chaseKeys).size).toBe(chaseKeys.length)
    // 王芳 reported in the morning (but owes her class summary); in the afternoon she owes both.
    expect(chaseKeys.filter((key) => key.endsWith('上午'))).toHaveLength(6)
  })

  it('sends a reminder missed while down (07:50–08:30) once, at start', async () => {
    const dataDir = await tempDataDir()
    const before = await start({ dataDir, start: at('07:00:00') })
    await before.advance(at('07:50:00'))
    await stop(before)

    const after = await start({ dataDir, start: at('08:30:00') })
    await after.advance(at('09:30:00'))
    expect(reminders(after.sent)).toHaveLength(1)
    expect(reminders(after.sent)[0]).toMatchObject({ room: STAFF, at: new Date(at('08:30:00')) })
    await stop(after)

    const again = await start({ dataDir, start: at('09:40:00') })
    await again.advance(at('09:50:00'))
    expect(reminders(again.sent)).toEqual([])
  })

  it('does not send a missed reminder once its deadline has passed, but posts the missed tally once the same day', async () => {
    const dataDir = await tempDataDir()
    const before = await start({ dataDir, start: at('07:00:00') })
    await before.say(at('07:40:00'), '王芳', '体温36.5', STAFF)
    await stop(before)

    const after = await start({ dataDir, start: at('11:00:00') })
    await after.advance(at('11:01:00'))
    const caughtUp = after.sent
    expect(reminders(caughtUp)).toEqual([])
    expect(staffTallies(caughtUp)).toHaveLength(1)
    expect(adminTallies(caughtUp)).toHaveLength(1)
    expect(textOf(staffTallies(caughtUp)[0] as Sent)).toContain('（截至 10:00）')
    expect(sorted(staffTallies(caughtUp)[0]?.mentions ?? [])).toEqual(sorted(['张伟', '刘洋', '王芳', '李娜', '赵磊', '吴强']))
    expect(chases(caughtUp)).toHaveLength(6)
    await stop(after)

    const again = await start({ dataDir, start: at('12:00:00') })
    await again.advance(at('13:00:00'))
    expect(again.sent).toEqual([])
  })

  it('back after both deadlines, posts both tallies but chases each person once, for the afternoon', async () => {
    const dataDir = await tempDataDir()
    const before = await start({ dataDir, start: at('07:00:00') })
    await stop(before)
    const after = await start({ dataDir, start: at('17:00:00') })
    await after.advance(at('17:01:00'))
    const caughtUp = after.sent
    expect(staffTallies(caughtUp).map((s) => textOf(s).split('\n')[0])).toEqual([
      '【健康上报统计】2月3日上午（截至 10:00）',
      '【健康上报统计】2月3日下午（截至 16:00）',
    ])
    expect(chases(caughtUp)).toHaveLength(6)
    expect(chases(caughtUp).every((s) => textOf(s).includes('2月3日下午'))).toBe(true)
  })

  it('sends a missed daily summary once when back the same evening, and nothing of yesterday the next morning', async () => {
    const dataDir = await tempDataDir()
    const before = await start({ dataDir, start: at('16:30:00') })
    await stop(before)
    const after = await start({ dataDir, start: at('20:30:00') })
    await after.advance(at('20:31:00'))
    const caughtUp = after.sent
    expect(summaries(caughtUp)).toHaveLength(1)
    expect(files(caughtUp)).toHaveLength(1)
    await stop(after)
    const nextMorning = await start({ dataDir, start: at('07:00:00', '2026-02-04') })
    await nextMorning.advance(at('07:30:00', '2026-02-04'))
    expect(nextMorning.sent).toEqual([])
  })
})

describe('retention', () => {
  it('purges health files, markers, leaves and closed follow-ups older than the retention period at the nightly purge', async () => {
    const config = { ...SMALL_SCHOOL, health: { retentionDays: 1 } }
    const f = await start({ config, start: at('07:00:00', '2026-02-01') })
    await f.say(at('07:10:00', '2026-02-01'), '张伟', '/请假 赵磊 今天', ADMIN)
    await f.say(at('08:10:00', '2026-02-01'), '王芳', '体温36.5', STAFF)
    await f.say(at('08:11:00', '2026-02-01'), '李娜', '体温37.8', STAFF)
    await f.say(at('08:12:00', '2026-02-01'), '吴强', '体温36.6 咳嗽', STAFF)
    await f.say(at('09:00:00', '2026-02-01'), '张伟', '/跟进 关闭 1', ADMIN)
    await f.say(at('08:10:00', '2026-02-02'), '王芳', '体温36.6', STAFF)
    await f.advance(at('03:29:00'))
    expect(await f.store.healthDates()).toEqual(['2026-02-01', '2026-02-02'])
    await f.advance(at('03:31:00'))
    expect(await f.store.healthDates()).toEqual(['2026-02-02'])
    expect((await f.store.open(leavesDocument)).data.leaves).toEqual([])
    // The closed follow-up (李娜) goes; the open one (吴强) stays until someone closes it.
    const followups = (await f.store.open(followupsDocument)).data.items
    expect(followups.map((item) => (item.subject.kind === 'person' ? item.subject.name : ''))).toEqual(['吴强'])
  })
})

describe('the calendar', () => {
  const HOLIDAYS = { ...SMALL_SCHOOL, health: { skipDays: 'holidays' } }

  it('sends nothing on a public holiday (春节 2026-02-16) when holidays are skipped', async () => {
    const f = await start({ config: HOLIDAYS, start: at('07:00:00', '2026-02-16') })
    await f.advance(at('21:00:00', '2026-02-16'))
    expect(f.sent).toEqual([])
  })

  it('works as usual on a 调休 make-up Saturday (2026-02-14)', async () => {
    const f = await start({ config: HOLIDAYS, start: at('07:00:00', '2026-02-14') })
    await f.advance(at('10:01:00', '2026-02-14'))
    expect(reminders(f.sent)).toHaveLength(1)
    expect(staffTallies(f.sent)).toHaveLength(1)
  })

  it('still reminds on a public holiday by default (skipDays never, as during the epidemic)', async () => {
    const f = await start({ start: at('07:00:00', '2026-02-16') })
    await f.advance(at('08:01:00', '2026-02-16'))
    expect(reminders(f.sent)).toHaveLength(1)
  })
})
