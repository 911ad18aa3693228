// Events and commands the meeting specs share (not exported from index.ts).
import type { PlanFacts } from '../plan/plan-facts.js';
import { commandsOf, contributor, MUNICIPALITY_ID, PLAN_ID, scenarios } from '../shared/given.js';
import type { HoldMeeting, MeetingCommand, ScheduleMeeting } from './meeting.commands.js';
import { meetingDecider } from './meeting.decider.js';
import type { MeetingEvent } from './meeting.events.js';

export const ref = { municipalityId: MUNICIPALITY_ID, planId: PLAN_ID, meetingId: 'meeting-1' };
export const given = scenarios(meetingDecider);
export const command = commandsOf<MeetingCommand>(contributor);
export const onPlan = { planStatus: 'adopted' } as const;

export const planFacts: PlanFacts = {
  municipalityId: MUNICIPALITY_ID,
  planId: PLAN_ID,
  status: 'draft',
  themeFields: ['housing', 'education', 'fears-and-living-together'],
  goals: [],
  partners: [],
};

export function scheduleCommand(extra: Partial<ScheduleMeeting['data']> = {}): MeetingCommand {
  return command('ScheduleMeeting', {
    meetingId: 'meeting-1',
    title: 'Integrationsdialog Nordstadt',
    kind: 'dialogue',
    scheduledFor: '2026-03-20T18:00:00+01:00',
    location: 'Bürgerhaus Nordstadt',
    themeFields: ['housing', 'fears-and-living-together'],
    plan: planFacts,
    ...extra,
  });
}

export const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    ...ref,
    title: 'Integrationsdialog Nordstadt',
    kind: 'dialogue',
    scheduledFor: '2026-03-20T17:00:00.000Z',
    location: 'Bürgerhaus Nordstadt',
    themeFields: ['housing', 'fears-and-living-together'],
  },
};

export const heldData = {
  heldOn: '2026-03-09',
  attendance: { affected: 34, involved: 12, responsible: 5 },
  outcomes: ['Sprachcafé im Bürgerhaus einrichten'],
  concerns: ['Zu wenig Kita-Plätze'],
};

export function holdCommand(extra: Partial<HoldMeeting['data']> = {}): MeetingCommand {
  return command('HoldMeeting', { ...onPlan, ...heldData, ...extra });
}

export const held: MeetingEvent[] = [scheduled, { type: 'MeetingHeld', data: { ...ref, ...heldData } }];
export const cancelled: MeetingEvent[] = [
  scheduled,
  { type: 'MeetingCancelled', data: { ...ref, reason: 'Raum nicht verfügbar' } },
];
