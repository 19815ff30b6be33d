import type { Person } from '../../src/domain/types.js'

/** A roster entry for domain tests: `klass` is [classKey, classLabel]. */
export const person = (name: string, groups: string[], klass?: [string, string]): Person => ({
  name,
  aliases: [],
  groups,
  ...(klass ? { classKey: klass[0], classLabel: klass[1] } : {}),
})
