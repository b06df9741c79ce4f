import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** docs/migration.md, whose section 10 holds the reprobuild templates as Nim. */
const GUIDE = join(import.meta.dirname, '..', '..', 'docs', 'migration.md');

/*
 * docs/migration.md applied to a checkout by structure (the recipe, the derivation, the lines
 * between two markers) rather than by a387f8fa's line numbers, so that it fits the synthetic
 * checkout of tests/support/legacy-checkout.ts. Every edit fails loudly when its anchor is missing.
 */

function edit(root: string, path: string, change: (text: string) => string): void {
  const file = join(root, path);
  const before = readFileSync(file, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`${path}: the guide's edit changed nothing`);
  writeFileSync(file, after);
}

function indexOfLine(lines: string[], pattern: RegExp, from = 0, what = String(pattern)): number {
  const at = lines.findIndex((line, i) => i >= from && pattern.test(line));
  if (at < 0) throw new Error(`no line matches ${what}`);
  return at;
}

/** Replaces the lines from the one matching `first` through the next matching `last` (inclusive). */
function replaceLines(text: string, first: RegExp, last: RegExp, replacement: string[]): string {
  const lines = text.split('\n');
  const start = indexOfLine(lines, first);
  const end = indexOfLine(lines, last, start);
  lines.splice(start, end - start + 1, ...replacement);
  return lines.join('\n');
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Deletes a just recipe, the comment block right above it and the blank line after it. */
function deleteRecipe(text: string, name: string): string {
  const lines = text.split('\n');
  let start = indexOfLine(lines, new RegExp(`^${escape(name)}(?=[\\s:])[^:]*:`), 0, `recipe ${name}`);
  let end = start + 1;
  while (end < lines.length && /^\s+\S/.test(lines[end]!)) end++;
  if (lines[end] === '') end++;
  while (start > 0 && lines[start - 1]!.startsWith('#')) start--;
  lines.splice(start, end - start);
  return lines.join('\n');
}

/** In a recipe, replaces its nim compile (with its continuation lines) by one line at the same indent. */
function replaceRecipeCompile(text: string, recipe: string, replacement: string): string {
  const lines = text.split('\n');
  const header = indexOfLine(lines, new RegExp(`^${escape(recipe)}(?=[\\s:])[^:]*:`), 0, `recipe ${recipe}`);
  const start = indexOfLine(lines, /^\s+nim c /, header, `the nim compile of ${recipe}`);
  let end = start;
  while (lines[end]!.endsWith('\\')) end++;
  lines.splice(start, end - start + 1, `${/^\s*/.exec(lines[start]!)![0]}${replacement}`);
  return lines.join('\n');
}

/** Replaces the `buildPhase` of a Nix derivation, from `buildPhase =` through its closing `'';`. */
function replaceBuildPhase(text: string, derivation: string, phase: string): string {
  const lines = text.split('\n');
  const at = indexOfLine(lines, new RegExp(`^\\s*${escape(derivation)} = stdenv\\.mkDerivation`), 0, `derivation ${derivation}`);
  const start = indexOfLine(lines, /^\s*buildPhase = /, at, `the buildPhase of ${derivation}`);
  const end = indexOfLine(lines, /^\s*'';$/, start);
  lines.splice(start, end - start + 1, `${/^\s*/.exec(lines[start]!)![0]}buildPhase = ${phase};`);
  return lines.join('\n');
}

/** Deletes a Nix derivation binding through its closing `};` and the blank line after it. */
function deleteDerivation(text: string, derivation: string): string {
  const lines = text.split('\n');
  const start = indexOfLine(lines, new RegExp(`^\\s*${escape(derivation)} = stdenv\\.mkDerivation`), 0, `derivation ${derivation}`);
  const indent = /^\s*/.exec(lines[start]!)![0];
  let end = indexOfLine(lines, new RegExp(`^${indent}};$`), start);
  if (lines[end + 1] === '') end++;
  lines.splice(start, end - start + 1);
  return lines.join('\n');
}

/** The codetracer phase: the ls/echo lines and the nim commands go, the exports stay, the generated phase follows. */
function codetracerPhase(text: string): string {
  const lines = text.split('\n');
  const at = indexOfLine(lines, /^\s*codetracer = stdenv\.mkDerivation/);
  const start = indexOfLine(lines, /^\s*buildPhase = ''$/, at);
  const end = indexOfLine(lines, /^\s*'';$/, start);
  const body: string[] = [];
  for (let i = start + 1; i < end; i++) {
    const line = lines[i]!;
    if (/^\s*(ls|echo) /.test(line)) continue;
    if (/\/bin\/nim2? /.test(line)) {
      while (lines[i]!.endsWith('\\')) i++;
      continue;
    }
    body.push(line);
  }
  while (body.length > 0 && body[body.length - 1]!.trim() === '') body.pop();
  lines.splice(start + 1, end - start, ...body, `${/^\s*/.exec(lines[end]!)![0]}'' + ctGenPhases.codetracer;`);
  return lines.join('\n');
}

function insertAfter(text: string, anchor: RegExp, added: string[]): string {
  const lines = text.split('\n');
  lines.splice(indexOfLine(lines, anchor) + 1, 0, ...added);
  return lines.join('\n');
}

/** The `ctNimJs` / `ctNative` templates of the guide's section 10, without their indentation. */
export function guideReproTemplates(): string {
  const guide = readFileSync(GUIDE, 'utf8');
  const block = /```nim\n([\s\S]*?)\n\s*```/.exec(guide.slice(guide.indexOf('## 10. repro.nim')));
  if (!block) throw new Error('docs/migration.md: no nim block in section 10');
  const lines = block[1]!.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** repro.nim, section 10: the module import, ctBuildProfile, the guide's templates, target names at the call sites. */
function adoptRepro(text: string): string {
  text = insertAfter(text, /^import repro_dsl_stdlib$/, ['', 'import tools/build/ct_gen_build']);
  text = replaceLines(text, /^proc buildDebugRoot\(\): string =$/, /"src\/build-" & bt & "-repro"$/, [
    'proc ctBuildProfile(): string =',
    '  try: buildType.value',
    '  except EVariantNotResolved: "debug"',
    '',
    'proc buildDebugRoot(): string =',
    '  "src/build-" & ctBuildProfile() & "-repro"',
  ]);
  text = replaceLines(text, /^\s*template ctNimJs\(/, /^\s*nim\.c\(.*"-lssl".*source = sourcePath\)$/, guideReproTemplates().split('\n').map((l) => (l ? `    ${l}` : l)));
  text = replaceLines(text, /^const$/, /^\s*NimPaths = /, []);
  text = replaceLines(text, /^\s*definesValue = /, /^\s*sourcePath = "src\/frontend\/ui_js\.nim"\)$/, ['      target = "js:ui",', '      outputPath = buildDebugPath("ui.js"))']);
  return replaceLines(text, /^\s*outputPath = buildDebugPath\("bin\/ct"\),$/, /^\s*sourcePath = "src\/ct\/codetracer\.nim"\)$/, ['      outputPath = buildDebugPath("bin/ct"),', '      target = "ct")']);
}

/**
 * The upstream edits of docs/migration.md, sections 2 to 10, on a checkout the generated files are
 * already written into.
 */
export function applyGuide(root: string): void {
  edit(root, 'justfile', (text) => {
    for (const recipe of ['build-ui-js', 'build-ui-js-hmr', 'build-hmr-fixture', 'build-storybook-components']) text = deleteRecipe(text, recipe);
    for (const recipe of ['demo-request-panel', 'demo-request-panel-live']) text = replaceRecipeCompile(text, recipe, 'just build-demo-request-session "$work"');
    return `import 'just/ct-gen.just'\n\n${text}`;
  });

  edit(root, 'scripts/build.sh', (text) =>
    replaceLines(text, /^\s*cd src$/, /^\s*cd \.\.\/$/, ['  just tup-build-debug', '  just tup-monitor']).replaceAll('src/build-debug/bin/ct', 'src/build-debug/build/bin/ct'),
  );
  edit(root, 'scripts/build-once.sh', (text) =>
    replaceLines(text, /^cd src$/, /^cd \.\.$/, ['just "tup-build-${ct_tup_config}"']).replace('"src/$ct_tup_variant/bin/ct"', '"src/$ct_tup_variant/build/bin/ct"'),
  );
  edit(root, 'ci/build/dev.sh', (text) => replaceLines(text, /^pushd src$/, /^popd$/, ['just tup-generate-debug']));
  edit(root, 'non-nix-build/env.sh', (text) => text.replace('src/build-${_ct_config}" ;;', 'src/build-${_ct_config}/build" ;;'));
  edit(root, 'nix/shells/ci-base.nix', (text) => text.replace(`src/build-''\${_ct_config}" ;;`, `src/build-''\${_ct_config}/build" ;;`));

  edit(root, '.gitignore', (text) => insertAfter(text, /^build-\*\/$/, ['!/src/build-debug/', '!/src/build-release/', '!/src/build-win32-debug/']));

  edit(root, 'non-nix-build/build_with_nim.sh', (text) =>
    replaceLines(replaceLines(text, /^\$NIM /, /^cp .*index\.js/, ['"$GIT_ROOT/packaging/macos/build_nim_artefacts.sh"']), /^NIM=\$\{NIM:-nim\}$/, /^$/, []),
  );
  edit(root, 'appimage-scripts/build_with_nim.sh', (text) => replaceLines(text, /^pushd "\$ROOT_PATH"$/, /^popd$/, ['"$ROOT_PATH/packaging/appimage/build_nim_artefacts.sh"']));
  edit(root, '.github/workflows/codetracer.yml', (text) => {
    for (const [step, section] of [['Linux', 'linux'], ['MacOS', 'macos']] as const) {
      const lines = text.split('\n');
      const at = indexOfLine(lines, new RegExp(`- name: Build codetracer binaries \\(${step}\\)`));
      const target = indexOfLine(lines, /^\s+TARGET_DIR=/, at);
      lines[target] = lines[target]!.replace('TARGET_DIR=', 'export TARGET_DIR=');
      const first = indexOfLine(lines, /nim-2\.2\.6\/bin\/nim /, at);
      const last = indexOfLine(lines, /db_backend_record\.nim$/, first);
      lines.splice(first, last - first + 1, `          packaging/python-wheel/build_nim_artefacts.sh ${section}`);
      text = lines.join('\n');
    }
    return text;
  });

  edit(root, 'nix/packages/default.nix', (text) => {
    text = insertAfter(text, /^\s*pkgs,$/, ["      self',"]);
    text = insertAfter(text, /^\s*inherit \(pkgs\) stdenv;$/, [
      '      ctGenPhases = import ../ct-gen/build-phases.nix {',
      '        inherit pkgs;',
      "        inherit (self'.packages) nim-codetracer node-modules-derivation runtimeDeps;",
      '      };',
    ]);
    for (const derivation of ['indexJavascript', 'subwindowJavascript', 'uiJavascript']) {
      text = replaceBuildPhase(text, derivation, `prepareIsonimSiblings + ctGenPhases.${derivation}`);
    }
    return codetracerPhase(deleteDerivation(text, 'console'));
  });
  edit(root, 'nix/shells/main.nix', (text) =>
    text.replace(
      "shellHook = base.shellHook + ''",
      "shellHook = base.shellHook + (import ../ct-gen/dev-shell.nix { inherit (self'.packages) nim-codetracer; }).shellHook + ''",
    ),
  );
  edit(root, 'repro.nim', adoptRepro);
  edit(root, 'nix/pre-commit.nix', (text) =>
    insertAfter(text, /^\s*"\^libs\/"$/, [
      '    "^tools/ct-gen/"',
      '    "^tools/build/(build_codetracer|build_for_extension)\\\\.sh$"',
      '    "^packaging/[^/]+/build_nim_artefacts\\\\.sh$"',
      '    "^nix/ct-gen/"',
      '    "^nix/nixos/build-status\\\\.nix$"',
      '    "^lib/build-status\\\\.sh$"',
      '    "^scripts/(nixos-build-status|nixos-build-wrapper|test-build-automation)$"',
    ]),
  );
}
