import { Inject, Injectable } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE, READ_DB } from '@app/ops';
import { PlanReader } from '@app/projections';
import type { PlanView } from '@app/read-models';
import type { SqlDatabase } from '@app/sql';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '../http/problem.js';
import { toInstant } from './query.dto.js';

/** The queries' shared steps: read your own writes, resolve `asOf`, load the live or the past view. */
@Injectable()
export class ReadModels {
  readonly reader: PlanReader;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(READ_DB) db: SqlDatabase) {
    this.reader = new PlanReader(store, db);
  }

  /** Waits (at most 2 s) for the read models to include `minPosition`; says in a header whether they do. */
  async catchUp(minPosition: number | undefined, reply: FastifyReply): Promise<void> {
    if (minPosition === undefined) return;
    const caughtUp = await this.reader.waitFor(BigInt(minPosition));
    void reply.header('Read-Model-Caught-Up', String(caughtUp));
  }

  instant(value: string | undefined, field: string): Date | undefined {
    if (value === undefined) return undefined;
    const at = toInstant(value);
    if (!at)
      throw new ProblemException(400, 'validation_failed', `${field} is not a valid date`, [
        { field, code: 'invalid_instant', message: `${field} is not a valid date` },
      ]);
    return at;
  }

  /** The live view, or the view rebuilt from the events up to `asOf`; 404 when the plan did not exist then. */
  async view(planId: string, asOf: Date | undefined): Promise<PlanView> {
    const view =
      asOf && asOf.getTime() < Date.now()
        ? await this.reader.viewAsOf(planId, asOf)
        : await this.reader.view(planId);
    if (!view)
      throw new ProblemException(
        404,
        'not_found',
        asOf ? 'the plan did not exist at that instant' : 'plan not found',
      );
    return view;
  }
}
