import {
  HttpStatus,
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { RequestWithCaller } from '../tenancy/access.decorator.js';
import { IdempotencyStore } from './idempotency.store.js';
import { ProblemException } from './problem.js';

/** What every command route answers: `{id?, revision, position}`; the revision also goes out as ETag. */
export interface CommandResponse {
  id?: string;
  revision: number;
  position: number;
  [extra: string]: unknown;
}

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * Sets the ETag of a command's answer and, with an Idempotency-Key, records the answer so that a repeat
 * gets the first answer again (and no second event). A repeat while the first is running answers 409; the
 * same key with another request answers 422. A failed command keeps no record, so it may be retried.
 */
@Injectable()
export class CommandResponseInterceptor implements NestInterceptor {
  constructor(
    @Inject(IdempotencyStore) private readonly idempotency: IdempotencyStore,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.handle(context, next));
  }

  private async handle(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const request = context.switchToHttp().getRequest<RequestWithCaller & { idempotencyKey?: string }>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined || request.method !== 'POST' || !request.caller)
      return this.answer(reply, await lastValueFrom(next.handle()));
    if (!KEY.test(key)) {
      throw new ProblemException(
        400,
        'invalid_idempotency_key',
        'Idempotency-Key: 1 to 200 letters, digits or ._:-',
      );
    }
    const principalId = request.caller.principal.id;
    const fingerprint = IdempotencyStore.fingerprint(request.method, request.url, request.body);
    const claim = await this.idempotency.claim(principalId, key, fingerprint);
    if (claim.kind === 'replay') {
      void reply.status(claim.status).header('Idempotency-Replayed', 'true');
      return this.answer(reply, claim.body);
    }
    if (claim.kind === 'mismatch') {
      throw new ProblemException(
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was used for another request',
      );
    }
    if (claim.kind === 'in_progress') {
      throw new ProblemException(
        409,
        'idempotency_in_progress',
        'a request with this Idempotency-Key is still running',
      );
    }
    request.idempotencyKey = key;
    try {
      const body = (await lastValueFrom(next.handle())) as CommandResponse;
      // Nest sets the route's status only when it sends, after this interceptor
      const status =
        this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
        HttpStatus.CREATED;
      await this.idempotency.complete(principalId, key, status, body);
      return this.answer(reply, body);
    } catch (error) {
      await this.idempotency.release(principalId, key);
      throw error;
    }
  }

  private answer(reply: FastifyReply, body: unknown): unknown {
    const revision = (body as Partial<CommandResponse> | undefined)?.revision;
    if (typeof revision === 'number') void reply.header('ETag', `"${revision}"`);
    return body;
  }
}
