import { appendFile, chmod, lstat, readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN_ONLY_TEXT } from '../../src/app/router.js'
import { privacyNotice } from '../../src/privacy/notice.js'
import type { AuditEntry } from '../../src/store/audit.js'
import { createFixture, SMALL_SCHOOL, type Fixture, type Sent } from '../fixture.js'
import { healthDetailsIn } from './health-helpers.js'

const STAFF = '全体教职工群'
const ADMIN = '行政群'
const at = (time: string, day = '2026-02-03') => `${day}T${time}+08:00`

const opened: Fixture[] = []
afterEach(async () => {
  for (const fixture of opened.splice(0)) await fixture.close()
})

async function open(options: { config?: unknown; dataDir?: string; start?: string } = {}): Promise<Fixture> {
  const fixture = await createFixture({ start: at('07:00:00'), ...options })
  opened.push(fixture)
  return fixture
}

/** Says something, then lets a minute pass so throttled replies go out; returns everything sent meanwhile. */
async function ask(f: Fixture, when: string, from: string, text: string, room?: string): Promise<Sent[]> {
  const said = await f.say(when, from, text, room)
  return [...said, ...(await f.advance(new Date(new Date(when).getTime() + 60_000).toISOString()))]
}

const textsTo = (sent: readonly Sent[], where: { room?: string; to?: string }): string[] =>
  sent.filter((s) => (where.room !== undefined ? s.room === where.room : s.to === where.to)).map((s) => s.text ?? '')

/**
 * A day in which health details leave the store every way they can: reports (one in a 接龙),
 * an abnormal one (alert, follow-up), /明细, /跟进 and a note, /我的, the care list, the
 * daily summary with its spreadsheet at 20:00, and an /导出 asked privately.
 */
async function simulatedDay(f: Fixture): Promise<void> {
  await f.say(at('08:00:00'), '王芳', '体温36.5', STAFF)
  await f.say(at('08:02:00'), '李娜', '#接龙\n2月3日上午体温\n1. 王芳 36.5\n2. 李娜 36.6', STAFF)
  await f.say(at('08:05:00'), '吴强', '体温38.2 咳嗽', STAFF)
  await ask(f, at('08:30:00'), '张伟', '/明细 上午', ADMIN)
  await ask(f, at('08:40:00'), '张伟', '/跟进', ADMIN)
  await ask(f, at('08:41:00'), '刘洋', '/跟进 备注 1 已电话联系', ADMIN)
  await ask(f, at('09:00:00'), '吴强', '/我的', STAFF)
  await ask(f, at('09:10:00'), '张伟', '/关怀 添加 吴强 在家休息 每3天', ADMIN)
  await ask(f, at('09:11:00'), '张伟', '/关怀', ADMIN)
  await f.advance(at('20:01:00'))
  await ask(f, at('20:30:00'), '刘洋', '/导出')
}

/** Every file and directory under `dir` (itself as '.') with its permission bits. */
async function modesUnder(dir: string): Promise<Record<string, string>> {
  const modes: Record<string, string> = {}
  const visit = async (relative: string): Promise<void> => {
    const stats = await lstat(path.join(dir, relative))
    modes[relative || '.'] = (stats.mode & 0o777).toString(8)
    if (stats.isDirectory()) for (const name of await readdir(path.join(dir, relative))) await visit(path.join(relative, name))
  }
  await visit('')
  return modes
}

function expectAllPrivate(modes: Record<string, string>): void {
  const wider = Object.entries(modes).filter(([, mode]) => mode !== '600' && mode !== '700')
  expect(wider).toEqual([])
}

