import { Inject } from '@nestjs/common';
import type { ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/ops';
import type { CommandResponse } from '../http/command-response.interceptor.js';
import { TargetDirectory } from '../tenancy/target-directory.js';
import { AggregateCache } from './aggregate-cache.js';
import type { AnyDecider, DomainEvent } from './aggregate-runner.js';
import { runOnPlanChild, type PlanChildCommand } from './plan-child.js';

/** Which kind of plan child a handler runs: its decider, its stream and the code of a missing one. */
export interface PlanChildKind<C> {
  decider: AnyDecider<C, DomainEvent, { status: string }>;
  stream: (id: string) => string;
  notFoundCode: string;
}

/**
 * The handler of measure and meeting commands: runs the command on the child with its plan's facts, then
 * remembers which municipality the child belongs to for the access guard.
 */
export abstract class PlanChildCommandHandler<C> implements ICommandHandler<
  { command: PlanChildCommand<C> },
  CommandResponse
> {
  protected abstract readonly kind: PlanChildKind<C>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AggregateCache) private readonly cache: AggregateCache,
    @Inject(TargetDirectory) private readonly directory: TargetDirectory,
  ) {}

  async execute({ command }: { command: PlanChildCommand<C> }): Promise<CommandResponse> {
    const { decider, stream: streamOf, notFoundCode } = this.kind;
    const stream = streamOf(command.id);
    const deps = { store: this.store, cache: this.cache };
    const response = await runOnPlanChild(deps, decider, stream, notFoundCode, command);
    this.directory.remember(stream, command.municipalityId);
    return response;
  }
}
