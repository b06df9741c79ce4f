import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expandExtraOutputs } from '../../model/schema/names.js';
import type { Model } from '../../model/schema/index.js';

/*
 * Helpers for the tests that run real nim (tests/realnim): stand-in sources, the model's Tup
 * variants and platforms in either model shape, bounded parallel runs, and locks on the fixed
 * nimcache directories that several test files may build into at once.
 */

/**
 * The model's platform for this machine: the first whose `uname` globs match `uname -s`, as the
 * driver picks it. Undefined for a model from before build platforms.
 */
export function hostPlatform(model: Model): string | undefined {
  const platforms = (model as unknown as { platforms?: { name: string; uname?: string[] }[] }).platforms ?? [];
  if (platforms.length === 0) return undefined;
  const host = execFileSync('uname', ['-s'], { encoding: 'utf8' }).trim();
  const glob = (g: string) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  const found = platforms.find((p) => (p.uname ?? []).some((g) => glob(g).test(host)));
  if (!found) throw new Error(`no platform of the model matches this host ('${host}'); known: ${platforms.map((p) => p.name).join(', ')}`);
  return found.name;
}

/** A Tup variant: its directory under src/, the profile it builds and its platform (none: the host's). */
export interface TupVariantInfo {
  dir: string;
  profile: string;
  platform?: string;
}

/**
 * The model's Tup variants, whether they live in `tup.variants[]` (`{ dir, profile, platform? }`)
 * or, as before build platforms, in `profiles[].tup.variantDir`.
 */
export function tupVariants(model: Model): TupVariantInfo[] {
  const loose = model as unknown as {
    tup: { variants?: { dir: string; profile: string; platform?: string }[] };
    profiles: { name: string; tup?: { variantDir: string } }[];
  };
  if (Array.isArray(loose.tup.variants)) {
    return loose.tup.variants.map((v) => ({ dir: v.dir, profile: v.profile, ...(v.platform === undefined ? {} : { platform: v.platform }) }));
  }
  return loose.profiles.flatMap((p) => (p.tup ? [{ dir: p.tup.variantDir, profile: p.name }] : []));
}

/** The first variant that builds for this host: no platform of its own, or the host's. */
export function hostVariant(model: Model): TupVariantInfo {
  const host = hostPlatform(model);
  const variant = tupVariants(model).find((v) => v.platform === undefined || v.platform === host);
  if (!variant) throw new Error(`the model has no Tup variant for this host (${host})`);
  return variant;
}

/** The model's build platforms (none in a model from before `--platform`). */
export function modelPlatforms(model: Model): string[] {
  const platforms = (model as unknown as { platforms?: { name: string }[] }).platforms;
  return (platforms ?? []).map((p) => p.name);
}

/** Compile-time values a stand-in prints when set: `--extra-define`/`--extra-flag` probes. */
export const PROBES = { define: 'ctGenDefine', flag: 'ctGenFlag' } as const;

/** The line a stand-in artefact prints: its source path, since two targets may share a source. */
export const standInLine = (source: string) => `${source} ok`;

/**
 * The files a target's own macros write in nim's working directory: its extra-output patterns
 * without `{out}` or `{dir}` (nim itself writes only beside the artefact), expanded for every
 * artefact name the target gets (its own, and those of its Tup rules).
 */
function macroOutputs(model: Model, source: string): string[] {
  const files = new Set<string>();
  for (const target of model.targets.filter((t) => t.source === source)) {
    const patterns = target.extraOutputs.filter((p) => !/\{(out|dir)\}/.test(p));
    const names = [target.output, ...model.tup.nodes.flatMap((n) => n.rules.flatMap((r) => (r.kind === 'nim' && r.target === target.name ? [r.output] : [])))];
    for (const name of names) for (const file of expandExtraOutputs(patterns, name)) files.add(file);
  }
  return [...files].sort();
}

/**
 * A stand-in for a nim source: prints its line, prints the probes when they are defined, and
 * writes at compile time the files the real module's macros would (Tup requires every declared
 * output to appear).
 */
export function standInSource(model: Model, source: string): string {
  return [
    `echo ${JSON.stringify(standInLine(source))}`,
    ...Object.values(PROBES).flatMap((name) => [`const ${name} {.strdefine.} = ""`, `when ${name}.len > 0: echo "${name}=", ${name}`]),
    ...macroOutputs(model, source).map((file) => `static: writeFile(${JSON.stringify(file)}, "{}\\n")`),
    '',
  ].join('\n');
}

/** Writes a stand-in at every target's source below root; returns the sources written. */
export function writeStandIns(root: string, model: Model): string[] {
  const sources = [...new Set(model.targets.map((t) => t.source))];
  for (const source of sources) {
    const path = join(root, source);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, standInSource(model, source));
  }
  return sources;
}

export interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to completion without throwing: a spawn failure is a null status with the error as stderr. */
export function run(command: string, args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? { PATH: process.env.PATH! }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => resolve({ status: null, stdout, stderr: `${stderr}${String(error)}`, ms: Date.now() - start }));
    child.on('close', (status) => resolve({ status, stdout, stderr, ms: Date.now() - start }));
  });
}

/**
 * Starts `jobs` at most `width` at a time; jobs with the same key (the same nimcache) run one
 * after another. Returns one promise per job, in order. Jobs must not reject.
 */
export function runBounded<T>(jobs: readonly { key: string; run: () => Promise<T> }[], width: number): Promise<T>[] {
  const chains = new Map<string, number[]>();
  jobs.forEach((job, i) => chains.set(job.key, [...(chains.get(job.key) ?? []), i]));
  const queue = [...chains.values()];
  const settle: ((value: T) => void)[] = [];
  const promises = jobs.map(() => new Promise<T>((resolve) => settle.push(resolve)));
  const worker = async () => {
    for (let chain = queue.shift(); chain; chain = queue.shift()) {
      for (const i of chain) settle[i]!(await jobs[i]!.run());
    }
  };
  for (let w = 0; w < width; w++) void worker();
  return promises;
}

/**
 * A lock file for a nimcache directory shared across test files (a target's fixed nimcache
 * under /tmp): nim corrupts a cache two processes write at once. Kept outside the cache itself.
 */
export function nimcacheLock(dir: string): string {
  return join(tmpdir(), `ct-gen-nimcache-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}.lock`);
}

/** `command args` holding every lock (flock(1), taken in sorted order so two holders cannot deadlock). */
export function underLocks(locks: readonly string[], command: string, args: readonly string[]): [string, string[]] {
  const sorted = [...new Set(locks)].sort();
  if (sorted.length === 0) return [command, [...args]];
  return ['flock', [sorted[0]!, ...sorted.slice(1).flatMap((lock) => ['flock', lock]), command, ...args]];
}

/** The value of the first `--name:value` word of a nim argv, if any. */
export const switchValue = (argv: readonly string[], name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}:`))?.slice(name.length + 3);

/** Runs an artefact: native ones directly, JS bundles under the node running the tests. */
export function runArtefact(path: string, kind: 'native' | 'js', cwd: string): Promise<Ran> {
  return kind === 'js' ? run(process.execPath, [path], { cwd }) : run(path, [], { cwd });
}

