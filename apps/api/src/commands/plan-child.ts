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
import { load, runCommand, type AnyDecider, type DomainEvent } from './aggregate-runner.js';
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
 * Loads the child, then its plan (both through the aggregate cache, so only new events are read), builds
 * the domain command with the plan's facts and runs it. Retries reload both.
 */
export async function runOnPlanChild<C, E extends DomainEvent, S extends { status: string }>(
  deps: { store: EventStore; cache: AggregateCache },
  decider: AnyDecider<C, E, S>,
  stream: string,
  notFoundCode: string,
  command: PlanChildCommand<C>,
) {
  const target = { ...deps, decider, stream, municipalityId: command.municipalityId };
  const outcome = await runCommand(target, command.context, async (loaded) => {
    const state = loaded.state as S & { planId?: string };
    const planId = command.planId ?? (state.status === 'none' ? undefined : state.planId);
    if (!planId)
      throw new DomainError(notFoundCode, 'not_found', 'no such ' + notFoundCode.replace('_not_found', ''));
    const plan = await load(deps.store, planDecider, planStream(planId), deps.cache);
    return command.build(domainMetadata(command.context), planFacts(plan.state));
  });
  return commandResponse(outcome, command.answerId);
}
