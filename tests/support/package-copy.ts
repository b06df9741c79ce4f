import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageEntries, tempDir } from './tree.js';

export const pkg = join(import.meta.dirname, '..', '..');


/** A copy of the package (what it ships, and tsconfig.tests.json) whose model and generator a test may edit; it builds its own dist/ on its first run and shares node_modules by a link. */
export function copyPackage(prefix: string): string {
  const root = join(tempDir(prefix), 'ct-gen');
  for (const path of packageEntries('tsconfig.tests.json')) cpSync(join(pkg, path), join(root, path), { recursive: true });
  symlinkSync(join(pkg, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** `node <root>/bin/ct-gen.js ARGS` in `cwd` (default: the copy), never rejecting. */
export function ctGenIn(root: string, args: readonly string[], cwd = root, env: Record<string, string> = {}) {
  return execa('node', [join(root, 'bin', 'ct-gen.js'), ...args], { cwd, reject: false, env });
}
