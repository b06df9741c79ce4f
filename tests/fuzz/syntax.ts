import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { GeneratedFile } from '../../generator/types.js';
import type { Layout } from '../../model/schema/index.js';
import { parseYaml } from '../support/yaml.js';
import { JUST } from '../support/tree.js';

/** One distinct content of a generated file, and the files of the first model that generated it. */
export interface Distinct {
  path: string;
  content: string;
  files: readonly GeneratedFile[];
  /** Where the model that wrote it puts each family's files. */
  layout: Layout;
}


const isShell = (f: Distinct) => f.content.startsWith('#!/usr/bin/env bash') || f.path.endsWith('.sh') || f.path.endsWith('.env');

/**
 * The syntax checks of every distinct file, batched: `bash -n` in one loop, shellcheck with many
 * files per process (two processes) and `nim check` of one module importing every Nim module
 * (these start before the first await, so they run while the caller goes on),
 * `nix-instantiate --parse` with many files, `just --summary` per distinct recipe file, YAML (the
 * parser prettier ships) and JSON in process. Returns the problems of each file that has any.
 */
export async function syntaxProblems(dir: string, distinct: readonly Distinct[]): Promise<Map<Distinct, string[]>> {
  const problems = new Map<Distinct, string[]>();
  const add = (file: Distinct, problem: string) => problems.set(file, [...(problems.get(file) ?? []), problem]);
  const written = distinct.map((file, i) => {
    const at = join(dir, String(i));
    const write = (f: GeneratedFile) => {
      mkdirSync(dirname(join(at, f.path)), { recursive: true });
      writeFileSync(join(at, f.path), f.content);
    };
    write(file);
    // shellcheck -x reads the flags file the driver sources, and just the file ct-gen.just imports.
    const sibling = file.path === file.layout.driver ? file.layout.flags : file.path === file.layout.just ? file.layout.tupJust : undefined;
    const other = file.files.find((f) => f.path === sibling);
    if (other) write(other);
    return { file, full: join(at, file.path) };
  });
  const byPath = new Map(written.map((w) => [w.full, w.file]));

  const shell = written.filter((w) => isShell(w.file)).sort((a, b) => b.file.content.length - a.file.content.length);
  const halves = [shell.filter((_, i) => i % 2 === 0), shell.filter((_, i) => i % 2 === 1)].filter((h) => h.length > 0);
  const shellcheck = Promise.all(halves.map((half) => execa('shellcheck', ['-x', '-f', 'gcc', ...half.map((w) => w.full)], { reject: false, cwd: dir })));
  // The Nim modules, each imported by one module that nim checks once.
  const nimDir = join(dir, 'nim');
  mkdirSync(nimDir, { recursive: true });
  const nim = written.filter((w) => w.file.path.endsWith('.nim'));
  nim.forEach((w, i) => writeFileSync(join(nimDir, `m${i}.nim`), w.file.content));
  writeFileSync(join(nimDir, 'all.nim'), nim.length === 0 ? '' : `import ${nim.map((_, i) => `m${i}`).join(', ')}\n`);
  const nimCheck = execa('nim', ['check', '--hints:off', '--warnings:off', 'all.nim'], { reject: false, cwd: nimDir, all: true });

  const syntax = spawnSync('bash', ['-c', 'for f; do bash -n "$f" 2>&1 || printf "@@%s\\n" "$f"; done', 'check', ...shell.map((w) => w.full)], { encoding: 'utf8' });
  for (const line of syntax.stdout.split('\n')) if (line.startsWith('@@')) add(byPath.get(line.slice(2))!, `bash -n: ${syntax.stdout.slice(0, 2000)}`);

  const nix = written.filter((w) => w.file.path.endsWith('.nix'));
  const parse = (files: typeof nix) => spawnSync('nix-instantiate', ['--parse', ...files.map((w) => w.full)], { encoding: 'utf8' });
  if (nix.length > 0 && parse(nix).status !== 0) {
    for (const w of nix) {
      const one = parse([w]);
      if (one.status !== 0) add(w.file, `nix-instantiate --parse: ${one.stderr.slice(0, 2000)}`);
    }
  }

  for (const w of written.filter((w) => w.file.path === w.file.layout.just || w.file.path === w.file.layout.tupJust)) {
    const summary = spawnSync(JUST, ['--justfile', w.full, '--summary'], { encoding: 'utf8' });
    if (summary.status !== 0) add(w.file, `just --summary: ${summary.stderr.slice(0, 2000)}`);
  }

  for (const w of written.filter((w) => /\.ya?ml$/.test(w.file.path))) {
    try {
      parseYaml(w.file.content);
    } catch (error) {
      add(w.file, `YAML: ${(error as Error).message}`);
    }
  }

  for (const w of written.filter((w) => w.file.path.endsWith('.json'))) {
    try {
      JSON.parse(w.file.content);
    } catch (error) {
      add(w.file, `JSON: ${(error as Error).message}`);
    }
  }
  const checked = await nimCheck;
  for (const line of (checked.all ?? '').split('\n')) {
    const module = /\/m(\d+)\.nim\(\d+, \d+\) Error: /.exec(line)?.[1];
    if (module !== undefined) add(nim[Number(module)]!.file, `nim check: ${line.slice(line.indexOf('Error: '))}`);
  }
  if (checked.exitCode !== 0 && ![...problems.keys()].some((f) => f.path.endsWith('.nim'))) throw new Error(`nim check: ${checked.all}`);
  for (const result of await shellcheck) {
    for (const line of result.stdout.split('\n').filter(Boolean)) {
      const file = [...byPath.keys()].find((p) => line.startsWith(`${p}:`));
      if (file) add(byPath.get(file)!, `shellcheck: ${line.slice(file.length)}`);
      // A finding in the flags file the driver sources is reported with the flags file itself.
      else if (!written.some((w) => line.includes(w.file.layout.flags))) throw new Error(`shellcheck: ${line}`);
    }
    if (result.exitCode !== 0 && result.stdout === '') throw new Error(`shellcheck: ${result.stderr}`);
  }
  return problems;
}
