import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { newerThanBash32 } from '../support/old-bash.js';
import { readLog, writeStub } from '../support/stubs.js';
import { tempDir } from '../support/tree.js';
import { callCount, env, files, parityArgv, stubTools, surfaceTree } from './support.js';
import { emitNixos } from '../../generator/families/nixos/emit.js';
import { resolveModel } from '../../generator/resolve/view.js';
import { packagingScript } from '../../model/schema/index.js';
import { model } from '../support/model.js';

describe('generated shell scripts', () => {
  // The driver is checked by tests/emit/driver.test.ts, the NixOS family's scripts (the same
  // checks, every severity) by tests/nixos/static.test.ts.
  const elsewhere = new Set([model.layout.driver, ...emitNixos(resolveModel(model)).map((f) => f.path)]);
  const scripts = files.filter((f) => f.content.startsWith('#!/usr/bin/env bash') && !elsewhere.has(f.path));

  it('include the packaging and extension scripts', () => {
    expect(scripts.map((f) => f.path)).toEqual(expect.arrayContaining([packagingScript(model.layout, 'macos'), packagingScript(model.layout, 'appimage'), packagingScript(model.layout, 'python-wheel'), model.layout.extension]));
  });

  it.each(scripts.map((f) => f.path))('%s passes bash -n and shellcheck', (path) => {
    const tree = surfaceTree('shellcheck');
    execFileSync('bash', ['-n', join(tree.root, path)]);
    execFileSync('shellcheck', ['-x', join(tree.root, path)], { cwd: tree.root });
  });

  // They run on macOS too, where /usr/bin/env bash is bash 3.2 (the NixOS scripts run on NixOS).
  it.each(scripts.map((f) => [f.path, f.content]))('%s uses no construct newer than bash 3.2', (_path, content) => {
    expect(newerThanBash32(content)).toEqual([]);
  });
});

describe('macOS packaging script', () => {
  // macOS /bin/bash is 3.2: its quoting rules, with the driver the script calls (BASH_COMPAT is inherited).
  it.each([
    ['bash 5', {}],
    ["bash 3.2's rules", { BASH_COMPAT: '3.2' }],
  ])('builds every artefact once through the driver, then adds run paths, signs and copies (%s)', async (_name, compat) => {
    const tree = surfaceTree('macos');
    const tools = stubTools(tree, { install_name_tool: '', codesign: '', patchelf: '' });
    const dist = join(tempDir('macos-dist'), 'dist');
    mkdirSync(join(dist, 'src'), { recursive: true });

    await execa('bash', [join(tree.root, packagingScript(model.layout, 'macos'))], { cwd: tempDir('elsewhere'), env: env(tree, { DIST_DIR: dist, EXTRA_DEFINES: 'mustNotLeak', ...compat }), extendEnv: false });

    expect(readLog(tree.nimLog).map((r) => r.argv)).toEqual(parityArgv('macos', tree.root, { DIST_DIR: dist }));
    // The script changes to the repository root, so relative paths mean what they meant in legacy.
    expect(readLog(tree.nimLog).map((r) => r.cwd)).toEqual(Array(callCount('macos')).fill(tree.root));
    expect(readLog(tools.install_name_tool!).map((r) => r.argv)).toEqual([
      ['-add_rpath', '@executable_path/../../Frameworks', `${dist}/bin/ct`],
      ['-add_rpath', '@loader_path', `${dist}/bin/ct`],
      ['-add_rpath', '@executable_path/../../Frameworks', `${dist}/bin/db-backend-record`],
    ]);
    expect(readLog(tools.codesign!).map((r) => r.argv)).toEqual([
      ['-s', '-', '--force', '--deep', `${dist}/bin/ct`],
      ['-s', '-', '--force', '--deep', `${dist}/bin/db-backend-record`],
    ]);
    expect(readLog(tools.patchelf!)).toEqual([]);
    for (const js of ['index.js', 'ui.js', 'subwindow.js']) expect(existsSync(join(dist, 'src', js))).toBe(true);
  });

  it('refuses to run without DIST_DIR', async () => {
    const tree = surfaceTree('macos-env');
    const result = await execa('bash', [join(tree.root, packagingScript(model.layout, 'macos'))], { env: env(tree), extendEnv: false, reject: false });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('DIST_DIR');
    expect(readLog(tree.nimLog)).toEqual([]);
  });
});

