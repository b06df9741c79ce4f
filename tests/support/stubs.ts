import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '../../generator/quote.js';

export interface StubOptions {
  /** Files the tool creates: `out-flag` creates the `--out:` path (nim), plus `.map` with `--sourcemap:on`. */
  createsOut?: boolean;
  /** Extra files created in the working directory when the source's base name matches (nim macros). */
  extraBySource?: Record<string, string[]>;
  /** Files created relative to the working directory on every run (cargo, stylus outputs). */
  outputFromArg?: 'dash-o';
}

/**
 * A recording stub: appends its argv as one JSON line (via jq) to a log whose path is baked
 * in, because tup passes commands only exported variables.
 */
export function writeStub(binDir: string, name: string, log: string, options: StubOptions = {}): string {
  mkdirSync(binDir, { recursive: true });
  const lines = ['#!/bin/bash', 'set -eu', `jq -cn '{cwd: $cwd, argv: $ARGS.positional}' --arg cwd "$PWD" --args -- "$@" >> ${shellQuote(log)}`];
  if (options.createsOut) {
    lines.push(
      'out="" source="" map=0',
      'for arg in "$@"; do',
      '  case $arg in',
      '    --out:*) out=${arg#--out:} ;;',
      // nim 1.6 turns source maps on for any --sourcemap, whatever its argument.
      '    --sourcemap | --sourcemap:*) map=1 ;;',
      '    -*) ;;',
      '    *) source=$arg ;;',
      '  esac',
      'done',
      '[ -n "$out" ] && : > "$out"',
      '[ "$map" = 1 ] && [ -n "$out" ] && : > "$out.map"',
      'base=${source##*/}',
      'case ${base%.nim} in',
    );
    for (const [stem, files] of Object.entries(options.extraBySource ?? {})) {
      lines.push(`  ${shellQuote(stem)}) ${files.map((f) => `: > ${shellQuote(f)}`).join('; ')} ;;`);
    }
    lines.push('esac');
  }
  if (options.outputFromArg === 'dash-o') {
    lines.push('while [ $# -gt 0 ]; do', '  if [ "$1" = -o ]; then : > "$2"; shift; fi', '  shift', 'done');
  }
  lines.push('exit 0', '');
  const path = join(binDir, name);
  writeFileSync(path, lines.join('\n'));
  chmodSync(path, 0o755);
  return path;
}

export interface Recorded {
  cwd: string;
  argv: string[];
}

export function readLog(log: string): Recorded[] {
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Recorded);
}

/**
 * A recording cargo: logs argv and the target directory (`--target-dir`, else CARGO_TARGET_DIR),
 * then creates <target dir>/<profile>/<package name from the manifest>, bare and with `.exe`
 * (Windows variants copy the latter).
 */
export function writeCargoStub(binDir: string, log: string): string {
  mkdirSync(binDir, { recursive: true });
  const script = [
    '#!/bin/bash',
    'set -eu',
    `jq -cn '{cwd: $cwd, targetDir: $dir, argv: $ARGS.positional}' --arg cwd "$PWD" --arg dir "\${CARGO_TARGET_DIR:-}" --args -- "$@" >> ${shellQuote(log)}`,
    'manifest=Cargo.toml profile=debug dir=${CARGO_TARGET_DIR:-}',
    'while [ $# -gt 0 ]; do',
    '  case $1 in',
    '    --manifest-path) manifest=$2; shift ;;',
    '    --target-dir) dir=$2; shift ;;',
    '    --release) profile=release ;;',
    '  esac',
    '  shift',
    'done',
    `name=$(sed -n 's/^name = "\\(.*\\)"/\\1/p' "$manifest" | head -n 1)`,
    'mkdir -p "$dir/$profile"',
    ': > "$dir/$profile/$name"',
    ': > "$dir/$profile/$name.exe"',
    '',
  ].join('\n');
  const path = join(binDir, 'cargo');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return path;
}
