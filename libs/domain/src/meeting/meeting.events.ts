import type { DomainEvent } from '../shared/decider.js';

export interface MeetingRef {
  municipalityId: string;
  planId: string;
  meetingId: string;
}

export const MEETING_KINDS = [
  'dialogue',
  'workshop',
  'information-evening',
  'round-table',
  'steering-group',
  'other',
] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** People present, counted per stakeholder group (Betroffene, Beteiligte, Verantwortliche), never named. */
export interface Attendance {
  affected: number;
  involved: number;
  responsible: number;
}

export type MeetingScheduled = DomainEvent<
  'MeetingScheduled',
  MeetingRef & {
    title: string;
    kind: MeetingKind;
    /** ISO timestamp in UTC */
    scheduledFor: string;
    location?: string;
    /** keys of the plan's theme fields the meeting is about */
    themeFields: string[];
  }
>;
export type MeetingHeld = DomainEvent<
  'MeetingHeld',
  MeetingRef & { heldOn: string; attendance: Attendance; outcomes: string[]; concerns: string[] }
>;
/** A later publication replaces the earlier minutes (a correction). */
export type MinutesPublished = DomainEvent<'MinutesPublished', MeetingRef & { text: string }>;
export type MeetingCancelled = DomainEvent<'MeetingCancelled', MeetingRef & { reason: string }>;

export type MeetingEvent = MeetingScheduled | MeetingHeld | MinutesPublished | MeetingCancelled;

export type MeetingEventType = MeetingEvent['type'];
