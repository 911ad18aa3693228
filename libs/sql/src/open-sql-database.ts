import { PostgresDatabase } from './postgres.database.js';
import type { SqlDatabase } from './sql-database.js';
import { SqliteDatabase } from './sqlite.database.js';

export type SqlSettings =
  { kind: 'sqlite'; sqlitePath: string } | { kind: 'postgres'; databaseUrl: string; schema: string };

export async function openSqlDatabase(settings: SqlSettings): Promise<SqlDatabase> {
  return settings.kind === 'sqlite'
    ? new SqliteDatabase(settings.sqlitePath)
    : PostgresDatabase.open(settings.databaseUrl, settings.schema);
}
