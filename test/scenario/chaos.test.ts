import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { runChaos } from '../../bench/chaos-harness.js'
import { createFixture, type Fixture } from '../fixture.js'
import { isConfirmation } from './health-helpers.js'

const STAFF = '全体教职工群'
const at = (time: string) => `2026-02-03T${time}+08:00`

let restarted: Fixture | undefined
afterEach(async () => {
  await restarted?.close()
  restarted = undefined
})

describe('a report sent again after a crash', () => {
  it('is stored once and confirmed, while a changed report is still recorded', async () => {
    const crashed = await createFixture({ start: at('07:00:00') })
    await crashed.say(at('08:00:00'), '王芳', '体温36.5 正常', STAFF)
    // The process dies before the batched confirmation (180 s) goes out: no shutdown, no flush.
    // Its report is on disk already, because handling a report ends with its durable write.
    restarted = await createFixture({ dataDir: crashed.dataDir, start: at('08:01:00') })
    await restarted.say(at('08:02:00'), '王芳', '体温36.5 正常', STAFF)
    await restarted.advance(at('08:06:00'))

    const ownReports = async () =>
      (await restarted!.store.healthDay('2026-02-03')).data.reports
        .filter((report) => report.subject.kind === 'person' && report.subject.name === '王芳')
        .map((report) => (report.subject.kind === 'person' ? report.subject.temperature : undefined))
    expect(await ownReports()).toEqual([36.5])
    expect(restarted.sent.filter(isConfirmation).map((sent) => sent.text)).toEqual(['已收到上午健康上报 1 人：王芳'])

    await restarted.say(at('08:10:00'), '王芳', '体温36.7', STAFF)
    await restarted.say(at('08:11:00'), '王芳', '体温36.7', STAFF)
    await restarted.say(at('08:12:00'), '王芳', '体温36.5 正常', STAFF)
    expect(await ownReports()).toEqual([36.5, 36.7, 36.5])
  })
})

// The same harness as `npm run chaos`, smaller (a few seconds): the simulator as a child process, killed twice mid-burst.
describe('crash safety (SIGKILL during a burst of reports)', () => {
  it('keeps every acknowledged report exactly once, leaves valid files and sends no reminder twice', async () => {
    const result = await runChaos({ staff: 60, kills: 2, seed: 20260203 })
    await rm(result.workDir, { recursive: true, force: true })

    expect(result.kills).toBe(2)
    // The harness re-sends until acknowledged, so in the end everyone is.
    expect(result.acknowledged).toBe(60)
    expect(result.unacknowledged).toEqual([])
    expect(result.lost).toEqual([])
    expect(result.duplicated).toEqual([])
    expect(result.found).toBe(60)
    expect(result.invalidFiles).toEqual([])
    expect(result.filesChecked).toBeGreaterThan(0)
    expect(result.repeatedNotices).toEqual([])
    // The crash path was taken: some restart had a journal of acknowledged reports to replay.
    expect(result.journalsLeft).toBeGreaterThan(0)
  }, 120_000)
})
