import { tableWorkbook } from '../src/app/spreadsheet.js'
import { defineArea, defineCommand, type ReportFigure } from '../src/app/types.js'
import { weekdayOf } from '../src/domain/date-arg.js'
import { addDays } from '../src/domain/time.js'
import { dateRangeArgsOr, RANGE_EXAMPLES, spanText } from './range-args.js'

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二']

interface Block {
  title: string
  figures: ReportFigure[]
}

/** Monday of this week up to today: the span a weekly upward report covers. */
const thisWeek = (today: string) => ({ from: addDays(today, -((weekdayOf(today) + 6) % 7)), to: today })

const REPORT_COLUMNS = [
  { header: '板块', width: 16 },
  { header: '项目', width: 28 },
  { header: '数值', width: 24 },
]

const reportWorkbook = (title: string, blocks: readonly Block[]): Promise<Uint8Array> =>
  tableWorkbook(
    '汇总',
    REPORT_COLUMNS,
    blocks.flatMap((block) => block.figures.map((figure) => [block.title, figure.label, figure.value])),
    title,
  )

/**
 * `/汇总`: the figures the district asks for over a span, one message and a spreadsheet.
 * Every area contributes its own through the seam, in the registry's order; an area with
 * nothing configured or recorded gives no figures and is left out.
 */
export const reportArea = defineArea({
  name: 'report',
  create(app) {
    const summary = defineCommand({
      names: ['report', '汇总'],
      summary: '向上级汇报用的汇总：健康上报、会议、值班消毒、物资、教研等（默认本周）',
      usage: `/汇总 [日期或范围]（不写就是本周；${RANGE_EXAMPLES}）`,
      access: 'admin',
      args: dateRangeArgsOr(app.today, thisWeek),
      async run(context, span) {
        const blocks = (await app.reportFigures(span.from, span.to)).filter((block) => block.figures.length)
        const title = `【汇总】${spanText(span)}`
        if (!blocks.length) return context.reply(`${spanText(span)}没有可汇总的数据。`)
        const lines = blocks.flatMap((block, index) => [`${ORDINALS[index] ?? index + 1}、${block.title}`, ...block.figures.map((figure) => `  ${figure.label}：${figure.value}`)])
        context.reply(`${title}\n${lines.join('\n')}`, { bulk: true })
        const name = span.from === span.to ? span.from : `${span.from}_${span.to}`
        context.replyFile({ name: `汇总-${name}.xlsx`, data: await reportWorkbook(title, blocks) })
      },
    })
    return { commands: [summary] }
  },
})
