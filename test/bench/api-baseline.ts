/**
 * The baseline for `npm run bench:api`: a bare Fastify server (no Nest, no guards, no event store) with the
 * same route as the api, doing one plain single-row INSERT per request into the same kind of store.
 * It is what one durable write behind an HTTP request costs on this machine, without anything else.
 *
 * Started by api.bench.ts as a child process: `node --import tsx test/bench/api-baseline.ts` with
 * BASELINE_STORE=sqlite (SQLITE_PATH) or postgres (DATABASE_URL, DATABASE_SCHEMA), and PORT.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import pg from 'pg';

interface Insert {
  (row: {
    id: string;
    streamId: string;
    data: string;
    metadata: string;
    recordedAt: string;
  }): Promise<number>;
}

interface Store {
  insert: Insert;
  close(): Promise<void>;
}

const COLUMNS = '(id, stream_id, type, data, metadata, recorded_at)';

/** better-sqlite3, WAL, synchronous=FULL like the embedded event store; each INSERT its own transaction. */
function openSqlite(path: string): Store {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE IF NOT EXISTS baseline_events (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    stream_id   TEXT NOT NULL,
    type        TEXT NOT NULL,
    data        TEXT NOT NULL,
    metadata    TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  )`);
  const statement = db.prepare(
    `INSERT INTO baseline_events ${COLUMNS} VALUES (?, ?, 'ProgressReported', ?, ?, ?)`,
  );
  return {
    insert: async (r) =>
      Number(statement.run(r.id, r.streamId, r.data, r.metadata, r.recordedAt).lastInsertRowid),
    close: async () => {
      db.close();
    },
  };
}

/** A pg Pool of 10 (as the event store's), one autocommit single-row INSERT per request. */
async function openPostgres(url: string, schema: string): Promise<Store> {
  if (!/^[a-z_][a-z0-9_]{0,50}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await pool.query(`CREATE TABLE IF NOT EXISTS "${schema}".baseline_events (
    position    bigserial   PRIMARY KEY,
    id          text        NOT NULL UNIQUE,
    stream_id   text        NOT NULL,
    type        text        NOT NULL,
    data        jsonb       NOT NULL,
    metadata    jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL
  )`);
  const text = `INSERT INTO baseline_events ${COLUMNS} VALUES ($1, $2, 'ProgressReported', $3, $4, $5) RETURNING position`;
  return {
    insert: async (r) => {
      const { rows } = await pool.query<{ position: string }>({
        name: 'baseline-insert',
        text,
        values: [r.id, r.streamId, r.data, r.metadata, r.recordedAt],
      });
      return Number(rows[0]!.position);
    },
    close: () => pool.end(),
  };
}

async function main(): Promise<void> {
  const kind = process.env.BASELINE_STORE;
  const store =
    kind === 'sqlite'
      ? openSqlite(process.env.SQLITE_PATH ?? 'baseline.db')
      : kind === 'postgres'
        ? await openPostgres(process.env.DATABASE_URL ?? '', process.env.DATABASE_SCHEMA ?? '')
        : undefined;
  if (!store) throw new Error('BASELINE_STORE must be sqlite or postgres');

  const app = Fastify({ logger: false });
  app.get('/health/live', async () => ({ status: 'up' }));
  app.post<{ Params: { measureId: string }; Body: { percent?: unknown; note?: unknown } }>(
    '/api/measures/:measureId/progress',
    async (request, reply) => {
      const { percent, note } = request.body ?? {};
      if (
        typeof percent !== 'number' ||
        !Number.isInteger(percent) ||
        percent < 0 ||
        percent > 100 ||
        typeof note !== 'string' ||
        note.length === 0
      ) {
        return reply.status(400).send({ code: 'validation_failed' });
      }
      const measureId = request.params.measureId;
      const now = new Date().toISOString();
      const position = await store.insert({
        id: randomUUID(),
        streamId: `measure-${measureId}`,
        data: JSON.stringify({ measureId, percent, note }),
        metadata: JSON.stringify({ occurredAt: now }),
        recordedAt: now,
      });
      return { position };
    },
  );

  const stop = () => {
    app
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
