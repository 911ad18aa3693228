import { randomUUID } from 'node:crypto';
import type { EventToAppend } from '../../libs/event-store/src/index.js';

/** One append of one event: the stream, the revision it will get, and the event itself. */
export interface AppendOp {
  stream: string;
  /** Index of the stream in its workload; writers own the streams with index % writers === writer. */
  streamIndex: number;
  /** The revision the event gets: 0 for the stream's first append. */
  revision: number;
  event: EventToAppend;
}

const NOTES = [
  'Sprachkurs B1, Kohorte 3: 14 von 18 bestanden, Nachpruefung im Maerz.',
  'Beratungsstelle Nord: zwei Stellen besetzt, Sprechzeiten ab KW 12.',
  'Mentoring: 22 Tandems gebildet, Auftakttreffen am 4. April geplant.',
  'Kita-Bruecke: Raeume zugesagt, Betriebserlaubnis ist beantragt.',
];

const MUNICIPALITIES = Array.from({ length: 8 }, () => randomUUID());
const ACTORS = Array.from({ length: 40 }, () => randomUUID());

/** A ProgressReported event of about 300 bytes of JSON (data + metadata), with a client-made id. */
function progressReported(stream: string, streamIndex: number, revision: number): EventToAppend {
  const municipalityId = MUNICIPALITIES[streamIndex % MUNICIPALITIES.length]!;
  return {
    id: randomUUID(),
    type: 'ProgressReported',
    data: {
      measureId: stream.slice(-12),
      milestone: `M${(revision % 6) + 1}`,
      percentComplete: Math.min(100, revision * 10 + (streamIndex % 10)),
      note: NOTES[(streamIndex + revision) % NOTES.length]!,
    },
    metadata: {
      actorId: ACTORS[(streamIndex * 7 + revision) % ACTORS.length]!,
      municipalityId,
      correlationId: randomUUID(),
    },
  };
}

/**
 * `streams` streams with `perStream` events each, one event per append, in round-robin order (the first
 * event of every stream, then the second of every stream, …), so consecutive appends hit different streams.
 */
export function makeWorkload(prefix: string, streams: number, perStream: number): AppendOp[] {
  const names = Array.from({ length: streams }, () => `process-${prefix}-${randomUUID()}`);
  const ops: AppendOp[] = [];
  for (let revision = 0; revision < perStream; revision++) {
    names.forEach((stream, streamIndex) => {
      ops.push({ stream, streamIndex, revision, event: progressReported(stream, streamIndex, revision) });
    });
  }
  return ops;
}

/** Splits a workload among writers; each writer owns whole streams and keeps their order. */
export function splitAmongWriters(ops: readonly AppendOp[], writers: number): AppendOp[][] {
  const parts: AppendOp[][] = Array.from({ length: writers }, () => []);
  for (const op of ops) parts[op.streamIndex % writers]!.push(op);
  return parts;
}

/** Average size in bytes of an event's JSON (data + metadata) as the store writes it. */
export function averageJsonBytes(ops: readonly AppendOp[]): number {
  let total = 0;
  for (const { event } of ops) {
    total +=
      Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
  }
  return total / Math.max(1, ops.length);
}
