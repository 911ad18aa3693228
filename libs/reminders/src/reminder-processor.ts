import type { EventStore } from '@app/event-store';
import { computeDashboard, type PlanView } from '@app/read-models';
import type { SqlDatabase } from '@app/sql';
import type { Job } from 'bullmq';
import { reminderStream, type AnyReminderJob, type ReminderJob } from './reminder-catalogue.js';
import { recipientsFor, type MemberContact } from './reminder-recipients.js';
import { localDay } from './local-time.js';
import { decideReminder, readPlanWithContext } from './reminder-decision.js';
import type { ReminderMessage } from './delivery/reminder-texts.js';
import { digestSentEvent, reminderEvent, type RecordedReminder } from './reminder-events.js';
import { digestItem, reminderMessage } from './reminder-message.js';

export interface DeliveryOutcome {
  channel: string;
  delivered: boolean;
  skippedReason?: string;
}

export type Deliver = (recipient: MemberContact, message: ReminderMessage) => Promise<DeliveryOutcome>;

/**
 * Delivers one reminder job. It re-reads the current state first (a measure completed meanwhile gets no
 * reminder), sends to each recipient (remembering in the job's progress who already has it, so a retry
 * does not send twice), and records ReminderSent with an event id derived from the reminder id: a job that
 * runs twice is recorded once.
 */
export class ReminderProcessor {
  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly deliver: Deliver,
    private readonly options: { publicUrl: string; staleAfterDays: number; clock?: () => Date },
  ) {}

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  async process(job: Job<AnyReminderJob>): Promise<object> {
    const data = job.data;
    if (data.kind === 'plan-review') return this.review(job, data.planId);
    if (data.kind === 'weekly-digest') return this.digest(job, data.municipalityId, data.memberId);
    return this.oneOff(job, data);
  }

  private async oneOff(job: Job<AnyReminderJob>, reminder: ReminderJob): Promise<object> {
    const verdict = await decideReminder(this.db, reminder, this.options.staleAfterDays, this.now());
    if ('skipped' in verdict) return verdict;
    const { view } = verdict;
    const measure = view.measures[reminder.subjectId];
    const recipients = await recipientsFor(this.db, reminder.municipalityId, measure?.responsible.memberId);
    const message = reminderMessage(view, reminder, this.options.publicUrl);
    const outcomes = await this.sendAll(job, recipients, message);
    await this.record('ReminderSent', reminder, { recipients: outcomes });
    return { sent: outcomes.filter((o) => o.delivered).length };
  }

  private async review(job: Job<AnyReminderJob>, planId: string): Promise<object> {
    const context = await readPlanWithContext(this.db, planId, this.options.staleAfterDays);
    if (!context || context.view.plan.status !== 'adopted') return { skipped: 'plan not adopted' };
    const now = this.now();
    const day = localDay(now, context.timeZone);
    const dashboard = computeDashboard(context.view, now);
    const reminder: RecordedReminder = {
      reminderId: `plan-review.${planId}.${day}`,
      kind: 'plan-review',
      municipalityId: context.view.plan.municipalityId,
      planId,
      subjectId: planId,
      about: day,
      runAt: now.toISOString(),
    };
    const recipients = await recipientsFor(this.db, reminder.municipalityId);
    const message: ReminderMessage = {
      ...reminderMessage(context.view, reminder, this.options.publicUrl),
      kind: 'plan-review',
      timeZone: context.timeZone,
      review: {
        progress: dashboard.progress,
        goals: dashboard.goals,
        measures: dashboard.measures,
        meetings: dashboard.meetings,
        lastActivityAt: dashboard.lastActivityAt,
      },
    };
    const outcomes = await this.sendAll(job, recipients, message);
    await this.record('ReminderSent', reminder, { recipients: outcomes });
    return { sent: outcomes.filter((o) => o.delivered).length };
  }

  private async digest(job: Job<AnyReminderJob>, municipalityId: string, memberId: string): Promise<object> {
    const now = this.now();
    const horizon = new Date(now.getTime() + 7 * 86_400_000).toISOString();
    const items = await this.db.query<{
      kind: string;
      about: string;
      run_at: string;
      plan_id: string;
      subject_id: string;
    }>(
      `SELECT kind, about, run_at, plan_id, subject_id FROM reminders
        WHERE municipality_id = $1 AND status = 'scheduled' AND run_at <= $2 ORDER BY run_at LIMIT 50`,
      [municipalityId, horizon],
    );
    const member = (await recipientsFor(this.db, municipalityId, memberId)).filter(
      (m) => m.memberId === memberId,
    );
    if (member.length === 0 || items.length === 0)
      return { skipped: items.length === 0 ? 'nothing ahead' : 'member gone' };
    const day = now.toISOString().slice(0, 10);
    const views = new Map<string, PlanView | undefined>();
    for (const item of items)
      if (!views.has(item.plan_id))
        views.set(
          item.plan_id,
          (await readPlanWithContext(this.db, item.plan_id, this.options.staleAfterDays))?.view,
        );
    const message: ReminderMessage = {
      reminderId: `weekly-digest.${memberId}.${day}`,
      kind: 'weekly-digest',
      planTitle: '',
      about: day,
      items: items.map((i) => digestItem(views.get(i.plan_id), i)),
      link: `${this.options.publicUrl}/`,
    };
    const outcomes = await this.sendAll(job, member, message);
    const event = digestSentEvent(
      { reminderId: message.reminderId, municipalityId, memberId, items: items.length, recipients: outcomes },
      now,
    );
    await this.store.append(`reminders-municipality-${municipalityId}`, [event], { expectedRevision: 'any' });
    return { sent: outcomes.filter((o) => o.delivered).length };
  }

  /** Delivers to everyone who does not have it yet; a failure is thrown after the others were tried. */
  private async sendAll(job: Job<AnyReminderJob>, recipients: MemberContact[], message: ReminderMessage) {
    const progress = (job.progress && typeof job.progress === 'object' ? job.progress : {}) as {
      done?: Record<string, DeliveryOutcome>;
    };
    const done: Record<string, DeliveryOutcome> = { ...(progress.done ?? {}) };
    let failure: unknown;
    for (const recipient of recipients) {
      if (done[recipient.memberId]) continue;
      try {
        done[recipient.memberId] = await this.deliver(recipient, message);
        await job.updateProgress({ done });
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
    return recipients.map((r) => ({ memberId: r.memberId, ...done[r.memberId]! }));
  }

  /** Called by the worker after the last attempt failed. */
  async recordFailure(job: Job<AnyReminderJob>, error: Error): Promise<void> {
    const data = job.data;
    if (data.kind === 'plan-review' || data.kind === 'weekly-digest') return;
    await this.record('ReminderFailed', data, {
      error: error.message.slice(0, 500),
      attempts: job.attemptsMade,
    });
  }

  private async record(
    type: 'ReminderSent' | 'ReminderFailed',
    reminder: RecordedReminder,
    extra: object,
  ): Promise<void> {
    const event = reminderEvent(type, reminder, extra, this.now());
    await this.store.append(reminderStream(reminder.planId), [event], { expectedRevision: 'any' });
  }
}
