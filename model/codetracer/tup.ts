import type { z } from 'zod';
import type { TupRule, TupSchema } from '../schema/index.js';

const globs = (...patterns: string[]): TupRule[] => patterns.map((glob) => ({ kind: 'copy-glob', glob }));
const copy = (input: string, output?: string): TupRule => ({ kind: 'copy', input, fromBuild: false, ...(output ? { output } : {}) });
const preserveAll = (dir: string) => ({ dir, rules: globs('*.*'), omitted: [] });

const notBuilt = 'commented out in the legacy Tupfile';
const tupConfig = { DEBUG: '1', BUILD_TESTS: '0', BUILD_UI_TESTS: '1', BUILD_SERVER: '0', DESIGN: 'true' };

/** Codetracer's Tup tree, staged under src/build (legacy src/Tuprules.tup and src/**\/Tupfile at a387f8fa). */
export const tup: z.input<typeof TupSchema> = {
  // src/build-debug and src/build-release/tup.config, plus a Windows variant Tup checks on any host.
  variants: [
    { dir: 'build-debug', profile: 'debug', config: { ...tupConfig } },
    { dir: 'build-release', profile: 'release', config: { ...tupConfig, DEBUG: '0' } },
    { dir: 'build-win32-debug', profile: 'debug', platform: 'windows', config: { ...tupConfig } },
  ],
  // NIM: the dev shell's pinned nim reaches the driver; the rest as legacy Tuprules.tup exports them.
  exports: [
    'NIM', 'RUSTUP_HOME', 'CARGO_HOME', 'PATH', 'LIB', 'LIBPATH', 'INCLUDE', 'CC', 'CXX', 'NIMFLAGS', 'LIBRARY_PATH', 'C_INCLUDE_PATH',
    'NIX_CFLAGS_COMPILE', 'CODETRACER_DB_BACKEND_SKIP_DIRENV', 'CODETRACER_TRACE_FORMAT_NIM_SKIP_NIMBLE_INSTALL', 'CT_EMULATOR_EXTRA_NIM_PATHS',
    'CODETRACER_TRACE_FORMAT_NIM_EXTRA_PATHS',
  ],
  nodes: [
    {
      dir: '',
      rules: [
        { kind: 'nim', target: 'js:index', output: 'index.js' },
        { kind: 'nim', target: 'js:subwindow', output: 'subwindow.js' },
        { kind: 'nim', target: 'js:server-index', output: 'server_index.js' },
        { kind: 'nim', target: 'js:ui', output: 'ui.js' },
        { kind: 'nim', target: 'js:ipc-registry-test', output: 'tests/ipc_registry_test.js' },
        { kind: 'nim', target: 'js:reload-reconnect-test', output: 'tests/reload_reconnect.js' },
        copy('frontend/tests/test_suites/reload_bootstrap_host.js', 'tests/reload_bootstrap_host.js'),
        copy('helpers.js'),
        { kind: 'copy', input: 'index.js', fromBuild: true, output: 'src/index.js' },
        { kind: 'copy', input: 'subwindow.js', fromBuild: true, output: 'src/subwindow.js' },
        { kind: 'copy', input: 'ui.js', fromBuild: true, output: 'public/ui.js' },
        copy('helpers.js', 'src/helpers.js'),
        copy('frontend/index.html', 'index.html'),
        copy('frontend/subwindow.html', 'subwindow.html'),
      ],
      omitted: [
        { legacy: 'src/Tupfile: frontend/browsersync_serv.nim (!nim_node)', reason: notBuilt },
        { legacy: 'src/Tupfile: frontend/codetracer_shell.nim (!codetracer_shell)', reason: notBuilt },
        { legacy: 'src/Tupfile: helpers.ts (!ts)', reason: 'a TODO in the legacy Tupfile; helpers.js is copied as a source' },
      ],
    },
    {
      dir: 'ct',
      rules: [
        { kind: 'nim', target: 'ct', output: 'bin/ct' },
        { kind: 'nim', target: 'db-backend-record', output: 'bin/db-backend-record' },
      ],
      omitted: [],
    },
    {
      dir: 'backend-manager',
      rules: [{ kind: 'cargo', binary: 'session-manager', profile: 'release', targetDir: 'codetracer/backend_manager_target', locked: true, output: 'bin/session-manager' }],
      omitted: [],
    },
    {
      dir: 'db-backend',
      rules: [{ kind: 'cargo', binary: 'replay-server', profile: 'debug', targetDir: 'codetracer/db_backend_target', locked: true, inputs: ['src/main.rs'], output: 'bin/replay-server' }],
      omitted: [{ legacy: 'src/db-backend/Tupfile: src/bin/virtualization-layers.rs (!rust_cargo_virtualization_layers)', reason: `${notBuilt}: only the system-language backend needs it` }],
    },
    {
      dir: 'db-backend/tree-sitter-trace',
      rules: [],
      omitted: [{ legacy: 'src/db-backend/tree-sitter-trace/Tupfile: tree-sitter generate', reason: `${notBuilt}: the grammar is generated outside Tup` }],
    },
    { dir: 'tui', rules: [], omitted: [{ legacy: 'src/tui/Tupfile: src/main.rs (!rust_cargo_tui)', reason: notBuilt }] },
    {
      dir: 'frontend/styles',
      rules: [
        { kind: 'stylus', inputs: ['default_white_theme.styl', 'default_dark_theme_electron.styl', 'default_dark_theme_extension.styl'] },
        { kind: 'copy', input: 'frontend/styles/default_dark_theme_extension.css', fromBuild: true, output: 'frontend/styles/default_dark_theme.css' },
        { kind: 'stylus', inputs: ['loader.styl', 'subwindow.styl'] },
      ],
      omitted: [{ legacy: 'src/frontend/styles/Tupfile: foreach *.styl', reason: 'a commented-out workaround for a CSS build problem' }],
    },
    {
      dir: 'public',
      rules: [
        ...globs('*.*', 'third_party/wnumb-1.2.0/*.js', 'resources/window/*.svg', 'resources/notifications/*.svg', 'third_party/bootstrap-4.3.1-dist/css/*.css'),
        copy('third_party/tippy.js/tippy.css'),
        ...globs('dist/*'),
      ],
      omitted: [
        {
          legacy: 'src/public/Tupfile: third_party/{monaco-editor/min,@exuanbo,golden-layout/dist,mousetrap,vex-js,xterm} (!tup_preserve of directories)',
          reason: 'a directory (or a link to one in node_modules) cannot be a Tup output; these vendored trees are read from src/public/third_party where they are',
        },
      ],
    },
    { dir: 'public/resources', rules: globs('*.*', 'welcome/*.svg', 'agent/*.svg', 'jstree/*.png', 'jstree/*.gif', 'origin-icons/*.svg'), omitted: [] },
    preserveAll('public/resources/calltrace'),
    preserveAll('public/resources/debug'),
    preserveAll('public/resources/fonts'),
    preserveAll('public/resources/menu'),
    { dir: 'public/resources/shared', rules: globs('*.*', 'filesystem/*.svg'), omitted: [] },
    preserveAll('public/resources/shell'),
    preserveAll('public/resources/tracepoints'),
    preserveAll('public/third_party'),
  ],
  omitted: [{ legacy: 'resources/fonts/Tupfile', reason: 'outside src/, so never part of the Tup tree rooted at src/Tupfile.ini' }],
};
