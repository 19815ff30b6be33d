import { exportFeature } from '../../commands/export.js'
import { healthFeature } from '../../commands/health.js'
import { helpFeature } from '../../commands/help.js'
import { identityFeature } from '../../commands/identity.js'
import { leaveFeature } from '../../commands/leave.js'
import { meetingFeature } from '../../commands/meeting.js'
import { sessionFeature } from '../../commands/session.js'
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
  return [helpFeature(deps.registry), identityFeature(), healthFeature(app), sessionFeature(deps.logout), meetingFeature(app), leaveFeature(app), exportFeature(app), healthClockFeature(app)]
}
