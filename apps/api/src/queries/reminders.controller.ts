import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '@app/config';
import { APP_CONFIG, READ_DB } from '@app/ops';
import type { SqlDatabase } from '@app/sql';
import { IsInt, Max, Min } from 'class-validator';
import { Access } from '../tenancy/access.decorator.js';

export class ReminderSettingsDto {
  @ApiProperty({
    minimum: 1,
    maximum: 365,
    description: 'a started measure without a progress report for this many days is stale',
  })
  @IsInt()
  @Min(1)
  @Max(365)
  staleAfterDays!: number;
}

interface ReminderRow {
  reminder_id: string;
  kind: string;
  subject_id: string;
  about: string;
  run_at: string;
  status: string;
  updated_at: string;
  outcome: string | null;
}

const COORDINATOR = { roles: ['coordinator'], target: 'plan' } as const;

/** What the scheduler will send for a plan, and what it sent (or could not send) with when and to whom. */
@ApiTags('reminders')
@ApiBearerAuth()
@Controller('api/plans/:planId')
export class RemindersController {
  constructor(
    @Inject(READ_DB) private readonly db: SqlDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('reminders')
  @Access(COORDINATOR)
  async reminders(@Param('planId', new ParseUUIDPipe()) planId: string) {
    if (!this.config.reminders.enabled) return { enabled: false, scheduled: [], sent: [] };
    const rows = await this.db.query<ReminderRow>(
      `SELECT reminder_id, kind, subject_id, about, run_at, status, updated_at, outcome FROM reminders
        WHERE plan_id = $1 AND status <> 'cancelled' ORDER BY run_at`,
      [planId],
    );
    const shape = (r: ReminderRow) => ({
      reminderId: r.reminder_id,
      kind: r.kind,
      subjectId: r.subject_id,
      about: r.about,
      runAt: r.run_at,
      status: r.status,
      updatedAt: r.updated_at,
      ...(r.outcome ? { outcome: JSON.parse(r.outcome) as unknown } : {}),
    });
    return {
      enabled: true,
      scheduled: rows.filter((r) => r.status === 'scheduled').map(shape),
      sent: rows.filter((r) => r.status !== 'scheduled').map(shape),
    };
  }

  /** Takes effect for the plan's next change and at the scheduler's next reconcile (within ten minutes). */
  @Put('reminder-settings')
  @Access(COORDINATOR)
  async settings(@Param('planId', new ParseUUIDPipe()) planId: string, @Body() body: ReminderSettingsDto) {
    await this.db.execute(
      `INSERT INTO plan_reminder_settings (plan_id, stale_after_days, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (plan_id) DO UPDATE SET stale_after_days = excluded.stale_after_days, updated_at = excluded.updated_at`,
      [planId, body.staleAfterDays, new Date().toISOString()],
    );
    return { planId, staleAfterDays: body.staleAfterDays };
  }
}
