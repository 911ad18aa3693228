import { writeFileSync } from 'node:fs';
import type { PlanVerification } from '@app/projections';
import { describePlan } from '@app/read-models';
import { auditCsv, toAuditEntry, type AuditEntry } from '../../api/src/queries/audit-export.js';
import { EXIT, UsageError } from './cli-args.js';
import type { CliIo, Session } from './cli-session.js';
import { planSummary } from './plan-summary.js';
import { catchUp } from './projections.commands.js';

/** History is read in pages of this many rows, so an export has no upper limit. */
const EXPORT_PAGE = 10_000;

async function requirePlan(session: Session, io: CliIo, planId: string): Promise<void> {
  await catchUp(session, io);
  const known =
    (await session.reader.view(planId)) !== undefined ||
    (await session.reader.history(planId, { limit: 1 })).length > 0;
  if (!known) throw new UsageError(`unknown plan ${planId}`);
}

export async function replay(
  session: Session,
  io: CliIo,
  planId: string,
  asOf: Date,
  format: 'json' | 'text',
): Promise<number> {
  await requirePlan(session, io, planId);
  // as the api: an instant in the past is folded from the events, "now or later" is the live view
  const view =
    asOf.getTime() < Date.now()
      ? await session.reader.viewAsOf(planId, asOf)
      : await session.reader.view(planId);
  if (!view) throw new UsageError(`plan ${planId} did not exist at ${asOf.toISOString()}`);
  const state = describePlan(view, asOf);
  io.stdout.write(format === 'text' ? planSummary(state) : `${JSON.stringify(state, null, 2)}\n`);
  return EXIT.ok;
}

export async function verify(session: Session, io: CliIo, planId: string): Promise<number> {
  await requirePlan(session, io, planId);
  const result = await session.reader.verify(planId);
  io.stdout.write(`${JSON.stringify({ planId, ...result }, null, 2)}\n`);
  if (result.ok) {
    io.stderr.write(`ok: ${result.checkedEvents} events in ${result.streams} streams verified\n`);
    return EXIT.ok;
  }
  io.stderr.write(`BROKEN: ${describeBreak(result.firstBrokenAt!)}\n`);
  return EXIT.broken;
}

function describeBreak(broken: NonNullable<PlanVerification['firstBrokenAt']>): string {
  const where = `stream ${broken.streamId}, revision ${broken.revision}, position ${broken.position}`;
  const event = 'eventId' in broken ? `event ${broken.eventId} (${broken.type}), ` : '';
  return `${event}${where}: ${broken.reason}`;
}

export async function exportTrail(
  session: Session,
  io: CliIo,
  planId: string,
  format: 'csv' | 'json',
  out: string | undefined,
): Promise<number> {
  await requirePlan(session, io, planId);
  const entries: AuditEntry[] = [];
  for (let after: number | undefined; ;) {
    const page = await session.reader.history(planId, { after, limit: EXPORT_PAGE });
    entries.push(...page.map(toAuditEntry));
    if (page.length < EXPORT_PAGE) break;
    after = Number(page[page.length - 1]!.position);
  }
  // the same bytes as GET /api/plans/:planId/history?format=csv|json
  const content =
    format === 'csv'
      ? auditCsv(entries)
      : `${JSON.stringify({ planId, exportedAt: new Date().toISOString(), events: entries }, null, 2)}\n`;
  if (out === undefined) {
    io.stdout.write(content);
  } else {
    writeFileSync(out, content, 'utf8');
    io.stderr.write(`wrote ${entries.length} events of plan ${planId} to ${out}\n`);
  }
  return EXIT.ok;
}
