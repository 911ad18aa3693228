import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { READ_DB } from '@app/ops';
import { migrate, type SqlDatabase } from '@app/sql';
import { QueriesModule } from '../queries/queries.module.js';
import { TenancyModule } from '../tenancy/tenancy.module.js';
import { WebAccess } from './web-access.js';
import { WebAssetsController } from './web-assets.controller.js';
import { WebAuditController } from './web-audit.controller.js';
import { WebAuth } from './web-auth.js';
import { WebCommands } from './web-commands.js';
import { WebFormsController } from './web-forms.controller.js';
import { WebPagesController } from './web-pages.controller.js';
import { WebReads } from './web-reads.js';
import { WebSessionController } from './web-session.controller.js';
import { WEB_MIGRATIONS, WebSessionStore } from './web-sessions.js';

/**
 * The web dashboard: server-rendered pages in German and English on the same read models and commands as
 * the API, with cookie sessions for members and a public dashboard for adopted plans.
 */
@Module({
  imports: [TenancyModule, QueriesModule],
  controllers: [
    WebSessionController,
    WebPagesController,
    WebAuditController,
    WebFormsController,
    WebAssetsController,
  ],
  providers: [
    { provide: WebSessionStore, inject: [READ_DB], useFactory: (db: SqlDatabase) => new WebSessionStore(db) },
    WebAuth,
    WebAccess,
    WebReads,
    WebCommands,
  ],
})
export class WebModule implements OnModuleInit {
  constructor(@Inject(READ_DB) private readonly db: SqlDatabase) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, WEB_MIGRATIONS);
  }
}
