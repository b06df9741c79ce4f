import type { z } from 'zod';
import type { LegacySchema } from '../schema/index.js';

/*
 * The nim invocations of Codetracer's build surfaces at commit a387f8fa outside Tup (whose
 * invocations are recorded in baseline.json by `ct-gen baseline`), as each command saw its words
 * after the host's quote removal. Host variables stay symbolic as `${name}`. Every entry but
 * reprobuild's is the recorded one of baseline.json word for word (tests compare them); reprobuild's
 * typed actions are read off repro.nim here, as its nim interface renders them.
 */

/** nix/packages/default.nix: the JS phases pass the isonim checkouts that prepareIsonimSiblings stages under $ISONIM_STAGE. */
const ISONIM_PATHS = ['isonim', 'isonim-tui', 'isonim-gpui', 'nim-everywhere', 'nim-termctl', 'nim-pty', 'nim-acp', 'nim-agent-harbor', 'nim-agents']
  .map((repo) => `--path:\${ISONIM_STAGE}/${repo}/src`);

/** nix/packages/default.nix lines 1045-1060 and 1063-1078 share these words up to -d:ctEntrypoint. */
const NIX_BINARY = [
  '-d:debug', '-d:asyncBackend=asyncdispatch',
  '--mm:refc', '--hints:off', '--warnings:off',
  '--debugInfo', '--lineDir:on',
  '--boundChecks:on', '--stacktrace:on', '--linetrace:on',
  '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true',
  '-d:chronicles_timestamps=UnixTime',
  '-d:ssl',
  '-d:ctTest', '-d:testing', '--hint[XDeclaredButNotUsed]:off',
  '-d:codetracerPrefixConst=${runtimeDeps.outPath}/',
  '-d:libcPath=${pkgs.glibc.out}',
  '-d:builtWithNix',
  '-d:ctEntrypoint',
];

const NIX_NIM = '${nim-codetracer.out}/bin/nim2';

/*
 * repro.nim: reprobuild's typed `nim.js`/`nim.c` actions, written as the words its nim interface
 * emits them: the subcommand, then its flags in declaration order (defines, mm, hintsOff,
 * warningsOff, disabledHints, disabledWarnings, debugInfo, lineDirOn, stacktraceOn, linetraceOn;
 * then hintsOn, warningsOn, boundChecksOn, dynlibOverrides, passC, passL, nimcache for `c`, or
 * debugInfoOn, sourcemapOn, hotCodeReloadingOn for `js`), --out, --path, the source. Paths under
 * `projectRootPath` (the checkout root) are written `./…`. Outputs go to buildDebugPath, i.e.
 * src/build-debug-repro for the default buildType.
 */
const REPRO_COMMON_DEFINES = ['chronicles_sinks=json', 'chronicles_line_numbers=true', 'chronicles_timestamps=UnixTime', 'ssl', 'nimNoLentIterators', 'debug'];
const REPRO_RENDERER = ['chronicles_enabled=off', 'ctRenderer'];
const REPRO_HMR_RENDERER = [...REPRO_RENDERER, 'ctHmr', 'isonimHmr'];
const REPRO_NATIVE_DEFINES = [...REPRO_COMMON_DEFINES, 'testing', 'ctEntrypoint', 'withTup', 'useOpenssl3', 'ssl'];
/** DisabledNimHints and DisabledCaseTransitionWarning, then debugInfo, lineDirOn, stacktraceOn, linetraceOn: every action sets them. */
const REPRO_COMMON_FLAGS = [
  '--mm:refc', '--hints:off', '--warnings:off',
  ...['Processing', 'Conf', 'CC', 'Pattern', 'XDeclaredButNotUsed', 'XCannotRaiseY'].map((h) => `--hint[${h}]:off`),
  '--warning[CaseTransition]:off',
  '--debugInfo', '--lineDir:on', '--stacktrace:on', '--linetrace:on',
];
/** CodeTracerNimPaths (repro.nim 199-222), relative to the checkout root. */
export const REPRO_PATH_DIRS = [
  'src/frontend', 'libs/NimYAML', 'libs/asynctools', 'libs/karax/karax', 'libs/nim', 'libs/nim-chronicles', 'libs/nim-faststreams',
  'libs/nim-json-serialization', 'libs/nim-prompt', 'libs/nim-serialization', 'libs/nim-stew', 'libs/nim-unicodedb/src', 'libs/poly',
  'libs/quicktest', 'libs/chronos', 'libs/parsetoml/src', 'libs/nim-result', 'libs/nim-confutils', 'libs/nimcrypto', 'libs/zip',
  'libs/jsony/src', 'libs/nim-uuid4/src',
];
const REPRO_PATHS = REPRO_PATH_DIRS.map((p) => `--path:./${p}`);
const REPRO_OUT = 'src/build-debug-repro';

