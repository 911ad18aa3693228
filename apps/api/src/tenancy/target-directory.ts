import type { EventStore } from '@app/event-store';
import type { TenancyStore } from './tenancy.store.js';

const STREAM_PREFIX = { plan: 'plan-', measure: 'measure-', meeting: 'meeting-' } as const;

/**
 * Which municipality owns a plan, measure or meeting: read from the first event of its stream (every event
 * carries municipalityId in its metadata) and cached, since ownership never changes.
 */
export class TargetDirectory {
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly store: EventStore,
    private readonly tenancy: TenancyStore,
    private readonly capacity = 50_000,
  ) {}

  async ownerOf(kind: 'municipality' | keyof typeof STREAM_PREFIX, id: string): Promise<string | undefined> {
    if (kind === 'municipality') return (await this.tenancy.municipality(id))?.id;
    const stream = `${STREAM_PREFIX[kind]}${id}`;
    const cached = this.owners.get(stream);
    if (cached) return cached;
    for await (const event of this.store.readStream(stream, { maxCount: 1 })) {
      const owner = event.metadata.municipalityId;
      if (typeof owner !== 'string') return undefined;
      this.remember(stream, owner);
      return owner;
    }
    return undefined;
  }

  /** Called by command handlers that create a stream, so that the next request needs no read. */
  remember(stream: string, municipalityId: string): void {
    if (this.owners.size >= this.capacity) this.owners.clear();
    this.owners.set(stream, municipalityId);
  }
}
