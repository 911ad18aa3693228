import type { EventStore } from '@app/event-store';
import { ConcurrencyError } from '@app/event-store';
import { ProblemException } from '../http/problem.js';
import type { AggregateCache } from './aggregate-cache.js';
import { eventIdFor, eventMetadata, type CommandContext } from './command-context.js';

export interface DomainEvent {
  type: string;
  data: unknown;
}

export interface AnyDecider<C, E extends DomainEvent, S> {
  initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}

export interface Loaded<S> {
  state: S;
  /** undefined: the stream does not exist yet. */
  revision?: bigint;
}

export interface CommandOutcome<S> {
  revision: bigint;
  position: bigint;
  state: S;
  events: DomainEvent[];
}

const MAX_ATTEMPTS = 5;

/** Folds a stream into state, starting from the cached state where there is one. */
export async function load<C, E extends DomainEvent, S>(
  store: EventStore,
  decider: AnyDecider<C, E, S>,
  stream: string,
  cache?: AggregateCache,
): Promise<Loaded<S>> {
  const cached = cache?.get<S>(stream);
  let state = cached?.state ?? decider.initialState;
  let revision = cached?.revision;
  const from = revision === undefined ? undefined : revision + 1n;
  for await (const recorded of store.readStream(stream, { fromRevision: from })) {
    state = decider.evolve(state, { type: recorded.type, data: recorded.data } as E);
    revision = recorded.revision;
  }
  if (revision !== undefined) cache?.set(stream, revision, state);
  return { state, revision };
}

/**
 * Load, decide, append with the revision read. A concurrent writer makes the append fail: then decide
 * again on the fresh state (bounded), unless the client pinned a revision with If-Match (412).
 * `command` may be built from the loaded state (for facts a decider needs from elsewhere).
 */
export interface RunTarget<C, E extends DomainEvent, S> {
  store: EventStore;
  decider: AnyDecider<C, E, S>;
  stream: string;
  municipalityId: string | undefined;
  cache?: AggregateCache;
}

export async function runCommand<C, E extends DomainEvent, S>(
  { store, decider, stream, municipalityId, cache }: RunTarget<C, E, S>,
  context: CommandContext,
  command: (loaded: Loaded<S>) => Promise<C> | C,
): Promise<CommandOutcome<S>> {
  for (let attempt = 1; ; attempt++) {
    const loaded = await load(store, decider, stream, cache);
    if (context.ifMatch !== undefined && loaded.revision !== context.ifMatch) throw stale(loaded.revision);
    const events = decider.decide(await command(loaded), loaded.state);
    if (events.length === 0) {
      // nothing to record (the decider found the command already satisfied): answer with where things stand
      return {
        revision: loaded.revision ?? -1n,
        position: await store.headPosition(),
        state: loaded.state,
        events,
      };
    }
    const metadata = eventMetadata(context, municipalityId);
    const toAppend = events.map((e, i) => ({
      id: eventIdFor(context, stream, i),
      type: e.type,
      data: e.data,
      metadata,
    }));
    try {
      const result = await store.append(stream, toAppend, {
        expectedRevision: loaded.revision ?? 'no_stream',
      });
      const state = events.reduce(decider.evolve, loaded.state);
      cache?.set(stream, result.nextRevision, state);
      return { revision: result.nextRevision, position: result.position, state, events };
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      if (context.ifMatch !== undefined) throw stale(undefined);
      if (attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

function stale(current: bigint | undefined): ProblemException {
  const detail =
    current === undefined
      ? 'the target changed since the revision in If-Match'
      : `If-Match does not match the current revision ${current}`;
  return new ProblemException(412, 'precondition_failed', detail);
}
