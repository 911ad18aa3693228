import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../../../../test/support/postgres.js';
import { collect, event, streamName } from '../contract/contract-helpers.js';
import { ConcurrencyError, DuplicateEventIdError, InvalidEventError } from '../errors.js';
import { verifyStream } from '../hash-chain.js';
import { PostgresEventStore } from './postgres.event-store.js';

/**
 * Appends that arrive while one is being written go together in one statement: each must still get its
 * own answer, and a refusal or a failing statement must not cost the others their write or leave a gap.
 */
describe('PostgreSQL group commit', () => {
  const schema = freshSchemaName('group');
  let store: PostgresEventStore;
  let other: PostgresEventStore;
  beforeAll(async () => {
    const open = () => PostgresEventStore.open({ connectionString: testDatabaseUrl(), schema });
    store = await open();
    other = await open();
  });
  afterAll(async () => {
    await store.close();
    await other.close();
    await dropSchema(schema);
  });

  /** Appends once so that the next appends queue behind it and go as one batch. */
  async function together<T>(appends: () => Array<Promise<T>>): Promise<Array<PromiseSettledResult<T>>> {
    const first = store.append(streamName('opener'), [event('Opener')], { expectedRevision: 'no_stream' });
    const rest = Promise.allSettled(appends());
    await first;
    return rest;
  }

  const positionsAfter = async (start: bigint) =>
    (await store.readAll({ after: start, limit: 1_000 })).map((e) => e.position);

  it('answers each append of a batch on its own and refuses without writing', async () => {
    const start = await store.headPosition();
    const [taken, fresh] = [streamName('plan'), streamName('plan')];
    const stored = event('Stored');
    const first = await store.append(taken, [stored], { expectedRevision: 'no_stream' });
    const twice = event('Twice');
    const outcomes = await together(() => [
      store.append(taken, [event('Stale')], { expectedRevision: 'no_stream' }),
      store.append(taken, [stored], { expectedRevision: 'no_stream' }),
      store.append(fresh, [event('A'), event('B')], { expectedRevision: 'no_stream' }),
      store.append(taken, [twice], { expectedRevision: 0n }),
      store.append(taken, [twice], { expectedRevision: 0n }),
      store.append(fresh, [event('C')], { expectedRevision: 1n }),
      store.append(fresh, [event('D')], { expectedRevision: 'any' }),
    ]);
    const answers = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason));
    expect(answers[0]).toBeInstanceOf(ConcurrencyError);
    expect(answers[1]).toEqual(first);
    expect(answers[2]).toMatchObject({ nextRevision: 1n });
    expect(answers[3]).toMatchObject({ nextRevision: 1n });
    expect(answers[4]).toEqual(answers[3]);
    expect(answers[5]).toMatchObject({ nextRevision: 2n });
    expect(answers[6]).toMatchObject({ nextRevision: 3n });
    const [storedTaken, storedFresh] = [
      await collect(store.readStream(taken)),
      await collect(store.readStream(fresh)),
    ];
    expect(storedTaken.map((e) => e.type)).toEqual(['Stored', 'Twice']);
    expect(storedFresh.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
    // written by one statement: one instant for all
    expect(new Set([storedTaken[1]!, ...storedFresh].map((e) => e.recordedAt.getTime())).size).toBe(1);
    expect((await verifyStream(fresh, store.readStream(fresh))).ok).toBe(true);
    const positions = await positionsAfter(start);
    expect(positions).toEqual(positions.map((_, i) => start + 1n + BigInt(i)));
  });

  it('fails only the append the server refuses, and sees through a head another process moved', async () => {
    const start = await store.headPosition();
    const [moved, bad, good] = [streamName('moved'), streamName('bad'), streamName('good')];
    const stored = event('Stored');
    await store.append(streamName('plan'), [stored], { expectedRevision: 'no_stream' });
    await store.append(moved, [event('Mine')], { expectedRevision: 'no_stream' });
    await other.append(moved, [event('Theirs')], { expectedRevision: 0n });
    const outcomes = await together(() => [
      store.append(good, [event('G1')], { expectedRevision: 'no_stream' }),
      // jsonb cannot hold \u0000: PostgreSQL refuses the statement
      store.append(bad, [event('Bad', { text: 'nul \u0000' })], { expectedRevision: 'no_stream' }),
      store.append(moved, [event('Stale')], { expectedRevision: 0n }),
      store.append(moved, [event('Any')], { expectedRevision: 'any' }),
      store.append(good, [event('G2')], { expectedRevision: 0n }),
      store.append(good, [stored], { expectedRevision: 'any' }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    expect((outcomes[5] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidEventError);
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ actual: 1n });
    expect((await collect(store.readStream(moved))).map((e) => e.type)).toEqual(['Mine', 'Theirs', 'Any']);
    expect((await collect(store.readStream(good))).map((e) => e.type)).toEqual(['G1', 'G2']);
    expect(await collect(store.readStream(bad))).toEqual([]);
    expect((await verifyStream(moved, store.readStream(moved))).ok).toBe(true);
    const positions = await positionsAfter(start);
    expect(positions).toEqual(positions.map((_, i) => start + 1n + BigInt(i)));
  });
});
