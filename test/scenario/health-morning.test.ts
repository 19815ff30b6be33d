import { afterEach, describe, expect, it } from 'vitest'
import { createFixture, type Fixture, type Sent } from '../fixture.js'
import { confirmedNames, healthDetailsIn, isConfirmation, isPrivacyNotice, isScheduledNotice, school30, textsTo } from './health-helpers.js'

const STAFF = '全体教职工群'
const ADMIN = '行政群'
const at = (time: string) => `2026-02-03T${time}+08:00`

/** A morning of 30 teachers reporting the way they really write. [time, sender, text, room (private if null)] */
const MORNING: [string, string, string, string | null][] = [
  ['07:30:00', '王芳', '体温36.5 无症状 在蓉', STAFF],
  ['07:30:30', '李娜', '#健康 36.6℃ 正常', STAFF],
  ['07:31:00', '赵磊', '健康上报\n姓名：赵磊\n体温：36.4\n症状：无\n所在地：成都市成华区', STAFF],
  ['07:31:30', '吴强', '體溫36.7 無發熱、咳嗽等症狀', STAFF],
  ['07:32:00', '黄晓明', '体温：３６．５℃，正常', STAFF],
  ['07:32:30', '孙丽', '二年级1班 应报40 实报40 发热0 湖北0 隔离0', STAFF],
  ['07:33:00', '周敏', '四（2）班：应到42人，实到41人，体温异常1人，湖北滞留0人，隔离观察0人', STAFF],
  ['07:34:00', '马超', '#接龙\n2月3日上午体温\n1. 马超 36.5', STAFF],
  ['07:35:00', '朱丹', '#接龙\n2月3日上午体温\n1. 马超 36.5\n2. 朱丹 36.3 正常', STAFF],
  ['07:36:00', '胡军', '#接龙\n2月3日上午体温\n1. 马超 36.5\n2. 朱丹 36.3 正常\n3. 胡军 37.6 咳嗽', STAFF],
  ['07:37:00', '郭敏', '#接龙\n2月3日上午体温\n1. 马超 36.5\n2. 朱丹 36.3 正常\n3. 胡军 37.6 咳嗽\n4. 郭敏 36.6', STAFF],
  ['07:38:00', '何静', '体温45', STAFF],
  ['07:38:30', '高峰', '今天最高气温才8度，大家注意保暖', STAFF],
  ['07:39:00', '林涛', '收到', STAFF],
  ['07:39:30', '罗敏', '体温计在哪里领？', STAFF],
  ['07:40:00', '张伟', '36.8 正常', STAFF],
  ['07:41:00', '刘洋', '陈静 36.5 正常', ADMIN],
  ['07:42:00', '梁勇', '体温36.5 有点咳嗽', STAFF],
  ['07:43:00', '宋佳', '晨检 36.4', STAFF],
  ['07:44:00', '郑红', '五年级1班 应报38 实报38 发热0 湖北0 隔离0', STAFF],
  ['07:45:00', '杨帆', '6.3班 应报 45 实报 45 发热 0 湖北 0 隔离 0', STAFF],
  ['07:46:00', '谢娟', '体温36.6', null],
  ['07:47:00', '唐亮', '体溫 36.2 ℃ 正常', STAFF],
  ['07:48:00', '韩雪', '#健康 36.5 上午', STAFF],
  ['07:49:00', '路人甲', '体温36.5', STAFF],
  ['07:50:00', '路人甲', '体温36.6 正常', STAFF],
  ['07:51:00', '冯刚', '今天36.5度', STAFF],
  ['07:52:00', '于洋', '体温36.4 正常', STAFF],
]

