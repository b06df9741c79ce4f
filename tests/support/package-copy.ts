import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
// @ts-expect-error: plain JavaScript, beside bin/ct-gen.js
import { BUILD_STATE, fingerprint } from '../../bin/build-state.js';
import { packageEntries, tempDir } from './tree.js';

export const pkg = join(import.meta.dirname, '..', '..');


/** The generated caches of dist/: each copy starts without them, as a fresh build does. */
const CACHES = new Set(['.gen-cache', '.lint-cache', '.template-cache']);

/**
 * A copy of the package (what it ships, and tsconfig.tests.json) whose model and generator a test
 * may edit, sharing node_modules by a link. When this package's dist/ is the successful compile of
 * its sources as they are (the global setup compiles them), the copy gets that dist/ and a build
 * state naming its own, identical, sources: its first run compiles nothing, as after `npm
 * install`. A copy whose sources a test edits compiles on its next run, incrementally. Otherwise
 * the copy compiles on its first run.
 */
export function copyPackage(prefix: string): string {
  const root = join(tempDir(prefix), 'ct-gen');
  for (const path of packageEntries('tsconfig.tests.json')) cpSync(join(pkg, path), join(root, path), { recursive: true });
  symlinkSync(join(pkg, 'node_modules'), join(root, 'node_modules'));
  let state: { sources?: string; ok?: boolean } | undefined;
  try {
    state = JSON.parse(readFileSync(join(pkg, BUILD_STATE), 'utf8'));
  } catch {
    // Never compiled.
  }
  if (state?.ok === true && state.sources === fingerprint(pkg).sources) {
    cpSync(join(pkg, 'dist'), join(root, 'dist'), { recursive: true, filter: (source) => !CACHES.has(source.slice(join(pkg, 'dist').length + 1).split('/')[0]!) });
    writeFileSync(join(root, BUILD_STATE), `${JSON.stringify({ sources: fingerprint(root).sources, ok: true })}\n`);
  }
  return root;
}

/** `node <root>/bin/ct-gen.js ARGS` in `cwd` (default: the copy), never rejecting. */
export function ctGenIn(root: string, args: readonly string[], cwd = root, env: Record<string, string> = {}) {
  return execa('node', [join(root, 'bin', 'ct-gen.js'), ...args], { cwd, reject: false, env });
}