describe('health data at rest', () => {
  it('keeps every file of a simulated day owner-only, also after an export, a crash replay and a reopen', async () => {
    const f = await open()
    await simulatedDay(f)
    const afterDay = await modesUnder(f.dataDir)
    expectAllPrivate(afterDay)
    expect(afterDay).toMatchObject({
      '.': '700',
      health: '700',
      'health/2026-02-03.json': '600',
      audit: '700',
      'audit/2026-02.jsonl': '600',
      'markers.json': '600',
      'followups.json': '600',
      'care.json': '600',
    })

    // The next morning the bot crashes with a day's journal open; a line is added to it by hand
    // with a mode a careless copy would give, and another file is widened.
    await f.say(at('08:00:00', '2026-02-04'), '王芳', '体温36.4', STAFF)
    await f.say(at('08:01:00', '2026-02-04'), '李娜', '体温36.5', STAFF)
    opened.splice(opened.indexOf(f), 1)
    const journal = path.join(f.dataDir, 'health', '2026-02-04.journal.jsonl')
    const handWritten = {
      kind: 'report',
      report: { id: '2026-02-04-9', slot: '上午', at: '2026-02-04T00:02:00.000Z', reporter: '赵磊', late: false, abnormal: false, confirmed: false, subject: { kind: 'person', name: '赵磊', temperature: 36.6, symptoms: [], flags: [] } },
    }
    await appendFile(journal, `${JSON.stringify(handWritten)}\n`)
    await chmod(journal, 0o644)
    await chmod(path.join(f.dataDir, 'markers.json'), 0o664)
    await chmod(path.join(f.dataDir, 'health'), 0o755)

    const again = await open({ dataDir: f.dataDir, start: at('08:10:00', '2026-02-04') })
    expect((await again.store.healthDay('2026-02-04')).data.reports.map((report) => report.reporter)).toEqual(['王芳', '李娜', '赵磊'])
    expectAllPrivate(await modesUnder(again.dataDir))
    await ask(again, at('08:20:00', '2026-02-04'), '张伟', '/导出 2月3日..2月4日', ADMIN)
    await again.close()
    expectAllPrivate(await modesUnder(again.dataDir))
  })
})

