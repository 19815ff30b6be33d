import { careArea } from '../commands/care.js'
import { dutyArea } from '../commands/duty.js'
import { exportArea } from '../commands/export.js'
import { healthArea } from '../commands/health.js'
import { helpArea } from '../commands/help.js'
import { identityArea } from '../commands/identity.js'
import { leaveArea } from '../commands/leave.js'
import { meetingsArea } from '../commands/meeting.js'
import { privacyArea } from '../commands/privacy.js'
import { publicityArea } from '../commands/publicity.js'
import { reportArea } from '../commands/report.js'
import { researchArea } from '../commands/research.js'
import { rosterArea } from '../commands/roster.js'
import { sessionArea } from '../commands/session.js'
import { suppliesArea } from '../commands/supplies.js'
import { techArea } from '../commands/tech.js'
import type { Area } from './app/types.js'

/**
 * The product areas, one line each, in the order /帮助 lists their commands, their listeners
 * hear a message and /汇总 lists their figures (the order of a district's form).
 */
export const AREAS: readonly Area<any>[] = [
  helpArea,
  identityArea,
  // Before health: the roster's stored changes apply before health's start-up catch-up.
  rosterArea,
  healthArea,
  privacyArea,
  sessionArea,
  meetingsArea,
  leaveArea,
  exportArea,
  techArea,
  publicityArea,
  researchArea,
  dutyArea,
  suppliesArea,
  careArea,
  reportArea,
]
