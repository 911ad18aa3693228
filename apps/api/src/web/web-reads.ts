import { Inject, Injectable } from '@nestjs/common';
import { dayOf } from '@app/domain';
import { attendancePerMonth, computeDashboard, describePlan, type PlanView } from '@app/read-models';
import { toAuditEntry, type AuditEntry } from '../queries/audit-export.js';
import { ReadModels } from '../queries/read-models.service.js';
import type { AsOf } from './as-of.js';
import { lookupOf, type Lookup } from './page-parts.js';
import { notFound, signInFirst } from './web-errors.js';
import { WebAccess } from './web-access.js';
import type { WebContext } from './web-context.js';

export interface DashboardData {
  view: PlanView;
  /** the moment shown: the as-of instant or now */
  at: Date;
  asOf: AsOf;
  dashboard: ReturnType<typeof computeDashboard>;
  state: ReturnType<typeof describePlan>;
  /** progress per day and scope ('plan', 'theme:<key>'), the shown moment's figures as the last point */
  progress: Map<string, { day: string; value: number }[]>;
  attendance: ReturnType<typeof attendancePerMonth>;
  activity: { month: string; events: number }[];
  lookup: Lookup;
  /** a signed-in member of the plan's municipality (else the public view) */
  member: boolean;
}

/** The pages' reads, through the same read models and rollups as the API's queries. */
@Injectable()
export class WebReads {
  constructor(
    @Inject(ReadModels) readonly models: ReadModels,
    @Inject(WebAccess) private readonly access: WebAccess,
  ) {}

  /**
   * The dashboard: for members of the municipality, and for anyone once the plan is adopted (as of the
   * moment shown, like the API's public dashboard). Throws the API's 404 when the plan did not exist then.
   */
  async dashboard(ctx: WebContext, planId: string, asOf: AsOf): Promise<DashboardData> {
    const owner = await this.access.owner('plan', planId);
    const member = this.access.isMemberOf(ctx, owner);
    const at = asOf.instant ?? new Date();
    const view = await this.models.view(planId, asOf.instant);
    if (!member && view.plan.status === 'draft') throw ctx.member ? notFound() : signInFirst();
    const dashboard = computeDashboard(view, at);
    const today = dayOf(at);
    const progress = new Map<string, { day: string; value: number }[]>();
    for (const p of await this.models.reader.progressSeries(planId, at)) {
      if (p.day >= today) continue;
      const points = progress.get(p.scope) ?? [];
      points.push({ day: p.day, value: Number(p.progress) });
      progress.set(p.scope, points);
    }
    const now = (scope: string, value: number) =>
      progress.set(scope, [...(progress.get(scope) ?? []), { day: today, value }]);
    now('plan', dashboard.progress);
    for (const field of dashboard.themeFields) now(`theme:${field.key}`, field.progress);
    const activity = (await this.models.reader.activityPerMonth(planId, at)).map((r) => ({
      month: r.month,
      events: Number(r.events),
    }));
    return {
      view,
      at,
      asOf,
      dashboard,
      state: describePlan(view, at),
      progress,
      attendance: attendancePerMonth(view, at),
      activity,
      lookup: lookupOf(view, member ? await this.access.names(owner) : undefined),
      member,
    };
  }

  /** The live view with names, for member pages. */
  async memberView(planId: string, owner: string) {
    const view = await this.models.view(planId, undefined);
    const now = new Date();
    return {
      view,
      now,
      state: describePlan(view, now),
      lookup: lookupOf(view, await this.access.names(owner)),
    };
  }

  async goalHistory(planId: string, goalId: string): Promise<AuditEntry[]> {
    return (await this.models.reader.history(planId, { subjectId: goalId, limit: 10_000 })).map(toAuditEntry);
  }

  async subjectHistory(subjectId: string): Promise<{ planId?: string; entries: AuditEntry[] }> {
    const rows = await this.models.reader.historyOfSubject(subjectId);
    return { planId: rows[0]?.plan_id, entries: rows.map(toAuditEntry) };
  }

  async plans(municipalityId: string) {
    const now = new Date();
    return (await this.models.reader.plans(municipalityId)).map((view) => ({
      view,
      dashboard: computeDashboard(view, now),
    }));
  }

  /** Waits (at most 2 s) until the read models include a command's events, so the next page shows them. */
  async catchUp(position: number): Promise<void> {
    await this.models.reader.waitFor(BigInt(position));
  }
}
