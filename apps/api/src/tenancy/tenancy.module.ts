import { Module, type OnModuleInit, Inject } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE, READ_DB } from '@app/ops';
import { migrate, TENANCY_MIGRATIONS, type SqlDatabase } from '@app/sql';
import { IdempotencyStore } from '../http/idempotency.store.js';
import { AdminBootstrap } from './admin-bootstrap.js';
import { TargetDirectory } from './target-directory.js';
import { TenancyController } from './tenancy.controller.js';
import { TenancyService } from './tenancy.service.js';
import { TenancyStore } from './tenancy.store.js';

@Module({
  controllers: [TenancyController],
  providers: [
    { provide: TenancyStore, inject: [READ_DB], useFactory: (db: SqlDatabase) => new TenancyStore(db) },
    {
      provide: IdempotencyStore,
      inject: [READ_DB],
      useFactory: (db: SqlDatabase) => new IdempotencyStore(db),
    },
    {
      provide: TargetDirectory,
      inject: [EVENT_STORE, TenancyStore],
      useFactory: (store: EventStore, tenancy: TenancyStore) => new TargetDirectory(store, tenancy),
    },
    {
      provide: TenancyService,
      inject: [TenancyStore, EVENT_STORE],
      useFactory: (tenancy: TenancyStore, store: EventStore) => new TenancyService(tenancy, store),
    },
    AdminBootstrap,
  ],
  exports: [TenancyStore, IdempotencyStore, TargetDirectory],
})
export class TenancyModule implements OnModuleInit {
  constructor(@Inject(READ_DB) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, TENANCY_MIGRATIONS);
  }
}
