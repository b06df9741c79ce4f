import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, posix, resolve } from 'node:path';
import { NIXOS_COMMANDS } from '../../generator/families/nixos/emit.js';
import { backToRoot } from '../../generator/host-words.js';
import { resolveSurfaces } from '../../generator/resolve/surfaces.js';
import { parts, isPhaseVariable, shellQuote } from '../../generator/quote.js';
import { outputPath, pickPlatform, resolveArgv } from '../../generator/resolve/argv.js';
import { surfaceArgv } from '../../generator/resolve/surface-call.js';
import type { GeneratedFile } from '../../generator/types.js';
import { packagingScript, PLACEHOLDER, type Layout, type Model, type SurfaceInvocation, type SurfaceKind } from '../../model/schema/index.js';
import { JUST } from '../support/tree.js';
import { parseYaml } from '../support/yaml.js';
import { calls, canaries, log, pinnedNim, run, writeStub, type Call, type Sandbox } from './sandbox.js';

/** The host units of one surface, as the emitters see them. */
const unitsOf = (model: Model, kind: SurfaceKind) => resolveSurfaces(model)[kind] ?? [];

/**
 * Runs the generated files of one model in its sandbox with recording stubs and returns what went
 * wrong: a failed run, an argv that is not exactly the resolver's (placeholders given test values
 * with a space and a quote), or a trace of an injected command.
 */
export type Check = (box: Sandbox, model: Model, files: readonly GeneratedFile[], fresh: Fresh) => string[];

/**
 * Whether a part of a check has not run yet on this content (`key`), noting that it now has: a
 * family's files change together, but a run depends on fewer of them (one Tup variant's config,
 * one packaging script).
 */
export type Fresh = (key: string) => boolean;

/** Generated text without the model digests' hex values (the driver's table and Tuprules' CT_DIGEST_*): they only name the model. */
export const withoutDigests = (text: string) => text.replace(/ model_digests='[^']*'/g, ' model_digests=').replace(/^(CT_DIGEST_\w+ = )[0-9a-f]+$/gm, '$1');

const contentOf = (files: readonly GeneratedFile[], paths: (path: string) => boolean) =>
  files
    .filter((f) => paths(f.path))
    .map((f) => `${f.path}\0${f.content}`)
    .join('\0');

const show = (value: unknown) => JSON.stringify(value);

/** `value` with each `${name}` replaced by `vars[name]`. */
const substitute = (value: string, vars: Readonly<Record<string, string>>) =>
  value.replace(PLACEHOLDER, (whole, name: string) => {
    const found = vars[name];
    if (found === undefined) throw new Error(`no test value for ${whole}`);
    return found;
  });

/** The placeholders of every value of some calls. */
const placeholdersOf = (calls: readonly SurfaceInvocation[]) => [
  ...new Set(calls.flatMap((c) => [c.nim, ...c.defines, ...c.flags, c.output ?? '', c.nimcache ?? '', ...c.alsoCopyTo]).flatMap((v) => parts(v).flatMap((p) => ('placeholder' in p ? [p.placeholder] : [])))),
];

/** A test value for a host variable: a directory inside the sandbox whose name has a space and a quote. */
const hostValue = (box: Sandbox, name: string) => join(box.root, 'host', `${name} it's`);

/** Compares recorded calls with the ones expected; a message per difference. */
function compare(what: string, got: readonly Call[], want: readonly { argv: string[]; program?: string }[]): string[] {
  const problems: string[] = [];
  if (got.length !== want.length) problems.push(`${what}: ${got.length} calls, expected ${want.length}: ${show(got.map((c) => c.argv))}`);
  want.forEach((w, i) => {
    const g = got[i];
    if (!g) return;
    if (show(g.argv) !== show(w.argv)) problems.push(`${what}: call ${i + 1} ran ${show(g.argv)}, expected ${show(w.argv)}`);
    if (w.program !== undefined && resolve(g.cwd, g.program) !== w.program) problems.push(`${what}: call ${i + 1} ran ${show(g.program)}, expected ${show(w.program)}`);
  });
  return problems;
}

function failed(what: string, result: ReturnType<typeof run>): string[] {
  if (result.status === 0) return [];
  return [`${what} exited ${result.status ?? result.error?.message}: ${(result.stderr ?? '').slice(-1500)}${(result.stdout ?? '').slice(-500)}`];
}