describe('the access audit', () => {
  it('writes one line per look at health details, by whom, what, for what and where, with no health values', async () => {
    const f = await open()
    await simulatedDay(f)
    const lines = await f.store.audit.read({ from: '2026-02-03', to: '2026-02-03' })
    const shown = (entry: AuditEntry) => [entry.at.slice(11, 16), entry.who, entry.what, entry.scope, entry.where]
    expect(lines.map(shown).reverse()).toEqual([
      ['08:05', '系统', '异常提醒', { date: ['2026-02-03'], slot: ['上午'], person: ['吴强'] }, { room: ADMIN }],
      ['08:30', '张伟', '明细', { date: '2026-02-03', slot: ['上午'] }, { room: ADMIN }],
      ['08:40', '张伟', '跟进', { person: ['吴强'] }, { room: ADMIN }],
      ['08:41', '刘洋', '跟进 备注', { person: ['吴强'] }, { room: ADMIN }],
      ['09:00', '吴强', '我的', { person: '吴强', from: '2026-01-28', to: '2026-02-03' }, { person: '吴强' }],
      ['09:11', '张伟', '关怀名单', { person: ['吴强'] }, { room: ADMIN }],
      ['20:00', '系统', '健康日报', { date: '2026-02-03', slot: ['上午', '下午'] }, { room: ADMIN }],
      ['20:00', '系统', '健康日报 Excel', { date: '2026-02-03', slot: ['上午', '下午'] }, { room: ADMIN }],
      ['20:30', '刘洋', '导出', { date: '2026-02-03' }, { person: '刘洋' }],
    ])
    const onDisk = await readFile(path.join(f.dataDir, 'audit', '2026-02.jsonl'), 'utf8')
    expect(healthDetailsIn(onDisk)).toEqual([])
    expect(onDisk).not.toContain('38.2')
  })

  it('records the care reminder sent privately to the admin who keeps in touch', async () => {
    const f = await open()
    await ask(f, at('09:10:00'), '张伟', '/关怀 添加 吴强 在家休息 每1天 负责 刘洋', ADMIN)
    const reminded = await f.advance(at('09:01:00', '2026-02-04'))
    expect(textsTo(reminded, { to: '刘洋' }).filter((text) => text.startsWith('【关怀提醒】'))).toHaveLength(1)
    const [line] = await f.store.audit.read({ from: '2026-02-04', to: '2026-02-04' })
    expect(line).toMatchObject({ who: '系统', what: '关怀提醒', scope: { person: ['吴强'] }, where: { person: '刘洋' } })
  })

  it('lists who saw what for admins, newest first and per day, filtered by range and person', async () => {
    const f = await open()
    await simulatedDay(f)
    await ask(f, at('08:30:00', '2026-02-04'), '张伟', '/明细 上午 昨天', ADMIN)

    const [week] = textsTo(await ask(f, at('09:00:00', '2026-02-04'), '刘洋', '/审计', ADMIN), { room: ADMIN })
    expect(week?.split('\n')).toEqual([
      '1月29日至2月4日查看健康信息的记录（10 条，新的在前）：',
      '【2月4日】',
      '08:30 张伟 明细（2月3日，上午） → 行政群',
      '【2月3日】',
      '20:30 刘洋 导出（2月3日） → 私聊 刘洋',
      '20:00 系统 健康日报 Excel（2月3日，上午、下午） → 行政群',
      '20:00 系统 健康日报（2月3日，上午、下午） → 行政群',
      '09:11 张伟 关怀名单（吴强） → 行政群',
      '09:00 吴强 我的（1月28日至2月3日，吴强） → 私聊 吴强',
      '08:41 刘洋 跟进 备注（吴强） → 行政群',
      '08:40 张伟 跟进（吴强） → 行政群',
      '08:30 张伟 明细（2月3日，上午） → 行政群',
      '08:05 系统 异常提醒（2月3日，上午，吴强） → 行政群',
    ])
    expect(textsTo(await ask(f, at('09:05:00', '2026-02-04'), '张伟', '/审计 2月3日 刘洋'), { to: '张伟' })).toEqual([
      [
        '2月3日，刘洋查看健康信息的记录（2 条，新的在前）：',
        '【2月3日】',
        '20:30 刘洋 导出（2月3日） → 私聊 刘洋',
        '08:41 刘洋 跟进 备注（吴强） → 行政群',
      ].join('\n'),
    ])
    expect(textsTo(await ask(f, at('09:06:00', '2026-02-04'), '张伟', '/审计 今天 吴强', ADMIN), { room: ADMIN })).toEqual(['2月4日，吴强没有查看健康信息的记录。'])
    expect(textsTo(await ask(f, at('09:07:00', '2026-02-04'), '张伟', '/审计 2月30日', ADMIN), { room: ADMIN })[0]).toMatch(/^用法：\/审计/)
  })

  it('is for admins only, in the admin group or privately', async () => {
    const f = await open()
    expect(textsTo(await ask(f, at('07:30:00'), '王芳', '/审计', STAFF), { room: STAFF })).toEqual([ADMIN_ONLY_TEXT])
    expect(textsTo(await ask(f, at('07:31:00'), '王芳', '/审计'), { to: '王芳' })).toEqual([ADMIN_ONLY_TEXT])
    expect(textsTo(await ask(f, at('07:32:00'), '张伟', '/审计', STAFF), { room: STAFF })).toEqual([ADMIN_ONLY_TEXT])
  })

  /** Whose abnormal alerts of 2月3日 the audit records. */
  const alertedAbout = async (f: Fixture) =>
    (await f.store.audit.read({ from: '2026-02-03', to: '2026-02-03' })).filter((entry) => entry.what === '异常提醒').map((entry) => entry.scope.person)

  it('keeps lines privacy.auditRetentionDays, past the health data, and past a deletion of the data they were about', async () => {
    const config = { ...SMALL_SCHOOL, health: { retentionDays: 1 }, privacy: { auditRetentionDays: 30 } }
    const f = await open({ config })
    const line = (day: string): AuditEntry => ({ at: `${day}T09:00:00+08:00`, who: '张伟', what: '明细', scope: { date: day }, where: { room: ADMIN } })
    await f.store.audit.append(line('2025-12-20'))
    await f.store.audit.append(line('2026-01-02'))
    await f.say(at('08:00:00'), '吴强', '体温38.2', STAFF)
    await ask(f, at('08:10:00'), '吴强', '/删除我的数据', STAFF)
    await ask(f, at('08:11:00'), '张伟', '/删除我的数据 确认 吴强', ADMIN)
    expect((await f.store.healthDay('2026-02-03')).data.reports).toEqual([])

    await f.advance(at('03:31:00', '2026-02-04'))
    expect(await readdir(path.join(f.dataDir, 'audit'))).toEqual(['2026-01.jsonl', '2026-02.jsonl'])
    expect(await alertedAbout(f)).toEqual([['吴强']])

    // The health data is gone the night after; the record that it was seen is not.
    await f.advance(at('03:31:00', '2026-02-05'))
    expect(await f.store.healthDates()).toEqual([])
    expect(await alertedAbout(f)).toEqual([['吴强']])
  })
})

