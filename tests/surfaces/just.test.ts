import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { JUST_PATH } from '../../generator/emit/just.js';
import { readLog } from '../support/stubs.js';
import { env, parityArgv, surfaceTree, type Tree } from './support.js';

const just = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'just');
let tree: Tree;

beforeAll(() => {
  tree = surfaceTree('just');
  // The host justfile: its one new line pulls the generated recipes in.
  writeFileSync(join(tree.root, 'justfile'), `import '${JUST_PATH}'\n`);
});

describe('generated just recipes, run by real just', () => {
  it('build-ui-js builds through the driver with the argv parity computed, from any directory', async () => {
    const output = 'out dir/it\'s ui.js';
    mkdirSync(join(tree.root, 'src', 'frontend'), { recursive: true });
    await execa(just, ['build-ui-js', output], { cwd: join(tree.root, 'src', 'frontend'), env: env(tree), extendEnv: false });
    const recorded = readLog(tree.nimLog);
    expect(recorded.map((r) => r.argv)).toEqual(parityArgv('just', tree.root, { output }));
    expect(recorded[0]!.cwd).toBe(tree.root);
  });

  it('just --summary lists the recipe', async () => {
    const { stdout } = await execa(just, ['--summary'], { cwd: tree.root, env: env(tree), extendEnv: false });
    expect(stdout.split(' ')).toContain('build-ui-js');
  });

  it("is formatted as just's own formatter writes it", async () => {
    const result = await execa(just, ['--unstable', '--fmt', '--check', '--justfile', join(tree.root, JUST_PATH)], { reject: false, env: env(tree), extendEnv: false });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });
});