/**
 * The nim a call runs, as the driver finds it: `nim` on PATH (the stub), else the pinned path
 * (placeholders given), where a stub is put when it lies inside the sandbox and nothing is there
 * yet. Undefined when no stub can stand there (a name not on PATH, a path outside the sandbox or
 * one of the tree's own files or directories).
 */
function nimFor(box: Sandbox, nim: string, cwd: string): string | undefined {
  if (nim === 'nim') return join(box.bin, 'nim');
  const path = resolve(cwd, nim);
  if (!nim.includes('/') || !path.startsWith(`${box.root}/`) || existsSync(path)) return undefined;
  // Spelled as given: the kernel walks `dir/..` only through a directory that exists.
  pinnedNim(box, isAbsolute(nim) ? nim : `${cwd}/${nim}`);
  return path;
}

/**
 * Targets × profiles × platforms through the driver: the argv is the resolver's. The calls cover
 * every pair (each target with each profile, each with each platform), so every bundle a
 * profile, target or platform applies is in some call. A driver whose files differ from one
 * already run only in comments makes one call: a comment line cannot change an argv, and an
 * injected line would run on any call.
 */
export const driver: Check = (box, model, files, fresh) => {
  const code = contentOf(files, (p) => p === model.layout.driver || p === model.layout.flags).replace(/^\s*#.*$/gm, '');
  const pairs = model.targets.flatMap((t, ti) =>
    model.profiles.map((p, pi) => {
      const platform = model.platforms[(ti + pi) % model.platforms.length]!.name;
      return { target: t.name, profile: p.name, platform, output: `out/${ti}-${pi}` };
    }),
  );
  const covered = new Set(pairs.flatMap((c) => [`${c.target}\0${c.platform}`, `${c.profile}\0${c.platform}`]));
  const rest = model.targets.flatMap((t, ti) =>
    model.platforms.flatMap((pl) => (covered.has(`${t.name}\0${pl.name}`) ? [] : [{ target: t.name, profile: model.profiles[0]!.name, platform: pl.name, output: `out/${ti}-${pl.name}` }])),
  );
  const combos = fresh(code) ? [...pairs, ...rest] : pairs.slice(0, 1);
  const script = combos
    .map((c) => `bash ${shellQuote(model.layout.driver)} --target ${shellQuote(c.target)} --profile ${shellQuote(c.profile)} --platform ${shellQuote(c.platform)} --output ${shellQuote(c.output)} || exit $?`)
    .join('\n');
  const result = run(box, ['bash', '-c', script]);
  const want = combos.map((c) => ({ argv: resolveArgv(model, c.target, c.profile, { platform: c.platform, output: c.output, sourceRoot: box.root }).map((a) => a.value) }));
  return [...failed('the driver', result), ...compare('the driver', calls(box, 'nim'), want)];
};

/** Everything under `dir` that is not a generated file: what a run of the Tup script left. */
function removeOutputs(dir: string, keep: ReadonlySet<string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !entry.isSymbolicLink()) removeOutputs(path, keep);
    else if (!keep.has(path)) rmSync(path, { force: true });
  }
}

const byRun = (a: { cwd: string; argv: string[] }, b: { cwd: string; argv: string[] }) => (show([a.cwd, a.argv]) < show([b.cwd, b.argv]) ? -1 : 1);

/**
 * `tup generate` for each variant and the script it writes, from a clean staged tree: every nim
 * rule through the driver, in the rule's directory, with the resolver's argv (in Tup's order).
 */
