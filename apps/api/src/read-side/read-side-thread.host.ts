import { Worker } from 'node:worker_threads';
import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { EventStore } from '@app/event-store';
import type { HealthRegistry } from '@app/ops';
import type { PlanReader } from '@app/projections';

export type ThreadMessage = { type: 'ready' } | { type: 'stopped' };
type ThreadState = 'starting' | 'running' | 'restarting' | 'stopped';

const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
/** How long the api waits for its read side before it listens anyway (the thread keeps starting). */
const STARTUP_WAIT_MS = 30_000;

/**
 * Runs the read side (projections, reminder policy) on a worker thread of the api process. A thread that
 * dies is started again after a growing pause: its projections resume from their checkpoints, so no event
 * is skipped. /health reports the thread and how far the read models are behind the store.
 */
export class ReadSideThreadHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadSideThread');
  private worker?: Worker;
  private state: ThreadState = 'stopped';
  private restartDelayMs = FIRST_RESTART_DELAY_MS;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly threadConfig: AppConfig,
    private readonly entry: URL,
    store: EventStore,
    reader: PlanReader,
    health: HealthRegistry,
  ) {
    health.register({
      name: 'projections',
      required: false,
      check: async () => {
        const head = await store.headPosition();
        const position = await reader.projectedPosition();
        const behind = Number(head - position);
        const healthy = this.state === 'running' && behind <= 10_000;
        return {
          status: healthy ? 'up' : 'degraded',
          thread: this.state,
          position: position.toString(),
          behind,
        };
      },
    });
  }

  /** As with projections on the main thread, the api listens once its read side runs (or failed to start). */
  async onApplicationBootstrap(): Promise<void> {
    const worker = this.start();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        worker.on('message', (message: ThreadMessage) => message.type === 'ready' && resolve());
        worker.once('exit', () => resolve());
      }),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, STARTUP_WAIT_MS))),
    ]);
    clearTimeout(timer);
  }

  private start(): Worker {
    this.state = this.state === 'restarting' ? 'restarting' : 'starting';
    const worker = new Worker(this.entry, { workerData: { config: this.threadConfig } });
    this.worker = worker;
    worker.on('message', (message: ThreadMessage) => {
      if (message.type !== 'ready') return;
      this.state = 'running';
      this.restartDelayMs = FIRST_RESTART_DELAY_MS;
      this.logger.log('read side running on its thread');
    });
    worker.on('error', (error) => this.logger.error({ err: error }, 'read-side thread failed'));
    worker.on('exit', (code) => {
      if (this.worker !== worker || this.state === 'stopped') return;
      this.worker = undefined;
      this.state = 'restarting';
      this.logger.error({ code, restartInMs: this.restartDelayMs }, 'read-side thread ended; restarting');
      this.restartTimer = setTimeout(() => this.start(), this.restartDelayMs);
      this.restartDelayMs = Math.min(this.restartDelayMs * 2, MAX_RESTART_DELAY_MS);
    });
    return worker;
  }

  /** Asks the thread to finish its batch and close; ends it by force if it does not within the deadline. */
  async onApplicationShutdown(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.restartTimer);
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'stop' });
    const deadline = Math.max(500, this.threadConfig.shutdownTimeoutMs - 1_000);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadline)));
    const outcome = await Promise.race([exited, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.logger.warn({ deadlineMs: deadline }, 'read-side thread did not stop in time; ending it');
      await worker.terminate();
    }
  }
}
