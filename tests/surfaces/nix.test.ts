import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { differences } from '../../generator/parity/compare.js';
import { surfaceArgv } from '../../generator/resolve/surface-call.js';
import { covers } from '../../generator/parity/declarations.js';
import { normalise } from '../../generator/parity/normalise.js';
import { PLACEHOLDER } from '../../model/schema/index.js';
import { writeCodetracerTree } from '../support/codetracer-tree.js';
import { tempDir } from '../support/tree.js';
import { model } from '../support/model.js';
import { readLog, writeCargoStub, writeStub } from '../support/stubs.js';
import { env, parityArgv, parityRows, stubTools, substitute, surfaceTree, type Tree } from './support.js';

let tree: Tree;
let store: string;
/** The pinned nim's own log: a call that fell back to `nim` on PATH would land in tree.nimLog instead. */
let pinnedLog: string;
/** `${nim-codetracer.out}/bin/nim2` with the stub packages. */
let pinnedNim: string;

/**
 * The packages the generated Nix files interpolate, as stub derivations with two outputs, `bin`
 * first, as a multi-output package has them: `${drv}` and `${drv.outPath}` are the bin output,
 * `${drv.out}` another store path, so a phase that spells a package differently from legacy
 * builds with another path.
 */
function stubPackages(): Record<string, unknown> {
  const drv = (name: string) => {
    const bin = { outPath: join(store, `${name}-bin`) };
    return { outPath: bin.outPath, bin, out: { outPath: join(store, `${name}-out`) } };
  };
  return {
    pkgs: { glibc: drv('glibc'), sqlite: drv('sqlite'), openssl: drv('openssl') },
    runtimeDeps: drv('runtime-deps'),
    'node-modules-derivation': drv('node-modules'),
    'nim-codetracer': drv('nim'),
  };
}

const nixValue = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : `{ ${Object.entries(value as object).map(([k, v]) => `${JSON.stringify(k)} = ${nixValue(v)};`).join(' ')} }`;

/** The shell variables the phases expect the derivation to have set (prepareIsonimSiblings). */
const PHASE_VARIABLES = { ISONIM_STAGE: '/build/isonim stage' };

/** What each `${a.b.c}` in `words` interpolates to with the stub packages, and each phase variable's value. */
function placeholderValues(packages: Record<string, unknown>, words: string[]): Record<string, string> {
  const names = [...new Set(words.flatMap((w) => [...w.matchAll(PLACEHOLDER)].map((m) => m[1]!)))];
  return Object.fromEntries(
    names.map((name) => {
      if (name in PHASE_VARIABLES) return [name, PHASE_VARIABLES[name as keyof typeof PHASE_VARIABLES]];
      let value: unknown = packages;
      for (const key of name.split('.')) value = (value as Record<string, unknown>)[key];
      return [name, typeof value === 'string' ? value : String((value as { outPath: string }).outPath)];
    }),
  );
}

function evaluate(root: string, file: string, packages: Record<string, unknown>): Record<string, string> {
  const expr = `import ${join(root, file)} ${nixValue(packages)}`;
  return JSON.parse(execFileSync('nix-instantiate', ['--eval', '--strict', '--json', '-E', expr], { encoding: 'utf8' })) as Record<string, string>;
}

beforeAll(() => {
  tree = surfaceTree('nix');
  store = join(tree.logs, 'store');
  pinnedNim = join(store, 'nim-out', 'bin', 'nim2');
  mkdirSync(join(store, 'nim-out', 'bin'), { recursive: true });
  pinnedLog = join(tree.logs, 'pinned-nim.jsonl');
  writeStub(join(store, 'nim-out', 'bin'), 'nim2', pinnedLog, { createsOut: true });
});