export const tup: Check = (box, model, files, fresh) => {
  const problems: string[] = [];
  const src = join(box.root, 'src');
  const keep = new Set(files.map((f) => join(box.root, f.path)));
  const tree = withoutDigests(contentOf(files, (p) => p.startsWith('src/build/')));
  for (const variant of model.tup.variants) {
    // A variant builds from the staged tree and its own tup.config.
    if (!fresh(`${tree}\0${contentOf(files, (p) => p.startsWith(`src/${variant.dir}/`))}`)) continue;
    // Scratch inside the sandbox (a drive-letter scratch is relative on Linux), as CONFIG_SCRATCH allows.
    appendFileSync(join(src, variant.dir, 'tup.config'), `CONFIG_SCRATCH=${join(box.root, 'scratch')}\n`);
    const before = calls(box, 'nim').length;
    const generate = run(box, ['/usr/bin/tup', 'generate', '--config', `${variant.dir}/tup.config`, 'build/tup.sh'], { cwd: src });
    problems.push(...failed(`tup generate (${variant.dir})`, generate));
    if (generate.status !== 0) continue;
    const script = run(box, ['sh', 'build/tup.sh'], { cwd: src });
    problems.push(...failed(`the Tup script (${variant.dir})`, script));
    const platform = variant.platform ?? model.platforms.find((p) => p.tupPlatform === 'linux')?.name ?? model.platforms[0]!.name;
    const suffix = pickPlatform(model, platform).exeSuffix;
    const want = model.tup.nodes.flatMap((node) =>
      node.rules.flatMap((rule) => {
        if (rule.kind !== 'nim') return [];
        const target = model.targets.find((t) => t.name === rule.target)!;
        const output = posix.relative(node.dir, rule.output) + (target.kind === 'nim-c' ? suffix : '');
        return [{ argv: resolveArgv(model, rule.target, variant.profile, { output, sourceRoot: box.root, platform }).map((a) => a.value), cwd: join(src, 'build', node.dir) }];
      }),
    );
    const got = calls(box, 'nim').slice(before).sort(byRun);
    problems.push(...compare(`the Tup script (${variant.dir})`, got, want.sort(byRun)));
    got.forEach((c, i) => {
      if (want[i] && c.cwd !== want[i]!.cwd) problems.push(`the Tup script (${variant.dir}): call ${i + 1} ran in ${c.cwd}, expected ${want[i]!.cwd}`);
    });
    // The generated script writes under src/build only (and the scratch directory).
    removeOutputs(join(src, 'build'), keep);
    rmSync(join(src, 'tup-generate.vardict'), { force: true });
    rmSync(join(box.root, 'scratch'), { recursive: true, force: true });
  }
  return problems;
};

/** The nim, rpath, codesign and cp calls a packaging script makes, with its host variables set. */
export const packaging: Check = (box, model, files, fresh) => {
  const problems: string[] = [];
  for (const platform of model.packaging.platforms) {
    const units = unitsOf(model, platform.name as SurfaceKind);
    if (units.length === 0 || !fresh(contentOf(files, (p) => p === packagingScript(model.layout, platform.name)))) continue;
    const surfaceCalls = units.flatMap((u) => u.calls.map((c) => c.call));
    const vars = Object.fromEntries(placeholdersOf(surfaceCalls).map((name) => [name, name === 'PWD' ? box.root : hostValue(box, name)]));
    const nims = units.map((u) => nimFor(box, substitute(u.calls[0]!.call.nim, vars), box.root));
    const elsewhere = join(box.root, 'elsewhere');
    mkdirSync(elsewhere, { recursive: true });
    const before = Object.fromEntries(['nim', 'cp', platform.rpathTool, 'codesign'].map((tool) => [tool, calls(box, tool).length]));
    const result = run(box, ['bash', join(box.root, packagingScript(model.layout, platform.name))], { cwd: elsewhere, env: { ...vars, EXTRA_DEFINES: 'leaked' } });
    const what = `the ${platform.name} packaging script`;
    if (nims.some((n) => n === undefined)) {
      // A nim that cannot be stubbed: when nothing runnable is there, the driver must name it, exactly, and stop.
      const nim = substitute(units[nims.indexOf(undefined)]!.calls[0]!.call.nim, vars);
      const runnable = run(box, ['bash', '-c', 'type -P -- "$1"', 'lookup', nim]).status === 0;
      if (!runnable && !result.stderr.includes(`nim not found (${nim})`)) problems.push(`${what}: nim ${show(nim)} is not reported missing: ${result.stderr.slice(-500)}`);
      continue;
    }
    problems.push(...failed(what, result));
    const built = units.flatMap((u, i) =>
      u.calls.map(({ call }) => {
        const target = model.targets.find((t) => t.name === call.target)!;
        const artefact = substitute(outputPath(target, call.output === undefined ? {} : { output: call.output }, pickPlatform(model, call.platform)), vars);
        return { call, nim: nims[i]!, artefact, binary: platform.binaries.find((b) => b.target === call.target) };
      }),
    );
    const substituted = (call: SurfaceInvocation) => surfaceArgv(model, call, box.root).map((a) => substitute(a.value, vars));
    problems.push(...compare(`${what}: nim`, calls(box, 'nim').slice(before.nim), built.map((b) => ({ argv: substituted(b.call), program: b.nim }))));
    const flag = platform.rpathTool === 'patchelf' ? '--add-rpath' : '-add_rpath';
    problems.push(...compare(`${what}: ${platform.rpathTool}`, calls(box, platform.rpathTool).slice(before[platform.rpathTool]), built.flatMap((b) => (b.binary?.rpaths ?? []).map((rpath) => ({ argv: [flag, rpath, b.artefact] })))));
    problems.push(...compare(`${what}: codesign`, calls(box, 'codesign').slice(before.codesign), built.flatMap((b) => (b.binary && platform.codesign ? [{ argv: ['-s', '-', '--force', '--deep', b.artefact] }] : []))));
    problems.push(...compare(`${what}: cp`, calls(box, 'cp').slice(before.cp), built.flatMap((b) => b.call.alsoCopyTo.map((to) => ({ argv: ['--', b.artefact, substitute(to, vars)] })))));
    if (calls(box, 'nim').some((c) => c.argv.some((a) => a.includes('leaked')))) problems.push(`${what}: the caller's EXTRA_DEFINES reached nim`);
  }
  return problems;
};

