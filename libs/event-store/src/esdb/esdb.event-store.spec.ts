import { describe, it } from '@jest/globals';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { EsdbEventStore } from './esdb.event-store.js';

// the one test setting read from the environment: where an EventStoreDB server runs, if anywhere
const url = process.env.EVENTSTORE_URL;

if (url) {
  describeEventStoreContract('esdb', {
    open: async () => EsdbEventStore.connect(url),
    // the log is append-only: there is no way to change or delete one event in place, so those two
    // checks of the verifier are proven on sqlite and postgres
    consecutivePositions: false,
    globalEventIds: false,
  });
} else {
  describe('EventStore contract: esdb', () => {
    it.skip('SKIPPED: no EVENTSTORE_URL set (e.g. EVENTSTORE_URL=esdb://localhost:2113?tls=false); the esdb adapter was not run against a server', () =>
      undefined);
  });
  process.stdout.write(
    'EventStore contract for esdb skipped: set EVENTSTORE_URL to run it against a server\n',
  );
}
