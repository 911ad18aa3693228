import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { ConcurrencyError, EventStoreError, EventStoreUnavailableError } from '@app/event-store';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  PROBLEM_BASE,
  ProblemException,
  STATUS_TITLES,
  type FieldProblem,
  type ProblemBody,
} from './problem.js';

const DOMAIN_STATUS: Record<string, number> = { validation: 400, not_found: 404, conflict: 409 };

/** Codes for errors the framework raises itself (body parsing, limits, content types). */
const HTTP_CODES: Record<number, string> = {
  400: 'malformed_body',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

interface Mapped {
  status: number;
  code: string;
  detail?: string;
  errors?: FieldProblem[];
}

/** Every error leaves as application/problem+json with a stable code; unknown errors are logged, not shown. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = this.map(error);
    if (mapped.status >= 500) this.logger.error({ err: error, correlationId: request.id }, 'request failed');
    const body: ProblemBody = {
      type: `${PROBLEM_BASE}${mapped.code}`,
      title: STATUS_TITLES[mapped.status] ?? 'Error',
      status: mapped.status,
      code: mapped.code,
      ...(mapped.detail ? { detail: mapped.detail } : {}),
      instance: request.url,
      ...(mapped.errors ? { errors: mapped.errors } : {}),
    };
    if (mapped.status === 503) void reply.header('Retry-After', '5');
    void reply
      .status(mapped.status)
      .header('Content-Type', 'application/problem+json; charset=utf-8')
      .send(body);
  }

  private map(error: unknown): Mapped {
    if (error instanceof ProblemException) {
      return { status: error.getStatus(), code: error.code, detail: error.detail, errors: error.errors };
    }
    if (isDomainError(error)) {
      const errors = error.field
        ? [{ field: error.field, code: error.code, message: error.message }]
        : undefined;
      return { status: DOMAIN_STATUS[error.kind] ?? 400, code: error.code, detail: error.message, errors };
    }
    if (error instanceof ConcurrencyError) {
      return {
        status: 409,
        code: error.code,
        detail: 'the target changed meanwhile; read it again and retry',
      };
    }
    if (error instanceof EventStoreUnavailableError) {
      return { status: 503, code: 'dependency_unavailable', detail: 'the event store cannot be reached' };
    }
    if (error instanceof EventStoreError) return { status: 400, code: error.code, detail: error.message };
    if (error instanceof HttpException) return this.fromHttpException(error);
    return this.fromFastify(error);
  }

  private fromHttpException(error: HttpException): Mapped {
    const status = error.getStatus();
    if (status === 404) return { status, code: 'route_not_found', detail: 'no such route' };
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response && 'message' in response
        ? (response as { message: unknown }).message
        : error.message;
    return { status, code: HTTP_CODES[status] ?? `http_${status}`, detail: String(message) };
  }

  /** Fastify's own errors: body too large, malformed JSON, wrong content type. */
  private fromFastify(error: unknown): Mapped {
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return { status: 413, code: 'payload_too_large', detail: e.message };
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return { status: 415, code: 'unsupported_media_type', detail: 'send application/json' };
    }
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (e.statusCode === 400 && e.message)) {
      return { status: 400, code: 'malformed_body', detail: e.message };
    }
    return {
      status: 500,
      code: 'internal_error',
      detail: 'an unexpected error occurred; it has been logged',
    };
  }
}

interface DomainErrorLike {
  code: string;
  kind: string;
  message: string;
  field?: string;
}

function isDomainError(error: unknown): error is DomainErrorLike {
  if (!(error instanceof Error)) return false;
  const candidate = error as unknown as Partial<DomainErrorLike>;
  return (
    typeof candidate.code === 'string' &&
    typeof candidate.kind === 'string' &&
    candidate.kind in DOMAIN_STATUS
  );
}