/** The extension build with three arguments: its driver calls, then just, cargo and mv. */
export const extension: Check = (box, model) => {
  const units = unitsOf(model, 'extension');
  if (units.length === 0) return [];
  const args = ['ui dir/it\'s ui.js', 'mw dir/"mw".js', 'db dir/$db'].map((a) => join(box.root, 'args', a));
  const vars = Object.fromEntries(args.map((a, i) => [String(i + 1), a]));
  const surfaceCalls = units.flatMap((u) => u.calls.map((c) => c.call));
  for (const name of placeholdersOf(surfaceCalls)) vars[name] ??= hostValue(box, name);
  const nims = units.flatMap((u) => u.calls.map(() => nimFor(box, substitute(u.calls[0]!.call.nim, vars), box.root)));
  mkdirSync(join(box.root, 'src', 'db-backend'), { recursive: true });
  mkdirSync(join(box.root, 'elsewhere'), { recursive: true });
  const extra = Object.fromEntries(Object.entries(vars).filter(([k]) => !/^\d$/.test(k)));
  const result = run(box, ['bash', join(box.root, model.layout.extension), ...args], { cwd: join(box.root, 'elsewhere'), env: { ...extra, EXTRA_DEFINES: 'leaked' } });
  if (nims.some((n) => n === undefined)) return [];
  return [
    ...failed('the extension build', result),
    ...compare('the extension build: nim', calls(box, 'nim'), surfaceCalls.map((call, i) => ({ argv: surfaceArgv(model, call, box.root).map((a) => substitute(a.value, vars)), program: nims[i]! }))),
    ...compare('the extension build: just', calls(box, 'just'), [{ argv: ['build-once'] }]),
    ...compare('the extension build: mv', calls(box, 'mv'), [{ argv: ['src/db-backend/target/debug/db-backend', args[2]!] }]),
  ];
};

/** Every generated recipe, run by real just with its parameters. */
export const justRecipes: Check = (box, model) => {
  writeFileSync(join(box.root, 'justfile'), `import '${model.layout.just}'\n`);
  const problems: string[] = [];
  const summary = run(box, [JUST, '--summary']);
  problems.push(...failed('just --summary', summary));
  if (summary.status !== 0) return problems;
  // The parameters of each recipe, in order, as just reads them.
  const dump = JSON.parse(run(box, [JUST, '--dump', '--dump-format', 'json']).stdout) as { recipes: Record<string, { parameters: { name: string }[] }> };
  const cwd = join(box.root, 'src');
  for (const unit of unitsOf(model, 'just')) {
    const surfaceCalls = unit.calls.map((c) => c.call);
    const vars = Object.fromEntries(placeholdersOf(surfaceCalls).map((name) => [name, hostValue(box, name)]));
    const params = dump.recipes[unit.name]?.parameters.map((p) => p.name) ?? [];
    if (show([...params].sort()) !== show(Object.keys(vars).sort())) problems.push(`just ${unit.name} takes ${show(params)}, expected the placeholders ${show(Object.keys(vars))}`);
    const nim = nimFor(box, substitute(surfaceCalls[0]!.nim, vars), box.root);
    const before = calls(box, 'nim').length;
    const result = run(box, [JUST, unit.name, ...params.map((p) => vars[p] ?? '')], { cwd, env: { EXTRA_DEFINES: 'leaked' } });
    if (nim === undefined) continue;
    problems.push(...failed(`just ${unit.name}`, result));
    problems.push(...compare(`just ${unit.name}`, calls(box, 'nim').slice(before), surfaceCalls.map((call) => ({ argv: surfaceArgv(model, call, box.root).map((a) => substitute(a.value, vars)), program: nim }))));
  }
  return problems;
};

