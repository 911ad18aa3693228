import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { conflict } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { AggregateCache } from './aggregate-cache.js';
import { recall, runCommand, type AnyDecider, type DomainEvent } from './aggregate-runner.js';
import { newCommandContext } from './command-context.js';

/** A door that can be opened and closed; knocking is only allowed while it is open. */
type Door = { open: boolean; knocks: number };
type DoorCommand = 'open' | 'close' | 'knock';
const door: AnyDecider<DoorCommand, DomainEvent, Door> = {
  initialState: { open: false, knocks: 0 },
  evolve: (state, event) =>
    event.type === 'Knocked'
      ? { ...state, knocks: state.knocks + 1 }
      : { ...state, open: event.type === 'Opened' },
  decide: (command, state) => {
    if (command === 'knock') {
      if (!state.open) throw conflict('door_closed', 'the door is closed');
      return [{ type: 'Knocked', data: {} }];
    }
    if (state.open === (command === 'open')) return [];
    return [{ type: command === 'open' ? 'Opened' : 'Closed', data: {} }];
  },
};

const context = (ifMatch?: bigint) =>
  newCommandContext({
    caller: { principal: { kind: 'admin', id: 'admin', role: 'admin' } },
    correlationId: 'test',
    ifMatch,
  });

describe('runCommand with the aggregate cache', () => {
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  /** Two api processes on one store: each has its own cache. */
  const run = (cache: AggregateCache, command: DoorCommand, ifMatch?: bigint) =>
    runCommand(
      { store, decider: door, stream: 'door-1', municipalityId: undefined, cache },
      context(ifMatch),
      () => command,
    );

  it('decides on the cached state without reading the stream', async () => {
    const cache = new AggregateCache();
    await run(cache, 'open');
    const reads = jest.spyOn(store, 'readStream');
    const outcome = await run(cache, 'knock');
    expect(reads).not.toHaveBeenCalled();
    expect(outcome.revision).toBe(1n);
  });

  it('reads and decides again when another process appended since the cache was filled', async () => {
    const here = new AggregateCache();
    const there = new AggregateCache();
    await run(here, 'open');
    await run(there, 'knock');
    const outcome = await run(here, 'knock');
    expect(outcome.revision).toBe(2n);
    expect(outcome.state.knocks).toBe(2);
    const types: string[] = [];
    for await (const e of store.readStream('door-1')) types.push(e.type);
    expect(types).toEqual(['Opened', 'Knocked', 'Knocked']);
  });

  it('confirms a refusal on cached state with a read before answering it', async () => {
    const here = new AggregateCache();
    const there = new AggregateCache();
    await run(here, 'open');
    await run(there, 'close');
    await run(there, 'open');
    await run(here, 'close'); // its cache says open at 0: the append fails, the read finds open at 2, closes
    await run(there, 'open'); // its cache says open at 2: "nothing to do" is checked on a read, then it opens
    const outcome = await run(here, 'knock'); // its cache says closed at 3, the store says open at 4
    expect(outcome.revision).toBe(5n);
    await run(there, 'close');
    await expect(run(here, 'knock')).rejects.toMatchObject({ code: 'door_closed' });
  });

  it('compares If-Match with the stored revision, not a cached one that is behind', async () => {
    const here = new AggregateCache();
    const there = new AggregateCache();
    await run(here, 'open');
    await run(there, 'knock');
    await expect(run(here, 'knock', 1n)).resolves.toMatchObject({ revision: 2n });
    await expect(run(there, 'knock', 1n)).rejects.toMatchObject({ status: 412 });
  });
});

describe('recall', () => {
  it('takes a cached state only while it is younger than the given age', async () => {
    const store = new SqliteEventStore({ path: ':memory:' });
    let now = 0;
    const here = new AggregateCache(100, () => now);
    const there = new AggregateCache(100, () => now);
    const target = { store, decider: door, stream: 'door-1', municipalityId: undefined };
    await runCommand({ ...target, cache: here }, context(), () => 'open');
    await runCommand({ ...target, cache: there }, context(), () => 'close');
    now = 1_000;
    expect(await recall(store, door, 'door-1', here, 1_000)).toMatchObject({
      state: { open: true },
      confirmed: false,
    });
    now = 1_001;
    expect(await recall(store, door, 'door-1', here, 1_000)).toMatchObject({
      state: { open: false },
      confirmed: true,
    });
    await store.close();
  });
});
