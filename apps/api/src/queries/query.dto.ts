import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { endOfPlanDay } from '@app/read-models';

/** A day (2026-03-01, meaning its end) or an instant with zone. */
const INSTANT_OR_DAY = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;
const INSTANT_MESSAGE = 'must be a date like 2026-03-01 or a timestamp like 2026-03-01T18:00:00Z';

export class ReadOptionsDto {
  @ApiPropertyOptional({
    description: 'a command answer’s position: wait up to 2 s until the read models include it',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  minPosition?: number;
}

export class AsOfQueryDto extends ReadOptionsDto {
  @ApiPropertyOptional({
    example: '2026-06-30',
    description: 'the state as it was at this instant (a day means its end)',
  })
  @IsOptional()
  @Matches(INSTANT_OR_DAY, { message: `asOf ${INSTANT_MESSAGE}` })
  asOf?: string;
}

export class HistoryQueryDto extends ReadOptionsDto {
  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @Matches(INSTANT_OR_DAY, { message: `from ${INSTANT_MESSAGE}` })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @Matches(INSTANT_OR_DAY, { message: `to ${INSTANT_MESSAGE}` })
  to?: string;

  @ApiPropertyOptional({ description: 'member id (or "admin")' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ example: 'ProgressReported' })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,64}$/, { message: 'type must be an event type such as ProgressReported' })
  type?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ enum: ['csv', 'json'], description: 'download every matching event as a file' })
  @IsOptional()
  @IsIn(['csv', 'json'])
  format?: 'csv' | 'json';
}

export class ChangesQueryDto extends ReadOptionsDto {
  @ApiPropertyOptional({ example: '2026-01-01' })
  @Matches(INSTANT_OR_DAY, { message: `from ${INSTANT_MESSAGE}` })
  from!: string;

  @ApiPropertyOptional({ example: '2026-06-30', description: 'default: now' })
  @IsOptional()
  @Matches(INSTANT_OR_DAY, { message: `to ${INSTANT_MESSAGE}` })
  to?: string;
}

/**
 * A day means the end of that day in the plans' time zone (Europe/Berlin, as on the web pages), so "as of
 * 2026-06-30" includes everything recorded that day there.
 */
export function toInstant(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = value.length === 10 ? endOfPlanDay(value) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
