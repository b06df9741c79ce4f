import { execFileSync } from 'node:child_process';
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
  it('build-ui-js builds through the driver with the argv parity computed, from any directory, whatever EXTRA_DEFINES the caller has', async () => {
    const output = 'out dir/it\'s ui.js';
    mkdirSync(join(tree.root, 'src', 'frontend'), { recursive: true });
    await execa(just, ['build-ui-js', output], { cwd: join(tree.root, 'src', 'frontend'), env: env(tree, { EXTRA_DEFINES: 'leaked' }), extendEnv: false });
    const recorded = readLog(tree.nimLog);
    expect(recorded.map((r) => r.argv)).toEqual(parityArgv('just', tree.root, { output }));
    expect(recorded.flatMap((r) => r.argv).filter((w) => w.includes('leaked'))).toEqual([]);
    expect(recorded[0]!.cwd).toBe(tree.root);
  });

  it('each recipe body, as just runs it, passes shellcheck', async () => {
    const { stdout } = await execa(just, ['--summary'], { cwd: tree.root, env: env(tree), extendEnv: false });
    const recipes = stdout.split(' ').filter((name) => !name.startsWith('tup-'));
    expect(recipes).toEqual(['build-ui-js']);
    // --dry-run prints the lines just would run, parameters substituted and quoted.
    const dry = await execa(just, ['--dry-run', 'build-ui-js', 'out dir/it\'s ui.js'], { cwd: tree.root, env: env(tree), extendEnv: false });
    expect(dry.stderr).toContain('build_codetracer.sh');
    const script = join(tree.logs, 'build-ui-js.sh');
    writeFileSync(script, `#!/bin/bash\n${dry.stderr}\n`);
    execFileSync('shellcheck', [script]);
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
