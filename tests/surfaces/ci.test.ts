import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { format } from 'prettier';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLog } from '../support/stubs.js';
import { copyCompiled } from '../support/package-copy.js';
import { packageEntries } from '../support/tree.js';
import { env, fileAt, stubTools, surfaceTree, type Tree } from './support.js';
import { model } from '../support/model.js';

interface Step {
  workingDirectory?: string;
  run?: string;
}

/** The steps of the one job, read from the workflow's own lines (this workflow keeps one key per line). */
function steps(yaml: string): Step[] {
  const out: Step[] = [];
  for (const line of yaml.split('\n')) {
    if (/^ {6}- /.test(line)) out.push({});
    const m = /^ {6}[- ] {1}(working-directory|run): (.*)$/.exec(line);
    if (m && out.length > 0) {
      const value = m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!;
      if (m[1] === 'run') out[out.length - 1]!.run = value;
      else out[out.length - 1]!.workingDirectory = value;
    }
  }
  return out;
}

const ctGenRoot = join(import.meta.dirname, '..', '..');

/**
 * ct-gen as the Codetracer checkout holds it (model surfaces.ci.ctGenDir): a copy of its bin,
 * sources, compiled output and templates, with this repository's node_modules, so the workflow's
 * `node bin/ct-gen.js …` steps run for real without the network.
 */
function installCopy(tree: Tree): string {
  const dir = join(tree.root, 'tools', 'ct-gen');
  mkdirSync(dir, { recursive: true });
  execFileSync('cp', ['-a', ...packageEntries().map((entry) => join(ctGenRoot, entry)), dir]);
  symlinkSync(join(ctGenRoot, 'node_modules'), join(dir, 'node_modules'));
  // With this package's dist/ and a build state naming the copy's own sources, so the copy's bin
  // finds dist/ current, as it is, and does not compile it again.
  copyCompiled(dir);
  return dir;
}

describe('CI workflow', () => {
  const workflow = fileAt(model.layout.ci).content;
  const runs = steps(workflow).filter((s) => s.run);
  let tree: Tree;
  let npmLog: string;
  const runStep = (step: Step) =>
    execa('bash', ['-e', '-c', step.run!], { cwd: join(tree.root, step.workingDirectory ?? '.'), env: env(tree), extendEnv: false, reject: false });

  beforeAll(async () => {
    // The project's global setup compiled dist/ (tests/support/global-setup.ts), so the copy starts from a current one.
    tree = surfaceTree('ci');
    const copy = installCopy(tree);
    // The copy starts from this package's compile: nothing to compile.
    const first = await execa('node', [join(copy, 'bin', 'ct-gen.js'), '--version'], { reject: false });
    expect(first.stderr).toBe('');
    ({ npm: npmLog } = stubTools(tree, { npm: '' }) as { npm: string });
  }, 120_000);

  it('is YAML as prettier formats it', async () => {
    expect(await format(workflow, { parser: 'yaml' })).toBe(workflow);
  });

  it('installs ct-gen with npm install (npm ci refuses its lock), in ct-gen\'s directory', async () => {
    expect(runs.map((s) => s.workingDirectory)).toEqual(['tools/ct-gen', 'tools/ct-gen', 'tools/ct-gen']);
    const install = await runStep(runs[0]!);
    expect(install.exitCode, install.stderr).toBe(0);
    expect(readLog(npmLog)).toEqual([{ cwd: join(tree.root, 'tools', 'ct-gen'), argv: ['install', '--no-audit', '--no-fund'] }]);
  });

  it('runs ct-gen check and ct-gen lint from ct-gen\'s own bin, and both pass on a current checkout', async () => {
    expect(runs.slice(1).map((s) => s.run)).toEqual(['node bin/ct-gen.js check --dest ../..', 'node bin/ct-gen.js lint ../..']);
    for (const step of runs.slice(1)) {
      const result = await runStep(step);
      expect(result.exitCode, `${step.run}\n${result.stdout}\n${result.stderr}`).toBe(0);
    }
  }, 120_000);

  it('fails the check step when a generated file is stale, and the lint step on a nim call outside the driver', async () => {
    const stale = surfaceTree('ci-stale');
    installCopy(stale);
    writeFileSync(join(stale.root, 'just', 'ct-gen.just'), '# edited\n');
    const check = await execa('bash', ['-e', '-c', runs[1]!.run!], { cwd: join(stale.root, 'tools', 'ct-gen'), env: env(stale), extendEnv: false, reject: false });
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain('just/ct-gen.just');

    writeFileSync(join(stale.root, 'build.sh'), '#!/bin/bash\nnim c -d:release src/ct/codetracer.nim\n');
    const lint = await execa('bash', ['-e', '-c', runs[2]!.run!], { cwd: join(stale.root, 'tools', 'ct-gen'), env: env(stale), extendEnv: false, reject: false });
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toContain('build.sh:2');
  }, 120_000);
});
