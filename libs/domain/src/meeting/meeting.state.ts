import type { Attendance, MeetingKind, MeetingRef } from './meeting.events.js';

/** scheduled → held (once) or cancelled */
export type MeetingStatus = 'scheduled' | 'held' | 'cancelled';

export interface Meeting extends MeetingRef {
  status: MeetingStatus;
  title: string;
  kind: MeetingKind;
  scheduledFor: string;
  location?: string;
  themeFields: string[];
  heldOn?: string;
  attendance?: Attendance;
  outcomes: string[];
  concerns: string[];
  /** the latest published minutes */
  minutes?: string;
  minutesCount: number;
  cancelReason?: string;
}

export interface NoMeeting {
  status: 'none';
}

export type MeetingState = NoMeeting | Meeting;

export const initialMeetingState: MeetingState = { status: 'none' };

export function meetingRef(meeting: Meeting): MeetingRef {
  return { municipalityId: meeting.municipalityId, planId: meeting.planId, meetingId: meeting.meetingId };
}

export function totalAttendance(attendance: Attendance): number {
  return attendance.affected + attendance.involved + attendance.responsible;
}
