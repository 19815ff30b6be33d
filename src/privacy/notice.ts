import { z } from 'zod'
import type { AppContext, MessageContext } from '../app/types.js'
import type { Config } from '../config.js'
import type { StoredReport } from '../domain/report.js'
import type { Destination } from '../domain/types.js'
import { healthSectionOf } from '../health/config.js'
import type { DocumentSpec } from '../store/store.js'

const noticedSchema = z.object({ person: z.string(), at: z.string() })
const noticesSchema = z.object({ notified: z.record(z.string(), z.string()) })

/**
 * Who has had the notice, ever (never purged). Journaled: a school's first morning sends it
 * to everyone, and a line per person costs the same with 5 or 5,000 already notified.
 */
export const noticesDocument: DocumentSpec<typeof noticesSchema, z.output<typeof noticedSchema>> = {
  name: 'privacy-notices',
  schema: noticesSchema,
  empty: () => ({ notified: {} }),
  journal: {
    entry: noticedSchema,
    apply(data, entry) {
      data.notified[entry.person] = entry.at
    },
  },
}

/** What a school may write in `privacy.notice`, filled in from its config. */
const PLACEHOLDERS = ['adminGroups', 'retentionDays', 'auditRetentionDays', 'contact'] as const
type NoticeFigures = Record<(typeof PLACEHOLDERS)[number], string>

function figuresOf(config: Config): NoticeFigures {
  const adminGroups = config.groups.filter((group) => group.role === 'admin').map((group) => group.topic).join('、')
  return {
    adminGroups,
    retentionDays: String(healthSectionOf(config).retentionDays),
    auditRetentionDays: String(config.privacy.auditRetentionDays),
    contact: config.privacy.contact ?? `${adminGroups}的老师`,
  }
}

function defaultNotice(figures: NoticeFigures, collected: string): string {
  return [
    '健康信息说明',
    `收集什么：每天各时段的体温、症状、所在地和${collected}等情况，还有班主任上报的班级人数汇总。只记下上报需要的这些内容，不保存聊天原文。`,
    '为什么收集：学校疫情防控要求每日健康筛查，以便及时发现异常、关心和跟进需要帮助的老师和学生。',
    `谁能看到：${figures.adminGroups}的成员（学校管理人员）和你本人。教职工群里只显示上报人数和未报人员姓名，不显示体温和症状。每次有人查看健康明细都会留下记录。`,
    `保存多久：${figures.retentionDays} 天，到期自动删除；管理员可在此之前导出上报材料。查看记录保存 ${figures.auditRetentionDays} 天。`,
    '你可以：发送 /我的 查看自己的记录；发送 /删除我的数据 申请删除，经行政群管理员确认后，删除你的上报记录、跟进记录和昵称绑定。',
    `有疑问请联系：${figures.contact}。`,
  ].join('\n')
}

/**
 * The notice on health data, sent before a person's first report is used and shown by /隐私:
 * the school's own text (`privacy.notice`, with `{retentionDays}` and the like filled in) or ours.
 */
export function privacyNotice(config: Config): string {
  const figures = figuresOf(config)
  const custom = config.privacy.notice
  if (custom === undefined) return defaultNotice(figures, healthSectionOf(config).flags.map((flag) => flag.name).join('、'))
  return PLACEHOLDERS.reduce((text, name) => text.replaceAll(`{${name}}`, figures[name]), custom)
}

/**
 * The recorder's hook: everyone whose own report was just recorded for the first time gets the
 * notice privately, once across restarts. A report made for someone else reaches them too:
 * it is their data. The sender's copy goes to the contact that wrote, never a namesake.
 */
export function firstReportNotice(app: Pick<AppContext, 'config' | 'deliver' | 'store'>) {
  return async (context: MessageContext, recorded: readonly StoredReport[]): Promise<void> => {
    const notices = await app.store.open(noticesDocument)
    // Read and marked in one synchronous step: two reports handled at once send one notice.
    const people = [...new Set(recorded.flatMap((report) => (report.subject.kind === 'person' ? [report.subject.name] : [])))].filter(
      (person) => !notices.data.notified[person],
    )
    if (!people.length) return
    const at = context.incoming.at.toISOString()
    const written = notices.append(...people.map((person) => ({ person, at })))
    const fresh = new Set(people)
    const ownContact = context.incoming.sender.contact
    const destinationOf = (person: string): Destination =>
      person === context.sender?.person.name && ownContact ? { contact: ownContact, name: person } : { person }
    const text = privacyNotice(app.config)
    await written
    app.deliver(people.filter((person) => fresh.has(person)).map((person) => ({ to: destinationOf(person), text })))
  }
}
