import { describe, expect, it } from 'vitest'
import { parseCheckIn } from '../../src/duty/checkin.js'

describe('check-in messages', () => {
  it('reads a patrol report and its note', () => {
    expect(parseCheckIn('巡查完毕，一切正常')).toEqual({ kind: 'patrol', note: '一切正常' })
    expect(parseCheckIn('已巡查')).toEqual({ kind: 'patrol' })
    expect(parseCheckIn('值班结束。东门锁坏了，已报修')).toEqual({ kind: 'patrol', note: '东门锁坏了，已报修' })
  })

  it('reads place, disinfectant and concentration of a disinfection', () => {
    expect(parseCheckIn('已消毒 一楼走廊 84消毒液 1:100')).toEqual({ kind: 'disinfection', place: '一楼走廊', disinfectant: '84消毒液', concentration: '1:100' })
    expect(parseCheckIn('消毒完毕：教师办公室，75%酒精')).toEqual({ kind: 'disinfection', place: '教师办公室', disinfectant: '酒精', concentration: '75%' })
    expect(parseCheckIn('已消毒 食堂 含氯消毒液500mg/L 拖地两遍')).toEqual({
      kind: 'disinfection',
      place: '食堂',
      disinfectant: '含氯消毒液',
      concentration: '500mg/L',
      note: '拖地两遍',
    })
    expect(parseCheckIn('已消毒')).toEqual({ kind: 'disinfection' })
  })

  it('leaves health reports and chat alone', () => {
    expect(parseCheckIn('一切正常')).toBeUndefined()
    expect(parseCheckIn('体温36.5 无症状 在校')).toBeUndefined()
    expect(parseCheckIn('明天谁巡查完毕要说一声')).toBeUndefined()
    expect(parseCheckIn('消毒液放哪里了？')).toBeUndefined()
  })
})
