#!/usr/bin/env node
// ct-gen runs compiled JavaScript for a fast start. After an edit of model/ or generator/,
// it recompiles first, so `ct-gen` always reflects the model on disk.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.tsbuildinfo');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let built = 0;
try {
  built = statSync(stamp).mtimeMs;
} catch {
  built = 0;
}
if (built < Math.max(newestSource(join(root, 'model')), newestSource(join(root, 'generator')))) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  process.stderr.write('ct-gen: model or generator changed; compiling…\n');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: ['ignore', 'inherit', 'inherit'] });
    // An incremental build that finds nothing to do leaves its stamp alone; mark it fresh.
    const now = new Date();
    utimesSync(stamp, now, now);
  } catch {
    process.stderr.write('ct-gen: the model or generator does not compile; fix the errors above\n');
    process.exit(2);
  }
}

// A closed pipe (`ct-gen list | head`) ends the output, not the program with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const { main } = await import('../dist/generator/cli/main.js');
await main();
