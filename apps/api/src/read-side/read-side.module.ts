import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { READER_PAGE_CACHE_KB } from '@app/event-store';
import { OpsModule } from '@app/ops';
import { ProjectionsModule } from '@app/projections';
import { RemindersModule } from '@app/reminders';

/**
 * What the api's read-side thread hosts: the projection runner and the reminder policy, with a store and a
 * read-model connection of their own. It plays the worker's part inside the api process.
 */
@Module({})
export class ReadSideModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ReadSideModule,
      imports: [
        OpsModule.forRoot(config, 'api-read-side'),
        RemindersModule.forProcess('worker', config),
        ProjectionsModule.forProcess('worker'),
      ],
    };
  }
}

/** How often the thread's store looks for appends made by the main thread's connection. */
const THREAD_POLL_MS = 20;

/**
 * The configurations of the two halves: the main thread runs no projections; the thread runs them (as the
 * worker would) and leaves reminder delivery to the main thread, where it ran before.
 */
export function splitReadSide(config: AppConfig): { main: AppConfig; thread: AppConfig } {
  const eventStore =
    config.eventStore.kind === 'sqlite'
      ? { ...config.eventStore, pollIntervalMs: THREAD_POLL_MS, pageCacheKb: READER_PAGE_CACHE_KB }
      : config.eventStore;
  return {
    main: { ...config, projectionsIn: 'none' },
    thread: {
      ...config,
      eventStore,
      projectionsIn: 'worker',
      reminders: { ...config.reminders, deliverIn: config.reminders.deliverIn.filter((p) => p === 'api') },
    },
  };
}

/** The api hands its read side to a thread when it runs the projections and the thread is not switched off. */
export function readSideOnThread(config: AppConfig): boolean {
  return config.projectionsIn === 'api' && config.projectionsThread;
}

/** The thread's entry, next to this file in the build (dist) as in the sources. */
export const READ_SIDE_THREAD_ENTRY = new URL('./read-side.thread.js', import.meta.url);
