import { describe, expect, it } from 'vitest'
import { median, personTimes, statistics, statisticsText } from '../../src/publicity/statistics.js'
import { article, published, reviewed, submitted } from './articles.js'

const ZONE = 'Asia/Shanghai'

describe('person-times', () => {
  it('counts each writer once the article is submitted, and each reviewer once per level, 退回 and re-review included', () => {
    const returnedOnce = article(1, ['赵磊', '孙丽'], [
      submitted(2, '赵磊'),
      reviewed(3, '刘洋', '初审', 'return', '图片太少'),
      submitted(4, '赵磊'),
      reviewed(5, '刘洋', '初审'),
      reviewed(6, '张伟', '复审'),
    ])
    const notSubmitted = article(2, ['吴强'], [])
    expect(personTimes([returnedOnce, notSubmitted]).map(({ person, role }) => `${person}:${role}`)).toEqual(['赵磊:撰稿', '孙丽:撰稿', '刘洋:初审', '张伟:复审'])
  })
})

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeUndefined()
  })
})

describe('statistics', () => {
  it('gives a term of 25 articles as 75 person-times', () => {
    const term = Array.from({ length: 25 }, (_, index) =>
      article(index + 1, ['赵磊'], [submitted(2, '赵磊'), reviewed(3, '孙丽', '初审'), reviewed(4, '刘洋', '复审'), published(index % 2 ? 5 : 8, '赵磊')], '已发布'),
    )
    const stats = statistics(term, { from: '2026-02-01', to: '2026-02-28' }, ZONE)
    expect(stats).toMatchObject({ articles: 25, published: 25, personTimes: 75, returned: 0, byStatus: { 已发布: 25 } })
    // 12 published after 4 days, 13 after 7: the median is 7.
    expect(stats.medianDaysToPublish).toBe(7)
    expect(stats.byPerson.map(({ person, total }) => [person, total])).toEqual([
      ['刘洋', 25],
      ['孙丽', 25],
      ['赵磊', 25],
    ])
  })

  it('keeps to the span: person-times, returns and publications dated inside it', () => {
    const early = article(1, ['赵磊'], [submitted(2, '赵磊'), reviewed(3, '孙丽', '初审', 'return', '再改'), submitted(10, '赵磊')], '待初审')
    const late = article(2, ['孙丽'], [submitted(10, '孙丽'), reviewed(11, '刘洋', '初审'), published(12, '孙丽')], '已发布')
    const stats = statistics([early, late], { from: '2026-02-09', to: '2026-02-15' }, ZONE)
    expect(stats).toMatchObject({ articles: 2, published: 1, personTimes: 2, returned: 0, medianDaysToPublish: 11, byStatus: { 待初审: 1, 已发布: 1 } })
    expect(statistics([early, late], undefined, ZONE)).toMatchObject({ personTimes: 4, returned: 1 })
  })

  it('reads as a short report', () => {
    const done = article(1, ['赵磊'], [submitted(2, '赵磊'), reviewed(3, '孙丽', '初审'), published(4, '赵磊')], '已发布')
    expect(statisticsText(statistics([done], undefined, ZONE), '全部')).toBe(
      [
        '【宣传统计】全部',
        '稿件 1 篇（已发布 1）',
        '发布 1 篇，选题到发布用时中位数 3 天',
        '写稿审稿 2 人次，退回修改 0 次',
        '按人：',
        '  孙丽：初审 1（共 1）',
        '  赵磊：撰稿 1（共 1）',
      ].join('\n'),
    )
  })
})
