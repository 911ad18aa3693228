/**
 * `npm run cli -- <command>`: the auditor's and operator's command line, working directly on the event store
 * and the read models (no server needed). `npm run cli -- help` lists the commands; see cli-args.ts.
 *
 *   npm run cli -- projections:rebuild [plan-views|audit-index]
 *   npm run cli -- audit:replay --plan <id> --as-of 2026-03-01 [--format text]
 *   npm run cli -- audit:verify --plan <id>
 *   npm run cli -- audit:export --plan <id> --format csv --out audit.csv
 */
import { runCli } from './auditor-cli.js';

// no process.exit(): the process ends by itself once the store and database are closed, which proves they are
process.exitCode = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
