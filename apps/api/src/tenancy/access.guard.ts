import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, notFound, unauthorized } from '../http/problem.js';
import { ACCESS_RULE, TARGET_PARAM, type AccessRule, type RequestWithCaller } from './access.decorator.js';
import { TargetDirectory } from './target-directory.js';
import { TenancyStore } from './tenancy.store.js';
import { hashToken } from './tokens.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Authenticates the bearer token, then checks the route's rule. The owner of the target is looked up first:
 * another municipality's id answers 404 exactly like an unknown one, and only then is the role checked (403).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TenancyStore) private readonly tenancy: TenancyStore,
    @Inject(TargetDirectory) private readonly directory: TargetDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_RULE, context.getHandler());
    if (!rule) return true; // health, metrics, docs: no tenant data behind them
    const request = context.switchToHttp().getRequest<RequestWithCaller>();
    if (rule.public && !request.headers.authorization) return this.admitPublic(rule, request);
    const principal = await this.authenticate(request.headers.authorization);
    if (rule.target === 'none') {
      if (!rule.roles.includes(principal.role)) throw forbidden();
      request.caller = { principal };
      return true;
    }
    const id = (request.params as Record<string, string>)[TARGET_PARAM[rule.target]] ?? '';
    const owner = UUID.test(id) ? await this.directory.ownerOf(rule.target, id) : undefined;
    if (!owner || (principal.kind === 'member' && principal.municipalityId !== owner))
      throw notFound(rule.target);
    if (!rule.roles.includes(principal.role)) throw forbidden();
    request.caller = { principal, municipalityId: owner };
    return true;
  }

  /** A public route without a token: the target must exist; the handler decides what the public may see. */
  private async admitPublic(rule: AccessRule, request: RequestWithCaller): Promise<boolean> {
    if (rule.target === 'none') return true;
    const id = (request.params as Record<string, string>)[TARGET_PARAM[rule.target]] ?? '';
    if (!UUID.test(id) || !(await this.directory.ownerOf(rule.target, id))) throw notFound(rule.target);
    return true;
  }

  private async authenticate(header: string | undefined) {
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{16,200})$/.exec(header ?? '');
    if (!match) throw unauthorized();
    const principal = await this.tenancy.principalByTokenHash(hashToken(match[1]!));
    if (!principal) throw unauthorized('the token is unknown or revoked');
    return principal;
  }
}
