import type { CommandMetadata } from './decider.js';
import { invalid } from './domain-error.js';

/** Upper bounds the HTTP layer checks too; the domain checks them again because it trusts no caller. */
export const LIMITS = {
  id: 100,
  slug: 64,
  /** titles, names, references, units, locations */
  name: 200,
  /** list items (outcomes, concerns), indicators, sources */
  item: 2_000,
  /** visions, descriptions, notes, reasons, minutes */
  text: 10_000,
  listItems: 50,
} as const;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;

/**
 * `horizonStart` → `horizon_start_<problem>`; a path names its last word (`outcomes.3` → `outcomes_…`,
 * `themeFields.0.key` → `key_…`) while the error's `field` keeps the whole path.
 */
export function codeFor(field: string, problem: string): string {
  const words = field.split('.').filter((word) => !/^\d+$/.test(word));
  const base = (words.at(-1) ?? field).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  return `${base}_${problem}`;
}

/** Counts characters as people do (code points), not UTF-16 units. */
function lengthOf(text: string): number {
  return [...text].length;
}

export function requireText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(codeFor(field, 'required'), `${field} is required`, field);
  }
  const text = value.trim();
  if (lengthOf(text) > max) {
    throw invalid(codeFor(field, 'too_long'), `${field} must be at most ${max} characters`, field);
  }
  return text;
}

/** Absent, null or blank all mean "not given". */
export function optionalText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(codeFor(field, 'invalid'), `${field} must be text`, field);
  if (value.trim() === '') return undefined;
  return requireText(value, field, max);
}

export function requireId(value: unknown, field: string): string {
  const id = requireText(value, field, LIMITS.id);
  if (!ID.test(id)) throw invalid('invalid_id', `${field} is not a valid id`, field);
  return id;
}

export function optionalId(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : requireId(value, field);
}

/** Keys such as theme-field keys: lowercase words joined by single hyphens. */
export function requireSlug(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw invalid(codeFor(field, 'required'), `${field} is required`, field);
  }
  if (value.length > LIMITS.slug || !SLUG.test(value)) {
    throw invalid('invalid_slug', `${field} must be a lowercase slug like "living-together"`, field);
  }
  return value;
}

export function requireOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalid(codeFor(field, 'invalid'), `${field} must be one of ${allowed.join(', ')}`, field);
}

/** A list of short texts: blank entries are dropped, the rest bounded in number and length. */
export function textList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(codeFor(field, 'invalid'), `${field} must be a list`, field);
  const items = value.map((item: unknown, i) =>
    item === null || (typeof item === 'string' && item.trim() === '')
      ? undefined
      : requireText(item, `${field}.${i}`, LIMITS.item),
  );
  const kept = items.filter((item): item is string => item !== undefined);
  if (kept.length > LIMITS.listItems) {
    throw invalid(codeFor(field, 'too_many'), `${field} may hold at most ${LIMITS.listItems} entries`, field);
  }
  return kept;
}

/** A required reason: from the command's data, else from its metadata (where the HTTP layer may put it). */
export function requireReason(value: unknown, metadata: CommandMetadata): string {
  const blank = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  return requireText(blank ? metadata.reason : value, 'reason', LIMITS.text);
}

export function requireNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalid('invalid_number', `${field} must be a finite number`, field);
  }
  return value;
}

export function optionalNumber(value: unknown, field: string): number | undefined {
  return value === undefined || value === null ? undefined : requireNumber(value, field);
}

/** A whole count from 0 to `max`; `code` names the rule (e.g. invalid_attendance). */
export function requireCount(value: unknown, field: string, max: number, code: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(code, `${field} must be a whole number from 0 to ${max}`, field);
  }
  return value;
}
