import { ignoreUnknownEvent, type Decider } from '../shared/decider.js';
import type { MeasureCommand } from './measure.commands.js';
import { decideMeasure } from './measure.decide.js';
import type { MeasureEvent } from './measure.events.js';
import { initialMeasureState, type Measure, type MeasureState } from './measure.state.js';

/** A measure of a plan: one stream per measure; plan facts arrive in its commands. */
export const measureDecider: Decider<MeasureCommand, MeasureEvent, MeasureState> = {
  initialState: initialMeasureState,
  evolve: evolveMeasure,
  decide: decideMeasure,
};

export function measureStream(measureId: string): string {
  return `measure-${measureId}`;
}

export function evolveMeasure(state: MeasureState, event: MeasureEvent): MeasureState {
  if (event.type === 'MeasurePlanned') {
    return { ...event.data, status: 'planned', percent: 0, reportCount: 0, rescheduleCount: 0 };
  }
  // events before the planning cannot occur in a well-formed stream; ignore rather than invent a measure
  if (state.status === 'none') return state;
  return evolveExisting(state, event);
}

function evolveExisting(measure: Measure, event: Exclude<MeasureEvent, { type: 'MeasurePlanned' }>): Measure {
  switch (event.type) {
    case 'MeasureStarted':
      return { ...measure, status: 'started', startedOn: event.data.startedOn };
    case 'ProgressReported':
      return {
        ...measure,
        percent: event.data.percent,
        reportCount: measure.reportCount + 1,
        lastReportedOn: event.data.reportedOn,
        lastNote: event.data.note,
      };
    case 'MeasureBlocked':
      return { ...measure, status: 'blocked', blockedReason: event.data.reason };
    case 'MeasureUnblocked': {
      const { blockedReason: _reason, ...unblocked } = measure;
      return { ...unblocked, status: 'started' };
    }
    case 'MeasureRescheduled':
      return { ...measure, dueDate: event.data.dueDate, rescheduleCount: measure.rescheduleCount + 1 };
    case 'MeasureCompleted':
      return { ...measure, status: 'completed', percent: 100 };
    case 'MeasureCancelled': {
      const { blockedReason: _reason, ...cancelled } = measure;
      return { ...cancelled, status: 'cancelled', cancelReason: event.data.reason };
    }
    default:
      return ignoreUnknownEvent(measure, event);
  }
}
