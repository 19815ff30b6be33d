import { afterEach, expect, it } from 'vitest'
import { createFixture, SMALL_SCHOOL, type Fixture } from '../fixture.js'

let bot: Fixture | undefined
afterEach(async () => {
  await bot?.close()
  bot = undefined
})

it('lists overdue meeting action items in the daily summary to the admin group', async () => {
  bot = await createFixture({ config: { ...SMALL_SCHOOL, health: { privateChase: false } }, start: '2026-02-03T18:00:00+08:00' })
  await bot.say('2026-02-03T18:10:00+08:00', '张伟', '/会议 开始 临时碰头会', '行政群')
  await bot.say('2026-02-03T18:11:00+08:00', '张伟', '/待办 刘洋 统计返校学生名单 截止 2月3日', '行政群')
  await bot.say('2026-02-03T18:12:00+08:00', '张伟', '/待办 李娜 更新家长群通知 截止 2月9日', '行政群')
  await bot.say('2026-02-03T18:20:00+08:00', '张伟', '/会议 结束', '行政群')

  // The item due on 2月3日 is overdue from the next day's summary on; the 2月9日 one is not yet.
  const nextEvening = await bot.advance('2026-02-04T20:00:30+08:00')
  const summary = nextEvening.find((message) => message.room === '行政群' && message.text?.includes('逾期待办'))
  expect(summary?.text).toContain('逾期待办 1 项')
  expect(summary?.text).toContain('刘洋：统计返校学生名单（截止 2月3日）')
  expect(summary?.text).not.toContain('更新家长群通知')
})
