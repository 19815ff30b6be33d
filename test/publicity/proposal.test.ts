import { describe, expect, it } from 'vitest'
import { parseProposal } from '../../src/publicity/proposal.js'

const TODAY = '2026-02-03'
const parse = (text: string) => parseProposal(text.split(' '), TODAY, 3)

describe('/选题 words', () => {
  it('takes a title alone, due after the configured days', () => {
    expect(parse('《校运会报道》')).toEqual({ ok: true, title: '校运会报道', writers: [], due: '2026-02-06' })
  })

  it('takes writers and a due date, in either order, with or without a colon', () => {
    expect(parse('校运会 精彩 瞬间 撰稿 赵磊、孙丽 截止 2月10日')).toEqual({ ok: true, title: '校运会 精彩 瞬间', writers: ['赵磊', '孙丽'], due: '2026-02-10' })
    expect(parse('开学第一课 截止：周五 撰稿：赵磊')).toEqual({ ok: true, title: '开学第一课', writers: ['赵磊'], due: '2026-02-06' })
  })

  it('keeps 撰稿 inside a title as part of it', () => {
    expect(parse('优秀撰稿人表彰')).toMatchObject({ ok: true, title: '优秀撰稿人表彰', writers: [] })
  })

  it('refuses a missing title, a past due date and an empty writer list', () => {
    expect(parse('撰稿 赵磊')).toEqual({ ok: false, reason: '请写上稿件标题' })
    expect(parse('家长会 截止 昨天')).toEqual({ ok: false, reason: '截止日期已经过了，请写今天或以后的日期' })
    expect(parse('家长会 撰稿 截止 明天')).toEqual({ ok: false, reason: '“撰稿”后面请写上撰稿人姓名' })
  })
})
