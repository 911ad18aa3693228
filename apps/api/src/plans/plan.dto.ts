import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { DECISION_KINDS, PARTNER_KINDS, type DecisionKind, type PartnerKind } from '@app/domain';
import {
  DTO_LIMITS,
  IsDay,
  IsOmittable,
  OptionalReason,
  TextField,
  SLUG_MESSAGE,
  SLUG_PATTERN,
} from '../http/dto-rules.js';

/** The domain's lists, re-exported so that the DTOs and the deciders can never disagree. */
export { DECISION_KINDS, PARTNER_KINDS };
/** POST /api/plans/:planId/measures records MeasurePlanned on the measure's own stream: its DTO lives there. */
export { PlanMeasureDto, ResponsibleDto } from '../measures/measure.dto.js';

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
