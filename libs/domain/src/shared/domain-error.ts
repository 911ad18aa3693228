/** validation → 400, not_found → 404, conflict → 409 (a rule broken by the current state). */
export type DomainErrorKind = 'validation' | 'not_found' | 'conflict';

/** A broken domain rule. `code` is a stable snake_case string clients may rely on; messages may change. */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function invalid(code: string, message: string, field?: string): DomainError {
  return new DomainError(code, 'validation', message, field);
}

export function notFound(code: string, message: string, field?: string): DomainError {
  return new DomainError(code, 'not_found', message, field);
}

export function conflict(code: string, message: string, field?: string): DomainError {
  return new DomainError(code, 'conflict', message, field);
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
