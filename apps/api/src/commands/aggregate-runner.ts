import type { EventStore } from '@app/event-store';
import { DomainError } from '@app/domain';
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
  /** false: taken from the cache without a read, so possibly behind what another process appended. */
  confirmed: boolean;
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
  return { state, revision, confirmed: true };
}

/**
 * The cached state without a read when there is one (confirmed within `maxAgeMs`), else `load`. Only for
 * what a check catches when it is behind: the append's expected revision, or a short `maxAgeMs`.
 */
export async function recall<C, E extends DomainEvent, S>(
  store: EventStore,
  decider: AnyDecider<C, E, S>,
  stream: string,
  cache: AggregateCache,
  maxAgeMs = Number.POSITIVE_INFINITY,
): Promise<Loaded<S>> {
  const cached = cache.get<S>(stream);
  if (cached && cache.isFresh(cached, maxAgeMs))
    return { state: cached.state, revision: cached.revision, confirmed: false };
  return load(store, decider, stream, cache);
}

/**
 * Decide, append with the revision the decision was made on. The first attempt decides on the cached state
 * without reading the stream; if another process appended meanwhile, the append fails with a
 * ConcurrencyError and the next attempt reads first. A refusal, an If-Match mismatch or "nothing to do"
 * found on cached state is confirmed on a read before it is answered. A concurrent writer makes the append
 * fail: then decide again on the fresh state (bounded), unless the client pinned a revision with If-Match
 * (412). `command` may be built from the loaded state (for facts a decider needs from elsewhere); `trusting`
 * says whether it may take those from the cache too.
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
  command: (loaded: Loaded<S>, trusting: boolean) => Promise<C> | C,
): Promise<CommandOutcome<S>> {
  let trusting = cache !== undefined;
  for (let attempt = 1; ; trusting = false) {
    const loaded = trusting
      ? await recall(store, decider, stream, cache!)
      : await load(store, decider, stream, cache);
    if (context.ifMatch !== undefined && loaded.revision !== context.ifMatch) {
      if (trusting) continue;
      throw stale(loaded.revision);
    }
    let events: E[];
    try {
      events = decider.decide(await command(loaded, trusting), loaded.state);
    } catch (error) {
      if (trusting && error instanceof DomainError) continue; // perhaps refused on facts that are behind
      throw error;
    }
    if (events.length === 0) {
      if (trusting) continue;
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
      if (!trusting && attempt++ >= MAX_ATTEMPTS) throw error;
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
