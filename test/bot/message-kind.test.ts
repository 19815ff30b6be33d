import { types } from 'wechaty'
import { describe, expect, it } from 'vitest'
import { messageKindOf, recalledMessageId } from '../../src/bot/message-kind.js'
import { parseScript } from '../../src/sim/script.js'

describe('message kinds', () => {
  it('reads text, the 接龙 card, photos, voice, video and recalls, and nothing else', () => {
    expect(messageKindOf(types.Message.GroupNote)).toBe('groupNote')
    expect(messageKindOf(types.Message.Audio)).toBe('voice')
    expect(messageKindOf(types.Message.Recalled)).toBe('recalled')
    for (const ignored of [types.Message.Url, types.Message.MiniProgram, types.Message.Emoticon, types.Message.Unknown]) {
      expect(messageKindOf(ignored)).toBeUndefined()
    }
  })

  it("finds the recalled message's id in Wechaty's plain id and in web WeChat's revokemsg notice", () => {
    expect(recalledMessageId('8734521937719934')).toBe('8734521937719934')
    const notice =
      '<sysmsg type="revokemsg"><revokemsg><session>@@abc</session><oldmsgid>1001</oldmsgid><msgid>5522</msgid><replacemsg><![CDATA["王芳" 撤回了一条消息]]></replacemsg></revokemsg></sysmsg>'
    expect(recalledMessageId(notice)).toBe('5522')
    expect(recalledMessageId(notice.replace(/</g, '&lt;').replace(/>/g, '&gt;'))).toBe('5522')
    expect(recalledMessageId('<sysmsg type="revokemsg"><revokemsg><newmsgid>77</newmsgid></revokemsg></sysmsg>')).toBe('77')
    expect(recalledMessageId('<sysmsg type="revokemsg"><revokemsg></revokemsg></sysmsg>')).toBeUndefined()
  })
})

describe('simulator script message types', () => {
  const line = (event: object) => JSON.stringify({ at: '2026-02-03T08:00:00+08:00', room: '全体教职工群', from: '王芳', ...event })

  it('takes a photo or voice message without text and a recall of the sender\'s latest message', () => {
    const [photo, recall] = parseScript([line({ type: 'image' }), line({ recall: true })].join('\n'))
    expect(photo?.type).toBe('image')
    expect(recall?.recall).toBe(true)
  })

  it('refuses a text message without text, a photo with text and a recall with text', () => {
    expect(() => parseScript(line({ type: 'groupNote' }))).toThrow('消息需要同时有 from 和 text')
    expect(() => parseScript(line({ type: 'voice', text: '36.5' }))).toThrow('voice 消息没有 text')
    expect(() => parseScript(line({ recall: true, text: '36.5' }))).toThrow('撤回不写 text 或 type')
  })
})
