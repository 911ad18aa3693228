/**
 * The event store port. Every adapter (sqlite, postgres, esdb) implements it and passes the shared
 * contract suite in ./contract. Revisions count from 0 within a stream; positions order all events of
 * the store and grow strictly (sqlite and postgres: 1, 2, 3, … without gaps).
 */
export type Revision = bigint;
export type Position = bigint;
export type ExpectedRevision = 'no_stream' | 'any' | Revision;

export interface EventMetadata {
  actorId?: string;
  actorRole?: string;
  municipalityId?: string;
  commandId?: string;
  correlationId?: string;
  causationId?: string;
  reason?: string;
  occurredAt?: string;
  [key: string]: unknown;
}

export interface EventToAppend<T extends string = string, D = unknown> {
  /** Client-made UUID: a retried append with the same ids adds nothing. Generated when missing. */
  id?: string;
  type: T;
  schemaVersion?: number;
  data: D;
  metadata?: EventMetadata;
}

export interface RecordedEvent<T extends string = string, D = unknown> {
  id: string;
  type: T;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
  streamId: string;
  revision: Revision;
  position: Position;
  recordedAt: Date;
  prevHash: string;
  hash: string;
  /**
   * `data` and `recordedAt` as the stored text, where a store keeps them as text (the embedded one): a
   * projection that stores them again as text copies these instead of serialising once more.
   */
  dataJson?: string;
  recordedAtIso?: string;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the last event now in the stream: pass it as expectedRevision next time. */
  nextRevision: Revision;
  /** The global position of the last appended event. */
  position: Position;
}

export interface ReadStreamOptions {
  fromRevision?: Revision;
  toRevision?: Revision;
  /** Only events recorded at or before this instant. */
  until?: Date;
  direction?: 'forwards' | 'backwards';
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Events strictly after this position; from the start when missing. */
  after?: Position;
  limit: number;
}

export interface SubscribeOptions {
  after?: Position;
  signal: AbortSignal;
}

export interface StreamHead {
  revision: Revision;
  hash: string;
}

export interface EventStore {
  readonly kind: 'sqlite' | 'postgres' | 'esdb';
  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /** Yields nothing for a stream that does not exist. */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up from `after`, then live; ends when the signal aborts. */
  subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent>;
  /** The last position written, 0n when empty. */
  headPosition(): Promise<Position>;
  /** Cheap round trip for readiness checks; throws when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
