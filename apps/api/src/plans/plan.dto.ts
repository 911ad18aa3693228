import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DECISION_KINDS, PARTNER_KINDS, type DecisionKind, type PartnerKind } from '@app/domain';
import {
  DTO_LIMITS,
  IsDay,
  IsOmittable,
  OptionalReason,
  RequiredReason,
  TextField,
  SLUG_MESSAGE,
  SLUG_PATTERN,
} from '../http/dto-rules.js';

/** The domain's lists, re-exported so that the DTOs and the deciders can never disagree. */
export { DECISION_KINDS, PARTNER_KINDS };
/** POST /api/plans/:planId/measures records MeasurePlanned on the measure's own stream: its DTO lives there. */
export { PlanMeasureDto, ResponsibleDto } from '../measures/measure.dto.js';

const FINITE = { allowNaN: false, allowInfinity: false } as const;
const SLUG = SLUG_PATTERN.source;

export class ThemeFieldDto {
  @ApiProperty({ example: 'living-together', maxLength: DTO_LIMITS.key, pattern: SLUG })
  @IsString()
  @Length(1, DTO_LIMITS.key)
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  key!: string;

  @ApiProperty({ example: 'Zusammenleben', minLength: 1, maxLength: DTO_LIMITS.name })
  @TextField(DTO_LIMITS.name, { singleLine: true })
  name!: string;
}

export class CreatePlanDto {
  @ApiProperty({ example: 'Masterplan Integration 2026–2030', minLength: 1, maxLength: DTO_LIMITS.title })
  @TextField(DTO_LIMITS.title, { singleLine: true })
  title!: string;

  @ApiProperty({
    description: 'the positive picture of the future the plan starts from (Zukunftsbild)',
    minLength: 1,
    maxLength: DTO_LIMITS.text,
  })
  @TextField(DTO_LIMITS.text)
  vision!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-01-01' })
  @IsDay()
  horizonStart!: string;

  @ApiProperty({ type: String, format: 'date', example: '2030-12-31', description: 'after horizonStart' })
  @IsDay()
  horizonEnd!: string;

  @ApiPropertyOptional({
    type: () => [ThemeFieldDto],
    maxItems: DTO_LIMITS.planThemeFields,
    description:
      'unique keys; left out or empty: housing, education, vocational-training, safety, fears-and-living-together',
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(DTO_LIMITS.planThemeFields)
  @ArrayUnique((field: { key?: unknown } | null | undefined) => field?.key, {
    message: 'themeFields must have unique keys',
  })
  @ValidateNested({ each: true })
  @Type(() => ThemeFieldDto)
  themeFields?: ThemeFieldDto[];

  @OptionalReason()
  reason?: string;
}

export class AddThemeFieldDto {
  @ApiProperty({ example: 'living-together', maxLength: DTO_LIMITS.key, pattern: SLUG })
  @IsString()
  @Length(1, DTO_LIMITS.key)
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  key!: string;

  @ApiProperty({ example: 'Zusammenleben', minLength: 1, maxLength: DTO_LIMITS.name })
  @TextField(DTO_LIMITS.name, { singleLine: true })
  name!: string;

  @OptionalReason()
  reason?: string;
}

export class DefineGoalDto {
  @ApiProperty({
    description: "the key of one of the plan's theme fields",
    example: 'housing',
    pattern: SLUG,
  })
  @IsString()
  @Length(1, DTO_LIMITS.key)
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  themeField!: string;

  @ApiProperty({
    example: 'Geflüchtete wohnen in eigenen Wohnungen',
    minLength: 1,
    maxLength: DTO_LIMITS.title,
  })
  @TextField(DTO_LIMITS.title, { singleLine: true })
  title!: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: DTO_LIMITS.text })
  @IsOmittable()
  @TextField(DTO_LIMITS.text)
  description?: string;

  @ApiPropertyOptional({
    example: 'Personen in eigenem Mietverhältnis',
    minLength: 1,
    maxLength: DTO_LIMITS.indicator,
  })
  @IsOmittable()
  @TextField(DTO_LIMITS.indicator)
  indicator?: string;

  @ApiPropertyOptional({ example: 'Personen', minLength: 1, maxLength: DTO_LIMITS.unit })
  @IsOmittable()
  @TextField(DTO_LIMITS.unit, { singleLine: true })
  unit?: string;

  @ApiPropertyOptional({ example: 20, minimum: -DTO_LIMITS.figure, maximum: DTO_LIMITS.figure })
  @IsOmittable()
  @IsNumber(FINITE)
  @Min(-DTO_LIMITS.figure)
  @Max(DTO_LIMITS.figure)
  baseline?: number;

