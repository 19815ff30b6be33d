import { exportFeature } from '../../commands/export.js'
import { healthFeature } from '../../commands/health.js'
import { helpFeature } from '../../commands/help.js'
import { identityFeature } from '../../commands/identity.js'
import { leaveFeature } from '../../commands/leave.js'
import { meetingFeature } from '../../commands/meeting.js'
import { sessionFeature } from '../../commands/session.js'
import { overdueActionItems } from '../services/meetings.js'
import type { SummarySection } from '../domain/reminders.js'
import { chineseDate } from '../domain/time.js'
import { healthClockFeature } from '../services/reminders.js'
import type { Router } from './router.js'
import type { AppContext, Feature } from './types.js'

export interface FeatureDeps {
  /** The router, once built: help lists every command, its own included. */
  registry: () => Pick<Router, 'commands' | 'mayRun' | 'resolve'>
  logout?: () => Promise<void>
}

/** The product areas, in the order their listeners see a message. */
export function buildFeatures(app: AppContext, deps: FeatureDeps): Feature[] {
  return [
    helpFeature(deps.registry),
    identityFeature(app),
    healthFeature(app),
    sessionFeature(deps.logout),
    meetingFeature(app),
    leaveFeature(app),
    exportFeature(app),
    healthClockFeature(app, { extraSections: (dateKey) => overdueActionSection(app, dateKey) }),
  ]
}

/** Meetings' overdue action items appear in the daily summary, which belongs to the health clock. */
async function overdueActionSection(app: AppContext, dateKey: string): Promise<SummarySection[]> {
  const overdue = await overdueActionItems(app.store, dateKey)
  if (!overdue.length) return []
  return [{ title: `逾期待办 ${overdue.length} 项`, lines: overdue.map((item) => `#${item.id} ${item.owner}：${item.text}（截止 ${chineseDate(item.due)}）`) }]
}
