// Test support for the specs (not exported from index.ts, so production code never loads jest).
import { expect } from '@jest/globals';
import type { CommandMetadata, Decider } from './decider.js';
import { DomainError, type DomainErrorKind } from './domain-error.js';

export interface Scenario<C, E, S> {
  /** The state the past events fold into. */
  state: S;
  when(command: C): Outcome<E, S>;
}

export interface Outcome<E, S> {
  /** The command records exactly these events; returns the state after them. */
  then(expected: E[]): S;
  /** The command is refused with this code (and, when given, this kind). */
  thenThrows(code: string, kind?: DomainErrorKind): DomainError;
}

/** Given (past events) / When (command) / Then (new events, or the error code). */
export function scenarios<C, E, S>(decider: Decider<C, E, S>): (events?: E[]) => Scenario<C, E, S> {
  return (events = []) => {
    const state = events.reduce((s, e) => decider.evolve(s, e), decider.initialState);
    return {
      state,
      when: (command) => ({
        then(expected) {
          const actual = decider.decide(command, state);
          expect(actual).toStrictEqual(expected);
          // evolving what was decided must work as well: it is what the next load will do
          return actual.reduce((s, e) => decider.evolve(s, e), state);
        },
        thenThrows(code, kind) {
          let thrown: unknown;
          try {
            decider.decide(command, state);
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          const error = thrown as DomainError;
          expect(error.code).toBe(code);
          if (kind) expect(error.kind).toBe(kind);
          return error;
        },
      }),
    };
  };
}

interface AnyCommand {
  type: string;
  data: unknown;
  metadata: CommandMetadata;
}

/** Typed command builders for specs: `command('DefineGoal', {...})`, with the metadata given once. */
export function commandsOf<C extends AnyCommand>(metadata: CommandMetadata) {
  return <T extends C['type']>(
    type: T,
    data: Extract<C, { type: T }>['data'],
    meta: CommandMetadata = metadata,
  ): C => ({ type, data, metadata: meta }) as unknown as C;
}

/** For specs that pass what the types forbid, as an untyped client could. */
export function untyped<T>(value: unknown): T {
  return value as T;
}

/** 10 March 2026, 10:00 in Germany: "today" is 2026-03-10 there. */
export const NOW = new Date('2026-03-10T09:00:00Z');
export const TODAY = '2026-03-10';
export const TOMORROW = '2026-03-11';

export const coordinator: CommandMetadata = { now: NOW, actorId: 'member-coord', actorRole: 'coordinator' };
export const contributor: CommandMetadata = { now: NOW, actorId: 'member-contrib', actorRole: 'contributor' };

export const MUNICIPALITY_ID = 'muni-1';
export const PLAN_ID = 'plan-1';

export function longText(length: number): string {
  return 'x'.repeat(length);
}
