import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export const API_MAIN = 'dist/apps/api/apps/api/src/main.js';
export const WORKER_MAIN = 'dist/apps/worker/apps/worker/src/main.js';

/** The apps are built once by Jest's global setup (test/support/global-setup.js), as `npm start` builds them. */
export function buildApp(name: 'api' | 'worker'): void {
  const main = name === 'api' ? API_MAIN : WORKER_MAIN;
  if (!existsSync(main))
    throw new Error(`${main} is missing: Jest's global setup builds it (run the tests with npm test)`);
}

export interface RunningProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts a built app on a free port and resolves once its log says where it listens. */
export function startProcess(
  main: string,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<RunningProcess> {
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', WORKER_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave a process behind that would keep Jest waiting
      reject(new Error(`no listening line in time:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output, exited });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${output}`));
    });
  });
}
