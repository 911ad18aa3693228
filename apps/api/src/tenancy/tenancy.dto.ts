import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
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

/** How a member wants reminders; personal data, kept in the tenancy table only. */
export class MemberContactDto {
  @ApiPropertyOptional({ example: 'integration@beispielstadt.de' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    example: 'https://hooks.beispielstadt.de/ledger',
    description: 'receives signed JSON',
  })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(500)
  webhookUrl?: string;

  @ApiPropertyOptional({ enum: ['de', 'en'], default: 'de' })
  @IsOptional()
  @IsIn(['de', 'en'])
  language?: 'de' | 'en';

  @ApiPropertyOptional({ enum: ['email', 'webhook', 'none'], default: 'email' })
  @IsOptional()
  @IsIn(['email', 'webhook', 'none'])
  channel?: 'email' | 'webhook' | 'none';
}

export class AddMemberDto extends MemberContactDto {
  @ApiProperty({ example: 'Integrationsbeauftragte', maxLength: 120 })
  @IsString()
  @Length(1, 120)
  displayName!: string;

  @ApiProperty({ enum: MEMBER_ROLES })
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}
