import type { FlagBundle } from '../schema/index.js';

/** Flag bundles of Codetracer's build (legacy `src/Tuprules.tup` at c4e47463, lines 1-35 and the rule macros). */
export const bundles: FlagBundle[] = [
  {
    name: 'common',
    description: 'Every Tup-built artefact: async backend, chronicles JSON sink, refc GC, quiet hints and warnings (legacy NIM_COMMON_FLAGS)',
    args: [
      '-d:asyncBackend=asyncdispatch',
      '-d:chronicles_sinks=json',
      '-d:chronicles_line_numbers=true',
      '-d:chronicles_timestamps=UnixTime',
      '-d:ssl',
      '--gc:refc',
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
    description: 'The ct entry point and db-backend-record as the Tup dev build makes them: testing mode, checks and traces on, verbose compiler, Tup-relative paths (legacy !codetracer)',
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
    name: 'renderer',
    description: 'Electron renderer bundles: chronicles off, renderer define, debug info and line directives (shared by legacy !nim_js and !nim_node_subwindow)',
    args: ['-d:chronicles_enabled=off', '-d:ctRenderer', '--debugInfo:on', '--lineDir:on'],
  },
];
