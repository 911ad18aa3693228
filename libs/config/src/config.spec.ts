import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseConfig } from './config.js';

describe('configuration', () => {
  it('starts on the embedded store with nothing set', () => {
    const config = parseConfig({});
    expect(config.eventStore).toEqual({ kind: 'sqlite', sqlitePath: './data/ledger.db' });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('reads PostgreSQL settings', () => {
    const config = parseConfig({
      EVENT_STORE: 'postgres',
      DATABASE_URL: 'postgres://u@db:5432/ledger',
      PORT: '8080',
    });
    expect(config.eventStore).toEqual({
      kind: 'postgres',
      databaseUrl: 'postgres://u@db:5432/ledger',
      schema: 'ledger',
    });
    expect(config.readModels).toMatchObject({ kind: 'postgres' });
    expect(config.http.port).toBe(8080);
  });

  it('treats an empty variable as unset', () => {
    expect(parseConfig({ PORT: '' }).http.port).toBe(3000);
  });

  it.each([
    ['EVENT_STORE', { EVENT_STORE: 'mongo' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { EVENT_STORE: 'postgres' }],
    ['DATABASE_URL', { EVENT_STORE: 'postgres', DATABASE_URL: 'mysql://x' }],
    ['EVENTSTORE_URL', { EVENT_STORE: 'esdb', DATABASE_URL: 'postgres://x/y' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
  ])('names the bad variable %s', (name, env) => {
    let error: unknown;
    try {
      parseConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.some((p) => p.startsWith(`${name}=`))).toBe(true);
  });
});
