#!/usr/bin/env node
// ct-gen runs compiled JavaScript for a fast start. It runs dist/ only when the last compile
// succeeded for exactly the sources on disk: tsc emits JavaScript even for sources with errors,
// so a compile that failed is tried again (and its errors shown again) on every run until the
// sources compile, and ct-gen never answers from JavaScript of other sources.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
/** `{ sources, ok }`: the fingerprint of the sources the last compile saw, and whether it succeeded. */
const stateFile = join(dist, '.ct-gen-build.json');
const entry = join(dist, 'generator', 'cli', 'main.js');

/**
 * Every .ts file under model/, generator/ and lint/ and tsconfig.json, by path, mtime and size: as
 * cheap as the stat walk it replaces, and an added, edited, renamed or deleted file changes it.
 */
function fingerprint() {
  const hash = createHash('sha256');
  const add = (path, rel) => {
    const info = statSync(path);
    hash.update(`${rel}\0${info.mtimeMs}\0${info.size}\n`);
  };
  const walk = (dir, rel) => {
    for (const item of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (item.isDirectory()) walk(join(dir, item.name), `${rel}/${item.name}`);
      else if (item.name.endsWith('.ts')) add(join(dir, item.name), `${rel}/${item.name}`);
    }
  };
  walk(join(root, 'model'), 'model');
  walk(join(root, 'generator'), 'generator');
  walk(join(root, 'lint'), 'lint');
  add(join(root, 'tsconfig.json'), 'tsconfig.json');
  return hash.digest('hex');
}

function readState() {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeState(state) {
  mkdirSync(dist, { recursive: true });
  const temp = `${stateFile}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state)}\n`);
  renameSync(temp, stateFile);
}

const sources = fingerprint();
const state = readState();
if (!(state?.ok === true && state.sources === sources && existsSync(entry))) {
  const again = state?.ok === false && state.sources === sources;
  process.stderr.write(again ? 'ct-gen: the model or generator did not compile; compiling again…\n' : 'ct-gen: model or generator changed; compiling…\n');
  // Until this compile succeeds, no run may trust dist/.
  rmSync(stateFile, { force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    // The compiler's report goes to stderr: stdout belongs to the command (`list --format json`).
    execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: ['ignore', 2, 2] });
  } catch {
    writeState({ sources, ok: false });
    process.stderr.write('ct-gen: the model or generator does not compile; fix the errors above (every command refuses to run until then)\n');
    process.exit(2);
  }
  writeState({ sources, ok: true });
}

// A closed pipe (`ct-gen list | head`) ends the output, not the program with a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const { main } = await import('../dist/generator/cli/main.js');
await main();
