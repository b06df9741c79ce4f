import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import { CI_PATH } from '../../generator/emit/ci.js';
import { readLog } from '../support/stubs.js';
import { env, fileAt, stubTools, surfaceTree } from './support.js';

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

describe('CI workflow', () => {
  const workflow = fileAt(CI_PATH).content;

  it('is YAML as prettier formats it', async () => {
    expect(await format(workflow, { parser: 'yaml' })).toBe(workflow);
  });

  it('installs ct-gen, then runs ct-gen check and ct-gen lint on the checkout', async () => {
    const tree = surfaceTree('ci');
    const tools = stubTools(tree, { npm: '', npx: '' });
    // Where the Codetracer checkout keeps ct-gen (model surfaces.ci.ctGenDir).
    mkdirSync(join(tree.root, 'tools', 'ct-gen'), { recursive: true });
    const runs = steps(workflow).filter((s) => s.run);
    expect(runs).toHaveLength(3);
    for (const step of runs) {
      await execa('bash', ['-e', '-c', step.run!], { cwd: join(tree.root, step.workingDirectory ?? '.'), env: env(tree), extendEnv: false }).catch(async (error: unknown) => {
        throw new Error(`step ${step.run}: ${String(error)}`);
      });
    }
    const ctGen = join(tree.root, 'tools', 'ct-gen');
    expect(readLog(tools.npm!)).toEqual([{ cwd: ctGen, argv: ['ci'] }]);
    expect(readLog(tools.npx!)).toEqual([
      { cwd: ctGen, argv: ['ct-gen', 'check', '--dest', '../..'] },
      { cwd: ctGen, argv: ['ct-gen', 'lint', '../..'] },
    ]);
  });
});
