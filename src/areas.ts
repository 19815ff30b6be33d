import { exportArea } from '../commands/export.js'
import { healthArea } from '../commands/health.js'
import { helpArea } from '../commands/help.js'
import { identityArea } from '../commands/identity.js'
import { leaveArea } from '../commands/leave.js'
import { meetingsArea } from '../commands/meeting.js'
import { rosterArea } from '../commands/roster.js'
import { sessionArea } from '../commands/session.js'
import type { Area } from './app/types.js'

/** The product areas, one line each, in the order /帮助 lists their commands and their listeners hear a message. */
export const AREAS: readonly Area<any>[] = [helpArea, identityArea, rosterArea, healthArea, sessionArea, meetingsArea, leaveArea, exportArea]