const PERSON_LINES = [
  '张伟 36.8℃',
  '陈静 36.5℃（刘洋代报）',
  '王芳 36.5℃ 成都',
  '李娜 36.6℃',
  '赵磊 36.4℃ 成都市成华区',
  '吴强 36.7℃',
  '黄晓明 36.5℃',
  '马超 36.5℃',
  '朱丹 36.3℃',
  '胡军 37.6℃ ⚠发热、咳嗽',
  '郭敏 36.6℃',
  '梁勇 36.5℃ ⚠咳嗽',
  '宋佳 36.4℃',
  '谢娟 36.6℃',
  '唐亮 36.2℃',
  '韩雪 36.5℃',
  '冯刚 36.5℃',
  '于洋 36.4℃',
]
const CLASS_LINES = [
  '二年级1班 应报40 实报40 发热0 湖北0 隔离0（孙丽）',
  '四年级2班 应报42 实报41 发热1 湖北0 隔离0 ⚠（周敏）',
  '五年级1班 应报38 实报38 发热0 湖北0 隔离0（郑红）',
  '六年级3班 应报45 实报45 发热0 湖北0 隔离0（杨帆）',
]
const MISSING = '未报 12 人：刘洋、孙丽、周敏、郑红、杨帆、何静、高峰、林涛、罗敏、董丽、萧然、程杰'
const CLASSES_MISSING = '未交班级汇总 2 个：三年级2班（王芳）、一年级3班（李娜）'

