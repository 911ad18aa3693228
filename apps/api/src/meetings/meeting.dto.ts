import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MEETING_KINDS, type MeetingKind } from '@app/domain';
import {
  DTO_LIMITS,
  IsDay,
  IsInstant,
  IsNotBlank,
  IsOmittable,
  NoControlChars,
  OptionalReason,
  RequiredReason,
  TextField,
  SLUG_MESSAGE,
  SLUG_PATTERN,
} from '../http/dto-rules.js';

/** The domain's list, re-exported so that the DTOs and the decider can never disagree. */
export { MEETING_KINDS };

/** A list of short texts (outcomes, concerns): each item 1..2000 characters. */
const ITEMS = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: DTO_LIMITS.item },
  maxItems: DTO_LIMITS.listItems,
} as const;

export class ScheduleMeetingDto {
  @ApiProperty({ example: 'Runder Tisch Sicherheit', minLength: 1, maxLength: DTO_LIMITS.title })
  @TextField(DTO_LIMITS.title, { singleLine: true })
  title!: string;

  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind!: MeetingKind;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2026-03-01T18:00:00+01:00',
    description: 'an ISO 8601 timestamp with a zone',
  })
  @IsInstant()
  scheduledFor!: string;

  @ApiPropertyOptional({ example: 'Bürgersaal im Rathaus', minLength: 1, maxLength: DTO_LIMITS.location })
  @IsOmittable()
  @TextField(DTO_LIMITS.location, { singleLine: true })
  location?: string;

  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: DTO_LIMITS.key, pattern: SLUG_PATTERN.source },
    maxItems: DTO_LIMITS.meetingThemeFields,
    uniqueItems: true,
    example: ['housing', 'safety'],
    description: "keys of the plan's theme fields; may be empty",
  })
  @IsArray()
  @ArrayMaxSize(DTO_LIMITS.meetingThemeFields)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, DTO_LIMITS.key, { each: true })
  @Matches(SLUG_PATTERN, { each: true, message: SLUG_MESSAGE })
  themeFields!: string[];

  @OptionalReason()
  reason?: string;
}

/** People present per stakeholder group, counted and never named. */
export class AttendanceDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: DTO_LIMITS.attendance, description: 'Betroffene' })
  @IsInt()
  @Min(0)
  @Max(DTO_LIMITS.attendance)
  affected!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: DTO_LIMITS.attendance, description: 'Beteiligte' })
  @IsInt()
  @Min(0)
  @Max(DTO_LIMITS.attendance)
  involved!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: DTO_LIMITS.attendance,
    description: 'Verantwortliche',
  })
  @IsInt()
  @Min(0)
  @Max(DTO_LIMITS.attendance)
  responsible!: number;
}

export class MeetingHeldDto {
  @ApiProperty({ type: String, format: 'date', example: '2026-03-01', description: 'not in the future' })
  @IsDay()
  heldOn!: string;

  @ApiProperty({ type: () => AttendanceDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AttendanceDto)
  attendance!: AttendanceDto;

  @ApiProperty({ ...ITEMS, example: ['Wohnungsbörse vereinbart'], description: 'may be empty' })
  @IsArray()
  @ArrayMaxSize(DTO_LIMITS.listItems)
  @IsString({ each: true })
  @Length(1, DTO_LIMITS.item, { each: true })
  @IsNotBlank({ each: true })
  @NoControlChars({ each: true })
  outcomes!: string[];

  @ApiProperty({ ...ITEMS, example: ['Mietausfallrisiko der Vermieter'], description: 'may be empty' })
  @IsArray()
  @ArrayMaxSize(DTO_LIMITS.listItems)
  @IsString({ each: true })
  @Length(1, DTO_LIMITS.item, { each: true })
  @IsNotBlank({ each: true })
  @NoControlChars({ each: true })
  concerns!: string[];

  @OptionalReason()
  reason?: string;
}

export class PublishMinutesDto {
  @ApiProperty({ description: 'the minutes', minLength: 1, maxLength: DTO_LIMITS.text })
  @TextField(DTO_LIMITS.text)
  text!: string;

  @OptionalReason()
  reason?: string;
}

export class CancelMeetingDto {
  @RequiredReason()
  reason!: string;
}