describe('generated Nix files', () => {
  it.each([model.layout.nixPhases, model.layout.nixShell])('%s parses', (file) => {
    execFileSync('nix-instantiate', ['--parse', join(tree.root, file)], { stdio: 'pipe' });
  });

  it('evaluate with a stub package set; each build phase builds through the driver with the argv parity computed, and what legacy built', async () => {
    const packages = stubPackages();
    const phases = evaluate(tree.root, model.layout.nixPhases, packages);
    // The Nix calls: those replacing a Nix invocation, and new artefacts a Nix phase builds.
    const calls = model.surfaces.invocations.filter((s) => (s.legacy === undefined ? s.surface === 'nix' : parityRows.find((r) => r.id === s.legacy)?.surface === 'nix'));
    const units = [...new Set(calls.map((c) => c.unit))];
    expect(Object.keys(phases).sort()).toEqual([...units].sort());

    const { patchShebangs: patchLog } = stubTools(tree, { patchShebangs: '' });
    for (const unit of units) {
      const text = phases[unit]!;
      // stdenv runs a phase with bash -e; shellcheck reads the same text as a script.
      writeFileSync(join(tree.logs, `${unit}.sh`), `#!/bin/bash\n${text}`);
      execFileSync('shellcheck', [join(tree.logs, `${unit}.sh`)]);
      await execa('bash', ['-e', '-c', text], { cwd: tree.root, env: env(tree, { EXTRA_DEFINES: 'leaked', ...PHASE_VARIABLES }), extendEnv: false });
    }

    // In phase order, each call's argv as the resolver gives it with the checkout at the tree's root:
    // for a call replacing a legacy invocation, that is the argv parity computed (parityArgv checks it).
    const ordered = units.flatMap((unit) => calls.filter((c) => c.unit === unit));
    const rootedArgv = ordered.map((c) => surfaceArgv(model, c, tree.root).map((a) => a.value));
    const values = placeholderValues(packages, rootedArgv.flat());
    const want = rootedArgv.map((argv) => argv.map((w) => substitute(w, values)));
    expect(want).toEqual(parityArgv('nix', tree.root, values));
    const rows = ordered.flatMap((c) => (c.legacy === undefined ? [] : [parityRows.find((r) => r.id === c.legacy)!]));
    const recorded = readLog(pinnedLog);
    expect(recorded.map((r) => r.argv)).toEqual(want);
    expect(recorded.flatMap((r) => r.argv).filter((w) => w.includes('leaked'))).toEqual([]);
    expect(readLog(tree.nimLog)).toEqual([]);
    expect(readLog(patchLog!).map((r) => r.argv)).toEqual(units.map(() => ['tools/build']));

    // The same store paths legacy interpolated: what differs is exactly what the model declares for
    // that row (parity's declared changes, their values interpolated with the same stub packages).
    const recordedOf = (id: string) => recorded[ordered.findIndex((c) => c.legacy === id)]!;
    const changes = rows.map((row) => {
      const legacy = model.legacy.invocations.find((l) => l.id === row.id)!;
      const values = placeholderValues(packages, [legacy.nim, ...legacy.argv, ...row.declared.flatMap((d) => [d.from ?? '', d.to ?? ''])]);
      const before = normalise(substitute(legacy.nim, values), legacy.argv.map((w) => substitute(w, values)), { cwd: legacy.cwd });
      const after = normalise(pinnedNim, recordedOf(row.id).argv, { sourceRoot: tree.root });
      const declared = row.declared.map((d) => ({ ...d, from: d.from === undefined ? undefined : substitute(d.from, values), to: d.to === undefined ? undefined : substitute(d.to, values) }));
      const diffs = differences(before, after);
      return { id: row.id, undeclared: diffs.filter((d) => !declared.some((c) => covers(c, d))).map((d) => d.text), missing: declared.filter((c) => !diffs.some((d) => covers(c, d))).map((c) => c.setting) };
    });
    expect(changes.filter((c) => c.undeclared.length + c.missing.length > 0)).toEqual([]);
    // The model does declare changes here, so the comparison above is not vacuous.
    expect(rows.some((r) => r.declared.length > 0)).toBe(true);
  });
});

describe('the dev-shell hook, with real tup', () => {
  let root: string;
  let hook: string;
  let bin: string;
  let logs: string;
  const shell = (script: string) =>
    spawnSync('bash', ['-e', '-c', `${hook}\n${script}`], { cwd: root, env: { PATH: `${bin}:${process.env.PATH}`, HOME: root }, encoding: 'utf8' });

  beforeAll(() => {
    root = tempDir('dev-shell');
    writeCodetracerTree(root, model);
    logs = tempDir('dev-shell-stubs');
    bin = join(logs, 'bin');
    writeStub(bin, 'nim', join(logs, 'nim.log'), { createsOut: true, extraBySource: { tester: ['macro_sourcemap_tester.json'] } });
    writeStub(bin, 'stylus', join(logs, 'stylus.log'), { outputFromArg: 'dash-o' });
    writeCargoStub(bin, join(logs, 'cargo.log'));
    mkdirSync(join(store, 'nim-out', 'bin'), { recursive: true });
    ({ shellHook: hook } = evaluate(root, model.layout.nixShell, stubPackages()) as { shellHook: string });
  });

  it('passes shellcheck', () => {
    writeFileSync(join(logs, 'hook.sh'), `#!/bin/bash\n${hook}`);
    execFileSync('shellcheck', [join(logs, 'hook.sh')]);
  });

  it('pins nim and puts the driver on PATH', () => {
    const run = shell(`printf '%s\\n' "$NIM" "$(command -v build_codetracer.sh)"`);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([pinnedNim, join(root, 'tools', 'build', 'build_codetracer.sh')]);
  });

  it('ct_tup debug builds the debug variant from src/build, as just tup-build-debug does', () => {
    const nimRules = model.tup.nodes.flatMap((n) => n.rules.filter((r) => r.kind === 'nim')).length;
    const run = shell('ct_tup debug');
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(existsSync(join(root, `src/build-debug/build/${model.tup.nodes.flatMap((n) => n.rules).find((r) => r.kind === 'nim')!.output}`))).toBe(true);
    expect(existsSync(join(root, 'src/build/bin'))).toBe(false);
    // Tuprules.tup exports NIM, so the driver runs the dev shell's pinned nim, not the one on PATH.
    const runs = readLog(pinnedLog).filter((r) => r.cwd.startsWith(root));
    expect(runs).toHaveLength(nimRules);
    expect(runs.every((r) => r.cwd.startsWith(join(root, 'src/build-debug/build')))).toBe(true);
    expect(readLog(join(logs, 'nim.log'))).toEqual([]);
  });

  it('takes the variant directory too, and nothing else', () => {
    const again = shell('ct_tup build-debug');
    expect(again.status, again.stdout + again.stderr).toBe(0);
    const bad = shell('ct_tup build-debug extra || echo "status $?"');
    expect(bad.stdout.trim()).toBe('status 2');
    const usage = `usage: ct_tup ${model.tup.variants.map((v) => v.dir.slice('build-'.length)).join('|')}`;
    expect(bad.stderr.trim()).toBe(`ct_tup: unknown variant 'build-debug extra'; ${usage}`);
    const none = shell('ct_tup || echo "status $?"');
    expect(none.stdout.trim()).toBe('status 2');
    expect(none.stderr.trim()).toBe(usage);
  });
});
