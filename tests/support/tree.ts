import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { GeneratedFile } from '../../generator/types.js';
import { TEMP_ROOT_ENV } from './temp-root.js';

/** git in `cwd`, with an author set, so that commits work on any machine; throws with git's output when it fails. */
export const git = (cwd: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, stdio: 'pipe' });

/** A new directory named after `prefix`, under the run's temp root (tests/support/temp-root.ts) when there is one. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(process.env[TEMP_ROOT_ENV] || tmpdir(), `ct-gen-${prefix}-`));
}

export function writeTree(root: string, files: readonly GeneratedFile[]): void {
  for (const file of files) {
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    chmodSync(path, file.mode ?? 0o644);
  }
}

let interpreter: string | undefined;

/**
 * The Python 3 that `python3` on PATH runs, as a path, found once: a version manager's shim on
 * PATH (pyenv's) costs several times the interpreter's own start-up on every call.
 */
export function python3(): string {
  interpreter ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim() || 'python3';
  return interpreter;
}

const modules = join(import.meta.dirname, '..', '..', 'node_modules');
/** rust-just's own binary: its `.bin` wrapper starts node (yargs, execa) for every call. */
export const JUST = [join(modules, `rust-just-${process.platform}-${process.arch}`, 'bin', 'just'), join(modules, '.bin', 'just')].find((p) => existsSync(p))!;

/**
 * Splits shell command lines as Python's shlex does (an independent check of our quoting), in one
 * process. A line shlex cannot split (an unclosed quote) throws, naming the line.
 */
export function shlexSplitAll(lines: readonly string[]): string[][] {
  const script = [
    'import json,shlex,sys',
    'def split(l):',
    '  try: return shlex.split(l)',
    '  except ValueError as e: return {"error": str(e)}',
    'print(json.dumps([split(l) for l in json.load(sys.stdin)]))',
  ].join('\n');
  const split = JSON.parse(execFileSync(python3(), ['-c', script], { input: JSON.stringify(lines), encoding: 'utf8' })) as (string[] | { error: string })[];
  return split.map((words, i) => {
    if (!Array.isArray(words)) throw new Error(`shlex cannot split ${JSON.stringify(lines[i])}: ${words.error}`);
    return words;
  });
}

/** One line split as `shlexSplitAll` splits each. */
export const shlexSplit = (line: string): string[] => shlexSplitAll([line])[0]!;

/** Every file under `dir` (none when it does not exist), by path relative to it, with its text. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const packageDir = join(import.meta.dirname, '..', '..');

/** What a copy of the ct-gen package holds: package.json, its `files` and `extra` entries (e.g. `dist`, `tsconfig.tests.json`). */
export function packageEntries(...extra: string[]): string[] {
  const { files } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { files: string[] };
  return ['package.json', ...files, ...extra];
}
