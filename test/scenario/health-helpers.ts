import { readFile } from 'node:fs/promises'
import { SYMPTOM_WORDS } from '../../src/domain/health-parse/index.js'
import type { Sent } from '../fixture.js'

/** A school of 30 staff: 行政群 (张伟, 刘洋, 陈静), 全体教职工群 (everyone), 三年级组, six class teachers. */
export async function school30(): Promise<unknown> {
  return JSON.parse(await readFile('test/fixtures/school-30.json', 'utf8'))
}

const TEMPERATURE = /3[5-9]\.\d|4[0-2]\.\d|℃|°/g
const HEALTH_WORDS = [...SYMPTOM_WORDS, '湖北', '隔离', '体温异常']

/** Temperatures, symptom words, Hubei or quarantine found in a text: none may reach a staff group. */
export function healthDetailsIn(text: string): string[] {
  return [...(text.match(TEMPERATURE) ?? []), ...HEALTH_WORDS.filter((word) => text.includes(word))]
}

export const textsTo = (sent: readonly Sent[], where: { room?: string; to?: string }): string[] =>
  sent.filter((s) => (where.room ? s.room === where.room : s.to === where.to)).map((s) => s.text ?? '')

export const isConfirmation = (sent: Sent): boolean => (sent.text ?? '').startsWith('已收到')

/** The privacy notice each person gets once, privately, when their first report is recorded. */
export const isPrivacyNotice = (sent: Sent): boolean => (sent.text ?? '').startsWith('健康信息说明\n')

/** Names listed in a confirmation: "已收到上午健康上报 3 人：张伟、王芳、李娜；班级汇总 …". */
export function confirmedNames(text: string): string[] {
  const match = /(\d+) 人：([^；（\n]+)/.exec(text)
  return match?.[2]?.split('、') ?? []
}

/** Reminders, tallies and summaries (the clock's messages, all headed 【…】) are not replies to anyone. */
export const isScheduledNotice = (sent: Sent): boolean => (sent.text ?? '').startsWith('【')
