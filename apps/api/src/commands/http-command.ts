import type { CommandMetadata } from '@app/domain';
import type { CommandResponse } from '../http/command-response.interceptor.js';
import { ProblemException } from '../http/problem.js';
import type { Caller, RequestWithCaller } from '../tenancy/access.decorator.js';
import type { CommandOutcome } from './aggregate-runner.js';
import { newCommandContext, type CommandContext } from './command-context.js';

const IF_MATCH = /^(?:W\/)?"?(\d{1,18})"?$/;

/** The command context of an HTTP request: caller, correlation id, If-Match, Idempotency-Key, reason. */
export function contextOf(
  request: RequestWithCaller & { idempotencyKey?: string },
  caller: Caller,
  reason?: string,
): CommandContext {
  const header = request.headers['if-match'];
  let ifMatch: bigint | undefined;
  if (typeof header === 'string' && header !== '*') {
    const match = IF_MATCH.exec(header.trim());
    if (!match)
      throw new ProblemException(400, 'invalid_if_match', 'If-Match must be a revision such as "3"');
    ifMatch = BigInt(match[1]!);
  }
  return newCommandContext({
    caller,
    correlationId: request.id,
    ifMatch,
    idempotencyKey: request.idempotencyKey,
    reason,
  });
}

/** What a decider learns about who asks and when. */
export function domainMetadata(context: CommandContext): CommandMetadata {
  return {
    now: context.now,
    actorId: context.caller.principal.id,
    actorRole: context.caller.principal.role,
    ...(context.reason ? { reason: context.reason } : {}),
  };
}

export function commandResponse(outcome: CommandOutcome<unknown>, id?: string): CommandResponse {
  return { ...(id ? { id } : {}), revision: Number(outcome.revision), position: Number(outcome.position) };
}
