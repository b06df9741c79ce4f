import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLog } from '../support/stubs.js';
import { JUST } from '../support/tree.js';
import { env, files, parityArgv, surfaceTree, type Tree } from './support.js';
import { model } from '../support/model.js';

let tree: Tree;

beforeAll(() => {
  tree = surfaceTree('just');
  // The host justfile: its one new line pulls the generated recipes in.
  writeFileSync(join(tree.root, 'justfile'), `import '${model.layout.just}'\n`);
});

describe('generated just recipes, run by real just', () => {
  /** Each generated recipe, with values for its parameters (a space and a quote in each). */
  const recipes: [string, Record<string, string>][] = [
    ['build-ui-js', { output: "out dir/it's ui.js" }],
    ['build-ui-js-hmr', { output: "hmr dir/it's ui.js" }],
    ['build-hmr-fixture', {}],
    ['build-storybook-components', {}],
    ['build-demo-request-session', { work: "/tmp/demo dir/it's" }],
  ];

  it.each(recipes)('%s builds through the driver with the argv parity computed, from any directory, whatever EXTRA_DEFINES the caller has', async (recipe, vars) => {
    const before = readLog(tree.nimLog).length;
    mkdirSync(join(tree.root, 'src', 'frontend'), { recursive: true });
    await execa(JUST, [recipe, ...Object.values(vars)], { cwd: join(tree.root, 'src', 'frontend'), env: env(tree, { EXTRA_DEFINES: 'leaked' }), extendEnv: false });
    const recorded = readLog(tree.nimLog).slice(before);
    expect(recorded.map((r) => r.argv)).toEqual(parityArgv('just', tree.root, vars, (call) => call.unit === recipe));
    expect(recorded.flatMap((r) => r.argv).filter((w) => w.includes('leaked'))).toEqual([]);
    expect(recorded[0]!.cwd).toBe(tree.root);
  });

  it('every recipe body, as just runs it, passes shellcheck', async () => {
    const { stdout } = await execa(JUST, ['--summary'], { cwd: tree.root, env: env(tree), extendEnv: false });
    expect(stdout.split(' ').filter((name) => !name.startsWith('tup-')).sort()).toEqual(recipes.map(([r]) => r).sort());
    for (const [recipe, vars] of recipes) {
      // --dry-run prints the lines just would run, parameters substituted and quoted.
      const dry = await execa(JUST, ['--dry-run', recipe, ...Object.values(vars)], { cwd: tree.root, env: env(tree), extendEnv: false });
      expect(dry.stderr).toContain('build_codetracer.sh');
      const script = join(tree.logs, `${recipe}.sh`);
      writeFileSync(script, `#!/bin/bash\n${dry.stderr}\n`);
      execFileSync('shellcheck', [script]);
    }
  });

  it("just --list shows each recipe's whole comment: the comment above a recipe is one line", async () => {
    // Each recipe of the generated just files with the comment lines directly above it (attributes aside).
    const written = new Map<string, string[]>();
    for (const file of files.filter((f) => f.path.endsWith('.just'))) {
      let comments: string[] = [];
      for (const line of file.content.split('\n')) {
        if (line.startsWith('# ')) comments.push(line.slice(2));
        else if (line.startsWith('[')) continue;
        else {
          // `name params:`, parameters with defaults too (`x='y'`); not `name := value`.
          const name = /^([A-Za-z_][\w-]*)(?![\w-])(?!\s*:=)[^\n]*?:(?!=)/.exec(line)?.[1];
          if (name !== undefined) written.set(name, comments);
          comments = [];
        }
      }
    }
    expect(written.size).toBeGreaterThan(0);
    const { stdout } = await execa(JUST, ['--list', '--list-heading', '', '--list-prefix', ''], { cwd: tree.root, env: env(tree), extendEnv: false });
    const listed = new Map(stdout.split('\n').flatMap((line) => {
      const m = /^(\S+)(?:\s.*?)?\s+# (.*)$/.exec(line);
      return m ? [[m[1]!, m[2]!] as const] : [];
    }));
    for (const [name, comments] of written) {
      expect(comments, name).toHaveLength(1);
      expect(listed.get(name), name).toBe(comments[0]);
    }
  });

  it('just --summary lists the recipe', async () => {
    const { stdout } = await execa(JUST, ['--summary'], { cwd: tree.root, env: env(tree), extendEnv: false });
    expect(stdout.split(' ')).toContain('build-ui-js');
  });

  it("is formatted as just's own formatter writes it", async () => {
    const result = await execa(JUST, ['--unstable', '--fmt', '--check', '--justfile', join(tree.root, model.layout.just)], { reject: false, env: env(tree), extendEnv: false });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });
});
