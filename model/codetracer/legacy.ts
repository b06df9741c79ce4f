import type { z } from 'zod';
import type { LegacySchema } from '../schema/index.js';

/*
 * The nim invocations of Codetracer's packaging, Nix, just and extension surfaces at commit
 * c4e47463 that compile Codetracer code (the Tup build's come from baseline.json, recorded at
 * a387f8fa by `ct-gen baseline`), as the command saw its words (after Tup macro expansion or shell quote removal). Host
 * variables stay symbolic as `${name}`. Words are laid out as on the legacy lines so each entry
 * can be checked against its file by eye.
 */

/** non-nix-build/build_with_nim.sh lines 23-37 and 48-62 are word for word the same. */
const MACOS_BINARY = [
  '-d:release',
  '-d:asyncBackend=asyncdispatch',
  '--passL:-headerpad_max_install_names',
  '--gc:refc', '--hints:on', '--warnings:off',
  '--debugInfo', '--lineDir:on',
  '--boundChecks:on', '--stacktrace:on', '--linetrace:on',
  '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true',
  '-d:chronicles_timestamps=UnixTime',
  '-d:ctTest', '-d:ssl', '-d:testing', '--hint[XDeclaredButNotUsed]:off',
  '-d:libcPath=libc',
  '-d:useLibzipSrc',
  '-d:builtWithNix',
  '-d:ctEntrypoint',
  '--nimcache:nimcache',
  '-d:ctmacos',
];

/** nix/packages/default.nix lines 576-588 and 594-605 share these words up to -d:ctEntrypoint. */
const NIX_BINARY = [
  '-d:debug', '-d:asyncBackend=asyncdispatch',
  '--gc:refc', '--hints:off', '--warnings:off',
  '--debugInfo', '--lineDir:on',
  '--boundChecks:on', '--stacktrace:on', '--linetrace:on',
  '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true',
  '-d:chronicles_timestamps=UnixTime',
  '-d:ssl',
  '-d:ctTest', '-d:testing', '--hint[XDeclaredButNotUsed]:off',
  '-d:linksPathConst=${runtimeDeps.outPath}/',
  '-d:libcPath=${pkgs.glibc.out}',
  '-d:builtWithNix',
  '-d:ctEntrypoint',
];

const NIX_NIM = '${upstream-nim-codetracer.out}/bin/nim';

