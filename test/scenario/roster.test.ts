import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN_ONLY_TEXT } from '../../src/app/router.js'
import { checkRoster, readRosterFile, rosterFromRows } from '../../src/config/roster-file.js'
import { createFixture, SMALL_SCHOOL, tempDataDir, type Fixture, type Sent } from '../fixture.js'

const ADMIN = '行政群'
const STAFF = '全体教职工群'
const at = (clock: string): string => `2026-02-03T${clock}+08:00`
const texts = (messages: Sent[]): string[] => messages.flatMap((message) => (message.text === undefined ? [] : [message.text]))

const open: Fixture[] = []
async function start(options: { config?: unknown; dataDir?: string; start: string }): Promise<Fixture> {
  const fixture = await createFixture({ config: SMALL_SCHOOL, ...options })
  open.push(fixture)
  return fixture
}
afterEach(async () => {
  for (const fixture of open.splice(0)) await fixture.close()
})

describe('the roster from chat', () => {
  it('adds, edits and removes people at once, lists the changes, keeps them across a restart and exports the roster file', async () => {
    const bot = await start({ start: at('07:00:00') })
    expect(texts(await bot.say(at('07:01:00'), '王芳', '/名单 添加 赵六', STAFF))).toEqual([ADMIN_ONLY_TEXT])

    expect(texts(await bot.say(at('07:02:00'), '张伟', '/名单', ADMIN))).toEqual([
      [
        '名单共 6 人。',
        '行政群 2 人：张伟、刘洋',
        '宣传讨论群 1 人：赵磊',
        '全体教职工群 6 人：张伟、刘洋、王芳、李娜、赵磊、吴强',
        '班主任 2 人：一年级3班 李娜；三年级2班 王芳',
      ].join('\n'),
    ])
    expect(texts(await bot.say(at('07:03:00'), '赵六', '/我是谁', STAFF))[0]).toContain('我还不认识“赵六”')

    expect(texts(await bot.say(at('07:04:00'), '张伟', '/名单 添加 赵六 四年级1班', ADMIN))).toEqual([
      '已添加 赵六（四年级1班；全体教职工群），已生效。发 /名单 查看，/名单 变更 查看改动记录。',
    ])
    expect(texts(await bot.say(at('07:05:00'), '赵六', '/我是谁', STAFF))[0]).toMatch(/^你是 赵六（按微信名认出，班主任：四年级1班，在这些群里：全体教职工群）/)
    expect(texts(await bot.say(at('07:06:00'), '张伟', '/名单 添加 孙丽 3年级2班', ADMIN))).toEqual([
      '没有改：孙丽的班级：三年级2班已有班主任（王芳），一个班只能有一位班主任',
    ])
    expect(texts(await bot.say(at('07:07:00'), '张伟', '/名单 添加 孙丽 教研组群', ADMIN))[0]).toContain('“教研组群”既不是班级，也不是配置里的群')
    expect(texts(await bot.say(at('07:08:00'), '刘洋', '/名单 修改 赵六 班级 无', ADMIN))).toEqual([
      '已清空 赵六 的班级，已生效。发 /名单 查看，/名单 变更 查看改动记录。',
    ])
    expect(texts(await bot.say(at('07:09:00'), '刘洋', '/名单 删除 吴强', ADMIN))[0]).toBe(
      '已从名单删除 吴强（之前的上报和请假记录都保留），已生效。发 /名单 查看，/名单 变更 查看改动记录。',
    )
    expect(texts(await bot.say(at('07:10:00'), '吴强', '/我是谁', STAFF))[0]).toContain('我还不认识“吴强”')

    await bot.close()
    open.splice(open.indexOf(bot), 1)
    const again = await start({ dataDir: bot.dataDir, start: at('07:20:00') })
    expect(texts(await again.say(at('07:21:00'), '赵六', '/我是谁', STAFF))[0]).toMatch(/^你是 赵六/)
    expect(texts(await again.say(at('07:22:00'), '吴强', '/我是谁', STAFF))[0]).toContain('我还不认识“吴强”')
    expect(texts(await again.say(at('07:23:00'), '张伟', '/名单 变更', ADMIN))).toEqual([
      [
        '名单改动 3 处（在配置文件的名单之上）：',
        '#1 02-03 07:04 张伟：添加 赵六（四年级1班；全体教职工群）',
        '#2 02-03 07:08 刘洋：清空 赵六 的班级',
        '#3 02-03 07:09 刘洋：删除 吴强',
        '要写回配置文件，可以发 /导出 名单 拿到表格。',
      ].join('\n'),
    ])

    const exported = (await again.say(at('07:24:00'), '张伟', '/导出 名单', ADMIN)).find((message) => message.file)
    expect(exported?.file).toBe('名单-2026-02-03.xlsx')
    const file = path.join(await tempDataDir(), 'roster.xlsx')
    await writeFile(file, exported?.data ?? new Uint8Array())
    const reread = checkRoster(rosterFromRows(await readRosterFile(file), file), again.config.groups, String)
    expect(reread.map((person) => person.name)).toEqual(['张伟', '刘洋', '王芳', '李娜', '赵磊', '赵六'])
    expect(reread[0]).toMatchObject({ aliases: ['张校长'], groups: ['全体教职工群', '行政群'] })
    expect(reread[2]).toMatchObject({ classLabel: expect.stringContaining('三年级') })
    await rm(file)
  })

  it('tells apart same-name teachers by their label and asks them to say which one they are', async () => {
    const roster = [
      ...SMALL_SCHOOL.roster.filter((person) => person.name !== '王芳'),
      { name: '王芳', label: '数学', groups: [STAFF], class: '三年级2班' },
      { name: '王芳', label: '语文', groups: [STAFF] },
    ]
    const bot = await start({ config: { ...SMALL_SCHOOL, roster }, start: at('07:00:00') })
    const welcome = texts(await bot.membership(at('07:00:30'), STAFF, { joined: ['王芳'] }))
    expect(welcome[0]).toContain('王芳：名单上有几位王芳，请发送 /我是 王芳(数学) 或 /我是 王芳(语文)，告诉我你是哪一位。')
    expect(texts(await bot.say(at('07:01:00'), '王芳', '/我是谁', STAFF))[0]).toContain('我还不认识“王芳”')
    expect(texts(await bot.say(at('07:02:00'), '王芳', '/我是 王芳', STAFF))).toEqual(['名单上有 2 位王芳，请写带括号的全名：/我是 王芳(数学) 或 /我是 王芳(语文)'])
    expect(texts(await bot.say(at('07:03:00'), '王芳', '/我是 王芳（数学）', STAFF))).toEqual(['好的，以后“王芳”发的消息都记在 王芳(数学) 名下。'])
    expect(texts(await bot.say(at('07:04:00'), '王芳', '/我是谁', STAFF))[0]).toMatch(/^你是 王芳\(数学\)（按绑定认出，班主任：三年级2班/)


    expect(texts(await bot.say(at('07:06:00'), '张伟', '/名单 添加 王芳(英语)', ADMIN))[0]).toMatch(/^已添加 王芳\(英语\)/)
    expect(texts(await bot.say(at('07:07:00'), '张伟', '/名单 添加 王芳', ADMIN))[0]).toMatch(/^没有改：王芳：姓名重复：王芳（与 王芳\(数学\) 同名）/)
  })
})
