import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  Validate,
  type ValidatorConstraintInterface,
  ValidatorConstraint,
} from 'class-validator';
import { MEMBER_ROLES, type MemberRole } from './principal.js';

@ValidatorConstraint({ name: 'isTimeZone' })
class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'timeZone must be an IANA time zone such as Europe/Berlin';
  }
}

export class CreateMunicipalityDto {
  @ApiProperty({ example: 'Stadt Überlingen', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'ueberlingen', description: 'lowercase letters, digits and dashes' })
  @IsString()
  @Length(2, 60)
  @Matches(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    message: 'slug must be lowercase letters, digits and single dashes',
  })
  slug!: string;

  @ApiPropertyOptional({ example: 'Europe/Berlin', description: 'for reminders; default Europe/Berlin' })
  @IsOptional()
  @IsString()
  @Validate(IsTimeZone)
  timeZone?: string;
}

export class AddMemberDto {
  @ApiProperty({ example: 'Integrationsbeauftragte', maxLength: 120 })
  @IsString()
  @Length(1, 120)
  displayName!: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}