describe('AppImage packaging script', () => {
  it('builds every artefact once through the driver; no run path, no signature, as legacy', async () => {
    const tree = surfaceTree('appimage');
    const tools = stubTools(tree, { install_name_tool: '', codesign: '', patchelf: '' });
    const app = join(tempDir('appimage-dir'), 'AppDir');
    mkdirSync(join(app, 'src'), { recursive: true });

    await execa('bash', [join(tree.root, packagingScript(model.layout, 'appimage'))], { cwd: tempDir('elsewhere'), env: env(tree, { APP_DIR: app, EXTRA_DEFINES: 'mustNotLeak' }), extendEnv: false });

    expect(readLog(tree.nimLog).map((r) => r.argv)).toEqual(parityArgv('appimage', tree.root, { APP_DIR: app }));
    expect(readLog(tree.nimLog).map((r) => r.cwd)).toEqual(Array(callCount('appimage')).fill(tree.root));
    for (const log of Object.values(tools)) expect(readLog(log)).toEqual([]);
    for (const js of ['index.js', 'server_index.js', 'ui.js', 'subwindow.js']) expect(existsSync(join(app, 'src', js))).toBe(true);
  });
});

describe('Python wheel script (the CI workflow job)', () => {
  /** A tree whose pinned ./nim-2.2.6/bin/nim, the one the workflow downloads, is a recording stub. */
  function wheelTree(prefix: string) {
    const tree = surfaceTree(prefix);
    const log = join(tree.logs, 'pinned-nim.jsonl');
    writeStub(join(tree.root, 'nim-2.2.6', 'bin'), 'nim', log, { createsOut: true });
    return { tree, log, targetDir: 'build-python/src/ct/bin/os-arch' };
  }

  it.each(['linux', 'macos'])('section %s builds ct and db-backend-record for that platform with the pinned nim, as parity computed', async (section) => {
    const { tree, log, targetDir } = wheelTree(`wheel-${section}`);
    await execa('bash', [join(tree.root, packagingScript(model.layout, 'python-wheel')), section], { cwd: tempDir('elsewhere'), env: env(tree, { TARGET_DIR: targetDir, EXTRA_DEFINES: 'mustNotLeak' }), extendEnv: false });
    const runs = readLog(log);
    expect(runs.map((r) => r.argv)).toEqual(parityArgv('python-wheel', tree.root, { TARGET_DIR: targetDir, PWD: tree.root }, (call) => call.unit === section));
    expect(runs.map((r) => r.cwd)).toEqual([tree.root, tree.root]);
    expect(readLog(tree.nimLog)).toEqual([]);
    for (const bin of ['ct', 'db-backend-record']) expect(existsSync(join(tree.root, targetDir, bin))).toBe(true);
  });

  it('runs every section in order without arguments', async () => {
    const { tree, log, targetDir } = wheelTree('wheel-all');
    await execa('bash', [join(tree.root, packagingScript(model.layout, 'python-wheel'))], { env: env(tree, { TARGET_DIR: targetDir }), extendEnv: false });
    expect(readLog(log).map((r) => r.argv)).toEqual(parityArgv('python-wheel', tree.root, { TARGET_DIR: targetDir, PWD: tree.root }));
  });

  it('refuses an unknown section before building anything', async () => {
    const { tree, log, targetDir } = wheelTree('wheel-bad');
    const result = await execa('bash', [join(tree.root, packagingScript(model.layout, 'python-wheel')), 'linux', 'windows'], { env: env(tree, { TARGET_DIR: targetDir }), extendEnv: false, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("build_nim_artefacts.sh: unknown section 'windows'; known: linux macos");
    expect(readLog(log)).toEqual([]);
  });
});

describe('build_for_extension.sh replacement', () => {
  it('builds both bundles through the driver, then the rest of the extension build', async () => {
    const tree = surfaceTree('extension');
    const tools = stubTools(tree, { just: '', cargo: 'mkdir -p target/debug && : > target/debug/db-backend' });
    mkdirSync(join(tree.root, 'src', 'db-backend'), { recursive: true });
    mkdirSync(join(tree.root, 'ext'), { recursive: true });

    await execa('bash', [join(tree.root, model.layout.extension), 'ext/ui.js', 'ext/middleware.js', 'ext/db-backend'], { cwd: tempDir('elsewhere'), env: env(tree, { EXTRA_DEFINES: 'mustNotLeak' }), extendEnv: false });

    expect(readLog(tree.nimLog).map((r) => r.argv)).toEqual(parityArgv('extension', tree.root, { 1: 'ext/ui.js', 2: 'ext/middleware.js' }));
    expect(readLog(tree.nimLog).map((r) => r.cwd)).toEqual([tree.root, tree.root]);
    expect(readLog(tools.just!)).toEqual([{ cwd: tree.root, argv: ['build-once'] }]);
    expect(readLog(tools.cargo!)).toEqual([{ cwd: join(tree.root, 'src', 'db-backend'), argv: ['build'] }]);
    for (const out of ['ui.js', 'middleware.js', 'db-backend']) expect(existsSync(join(tree.root, 'ext', out))).toBe(true);
  });

  it('takes exactly three paths', async () => {
    const tree = surfaceTree('extension-usage');
    const result = await execa('bash', [join(tree.root, model.layout.extension), 'only-one'], { env: env(tree), extendEnv: false, reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('usage: build_for_extension.sh');
    expect(readLog(tree.nimLog)).toEqual([]);
  });
});
