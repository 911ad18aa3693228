import { requireOpenPlanFacts, requirePlanOpen } from '../plan/plan-facts.js';
import { compact, unknownCommand } from '../shared/decider.js';
import { conflict, invalid, notFound } from '../shared/domain-error.js';
import { requireDay, requireInstant, requireNotInFuture } from '../shared/date-checks.js';
import {
  LIMITS,
  optionalText,
  requireCount,
  requireId,
  requireOneOf,
  requireReason,
  requireText,
  textList,
} from '../shared/value-checks.js';
import type { HoldMeeting, MeetingCommand, PublishMinutes, ScheduleMeeting } from './meeting.commands.js';
import { MEETING_KINDS, type Attendance, type MeetingEvent } from './meeting.events.js';
import { meetingRef, type Meeting, type MeetingState } from './meeting.state.js';

/** Generous, but a typo of three extra zeros is refused. */
const MAX_ATTENDANCE = 100_000;

export function decideMeeting(command: MeetingCommand, state: MeetingState): MeetingEvent[] {
  if (command.type === 'ScheduleMeeting') return scheduleMeeting(command, state);
  if (state.status === 'none') throw notFound('meeting_not_found', 'no such meeting');
  requirePlanOpen(command.data.planStatus);
  switch (command.type) {
    case 'HoldMeeting':
      return holdMeeting(command, state);
    case 'PublishMinutes':
      return publishMinutes(command, state);
    case 'CancelMeeting': {
      requireScheduled(state);
      const reason = requireReason(command.data.reason, command.metadata);
      return [{ type: 'MeetingCancelled', data: { ...meetingRef(state), reason } }];
    }
    default:
      return unknownCommand(command);
  }
}

function scheduleMeeting({ data }: ScheduleMeeting, state: MeetingState): MeetingEvent[] {
  const plan = requireOpenPlanFacts(data.plan);
  const meetingId = requireId(data.meetingId, 'meetingId');
  if (state.status !== 'none') throw conflict('meeting_exists', `meeting ${meetingId} already exists`);
  const title = requireText(data.title, 'title', LIMITS.name);
  const kind = requireOneOf(data.kind, MEETING_KINDS, 'kind');
  const scheduledFor = requireInstant(data.scheduledFor, 'scheduledFor');
  const location = optionalText(data.location, 'location', LIMITS.name);
  const themeFields = [...new Set(textList(data.themeFields, 'themeFields'))];
  const unknown = themeFields.find((key) => !plan.themeFields.includes(key));
  if (unknown !== undefined) {
    throw invalid('unknown_theme_field', `the plan has no theme field ${unknown}`, 'themeFields');
  }
  const ref = { municipalityId: plan.municipalityId, planId: plan.planId, meetingId };
  return [
    { type: 'MeetingScheduled', data: compact({ ...ref, title, kind, scheduledFor, location, themeFields }) },
  ];
}

/** A meeting is held once; what it produced is recorded as counts and lists, with no names. */
function holdMeeting({ data, metadata }: HoldMeeting, meeting: Meeting): MeetingEvent[] {
  requireScheduled(meeting);
  const heldOn = requireNotInFuture(requireDay(data.heldOn, 'heldOn'), metadata.now, 'heldOn');
  const attendance = attendanceOf(data.attendance);
  const outcomes = textList(data.outcomes, 'outcomes');
  const concerns = textList(data.concerns, 'concerns');
  return [{ type: 'MeetingHeld', data: { ...meetingRef(meeting), heldOn, attendance, outcomes, concerns } }];
}

/** Minutes may be published again to correct them; the same text again records nothing. */
function publishMinutes({ data }: PublishMinutes, meeting: Meeting): MeetingEvent[] {
  if (meeting.status === 'cancelled') throw conflict('meeting_cancelled', 'the meeting was cancelled');
  if (meeting.status !== 'held') {
    throw conflict('minutes_before_held', 'minutes can be published once the meeting has been held');
  }
  const text = requireText(data.text, 'text', LIMITS.text);
  if (text === meeting.minutes) return [];
  return [{ type: 'MinutesPublished', data: { ...meetingRef(meeting), text } }];
}

function requireScheduled(meeting: Meeting): void {
  if (meeting.status === 'held') throw conflict('meeting_already_held', 'the meeting has already been held');
  if (meeting.status === 'cancelled') throw conflict('meeting_cancelled', 'the meeting was cancelled');
}

function attendanceOf(value: unknown): Attendance {
  if (typeof value !== 'object' || value === null) {
    throw invalid('invalid_attendance', 'attendance counts affected, involved and responsible', 'attendance');
  }
  const given = value as Record<string, unknown>;
  const count = (group: keyof Attendance): number =>
    requireCount(given[group], `attendance.${group}`, MAX_ATTENDANCE, 'invalid_attendance');
  return { affected: count('affected'), involved: count('involved'), responsible: count('responsible') };
}
