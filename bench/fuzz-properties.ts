/**
 * What must hold for any input at all, for `test/property` (a few thousand cases in CI) and
 * `npm run fuzz` (100,000): the report parser and command parsing never throw, the parser
 * never reads a temperature outside 35–42 ℃ nor a name that is not in the text.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { createApp } from '../src/app/app.js'
import type { Router } from '../src/app/router.js'
import { AREAS } from '../src/areas.js'
import { resolveConfig } from '../src/config.js'
import { parseHealthMessage, type ParseResult } from '../src/domain/health-parse/index.js'
import { normalizeText } from '../src/domain/text-normalize.js'
import { createLogger } from '../src/log.js'
import { SimulatedClock } from '../src/schedule/clock.js'
import { Store } from '../src/store/store.js'
import { schoolConfig } from './school.js'

const char = (from: number, to: number): fc.Arbitrary<string> => fc.integer({ min: from, max: to }).map((code) => String.fromCodePoint(code))

/** One character of what arrives in a chat: mostly Chinese, with everything odd mixed in. */
const chatCharacter: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: char(0x4e00, 0x9fff), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 3 },
  { arbitrary: char(0xff01, 0xff5e), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 2 },
  { arbitrary: char(0x1f300, 0x1faff), weight: 1 },
  // Half a surrogate pair, as a message cut in the middle of an emoji carries.
  { arbitrary: char(0xd800, 0xdfff), weight: 1 },
  {
    arbitrary: fc.oneof(char(0x00, 0x1f), char(0x7f, 0x9f), fc.constantFrom('\u200b', '\u200e', '\u2028', '\u2029', '\ufeff', '\u3000', '\r\n')),
    weight: 1,
  },
)

/** Any text, up to 200 characters. */
export const anyText = fc.string({ unit: chatCharacter, maxLength: 200, size: 'large' })

// Pieces of real reports: tags, numbers in every width and unit, names, fields, claims, classes.
const REPORT_FRAGMENTS = [
  '#健康', '健康上报', '#接龙', '体温', '體溫', '腋温', '晨检', '午检', '上午', '下午', '今天', '早上好',
  '36.5', '36.6', '３６．５', '36。5', '36点5', '37.3', '37.8', '38.5', '35', '34.9', '42', '42.1', '43', '99', '365', '3.65', '0', '-36.5', '1e3', '36.5.5',
  '34.95', '34.96', '35.04', '41.96', '42.04', '42.05', '36.55', '３５', '４２．０', '36.', '.5', '3６.５', '1.张伟36.5', '2. 王芳 37.5 咳嗽',
  '℃', '度', '°C', '°', '摄氏度', 'C',
  '张伟', '王芳', '李娜', '張偉', '张校长', '黄石', '王', '某某',
  '姓名：', '姓名:', '体温：', '症状：', '所在地：', '是否隔离：', '是', '否', '无', '没有', '不', '未',
  '正常', '无症状', '咳嗽', '发烧', '嗓子有点疼', '乏力', '湖北', '武汉', '在鄂', '隔离', '居家观察', '在蓉', '成都市成华区',
  '三年级2班', '一（3）班', '3.2班', '应报45', '实报45', '应到46人', '实到45人', '发热0', '湖北0', '隔离1',
  '1.', '2、', '3 ', '①', '「王芳：体温36.5」\n- - - - - -\n', '/未报', '@张伟 ',
]
const SEPARATORS = [' ', '\n', '，', ',', '：', ':', '、', '；', '。', '', '\t', '\u3000']

/** Text built from report pieces and stray characters: reaches the parser's deeper paths. */
export const reportLikeText = fc
  .array(fc.tuple(fc.oneof({ arbitrary: fc.constantFrom(...REPORT_FRAGMENTS), weight: 5 }, { arbitrary: chatCharacter, weight: 1 }), fc.constantFrom(...SEPARATORS)), {
    maxLength: 24,
    size: 'large',
  })
  .map((parts) => parts.map(([fragment, separator]) => fragment + separator).join(''))

const TEN_KB = 10 * 1024

/** One line of 10 kB: a piece repeated, as pasted or spammed text can be. */
export const longLine = fc
  .array(fc.oneof(fc.constantFrom(...REPORT_FRAGMENTS), anyText), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('').replace(/[\r\n\u2028\u2029\u0085]/g, ' ') || '体温')
  .map((piece) => piece.repeat(Math.ceil(TEN_KB / piece.length)).slice(0, TEN_KB))

