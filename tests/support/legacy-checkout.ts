import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { Model } from '../../model/schema/index.js';

/*
 * A synthetic checkout shaped like Codetracer at a387f8fa before the move onto the driver: the
 * files docs/migration.md edits, at the same paths and with the same structure (recipes,
 * derivations and their build phases, packaging scripts with their nim commands, CI steps, the
 * legacy Tup tree), written small for the tests. None of it is Codetracer's text.
 */

/** A test compile the model's lint allowlist lets the justfile keep: its first literal `sources` glob, as a file name. */
export function allowedJustfileTest(model: Model): string | undefined {
  const literal = (glob: string) => !/[$]|\{\{|\{.*,/.test(glob);
  const source = model.lint.allow.filter((a) => a.glob === 'justfile').flatMap((a) => a.sources ?? []).find(literal);
  return source?.replace(/\*\*?/g, 'sample').replace(/\?/g, 'x').replace(/\[[^\]]*\]/g, 'x');
}

/** The legacy Tup files: the rules, one Tupfile per directory of the model's staged tree, and one outside the Tup root. */
export const legacyTupFiles = (model: Model) => ['src/Tuprules.tup', ...model.tup.nodes.map((n) => posix.join('src', n.dir, 'Tupfile')), 'resources/fonts/Tupfile'];

/** The files whose nim commands `ct-gen lint` reports before the move, with how many each holds. */
export const legacyProductBuilds: Record<string, number> = {
  justfile: 6,
  'build_for_extension.sh': 2,
  'non-nix-build/build_with_nim.sh': 3,
  'appimage-scripts/build_with_nim.sh': 2,
  '.github/workflows/codetracer.yml': 4,
  'nix/packages/default.nix': 7,
  'repro.nim': 3,
  'src/Tuprules.tup': 2,
};

const justfile = (testSource: string | undefined) => `build:
  bash scripts/build.sh

build-once:
  bash scripts/build-once.sh

build-ui-js output:
  nim \\
    -d:ctRenderer \\
    --out:{{output}} \\
    js src/frontend/ui_js.nim

# The renderer with hot module reload.
build-ui-js-hmr output:
  nim -d:ctRenderer -d:ctHmr --out:{{output}} js src/frontend/ui_js.nim

# A small page for the reload tests.
build-hmr-fixture:
  nim -d:ctHmr --out:src/tests/hmr_fixture/main.js js src/tests/hmr_fixture/main.nim

test-hmr-fixture: build-hmr-fixture
  echo "fixture built"
${testSource ? `\ntest-allowed:\n  nim c -r --hints:off ${testSource}\n` : ''}
build-storybook-components:
  mkdir -p storybook/dist
  nim -d:ctRenderer --out:storybook/dist/components.js js src/frontend/storybook_components.nim

storybook: build-storybook-components
  echo "storybook"

${['demo-request-panel LANG="synthetic"', 'demo-request-panel-live LANG="synthetic" INTERVAL="2"']
  .map(
    (header) => `${header}:
  #!/usr/bin/env bash
  set -euo pipefail
  work="\${TMPDIR:-/tmp}/ct-demo"
  mkdir -p "$work"
  command -v nim >/dev/null
  nim c -d:release \\
    --out:"$work/demo_request_session" \\
    src/tools/demo_request_session.nim
  "$work/demo_request_session" "{{LANG}}"
`,
  )
  .join('\n')}`;

/** A JS build phase after the isonim staging: one nim command per [defines, output, source]. */
const isonimPhase = (builds: [string, string, string][], nim = '${nim-codetracer.out}/bin/nim2') => `prepareIsonimSiblings + ''
${builds.map(([args, out, source]) => `            ${nim} --path:"$ISONIM_STAGE/isonim/src" ${args} \\
              --out:./${out} js ${source}`).join('\n\n')}
          '';`;

const jsDerivation = (name: string, phase: string, outputs: string[]) => `        ${name} = stdenv.mkDerivation {
          name = "${outputs[0]}";
          inherit src;
          nativeBuildInputs = [ nim-codetracer ];
          # the isonim checkouts are staged first
          buildPhase = ${phase}
          installPhase = ''
            mkdir -p $out/bin
            cp ${outputs.map((o) => `./${o}`).join(' ')} $out/bin/
          '';
        };
`;

const nixPackages = `{ inputs, ... }:
{
  perSystem =
    {
      system,
      pkgs,
      ...
    }:
    let
      inherit (pkgs) stdenv;

      src = ../../.;
      prepareIsonimSiblings = ''
        export ISONIM_STAGE="$NIX_BUILD_TOP/isonim-stage"
      '';
    in
    {
      packages = rec {
        nim-codetracer = pkgs.nim;
        runtimeDeps = pkgs.symlinkJoin { name = "runtime-deps"; paths = [ ]; };
        node-modules-derivation = pkgs.nodeModules;

${jsDerivation('indexJavascript', isonimPhase([['-d:ctIndex', 'index.js', 'src/frontend/index.nim'], ['-d:ctIndex -d:server', 'server_index.js', 'src/frontend/index.nim']]), ['index.js', 'server_index.js'])}
${jsDerivation('subwindowJavascript', isonimPhase([['-d:ctRenderer', 'subwindow.js', 'src/frontend/subwindow.nim']], '${nim-codetracer}/bin/nim2'), ['subwindow.js'])}
${jsDerivation('uiJavascript', isonimPhase([['-d:ctRenderer', 'ui.js', 'src/frontend/ui_js.nim']]), ['ui.js'])}
        console = stdenv.mkDerivation {
          name = "console";
          inherit src;
          buildPhase = ''
            \${nim-codetracer.out}/bin/nim2 --out:./console c src/repl/repl.nim
          '';
        };

        codetracer = stdenv.mkDerivation rec {
          name = "codetracer";
          inherit src;
          buildPhase = ''
            ls -al \${runtimeDeps.outPath}/bin

            export RUNQUOTA_SRC="\${inputs.runquota}"

            \${nim-codetracer.out}/bin/nim2 -d:debug \\
              -d:codetracerPrefixConst=\${runtimeDeps.outPath}/ \\
              --out:ct c ./src/ct/codetracer.nim

            \${nim-codetracer.out}/bin/nim2 -d:debug \\
              --out:db-backend-record c ./src/ct/db_backend_record.nim
          '';
          installPhase = ''
            mkdir -p $out/bin
            cp ./ct $out/bin/
          '';
        };
      };
    };
}
`;

const ciBase = `{ pkgs, self', ... }:
{
  packages = [ self'.packages.nim-codetracer ];
  shellHook = ''
    ROOT_PATH=$(git rev-parse --show-toplevel)
    _ct_config="''\${CODETRACER_CONFIG:-debug}"
    case "$(uname -s)" in
      Darwin) _ct_build_dir="$ROOT_PATH/src/build-''\${_ct_config}-repro" ;;
      *)      _ct_build_dir="$ROOT_PATH/src/build-''\${_ct_config}" ;;
    esac
    export CODETRACER_BUILD_DIR="''\${CODETRACER_BUILD_DIR:-$_ct_build_dir}"
  '';
}
`;

const mainShell = `{
  pkgs,
  self',
}:
let
  base = import ./ci-base.nix { inherit pkgs self'; };
in
pkgs.mkShell {
  packages = base.packages;
  shellHook = base.shellHook + ''
    export RUST_LOG=info
  '';
}
`;

const preCommit = `{ pkgs }:
{
  excludes = [
    "^libs/"
    "\\\\.min\\\\.js$"
  ];
  hooks = {
    shellcheck.enable = true;
    shfmt.enable = true;
    nixfmt-rfc-style.enable = true;
  };
}
`;

const macosPackaging = `#!/usr/bin/env bash
# needs DIST_DIR
set -e

NIM=\${NIM:-nim}

GIT_ROOT=$(git rev-parse --show-toplevel)
export GIT_ROOT

echo "== nim build"

$NIM -d:release --out:"$DIST_DIR/bin/ct" c ./src/ct/codetracer.nim
codesign -s - --force --deep "\${DIST_DIR}/bin/ct"

$NIM -d:release --out:"$DIST_DIR/bin/db-backend-record" c ./src/ct/db_backend_record.nim

$NIM -d:ctIndex --out:"$DIST_DIR/index.js" js src/frontend/index.nim
cp "$DIST_DIR/index.js" "$DIST_DIR/src/index.js"

echo "== done"
`;

const appImagePackaging = `#!/usr/bin/env bash
# needs ROOT_PATH and APP_DIR
set -e

echo "== nim build"

pushd "$ROOT_PATH"
nim -d:release --out:"\${APP_DIR}/bin/ct_unwrapped" c ./src/ct/codetracer.nim
nim -d:ctIndex --out:"\${APP_DIR}/index.js" js src/frontend/index.nim
popd

echo "== done"
`;

const wheelStep = (os: string, passL: string) => `      - name: Build codetracer binaries (${os})
        run: |
          set -euo pipefail

          TARGET_DIR="build-python/src/ct/bin/\${{ matrix.target_os }}"
          mkdir -p "\${TARGET_DIR}"

          ./nim-2.2.6/bin/nim -d:release \\
            --passL:"${passL}" \\
            --out:"\${TARGET_DIR}/ct" c ./src/ct/codetracer.nim

          ./nim-2.2.6/bin/nim -d:release \\
            --out:"\${TARGET_DIR}/db-backend-record" c ./src/ct/db_backend_record.nim

          ./build-python/scripts/download_ct_remote.sh "\${TARGET_DIR}"
`;

const workflow = `name: codetracer
on: [push]
jobs:
  build-python-packages:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${wheelStep('Linux', '-l:libz.a')}
${wheelStep('MacOS', '$(pwd)/zlib-res/lib/libz.a')}`;

/** repro.nim's shape: the reprobuild DSL, the buildType variant, flag constants, two action templates and their calls. */
const repro = `import std/os

import repro_dsl_stdlib

let buildType = declareVariant[string](defaultValue = "debug", scopeName = "buildType")

proc buildDebugRoot(): string =
  let bt =
    try: buildType.value
    except EVariantNotResolved: "debug"
  "src/build-" & bt & "-repro"

proc buildDebugPath(path: string): string = buildDebugRoot() / path

const
  CommonDefines = @["ssl", "debug"]
  NimPaths = @["libs/nim-stew"]

package codeTracer:
  build:
    template ctNimJs(definesValue: seq[string]; outputPath, sourcePath: string): BuildActionDef =
      nim.js(
        defines = definesValue,
        mm = "refc",
        paths = NimPaths,
        output = outputPath,
        source = sourcePath)

    template ctNative(outputPath, sourcePath, nimcachePath: string): BuildActionDef =
      when defined(windows):
        nim.c(defines = CommonDefines, passL = @["-lz"], nimcache = nimcachePath, output = outputPath & ".exe", source = sourcePath)
      else:
        nim.c(defines = CommonDefines, passL = @["-lssl"], nimcache = nimcachePath, output = outputPath, source = sourcePath)

    let frontendUiJs = ctNimJs(
      definesValue = CommonDefines & @["ctRenderer"],
      outputPath = buildDebugPath("ui.js"),
      sourcePath = "src/frontend/ui_js.nim")
    target("frontend-ui-js", frontendUiJs)

    let ct = ctNative(
      nimcachePath = "/tmp/ct-nim-cache/ct",
      outputPath = buildDebugPath("bin/ct"),
      sourcePath = "src/ct/codetracer.nim")
    target("ct", ct)
`;

const tuprules = `NIM_FLAGS = -d:ctRenderer
!nim_js = |> ^ NIM %o^ nim $(NIM_FLAGS) --out:%o js %f |> %B.js
!nim_c = |> nim -d:debug --out:%o c %f |> %o
`;

/** Writes the legacy checkout; `src/build-<variant>/tup.config` of the host variants as Codetracer tracks them. */
export function writeLegacyCheckout(root: string, model: Model): void {
  const files: Record<string, string> = {
    justfile: justfile(allowedJustfileTest(model)),
    'scripts/build.sh': '#!/usr/bin/env bash\nset -euo pipefail\n\nif [ -n "${CT_REPRO:-}" ]; then\n  echo repro\nelse\n  cd src\n  "${TUP:-tup}" build-debug\n  "${TUP:-tup}" monitor -a\n  cd ../\n  echo "Run with: src/build-debug/bin/ct"\nfi\n',
    'scripts/build-once.sh': '#!/usr/bin/env bash\nset -euo pipefail\n\nct_tup_config="${CODETRACER_CONFIG:-debug}"\nct_tup_variant="build-${ct_tup_config}"\n\ncd src\n"${TUP:-tup}" "$ct_tup_variant"\ncd ..\n\nscripts/post-build-setcap.sh "src/$ct_tup_variant/bin/ct"\n',
    'ci/build/dev.sh': '#!/usr/bin/env bash\nset -e\n\nnode_modules/.bin/webpack\n\npushd src\ntup generate --config build-debug/tup.config tup-generated.sh\n./tup-generated.sh\nrm tup-generated.sh\npopd\n',
    'non-nix-build/env.sh': '#!/usr/bin/env bash\n_ct_config="${CODETRACER_CONFIG:-debug}"\ncase "$(uname -s)" in\nLinux) _ct_build_dir="$ROOT_DIR/src/build-${_ct_config}" ;;\n*) _ct_build_dir="$ROOT_DIR/src/build-${_ct_config}-repro" ;;\nesac\nexport CODETRACER_BUILD_DIR="${CODETRACER_BUILD_DIR:-$_ct_build_dir}"\n',
    'build_for_extension.sh': '#!/usr/bin/env bash\nset -e\n\nnim -d:ctRenderer --out:"$1" js src/frontend/ui_js.nim\nnim -d:ctInExtension --out:"$2" js src/frontend/middleware.nim\n\njust build-once\n',
    'non-nix-build/build_with_nim.sh': macosPackaging,
    'appimage-scripts/build_with_nim.sh': appImagePackaging,
    '.github/workflows/codetracer.yml': workflow,
    'nix/packages/default.nix': nixPackages,
    'repro.nim': repro,
    'nix/shells/main.nix': mainShell,
    'nix/shells/ci-base.nix': ciBase,
    'nix/pre-commit.nix': preCommit,
    '.gitignore': 'node_modules/\nnimcache/\nbuild-*/\n/build/\n',
    'src/Tupfile.ini': '',
    ...Object.fromEntries(legacyTupFiles(model).map((p) => [p, 'include_rules\n'])),
    'src/Tuprules.tup': tuprules,
    'src/ct/Tupfile': 'include_rules\n: codetracer.nim |> !nim_c |> ../bin/ct\n',
  };
  for (const variant of ['build-debug', 'build-release']) files[`src/${variant}/tup.config`] = 'CONFIG_DEBUG=1\n';
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
}
