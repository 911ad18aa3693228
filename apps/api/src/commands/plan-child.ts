import {
  DomainError,
  planDecider,
  planFacts,
  planStream,
  type CommandMetadata,
  type PlanFacts,
} from '@app/domain';
import type { EventStore } from '@app/event-store';
import type { AggregateCache } from './aggregate-cache.js';
import { load, recall, runCommand, type AnyDecider, type DomainEvent } from './aggregate-runner.js';
import type { CommandContext } from './command-context.js';
import { commandResponse, domainMetadata } from './http-command.js';

/** A command on a measure or a meeting: the decider needs facts of the plan it belongs to. */
export interface PlanChildCommand<C> {
  id: string;
  municipalityId: string;
  /** known when the command creates the child; otherwise read from the child's state */
  planId?: string;
  build: (metadata: CommandMetadata, plan: PlanFacts) => C;
  context: CommandContext;
  answerId?: string;
}

/**
 * How long the plan's facts may be taken from the cache without a read. The child's append checks only the
 * child's revision, so a plan changed by another api process (archived, say) is seen within this time; in
 * this process every plan command updates the cache as it appends.
 */
export const PLAN_FACTS_MAX_AGE_MS = 1_000;

/**
 * Takes the child, then its plan (both from the aggregate cache where it holds them, see runCommand), builds
 * the domain command with the plan's facts and runs it. Retries read both.
 */
export async function runOnPlanChild<C, E extends DomainEvent, S extends { status: string }>(
  deps: { store: EventStore; cache: AggregateCache },
  decider: AnyDecider<C, E, S>,
  stream: string,
  notFoundCode: string,
  command: PlanChildCommand<C>,
) {
  const target = { ...deps, decider, stream, municipalityId: command.municipalityId };
  const outcome = await runCommand(target, command.context, async (loaded, trusting) => {
    const state = loaded.state as S & { planId?: string };
    const planId = command.planId ?? (state.status === 'none' ? undefined : state.planId);
    if (!planId)
      throw new DomainError(notFoundCode, 'not_found', 'no such ' + notFoundCode.replace('_not_found', ''));
    const plan = trusting
      ? await recall(deps.store, planDecider, planStream(planId), deps.cache, PLAN_FACTS_MAX_AGE_MS)
      : await load(deps.store, planDecider, planStream(planId), deps.cache);
    return command.build(domainMetadata(command.context), planFacts(plan.state));
  });
  return commandResponse(outcome, command.answerId);
}