  @ApiPropertyOptional({
    example: 120,
    minimum: -DTO_LIMITS.figure,
    maximum: DTO_LIMITS.figure,
    description: 'differs from baseline',
  })
  @IsOmittable()
  @IsNumber(FINITE)
  @Min(-DTO_LIMITS.figure)
  @Max(DTO_LIMITS.figure)
  target?: number;

  @ApiPropertyOptional({ type: String, format: 'date', example: '2028-06-30' })
  @IsOmittable()
  @IsDay()
  targetDate?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the meeting the goal came out of' })
  @IsOmittable()
  @IsUUID()
  originMeetingId?: string;

  @OptionalReason()
  reason?: string;
}

/**
 * Names only the fields to change. `null` clears an optional figure (description, indicator, unit,
 * baseline, target, targetDate); title and themeField can be changed but not cleared.
 */
export class ReviseGoalDto {
  @ApiPropertyOptional({
    description: "the key of one of the plan's theme fields",
    example: 'housing',
    pattern: SLUG,
  })
  @IsOmittable()
  @IsString()
  @Length(1, DTO_LIMITS.key)
  @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })
  themeField?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: DTO_LIMITS.title })
  @IsOmittable()
  @TextField(DTO_LIMITS.title, { singleLine: true })
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: DTO_LIMITS.text })
  @IsOptional()
  @TextField(DTO_LIMITS.text)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: DTO_LIMITS.indicator })
  @IsOptional()
  @TextField(DTO_LIMITS.indicator)
  indicator?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, minLength: 1, maxLength: DTO_LIMITS.unit })
  @IsOptional()
  @TextField(DTO_LIMITS.unit, { singleLine: true })
  unit?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: -DTO_LIMITS.figure,
    maximum: DTO_LIMITS.figure,
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(-DTO_LIMITS.figure)
  @Max(DTO_LIMITS.figure)
  baseline?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: -DTO_LIMITS.figure,
    maximum: DTO_LIMITS.figure,
  })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(-DTO_LIMITS.figure)
  @Max(DTO_LIMITS.figure)
  target?: number | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, example: '2028-06-30' })
  @IsOptional()
  @IsDay()
  targetDate?: string | null;

  @RequiredReason()
  reason!: string;
}

export class MeasureGoalDto {
  @ApiProperty({ example: 65, minimum: -DTO_LIMITS.figure, maximum: DTO_LIMITS.figure })
  @IsNumber(FINITE)
  @Min(-DTO_LIMITS.figure)
  @Max(DTO_LIMITS.figure)
  value!: number;

  @ApiProperty({ type: String, format: 'date', example: '2026-03-01', description: 'not in the future' })
  @IsDay()
  measuredOn!: string;

  @ApiPropertyOptional({ example: 'Wohnungsamt', minLength: 1, maxLength: DTO_LIMITS.item })
  @IsOmittable()
  @TextField(DTO_LIMITS.item)
  source?: string;

  @OptionalReason()
  reason?: string;
}

export class AchieveGoalDto {
  @OptionalReason()
  reason?: string;
}

export class DropGoalDto {
  @RequiredReason()
  reason!: string;
}

export class RecordDecisionDto {
  @ApiProperty({
    enum: DECISION_KINDS,
    description: 'adopt-plan also adopts the plan, conclude-plan concludes it',
  })
  @IsIn(DECISION_KINDS)
  kind!: DecisionKind;

  @ApiProperty({
    description: 'the deciding body',
    example: 'Gemeinderat',
    minLength: 1,
    maxLength: DTO_LIMITS.body,
  })
  @TextField(DTO_LIMITS.body, { singleLine: true })
  body!: string;

  @ApiProperty({
    description: "the body's file or minute reference",
    example: 'GR-2026/014',
    minLength: 1,
    maxLength: DTO_LIMITS.reference,
  })
  @TextField(DTO_LIMITS.reference, { singleLine: true })
  reference!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-03-12', description: 'not in the future' })
  @IsDay()
  decidedOn!: string;

  @ApiProperty({
    description: 'what was decided',
    example: 'Beschluss des Masterplans Integration',
    minLength: 1,
    maxLength: DTO_LIMITS.text,
  })
  @TextField(DTO_LIMITS.text)
  subject!: string;

  @OptionalReason()
  reason?: string;
}

export class RegisterPartnerDto {
  @ApiProperty({ example: 'Verein Miteinander e. V.', minLength: 1, maxLength: DTO_LIMITS.name })
  @TextField(DTO_LIMITS.name, { singleLine: true })
  name!: string;

  @ApiProperty({ enum: PARTNER_KINDS })
  @IsIn(PARTNER_KINDS)
  kind!: PartnerKind;

  @OptionalReason()
  reason?: string;
}
