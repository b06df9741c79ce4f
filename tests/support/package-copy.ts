import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { tempDir } from './tree.js';

export const pkg = join(import.meta.dirname, '..', '..');

/** What bin/ct-gen.js needs to compile and run: the copy builds its own dist/ and shares node_modules by a link. */
const PACKAGE_FILES = ['bin', 'generator', 'model', 'templates', 'package.json', 'tsconfig.json', 'tsconfig.tests.json'];

/** A copy of the package whose model and generator a test may edit; the first run in it compiles. */
export function copyPackage(prefix: string): string {
  const root = join(tempDir(prefix), 'ct-gen');
  for (const path of PACKAGE_FILES) cpSync(join(pkg, path), join(root, path), { recursive: true });
  symlinkSync(join(pkg, 'node_modules'), join(root, 'node_modules'));
  return root;
}

/** `node <root>/bin/ct-gen.js ARGS` in `cwd` (default: the copy), never rejecting. */
export function ctGenIn(root: string, args: readonly string[], cwd = root, env: Record<string, string> = {}) {
  return execa('node', [join(root, 'bin', 'ct-gen.js'), ...args], { cwd, reject: false, env });
}
