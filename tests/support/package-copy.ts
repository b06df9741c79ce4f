import { cpSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { execa } from 'execa';
// @ts-expect-error: plain JavaScript, beside bin/ct-gen.js
import { BUILD_STATE, fingerprint } from '../../bin/build-state.js';
import { packageEntries, tempDir } from './tree.js';

export const pkg = join(import.meta.dirname, '..', '..');


/** The generated caches of dist/: each copy starts without them, as a fresh build does. */
const CACHES = new Set(['.gen-cache', '.lint-cache', '.template-cache']);

/**
 * A copy of the package (what it ships, and tsconfig.tests.json) whose model and generator a test
 * may edit, sharing node_modules by a link, with this package's compile when there is one
 * (`copyCompiled`).
 */
export function copyPackage(prefix: string): string {
  const root = join(tempDir(prefix), 'ct-gen');
  for (const path of packageEntries('tsconfig.tests.json')) cpSync(join(pkg, path), join(root, path), { recursive: true });
  symlinkSync(join(pkg, 'node_modules'), join(root, 'node_modules'));
  copyCompiled(root);
  return root;
}

/**
 * When this package's dist/ is the successful compile of its sources as they are (the global
 * setup compiles them), the copy at `root` of those sources gets that dist/ and a build state
 * naming its own, identical, sources: its first run compiles nothing, as after `npm install`, and
 * one after an edit compiles incrementally. Otherwise nothing: the copy compiles on its first run.
 */
export function copyCompiled(root: string): void {
  let state: { sources?: string; ok?: boolean } | undefined;
  try {
    state = JSON.parse(readFileSync(join(pkg, BUILD_STATE), 'utf8'));
  } catch {
    // Never compiled.
  }
  if (state?.ok === true && state.sources === fingerprint(pkg).sources) {
    copyBuild(root);
    writeFileSync(join(root, BUILD_STATE), `${JSON.stringify({ sources: fingerprint(root).sources, ok: true })}\n`);
  }
}

/**
 * This package's dist/ into the copy at `root` (whose node_modules links to this one's), without
 * the generated caches, so that a compile there is incremental: the compiler's build info lists
 * node_modules' files (and the package.json files it looked for) by the path it finds them at,
 * which in the copy is through the link, at their real path. Without that rewrite every file
 * would count as new and the first compile would check everything again.
 */
function copyBuild(root: string): void {
  const dist = join(pkg, 'dist');
  cpSync(dist, join(root, 'dist'), { recursive: true, filter: (source) => !CACHES.has(source.slice(dist.length + 1).split('/')[0]!) });
  const modules = `${relative(join(root, 'dist'), realpathSync(join(pkg, 'node_modules')))}/`;
  for (const name of readdirSync(join(root, 'dist')).filter((n) => n.startsWith('.tsbuildinfo'))) {
    const file = join(root, 'dist', name);
    const info = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    // The files it read, and the package.json files it found or looked for.
    for (const key of ['fileNames', 'packageJsons', 'missingPackageJsons']) {
      const paths = info[key];
      if (Array.isArray(paths)) info[key] = paths.map((path: unknown) => (typeof path === 'string' && path.startsWith('../node_modules/') ? modules + path.slice('../node_modules/'.length) : path));
    }
    writeFileSync(file, JSON.stringify(info));
  }
}

/** What the entry of `miniPackage` prints for a run: the command line, then the model's targets. */
export const miniAnswer = (args: readonly string[], targets: readonly string[] = ['ct']) => `ran: ${args.join(' ')}\ntargets: ${targets.join(', ')}`;

/**
 * A package laid out as ct-gen is, with its bin/, package.json and tsconfig.json, whose sources
 * are five small files: model/codetracer/targets.ts (`targets`, a list of names), and the entries
 * generator/cli/main.ts, which prints `miniAnswer`, direct.ts (bin's entry for the lines it reads
 * itself), which does the same, lint/run.ts (lint with a recorded model, which the tests never
 * reach) and generator/families/model-schema/emit.ts (a schema for bin to store). Compiled once
 * (by its own bin, the way a first run compiles), and sharing node_modules by a link. For the
 * tests of bin/ct-gen.js's compile and bundle (when it compiles, what it refuses and what it
 * keeps), which are about that logic and the real compiler and bundler, not about which sources it
 * compiles. Its tsconfig.json is the package's without Node's declarations (`types: []`; the entry
 * declares the one global it uses): its program is TypeScript's library and five files, a fraction
 * of the package's compile.
 */
export async function miniPackage(prefix: string): Promise<string> {
  const root = join(tempDir(prefix), 'ct-gen');
  for (const path of ['bin', 'package.json']) cpSync(join(pkg, path), join(root, path), { recursive: true });
  const config = JSON.parse(readFileSync(join(pkg, 'tsconfig.json'), 'utf8')) as { compilerOptions: Record<string, unknown> };
  writeFileSync(join(root, 'tsconfig.json'), `${JSON.stringify({ ...config, compilerOptions: { ...config.compilerOptions, types: [] } }, null, 2)}\n`);
  symlinkSync(join(pkg, 'node_modules'), join(root, 'node_modules'));
  const files: Record<string, string> = {
    'model/codetracer/targets.ts': "export const targets: string[] = ['ct'];\n",
    'generator/cli/main.ts': [
      "import { targets } from '../../model/codetracer/targets.js';",
      '',
      'declare const process: { argv: string[]; stdout: { write(text: string): void } };',
      '',
      'export async function main(): Promise<void> {',
      "  process.stdout.write(`ran: ${process.argv.slice(2).join(' ')}\\ntargets: ${targets.join(', ')}\\n`);",
      '}',
      '',
    ].join('\n'),
    // The entry of the lines bin reads itself (check, generate, lint): the same answer.
    'generator/cli/direct.ts': "import { main } from './main.js';\n\nexport const runDirect = (_line: unknown): Promise<void> => main();\n",
    // Lint's entry with a recorded model, which bin bundles with the others.
    'lint/run.ts': 'export const runLint = (): number => 0;\n',
    // The model's JSON Schema, which bin's bundling stores beside the chunks.
    'generator/families/model-schema/emit.ts': "export const STORED_SCHEMA = 'model-schema.json';\n\nexport const modelSchemaText = (): string => '{}\\n';\n",
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const first = await ctGenIn(root, ['--version']);
  if (first.exitCode !== 0 || first.stdout !== miniAnswer(['--version'])) throw new Error(`the miniature package did not compile and run:\n${first.stdout}\n${first.stderr}`);
  return root;
}

/** `node <root>/bin/ct-gen.js ARGS` in `cwd` (default: the copy), never rejecting. */
export function ctGenIn(root: string, args: readonly string[], cwd = root, env: Record<string, string> = {}) {
  return execa('node', [join(root, 'bin', 'ct-gen.js'), ...args], { cwd, reject: false, env });
}