export const legacy: z.input<typeof LegacySchema> = {
  commit: 'c4e47463',
  invocations: [
    // Tup (variant build-debug): the macro's $(NIM_DEBUG) expansion, %o and %f filled in.

    // justfile: the recipe parameter {{output}}.
    {
      id: 'just:build-ui-js', surface: 'just', file: 'justfile', line: 55,
      argv: [
        '-d:chronicles_enabled=off', '-d:ctRenderer', '-d:ctInExtension', '--debugInfo:on', '--lineDir:on', '--hotCodeReloading:on',
        '--out:${output}', 'js', 'src/frontend/ui_js.nim',
      ],
      output: '${output}', target: 'js:ui-extension',
    },

    // build_for_extension.sh <ui_js_output_path> <ct_vscode_js_output_path> <db_backend_path>
    {
      id: 'extension:ui', surface: 'extension', file: 'build_for_extension.sh', line: 6,
      argv: [
        '-d:chronicles_enabled=off', '-d:ctRenderer', '-d:ctInExtension', '--debugInfo:on', '--lineDir:on', '--hotCodeReloading:on',
        '--out:${1}', 'js', 'src/frontend/ui_js.nim',
      ],
      output: '${1}', target: 'js:ui-extension',
    },
    {
      id: 'extension:middleware', surface: 'extension', file: 'build_for_extension.sh', line: 16,
      argv: ['-d:ctInExtension', '-d:ctInCentralExtensionContext', '--out:${2}', 'js', 'src/frontend/middleware.nim'],
      output: '${2}', target: 'js:middleware',
    },

    // non-nix-build/build_with_nim.sh (macOS), run from the repository root.
    {
      id: 'macos:ct', surface: 'macos', file: 'non-nix-build/build_with_nim.sh', line: 23,
      argv: [...MACOS_BINARY, '--out:${DIST_DIR}/bin/ct', 'c', './src/ct/codetracer.nim'],
      output: '${DIST_DIR}/bin/ct', target: 'ct',
    },
    {
      id: 'macos:db-backend-record', surface: 'macos', file: 'non-nix-build/build_with_nim.sh', line: 48,
      argv: [...MACOS_BINARY, '--out:${DIST_DIR}/bin/db-backend-record', 'c', './src/ct/db_backend_record.nim'],
      output: '${DIST_DIR}/bin/db-backend-record', target: 'db-backend-record',
    },
    {
      id: 'macos:index.js', surface: 'macos', file: 'non-nix-build/build_with_nim.sh', line: 77,
      argv: [
        '--hints:on', '--warnings:off', '--sourcemap:on',
        '-d:ctIndex', '-d:chronicles_sinks=json',
        '-d:ctmacos',
        '-d:nodejs', '--out:${DIST_DIR}/index.js', 'js', 'src/frontend/index.nim',
      ],
      output: '${DIST_DIR}/index.js', target: 'js:index',
    },
    {
      id: 'macos:ui.js', surface: 'macos', file: 'non-nix-build/build_with_nim.sh', line: 85,
      argv: ['--hints:off', '--warnings:off', '-d:chronicles_enabled=off', '-d:ctRenderer', '-d:ctmacos', '--out:${DIST_DIR}/ui.js', 'js', 'src/frontend/ui_js.nim'],
      output: '${DIST_DIR}/ui.js', target: 'js:ui',
    },
    {
      id: 'macos:subwindow.js', surface: 'macos', file: 'non-nix-build/build_with_nim.sh', line: 94,
      argv: ['--hints:off', '--warnings:off', '-d:chronicles_enabled=off', '-d:ctRenderer', '-d:ctmacos', '--out:${DIST_DIR}/subwindow.js', 'js', 'src/frontend/subwindow.nim'],
      output: '${DIST_DIR}/subwindow.js', target: 'js:subwindow',
    },

    // appimage-scripts/build_with_nim.sh, run after `pushd "$ROOT_PATH"` (the repository root).
    {
      id: 'appimage:ct', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 22,
      argv: [
        '-d:release',
        '--d:asyncBackend=asyncdispatch',
        '--dynlibOverride:std', '-d:staticStd',
        '--gc:refc', '--hints:on', '--warnings:off',
        '--dynlibOverride:sqlite3',
        '--dynlibOverride:pcre',
        '--dynlibOverride:libzip',
        '--dynlibOverride:libcrypto',
        '--dynlibOverride:libssl',
        '--passL:-Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic',
        '--passL:${APP_DIR}/lib/libpcre.so.1',
        '--passL:${APP_DIR}/lib/libzip.so.5',
        '--passL:${APP_DIR}/lib/libcrypto.so',
        '--passL:${APP_DIR}/lib/libcrypto.so.3',
        '--passL:${APP_DIR}/lib/libssl.so',
        '--boundChecks:on',
        '-d:useOpenssl3',
        '-d:ssl',
        '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true',
        '-d:chronicles_timestamps=UnixTime',
        '-d:ctTest', '-d:testing', '--hint[XDeclaredButNotUsed]:off',
        '-d:builtWithNix',
        '-d:ctEntrypoint',
        '-d:linksPathConst=..',
        '-d:libcPath=libc',
        '-d:pathToNodeModules=../node_modules',
        '--nimcache:nimcache',
        '--out:${APP_DIR}/bin/ct_unwrapped', 'c', './src/ct/codetracer.nim',
      ],
      output: '${APP_DIR}/bin/ct_unwrapped', target: 'ct',
    },
    {
      id: 'appimage:db-backend-record', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 52,
      argv: [
        '-d:release', '-d:asyncBackend=asyncdispatch',
        '--gc:refc', '--hints:off', '--warnings:off',
        '--debugInfo', '--lineDir:on',
        '--boundChecks:on', '--stacktrace:on', '--linetrace:on',
        '-d:chronicles_sinks=json', '-d:chronicles_line_numbers=true',
        '-d:chronicles_timestamps=UnixTime',
        '-d:ssl',
        '-d:ctTest', '-d:testing', '--hint[XDeclaredButNotUsed]:off',
        '-d:linksPathConst=..',
        '-d:libcPath=libc',
        '-d:builtWithNix',
        '-d:ctEntrypoint',
        '--dynlibOverride:libsqlite3',
        '--dynlibOverride:sqlite3',
        '--dynlibOverride:pcre',
        '--dynlibOverride:libzip',
        '--passL:-Wl,-Bstatic -lsqlite3 -Wl,-Bdynamic',
        '--passL:${APP_DIR}/lib/libpcre.so.1',
        '--passL:${APP_DIR}/lib/libzip.so.5',
        '--nimcache:nimcache',
        '--out:${APP_DIR}/bin/db-backend-record', 'c', './src/ct/db_backend_record.nim',
      ],
      output: '${APP_DIR}/bin/db-backend-record', target: 'db-backend-record',
    },
    {
      id: 'appimage:index.js', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 88,
      argv: ['--hints:on', '--warnings:off', '--sourcemap:on', '-d:ctIndex', '-d:chronicles_sinks=json', '-d:nodejs', '--out:${APP_DIR}/index.js', 'js', 'src/frontend/index.nim'],
      output: '${APP_DIR}/index.js', target: 'js:index',
    },
    {
      id: 'appimage:server_index.js', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 94,
      argv: [
        '--hints:on', '--warnings:off', '--sourcemap:on', '-d:ctIndex', '-d:server', '-d:chronicles_sinks=json',
        '-d:nodejs', '--out:${APP_DIR}/server_index.js', 'js', 'src/frontend/index.nim',
      ],
      output: '${APP_DIR}/server_index.js', target: 'js:server-index',
    },
    {
      id: 'appimage:ui.js', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 101,
      argv: ['--hints:off', '--warnings:off', '-d:chronicles_enabled=off', '-d:ctRenderer', '--out:${APP_DIR}/ui.js', 'js', 'src/frontend/ui_js.nim'],
      output: '${APP_DIR}/ui.js', target: 'js:ui',
    },
    {
      id: 'appimage:subwindow.js', surface: 'appimage', file: 'appimage-scripts/build_with_nim.sh', line: 109,
      argv: ['--hints:off', '--warnings:off', '-d:chronicles_enabled=off', '-d:ctRenderer', '--out:${APP_DIR}/subwindow.js', 'js', 'src/frontend/subwindow.nim'],
      output: '${APP_DIR}/subwindow.js', target: 'js:subwindow',
    },

    // nix/packages/default.nix buildPhases, run from the unpacked source root.
    {
      id: 'nix:index.js', surface: 'nix', file: 'nix/packages/default.nix', line: 141, nim: NIX_NIM,
      argv: ['--warnings:off', '--sourcemap:on', '-d:ctIndex', '-d:chronicles_sinks=json', '-d:nodejs', '--out:./index.js', 'js', 'src/frontend/index.nim'],
      output: './index.js', target: 'js:index',
    },
    {
      id: 'nix:server_index.js', surface: 'nix', file: 'nix/packages/default.nix', line: 146, nim: NIX_NIM,
      argv: ['--warnings:off', '--sourcemap:on', '-d:ctIndex', '-d:server', '-d:chronicles_sinks=json', '-d:nodejs', '--out:./server_index.js', 'js', 'src/frontend/index.nim'],
      output: './server_index.js', target: 'js:server-index',
    },
    {
      id: 'nix:subwindow.js', surface: 'nix', file: 'nix/packages/default.nix', line: 172, nim: '${upstream-nim-codetracer}/bin/nim',
      argv: ['--hints:off', '--warnings:off', '-d:chronicles_enabled=off', '-d:ctRenderer', '--hotCodeReloading:on', '--out:./subwindow.js', 'js', 'src/frontend/subwindow.nim'],
      output: './subwindow.js', target: 'js:subwindow',
    },
    {
      id: 'nix:ui.js', surface: 'nix', file: 'nix/packages/default.nix', line: 198, nim: NIX_NIM,
      argv: ['--hints:off', '--warnings:off', '-d:chronicles_enabled=off', '-d:ctRenderer', '--hotCodeReloading:on', '--out:./ui.js', 'js', 'src/frontend/ui_js.nim'],
      output: './ui.js', target: 'js:ui',
    },
    {
      id: 'nix:ct', surface: 'nix', file: 'nix/packages/default.nix', line: 575, nim: NIX_NIM,
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
      id: 'nix:db-backend-record', surface: 'nix', file: 'nix/packages/default.nix', line: 593, nim: NIX_NIM,
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
  ],
};