describe('a morning of 30 teachers reporting', () => {
  let fixture: Fixture | undefined
  afterEach(async () => {
    await fixture?.close()
    fixture = undefined
  })

  it('records every shape, alerts admins at once, batches confirmations and keeps health details out of staff groups', async () => {
    const config = await school30()
    fixture = await createFixture({ config, start: at('07:00:00') })
    for (const [time, from, text, room] of MORNING) await fixture.say(at(time), from, text, room ?? undefined)

    // Abnormal reports reach the admin group within seconds (urgent messages skip the queue).
    const alerts = fixture.sent.filter((s) => s.room === ADMIN && s.text?.startsWith('⚠ 健康异常'))
    const secondsAfter = (time: string) => (sent: Sent | undefined) => ((sent?.at.getTime() ?? 0) - new Date(at(time)).getTime()) / 1000
    expect(alerts.map((s) => s.text)).toEqual([
      '⚠ 健康异常 · 2月3日上午\n四年级2班：发热1人（周敏上报，跟进 #1）\n已加入跟进名单，发送 /跟进 查看或备注。',
      '⚠ 健康异常 · 2月3日上午\n胡军：体温37.6℃、咳嗽（跟进 #2）\n已加入跟进名单，发送 /跟进 查看或备注。',
      '⚠ 健康异常 · 2月3日上午\n梁勇：咳嗽（跟进 #3）\n已加入跟进名单，发送 /跟进 查看或备注。',
    ])
    expect([secondsAfter('07:33:00')(alerts[0]), secondsAfter('07:36:00')(alerts[1]), secondsAfter('07:42:00')(alerts[2])].every((s) => s >= 0 && s < 5)).toBe(true)
    // The later copy of the 接龙 repeats 胡军's line: no second alert (the list above is complete).

    // The report it could not read is answered at once, privately only; the unknown sender once.
    const toHeJing = fixture.sent.filter((s) => s.to === '何静' || s.mentions?.includes('何静'))
    expect(toHeJing).toEqual([
      expect.objectContaining({ to: '何静', text: '这条健康上报没有记下：读到的体温45℃不在34～43℃之间，请核对。\n请按这样的格式发：\n#健康 36.5℃ 正常' }),
    ])
    expect(secondsAfter('07:38:00')(toHeJing[0])).toBeLessThan(5)
    expect(fixture.sent.filter((s) => s.text?.includes('我还不认识“路人甲”')).length).toBe(1)
    // Chit-chat is not a report: nobody answers it, nobody confirms it.
    const chatters = ['高峰', '林涛', '罗敏']
    expect(fixture.sent.filter((s) => chatters.some((name) => s.to === name || s.mentions?.includes(name) || s.text?.includes(`：${name}`)))).toEqual([])

    const detail = [...(await fixture.say(at('08:30:00'), '张伟', '/明细', ADMIN)), ...(await fixture.drain())]
    const detailText = detail.find((s) => s.room === ADMIN)?.text ?? ''
    const lines = detailText.split('\n')
    expect(lines.slice(0, 2)).toEqual([
      '2月3日上午 健康明细',
      '应报 30 人，已报 18 人，未报 12 人；班级汇总应交 6 个，已交 4 个；异常 3 条，补报 0 条',
    ])
    expect(lines.slice(lines.indexOf('个人（18）：') + 1, lines.indexOf('班级汇总（4）：'))).toEqual(PERSON_LINES)
    expect(lines.slice(lines.indexOf('班级汇总（4）：') + 1, lines.indexOf('班级汇总（4）：') + 5)).toEqual(CLASS_LINES)
    expect(lines.slice(-2)).toEqual([MISSING, CLASSES_MISSING])

    const missing = [
      ...(await fixture.say(at('08:31:00'), '张伟', '/未报', ADMIN)),
      ...(await fixture.say(at('08:32:00'), '吴强', '/未报', STAFF)),
      ...(await fixture.drain()),
    ]
    expect(textsTo(missing, { room: ADMIN })).toEqual([`2月3日上午\n${MISSING}\n${CLASSES_MISSING}`])
    expect(textsTo(missing, { room: STAFF })).toEqual([`2月3日上午\n${MISSING}\n${CLASSES_MISSING}`])

    // Staff groups saw names and counts, never a temperature or a symptom. (The 08:00 reminder's
    // format examples are nobody's data; the reminder feature is tested on its own.)
    const staffTexts = fixture.sent.filter((s) => (s.room === STAFF || s.room === '三年级组') && !isScheduledNotice(s)).map((s) => s.text ?? '')
    expect(staffTexts.flatMap(healthDetailsIn)).toEqual([])
    // Alerts name only the abnormal (and who sent the class summary).
    const alertNames = fixture.sent
      .filter((s) => s.text?.startsWith('⚠'))
      .flatMap((s) => fixture?.config.roster.filter((p) => s.text?.includes(p.name)).map((p) => p.name) ?? [])
    expect(alertNames.sort()).toEqual(['周敏', '梁勇', '胡军'].sort())

    // Confirmations: a few batched messages, never closer than the batch window, everyone once.
    const confirmations = fixture.sent.filter((s) => s.room === STAFF && isConfirmation(s))
    const staffReports = MORNING.filter(([, from, , room]) => room === STAFF && from !== '路人甲').length
    expect(confirmations.length).toBeLessThanOrEqual(8)
    expect(confirmations.length).toBeLessThan(staffReports / 2)
    confirmations.slice(1).forEach((confirmation, index) => {
      const previous = confirmations[index]?.at.getTime() ?? 0
      expect(confirmation.at.getTime() - previous).toBeGreaterThanOrEqual(180_000)
    })
    const named = confirmations.flatMap((s) => confirmedNames(s.text ?? ''))
    expect(named.sort()).toEqual(
      ['王芳', '李娜', '赵磊', '吴强', '黄晓明', '马超', '朱丹', '胡军', '郭敏', '张伟', '梁勇', '宋佳', '唐亮', '韩雪', '冯刚', '于洋'].sort(),
    )
    expect(textsTo(fixture.sent, { room: ADMIN }).filter((t) => t.startsWith('已收到'))).toEqual(['已收到上午健康上报 1 人：陈静'])
    expect(textsTo(fixture.sent.filter((s) => !isPrivacyNotice(s)), { to: '谢娟' })).toEqual(['已收到上午健康上报 1 人：谢娟'])

    // A restart on the same data keeps every report and confirms none of them again.
    const { dataDir } = fixture
    await fixture.close()
    fixture = await createFixture({ config, dataDir, start: at('08:40:00') })
    await fixture.say(at('08:41:00'), '陈静', '/明细', ADMIN)
    await fixture.advance(at('08:50:00'))
    await fixture.drain()
    const afterRestart = textsTo(fixture.sent, { room: ADMIN })
    expect(afterRestart).toEqual([detailText])
    expect(fixture.sent.filter(isConfirmation)).toEqual([])
  })
})
