import { randomUUID } from 'node:crypto';
import type { EventMetadata } from '@app/event-store';
import { v5 as uuidv5 } from 'uuid';
import type { Caller } from '../tenancy/access.decorator.js';

const EVENT_ID_NAMESPACE = '5b0d8f5e-4c43-4f53-9b1f-3f0a4c1e9d27';

/** Everything about a request that a command's events record, gathered once by the HTTP layer. */
export interface CommandContext {
  caller: Caller;
  commandId: string;
  correlationId: string;
  /** When set, the append must find exactly this revision (If-Match): no retry, 412 when stale. */
  ifMatch?: bigint;
  idempotencyKey?: string;
  reason?: string;
  now: Date;
}

export function newCommandContext(input: Omit<CommandContext, 'commandId' | 'now'>): CommandContext {
  return { ...input, commandId: randomUUID(), now: new Date() };
}

export function eventMetadata(context: CommandContext, municipalityId: string | undefined): EventMetadata {
  return {
    actorId: context.caller.principal.id,
    actorRole: context.caller.principal.role,
    municipalityId,
    commandId: context.commandId,
    correlationId: context.correlationId,
    causationId: context.commandId,
    ...(context.reason ? { reason: context.reason } : {}),
    occurredAt: context.now.toISOString(),
  };
}

/**
 * With an Idempotency-Key the event ids are derived from it, so even a retry after a crash between the
 * append and the stored answer appends the same ids, which the event store answers without a second event.
 */
export function eventIdFor(context: CommandContext, stream: string, index: number): string {
  if (!context.idempotencyKey) return randomUUID();
  return uuidv5(
    `${context.caller.principal.id}\n${context.idempotencyKey}\n${stream}\n${index}`,
    EVENT_ID_NAMESPACE,
  );
}
