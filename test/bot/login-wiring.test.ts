import { afterEach, describe, expect, it } from 'vitest'
import { ScanStatus } from 'wechaty'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { createBot, type ConnectionEvent, type StaffBot } from '../../src/bot/bot.js'
import { createLogger } from '../../src/log.js'
import { SimulatedClock } from '../../src/schedule/clock.js'

const bots: StaffBot[] = []
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.wechaty.stop()
})

/** The transport alone on the mock puppet, not logged in: what it tells its caller about logging in. */
async function loggingIn() {
  const mocker = new mock.Mocker()
  const refusals: string[] = []
  const connection: ConnectionEvent[] = []
  const bot = await createBot({
    puppet: new PuppetMock({ mocker }),
    groups: [],
    send: { minIntervalMs: 0, maxChars: 1500, maxMentions: 20 },
    clock: new SimulatedClock(new Date('2026-02-03T08:00:00+08:00')),
    log: createLogger('error'),
    wallClock: () => Date.now(),
    onLoginRefused: () => refusals.push('refused'),
    onConnection: (event) => connection.push(event),
  })
  bots.push(bot)
  await bot.start()
  const settled = async () => {
    await new Promise((resolve) => setImmediate(resolve))
    await bot.idle()
  }
  return { mocker, bot, refusals, connection, settled }
}

describe('a login WeChat refuses', () => {
  it('asks for a scan with the QR content, and gives up once after confirmed scans keep ending in new QR codes', async () => {
    const { mocker, refusals, connection, settled } = await loggingIn()
    mocker.scan('https://login.weixin.qq.com/l/first', ScanStatus.Waiting)
    await settled()
    expect(connection).toEqual([{ kind: 'scan-needed', qrUrl: 'https://login.weixin.qq.com/l/first' }])
    for (const round of [1, 2, 3, 4]) {
      mocker.scan('', ScanStatus.Confirmed)
      mocker.scan(`https://login.weixin.qq.com/l/${round}`, ScanStatus.Waiting)
      await settled()
    }
    expect(refusals).toEqual(['refused'])
    // Rounds 1 and 2 still showed a code; from the third failure on, no code is offered.
    expect(connection.filter((event) => event.kind === 'scan-needed')).toHaveLength(3)
  })

  it("gives up at once on WeChat's own refusal, and not on a network error", async () => {
    const { mocker, refusals, settled } = await loggingIn()
    mocker.puppet.emit('error', { gerror: JSON.stringify({ message: 'getaddrinfo ENOTFOUND login.weixin.qq.com' }) })
    await settled()
    expect(refusals).toEqual([])
    mocker.puppet.emit('error', { gerror: JSON.stringify({ message: '微信拒绝了网页登录（ret 1203）：为了你的帐号安全，此微信号不能登录网页微信。' }) })
    await settled()
    expect(refusals).toEqual(['refused'])
  })
})
