import type { Target } from '../schema/index.js';

const sourceMap = '{out}.map';

/** The native entry points: legacy CODETRACER_FLAGS, whose dynlib overrides differ by platform. */
const entrypointBundles = ['entrypoint', 'dynlib-overrides', 'windows-zlib'];

/** The renderer bundle switches of legacy !nim_js, shared by ui.js and the headless frontend tests. */
const nimJsBundles = ['renderer', 'hmr', 'quiet'];

/** Every nim artefact Codetracer compiles (src/Tuprules.tup and src/**\/Tupfile at a387f8fa; the extension build). */
export const targets: Target[] = [
  {
    name: 'ct',
    description: 'The codetracer entry point, installed as bin/ct (legacy !codetracer_bpf; BPF capabilities are added after the build)',
    kind: 'nim-c',
    source: 'src/ct/codetracer.nim',
    output: 'ct',
    bundles: entrypointBundles,
    args: [],
    // Legacy shares /tmp/ct-nim-cache/codetracer_codetracer_binary between every variant, which
    // Tup may build at once; one cache per target and profile removes that race.
    nimcache: { policy: 'fixed', path: '/tmp/ct-nim-cache/{profile}/ct' },
    extraOutputs: [],
  },
  {
    name: 'db-backend-record',
    description: 'The recorder for the db backend (legacy !codetracer on src/ct/db_backend_record.nim)',
    kind: 'nim-c',
    source: 'src/ct/db_backend_record.nim',
    output: 'db-backend-record',
    bundles: entrypointBundles,
    args: [],
    nimcache: { policy: 'fixed', path: '/tmp/ct-nim-cache/{profile}/db-backend-record' },
    extraOutputs: [],
  },
  {
    name: 'js:index',
    description: 'Electron main process bundle with source map (legacy !nim_node_index)',
    kind: 'nim-js',
    source: 'src/frontend/index.nim',
    output: 'index.js',
    bundles: [],
    args: ['-d:ctIndex', '-d:nodejs', '--sourcemap:on'],
    nimcache: { policy: 'nim-default' },
    extraOutputs: [sourceMap],
  },
  {
    name: 'js:server-index',
    description: 'The same entry module built for the browser-served mode (legacy !nim_node_index_server)',
    kind: 'nim-js',
    source: 'src/frontend/index.nim',
    output: 'server_index.js',
    bundles: [],
    args: ['-d:ctIndex', '-d:server', '-d:nodejs', '--sourcemap:on'],
    nimcache: { policy: 'nim-default' },
    extraOutputs: [sourceMap],
  },
  {
    name: 'js:subwindow',
    description: 'Renderer bundle of secondary windows (legacy !nim_node_subwindow)',
    kind: 'nim-js',
    source: 'src/frontend/subwindow.nim',
    output: 'subwindow.js',
    bundles: ['renderer', 'dev-reload'],
    args: [],
    nimcache: { policy: 'nim-default' },
    extraOutputs: [sourceMap],
  },
  {
    name: 'js:ui',
    description: 'The main UI renderer bundle, with hot module reload (legacy !nim_js)',
    kind: 'nim-js',
    source: 'src/frontend/ui_js.nim',
    output: 'ui.js',
    bundles: nimJsBundles,
    args: [],
    nimcache: { policy: 'nim-default' },
    extraOutputs: [],
  },
  {
    name: 'js:ipc-registry-test',
    description: 'Headless frontend test of the IPC registry, run under node (legacy !nim_js on frontend/tests/ipc_registry_test.nim)',
    kind: 'nim-js',
    source: 'src/frontend/tests/ipc_registry_test.nim',
    output: 'ipc_registry_test.js',
    bundles: nimJsBundles,
    args: [],
    nimcache: { policy: 'nim-default' },
    extraOutputs: [],
  },
  {
    name: 'js:reload-reconnect-test',
    description: 'Headless frontend test of reload and reconnect, run under node (legacy !nim_js on frontend/tests/test_suites/reload_reconnect.nim)',
    kind: 'nim-js',
    source: 'src/frontend/tests/test_suites/reload_reconnect.nim',
    output: 'reload_reconnect.js',
    bundles: nimJsBundles,
    args: [],
    nimcache: { policy: 'nim-default' },
    extraOutputs: [],
  },
  {
    name: 'js:ui-extension',
    description: 'The UI bundle for the VS Code extension (justfile build-ui-js, build_for_extension.sh)',
    kind: 'nim-js',
    source: 'src/frontend/ui_js.nim',
    output: 'ui_extension.js',
    bundles: ['renderer'],
    args: ['-d:ctInExtension', '--hotCodeReloading:on'],
    nimcache: { policy: 'nim-default' },
    extraOutputs: [],
  },
  {
    name: 'js:middleware',
    description: 'The extension middleware bundle (build_for_extension.sh)',
    kind: 'nim-js',
    source: 'src/frontend/middleware.nim',
    output: 'middleware.js',
    bundles: [],
    args: ['-d:ctInExtension', '-d:ctInCentralExtensionContext'],
    nimcache: { policy: 'nim-default' },
    extraOutputs: [],
  },
];
