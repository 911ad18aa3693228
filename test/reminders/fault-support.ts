/**
 * Shared by the reminder fault tests and the reminders benchmark: a redis-server of our own on a free port
 * (to kill and restart without touching the shared one on 6379), a webhook receiver that can hold requests
 * open, polling without timing assertions, and clean-up of a queue prefix on a shared Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/** Polls until `probe` gives something other than undefined/false; only the deadline fails the test. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A redis-server child without persistence (`--save "" --appendonly no`): SIGKILL loses everything, as a
 * crashed cache node would. start() again brings up an empty server on the same port.
 */
export class RedisChild {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private readonly dir = mkdtempSync(join(tmpdir(), 'ledger-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisChild> {
    // a port can be taken between freePort() and the bind: then try another one
    for (let attempt = 1; ; attempt++) {
      const redis = new RedisChild(await freePort());
      try {
        await redis.start();
        return redis;
      } catch (error) {
        redis.cleanUp();
        if (attempt >= 5) throw error;
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
        '--dir',
        this.dir,
        '--loglevel',
        'warning',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let gone = false;
    void exited.then(() => (gone = true));
    this.child = child;
    this.exited = exited;
    try {
      await until(
        `redis-server on port ${this.port}`,
        async () => {
          if (gone) throw new Error(`redis-server exited at start:\n${output}`);
          const probe = new Redis(this.url, {
            lazyConnect: true,
            maxRetriesPerRequest: 0,
            retryStrategy: () => null,
          });
          probe.on('error', () => undefined);
          try {
            await probe.connect();
            return (await probe.ping()) === 'PONG';
          } catch {
            return false;
          } finally {
            probe.disconnect();
          }
        },
        20_000,
        50,
      );
    } catch (error) {
      await this.kill();
      throw error;
    }
  }

  /** SIGKILL: no shutdown save, every key is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }

  async stop(): Promise<void> {
    await this.kill();
    this.cleanUp();
  }

  private cleanUp(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Deletes every key of one BullMQ prefix (never FLUSHALL: the Redis on 6379 is shared). */
export async function deletePrefix(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export interface HeldHook {
  headers: IncomingMessage['headers'];
  body: string;
  /** true when this request was held open instead of answered */
  held: boolean;
  /** resolves when the caller's connection went away (e.g. the process was killed) */
  closed: Promise<void>;
}

/**
 * A webhook receiver that holds the first `holdFirst` requests open without answering (as a hanging
 * endpoint would) and answers every later one with 204.
 */
export async function startHoldingHookReceiver(holdFirst = 1) {
  const hooks: HeldHook[] = [];
  const open = new Set<ServerResponse>();
  let toHold = holdFirst;
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const held = toHold > 0;
      if (held) toHold -= 1;
      const closed = new Promise<void>((resolve) => response.once('close', () => resolve()));
      hooks.push({ headers: request.headers, body, held, closed });
      if (held) {
        open.add(response);
        void closed.then(() => open.delete(response));
        return;
      }
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    hooks,
    close: async () => {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
