import { describe, expect, it } from 'vitest'
import { SendQueue, type WireMessage } from '../../src/bot/send-queue.js'
import { createLogger } from '../../src/log.js'
import { SimulatedClock } from '../../src/schedule/clock.js'

function setup(transport?: (message: WireMessage) => Promise<void>) {
  const clock = new SimulatedClock(new Date('2026-02-03T08:00:00+08:00'))
  const sent: Array<WireMessage & { at: number }> = []
  const queue = new SendQueue({
    clock,
    log: createLogger('silent'),
    transport: transport ?? (async (message) => void sent.push({ ...message, at: clock.now().getTime() })),
    minIntervalMs: 1500,
    maxChars: 20,
    maxMentions: 3,
  })
  const settle = () => queue.settled()
  return { clock, sent, queue, drain: () => clock.drainTimers(settle) }
}

describe('SendQueue', () => {
  it('splits texts on line boundaries and never sends faster than the interval', async () => {
    const { sent, queue, drain } = setup()
    queue.enqueue([{ to: { room: '全体教职工群' }, text: '第一行内容\n第二行内容\n第三行比较长的内容会超过限制\n最后一行' }])
    await drain()
    expect(sent.map((message) => message.text)).toEqual(['第一行内容\n第二行内容', '第三行比较长的内容会超过限制\n最后一行'])
    expect((sent[1]?.at ?? 0) - (sent[0]?.at ?? 0)).toBe(1500)
  })

  it('cuts a single line longer than the limit', async () => {
    const { sent, queue, drain } = setup()
    queue.enqueue([{ to: { room: 'r' }, text: 'x'.repeat(45) }])
    await drain()
    expect(sent.map((message) => message.text?.length)).toEqual([20, 20, 5])
  })

  it('counts the @ mentions WeChat puts in front of the first message against the limit', async () => {
    const { sent, queue, drain } = setup()
    queue.enqueue([{ to: { room: 'r' }, text: '以下老师今天还没有上报，请尽快', mentions: ['欧阳娜娜', '司马光'] }])
    await drain()
    expect(sent.map((message) => [message.text, message.mentions])).toEqual([
      ['以下老师今天还没有', ['欧阳娜娜', '司马光']],
      ['上报，请尽快', undefined],
    ])
  })

  it('never cuts an emoji in half', async () => {
    const { sent, queue, drain } = setup()
    queue.enqueue([{ to: { room: 'r' }, text: `${'好'.repeat(19)}😷` }])
    await drain()
    expect(sent.map((message) => message.text)).toEqual(['好'.repeat(19), '😷'])
  })

  it('spreads a long mention list over several messages', async () => {
    const { sent, queue, drain } = setup()
    queue.enqueue([{ to: { room: 'r' }, text: '未报', mentions: ['甲', '乙', '丙', '丁', '戊'] }])
    await drain()
    expect(sent.map((message) => message.mentions)).toEqual([['甲', '乙', '丙'], ['丁', '戊']])
  })

  it('puts urgent messages ahead of routine ones', async () => {
    const { sent, queue, drain } = setup()
    queue.enqueue([{ to: { room: 'r' }, text: '一' }, { to: { room: 'r' }, text: '二' }, { to: { room: 'r' }, text: '三' }])
    queue.enqueue([{ to: { room: '行政群' }, text: '异常' }], true)
    await drain()
    expect(sent.map((message) => message.text)).toEqual(['一', '异常', '二', '三'])
  })

  it('retries a failed send and gives up after three attempts without blocking the rest', async () => {
    let failures = 0
    const delivered: string[] = []
    const { queue, drain } = setup(async (message) => {
      if (message.text === '坏') {
        failures += 1
        throw new Error('network down')
      }
      delivered.push(message.text ?? '')
    })
    queue.enqueue([{ to: { room: 'r' }, text: '坏' }, { to: { room: 'r' }, text: '好' }])
    await drain()
    expect(failures).toBe(3)
    expect(delivered).toEqual(['好'])
  })
})
