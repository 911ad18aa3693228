import { ignoreUnknownEvent, type Decider } from '../shared/decider.js';
import type { MeetingCommand } from './meeting.commands.js';
import { decideMeeting } from './meeting.decide.js';
import type { MeetingEvent } from './meeting.events.js';
import { initialMeetingState, type Meeting, type MeetingState } from './meeting.state.js';

/** A dialogue event of a plan: one stream per meeting; plan facts arrive in its commands. */
export const meetingDecider: Decider<MeetingCommand, MeetingEvent, MeetingState> = {
  initialState: initialMeetingState,
  evolve: evolveMeeting,
  decide: decideMeeting,
};

export function meetingStream(meetingId: string): string {
  return `meeting-${meetingId}`;
}

export function evolveMeeting(state: MeetingState, event: MeetingEvent): MeetingState {
  if (event.type === 'MeetingScheduled') {
    return { ...event.data, status: 'scheduled', outcomes: [], concerns: [], minutesCount: 0 };
  }
  // events before the scheduling cannot occur in a well-formed stream; ignore rather than invent a meeting
  if (state.status === 'none') return state;
  return evolveExisting(state, event);
}

function evolveExisting(
  meeting: Meeting,
  event: Exclude<MeetingEvent, { type: 'MeetingScheduled' }>,
): Meeting {
  switch (event.type) {
    case 'MeetingHeld': {
      const { heldOn, attendance, outcomes, concerns } = event.data;
      return { ...meeting, status: 'held', heldOn, attendance, outcomes, concerns };
    }
    case 'MinutesPublished':
      return { ...meeting, minutes: event.data.text, minutesCount: meeting.minutesCount + 1 };
    case 'MeetingCancelled':
      return { ...meeting, status: 'cancelled', cancelReason: event.data.reason };
    default:
      return ignoreUnknownEvent(meeting, event);
  }
}
