import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyCompiled } from '../support/package-copy.js';
import { tempDir } from '../support/tree.js';

const pkg = join(import.meta.dirname, '..', '..');

/** Replace the one occurrence of `before` in a file of the copy; the scenario fails loudly if the model has moved on. */
function edit(root: string, path: string, before: string, after: string): void {
  const file = join(root, path);
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(before);
  if (at < 0 || text.indexOf(before, at + 1) >= 0) throw new Error(`${path}: expected exactly one ${JSON.stringify(before)}`);
  writeFileSync(file, text.slice(0, at) + after + text.slice(at + before.length));
}

/**
 * The everyday loop of README "Changing the build", run in a copy of this repository: a new
 * target built by Tup, the driver, the AppImage and a Nix phase; a debug-bundle switch changed and
 * declared once on the bundle; `ct-gen generate` and `npm run snapshots:update`; then the tests
 * of what the model generates (`npm run test:model`: the unit tier and the model's real-tool
 * tests) must pass on the changed model, so none of them assumes the model equals today's build.
 */
describe('the maintainer loop on a copy of the repository', () => {
  let root: string;
  const npm = (script: string, env: Record<string, string> = {}) => execa('npm', ['run', '--silent', script], { cwd: root, reject: false, env: { ...env }, all: true });

  beforeAll(() => {
    root = join(tempDir('maintainer-loop'), 'ct-gen');
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: pkg, encoding: 'utf8' }).split('\0').filter((file) => file !== '' && file !== 'node_modules' && !file.startsWith('node_modules/'));
    for (const file of files) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      cpSync(join(pkg, file), join(root, file), { verbatimSymlinks: true });
    }
    symlinkSync(join(pkg, 'node_modules'), join(root, 'node_modules'));
    // A working copy that was built before (dist/ and its build state, as bin/ct-gen.js leaves
    // them): the maintainer's edits compile incrementally.
    copyCompiled(root);

    // A target, sent to Tup (beside ct), the driver (every target), the AppImage and the Nix codetracer phase.
    edit(root, 'model/codetracer/targets.ts', 'export const targets: Target[] = [\n', `export const targets: Target[] = [
  {
    name: 'ct-doctor',
    description: 'Checks a Codetracer installation',
    kind: 'nim-c',
    source: 'src/ct/doctor.nim',
    output: 'ct-doctor',
    bundles: entrypointBundles,
    args: [],
    nimcache: { policy: 'fixed', path: '/tmp/ct-nim-cache/{profile}/ct-doctor' },
    extraOutputs: [],
  },
`);
    edit(root, 'model/codetracer/tup.ts', "{ kind: 'nim', target: 'ct', output: 'bin/ct' },", "{ kind: 'nim', target: 'ct-doctor', output: 'bin/ct-doctor' },\n        { kind: 'nim', target: 'ct', output: 'bin/ct' },");
    edit(root, 'model/codetracer/packaging.ts', "      { target: 'db-backend-record', rpaths: [] },\n    ],\n  },\n  {\n    name: 'python-wheel'", "      { target: 'db-backend-record', rpaths: [] },\n      { target: 'ct-doctor', rpaths: [] },\n    ],\n  },\n  {\n    name: 'python-wheel'");
    edit(root, 'model/codetracer/surfaces.ts', '  invocations: [\n', `  invocations: [
    { surface: 'appimage', unit: 'binaries', target: 'ct-doctor', platform: 'linux', ...packagedBinary, profile: 'release', bundles: ['packaged-entrypoint'], output: '\${APP_DIR}/bin/ct-doctor' },
    { surface: 'nix', unit: 'codetracer', target: 'ct-doctor', ...nixBinary, flags: ['--hints:off'], output: 'ct-doctor' },
`);
    // A debug-bundle switch changes, declared once on the bundle for every surface that inherits it.
    edit(root, 'model/codetracer/bundles.ts', "args: ['-d:debug', '--debugInfo', '--lineDir:on', '--stacktrace:on', '--linetrace:on'],", `args: ['-d:debug', '--debugInfo', '--lineDir:off', '--stacktrace:on', '--linetrace:on'],
    declaredChanges: [{ setting: '--lineDir', from: '--lineDir:on', to: '--lineDir:off', reason: 'Line directives cost more build time than they save in debugging.' }],`);
  });

  it('regenerates, updates the snapshots, and the tests of the model pass on the changed model', async () => {
    const update = await npm('snapshots:update');
    expect(update.exitCode, update.all).toBe(0);
    const node = (...args: string[]) => execa('node', ['bin/ct-gen.js', ...args], { cwd: root, reject: false });
    const check = await node('check');
    expect(check.exitCode, check.stderr).toBe(0);
    const parity = await node('parity');
    expect(parity.exitCode, parity.stdout).toBe(0);
    expect(parity.stdout).toMatch(/ 0 undeclared, \d+ dead; 2 new surface calls$/m);
    // The new artefact reached each surface it was sent to.
    expect(readFileSync(join(root, 'out/src/build/ct/Tupfile'), 'utf8')).toContain('ct-doctor');
    expect(readFileSync(join(root, 'out/packaging/appimage/build_nim_artefacts.sh'), 'utf8')).toContain('--target ct-doctor');
    expect(readFileSync(join(root, 'out/nix/ct-gen/build-phases.nix'), 'utf8')).toContain('--target ct-doctor');

    const tests = await npm('test:model', { CI: 'true' });
    expect(tests.exitCode, tests.all?.split('\n').filter((l) => /FAIL|×|Error/.test(l)).slice(0, 40).join('\n')).toBe(0);
    // Both tiers ran: a unit file, and the model's real-tool files.
    expect(tests.all).toMatch(/ tests\/model\.test\.ts/);
    expect(tests.all).toMatch(/ tests\/parity\/parity\.test\.ts/);
  }, 1_500_000);
});
