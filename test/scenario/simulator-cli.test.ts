import { execFile } from 'node:child_process'
import { rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { tempDataDir } from '../fixture.js'

const run = promisify(execFile)

/** Runs `npm run sim` the way a user would, minus npm itself. */
async function sim(scriptLines: string[]): Promise<{ code: number; stdout: string; stderr: string; dataDir: string }> {
  const dataDir = await tempDataDir()
  const script = path.join(dataDir, 'script.jsonl')
  await writeFile(script, scriptLines.join('\n'))
  const args = ['--import', 'tsx', 'src/main.ts', 'sim', '--config', 'data/config.example.json', '--data', dataDir, '--script', script]
  try {
    const { stdout, stderr } = await run(process.execPath, args, { timeout: 60_000 })
    return { code: 0, stdout, stderr, dataDir }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr, dataDir }
  }
}

// Each test starts its own process on its own data directory: they run side by side.
describe.concurrent('npm run sim (the simulator contract)', () => {
  it('prints one JSON line per message sent, with simulated times and the throttle applied; a second run is a restart', async () => {
    const result = await sim([
      '{"at":"2026-02-03T07:00:00+08:00","room":"全体教职工群","from":"王芳","text":"/帮助"}',
      '{"at":"2026-02-03T07:00:00+08:00","from":"张伟","text":"/help"}',
      '{"at":"2026-02-03T07:00:00+08:00","room":"全体教职工群","from":"新老师","text":"/我是谁"}',
      '{"at":"2026-02-03T07:00:10+08:00","from":"张伟","text":"/绑定 小吴 吴强"}',
    ])
    expect(result.code).toBe(0)
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line))
    // The start-up line to the admin group: which groups were found, no health data.
    expect(lines[0]).toMatchObject({ at: '2026-02-03T07:00:00+08:00', room: '行政群', roomHandle: '行政群' })
    expect(lines[0].text).toContain('已上线')
    expect(lines[1]).toMatchObject({ at: '2026-02-03T07:00:01+08:00', room: '全体教职工群', roomHandle: '全体教职工群' })
    expect(lines[2]).toMatchObject({ at: '2026-02-03T07:00:03+08:00', to: '张伟', contact: '张伟' })
    expect(lines.find((line) => line.text?.includes('我还不认识“新老师”'))).toMatchObject({ room: '全体教职工群' })
    // The throttle: at least 1.5 s between any two messages.
    const times = lines.map((line) => Date.parse(line.at))
    expect(times.slice(1).every((time, index) => time - (times[index] ?? 0) >= 1000)).toBe(true)

    // The same data directory again: a restart, with new mock ids, that remembers the binding.
    const script = path.join(result.dataDir, 'again.jsonl')
    await writeFile(script, '{"at":"2026-02-03T07:10:00+08:00","room":"全体教职工群","from":"小吴","text":"/我是谁"}')
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'sim', '--config', 'data/config.example.json', '--data', result.dataDir, '--script', script])
    const replies = stdout.trim().split('\n').map((line) => JSON.parse(line).text as string)
    expect(replies.some((text) => text.includes('你是 吴强'))).toBe(true)
  })

  it('rejects a bad script line with its line number and a non-zero exit', async () => {
    const result = await sim([
      '{"at":"2026-02-03T07:00:00+08:00","room":"全体教职工群","from":"王芳","text":"/帮助"}',
      '',
      '{"at":"2026-02-03T07:01:00+08:00","room":"全体教职工群","text":"没有发送人"}',
    ])
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('第 3 行')
    expect(result.stderr).toContain('from')
    expect(result.stdout).toBe('')
  })

  it('rejects time going backwards and a malformed config, naming the problem', async () => {
    const backwards = await sim([
      '{"at":"2026-02-03T08:00:00+08:00"}',
      '{"at":"2026-02-03T07:00:00+08:00"}',
    ])
    expect(backwards.code).not.toBe(0)
    expect(backwards.stderr).toContain('第 2 行')
    expect(backwards.stderr).toContain('时间倒退')

    const dir = await tempDataDir()
    const badConfig = path.join(dir, 'config.json')
    await writeFile(badConfig, JSON.stringify({ groups: [{ topic: '行政群', role: 'boss' }], roster: [] }))
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'sim', '--config', badConfig, '--data', dir]).catch((error: { code: number; stderr: string }) => error)
    expect((failed as { code: number }).code).toBe(1)
    expect((failed as { stderr: string }).stderr).toContain(`${badConfig}`)
    expect((failed as { stderr: string }).stderr).toContain('groups[0].role')
  })

  it('interactively: uses a fresh temporary directory, reads clock lines, survives a bad one, and a message does not move the clock by minutes', async () => {
    const pending = run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'sim', '--config', 'data/config.example.json'], { timeout: 60_000 })
    pending.child.stdin?.end(['@ 昨天 8:00', '@ 明天 25:00', '@ +5m', '> 王芳: /我是谁', '全体教职工群> 王芳: 体温36.5', '@ +1m', ''].join('\n'))
    const { stdout, stderr } = await pending
    const dataDir = /临时目录 (\S+?)（/.exec(stderr)?.[1] ?? ''
    try {
      expect(dataDir.startsWith(tmpdir())).toBe(true)
      expect((await stat(path.join(dataDir, 'markers.json'))).isFile()).toBe(true)
      expect(stdout).toContain('时钟只能往后拨')
      expect(stdout).toContain('没有25:00这个时刻')
      expect(stdout).toContain('机器人 → 王芳: 你是 王芳')
      // The start, then +5m, then +1m after the messages: they took seconds at most, though a report's confirmation waits minutes.
      const [start, afterJump, afterMessage] = [...stdout.matchAll(/^(?:模拟器已启动，)?现在是 ([\d\-T:+]+)/gm)].map((match) => Date.parse(match[1] ?? ''))
      expect((afterJump ?? 0) - (start ?? 0)).toBe(5 * 60_000)
      expect((afterMessage ?? 0) - (afterJump ?? 0)).toBeGreaterThanOrEqual(60_000)
      expect((afterMessage ?? 0) - (afterJump ?? 0)).toBeLessThan(70_000)
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })

  it('answers an unknown flag with the usage, not a stack', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'sim', '--dta', 'x']).catch((error: { code: number; stderr: string }) => error)
    expect((failed as { code: number }).code).toBe(64)
    expect((failed as { stderr: string }).stderr).toContain('--dta')
    expect((failed as { stderr: string }).stderr).toContain('用法')
    expect((failed as { stderr: string }).stderr).not.toContain('    at ')
  })
})
