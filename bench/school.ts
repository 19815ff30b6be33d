/**
 * A generated school for the benchmark, the chaos run and the fuzzer: any number of staff
 * with distinct Chinese names, staff groups of at most 500 (WeChat's limit), a handful of
 * admins and class teachers, and the report texts they send.
 */

const SURNAMES = '王李张刘陈杨赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃洪'
// Given-name characters chosen to mean nothing to the parser (no symptom, place or slot words).
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建文辉玲丹宁红志春燕晨欣怡佳琳雪梅海波晓峰亮成俊琴云飞婷'

export const ADMIN_GROUP = '行政群'
const STAFF_GROUP_SIZE = 500
export const staffGroup = (index: number): string => `教职工${Math.floor(index / STAFF_GROUP_SIZE) + 1}群`

/** `count` distinct names, the same every run: 王伟, 李伟, 张伟 … 王芳, 李芳 … */
export function staffNames(count: number): string[] {
  const names: string[] = []
  for (let i = 0; names.length < count; i++) {
    const surname = SURNAMES[i % SURNAMES.length] ?? '王'
    const round = Math.floor(i / SURNAMES.length)
    const first = GIVEN[round % GIVEN.length] ?? ''
    const second = round < GIVEN.length ? '' : (GIVEN[Math.floor(round / GIVEN.length) - 1] ?? '')
    names.push(`${surname}${first}${second}`)
  }
  if (new Set(names).size !== count) throw new Error(`not enough distinct names for ${count} people`)
  return names
}

const GRADES = ['一', '二', '三', '四', '五', '六']
const ADMINS = 10
const CLASS_TEACHER_EVERY = 25
const CLASSES_PER_GRADE = 20

export interface SchoolOptions {
  staff: number
  send?: Record<string, unknown>
  health?: Record<string, unknown>
}

/** A config (as the JSON file would hold it) for a school of `staff` people. */
export function schoolConfig(options: SchoolOptions): { config: Record<string, unknown>; names: string[] } {
  const names = staffNames(options.staff)
  const staffGroups = [...new Set(names.map((_, index) => staffGroup(index)))]
  const roster = names.map((name, index) => {
    const groups = [staffGroup(index), ...(index < ADMINS ? [ADMIN_GROUP] : [])]
    const classNumber = index / CLASS_TEACHER_EVERY
    const teachesClass = index % CLASS_TEACHER_EVERY === 0 && classNumber < GRADES.length * CLASSES_PER_GRADE
    const klass = teachesClass ? `${GRADES[classNumber % GRADES.length]}年级${Math.floor(classNumber / GRADES.length) + 1}班` : undefined
    return { name, groups, ...(klass ? { class: klass } : {}), office: `第${(index % 40) + 1}办公室` }
  })
  const config = {
    timezone: 'Asia/Shanghai',
    groups: [{ topic: ADMIN_GROUP, role: 'admin' }, ...staffGroups.map((topic) => ({ topic, role: 'staff' }))],
    send: { minIntervalMs: 0, confirmBatchSeconds: 180, ...options.send },
    health: { retentionDays: 400, ...options.health },
    roster,
  }
  return { config, names }
}

const PLACES = ['在蓉', '在家', '成都市成华区', '成都市武侯区', '在校']
const NOTES = ['正常', '无症状', '身体健康', '无异常', '']
const ABNORMAL_EVERY = 200

/** A temperature a healthy person reads: 36.0–37.0. */
const healthyTemperature = (i: number): string => (36 + ((i * 7) % 11) / 10).toFixed(1)

/**
 * What person `i` (named `name`) sends as their own report, in the ways teachers write:
 * tagged or not, field form, full-width digits, traditional characters; one in 200 abnormal.
 */
export function reportText(i: number, name: string): string {
  if (i % ABNORMAL_EVERY === ABNORMAL_EVERY - 1) return `体温37.${6 + (i % 3)} 咳嗽 乏力`
  const temperature = healthyTemperature(i)
  const place = PLACES[i % PLACES.length] ?? ''
  const note = NOTES[i % NOTES.length] ?? ''
  switch (i % 8) {
    case 0:
      return `体温${temperature} ${note} ${place}`.trim()
    case 1:
      return `#健康 ${temperature}℃ ${note}`.trim()
    case 2:
      return `健康上报\n姓名：${name}\n体温：${temperature}\n症状：无\n所在地：${place}`
    case 3:
      return `体温${temperature.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).replace('.', '．')}℃，${note || '正常'}`
    case 4:
      return `體溫${temperature} 正常`
    case 5:
      return `今天体温${temperature}度，无发热咳嗽`
    case 6:
      return `晨检 ${temperature}°C 无症状`
    default:
      return `${temperature}`
  }
}
