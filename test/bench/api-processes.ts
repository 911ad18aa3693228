import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** The only host the bench ever sends traffic to. */
export const BENCH_HOST = '127.0.0.1';

/** A port that was free a moment ago on 127.0.0.1 (the child binds it right after). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, BENCH_HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** stdout and stderr so far (a warn-level server says little; anything here is worth reading). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Kills whatever children are still running: for the deadline and for errors. Only our own children. */
export function killAll(): void {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * Starts `node <args>` with exactly `env` (plus PATH), and resolves once `GET <url><readyPath>` answers 200.
 * Rejects when the child exits first or is not ready within `timeoutMs`.
 */
export async function startServer(
  name: string,
  nodeArgs: string[],
  env: Record<string, string>,
  port: number,
  { readyPath = '/health/live', timeoutMs = 30_000 } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, nodeArgs, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const url = `http://${BENCH_HOST}:${port}`;
  const startedAt = Date.now();
  for (;;) {
    if (gone) throw new Error(`${name} exited with ${child.exitCode} before it was ready:\n${output}`);
    if (Date.now() - startedAt > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${output}`);
    }
    try {
      const res = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }

  return {
    name,
    url,
    child,
    output: () => output,
    async stop(graceMs = 15_000) {
      if (gone) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

let clockTicks: number | undefined;

/** user + system CPU seconds of a process so far, from /proc (Linux). */
export function processCpuSeconds(pid: number): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // the command name may hold spaces: the fields after it start behind the last ')'
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** Busy CPU seconds of the whole machine so far (all cores: user, nice, system, irq, softirq), from /proc/stat. */
export function machineBusySeconds(): number {
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [, user, nice, system, , , irq, softirq] = line.trim().split(/\s+/).map(Number);
  return (user! + nice! + system! + irq! + softirq!) / clockTicks;
}
