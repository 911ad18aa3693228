// Builds the api and the worker once before any test file runs, so that the tests that start the real
// processes (process, replicas, reminder faults) never build into dist/ at the same time.
import { execFileSync } from 'node:child_process';

export default function globalSetup() {
  for (const app of ['api', 'worker']) execFileSync('npx', ['nest', 'build', app], { stdio: 'inherit' });
}
