/**
 * The PostgreSQL store's schema, created on start under an advisory lock so that replicas starting
 * together do not race. `event_position` is a one-row counter: the append holds its row lock until commit,
 * so positions commit in order and a rolled-back append hands its positions to the next one (no gaps).
 */
export function postgresSchema(schema: string): string {
  const channel = notifyChannel(schema);
  return `
CREATE SCHEMA IF NOT EXISTS "${schema}";
SET LOCAL search_path TO "${schema}";
CREATE TABLE IF NOT EXISTS events (
  position       bigint      PRIMARY KEY,
  id             text        NOT NULL UNIQUE,
  stream_id      text        NOT NULL,
  revision       bigint      NOT NULL,
  type           text        NOT NULL,
  schema_version integer     NOT NULL,
  data           jsonb       NOT NULL,
  metadata       jsonb       NOT NULL,
  recorded_at    timestamptz NOT NULL,
  prev_hash      text        NOT NULL,
  hash           text        NOT NULL,
  CONSTRAINT events_stream_revision UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS event_position (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last      bigint  NOT NULL
);
INSERT INTO event_position (singleton, last) VALUES (true, 0) ON CONFLICT DO NOTHING;
CREATE OR REPLACE FUNCTION notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${channel}', '');
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER events_notify AFTER INSERT ON events
  FOR EACH STATEMENT EXECUTE FUNCTION notify_events();
`;
}

export function notifyChannel(schema: string): string {
  return `${schema}_events`.toLowerCase();
}

export const POSTGRES_COLUMNS =
  'position, id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

/**
 * The common append of one event: one statement, so one round trip and one implicit transaction in
 * autocommit mode, with scalar parameters (array parameters and unnest cost more than the insert).
 */
export const INSERT_EVENT = `
WITH counter AS (
  UPDATE event_position SET last = last + 1 RETURNING last
)
INSERT INTO events (position, id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
SELECT counter.last, $1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9, $10
  FROM counter
RETURNING position`;

/**
 * Any number of events of any streams (a batch append, or a group commit of several appends): the counter
 * moves once by the number of events, and the events take its positions in the order of the arrays.
 */
export const INSERT_EVENTS = `
WITH counter AS (
  UPDATE event_position SET last = last + $1 RETURNING last - $1 AS base
)
INSERT INTO events (position, id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
SELECT counter.base + e.ord, e.id, e.stream_id, e.revision, e.type, e.schema_version, e.data::jsonb,
       e.metadata::jsonb, $2, e.prev_hash, e.hash
  FROM counter,
       unnest($3::text[], $4::text[], $5::bigint[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[],
              $11::text[])
         WITH ORDINALITY AS e(id, stream_id, revision, type, schema_version, data, metadata, prev_hash, hash, ord)
RETURNING position`;

/** The last event of each of the given streams; streams without events are left out. */
export const SELECT_HEADS = `
SELECT s.stream_id, h.revision, h.hash
  FROM unnest($1::text[]) AS s(stream_id)
 CROSS JOIN LATERAL (
   SELECT revision, hash FROM events e WHERE e.stream_id = s.stream_id ORDER BY revision DESC LIMIT 1
 ) h`;

export interface PostgresEventRow {
  position: string;
  id: string;
  stream_id: string;
  revision: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}
