import { z } from 'zod'
import { dateKeyOf } from '../domain/time.js'
import { defineDocument, type Store } from '../store/store.js'
import type { Once } from './types.js'

/** The core's own markers describe the data directory (when the bot last started), not a day. */
export const CORE_MARKERS = 'core'
export const LAST_START_KEY = 'last-start'

const markerSchema = z.object({ at: z.string(), day: z.string() })

/** Before areas owned their markers, one flat list held every key; each key goes to the area that wrote it. */
const LEGACY_OWNERS: readonly [prefix: string, area: string][] = [
  ['remind:', 'health'],
  ['tally:', 'health'],
  ['chase:', 'health'],
  ['summary:', 'health'],
  ['hint:', 'health'],
  ['cluster:', 'health'],
  ['meeting-', 'meetings'],
]

const DATE_IN_KEY = /\d{4}-\d{2}-\d{2}/

function fromLegacy(sent: Record<string, string>): Record<string, Record<string, z.output<typeof markerSchema>>> {
  const byArea: Record<string, Record<string, z.output<typeof markerSchema>>> = {}
  for (const [key, at] of Object.entries(sent)) {
    const area = LEGACY_OWNERS.find(([prefix]) => key.startsWith(prefix))?.[1] ?? CORE_MARKERS
    byArea[area] ??= {}
    byArea[area][key === 'bot:last-start' ? LAST_START_KEY : key] = { at, day: DATE_IN_KEY.exec(key)?.[0] ?? at.slice(0, 10) }
  }
  return byArea
}

/** What each area already sent (key → when, and the day it concerns), so a restart never sends it twice. */
export const markersDocument = defineDocument(
  'markers',
  z.preprocess(
    (raw) => (raw && typeof raw === 'object' && 'sent' in raw ? { byArea: fromLegacy((raw as { sent: Record<string, string> }).sent) } : raw),
    z.object({ byArea: z.record(z.string(), z.record(z.string(), markerSchema)) }),
  ),
  () => ({ byArea: {} }),
)

/** The mark-then-send of one area, in the school's time zone. */
export function onceFor(store: Store, area: string, timeZone: string): Once {
  async function claim(keys: readonly string[], at: Date, options?: { day?: string }): Promise<Set<string>> {
    const markers = await store.open(markersDocument)
    const fresh = new Set<string>()
    // Asking again about what was sent long ago is the common case: it costs no write.
    if (keys.every((key) => markers.data.byArea[area]?.[key])) return fresh
    const day = options?.day ?? dateKeyOf(at, timeZone)
    // Marked in one synchronous step before anything is sent: neither a restart nor two
    // messages handled at once send the same thing twice.
    await markers.update((data) => {
      const own = (data.byArea[area] ??= {})
      for (const key of keys) {
        if (own[key]) continue
        own[key] = { at: at.toISOString(), day }
        fresh.add(key)
      }
    })
    return fresh
  }
  const once = (async (key, at, send, options) => {
    if (!(await claim([key], at, options)).size) return false
    await send()
    return true
  }) as Once
  once.claim = claim
  once.has = async (key) => Boolean((await store.open(markersDocument)).data.byArea[area]?.[key])
  return once
}

/** Markers about days before `firstKept` are forgotten: nothing is sent about those days any more. */
export async function purgeMarkersBefore(store: Store, firstKept: string): Promise<number> {
  const markers = await store.open(markersDocument)
  const expired = (area: string, day: string): boolean => area !== CORE_MARKERS && day < firstKept
  const removed = Object.entries(markers.data.byArea).reduce(
    (count, [area, own]) => count + Object.values(own).filter((marker) => expired(area, marker.day)).length,
    0,
  )
  if (!removed) return 0
  await markers.update((data) => {
    for (const [area, own] of Object.entries(data.byArea)) {
      for (const [key, marker] of Object.entries(own)) if (expired(area, marker.day)) delete own[key]
    }
  })
  return removed
}
