import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsNumber,
  IsString,
  Length,
  Max,
  Min,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { isDay } from '@app/domain';

/**
 * The bounds the command DTOs check before a request reaches a decider. They are never looser than the
 * domain's own `LIMITS`, so that a body the DTOs accept fails in the domain only on its business rules.
 */
export const DTO_LIMITS = {
  /** plan, goal, measure and meeting titles */
  title: 200,
  /** theme-field names, partner names, offices */
  name: 200,
  /** theme-field keys */
  key: 60,
  /** visions, descriptions, decision subjects, minutes */
  text: 10_000,
  /** notes, reasons, sources, outcomes and concerns */
  item: 2_000,
  indicator: 500,
  unit: 40,
  /** the deciding body (Gemeinderat) and its file reference (GR-2026/014) */
  body: 200,
  reference: 200,
  location: 200,
  /** baseline, target and measured value: ±figure */
  figure: 1e12,
  budget: 1e10,
  weightMin: 0.01,
  weightMax: 1_000,
  attendance: 100_000,
  goalIds: 20,
  planThemeFields: 50,
  meetingThemeFields: 20,
  listItems: 50,
} as const;

/** Theme-field keys: lowercase words joined by single dashes, e.g. `fears-and-living-together`. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const SLUG_MESSAGE = '$property must be lowercase letters, digits and single dashes';

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** Tab (9) and newline (10) are text; every other C0 control, DEL and the C1 controls are not. */
function hasControlChar(text: string, singleLine: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && (singleLine || (code !== 0x09 && code !== 0x0a))) return true;
    if (code >= 0x7f && code <= 0x9f) return true;
  }
  return false;
}

/** `2026-03-01T18:00:00+01:00`: an ISO 8601 timestamp with a zone whose every part exists. */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [, day, hour, minute, second = '0', offsetHour = '0', offsetMinute = '0'] = match;
  return (
    isDay(day) &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHour) <= 14 &&
    Number(offsetMinute) <= 59 &&
    !Number.isNaN(Date.parse(value))
  );
}

function rule(
  name: string,
  defaultMessage: string,
  test: (value: unknown, args: ValidationArguments) => boolean,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: defaultMessage, ...options },
      validator: { validate: test },
    });
}

/**
 * Rejects control characters; `singleLine` (titles, names, keys) also rejects tab and newline.
 * Non-strings fail too, so the rule stands on its own; `each: true` checks the items of a list.
 */
export function NoControlChars(
  options: ValidationOptions & { singleLine?: boolean } = {},
): PropertyDecorator {
  const { singleLine = false, ...validation } = options;
  return rule(
    'noControlChars',
    singleLine
      ? '$property must be a single line without control characters'
      : '$property must not contain control characters other than newline and tab',
    (value) => typeof value === 'string' && !hasControlChar(value, singleLine),
    validation,
  );
}

/**
 * Text a person writes: a string of 1 to `max` characters, not blank, without control characters (with
 * `singleLine`, not even tab or newline). The one rule set for titles, names, notes and the like.
 */
export function TextField(max: number, options: { singleLine?: boolean } = {}): PropertyDecorator {
  // in the order stacked decorators register (bottom up), so that a field's messages keep their order
  return applyDecorators(NoControlChars(options), IsNotBlank(), Length(1, max), IsString());
}

/** A number within [min, max] that JSON can carry: NaN and Infinity are refused. Figures, budgets, weights. */
export function NumberField(min: number, max: number): PropertyDecorator {
  // bottom up, as @IsNumber @Min @Max stacked, so that a field's messages keep their order
  return applyDecorators(Max(max), Min(min), IsNumber({ allowNaN: false, allowInfinity: false }));
}

/** At least one character that is not white space. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isNotBlank',
    '$property must not be blank',
    (value) => typeof value === 'string' && /\S/.test(value),
    options,
  );
}

/** A calendar day `YYYY-MM-DD` that exists (2026-02-30 does not). */
export function IsDay(options?: ValidationOptions): PropertyDecorator {
  return rule('isDay', '$property must be a date like 2026-03-01', (value) => isDay(value), options);
}

/** An ISO 8601 timestamp with a zone (`Z` or `±hh:mm`). */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isInstant',
    '$property must be a timestamp with a zone like 2026-03-01T18:00:00+01:00',
    (value) => isInstant(value),
    options,
  );
}

/**
 * An object naming exactly one of `keys` (not undefined, not null). A value that is not an object passes
 * here and is left to @IsObject, so the caller sees one error, not two.
 */
export function ExactlyOneOf(keys: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return rule(
    'exactlyOneOf',
    `$property must name exactly one of ${keys.join(', ')}`,
    (value) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return true;
      const given = value as Record<string, unknown>;
      return keys.filter((key) => given[key] !== undefined && given[key] !== null).length === 1;
    },
    options,
  );
}

/**
 * Optional means "may be left out": unlike @IsOptional, `null` is validated (and so refused). Fields that
 * accept null on purpose (a goal revision clearing a figure) use @IsOptional.
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}

const REASON_DESCRIPTION = 'why: kept in the event metadata and shown in the audit trail';

/** Every command may carry a reason; api.md names the commands that require one. */
export function OptionalReason(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      minLength: 1,
      maxLength: DTO_LIMITS.item,
      description: REASON_DESCRIPTION,
      example: 'Beschluss der Lenkungsgruppe vom 12. März',
    }),
    IsOmittable(),
    TextField(DTO_LIMITS.item),
  );
}

export function RequiredReason(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: String,
      minLength: 1,
      maxLength: DTO_LIMITS.item,
      description: `${REASON_DESCRIPTION}; required here`,
      example: 'Beschluss der Lenkungsgruppe vom 12. März',
    }),
    TextField(DTO_LIMITS.item),
  );
}
