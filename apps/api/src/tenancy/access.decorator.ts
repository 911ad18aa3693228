import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './principal.js';

/** What a route acts on: its municipality is looked up from the id in the named route parameter. */
export type AccessTarget = 'municipality' | 'plan' | 'measure' | 'meeting' | 'none';

export const TARGET_PARAM: Record<Exclude<AccessTarget, 'none'>, string> = {
  municipality: 'municipalityId',
  plan: 'planId',
  measure: 'measureId',
  meeting: 'meetingId',
};

export interface AccessRule {
  roles: readonly Role[];
  target: AccessTarget;
  /** Anyone, signed in or not, when the target allows it (a public plan's dashboard). */
  public?: boolean;
}

export const ACCESS_RULE = 'masterplan:access';

/** Declares who may call a route; the AccessGuard enforces it for every route. */
export const Access = (rule: AccessRule) => SetMetadata(ACCESS_RULE, rule);

export interface Caller {
  principal: Principal;
  /** The municipality that owns the route's target (undefined for routes without one). */
  municipalityId?: string;
}

export type RequestWithCaller = FastifyRequest & { caller?: Caller };

export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<RequestWithCaller>().caller;
  if (!caller) throw new Error('route has no @Access rule');
  return caller;
});
