export { migrate, type Migration, type SqlDatabase, type SqlExecutor } from './sql-database.js';
export { SqliteDatabase } from './sqlite.database.js';
export { PostgresDatabase } from './postgres.database.js';
export { openSqlDatabase, type SqlSettings } from './open-sql-database.js';
export { TENANCY_MIGRATIONS } from './tenancy.migrations.js';
export { PostgresLease } from './postgres-lease.js';
