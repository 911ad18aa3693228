import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { APP_CONFIG } from '@app/ops';
import { TenancyStore } from './tenancy.store.js';
import { hashToken, newToken } from './tokens.js';

/**
 * ADMIN_TOKEN sets the admin token. Without it, the first start makes one, prints it once on the console
 * and keeps only its hash: whoever started the service can copy it now and never again.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TenancyStore) private readonly tenancy: TenancyStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const now = new Date().toISOString();
    if (this.config.adminToken) {
      await this.tenancy.setAdminToken(hashToken(this.config.adminToken), 'env', now);
      return;
    }
    if ((await this.tenancy.adminTokenCount()) > 0) return;
    const token = newToken('admin');
    await this.tenancy.setAdminToken(hashToken(token), 'generated', now);
    this.logger.warn('no admin token was configured: a new one was created and is printed once on stderr');
    process.stderr.write(
      `\n  Admin token (shown once, only its hash is stored):\n\n    ${token}\n\n` +
        `  Use it as "Authorization: Bearer <token>" to create municipalities and their first members.\n\n`,
    );
  }
}
