import type { FlagBundle } from '../schema/index.js';

/** NIM_REPO_PATH_FLAGS of src/Tuprules.tup (a387f8fa, lines 26-55): vendored libraries, then sibling checkouts. */
export const REPO_LIBS = [
  'NimYAML', 'asynctools', 'nim', 'nim-chronicles', 'nim-faststreams', 'nim-json-serialization', 'nim-serialization',
  'nim-prompt', 'nim-stew', 'nim-unicodedb/src', 'poly', 'quicktest', 'chronos', 'parsetoml/src', 'nim-result',
  'nim-confutils', 'nimcrypto', 'zip', 'jsony/src', 'nim-uuid4/src',
];
export const SIBLINGS = ['isonim', 'isonim-tui', 'isonim-gpui', 'nim-termctl', 'nim-pty', 'nim-everywhere', 'nim-acp', 'nim-agent-harbor', 'nim-agents'];

/** NIM_WINDOWS_CFLAGS' zlib tree (WINDOWS_ZLIB_DIR). */
const WINDOWS_ZLIB_DIR = 'D:/metacraft-dev-deps/zlib/1.3.1';

/** Flag bundles of Codetracer's build (src/Tuprules.tup at a387f8fa and the packaging surfaces' shared switches). */
export const bundles: FlagBundle[] = [
  {
    name: 'common',
    description: 'Every Tup-built artefact: async backend, chronicles JSON sink, refc memory management, old case objects, quiet hints and warnings (legacy NIM_COMMON_FLAGS)',
    args: [
      '-d:asyncBackend=asyncdispatch',
      '-d:chronicles_sinks=json',
      '-d:chronicles_line_numbers=true',
      '-d:chronicles_timestamps=UnixTime',
      '-d:ssl',
      '--mm:refc',
      '-d:nimNoLentIterators',
      '-d:nimOldCaseObjects',
      '--hints:off',
      '--warnings:off',
      '--hint[Processing]:off',
      '--hint[Conf]:off',
      '--hint[CC]:off',
      '--hint[Pattern]:off',
      '--hint[XDeclaredButNotUsed]:off',
      '--hint[XCannotRaiseY]:off',
      '--warning[CaseTransition]:off',
    ],
  },
  {
    name: 'repo-paths',
    description: 'Module search paths: the vendored libraries under libs/ and the sibling checkouts next to the repository (legacy NIM_REPO_PATH_FLAGS)',
    args: [...REPO_LIBS.map((lib) => `--path:{root}/libs/${lib}`), ...SIBLINGS.map((repo) => `--path:{root}/../${repo}/src`)],
  },
  {
    name: 'debug',
    description: 'Debug build: debug define, debug info, line directives, stack and line traces (legacy NIM_DEBUG_FLAGS)',
    args: ['-d:debug', '--debugInfo', '--lineDir:on', '--stacktrace:on', '--linetrace:on'],
  },
  {
    name: 'release',
    description: 'Release build that keeps bound checks (legacy NIM_RELEASE_FLAGS)',
    args: ['-d:release', '--boundChecks:on'],
  },
  {
    name: 'native',
    description: 'Native helper binaries linked against OpenSSL 3 (legacy !nim_c)',
    args: ['-d:ssl', '-d:useOpenssl3'],
  },
  {
    name: 'entrypoint',
    description: 'The ct entry point and db-backend-record as the Tup dev build makes them: testing mode, checks and traces on, verbose compiler, OpenSSL 3 (legacy CODETRACER_FLAGS before the dynlib overrides)',
    args: [
      '-d:testing',
      '--boundChecks:on',
      '--stacktrace:on',
      '--linetrace:on',
      '--warnings:on',
      '--hints:on',
      '-d:ctEntrypoint',
      '-d:withTup',
      '-d:useOpenssl3',
      '-d:ssl',
    ],
  },
  {
    name: 'dynlib-overrides',
    description: 'Link OpenSSL, SQLite, PCRE and libzip at build time instead of dlopen at run time (legacy DYNLIB_OVERRIDE_FLAGS outside win32)',
    platforms: ['linux', 'macos'],
    args: [
      ...['libcrypto', 'libssl', 'sqlite3', 'pcre', 'libzip'].map((lib) => `--dynlibOverride:${lib}`),
      ...['ssl', 'crypto', 'sqlite3', 'pcre', 'zip'].map((lib) => `--passL:-l${lib}`),
    ],
  },
  {
    name: 'windows-zlib',
    description: 'Windows: libzip_all.c compiled in, with zlib from the dev-deps tree and implicit declarations demoted to warnings; -lz twice, as legacy (NIM_WINDOWS_CFLAGS, then DYNLIB_OVERRIDE_FLAGS on win32)',
    platforms: ['windows'],
    args: [
      `--passC:-I${WINDOWS_ZLIB_DIR}/include`,
      '--passC:-Wno-implicit-function-declaration',
      '--passC:-Wno-error=implicit-function-declaration',
      `--passL:-L${WINDOWS_ZLIB_DIR}/lib`,
      '--passL:-lz',
      '--passL:-lz',
    ],
  },
  {
    name: 'renderer',
    description: 'Electron renderer bundles: chronicles off, renderer define, debug info and line directives (shared by legacy !nim_js and !nim_node_subwindow)',
    args: ['-d:chronicles_enabled=off', '-d:ctRenderer', '--debugInfo:on', '--lineDir:on'],
  },
  {
    name: 'hmr',
    description: "Codetracer's hot module reload, which also turns on isonim's (legacy !nim_js); packaged builds leave it out",
    args: ['-d:ctHmr', '-d:isonimHmr'],
  },
  {
    name: 'quiet',
    description: 'Hints and warnings off after the renderer switches, as legacy !nim_js repeats them',
    args: ['--hints:off', '--warnings:off'],
  },
  {
    name: 'dev-reload',
    description: "What the Tup dev build adds to the subwindow bundle: nim's hot code reloading, a source map and with it line directives (legacy !nim_node_subwindow); packaged builds leave it out",
    args: ['--hotCodeReloading:on', '--sourcemap:on'],
  },
  {
    name: 'renderer-defines',
    description: 'The renderer defines alone, without debug info or line directives (packaged and Nix renderer bundles)',
    args: ['-d:chronicles_enabled=off', '-d:ctRenderer'],
  },
  {
    name: 'packaged-entrypoint',
    description: 'What every packaged ct and db-backend-record build shares (macOS, AppImage, Nix): async backend, JSON logs, checks, test and entry-point defines, built-with-Nix paths',
    args: [
      '-d:asyncBackend=asyncdispatch',
      '--mm:refc',
      '--warnings:off',
      '--boundChecks:on',
      '-d:chronicles_sinks=json',
      '-d:chronicles_line_numbers=true',
      '-d:chronicles_timestamps=UnixTime',
      '-d:ssl',
      '-d:ctTest',
      '-d:testing',
      '--hint[XDeclaredButNotUsed]:off',
      '-d:builtWithNix',
      '-d:ctEntrypoint',
    ],
  },
  {
    name: 'traces',
    description: 'Debug info, line directives, stack and line traces without the debug define (packaged release binaries that keep them)',
    args: ['--debugInfo', '--lineDir:on', '--stacktrace:on', '--linetrace:on'],
  },
];
