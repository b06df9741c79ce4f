import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BaselineVariant } from '../../generator/baseline/record.js';
import { tempDir } from '../support/tree.js';

/**
 * A small invented checkout shaped like Codetracer's legacy build: a Tup root in `src/` whose
 * Tuprules.tup picks debug or release flags by `@(DEBUG)` and adds a switch on win32, a rule
 * that globs over a directory only the build creates, and nim compiles in a justfile, a Nix
 * file, a shell script and a workflow. A stale variant directory holds a script that must not
 * be recorded.
 */
export const CHECKOUT: Record<string, string> = {
  'src/Tupfile.ini': '',
  'src/Tuprules.tup': `NIM_COMMON_FLAGS=\\
-d:asyncBackend=asyncdispatch\\
-d:nimOldCaseObjects\\
--mm:refc\\
--hints:off

ROOT = $(TUP_CWD)/../../

NIM_PATH_FLAGS=\\
--path:$(ROOT)/libs/x\\
--path:$(ROOT)/libs/y

NIM_DEBUG_FLAGS=\\
$(NIM_COMMON_FLAGS)\\
$(NIM_PATH_FLAGS)\\
-d:debug\\
--debugInfo

NIM_RELEASE_FLAGS=\\
$(NIM_COMMON_FLAGS)\\
$(NIM_PATH_FLAGS)\\
-d:release

ifeq (@(TUP_PLATFORM),win32)
NIM_PLATFORM_FLAGS = --passL:-lz
EXE_SUFFIX = .exe
else
NIM_PLATFORM_FLAGS =
EXE_SUFFIX =
endif

ifeq (@(DEBUG),0)
NIM_SELECTED = nim $(NIM_RELEASE_FLAGS)
else
NIM_SELECTED = nim $(NIM_DEBUG_FLAGS)
endif

!nim_c = |> ^ NIM %f^ $(NIM_SELECTED) $(NIM_PLATFORM_FLAGS) -d:ssl --out:%o c %f |>
!nim_js = |> $(NIM_SELECTED) -d:nodejs --out:%o js %f |>
!cp = |> cp %f %o |>
`,
  'src/Tupfile': `include_rules

: frontend/index.nim |> !nim_js |> index.js
`,
  'src/ct/Tupfile': `include_rules

: main.nim |> !nim_c |> ../bin/ct$(EXE_SUFFIX)
: helper.c |> cc -c %f -o %o |> helper.o
`,
  'src/public/Tupfile': `include_rules

: foreach dist/* |> !cp |> copied/%b
`,
  'src/ct/main.nim': 'echo "main"\n',
  'src/ct/helper.c': 'int helper(void) { return 1; }\n',
  'src/frontend/index.nim': 'echo "index"\n',
  'justfile': `default:
    just --list

build-ui output:
    nim -d:ctRenderer --out:{{ output }} js src/frontend/index.nim
`,
  'nix/ct.nix': `{ pkgs, nim }:
pkgs.stdenv.mkDerivation {
  name = "ct";
  buildPhase = ''
    \${nim}/bin/nim c -d:release --out:$out/bin/ct src/ct/main.nim
  '';
}
`,
  'scripts/build.sh': `#!/usr/bin/env bash
set -e
echo building
nim c -d:release --out:"$DIST/bin/ct" src/ct/main.nim
nim check src/ct/main.nim
`,
  '.github/workflows/ci.yml': `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: nim js -d:nodejs --out:index.js src/frontend/index.nim
`,
  'src/build-debug/stale.sh': '#!/bin/sh\nnim c -d:stale src/ct/main.nim\n',
};

/** Write the checkout into a new temporary directory, with a symbolic link in `src/` as Codetracer has. */
export function writeCheckout(files: Record<string, string> = CHECKOUT): string {
  const root = tempDir('baseline');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  if (existsSync(join(root, 'src/ct'))) symlinkSync('../frontend', join(root, 'src/ct/frontend-link'));
  return root;
}

/** Replace text in a checkout file; fails when the text is not there. */
export function edit(root: string, path: string, from: string, to: string): void {
  const text = readFileSync(join(root, path), 'utf8');
  if (!text.includes(from)) throw new Error(`${path} does not contain ${from}`);
  writeFileSync(join(root, path), text.replace(from, to));
}

export const VARIANTS: BaselineVariant[] = [
  { name: 'debug', dir: 'build-debug', profile: 'debug', config: [['CONFIG_PROFILE', 'debug'], ['CONFIG_DEBUG', '1']] },
  { name: 'release', dir: 'build-release', profile: 'release', config: [['CONFIG_PROFILE', 'release'], ['CONFIG_DEBUG', '0']] },
  { name: 'win32-debug', dir: 'build-win32-debug', profile: 'debug', platform: 'windows', config: [['CONFIG_PROFILE', 'debug'], ['CONFIG_TUP_PLATFORM', 'win32'], ['CONFIG_DEBUG', '1']] },
];