/** ctNimJs (repro.nim 607-632): defines, the common flags, then the JS switches it is given. */
const reproJs = (defines: string[], js: string[], output: string, source: string) => [
  'js', ...defines.map((d) => `-d:${d}`), ...REPRO_COMMON_FLAGS, ...js, `--out:${REPRO_OUT}/${output}`, ...REPRO_PATHS, source,
];

/** ctNative (repro.nim 634-685), POSIX branch (665-685): dynamic OpenSSL, the other libraries overridden and linked by name. */
const reproNative = (output: string, source: string, cache: string) => [
  'c', ...REPRO_NATIVE_DEFINES.map((d) => `-d:${d}`), ...REPRO_COMMON_FLAGS,
  '--hints:on', '--warnings:on', '--boundChecks:on',
  ...['sqlite3', 'pcre', 'libzip'].map((l) => `--dynlibOverride:${l}`),
  ...['-lssl', '-lcrypto', '-lsqlite3', '-lpcre', '-lzip'].map((l) => `--passL:${l}`),
  `--nimcache:/tmp/ct-nim-cache/${cache}`, `--out:${REPRO_OUT}/bin/${output}`, ...REPRO_PATHS, source,
];

/** ctNative, Windows branch (644-663): WindowsExtraPassC/PassL for the vendored zlib and zstd, `.exe` appended. */
export const WINDOWS_ZLIB = 'D:/metacraft-dev-deps/zlib/1.3.1';
export const WINDOWS_ZSTD = 'D:/metacraft-dev-deps/zstd/1.5.6/zstd-v1.5.6-win64';
const reproNativeWindows = (output: string, source: string, cache: string) => [
  'c', ...REPRO_NATIVE_DEFINES.map((d) => `-d:${d}`), ...REPRO_COMMON_FLAGS,
  '--hints:on', '--warnings:on', '--boundChecks:on',
  ...[`-I${WINDOWS_ZLIB}/include`, `-I${WINDOWS_ZSTD}/include`, '-Wno-implicit-function-declaration', '-Wno-error=implicit-function-declaration'].map((c) => `--passC:${c}`),
  ...[`-L${WINDOWS_ZLIB}/lib`, `-L${WINDOWS_ZSTD}/dll`, '-lz', '-lzstd'].map((l) => `--passL:${l}`),
  `--nimcache:\${TEMP}/ct-nim-cache/${cache}`, `--out:${REPRO_OUT}/bin/${output}.exe`, ...REPRO_PATHS, source,
];

