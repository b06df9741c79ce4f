import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { NIX_PHASES_PATH, NIX_SHELL_PATH } from '../../generator/emit/nix.js';
import { model } from '../support/tree.js';
import { readLog, writeStub } from '../support/stubs.js';
import { env, parityRows, stubTools, substitute, surfaceTree, type Tree } from './support.js';

let tree: Tree;
let store: string;
/** The pinned nim's own log: a call that fell back to `nim` on PATH would land in tree.nimLog instead. */
let pinnedLog: string;

/** The packages the generated Nix files interpolate, as stub derivations (attribute sets with outPath). */
function stubPackages(): Record<string, unknown> {
  const drv = (name: string) => ({ outPath: join(store, name), out: { outPath: join(store, name) } });
  return {
    pkgs: { glibc: drv('glibc'), sqlite: drv('sqlite'), openssl: drv('openssl') },
    runtimeDeps: drv('runtime-deps'),
    'node-modules-derivation': drv('node-modules'),
    'upstream-nim-codetracer': drv('nim'),
  };
}

const nixValue = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : `{ ${Object.entries(value as object).map(([k, v]) => `${JSON.stringify(k)} = ${nixValue(v)};`).join(' ')} }`;

/** What `${a.b.c}` interpolates to with the stub packages. */
function placeholderValues(packages: Record<string, unknown>, names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => {
      let value: unknown = packages;
      for (const key of name.split('.')) value = (value as Record<string, unknown>)[key];
      return [name, typeof value === 'string' ? value : String((value as { outPath: string }).outPath)];
    }),
  );
}

function evaluate(file: string, packages: Record<string, unknown>): Record<string, string> {
  const expr = `import ${join(tree.root, file)} ${nixValue(packages)}`;
  return JSON.parse(execFileSync('nix-instantiate', ['--eval', '--strict', '--json', '-E', expr], { encoding: 'utf8' })) as Record<string, string>;
}

beforeAll(() => {
  tree = surfaceTree('nix');
  store = join(tree.logs, 'store');
  mkdirSync(join(store, 'nim', 'bin'), { recursive: true });
  pinnedLog = join(tree.logs, 'pinned-nim.jsonl');
  writeStub(join(store, 'nim', 'bin'), 'nim', pinnedLog, { createsOut: true });
});

describe('generated Nix files', () => {
  it.each([NIX_PHASES_PATH, NIX_SHELL_PATH])('%s parses', (file) => {
    execFileSync('nix-instantiate', ['--parse', join(tree.root, file)], { stdio: 'pipe' });
  });

  it('evaluate with a stub package set, and each build phase builds through the driver with the argv parity computed', async () => {
    const packages = stubPackages();
    const phases = evaluate(NIX_PHASES_PATH, packages);
    const calls = model.surfaces.invocations.filter((s) => parityRows.find((r) => r.id === s.legacy)?.surface === 'nix');
    const units = [...new Set(calls.map((c) => c.unit))];
    expect(Object.keys(phases).sort()).toEqual([...units].sort());

    const { patchShebangs: patchLog } = stubTools(tree, { patchShebangs: '' });
    for (const unit of units) {
      const text = phases[unit]!;
      // stdenv runs a phase with bash -e; shellcheck reads the same text as a script.
      writeFileSync(join(tree.logs, `${unit}.sh`), `#!/bin/bash\n${text}`);
      execFileSync('shellcheck', [join(tree.logs, `${unit}.sh`)]);
      await execa('bash', ['-e', '-c', text], { cwd: tree.root, env: env(tree), extendEnv: false });
    }

    const rows = parityRows.filter((r) => r.surface === 'nix');
    const order = units.flatMap((unit) => calls.filter((c) => c.unit === unit).map((c) => rows.find((r) => r.id === c.legacy)!));
    const names = [...new Set(order.flatMap((r) => [r.current.nim, ...r.current.argv].flatMap((w) => [...w.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1]!))))];
    const values = placeholderValues(packages, names);
    const want = order.map((r) => {
      const argv = r.current.argv.map((w) => substitute(w, values));
      argv[argv.length - 1] = join(tree.root, argv[argv.length - 1]!);
      return argv;
    });
    expect(readLog(pinnedLog).map((r) => r.argv)).toEqual(want);
    expect(readLog(tree.nimLog)).toEqual([]);
    expect(readLog(patchLog!).map((r) => r.argv)).toEqual(units.map(() => ['tools/build']));
  });

  it('the dev-shell hook pins nim and runs tup from the staged layout', async () => {
    const packages = stubPackages();
    const { shellHook } = evaluate(NIX_SHELL_PATH, packages);
    const { tup: tupLog } = stubTools(tree, { tup: '' });
    writeFileSync(join(tree.logs, 'hook.sh'), `#!/bin/bash\n${shellHook}`);
    execFileSync('shellcheck', [join(tree.logs, 'hook.sh')]);
    const { stdout } = await execa('bash', ['-e', '-c', `${shellHook}\nct_tup build-debug\nprintf '%s\\n' "$NIM" "$(command -v build_codetracer.sh)"`], { cwd: tree.root, env: env(tree), extendEnv: false });
    expect(stdout.split('\n')).toEqual([join(store, 'nim', 'bin', 'nim'), join(tree.root, 'tools', 'build', 'build_codetracer.sh')]);
    expect(readLog(tupLog!)).toEqual([{ cwd: join(tree.root, 'src', 'build'), argv: ['build-debug'] }]);
  });
});
