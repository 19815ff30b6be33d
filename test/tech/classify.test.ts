import { describe, expect, it } from 'vitest'
import { detectKind, detectPlatform, incidentFor, readProblem, similarity, type MergeCandidate } from '../../src/tech/classify.js'
import { techSectionSchema } from '../../src/tech/config.js'

const { platforms } = techSectionSchema.parse(undefined)

describe('readProblem', () => {
  it.each([
    ['腾讯课堂登录不了', '腾讯课堂', '登录'],
    ['钉钉直播学生说听不到声音', '钉钉直播', '声音'],
    ['QQ群课堂分享屏幕后黑屏', 'QQ群课堂', '画面'],
    ['家里WiFi太卡了，一直掉线', '网络', '卡顿'],
    ['三顾云怎么批改作业？', '三顾云', '作业'],
    ['笔记本开不了机', '电脑', '设备'],
    ['希沃白板怎么插入视频？', '希沃', '画面'],
    ['请问企业微信可以直播吗', '企业微信', '其他'],
  ])('reads “%s” as a problem with %s · %s', (text, platform, kind) => {
    expect(readProblem(text, platforms)).toEqual({ platform, kind })
  })

  it('reads a problem without a platform', () => {
    expect(readProblem('上课的时候没有声音', platforms)).toEqual({ kind: '声音' })
    expect(readProblem('软件一直报错怎么办', platforms)).toEqual({ kind: '其他' })
  })

  it.each(['谢谢', '收到', '好的，明白了', '辛苦陈老师了', '大家早上好', '好了，现在不卡了', '可以了可以了', '嗯', 'OK', '今天下午开会', '腾讯课堂'])(
    'does not take “%s” for a problem',
    (text) => {
      expect(readProblem(text, platforms)).toBeUndefined()
    },
  )

  it('takes thanks with a new problem in it for a problem', () => {
    expect(readProblem('谢谢！不过现在钉钉又登录不了了', platforms)).toEqual({ platform: '钉钉直播', kind: '登录' })
  })
})

describe('detectPlatform and detectKind', () => {
  it('prefers the longest platform word and ignores case', () => {
    expect(detectPlatform('qq群课堂进不去', platforms)?.name).toBe('QQ群课堂')
    expect(detectPlatform('SEEWO 闪退', platforms)?.name).toBe('希沃')
    expect(detectPlatform('学生平板打不开', platforms)).toBeUndefined()
  })

  it('reads traditional characters as simplified ones', () => {
    expect(detectKind('登錄不了')).toBe('登录')
  })
})

describe('incidentFor', () => {
  const open: MergeCandidate[] = [
    { id: 1, platform: '腾讯课堂', kind: '卡顿', day: '2026-02-03', texts: ['腾讯课堂好卡'] },
    { id: 2, kind: '其他', day: '2026-02-03', texts: ['软件一直提示错误代码 1001'] },
  ]

  it('joins the same platform and kind on the same day', () => {
    expect(incidentFor({ platform: '腾讯课堂', kind: '卡顿', text: '腾讯课堂一直在缓冲', day: '2026-02-03' }, open)).toBe(1)
  })

  it('keeps another day, platform or kind apart', () => {
    expect(incidentFor({ platform: '腾讯课堂', kind: '卡顿', text: '腾讯课堂好卡', day: '2026-02-04' }, open)).toBeUndefined()
    expect(incidentFor({ platform: '钉钉直播', kind: '卡顿', text: '钉钉好卡', day: '2026-02-03' }, open)).toBeUndefined()
    expect(incidentFor({ platform: '腾讯课堂', kind: '声音', text: '腾讯课堂没声音', day: '2026-02-03' }, open)).toBeUndefined()
  })

  it('joins vague reports only when their words are alike', () => {
    expect(incidentFor({ kind: '其他', text: '软件提示错误代码 1001', day: '2026-02-03' }, open)).toBe(2)
    expect(incidentFor({ kind: '其他', text: '打印机不能用', day: '2026-02-03' }, open)).toBeUndefined()
  })

  it('measures similarity from 0 to 1', () => {
    expect(similarity('腾讯课堂好卡', '腾讯课堂好卡')).toBe(1)
    expect(similarity('腾讯课堂', '钉钉直播')).toBe(0)
    expect(similarity('错误代码1001', '提示错误代码1001')).toBeGreaterThan(0.5)
  })
})
