import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterEach, describe, expect, it } from 'vitest'
import { AREAS } from '../../src/areas.js'
import { ConfigError, configSchemaFor, loadConfig as load, resolveConfig as resolve } from '../../src/config.js'
import { healthSectionOf } from '../../src/health/config.js'

const loadConfig = (file: string) => load(file, AREAS)
const resolveConfig = (raw: unknown, file: string) => resolve(raw, file, AREAS)

const base = {
  groups: [
    { topic: '行政群', role: 'admin' },
    { topic: '全体教职工群', role: 'staff' },
  ],
  roster: [{ name: '张伟', groups: ['行政群'] }],
}

const tempDirs: string[] = []
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix))
  tempDirs.push(dir)
  return dir
}
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

async function problemsOf(raw: unknown, file = 'test/config.json'): Promise<string[]> {
  try {
    await resolveConfig(raw, file)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  throw new Error('expected the config to be rejected')
}

describe('config', () => {
  it('fills in the documented defaults', async () => {
    const config = await resolveConfig(base, 'x.json')
    expect(config.timezone).toBe('Asia/Shanghai')
    expect(config.send.minIntervalMs).toBe(1500)
    expect(healthSectionOf(config).feverThreshold).toBe(37.3)
    expect(healthSectionOf(config).slots.map((slot) => [slot.name, slot.endMinute])).toEqual([
      ['上午', 12 * 60],
      ['下午', 24 * 60],
    ])
    expect(healthSectionOf(config).retentionDays).toBe(60)
    expect(healthSectionOf(config).skipDays).toBe('never')
  })

  it('names the field of a bad cron expression', async () => {
    const raw = {
      ...base,
      health: {
        slots: [
          { name: '上午', remind: '0 8 * * *', deadline: '0 10 * * *' },
          { name: '下午', remind: 'every afternoon', deadline: '0 16 * * *' },
        ],
      },
    }
    expect(await problemsOf(raw)).toContain('health.slots[1].remind: 不是有效的 cron 表达式，也不是 HH:mm 格式的每日时间 (not a valid cron expression or daily time)')
  })

  it('reads a daily time written as HH:mm wherever a cron expression is expected', async () => {
    const config = await resolveConfig(
      { ...base, privacy: { purge: '3:30' }, health: { dailySummary: '20:05', slots: [{ name: '上午', remind: '08:00', deadline: '10:00' }] } },
      'x.json',
    )
    expect(config.privacy.purge).toBe('30 3 * * *')
    expect(healthSectionOf(config).dailySummary).toBe('5 20 * * *')
    expect(healthSectionOf(config).slots[0]).toMatchObject({ remind: '0 8 * * *', deadline: '0 10 * * *' })
    expect(await problemsOf({ ...base, privacy: { purge: '25:00' } })).toEqual([expect.stringMatching(/^privacy\.purge: 不是有效的 cron 表达式/)])
  })

  it('rejects unknown keys, suggesting the key that was probably meant', async () => {
    const problems = await problemsOf({ ...base, health: { feverThreshhold: 37.5 }, timeZone: 'Asia/Shanghai', colour: 'red' })
    expect(problems).toContain('health: 未知的配置项 feverThreshhold，是否应为 feverThreshold？')
    expect(problems).toContain('未知的配置项 timeZone，是否应为 timezone？；未知的配置项 colour（可用的有：' + Object.keys(configSchemaFor(AREAS).shape).join('、') + '）')
  })

  it('says type errors in Chinese and keeps the field path', async () => {
    const problems = await problemsOf({ ...base, health: { feverThreshold: '37.5', privateChase: 'yes' }, send: {} })
    expect(problems).toContain('health.feverThreshold: 应为数字，实际是文字（加英文引号）')
    expect(problems).toContain('health.privateChase: 应为true 或 false，实际是文字（加英文引号）')
    expect(await problemsOf({ ...base, groups: [{ role: 'admin' }] })).toContain('groups[0].topic: 缺少此项')
    expect(await problemsOf({ ...base, send: { maxChars: 20 } })).toEqual([expect.stringMatching(/^send\.maxChars: .*100/)])
    for (const problem of await problemsOf({ ...base, send: { maxChars: 20 } })) expect(problem).not.toMatch(/Invalid|expected|Too small/)
  })

  it('names the file in the error message', async () => {
    await expect(resolveConfig({ ...base, timezone: 'Mars/Olympus' }, 'data/school.json')).rejects.toThrow(/data\/school\.json[\s\S]*timezone: 不是有效的时区/)
  })

  it('requires an admin group and unique topics', async () => {
    const problems = await problemsOf({ ...base, groups: [{ topic: '全体教职工群', role: 'staff' }, { topic: '全体教职工群', role: 'staff' }] })
    expect(problems).toContain('groups[1].topic: 群名重复：全体教职工群')
    expect(problems).toContain('groups: 至少需要一个 role 为 admin 的行政群')
  })

  it('rejects duplicate names and unknown groups in an inline roster, naming the entry', async () => {
    const problems = await problemsOf({
      ...base,
      roster: [
        { name: '张伟', groups: ['行政群'] },
        { name: '张伟', groups: ['教研组群'] },
      ],
    })
    expect(problems).toContain('roster[1]: 姓名重复：张伟（与 roster[0] 同名）；同名的老师请各加一个标签（label）区分，例如 数学')
    expect(problems).toContain('roster[1].groups: 未配置的群：教研组群')
  })

  it('allows same-name teachers told apart by a label, and names both rows of a clash', async () => {
    const config = await resolveConfig(
      { ...base, roster: [{ name: '王芳', label: '数学', groups: ['全体教职工群'] }, { name: '王芳', label: '语文', groups: ['全体教职工群'] }] },
      'x.json',
    )
    expect(config.roster.map((person) => person.name)).toEqual(['王芳(数学)', '王芳(语文)'])
    const problems = await problemsOf({
      ...base,
      roster: [
        { name: '王芳', label: '数学', class: '三年级2班' },
        { name: '王芳' },
        { name: '李娜', class: '3年级2班', aliases: ['王芳(数学)'] },
        { name: '赵磊', aliases: ['李娜'] },
      ],
    })
    expect(problems).toEqual([
      'roster[1]: 姓名重复：王芳（与 roster[0] 同名）；同名的老师请各加一个标签（label）区分，例如 数学',
      'roster[2].class: 三年级2班已有班主任（roster[0]），一个班只能有一位班主任',
      'roster[2].aliases: 别名“王芳(数学)”是 roster[0] 的姓名，会认错人',
      'roster[3].aliases: 别名“李娜”是 roster[2] 的姓名，会认错人',
    ])
  })

  it('reports an unreadable file and invalid JSON clearly', async () => {
    const dir = await tempDir('config-')
    await expect(loadConfig(path.join(dir, 'missing.json'))).rejects.toThrow(/missing\.json[\s\S]*ENOENT/)
    await writeFile(path.join(dir, 'bad.json'), '{ "groups": [ }')
    await expect(loadConfig(path.join(dir, 'bad.json'))).rejects.toThrow('JSON 格式错误：第 1 行第 15 列的 "}" 不合语法')
    await writeFile(path.join(dir, 'comma.json'), '{\n  "timezone": "Asia/Shanghai",\n  "groups": [],\n}\n')
    await expect(loadConfig(path.join(dir, 'comma.json'))).rejects.toThrow('第 4 行第 1 列的 "}" 不合语法')
    await writeFile(path.join(dir, 'short.json'), '{\n  "groups": [\n')
    await expect(loadConfig(path.join(dir, 'short.json'))).rejects.toThrow('文件在第 3 行第 1 列意外结束')
  })

  it('loads the committed example config', async () => {
    const config = await loadConfig('data/config.example.json')
    expect(config.roster.length).toBeGreaterThan(10)
    expect(config.groups.find((group) => group.role === 'admin')?.topic).toBe('行政群')
  })
})

describe('roster files', () => {
  it('reads a CSV roster with Chinese headers, list cells and class names', async () => {
    const config = await resolveConfig({ ...base, roster: 'roster.csv' }, path.resolve('test/fixtures/config.json'))
    expect(config.roster).toEqual([
      { name: '张伟', aliases: ['张校长'], groups: ['全体教职工群', '行政群'] },
      { name: '王芳', aliases: [], groups: ['全体教职工群'], classKey: '3-2', classLabel: expect.stringContaining('2班') },
      { name: '李娜', aliases: ['李老师', '娜娜'], groups: ['全体教职工群'], classKey: '1-3', classLabel: expect.stringContaining('3班') },
    ])
  })

  it('reads an XLSX roster with English headers and names the bad row', async () => {
    const dir = await tempDir('roster-')
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('staff')
    sheet.addRow(['name', 'aliases', 'groups', 'class'])
    sheet.addRow(['王芳', '', '全体教职工群', '三年级2班'])
    sheet.addRow(['赵磊', '', '全体教职工群', ''])
    await workbook.xlsx.writeFile(path.join(dir, 'staff.xlsx'))
    const config = await resolveConfig({ ...base, roster: 'staff.xlsx' }, path.join(dir, 'config.json'))
    expect(config.roster.map((person) => person.name)).toEqual(['王芳', '赵磊'])

    sheet.addRow(['王芳', '', '教研组群', ''])
    await workbook.xlsx.writeFile(path.join(dir, 'staff.xlsx'))
    const problems = await problemsOf({ ...base, roster: 'staff.xlsx' }, path.join(dir, 'config.json'))
    expect(problems.some((p) => p.includes('第 4 行') && p.includes('姓名重复：王芳'))).toBe(true)
    expect(problems.some((p) => p.includes('第 4 行') && p.includes('未配置的群：教研组群'))).toBe(true)
  })

  it('rejects a roster file without a name column', async () => {
    const dir = await tempDir('roster-')
    await writeFile(path.join(dir, 'r.csv'), '编号,电话\n1,123\n')
    expect((await problemsOf({ ...base, roster: 'r.csv' }, path.join(dir, 'c.json')))[0]).toContain('姓名')
  })
})
