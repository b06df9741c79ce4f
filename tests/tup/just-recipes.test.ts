import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCodetracerTree } from '../support/codetracer-tree.js';
import { readLog, writeCargoStub, writeStub } from '../support/stubs.js';
import { JUST, tempDir } from '../support/tree.js';
import { model } from '../support/model.js';

/** The first nim artefact of the staged tree, relative to a staged root (the host is Linux: no suffix). */
const firstNimOutput = model.tup.nodes.flatMap((n) => n.rules).find((r) => r.kind === 'nim')!.output;

let root: string;
let env: NodeJS.ProcessEnv;
let logs: string;

const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env, encoding: 'utf8' });
// Codetracer's root justfile imports just/tup.just, so recipes run from the repository root.
const recipe = (name: string) => spawnSync(JUST, ['--justfile', 'just/tup.just', '--working-directory', '.', name], { cwd: root, env, encoding: 'utf8' });
const tracked = () => git('ls-files', '--others', '--ignored', '--exclude-standard', 'src').split('\n').filter(Boolean);

beforeAll(() => {
  root = tempDir('tup-just');
  writeCodetracerTree(root, model);
  logs = tempDir('tup-just-stubs');
  const bin = join(logs, 'bin');
  writeStub(bin, 'nim', join(logs, 'nim.log'), { createsOut: true, extraBySource: { tester: ['macro_sourcemap_tester.json'] } });
  writeStub(bin, 'stylus', join(logs, 'stylus.log'), { outputFromArg: 'dash-o' });
  writeCargoStub(bin, join(logs, 'cargo.log'));
  env = { PATH: `${bin}:${process.env.PATH}`, HOME: root, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'codetracer-shaped tree');
});

describe('generated tup recipes, run by real just', () => {
  it('list cleanly and are formatted as just formats them', () => {
    const summary = execFileSync(JUST, ['--justfile', 'just/tup.just', '--summary'], { cwd: root, encoding: 'utf8' }).trim().split(' ');
    expect(summary).toEqual(expect.arrayContaining(['tup-build-debug', 'tup-generate-debug', 'tup-clean', 'tup-monitor']));
    execFileSync(JUST, ['--justfile', 'just/tup.just', '--fmt', '--check', '--unstable'], { cwd: root });
  });

  it('generated-script build, the ADR clean-up sequence, then a FUSE build of the same tree', () => {
    const generated = recipe('tup-generate-debug');
    expect(generated.status, generated.stderr).toBe(0);
    expect(existsSync(join(root, `src/build/${firstNimOutput}`))).toBe(true);
    expect(existsSync(join(root, 'src/tup-generate.vardict'))).toBe(false);
    expect(tracked().every((p) => p.startsWith('src/build/'))).toBe(true);
    expect(git('status', '--porcelain')).toBe('');

    const cleaned = recipe('tup-clean');
    expect(cleaned.status, cleaned.stderr).toBe(0);
    expect(tracked()).toEqual([]);

    const nimRunsBefore = readLog(join(logs, 'nim.log')).length;
    const built = recipe('tup-build-debug');
    expect(built.status, built.stdout + built.stderr).toBe(0);
    expect(existsSync(join(root, `src/build-debug/build/${firstNimOutput}`))).toBe(true);
    expect(readLog(join(logs, 'nim.log')).length - nimRunsBefore).toBe(model.tup.nodes.flatMap((n) => n.rules.filter((r) => r.kind === 'nim')).length);
    expect(tracked().every((p) => p.startsWith('src/build-debug/build/') || p.startsWith('src/.tup/'))).toBe(true);
  });
});
