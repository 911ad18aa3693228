/**
 * Bundles a TypeScript entry point of this repository into one ES module, for `npm run cli` and the rebuild
 * bench: node then runs plain JavaScript. esbuild transforms the code as `--import tsx` does file by file
 * (same tsconfig, decorators and path aliases), but the process carries no loader: tsx's module hooks run
 * on a thread of their own with its own V8 heap, about 35 MB of the 300 MB a rebuild may use. Packages stay
 * external, loaded from node_modules as before.
 *
 *   node apps/cli/bundle.mjs [entry.ts] [out.mjs]    (default: the CLI into .cache/cli.mjs)
 */
import { build } from 'esbuild';

const [entry = 'apps/cli/src/cli.ts', outfile = '.cache/cli.mjs'] = process.argv.slice(2);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
});
