import { HttpException } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** An RFC 9457 problem with a stable `code` that clients may switch on; `title` and `detail` are for people. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
}

export const PROBLEM_BASE = 'https://masterplan-ledger.example/problems/';

export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    readonly detail?: string,
    readonly errors?: FieldProblem[],
  ) {
    super(detail ?? code, status);
  }
}

export const notFound = (what = 'resource') => new ProblemException(404, 'not_found', `${what} not found`);
export const forbidden = (detail = 'your role may not do this here') =>
  new ProblemException(403, 'forbidden', detail);
export const unauthorized = (detail = 'a valid bearer token is required') =>
  new ProblemException(401, 'unauthorized', detail);

export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