/** The rules a parse result keeps whatever the text, as the broken ones' descriptions: none when it keeps them all. */
export function violations(text: string, result: ParseResult): string[] {
  if (result.kind === 'attempt') return result.reason && result.example ? [] : ['an attempt is answered without a reason or an example']
  if (result.kind === 'none' || result.kind === 'howTo' || result.kind === 'needsTemperature') return []
  const normalized = normalizeText(text)
  return result.records.flatMap((record) => {
    if (record.kind === 'class') {
      const counts = [record.expected, record.actual, record.fever, ...Object.values(record.counts)]
      return counts.every((count) => Number.isInteger(count) && count >= 0) ? [] : [`class counts ${counts.join(',')}`]
    }
    const { temperature, name } = record
    return [
      ...(temperature !== undefined && !(temperature >= 34 && temperature <= 43) ? [`temperature ${temperature} outside 34–43`] : []),
      ...(name !== undefined && !normalized.includes(name) ? [`name “${name}” is not in the text`] : []),
    ]
  })
}

/** Parses (which must not throw) and throws the broken rules, if any. */
export function checkParse(text: string): void {
  const broken = violations(text, parseHealthMessage(text))
  if (broken.length) throw new Error(broken.join('; '))
}

/** Words after a command name: real arguments, numbers, dates, names, and anything. */
const argumentWord = fc.oneof(
  fc.constantFrom('上午', '下午', '今天', '昨天', '2月3日', '2026-02-03', '2/3', '3日', '13月40日', '确认', 'confirm', '备注', '关闭', '列表', '新建', '王芳', '张伟', '1', '0', '-1', '99999999999999999999', '1.5', 'NaN', '10:00', '25:99', '明天', '下周一', '至', '到', '病假', '事假'),
  fc.string({ unit: chatCharacter, minLength: 1, maxLength: 12 }).map((word) => word.replace(/\s/g, '') || '字'),
)
export const argumentWords = fc.array(argumentWord, { maxLength: 8, size: 'large' })

/** A line that looks like a command, with half- or full-width slash and spaces, or any text. */
export const commandLine = fc.oneof(
  fc.tuple(fc.constantFrom('/', '／', ' /', '/ '), argumentWords, fc.constantFrom(' ', '\u3000', '  ', '\t')).map(([slash, words, space]) => slash + words.join(space)),
  anyText.map((text) => `/${text}`),
  anyText,
)

export interface Fuzzed {
  name: string
  /** Share of the runs, relative to the others. */
  weight: number
  /** Runs the property `numRuns` times; does not throw, but reports the first counterexample, shrunk. */
  check(numRuns: number): fc.RunDetails<unknown>
}

const fuzzed = <Ts extends [unknown, ...unknown[]]>(name: string, weight: number, property: fc.IProperty<Ts>): Fuzzed => ({
  name,
  weight,
  check: (numRuns) => fc.check(property, { numRuns }) as fc.RunDetails<unknown>,
})

/** The router built from every real feature, over an empty data directory of a small generated school. */
export async function realRouter(): Promise<Router> {
  const config = await resolveConfig(schoolConfig({ staff: 30 }).config, 'bench/fuzz-school.json', AREAS)
  const dataDir = await mkdtemp(path.join(tmpdir(), 'staff-bot-fuzz-'))
  const store = await Store.open(dataDir)
  const clock = new SimulatedClock(new Date('2026-02-03T08:00:00+08:00'))
  const app = await createApp({ areas: AREAS, config, store, clock, log: createLogger('silent'), deliver: () => undefined })
  // Parsing arguments and looking commands up never touch the store.
  await rm(dataDir, { recursive: true, force: true })
  return app.router
}

export function parserProperties(): Fuzzed[] {
  return [
    fuzzed('报告解析 · 任意文本（中文、全角、emoji、控制字符、半个代理对）', 40, fc.property(anyText, checkParse)),
    fuzzed('报告解析 · 像上报的文本（真实片段拼接）', 40, fc.property(reportLikeText, checkParse)),
    fuzzed('报告解析 · 10 kB 的一行', 2, fc.property(longLine, checkParse)),
  ]
}

/** Every registered command's argument schema on any words, and command lookup on any line. */
export function commandProperties(router: Pick<Router, 'commands' | 'resolve'>): Fuzzed[] {
  const command = fc.constantFrom(...router.commands)
  return [
    fuzzed(
      `命令参数 · 全部 ${router.commands.length} 个命令的 args.safeParse`,
      10,
      fc.property(command, argumentWords, (chosen, words) => {
        chosen.args.safeParse(words)
      }),
    ),
    fuzzed(
      '命令识别 · Router.resolve',
      8,
      fc.property(commandLine, (line) => {
        const resolved = router.resolve(line)
        if (resolved && 'command' in resolved && !router.commands.includes(resolved.command)) throw new Error('resolved to an unregistered command')
      }),
    ),
  ]
}
