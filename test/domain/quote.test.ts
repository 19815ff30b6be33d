import { describe, expect, it } from 'vitest'
import { parseQuote } from '../../src/domain/quote.js'

describe('parseQuote', () => {
  it('reads the author, the quoted text and the reply', () => {
    expect(parseQuote('「王芳：腾讯课堂卡顿」\n- - - - - - - - - - - - - - -\n我来')).toEqual({ author: '王芳', quoted: '腾讯课堂卡顿', reply: '我来' })
  })

  it('keeps colons and line breaks inside the quoted text and the reply', () => {
    expect(parseQuote('「教职工群助手：已登记 #3（腾讯课堂·卡顿）\n已登记 #4：其他」\n- - -\n已解决：重启路由器\n再试一次')).toEqual({
      author: '教职工群助手',
      quoted: '已登记 #3（腾讯课堂·卡顿）\n已登记 #4：其他',
      reply: '已解决：重启路由器\n再试一次',
    })
  })

  it('accepts a half-width colon and dashes without spaces', () => {
    expect(parseQuote('「李娜:没声音」\n------\n好了')).toEqual({ author: '李娜', quoted: '没声音', reply: '好了' })
  })

  it('is undefined for a message that only mentions brackets', () => {
    expect(parseQuote('「腾讯课堂」进不去')).toBeUndefined()
    expect(parseQuote('「王芳：卡」\n我来')).toBeUndefined()
    expect(parseQuote('我来')).toBeUndefined()
  })
})
