/**
 * What append-loop.child.ts prints on stdout, one JSON object per line. Revisions and positions are
 * decimal strings (JSON has no bigint). A `try` line is written (synchronously: stdout is a pipe) before
 * the append is issued, an `ack` line only after the append's promise resolved.
 */
export const CRASH_STREAMS = 8;
export const CRASH_EVENT_TYPE = 'CrashProbe';

export function crashStreamName(index: number): string {
  return `crash-${index}`;
}

export type ChildLine =
  | { t: 'ready'; heads: Record<string, string | null> }
  | { t: 'try'; stream: string; ids: string[]; expected: string }
  | { t: 'ack'; stream: string; ids: string[]; nextRevision: string; position: string };

export function formatLine(line: ChildLine): string {
  return `${JSON.stringify(line)}\n`;
}
