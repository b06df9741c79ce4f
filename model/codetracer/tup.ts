import type { TupNode, TupRule } from '../schema/index.js';

/** Copies of recorder and tool links into the staged tree (legacy src/Tupfile, !tup_preserve). */
const links = (names: string[], into: string): TupRule[] => names.map((name) => ({ kind: 'copy', input: `links/${name}`, output: `${into}/${name}`, fromBuild: false }));
const globs = (...patterns: string[]): TupRule[] => patterns.map((glob) => ({ kind: 'copy-glob', glob }));
const preserveAll = (dir: string): TupNode => ({ dir, rules: globs('*.*'), omitted: [] });

const notBuilt = 'commented out in the legacy Tupfile';

/** Codetracer's Tup tree, staged under src/build (legacy src/**\/Tupfile at c4e47463). */
export const tup: { exports: string[]; nodes: TupNode[]; omitted: { legacy: string; reason: string }[] } = {
  // NIM: the dev shell's pinned nim reaches the driver; RUSTUP_HOME: as legacy.
  exports: ['NIM', 'RUSTUP_HOME'],
  nodes: [
    {
      dir: '',
      rules: [
        { kind: 'nim', target: 'js:index', output: 'index.js' },
        { kind: 'nim', target: 'js:subwindow', output: 'subwindow.js' },
        { kind: 'nim', target: 'js:server-index', output: 'server_index.js' },
        { kind: 'nim', target: 'js:ui', output: 'ui.js' },
        { kind: 'copy', input: 'helpers.js', fromBuild: false },
        { kind: 'copy', input: 'index.js', fromBuild: true, output: 'src/index.js' },
        { kind: 'copy', input: 'subwindow.js', fromBuild: true, output: 'src/subwindow.js' },
        { kind: 'copy', input: 'ui.js', fromBuild: true, output: 'public/ui.js' },
        { kind: 'copy', input: 'helpers.js', fromBuild: false, output: 'src/helpers.js' },
        ...links(['codetracer-pure-ruby-recorder'], 'bin'),
        { kind: 'copy', input: 'links/recorder.rb', output: 'src/recorder.rb', fromBuild: false },
        { kind: 'copy', input: 'links/trace.py', output: 'src/trace.py', fromBuild: false },
        ...links(['bash', 'node', 'ruby', 'nargo', 'wazero', 'ctags', 'electron', 'curl'], 'bin'),
        ...globs('*.json', '*.yaml'),
        { kind: 'copy', input: 'frontend/index.html', output: 'index.html', fromBuild: false },
        { kind: 'copy', input: 'frontend/subwindow.html', output: 'subwindow.html', fromBuild: false },
        { kind: 'copy', input: 'config/default_layout.json', fromBuild: false },
        { kind: 'copy', input: 'config/default_config.yaml', fromBuild: false },
      ],
      omitted: [
        { legacy: 'src/Tupfile: frontend/browsersync_serv.nim (!nim_node)', reason: notBuilt },
        { legacy: 'src/Tupfile: frontend/codetracer_shell.nim (!codetracer_shell)', reason: notBuilt },
        { legacy: 'src/Tupfile: helpers.ts (!ts)', reason: 'a TODO in the legacy Tupfile; helpers.js is copied as a source' },
        { legacy: 'src/Tupfile: links/trace.rb, links/unzip, links/zip', reason: notBuilt },
      ],
    },
    {
      dir: 'ct',
      rules: [
        { kind: 'nim', target: 'ct', output: 'bin/codetracer_depending_on_env_vars_in_tup' },
        { kind: 'nim', target: 'ct-wrapper', output: 'bin/ct' },
        { kind: 'nim', target: 'db-backend-record', output: 'bin/db-backend-record' },
      ],
      omitted: [{ legacy: 'src/ct/Tupfile: ct_wrapper.nim -> ../bin/codetracer', reason: notBuilt }],
    },
    { dir: 'tester', rules: [{ kind: 'nim', target: 'tester', output: 'bin/tester' }], omitted: [] },
    {
      dir: 'backend-manager',
      rules: [{ kind: 'cargo', binary: 'backend-manager', profile: 'release', targetDir: '/tmp/codetracer/backend_manager_target', inputs: [], output: 'bin/backend-manager' }],
      omitted: [],
    },
    {
      dir: 'db-backend',
      rules: [{ kind: 'cargo', binary: 'db-backend', profile: 'debug', targetDir: '/tmp/codetracer/db_backend_target', inputs: ['src/main.rs'], output: 'bin/db-backend' }],
      omitted: [{ legacy: 'src/db-backend/Tupfile: src/bin/virtualization-layers.rs (!rust_cargo_virtualization_layers)', reason: `${notBuilt}: only the system-language backend needs it` }],
    },
    {
      dir: 'db-backend/tree-sitter-trace',
      rules: [],
      omitted: [{ legacy: 'src/db-backend/tree-sitter-trace/Tupfile: tree-sitter generate', reason: `${notBuilt}: the grammar is generated outside Tup` }],
    },
    {
      dir: 'small-lang',
      rules: [{ kind: 'cargo', binary: 'small-lang', profile: 'release', targetDir: '/tmp/codetracer/small_lang_target', inputs: ['src/main.rs'], output: 'bin/small-lang' }],
      omitted: [],
    },
    { dir: 'tui', rules: [], omitted: [{ legacy: 'src/tui/Tupfile: src/main.rs (!rust_cargo_tui)', reason: notBuilt }] },
    {
      dir: 'frontend/styles',
      rules: [{ kind: 'stylus', inputs: ['default_white_theme.styl', 'default_dark_theme_electron.styl', 'default_dark_theme_extension.styl', 'loader.styl', 'subwindow.styl'] }],
      omitted: [{ legacy: 'src/frontend/styles/Tupfile: foreach *.styl', reason: 'a commented-out workaround for a CSS build problem' }],
    },
    {
      dir: 'public',
      rules: globs('*.*', 'third_party/wnumb-1.2.0/*.js', 'resources/window/*.svg', 'resources/notifications/*.svg', 'third_party/bootstrap-4.3.1-dist/css/*.css', 'dist/*').concat([
        { kind: 'copy', input: 'third_party/tippy.js/tippy.css', fromBuild: false },
      ]),
      omitted: [
        {
          legacy: 'src/public/Tupfile: third_party/{monaco-editor/min,@exuanbo,golden-layout/dist,mousetrap,vex-js,xterm} (!tup_preserve of directories)',
          reason: 'a directory cannot be a Tup output; these vendored trees are read from src/public/third_party where they are',
        },
      ],
    },
    { dir: 'public/resources', rules: globs('*.*', 'welcome/*.svg', 'jstree/*.png', 'jstree/*.gif'), omitted: [] },
    preserveAll('public/resources/calltrace'),
    preserveAll('public/resources/debug'),
    preserveAll('public/resources/fonts'),
    preserveAll('public/resources/fonts/fira_code'),
    preserveAll('public/resources/fonts/space_grotesk'),
    preserveAll('public/resources/menu'),
    { dir: 'public/resources/shared', rules: globs('*.*', 'filesystem/*.svg'), omitted: [] },
    preserveAll('public/resources/shell'),
    preserveAll('public/resources/tracepoints'),
    preserveAll('public/third_party'),
  ],
  omitted: [{ legacy: 'resources/fonts/Tupfile', reason: 'outside src/, so never part of the Tup tree rooted at src/Tupfile.ini' }],
};
