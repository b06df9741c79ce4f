import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { shellQuote } from '../../generator/quote.js';
import type { GeneratedFile } from '../../generator/types.js';
import type { Model } from '../../model/schema/index.js';
import { declaredSources } from '../support/codetracer-tree.js';
import { writeTree } from '../support/tree.js';
import { CANARY } from './hostile.js';

/**
 * Where the generated scripts of a fuzzed model run: a temp tree with the model's sources and
 * files, and recording stubs first on PATH for every tool they call (`mkdir`, `cp` and `mv`
 * too). A stub appends its argv to its tool's log and does nothing else, so a script with a
 * hostile path writes nothing outside the sandbox; `touch`, which no generated file runs,
 * records the canary commands the hostile strings hide.
 */
export interface Sandbox {
  root: string;
  bin: string;
  /** The tool logs, by tool name. */
  logs: string;
  env: Record<string, string>;
}

/** A call a stub recorded: the program as called (`$0`), where, and its arguments. */
export interface Call {
  program: string;
  cwd: string;
  argv: string[];
}

/** Tools the generated files call; each gets a recording stub. */
export const STUBBED = ['nim', 'cargo', 'stylus', 'stylus.cmd', 'cp', 'mv', 'mkdir', 'touch', 'patchelf', 'install_name_tool', 'codesign', 'just', 'patchShebangs', 'tup', 'nh', 'nom'];

/** A recording stub at `path` that logs to `log` and does nothing else (a POSIX sh script: dash starts fast). */
export function writeStub(path: string, log: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!/bin/sh\nprintf '%s\\0' "$#" "$0" "$PWD" "$@" >> ${shellQuote(log)}\n`);
  chmodSync(path, 0o755);
}

export function readCalls(log: string): Call[] {
  if (!existsSync(log)) return [];
  const fields = readFileSync(log, 'utf8').split('\0');
  const calls: Call[] = [];
  let i = 0;
  while (i < fields.length - 1) {
    const count = Number(fields[i]);
    calls.push({ program: fields[i + 1]!, cwd: fields[i + 2]!, argv: fields.slice(i + 3, i + 3 + count) });
    i += 3 + count;
  }
  return calls;
}

/** The sandbox of a model: its declared sources, the generated files, stubs and their logs. */
export function sandbox(root: string, model: Model, files: readonly GeneratedFile[]): Sandbox {
  mkdirSync(root, { recursive: true });
  const top = realpathSync(root);
  for (const [path, content] of declaredSources(model)) {
    mkdirSync(dirname(join(top, path)), { recursive: true });
    writeFileSync(join(top, path), content);
  }
  writeFileSync(join(top, 'src', 'Tupfile.ini'), '');
  writeTree(top, files);
  const bin = join(top, '.stubs');
  const logs = join(top, '.logs');
  mkdirSync(logs, { recursive: true });
  for (const tool of STUBBED) writeStub(join(bin, tool), join(logs, tool.replace(/\W/g, '_')));
  return { root: top, bin, logs, env: { PATH: `${bin}:/usr/bin:/bin`, HOME: top, LANG: 'C.UTF-8' } };
}

/** A nim stub at `path` (a pinned nim), logging with the driver's nim. */
export function pinnedNim(box: Sandbox, path: string): void {
  // mkdir -p walks the path as spelled (`a/@x/../b` makes a/@x), as the shell will.
  execFileSync('mkdir', ['-p', '--', dirname(path)]);
  writeStub(path, log(box, 'nim'));
}

export const log = (box: Sandbox, tool: string) => join(box.logs, tool.replace(/\W/g, '_'));
export const calls = (box: Sandbox, tool: string) => readCalls(log(box, tool));

/** Every trace of an injected command: a `touch` call, or a file named as the canary anywhere in the sandbox. */
export function canaries(box: Sandbox): string[] {
  const found = calls(box, 'touch').map((c) => `touch ${JSON.stringify(c.argv)} in ${c.cwd}`);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === CANARY) found.push(`file ${join(dir, entry.name)}`);
      if (entry.isDirectory() && !entry.isSymbolicLink()) walk(join(dir, entry.name));
    }
  };
  walk(box.root);
  return found;
}

/** Run a command in the sandbox; its exit status and output. */
export function run(box: Sandbox, argv: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}) {
  const result = spawnSync(argv[0]!, argv.slice(1), {
    cwd: options.cwd ?? box.root,
    env: { ...box.env, ...options.env },
    encoding: 'utf8',
    input: options.input,
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, error: result.error };
}
