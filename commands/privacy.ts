import { z } from 'zod'
import { defineArea, defineCommand } from '../src/app/types.js'
import { parseDateRange } from '../src/domain/date-range.js'
import { addDays } from '../src/domain/time.js'
import { SYSTEM } from '../src/health/audit.js'
import { auditText } from '../src/privacy/audit-text.js'
import { noticesDocument, privacyNotice } from '../src/privacy/notice.js'
import { noArgs } from './args.js'
import { RANGE_EXAMPLES } from './range-args.js'

/** Without a range, /审计 looks back this many days, today included. */
const DEFAULT_AUDIT_DAYS = 7

/**
 * What the bot tells people about their health data (/隐私, the same notice each person gets
 * before their first report) and the record of who saw it (/审计), kept
 * `privacy.auditRetentionDays`, longer than the data itself.
 */
export const privacyArea = defineArea({
  name: 'privacy',
  documents: [noticesDocument],
  create(app) {
    const { config, roster, store } = app
    const today = app.today

    const privacy = defineCommand({
      names: ['privacy', '隐私'],
      summary: '健康信息收集了什么、给谁看、保存多久',
      usage: '/隐私',
      access: 'everyone',
      openToStrangers: true,
      args: noArgs,
      run: (context) => context.reply(privacyNotice(config)),
    })

    /** `[范围] [姓名]`: a last word that names someone on the roster (or 系统) is whose looks to list. */
    const auditArgs = z
      .array(z.string())
      .max(4, { message: '最多写一个日期范围和一个姓名' })
      .transform((words, ctx) => {
        const last = words.at(-1) ?? ''
        const who = last === SYSTEM ? SYSTEM : roster.find(last)?.name
        const rangeWords = who === undefined ? words : words.slice(0, -1)
        if (!rangeWords.length) return { from: addDays(today(), -(DEFAULT_AUDIT_DAYS - 1)), to: today(), ...(who ? { who } : {}) }
        const range = parseDateRange(rangeWords, today())
        if (!range.ok) {
          ctx.addIssue({ code: 'custom', message: `${range.reason}；姓名请写名单上的姓名` })
          return z.NEVER
        }
        return { from: range.from, to: range.to, ...(who ? { who } : {}) }
      })

    const audit = defineCommand({
      names: ['audit', '审计'],
      summary: '查看谁在什么时候看过哪些健康信息（默认最近 7 天）',
      usage: `/审计 [范围] [姓名]，例如 /审计、/审计 本周、/审计 2月1日..2月3日 张伟、/审计 系统（${RANGE_EXAMPLES}）`,
      access: 'admin',
      args: auditArgs,
      async run(context, query) {
        context.reply(auditText(await store.audit.read(query), query, today()), { bulk: true })
      },
    })

    return {
      commands: [privacy, audit],
      retention: [
        {
          what: '健康信息查看记录（月）',
          purge: async (todayKey) => (await store.audit.purgeBefore(addDays(todayKey, -config.privacy.auditRetentionDays))).length,
        },
      ],
    }
  },
})
