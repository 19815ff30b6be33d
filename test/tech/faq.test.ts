import { describe, expect, it } from 'vitest'
import { matchFaq, saysNotSolved } from '../../src/tech/faq.js'

const whiteboard = { question: '希沃白板打不开', answer: '重启希沃', any: ['打不开', '闪退'], all: ['希沃'] }
const password = { question: '忘记密码', answer: '找教务处重置', any: ['密码'], all: [] }
const dingtalk = { question: '钉钉直播没声音', answer: '检查麦克风权限', any: ['没声音', '听不到'], all: ['钉钉', '直播'] }

describe('matchFaq', () => {
  it('is a full match with one ANY word and every ALL word', () => {
    expect(matchFaq('希沃白板又闪退了', [whiteboard, password])).toEqual({ entry: whiteboard, full: true })
    expect(matchFaq('钉钉直播学生听不到', [dingtalk])).toEqual({ entry: dingtalk, full: true })
  })

  it('is a full match for an entry with no ALL words', () => {
    expect(matchFaq('忘了密码怎么办', [whiteboard, password])).toEqual({ entry: password, full: true })
  })

  it('is a partial match when an ALL word is missing', () => {
    expect(matchFaq('钉钉学生听不到', [dingtalk])).toEqual({ entry: dingtalk, full: false })
  })

  it('prefers a full match to a partial one and finds nothing without an ANY word', () => {
    expect(matchFaq('希沃打不开，密码也忘了', [dingtalk, { ...whiteboard, all: ['希沃', '白板'] }, password])).toEqual({ entry: password, full: true })
    expect(matchFaq('希沃白板很好用', [whiteboard])).toBeUndefined()
  })

  it('ignores case and full-width letters', () => {
    expect(matchFaq('ＳＥＥＷＯ打不开', [{ ...whiteboard, all: ['seewo'] }])?.full).toBe(true)
  })
})

describe('saysNotSolved', () => {
  it.each(['没解决', '还是没解决', '没有解决！', ' 未解决 '])('hears “%s”', (text) => expect(saysNotSolved(text)).toBe(true))
  it.each(['解决了', '没解决的问题有哪些', '我这边没解决，但是李老师那边好了'])('does not hear “%s”', (text) => expect(saysNotSolved(text)).toBe(false))
})
