import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { ConcurrencyError } from '@app/event-store';
import { ProblemException } from '../../http/problem.js';
import type { Messages } from '../messages-de.js';

/** A form as the person filled it in: the raw values (shown again) and a message per field that failed. */
export interface FormState {
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
  /** a refusal that belongs to no single field (a domain rule, a stale form) */
  refusal?: string;
  /** the answer's status when the form is shown again: 400 invalid, 403 stale token, 409 refused */
  status?: number;
}

export const emptyForm = (values: Record<string, string | string[]> = {}): FormState => ({
  values,
  errors: {},
});

/** The posted fields (urlencoded: a string, or a list for repeated names). */
export function formValues(body: unknown): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}

export const one = (values: FormState['values'], name: string): string => {
  const value = values[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
};
export const many = (values: FormState['values'], name: string): string[] => {
  const value = values[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};

/** Empty means "not given". */
export const optional = (text: string): string | undefined => (text === '' ? undefined : text);

/**
 * A number as people write it in the page's language (12.500,50 in German, 12,500.50 in English; a plain
 * 1.5 or 1,5 either way); anything else stays text, so that the DTO refuses it with its own message.
 */
export function numberOrText(text: string, lang: 'de' | 'en' = 'de'): number | string | undefined {
  if (text === '') return undefined;
  const compact = text.replace(/[\s\u00a0]/g, '');
  const [group, decimal] = lang === 'de' ? ['.', ','] : [',', '.'];
  const g = `\\${group}`;
  const d = `\\${decimal}`;
  if (new RegExp(`^-?\\d{1,3}(?:${g}\\d{3})+(?:${d}\\d+)?$`).test(compact)) {
    return Number(compact.split(group).join('').replace(decimal, '.'));
  }
  return /^-?\d+(?:[.,]\d+)?$/.test(compact) ? Number(compact.replace(',', '.')) : text;
}
export const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

/**
 * Runs the API's own DTO (class-validator, as the global ValidationPipe does) and turns its failures into
 * one message per field in the page's language.
 */
export async function validateDto<T extends object>(
  dto: new () => T,
  input: object,
  t: Messages,
): Promise<{ value?: T; errors: Record<string, string> }> {
  const value = plainToInstance(dto, input);
  const failures = await validate(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  const errors: Record<string, string> = {};
  for (const { field, constraints, given } of flatten(failures)) {
    errors[field] ??= messageFor(field, constraints, given, t);
  }
  return Object.keys(errors).length > 0 ? { errors } : { value, errors };
}

function flatten(errors: ValidationError[], parent = '') {
  const out: { field: string; constraints: string[]; given: unknown }[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints)
      out.push({ field, constraints: Object.keys(error.constraints), given: error.value });
    out.push(...flatten(error.children ?? [], field));
  }
  return out;
}

function messageFor(field: string, constraints: string[], given: unknown, t: Messages): string {
  const v = t.validation;
  const has = (name: string) => constraints.includes(name);
  if (field === 'percent') return v.percent;
  if (field.startsWith('attendance')) return v.attendance;
  if (field === 'goalIds') return v.goals;
  if (field === 'responsible') return v.responsible;
  if (given === undefined || (typeof given === 'string' && given.trim() === '')) return v.required;
  if (field === 'weight') return v.weight;
  if (has('isDay')) return v.day;
  if (has('min')) return v.notNegative;
  if (has('max')) return v.tooLarge;
  if (has('isInt')) return v.integer;
  if (has('isNumber')) return v.number;
  if (has('noControlChars') && typeof given === 'string' && given.trim() !== '') return v.controlChars;
  if (has('isLength') && typeof given === 'string' && given.trim() !== '') return v.tooLong;
  if (has('isNotBlank') || has('isLength') || has('isString')) return v.required;
  if (has('isIn') || has('isUuid')) return v.choice;
  return v.invalid;
}

const DOMAIN_KINDS: Record<string, number> = { validation: 400, not_found: 404, conflict: 409 };

/**
 * A refused command as the form shows it: a domain rule (DomainError), a concurrent change or another
 * refusal the API answers with a code; next to its field where the domain names one. Anything else
 * (a database down) is an error, not a refusal.
 */
export function refusalOf(error: unknown, t: Messages, fields: readonly string[]): FormState | undefined {
  const e = error as { code?: unknown; kind?: unknown; field?: unknown };
  if (typeof e?.code !== 'string') return undefined;
  const status =
    DOMAIN_KINDS[String(e.kind)] ??
    (error instanceof ConcurrencyError ? 409 : undefined) ??
    (error instanceof ProblemException && error.getStatus() < 500 ? error.getStatus() : undefined);
  if (status === undefined) return undefined;
  const message = t.domainErrors[e.code] ?? t.refusedWithCode(e.code);
  const field = typeof e.field === 'string' && fields.includes(e.field) ? e.field : undefined;
  return field
    ? { values: {}, errors: { [field]: message }, status }
    : { values: {}, errors: {}, refusal: message, status };
}