describe('the notice before the first report', () => {
  it('reaches each person privately once, also when someone else reported for them, and never again after a restart', async () => {
    const f = await open()
    const notice = privacyNotice(f.config)
    const first = await ask(f, at('08:00:00'), '王芳', '体温36.5', STAFF)
    expect(textsTo(first, { to: '王芳' })).toEqual([notice])
    expect(textsTo(await ask(f, at('08:05:00'), '张伟', '李娜 36.8', STAFF), { to: '李娜' })).toEqual([notice])
    const later = await ask(f, at('14:00:00'), '王芳', '体温36.6', STAFF)
    await f.close()
    opened.splice(0)

    const again = await open({ dataDir: f.dataDir, start: at('07:00:00', '2026-02-04') })
    const nextDay = [
      ...later,
      ...(await ask(again, at('08:00:00', '2026-02-04'), '王芳', '体温36.4', STAFF)),
      ...(await ask(again, at('08:01:00', '2026-02-04'), '李娜', '体温36.5', STAFF)),
    ]
    expect(nextDay.filter((s) => s.text === notice)).toEqual([])
    expect(textsTo(await ask(again, at('08:02:00', '2026-02-04'), '吴强', '体温36.7', STAFF), { to: '吴强' })).toEqual([notice])
    expect(again.sent.filter((s) => s.text === notice && s.room !== undefined)).toEqual([])
  })

  it('says what is collected, who sees it, how long it is kept, how to see and delete it and whom to ask; /隐私 shows the same', async () => {
    const f = await open()
    const [shown] = textsTo(await ask(f, at('07:30:00'), '吴强', '/隐私', STAFF), { room: STAFF })
    expect(shown).toBe(privacyNotice(f.config))
    expect(shown).toContain('谁能看到：行政群的成员')
    expect(shown).toContain('保存多久：60 天，到期自动删除')
    expect(shown).toContain('查看记录保存 365 天')
    expect(shown).toContain('/我的')
    expect(shown).toContain('/删除我的数据')
    expect(shown).toContain('有疑问请联系：行政群的老师。')
  })

  it('uses the school’s own text and contact, with its retention figures filled in', async () => {
    const config = {
      ...SMALL_SCHOOL,
      privacy: { contact: '校医室 010-12345678', notice: '本校健康信息保存 {retentionDays} 天，查看记录保存 {auditRetentionDays} 天，由{adminGroups}管理。联系：{contact}' },
    }
    const f = await open({ config })
    const text = '本校健康信息保存 60 天，查看记录保存 365 天，由行政群管理。联系：校医室 010-12345678'
    expect(textsTo(await ask(f, at('07:30:00'), '吴强', '/隐私', STAFF), { room: STAFF })).toEqual([text])
    expect(textsTo(await ask(f, at('08:01:00'), '吴强', '体温36.5', STAFF), { to: '吴强' })).toEqual([text])
  })
})
