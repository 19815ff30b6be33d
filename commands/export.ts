import { z } from 'zod'
import { defineArea, defineCommand } from '../src/app/types.js'
import { DATE_ARG_EXAMPLES } from '../src/domain/date-arg.js'
import { parseDateRange } from '../src/domain/date-range.js'
import { addDays, chineseDate } from '../src/domain/time.js'
import { auditFor } from '../src/health/audit.js'
import { healthSectionOf } from '../src/health/config.js'
import { dailyReport, rangeReport, reportFile, type HealthReport } from '../src/health/report.js'

/** `/导出` sends admins the health report of a day or a span: the text, then the spreadsheet. */
export const exportArea = defineArea({
  name: 'export',
  create(app) {
    const today = app.today
    const audit = auditFor(app)

    async function reportFor(from: string, to: string): Promise<HealthReport | undefined> {
      if (from !== to) return rangeReport(app, from, to)
      const isToday = from === today()
      // Today is reported even before the first report arrives: everyone is missing then.
      if (!isToday && !(await app.store.healthDates()).includes(from)) return undefined
      return dailyReport(app, from, isToday ? { isToday, openedBy: app.clock.now() } : { isToday })
    }

    const rangeArgs = z
      .array(z.string())
      .max(3, { message: '只能写一个日期或一个日期范围' })
      .transform((words, ctx) => {
        const range = parseDateRange(words, today())
        if (!range.ok) {
          ctx.addIssue({ code: 'custom', message: range.reason })
          return z.NEVER
        }
        return range
      })

    const exportCommand = defineCommand({
      names: ['export', '导出'],
      summary: '导出健康上报：文字汇总和 Excel 表（默认今天）',
      usage: `/导出 [日期 或 起..止]，例如 /导出、/导出 2月3日、/导出 2月1日..2月3日（日期可写${DATE_ARG_EXAMPLES}）`,
      access: 'admin',
      args: rangeArgs,
      async run(context, { from, to }) {
        const report = await reportFor(from, to)
        if (!report) {
          const span = from === to ? chineseDate(from) : `${chineseDate(from)}至${chineseDate(to)}`
          const { retentionDays } = healthSectionOf(app.config)
          const purged = from < addDays(today(), -retentionDays) ? `（记录只保存 ${retentionDays} 天，更早的已自动删除）` : ''
          return context.reply(`${span}没有健康上报记录${purged}。`)
        }
        app.log.info('导出健康报表 (health export)')
        await audit(context, '导出', from === to ? { date: from } : { from, to })
        // Text first, on its own, so it arrives even if the file cannot be sent.
        context.reply(report.text, { bulk: true })
        context.replyFile(await reportFile(app, report))
      },
    })

    return { commands: [exportCommand] }
  },
})
