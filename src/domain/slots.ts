/** A screening slot of the day, as configured. */
export interface SlotConfig {
  name: string
  remind: string
  deadline: string
  /** Minutes after local midnight at which this slot ends. */
  endMinute: number
}

/** The slot a report received at this local minute belongs to: the first one not yet over. */
export function slotAt(slots: readonly SlotConfig[], minuteOfDay: number): SlotConfig {
  const slot = slots.find((candidate) => minuteOfDay < candidate.endMinute) ?? slots[slots.length - 1]
  if (!slot) throw new Error('config has no health slots')
  return slot
}

export const slotNamed = (slots: readonly SlotConfig[], name: string | undefined): SlotConfig | undefined =>
  name === undefined ? undefined : slots.find((slot) => slot.name === name)
