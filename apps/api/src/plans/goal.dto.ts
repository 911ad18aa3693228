import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import {
  DTO_LIMITS,
  IsDay,
  IsOmittable,
  NumberField,
  OptionalReason,
  RequiredReason,
  TextField,
  SLUG_MESSAGE,
  SLUG_PATTERN,
} from '../http/dto-rules.js';

// goals are recorded on the plan's own stream (PlansController), but their bodies are a family of their own
const SLUG = SLUG_PATTERN.source;

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
  @NumberField(-DTO_LIMITS.figure, DTO_LIMITS.figure)
  baseline?: number;

  @ApiPropertyOptional({
    example: 120,
    minimum: -DTO_LIMITS.figure,
    maximum: DTO_LIMITS.figure,
    description: 'differs from baseline',
  })
  @IsOmittable()
  @NumberField(-DTO_LIMITS.figure, DTO_LIMITS.figure)
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
  @NumberField(-DTO_LIMITS.figure, DTO_LIMITS.figure)
  baseline?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: -DTO_LIMITS.figure,
    maximum: DTO_LIMITS.figure,
  })
  @IsOptional()
  @NumberField(-DTO_LIMITS.figure, DTO_LIMITS.figure)
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
  @NumberField(-DTO_LIMITS.figure, DTO_LIMITS.figure)
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
