import type { PlanFacts } from '../plan/plan-facts.js';
import type { PlanStatus } from '../plan/plan.state.js';
import type { DomainCommand } from '../shared/decider.js';
import type { Attendance, MeetingKind } from './meeting.events.js';

/** The meeting decider cannot see the plan: the handler passes `planFacts(planState)` as `plan`. */
export type ScheduleMeeting = DomainCommand<
  'ScheduleMeeting',
  {
    meetingId: string;
    title: string;
    kind: MeetingKind;
    scheduledFor: string;
    location?: string;
    themeFields: string[];
    plan: PlanFacts;
  }
>;

/** Every later command carries the plan's current status, so that a concluded plan refuses it. */
interface OnPlan {
  planStatus: PlanStatus;
}

export type HoldMeeting = DomainCommand<
  'HoldMeeting',
  OnPlan & { heldOn: string; attendance: Attendance; outcomes: string[]; concerns: string[] }
>;
export type PublishMinutes = DomainCommand<'PublishMinutes', OnPlan & { text: string }>;
/** `reason` is required, from the data or the metadata. */
export type CancelMeeting = DomainCommand<'CancelMeeting', OnPlan & { reason?: string }>;

export type MeetingCommand = ScheduleMeeting | HoldMeeting | PublishMinutes | CancelMeeting;

export type MeetingCommandType = MeetingCommand['type'];