export const legacy: z.input<typeof LegacySchema> = {
  commit: 'a387f8fa',
  invocations: [
    // justfile: recipe parameters as ${name}; recipe-local shell variables ($work) likewise.
    {
      id: 'just:build-ui-js', surface: 'just', file: 'justfile', line: 62,
      argv: ['-d:chronicles_enabled=off', '-d:ctRenderer', '-d:ctInExtension', '--debugInfo:on', '--lineDir:on', '--hotCodeReloading:on', '--out:${output}', 'js', 'src/frontend/ui_js.nim'],
      output: '${output}', target: 'js:ui-extension',
    },
    {
      id: 'just:build-ui-js-hmr', surface: 'just', file: 'justfile', line: 80,
      argv: ['-d:chronicles_enabled=off', '-d:ctRenderer', '-d:ctInExtension', '-d:ctHmr', '-d:isonimHmr', '--debugInfo:on', '--lineDir:on', '--hotCodeReloading:on', '--out:${output}', 'js', 'src/frontend/ui_js.nim'],
      output: '${output}', target: 'js:ui-extension',
    },
    {
      id: 'just:build-hmr-fixture', surface: 'just', file: 'justfile', line: 97,
      argv: ['-d:chronicles_enabled=off', '-d:ctHmr', '-d:isonimHmr', '--path:src', '--hints:off', '--out:src/tests/hmr_fixture/main.js', 'js', 'src/tests/hmr_fixture/main.nim'],
      output: 'src/tests/hmr_fixture/main.js', target: 'js:hmr-fixture',
    },
    {
      id: 'just:build-storybook-components', surface: 'just', file: 'justfile', line: 439,
      argv: ['-d:chronicles_enabled=off', '-d:ctRenderer', '--path:../nim-everywhere/src', '--hints:off', '--out:storybook/dist/components.js', 'js', 'src/frontend/storybook_components.nim'],
      output: 'storybook/dist/components.js', target: 'js:storybook-components',
    },
    {
      id: 'just:demo-request-panel', surface: 'just', file: 'justfile', line: 1672,
      argv: ['c', '-d:release', '--hints:off', '--warnings:off', '--out:${work}/demo_request_session', 'src/tools/demo_request_session.nim'],
      output: '${work}/demo_request_session', target: 'demo-request-session',
    },
    {
      id: 'just:demo-request-panel-live', surface: 'just', file: 'justfile', line: 1741,
      argv: ['c', '-d:release', '--hints:off', '--warnings:off', '--out:${work}/demo_request_session', 'src/tools/demo_request_session.nim'],
      output: '${work}/demo_request_session', target: 'demo-request-session',
    },

    // build_for_extension.sh <ui_js_output_path> <ct_vscode_js_output_path> <db_backend_path>
    {
      id: 'extension:ui', surface: 'extension', file: 'build_for_extension.sh', line: 6,
      argv: ['-d:chronicles_enabled=off', '-d:ctRenderer', '-d:ctInExtension', '--debugInfo:on', '--lineDir:on', '--hotCodeReloading:on', '--out:${1}', 'js', 'src/frontend/ui_js.nim'],
      output: '${1}', target: 'js:ui-extension',
    },
    {
      id: 'extension:middleware', surface: 'extension', file: 'build_for_extension.sh', line: 16,
      argv: ['-d:ctInExtension', '-d:ctInCentralExtensionContext', '--out:${2}', 'js', 'src/frontend/middleware.nim'],
      output: '${2}', target: 'js:middleware',
    },

    // non-nix-build/build_with_nim.sh (macOS), run from the repository root; NIM defaults to nim.
    {
      id: 'macos:ct', surface: 'macos', file: 'non-nix-build/build_with_nim.sh', line: 27, nim: "${NIM}",
      argv: ['-d:release', '-d:asyncBackend=asyncdispatch', '--passL:-headerpad_max_install_names', '--mm:refc', '--hints:on', '--warnings:off', '--debugInfo', '--lineDir:on', '--boundChecks:on', '--stacktrace:on', '--linetrace:on', '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true', '-d:chronicles_timestamps=UnixTime', '-d:ctTest', '-d:ssl', '-d:testing', '--hint[XDeclaredButNotUsed]:off', '-d:libcPath=libc', '-d:useLibzipSrc', '-d:builtWithNix', '-d:ctEntrypoint', '--nimcache:nimcache', '-d:ctmacos', '--out:${DIST_DIR}/bin/ct', 'c', './src/ct/codetracer.nim'],
      output: '${DIST_DIR}/bin/ct', target: 'ct',
    },
    {
      id: 'macos:db-backend-record', surface: 'macos', file: 'non-nix-build/build_with_nim.sh', line: 52, nim: "${NIM}",
      argv: ['-d:release', '-d:asyncBackend=asyncdispatch', '--passL:-headerpad_max_install_names', '--mm:refc', '--hints:on', '--warnings:off', '--debugInfo', '--lineDir:on', '--boundChecks:on', '--stacktrace:on', '--linetrace:on', '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true', '-d:chronicles_timestamps=UnixTime', '-d:ctTest', '-d:ssl', '-d:testing', '--hint[XDeclaredButNotUsed]:off', '-d:libcPath=libc', '-d:useLibzipSrc', '-d:builtWithNix', '-d:ctEntrypoint', '--nimcache:nimcache', '-d:ctmacos', '--out:${DIST_DIR}/bin/db-backend-record', 'c', './src/ct/db_backend_record.nim'],
      output: '${DIST_DIR}/bin/db-backend-record', target: 'db-backend-record',
    },
    {
      id: 'macos:index.js', surface: 'macos', file: 'non-nix-build/build_with_nim.sh', line: 80, nim: "${NIM}",
      argv: ['--hints:on', '--warnings:off', '--sourcemap:on', '-d:ctIndex', '-d:chronicles_sinks=json', '-d:ctmacos', '-d:nodejs', '--out:${DIST_DIR}/index.js', 'js', 'src/frontend/index.nim'],
      output: '${DIST_DIR}/index.js', target: 'js:index',
    },
    {
      id: 'macos:ui.js', surface: 'macos', file: 'non-nix-build/build_with_nim.sh', line: 88, nim: "${NIM}",
      argv: ['--hints:off', '--warnings:off', '-d:chronicles_enabled=off', '-d:ctRenderer', '-d:ctmacos', '--out:${DIST_DIR}/ui.js', 'js', 'src/frontend/ui_js.nim'],
      output: '${DIST_DIR}/ui.js', target: 'js:ui',
    },
    {
      id: 'macos:subwindow.js', surface: 'macos', file: 'non-nix-build/build_with_nim.sh', line: 97, nim: "${NIM}",
      argv: ['--hints:off', '--warnings:off', '-d:chronicles_enabled=off', '-d:ctRenderer', '-d:ctmacos', '--out:${DIST_DIR}/subwindow.js', 'js', 'src/frontend/subwindow.nim'],
      output: '${DIST_DIR}/subwindow.js', target: 'js:subwindow',
    },

    // appimage-scripts/build_with_nim.sh, run after `pushd "$ROOT_PATH"` (the repository root).
    {
      id: 'appimage:ct', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 21,
      argv: ['-d:release', '--d:asyncBackend=asyncdispatch', '--dynlibOverride:std', '-d:staticStd', '--mm:refc', '--hints:on', '--warnings:off', '--dynlibOverride:sqlite3', '--dynlibOverride:pcre', '--dynlibOverride:libzip', '--dynlibOverride:libcrypto', '--dynlibOverride:libssl', '--passL:-Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic', '--passL:${APP_DIR}/lib/libpcre.so.1', '--passL:${APP_DIR}/lib/libzip.so.5', '--passL:${APP_DIR}/lib/libcrypto.so', '--passL:${APP_DIR}/lib/libcrypto.so.3', '--passL:${APP_DIR}/lib/libssl.so', '--boundChecks:on', '-d:useOpenssl3', '-d:ssl', '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true', '-d:chronicles_timestamps=UnixTime', '-d:ctTest', '-d:testing', '--hint[XDeclaredButNotUsed]:off', '-d:builtWithNix', '-d:ctEntrypoint', '-d:libcPath=libc', '-d:pathToNodeModules=../node_modules', '--nimcache:nimcache', '--out:${APP_DIR}/bin/ct_unwrapped', 'c', './src/ct/codetracer.nim'],
      output: '${APP_DIR}/bin/ct_unwrapped', target: 'ct',
    },
    {
      id: 'appimage:db-backend-record', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 49,
      argv: ['-d:release', '-d:asyncBackend=asyncdispatch', '--mm:refc', '--hints:off', '--warnings:off', '--debugInfo', '--lineDir:on', '--boundChecks:on', '--stacktrace:on', '--linetrace:on', '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true', '-d:chronicles_timestamps=UnixTime', '-d:ssl', '-d:ctTest', '-d:testing', '--hint[XDeclaredButNotUsed]:off', '-d:libcPath=libc', '-d:builtWithNix', '-d:ctEntrypoint', '--dynlibOverride:libsqlite3', '--dynlibOverride:sqlite3', '--dynlibOverride:pcre', '--dynlibOverride:libzip', '--passL:-Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic', '--passL:${APP_DIR}/lib/libpcre.so.1', '--passL:${APP_DIR}/lib/libzip.so.5', '--nimcache:nimcache', '--out:${APP_DIR}/bin/db-backend-record', 'c', './src/ct/db_backend_record.nim'],
      output: '${APP_DIR}/bin/db-backend-record', target: 'db-backend-record',
    },
    {
      id: 'appimage:index.js', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 90,
      argv: ['--hints:on', '--warnings:off', '--sourcemap:on', '-d:nimNoLentIterators', '-d:ctIndex', '-d:chronicles_sinks=json', '-d:nodejs', '--out:${APP_DIR}/index.js', 'js', 'src/frontend/index.nim'],
      output: '${APP_DIR}/index.js', target: 'js:index',
    },
    {
      id: 'appimage:server_index.js', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 97,
      argv: ['--hints:on', '--warnings:off', '--sourcemap:on', '-d:nimNoLentIterators', '-d:ctIndex', '-d:server', '-d:chronicles_sinks=json', '-d:nodejs', '--out:${APP_DIR}/server_index.js', 'js', 'src/frontend/index.nim'],
      output: '${APP_DIR}/server_index.js', target: 'js:server-index',
    },
    {
      id: 'appimage:ui.js', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 105,
      argv: ['--hints:off', '--warnings:off', '-d:nimNoLentIterators', '-d:chronicles_enabled=off', '-d:ctRenderer', '--out:${APP_DIR}/ui.js', 'js', 'src/frontend/ui_js.nim'],
      output: '${APP_DIR}/ui.js', target: 'js:ui',
    },
    {
      id: 'appimage:subwindow.js', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 114,
      argv: ['--hints:off', '--warnings:off', '-d:nimNoLentIterators', '-d:chronicles_enabled=off', '-d:ctRenderer', '--out:${APP_DIR}/subwindow.js', 'js', 'src/frontend/subwindow.nim'],
      output: '${APP_DIR}/subwindow.js', target: 'js:subwindow',
    },

    // .github/workflows/codetracer.yml, job python-wheels: steps "Build codetracer binaries (Linux)" and "(MacOS)".
    {
      id: 'python-wheel:ct-linux', surface: 'python-wheel', file: '.github/workflows/codetracer.yml', line: 1579, nim: "./nim-2.2.6/bin/nim",
      argv: ['-d:release', '--d:asyncBackend=asyncdispatch', '--dynlibOverride:std', '-d:staticStd', '--mm:refc', '--hints:on', '--warnings:off', '--boundChecks:on', '-d:useOpenssl3', '-d:ssl', '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true', '-d:chronicles_timestamps=UnixTime', '-d:ctTest', '-d:testing', '--hint[XDeclaredButNotUsed]:off', '-d:builtWithNix', '-d:ctEntrypoint', '-d:pythonPackage', '-d:libcPath=libc', '-d:pathToNodeModules=../node_modules', '--nimcache:nimcache', '-d:staticSqlite', '-d:useLibzipSrc', '--passL:-Wl,-Bstatic -L/usr/lib/x86_64-linux-gnu -l:libz.a -Wl,-Bdynamic', '--dynlibOverride:ssl', '--dynlibOverride:crypto', '--passL:-Wl,-Bstatic -L/usr/lib/x86_64-linux-gnu -l:libssl.a -l:libcrypto.a -Wl,-Bdynamic', '--out:${TARGET_DIR}/ct', 'c', './src/ct/codetracer.nim'],
      output: '${TARGET_DIR}/ct', target: 'ct',
    },
    {
      id: 'python-wheel:db-backend-record-linux', surface: 'python-wheel', file: '.github/workflows/codetracer.yml', line: 1602, nim: "./nim-2.2.6/bin/nim",
      argv: ['-d:release', '-d:asyncBackend=asyncdispatch', '--mm:refc', '--hints:off', '--warnings:off', '--debugInfo', '--lineDir:on', '--boundChecks:on', '--stacktrace:on', '--linetrace:on', '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true', '-d:chronicles_timestamps=UnixTime', '-d:ssl', '-d:ctTest', '-d:testing', '--hint[XDeclaredButNotUsed]:off', '-d:libcPath=libc', '-d:builtWithNix', '-d:ctEntrypoint', '-d:pythonPackage', '--nimcache:nimcache', '-d:staticSqlite', '-d:useLibzipSrc', '--passL:-Wl,-Bstatic -L/usr/lib/x86_64-linux-gnu -l:libz.a -Wl,-Bdynamic', '--dynlibOverride:ssl', '--dynlibOverride:crypto', '--passL:-Wl,-Bstatic -L/usr/lib/x86_64-linux-gnu -l:libssl.a -l:libcrypto.a -Wl,-Bdynamic', '--out:${TARGET_DIR}/db-backend-record', 'c', './src/ct/db_backend_record.nim'],
      output: '${TARGET_DIR}/db-backend-record', target: 'db-backend-record',
    },
    {
      id: 'python-wheel:ct-macos', surface: 'python-wheel', file: '.github/workflows/codetracer.yml', line: 1636, nim: "./nim-2.2.6/bin/nim",
      argv: ['-d:release', '--d:asyncBackend=asyncdispatch', '--dynlibOverride:std', '-d:staticStd', '--mm:refc', '--hints:on', '--warnings:off', '--boundChecks:on', '-d:useOpenssl3', '-d:ssl', '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true', '-d:chronicles_timestamps=UnixTime', '-d:ctTest', '-d:testing', '--hint[XDeclaredButNotUsed]:off', '-d:builtWithNix', '-d:ctEntrypoint', '-d:pythonPackage', '-d:libcPath=libc', '-d:pathToNodeModules=../node_modules', '--nimcache:nimcache', '-d:staticSqlite', '-d:useLibzipSrc', '--passL:$(pwd)/zlib-res/lib/libz.a', '--dynlibOverride:ssl', '--dynlibOverride:crypto', '--passL:$(pwd)/openssl-res/lib/libssl.a $(pwd)/openssl-res/lib/libcrypto.a', '--out:${TARGET_DIR}/ct', 'c', './src/ct/codetracer.nim'],
      output: '${TARGET_DIR}/ct', target: 'ct',
    },
    {
      id: 'python-wheel:db-backend-record-macos', surface: 'python-wheel', file: '.github/workflows/codetracer.yml', line: 1659, nim: "./nim-2.2.6/bin/nim",
      argv: ['-d:release', '-d:asyncBackend=asyncdispatch', '--mm:refc', '--hints:off', '--warnings:off', '--debugInfo', '--lineDir:on', '--boundChecks:on', '--stacktrace:on', '--linetrace:on', '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true', '-d:chronicles_timestamps=UnixTime', '-d:ssl', '-d:ctTest', '-d:testing', '--hint[XDeclaredButNotUsed]:off', '-d:libcPath=libc', '-d:builtWithNix', '-d:ctEntrypoint', '-d:pythonPackage', '--nimcache:nimcache', '-d:staticSqlite', '-d:useLibzipSrc', '--passL:$(pwd)/zlib-res/lib/libz.a', '--dynlibOverride:ssl', '--dynlibOverride:crypto', '--passL:$(pwd)/openssl-res/lib/libssl.a $(pwd)/openssl-res/lib/libcrypto.a', '--out:${TARGET_DIR}/db-backend-record', 'c', './src/ct/db_backend_record.nim'],
      output: '${TARGET_DIR}/db-backend-record', target: 'db-backend-record',
    },

    // nix/packages/default.nix: the phases after prepareIsonimSiblings (JS) or the exports of the codetracer derivation.
    {
      id: 'nix:index.js', surface: 'nix', file: 'nix/packages/default.nix', line: 264, nim: NIX_NIM,
      argv: ['--warnings:off', '--sourcemap:on', ...ISONIM_PATHS, '-d:ctIndex', '-d:chronicles_sinks=json', '-d:nodejs', '--out:./index.js', 'js', 'src/frontend/index.nim'],
      output: './index.js', target: 'js:index',
    },
    {
      id: 'nix:server_index.js', surface: 'nix', file: 'nix/packages/default.nix', line: 278, nim: NIX_NIM,
      argv: ['--warnings:off', '--sourcemap:on', ...ISONIM_PATHS, '-d:ctIndex', '-d:server', '-d:chronicles_sinks=json', '-d:nodejs', '--out:./server_index.js', 'js', 'src/frontend/index.nim'],
      output: './server_index.js', target: 'js:server-index',
    },
    {
      id: 'nix:subwindow.js', surface: 'nix', file: 'nix/packages/default.nix', line: 314, nim: '${nim-codetracer}/bin/nim2',
      argv: ['--hints:off', '--warnings:off', ...ISONIM_PATHS, '-d:chronicles_enabled=off', '-d:ctRenderer', '--out:./subwindow.js', 'js', 'src/frontend/subwindow.nim'],
      output: './subwindow.js', target: 'js:subwindow',
    },
    {
      id: 'nix:ui.js', surface: 'nix', file: 'nix/packages/default.nix', line: 354, nim: NIX_NIM,
      argv: ['--hints:off', '--warnings:off', ...ISONIM_PATHS, '-d:chronicles_enabled=off', '-d:ctRenderer', '--out:./ui.js', 'js', 'src/frontend/ui_js.nim'],
      output: './ui.js', target: 'js:ui',
    },
    {
      id: 'nix:ct', surface: 'nix', file: 'nix/packages/default.nix', line: 1045, nim: NIX_NIM,
      argv: [
        ...NIX_BINARY,
        '-d:pathToNodeModules=${node-modules-derivation.outPath}/bin/node_modules',
        '--passL:${pkgs.sqlite.out}/lib/libsqlite3.so.0',
        '--nimcache:nimcache',
        '--out:ct', 'c', './src/ct/codetracer.nim',
      ],
      output: 'ct', target: 'ct',
    },
    {
      id: 'nix:db-backend-record', surface: 'nix', file: 'nix/packages/default.nix', line: 1063, nim: NIX_NIM,
      argv: [
        ...NIX_BINARY,
        '--passL:${pkgs.sqlite.out}/lib/libsqlite3.so.0',
        '--passL:${pkgs.openssl.out}/lib/libssl.so',
        '--passL:${pkgs.openssl.out}/lib/libcrypto.so',
        '--nimcache:nimcache',
        '--out:db-backend-record', 'c', './src/ct/db_backend_record.nim',
      ],
      output: 'db-backend-record', target: 'db-backend-record',
    },

    // repro.nim (reprobuild), `build:` section: the `let … = ctNimJs(…)` / `ctNative(…)` lines.
    {
      id: 'repro:nim-js-ipc-registry-test', surface: 'repro', file: 'repro.nim', line: 725,
      argv: reproJs([...REPRO_COMMON_DEFINES, ...REPRO_HMR_RENDERER], ['--debugInfo:on', '--hotCodeReloading:on'], 'tests/ipc_registry_test.js', 'src/frontend/tests/ipc_registry_test.nim'),
      output: `${REPRO_OUT}/tests/ipc_registry_test.js`, target: 'js:ipc-registry-test',
    },
    {
      id: 'repro:nim-js-reload-reconnect-test', surface: 'repro', file: 'repro.nim', line: 737,
      argv: reproJs([...REPRO_COMMON_DEFINES, ...REPRO_HMR_RENDERER], ['--debugInfo:on', '--hotCodeReloading:on'], 'tests/reload_reconnect.js', 'src/frontend/tests/test_suites/reload_reconnect.nim'),
      output: `${REPRO_OUT}/tests/reload_reconnect.js`, target: 'js:reload-reconnect-test',
    },
    {
      id: 'repro:frontend-ui-js', surface: 'repro', file: 'repro.nim', line: 750,
      argv: reproJs([...REPRO_COMMON_DEFINES, ...REPRO_HMR_RENDERER], ['--debugInfo:on', '--hotCodeReloading:on'], 'ui.js', 'src/frontend/ui_js.nim'),
      output: `${REPRO_OUT}/ui.js`, target: 'js:ui',
    },
    {
      id: 'repro:frontend-index-js', surface: 'repro', file: 'repro.nim', line: 763,
      argv: reproJs([...REPRO_COMMON_DEFINES, 'ctIndex', 'nodejs'], ['--sourcemap:on'], 'index.js', 'src/frontend/index.nim'),
      output: `${REPRO_OUT}/index.js`, target: 'js:index',
    },
    {
      id: 'repro:frontend-server-index-js', surface: 'repro', file: 'repro.nim', line: 776,
      argv: reproJs([...REPRO_COMMON_DEFINES, 'ctIndex', 'server', 'nodejs'], ['--sourcemap:on'], 'server_index.js', 'src/frontend/index.nim'),
      output: `${REPRO_OUT}/server_index.js`, target: 'js:server-index',
    },
    {
      id: 'repro:frontend-subwindow-js', surface: 'repro', file: 'repro.nim', line: 784,
      argv: reproJs([...REPRO_COMMON_DEFINES, ...REPRO_RENDERER], ['--debugInfo:on', '--sourcemap:on', '--hotCodeReloading:on'], 'subwindow.js', 'src/frontend/subwindow.nim'),
      output: `${REPRO_OUT}/subwindow.js`, target: 'js:subwindow',
    },
    {
      id: 'repro:db-backend-record', surface: 'repro', file: 'repro.nim', line: 1005,
      argv: reproNative('db-backend-record', 'src/ct/db_backend_record.nim', 'db_backend_record_codetracer_binary'),
      output: `${REPRO_OUT}/bin/db-backend-record`, target: 'db-backend-record',
    },
    {
      id: 'repro:ct', surface: 'repro', file: 'repro.nim', line: 1013,
      argv: reproNative('ct', 'src/ct/codetracer.nim', 'codetracer_codetracer_binary'),
      output: `${REPRO_OUT}/bin/ct`, target: 'ct',
    },
    {
      id: 'repro:db-backend-record.exe', surface: 'repro', file: 'repro.nim', line: 1005, platform: 'windows',
      argv: reproNativeWindows('db-backend-record', 'src/ct/db_backend_record.nim', 'db_backend_record_codetracer_binary'),
      output: `${REPRO_OUT}/bin/db-backend-record.exe`, target: 'db-backend-record',
    },
    {
      id: 'repro:ct.exe', surface: 'repro', file: 'repro.nim', line: 1013, platform: 'windows',
      argv: reproNativeWindows('ct', 'src/ct/codetracer.nim', 'codetracer_codetracer_binary'),
      output: `${REPRO_OUT}/bin/ct.exe`, target: 'ct',
    },
  ],
  dead: [
    {
      id: 'nix:console', surface: 'nix', file: 'nix/packages/default.nix', line: 592, source: 'src/repl/repl.nim',
      reason: 'The console derivation compiles src/repl/repl.nim, which a387f8fa does not have: the derivation cannot build, so it is not an artefact to model.',
    },
  ],
};