/** A Nix value for nix-instantiate's -E. */
const nixValue = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value).replace(/\$\{/g, '\\${') : `{ ${Object.entries(value as object).map(([k, v]) => `${JSON.stringify(k)} = ${nixValue(v)};`).join(' ')} }`;

/**
 * Stub packages for Nix placeholders: every attribute on the way to each placeholder is a set
 * whose outPath is a directory of the sandbox store named after its attribute path.
 */
function stubPackages(box: Sandbox, names: string[]): { packages: Record<string, unknown>; value: (name: string) => string } {
  const store = join(box.root, 'store');
  const packages: Record<string, unknown> = {};
  for (const name of names) {
    let node = packages;
    name.split('.').forEach((attr, i, all) => {
      node[attr] ??= { outPath: join(store, all.slice(0, i + 1).join('.')) };
      node = node[attr] as Record<string, unknown>;
    });
  }
  return { packages, value: (name) => join(store, name) };
}

/** The build phases, evaluated with stub packages and run by bash; the dev-shell hook and its ct_tup. */
export const nix: Check = (box, model) => {
  const units = unitsOf(model, 'nix');
  if (units.length === 0) return [];
  const problems: string[] = [];
  const surfaceCalls = units.flatMap((u) => u.calls.map((c) => c.call));
  const names = placeholdersOf(surfaceCalls);
  const { packages, value } = stubPackages(box, names.filter((n) => !isPhaseVariable(n)));
  const phaseVars = Object.fromEntries(names.filter(isPhaseVariable).map((n) => [n, hostValue(box, n)]));
  const vars = { ...Object.fromEntries(names.filter((n) => !isPhaseVariable(n)).map((n) => [n, value(n)])), ...phaseVars };
  const evaluate = (file: string) =>
    JSON.parse(execFileSync('nix-instantiate', ['--eval', '--strict', '--json', '-E', `import ${join(box.root, file)} ${nixValue(packages)}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as Record<string, string>;
  let phases: Record<string, string>;
  let shell: Record<string, string>;
  try {
    phases = evaluate(model.layout.nixPhases);
    shell = evaluate(model.layout.nixShell);
  } catch (error) {
    return [`nix-instantiate --eval: ${(error as { stderr?: string }).stderr ?? (error as Error).message}`];
  }
  const nim = nimFor(box, substitute(surfaceCalls[0]!.nim, vars), box.root);
  for (const unit of units) {
    const before = calls(box, 'nim').length;
    const result = run(box, ['bash', '-euo', 'pipefail', '-c', phases[unit.name] ?? 'exit 99'], { env: { ...phaseVars, EXTRA_DEFINES: 'leaked' } });
    if (nim === undefined) continue;
    problems.push(...failed(`the Nix phase ${unit.name}`, result));
    problems.push(...compare(`the Nix phase ${unit.name}`, calls(box, 'nim').slice(before), unit.calls.map(({ call }) => ({ argv: surfaceArgv(model, call, box.root).map((a) => substitute(a.value, vars)), program: nim }))));
  }
  const variant = model.tup.variants[0]!;
  const hook = run(box, ['bash', '-c', `${shell.shellHook}\nprintf '%s' "$NIM"\nct_tup ${shellQuote(variant.dir.slice('build-'.length))}`]);
  problems.push(...failed('the dev-shell hook', hook));
  if (hook.stdout !== substitute(surfaceCalls[0]!.nim, vars)) problems.push(`the dev-shell hook exports NIM=${show(hook.stdout)}, expected ${show(substitute(surfaceCalls[0]!.nim, vars))}`);
  problems.push(...compare('the dev-shell ct_tup', calls(box, 'tup'), [{ argv: [`../${variant.dir}`] }]));
  return problems;
};

/** The workflow read by a YAML parser; each `run` step executed by bash where it says, with node recorded. */
export const ci: Check = (box, model) => {
  const { ctGenDir, nodeVersion } = model.surfaces.ci;
  const parsed = parseYaml(readFileSync(join(box.root, model.layout.ci), 'utf8')) as {
    jobs: Record<string, { steps: { with?: Record<string, string>; 'working-directory'?: string; run?: string }[] }>;
  };
  const steps = Object.values(parsed.jobs).flatMap((j) => j.steps);
  const problems: string[] = [];
  const versions = steps.flatMap((s) => (s.with?.['node-version'] === undefined ? [] : [s.with['node-version']]));
  if (show(versions) !== show([nodeVersion])) problems.push(`the workflow's node-version is ${show(versions)}, expected ${show(nodeVersion)}`);
  const runs = steps.filter((s) => s.run !== undefined && s.run.startsWith('node '));
  // node is recorded only here: other tools (just's wrapper) run on node.
  const bin = join(box.root, '.ci-stubs');
  writeStub(join(bin, 'node'), log(box, 'node'));
  for (const step of runs) {
    if (step['working-directory'] !== ctGenDir) problems.push(`a step runs in ${show(step['working-directory'])}, expected ${show(ctGenDir)}`);
    mkdirSync(join(box.root, ctGenDir), { recursive: true });
    problems.push(...failed(`the step ${show(step.run)}`, run(box, ['bash', '-c', step.run!], { cwd: join(box.root, ctGenDir), env: { PATH: `${bin}:${box.env.PATH}` } })));
  }
  const root = backToRoot(ctGenDir);
  problems.push(...compare('the workflow', calls(box, 'node'), [{ argv: ['bin/ct-gen.js', 'check', '--dest', root] }, { argv: ['bin/ct-gen.js', 'lint', root] }]));
  return problems;
};

/** Each NixOS command's help: it runs, and shows the model's values exactly. */
export const nixos: Check = (box, model, files, fresh) => {
  const problems: string[] = [];
  const status = model.status;
  if (status === undefined) return problems;
  const shows: Record<(typeof NIXOS_COMMANDS)[number], string[]> = {
    'nixos-build-status': [`(default: ${status.logDir})`],
    'nixos-build-wrapper': [...status.targets.map((t) => `  ${t.name}: ${t.description}; actions: ${t.actions.map((a) => a.name).join(', ')}`), `(default: $NIXOS_BUILD_FLAKE or ${status.flake})`, `(default: ${status.logDir})`],
    'test-build-automation': [`default to ${status.automation.target} ${status.automation.action};`, `(default: ${status.flake})`, `(default: ${status.logDir})`],
  };
  for (const command of NIXOS_COMMANDS) {
    // A command's help reads its script and the library it sources.
    if (!fresh(contentOf(files, (p) => p === `${model.layout.nixosCommands}/${command}` || p === model.layout.nixosLibrary))) continue;
    const result = run(box, ['bash', join(box.root, model.layout.nixosCommands, command), '--help']);
    problems.push(...failed(`${command} --help`, result));
    for (const line of shows[command]) if (!result.stdout.includes(line)) problems.push(`${command} --help does not show ${show(line)}: ${result.stdout.slice(0, 2000)}`);
  }
  return problems;
};

/** Every check, by the files it covers: a check runs once per distinct content of its files. */
export const CHECKS: { name: string; files: (path: string, layout: Layout) => boolean; check: Check }[] = [
  { name: 'driver', files: (p, l) => p === l.driver || p === l.flags, check: driver },
  { name: 'tup', files: (p) => p.startsWith('src/'), check: tup },
  { name: 'packaging', files: (p, l) => ['appimage', 'macos', 'python-wheel'].some((name) => p === packagingScript(l, name)), check: packaging },
  { name: 'extension', files: (p, l) => p === l.extension, check: extension },
  { name: 'just', files: (p, l) => p === l.just || p === l.tupJust, check: justRecipes },
  { name: 'nix', files: (p, l) => p === l.nixPhases || p === l.nixShell, check: nix },
  { name: 'ci', files: (p, l) => p === l.ci, check: ci },
  { name: 'nixos', files: (p, l) => p.startsWith(`${l.nixosCommands}/`) || p === l.nixosLibrary, check: nixos },
];

/** The check and the canary search together. */
export function execute(box: Sandbox, model: Model, files: readonly GeneratedFile[], check: Check, fresh: Fresh): string[] {
  let problems: string[];
  try {
    problems = check(box, model, files, fresh);
  } catch (error) {
    problems = [`the check failed: ${(error as Error).stack ?? error}`];
  }
  return [...problems, ...canaries(box).map((c) => `an injected command ran: ${c}`)];
}
