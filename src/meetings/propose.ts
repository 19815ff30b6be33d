import type { Store } from '../store/store.js'
import { meetingsDocument, upcomingMeeting } from './data.js'

/**
 * Adds an item to the agenda of the next scheduled meeting, or to the queue the next meeting
 * created takes. Returns the meeting's title when there was one.
 */
export async function proposeAgendaItem(store: Store, item: { text: string; proposer: string; at: Date }): Promise<{ meetingTitle?: string }> {
  const document = await store.open(meetingsDocument)
  let meetingTitle: string | undefined
  await document.update((data) => {
    const meeting = upcomingMeeting(data)
    ;(meeting ? meeting.agenda : data.queuedAgenda).push({ text: item.text, proposer: item.proposer, proposedAt: item.at.toISOString() })
    meetingTitle = meeting?.title
  })
  return meetingTitle === undefined ? {} : { meetingTitle }
}
