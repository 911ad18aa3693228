import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsObject,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  DTO_LIMITS,
  ExactlyOneOf,
  IsDay,
  IsOmittable,
  NumberField,
  OptionalReason,
  RequiredReason,
  TextField,
} from '../http/dto-rules.js';

const RESPONSIBLE_KEYS = ['memberId', 'partnerId', 'office'] as const;

/** Who carries a measure: exactly one of a member, a registered partner or an office of the administration. */
export class ResponsibleDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a member of the municipality' })
  @IsOmittable()
  @IsUUID()
  memberId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'a partner registered on the plan' })
  @IsOmittable()
  @IsUUID()
  partnerId?: string;

  @ApiPropertyOptional({ example: 'Amt für Bildung', minLength: 1, maxLength: DTO_LIMITS.name })
  @IsOmittable()
  @TextField(DTO_LIMITS.name, { singleLine: true })
  office?: string;
}

/** POST /api/plans/:planId/measures: a measure serving one or more of the plan's goals. */
export class PlanMeasureDto {
  @ApiProperty({ example: 'Sprachcafé in der Stadtbibliothek', minLength: 1, maxLength: DTO_LIMITS.title })
  @TextField(DTO_LIMITS.title, { singleLine: true })
  title!: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'uuid' },
    minItems: 1,
    maxItems: DTO_LIMITS.goalIds,
    uniqueItems: true,
    description: 'goals of the plan that are not dropped',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DTO_LIMITS.goalIds)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  goalIds!: string[];

  @ApiProperty({ type: () => ResponsibleDto, description: 'exactly one of memberId, partnerId, office' })
  @IsObject()
  @ExactlyOneOf(RESPONSIBLE_KEYS)
  @ValidateNested()
  @Type(() => ResponsibleDto)
  responsible!: ResponsibleDto;

  @ApiProperty({ type: String, format: 'date', example: '2026-04-01' })
  @IsDay()
  startDate!: string;

  @ApiProperty({ type: String, format: 'date', example: '2026-12-31', description: 'on or after startDate' })
  @IsDay()
  dueDate!: string;

  @ApiPropertyOptional({ example: 40000, minimum: 0, maximum: DTO_LIMITS.budget })
  @IsOmittable()
  @NumberField(0, DTO_LIMITS.budget)
  budget?: number;

  @ApiPropertyOptional({
    example: 2,
    minimum: DTO_LIMITS.weightMin,
    maximum: DTO_LIMITS.weightMax,
    description: "the measure's weight in its goals' progress; default 1",
  })
  @IsOmittable()
  @NumberField(DTO_LIMITS.weightMin, DTO_LIMITS.weightMax)
  weight?: number;

  @OptionalReason()
  reason?: string;
}

export class StartMeasureDto {
  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-04-01',
    description: 'default today; not in the future',
  })
  @IsOmittable()
  @IsDay()
  startedOn?: string;

  @OptionalReason()
  reason?: string;
}

export class ReportProgressDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, example: 40 })
  @IsInt()
  @Min(0)
  @Max(100)
  percent!: number;

  @ApiProperty({ example: 'Zwei von fünf Festen gefeiert', minLength: 1, maxLength: DTO_LIMITS.item })
  @TextField(DTO_LIMITS.item)
  note!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2026-06-15',
    description: 'default today; not in the future',
  })
  @IsOmittable()
  @IsDay()
  reportedOn?: string;

  @OptionalReason()
  reason?: string;
}

export class BlockMeasureDto {
  @RequiredReason()
  reason!: string;
}

export class UnblockMeasureDto {
  @OptionalReason()
  reason?: string;
}

export class RescheduleMeasureDto {
  @ApiProperty({
    type: String,
    format: 'date',
    example: '2026-12-31',
    description: 'on or after the start date',
  })
  @IsDay()
  dueDate!: string;

  @RequiredReason()
  reason!: string;
}

export class CompleteMeasureDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: DTO_LIMITS.item })
  @IsOmittable()
  @TextField(DTO_LIMITS.item)
  note?: string;

  @OptionalReason()
  reason?: string;
}

export class CancelMeasureDto {
  @RequiredReason()
  reason!: string;
}
