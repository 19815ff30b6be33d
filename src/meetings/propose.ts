import type { Store } from '../store/store.js'
import { meetingsDocument, upcomingMeeting } from './data.js'

/** Adds an item to the agenda of the next scheduled meeting, or to the queue the next meeting created takes. */
export async function proposeAgendaItem(store: Store, item: { text: string; proposer: string; at: Date }): Promise<void> {
  const document = await store.open(meetingsDocument)
  await document.update((data) => {
    const meeting = upcomingMeeting(data)
    ;(meeting ? meeting.agenda : data.queuedAgenda).push({ text: item.text, proposer: item.proposer, proposedAt: item.at.toISOString() })
  })
}
