import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { collect, event, streamName } from '../contract/contract-helpers.js';
import { ConcurrencyError, DuplicateEventIdError } from '../errors.js';
import { verifyStream } from '../hash-chain.js';
import { SqliteEventStore } from './sqlite.event-store.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-group-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Appends issued in one turn of the event loop share one transaction, without a savepoint each: a refused
 * append must have written nothing, and an unexpected error must fail only its own append.
 */
describe('SQLite group commit', () => {
  let store: SqliteEventStore;
  let file = 0;
  beforeEach(() => {
    store = new SqliteEventStore({ path: join(dir, `events-${++file}.db`) });
  });
  afterEach(() => store.close());

  const positions = () =>
    store.db
      .prepare<[], { position: number }>('SELECT position FROM events ORDER BY position')
      .all()
      .map((r) => r.position);

  it('answers each append of one batch on its own and leaves no trace of the refused ones', async () => {
    const [taken, other] = [streamName('plan'), streamName('plan')];
    const stored = event('Stored');
    const first = await store.append(taken, [stored], { expectedRevision: 'no_stream' });
    const twice = event('Twice');
    const outcomes = await Promise.allSettled([
      store.append(taken, [event('Stale')], { expectedRevision: 'no_stream' }),
      store.append(taken, [stored], { expectedRevision: 'no_stream' }),
      store.append(other, [stored], { expectedRevision: 'any' }),
      store.append(other, [event('A'), event('B')], { expectedRevision: 'no_stream' }),
      store.append(other, [event('C'), stored], { expectedRevision: 1n }),
      store.append(taken, [twice], { expectedRevision: 0n }),
      store.append(taken, [twice], { expectedRevision: 0n }),
      store.append(other, [event('D')], { expectedRevision: 1n }),
    ]);
    const answers = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason));
    expect(answers[0]).toBeInstanceOf(ConcurrencyError);
    expect(answers[1]).toEqual(first);
    expect(answers[2]).toBeInstanceOf(DuplicateEventIdError);
    expect(answers[3]).toEqual({ nextRevision: 1n, position: 3n });
    expect(answers[4]).toBeInstanceOf(DuplicateEventIdError);
    expect(answers[5]).toEqual({ nextRevision: 1n, position: 4n });
    expect(answers[6]).toEqual(answers[5]);
    expect(answers[7]).toEqual({ nextRevision: 2n, position: 5n });
    expect((await collect(store.readStream(taken))).map((e) => e.type)).toEqual(['Stored', 'Twice']);
    expect((await collect(store.readStream(other))).map((e) => e.type)).toEqual(['A', 'B', 'D']);
    expect(positions()).toEqual([1, 2, 3, 4, 5]);
    expect((await verifyStream(other, store.readStream(other))).ok).toBe(true);
  });

  it('rolls back a batch on an unexpected error and replays it, failing only the append at fault', async () => {
    store.db.exec(`CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison'
                   BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);
    const [a, poisoned, b] = [streamName('a'), streamName('poisoned'), streamName('b')];
    const outcomes = await Promise.allSettled([
      store.append(a, [event('A')], { expectedRevision: 'no_stream' }),
      store.append(poisoned, [event('Fine'), event('Poison')], { expectedRevision: 'no_stream' }),
      store.append(poisoned, [event('Poison')], { expectedRevision: 'any' }),
      store.append(b, [event('B1'), event('B2')], { expectedRevision: 'no_stream' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/poisoned/);
    expect(await collect(store.readStream(poisoned))).toEqual([]);
    expect((await collect(store.readStream(b))).map((e) => [e.type, e.position])).toEqual([
      ['B1', 2n],
      ['B2', 3n],
    ]);
    expect(positions()).toEqual([1, 2, 3]);
    expect(await store.append(poisoned, [event('Later')], { expectedRevision: 'no_stream' })).toEqual({
      nextRevision: 0n,
      position: 4n,
    });
  });

  it('decides on the stored head when another process has appended since', async () => {
    const elsewhere = new SqliteEventStore({ path: join(dir, `events-${file}.db`) });
    try {
      const [s, t] = [streamName('plan'), streamName('plan')];
      await store.append(s, [event('Mine')], { expectedRevision: 'no_stream' });
      await elsewhere.append(s, [event('Theirs')], { expectedRevision: 0n });
      await elsewhere.append(t, [event('Theirs')], { expectedRevision: 'no_stream' });
      const answers = await Promise.allSettled([
        store.append(s, [event('Stale')], { expectedRevision: 0n }),
        store.append(s, [event('X'), event('Y')], { expectedRevision: 0n }),
        store.append(t, [event('New')], { expectedRevision: 'no_stream' }),
      ]);
      for (const answer of answers) {
        expect(answer).toMatchObject({ status: 'rejected', reason: expect.any(ConcurrencyError) });
      }
      expect((answers[0] as PromiseRejectedResult).reason).toMatchObject({ actual: 1n });
      expect((answers[2] as PromiseRejectedResult).reason).toMatchObject({ actual: 0n });
      expect(await store.append(s, [event('Next')], { expectedRevision: 1n })).toMatchObject({
        nextRevision: 2n,
      });
      expect((await collect(store.readStream(s))).map((e) => e.type)).toEqual(['Mine', 'Theirs', 'Next']);
      expect((await verifyStream(s, store.readStream(s))).ok).toBe(true);
    } finally {
      await elsewhere.close();
    }
  });

  it('answers an append that commits alone, without a transaction, as one in a batch', async () => {
    store.db.exec(`CREATE TRIGGER poison BEFORE INSERT ON events WHEN NEW.type = 'Poison'
                   BEGIN SELECT RAISE(ABORT, 'poisoned'); END`);
    const elsewhere = new SqliteEventStore({ path: join(dir, `events-${file}.db`) });
    try {
      const [s, t] = [streamName('plan'), streamName('plan')];
      const mine = event('Mine');
      const first = await store.append(s, [mine], { expectedRevision: 'no_stream' });
      expect(await store.append(s, [mine], { expectedRevision: 'no_stream' })).toEqual(first);
      await expect(store.append(t, [mine], { expectedRevision: 'any' })).rejects.toThrow(
        DuplicateEventIdError,
      );
      await expect(store.append(s, [event('Again')], { expectedRevision: 'no_stream' })).rejects.toThrow(
        ConcurrencyError,
      );
      // SqliteError may come from another realm than the test's Error: compare its text
      const poisoned: unknown = await store
        .append(s, [event('Poison')], { expectedRevision: 0n })
        .catch(String);
      expect(poisoned).toMatch(/poisoned/);
      // another process moves the stream on: this store's cached head (revision 0) is stale
      await elsewhere.append(s, [event('Theirs')], { expectedRevision: 0n });
      await expect(store.append(s, [event('Stale')], { expectedRevision: 0n })).rejects.toMatchObject({
        actual: 1n,
      });
      await elsewhere.append(s, [event('Theirs again')], { expectedRevision: 1n });
      expect(await store.append(s, [event('Any')], { expectedRevision: 'any' })).toEqual({
        nextRevision: 3n,
        position: 4n,
      });
      expect(await store.append(s, [event('Exact')], { expectedRevision: 3n })).toMatchObject({
        nextRevision: 4n,
      });
      const types = (await collect(store.readStream(s))).map((e) => e.type);
      expect(types).toEqual(['Mine', 'Theirs', 'Theirs again', 'Any', 'Exact']);
      expect((await verifyStream(s, store.readStream(s))).ok).toBe(true);
      expect(positions()).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await elsewhere.close();
    }
  });
});
