/**
 * The turn protocol over the shared `turns` cell: the runner asks (ASKED), the thread answers between two
 * chunks (YIELDED) and waits until the runner is done (RUNNING); ENDED once the thread has no more to write.
 */
export const TURN = { RUNNING: 0, ASKED: 1, YIELDED: 2, ENDED: 3 } as const;

/**
 * What a bulk-load thread runs (see BulkLane). Source text, not a module file: the thread must start the same
 * way from the TypeScript sources (tests), the compiled apps and the bundled CLI, and it needs nothing but the
 * SQLite driver and the SQL it is handed. Every chunk's rows commit together with the projection's
 * checkpoint, so a thread stopped at any moment leaves the read models as consistent as a runner does.
 */
export const BULK_LOAD_THREAD = `
const { parentPort, workerData: job } = require('node:worker_threads');
const Database = require(job.driver);
const db = new Database(job.readModels);
for (const pragma of job.pragmas) db.pragma(pragma);
// the events in a file of their own (the default) are attached; in the same file they are there already
if (job.attachAs) {
  db.prepare('ATTACH DATABASE ? AS ' + job.attachAs).run(job.events);
  // the events are read once, in order: a small cache is enough
  db.pragma(job.attachAs + '.cache_size = -256');
}
// the portable $n placeholders as named ones: better-sqlite3 binds an object by name
const prepare = (text) => db.prepare(text.replace(/\\$(\\d+)/g, '@p$1'));
const bind = (...values) => Object.fromEntries(values.map((value, i) => ['p' + (i + 1), value]));
const insert = prepare(job.load.insert);
const checkpoint = prepare(job.checkpoint);
const turns = new Int32Array(job.turns);
// SQLite's write lock is not fair: a writer that commits and begins again at once starves the others. The
// runner asks for its turns; anyone else finds the lock free in a short gap after each chunk.
const giveWay = () => {
  Atomics.wait(turns, 0, ${TURN.RUNNING}, job.gapMs);
  if (Atomics.compareExchange(turns, 0, ${TURN.ASKED}, ${TURN.YIELDED}) !== ${TURN.ASKED}) return;
  Atomics.notify(turns, 0);
  while (Atomics.load(turns, 0) === ${TURN.YIELDED}) Atomics.wait(turns, 0, ${TURN.YIELDED});
};
// a chunk is written in steps, and ends early when the runner asks for its turn: it waits a step, not a chunk
const writeChunk = db.transaction((from) => {
  const end = Math.min(job.to, from + job.chunk);
  let at = from;
  while (at < end) {
    const next = Math.min(end, at + job.step);
    insert.run(bind(at, next));
    at = next;
    if (Atomics.load(turns, 0) === ${TURN.ASKED}) break;
  }
  checkpoint.run(bind(job.name, at, new Date().toISOString()));
  return at;
});
for (const statement of job.load.before) db.exec(statement);
for (let from = job.from; from < job.to; ) {
  from = writeChunk.immediate(from);
  parentPort.postMessage({ at: from });
  giveWay();
}
// by now the runner has mostly folded its part: SQLite may sort the indexes on a second thread
db.pragma('threads = 2');
for (const statement of job.load.after) {
  db.exec(statement);
  giveWay();
}
db.close();
Atomics.store(turns, 0, ${TURN.ENDED});
Atomics.notify(turns, 0);
parentPort.postMessage({ done: true });
`;
