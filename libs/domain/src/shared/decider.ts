import { DomainError } from './domain-error.js';

export type ActorRole = 'admin' | 'coordinator' | 'contributor' | 'auditor' | 'viewer';

/** Who asks, and when: the only source of time and identity a decider sees (never Date.now()). */
export interface CommandMetadata {
  now: Date;
  actorId: string;
  actorRole: ActorRole;
  reason?: string;
}

export interface Decider<C, E, S> {
  initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}

export interface DomainEvent<Type extends string, Data> {
  type: Type;
  data: Data;
}

export interface DomainCommand<Type extends string, Data> {
  type: Type;
  data: Data;
  metadata: CommandMetadata;
}

/** Folds past events into state, e.g. to rebuild a plan as of an instant. */
export function replay<C, E, S>(decider: Decider<C, E, S>, events: Iterable<E>): S {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}

/**
 * The end of every `evolve` switch: the `never` parameter makes a forgotten event type fail to compile,
 * while at run time an event the decider does not know (another module's event in the same stream, or one
 * from a newer version) leaves the state as it is instead of breaking every later load.
 */
export function ignoreUnknownEvent<S>(state: S, _event: never): S {
  return state;
}

/** The end of every `decide` switch: compile-time exhaustiveness, and a clear error for untyped callers. */
export function unknownCommand(command: never): never {
  const type = (command as { type?: unknown } | undefined)?.type;
  throw new DomainError('unknown_command', 'validation', `unknown command ${String(type)}`);
}

/** Drops keys whose value is undefined, so stored payloads and their hashes carry only what was given. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
