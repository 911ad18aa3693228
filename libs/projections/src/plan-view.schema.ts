import type { Migration } from '@app/sql';

/** plan_views: one folded view per plan; plan_snapshots: the view every 500 events; progress_points: charts. */
export const PLAN_VIEW_MIGRATION: Migration = {
  id: '300-plan-views',
  sql: `
CREATE TABLE IF NOT EXISTS plan_views (
  plan_id          TEXT PRIMARY KEY,
  municipality_id  TEXT NOT NULL,
  title            TEXT NOT NULL,
  status           TEXT NOT NULL,
  position         BIGINT NOT NULL,
  last_activity_at TEXT NOT NULL,
  event_count      INTEGER NOT NULL,
  view             TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS plan_views_municipality ON plan_views (municipality_id);
CREATE TABLE IF NOT EXISTS plan_snapshots (
  plan_id     TEXT NOT NULL,
  position    BIGINT NOT NULL,
  recorded_at TEXT NOT NULL,
  view        TEXT NOT NULL,
  PRIMARY KEY (plan_id, position)
);
CREATE TABLE IF NOT EXISTS progress_points (
  plan_id  TEXT NOT NULL,
  scope    TEXT NOT NULL,
  day      TEXT NOT NULL,
  progress REAL NOT NULL,
  PRIMARY KEY (plan_id, scope, day)
)`,
};
