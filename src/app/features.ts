import { helpFeature } from '../../commands/help.js'
import { identityFeature } from '../../commands/identity.js'
import { sessionFeature } from '../../commands/session.js'
import type { Router } from './router.js'
import type { AppContext, Feature } from './types.js'

export interface FeatureDeps {
  /** The router, once built: help lists every command, its own included. */
  registry: () => Pick<Router, 'commands' | 'mayRun' | 'resolve'>
  logout?: () => Promise<void>
}

/** The product areas, in the order their listeners see a message. */
export function buildFeatures(app: AppContext, deps: FeatureDeps): Feature[] {
  void app
  return [helpFeature(deps.registry), identityFeature(), sessionFeature(deps.logout)]
}
