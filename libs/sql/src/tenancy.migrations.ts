import type { Migration } from './sql-database.js';

/**
 * Who may do what. Tokens are kept only as SHA-256 hashes (they are 256-bit random, so a slow hash adds
 * nothing); display names live here and not in the event log, so that a person can be erased.
 */
export const TENANCY_MIGRATIONS: Migration[] = [
  {
    id: '100-tenancy',
    sql: `
CREATE TABLE IF NOT EXISTS municipalities (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  slug        TEXT NOT NULL UNIQUE,
  time_zone   TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS members (
  id              TEXT PRIMARY KEY,
  municipality_id TEXT NOT NULL REFERENCES municipalities (id),
  display_name    TEXT NOT NULL,
  role            TEXT NOT NULL,
  token_hash      TEXT NOT NULL UNIQUE,
  created_at      TEXT NOT NULL,
  revoked_at      TEXT
);
CREATE INDEX IF NOT EXISTS members_municipality ON members (municipality_id);
CREATE TABLE IF NOT EXISTS admin_tokens (
  token_hash  TEXT PRIMARY KEY,
  source      TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  principal_id  TEXT NOT NULL,
  key           TEXT NOT NULL,
  fingerprint   TEXT NOT NULL,
  status        INTEGER,
  response      TEXT,
  headers       TEXT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (principal_id, key)
)`,
  },
  {
    // how a member wants reminders: personal data, so here and never in the event log
    id: '101-member-contact',
    sql: `
ALTER TABLE members ADD COLUMN email TEXT;
ALTER TABLE members ADD COLUMN webhook_url TEXT;
ALTER TABLE members ADD COLUMN language TEXT NOT NULL DEFAULT 'de';
ALTER TABLE members ADD COLUMN channel TEXT NOT NULL DEFAULT 'email'`,
  },
];
