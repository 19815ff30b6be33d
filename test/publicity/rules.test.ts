import { describe, expect, it } from 'vitest'
import { eligibleReviewers, mayPublish, mayWithdraw, reviewRefusal, type Reviewers } from '../../src/publicity/rules.js'
import { article, reviewed, submitted } from './articles.js'

const REVIEWERS: Reviewers = { 初审: ['孙丽', '赵磊'], 复审: ['刘洋', '孙丽'], 终审: ['张伟'] }

describe('reviewer rules', () => {
  const atFirst = article(1, ['赵磊'], [submitted(2, '赵磊')], '待初审')

  it('lets a listed reviewer who did not write it review the current level', () => {
    expect(reviewRefusal(atFirst, '孙丽', REVIEWERS)).toBeUndefined()
  })

  it('refuses a reviewer of another level, naming the level waited for', () => {
    expect(reviewRefusal(atFirst, '张伟', REVIEWERS)).toBe('稿件 #1 现在等的是初审，你是终审审核人，请等轮到终审时再审。')
  })

  it('refuses someone on no list', () => {
    expect(reviewRefusal(atFirst, '吴强', REVIEWERS)).toBe('你不在初审名单上（初审：孙丽、赵磊）。')
  })

  it('refuses the writer even when on the list', () => {
    expect(reviewRefusal(atFirst, '赵磊', REVIEWERS)).toBe('你是这篇稿件的撰稿人，不能审核自己的稿件。')
  })

  it('refuses whoever reviewed it at another level, but not the same reviewer again after 退回', () => {
    const atSecond = article(2, ['赵磊'], [submitted(2, '赵磊'), reviewed(3, '孙丽', '初审')], '待复审')
    expect(reviewRefusal(atSecond, '孙丽', REVIEWERS)).toBe('你已经做过这篇稿件的初审，复审请由另一位审核人完成（三审须由不同的人把关）。')
    const resubmitted = article(3, ['赵磊'], [submitted(2, '赵磊'), reviewed(3, '孙丽', '初审', 'return', '太长'), submitted(4, '赵磊')], '待初审')
    expect(reviewRefusal(resubmitted, '孙丽', REVIEWERS)).toBeUndefined()
    expect(eligibleReviewers(atSecond, REVIEWERS)).toEqual(['刘洋'])
  })

  it('refuses a review when the article is not waiting for one', () => {
    expect(reviewRefusal(article(4, ['赵磊'], []), '孙丽', REVIEWERS)).toBe('稿件 #4 现在是「撰写中」，不在审核中。')
  })

  it('lets writers and 终审 publish, and 初审 editors also withdraw', () => {
    const ready = article(5, ['赵磊'], [], '待发布')
    expect(['赵磊', '张伟', '孙丽', '刘洋'].map((name) => mayPublish(ready, name, REVIEWERS))).toEqual([true, true, false, false])
    expect(['赵磊', '张伟', '孙丽', '刘洋'].map((name) => mayWithdraw(ready, name, REVIEWERS))).toEqual([true, true, true, false])
  })
})
