import { execa } from 'execa';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkoutInputs } from '../../generator/checkout.js';
import { resolveArgv } from '../../generator/resolve/argv.js';
import { FORMATS } from '../../lint/format/names.js';
import { shellJoin } from '../../generator/quote.js';
import { fixture, fixtureInput } from '../support/fixture-model.js';
import { expandBundles } from '../support/loaded.js';
import { copyPackage } from '../support/package-copy.js';
import { tempDir } from '../support/tree.js';
import { model } from '../support/model.js';
import { pkg, positionOf } from './model-copy.js';

const bin = join(pkg, 'bin', 'ct-gen.js');
const ctGen = (args: string[], cwd = pkg, env: Record<string, string> = {}) => execa('node', [bin, ...args], { reject: false, cwd, env });

describe('did you mean, for the command line', () => {
  const cases: [string, string[], string][] = [
    ['a misspelled command', ['genrate'], 'ct-gen: unknown command "genrate"; did you mean "generate"?\nRun \'ct-gen --help\' for usage.'],
    ['the new command', ['modle'], 'ct-gen: unknown command "modle"; did you mean "model"?\nRun \'ct-gen --help\' for usage.'],
    ['a misspelled add-target', ['add-targte'], 'ct-gen: unknown command "add-targte"; did you mean "add-target"?\nRun \'ct-gen --help\' for usage.'],
    ['a flag of generate written as a command', ['watch'], 'ct-gen: unknown command "watch"; did you mean "generate --watch"?\nRun \'ct-gen --help\' for usage.'],
    ['--version written as a command', ['version'], 'ct-gen: unknown command "version"; did you mean "--version"?\nRun \'ct-gen --help\' for usage.'],
    ['an unknown command with --help: yargs would show the top-level help', ['watch', '--help'], 'ct-gen: unknown command "watch"; did you mean "generate --watch"?\nRun \'ct-gen --help\' for usage.'],
    ['a value that is not among the choices', ['lint', '--format', 'sarf', '.'], `ct-gen: --format "sarf" is not one of ${FORMATS.join(', ')}; did you mean "sarif"?\nRun 'ct-gen --help' for usage.`],
    ['the global --model and its value before the command', ['--model', 'm.json', 'watch', '--help'], 'ct-gen: unknown command "watch"; did you mean "generate --watch"?\nRun \'ct-gen --help\' for usage.'],
    ['a command without its argument', ['explain'], "ct-gen: explain needs <target> ('ct-gen list' shows the targets)\nRun 'ct-gen --help' for usage."],
    ['nothing close', ['frobnicate'], 'ct-gen: unknown command "frobnicate"; commands: generate, check, list, explain, model, add-target, lint, parity, baseline, completion\nRun \'ct-gen --help\' for usage.'],
    ['a misspelled option of a command', ['check', '--dset', 'x'], 'ct-gen: unknown option --dset; did you mean --dest?\nRun \'ct-gen --help\' for usage.'],
    ['a negated option', ['check', '--no-colr'], 'ct-gen: unknown option --no-colr; did you mean --no-color?\nRun \'ct-gen --help\' for usage.'],
    ['an option given with =', ['explain', 'ct', '--profle=release'], 'ct-gen: unknown option --profle; did you mean --profile?\nRun \'ct-gen --help\' for usage.'],
    ['a stray word after a command is no command', ['explain', 'ct', 'lsit'], 'ct-gen: unknown argument "lsit"\nRun \'ct-gen --help\' for usage.'],
    ['two unknown options, a line each', ['check', '--frob', '--blah'], 'ct-gen: unknown option --frob\nct-gen: unknown option --blah\nRun \'ct-gen --help\' for usage.'],
    ['a negation given a value', ['check', '--no-cache=false'], 'ct-gen: --no-cache takes no value\nRun \'ct-gen --help\' for usage.'],
    ['a path option given twice', ['check', '--dest', 'a', '--dest', 'b'], 'ct-gen: --dest given 2 times; give it once\nRun \'ct-gen --help\' for usage.'],
    ['an empty path option', ['generate', '--dest='], 'ct-gen: --dest is empty; give a path\nRun \'ct-gen --help\' for usage.'],
    ['an empty model', ['list', '--model='], 'ct-gen: --model is empty; give a path\nRun \'ct-gen --help\' for usage.'],
  ];
  it.each(cases)('%s', async (_name, args, want) => {
    const result = await ctGen(args);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(want);
  });

  it('a misspelled profile of explain', async () => {
    const result = await ctGen(['explain', 'ct', '--profile', 'relase']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe("ct-gen: unknown profile 'relase'; did you mean 'release'?");
  });
});

describe('ct-gen completion', () => {
  it('prints a bash script that completes commands and options through ct-gen itself (run in bash)', async () => {
    const script = await ctGen(['completion'], pkg, { SHELL: '/bin/bash' });
    expect(script.exitCode).toBe(0);
    expect(script.stdout).toContain('complete -o bashdefault -o default -F _ct-gen_yargs_completions ct-gen');
    // The script calls `ct-gen`: put one on PATH, as `npm link` or a global install would.
    const binDir = tempDir('completion-bin');
    writeFileSync(join(binDir, 'ct-gen'), `#!/bin/sh\nexec node ${JSON.stringify(bin)} "$@"\n`);
    chmodSync(join(binDir, 'ct-gen'), 0o755);
    const scriptFile = join(binDir, 'completion.bash');
    writeFileSync(scriptFile, script.stdout);
    const complete = (words: string[]) =>
      execa('bash', ['-c', `source ${scriptFile}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _ct-gen_yargs_completions; printf '%s\\n' "\${COMPREPLY[@]}"`], {
        env: { PATH: `${binDir}:${process.env.PATH}` },
      });
    expect((await complete(['ct-gen', 'ch'])).stdout).toBe('check');
    expect((await complete(['ct-gen', 'add'])).stdout).toBe('add-target');
    expect((await complete(['ct-gen', 'add-target', 'x', '--tup'])).stdout.split('\n')).toEqual(['--tup-dir', '--tup-output']);
    expect((await complete(['ct-gen', 'generate', '--wa'])).stdout).toBe('--watch');
    expect((await complete(['ct-gen', 'list', '--f'])).stdout).toBe('--format');
    expect((await complete(['ct-gen', 'explain', 'ct', '--pr'])).stdout).toBe('--profile');
    // Values: the model's names where one is asked for; nothing for a path, so bash completes file names.
    expect((await complete(['ct-gen', 'explain', ''])).stdout.split('\n')).toEqual(model.targets.map((t) => t.name));
    expect((await complete(['ct-gen', 'explain', 'ct', '--profile', ''])).stdout.split('\n')).toEqual(model.profiles.map((p) => p.name));
    expect((await complete(['ct-gen', 'check', '--dest', ''])).stdout).toBe('');
    expect((await complete(['ct-gen', 'list', '--format', ''])).stdout.split('\n')).toEqual(['text', 'json']);
  });

  it('prints a zsh script under zsh', async () => {
    const script = await ctGen(['completion'], pkg, { SHELL: '/usr/bin/zsh' });
    expect(script.stdout).toContain('compdef _ct-gen_yargs_completions ct-gen');
  });

  it('--help says what the command prints and how to use it, not the script', async () => {
    const result = await ctGen(['completion', '--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain('compdef');
    expect(result.stdout).not.toContain('complete -o');
    expect(result.stdout).toMatch(/^ct-gen completion\n\nPrint a bash or zsh completion script .*\n {2}ct-gen completion >> ~\/\.bashrc\n/);
  });
});

describe('--help says one thing about each default', () => {
  const commands: [string, string[]][] = [['ct-gen', []], ...['generate', 'check', 'list', 'explain', 'model', 'add-target', 'lint', 'parity', 'baseline'].map((c): [string, string[]] => [`ct-gen ${c}`, [c]])];
  it.each(commands)('%s --help', async (_name, command) => {
    const result = await ctGen([...command, '--help']);
    expect(result.exitCode).toBe(0);
    // An option's entry (its description up to the next option) states its default once: in words or as yargs' [default: …].
    const entries = result.stdout.split(/\n(?=\s+(?:-\w, )?--)/).filter((e) => /^\s+(-\w, )?--/.test(e));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.match(/default: /g)?.length ?? 0, entry).toBeLessThanOrEqual(1);
  });

  it('check: the colour default is the rule, not the value it has while help runs', async () => {
    const help = (await ctGen(['check', '--help'])).stdout;
    expect(help.replace(/\s+/g, ' ')).toContain('--color colour the diff; --no-color turns it off [boolean] [default: on a terminal, unless NO_COLOR is set]');
  });
});

describe('ct-gen model', () => {
  it('--format json: every target with its argv per profile and platform, as the resolver gives it', async () => {
    const result = await ctGen(['model', '--format', 'json']);
    expect(result.exitCode, result.stderr).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed.defaultProfile).toBe('debug');
    expect(printed.targets.map((t: { name: string }) => t.name)).toEqual(model.targets.map((t) => t.name));
    for (const target of printed.targets) {
      expect(Object.keys(target.argv)).toEqual(model.profiles.map((p) => p.name));
      for (const profile of model.profiles) {
        for (const platform of model.platforms) {
          expect(target.argv[profile.name][platform.name]).toEqual(resolveArgv(model, target.name, profile.name, { platform: platform.name }).map((a) => a.value));
        }
      }
    }
  });

  it('text: one line per profile and platform, the nim command shell-quoted (fixture model)', async () => {
    const dir = tempDir('model-text');
    writeFileSync(join(dir, 'fixture.json'), JSON.stringify(fixtureInput));
    const result = await ctGen(['model', '--model', 'fixture.json'], dir);
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'profiles: debug (base, paths, dbg), release (base, paths, rel); default debug',
      'platforms: linux, windows (.exe); default linux',
    ]);
    const app = lines.indexOf('app: nim-c src/app/app.nim -> app (bundles link-unix, link-win)');
    expect(app).toBeGreaterThan(0);
    const argv = (profile: string, platform: string) => resolveArgv(fixture, 'app', profile, { platform }).map((a) => a.value);
    expect(lines.slice(app + 1, app + 5)).toEqual([
      `  debug/linux:     nim ${shellJoin(argv('debug', 'linux'))}`,
      `  debug/windows:   nim ${shellJoin(argv('debug', 'windows'))}`,
      `  release/linux:   nim ${shellJoin(argv('release', 'linux'))}`,
      `  release/windows: nim ${shellJoin(argv('release', 'windows'))}`,
    ]);
    expect(argv('debug', 'windows')).toContain('--out:./app.exe');
  });
});

describe('running ct-gen from another directory', () => {
  it('npm exec --prefix <ct-gen> runs it offline, with paths relative to the directory it runs in', async () => {
    const dir = tempDir('npm-exec');
    mkdirSync(join(dir, 'models'));
    writeFileSync(join(dir, 'models', 'fixture.json'), JSON.stringify(fixtureInput));
    const result = await execa('npm', ['exec', '--offline', '--prefix', pkg, 'ct-gen', '--', 'list', '--format', 'json', '--model', 'models/fixture.json'], {
      cwd: dir,
      reject: false,
      env: { npm_config_update_notifier: 'false' },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).targets.map((t: { name: string }) => t.name)).toEqual(['app', 'js:page', 'tool']);
  });
});

describe('a mistake in the built-in model, through bin/ct-gen.js (a copy of the package)', () => {
  it('is printed at model/codetracer/<file>:line:col, relative to where ct-gen runs, absolute elsewhere', async () => {
    const copy = copyPackage('authoring-package');
    const targets = join(copy, 'model/codetracer/targets.ts');
    const text = readFileSync(targets, 'utf8');
    const edited = text.replace("source: 'src/ct/db_backend_record.nim'", "source: 'src/ct/db_backend_record.nims'");
    writeFileSync(targets, edited);
    const { line, column } = positionOf(edited, edited.indexOf("'src/ct/db_backend_record.nims'"));
    const problem = `targets["db-backend-record"].source: must end with .nim (got "src/ct/db_backend_record.nims")`;

    const inside = await execa('node', [join(copy, 'bin', 'ct-gen.js'), 'list'], { cwd: copy, reject: false });
    expect(inside.exitCode).toBe(2);
    expect(inside.stderr.split('\n').filter((l) => !l.includes('compiling'))).toEqual([
      `model/codetracer/targets.ts:${line}:${column}: ${problem}`,
      'ct-gen: invalid model (model/codetracer): 1 problem',
    ]);
    const outside = await execa('node', [join(copy, 'bin', 'ct-gen.js'), 'check'], { cwd: tempDir('elsewhere'), reject: false });
    expect(outside.exitCode).toBe(2);
    expect(outside.stderr.split('\n')[0]).toBe(`${targets}:${line}:${column}: ${problem}`);
  }, 240_000);
});

/** The module URLs a CLI run loads, seen by a module loader hook. */
async function loadedBy(args: string[], cwd = pkg) {
  const dir = tempDir('authoring-loaded');
  const out = join(dir, 'loaded.txt');
  writeFileSync(out, '');
  writeFileSync(join(dir, 'hooks.mjs'), "import { appendFileSync } from 'node:fs';\nlet out;\nexport function initialize(data) { out = data.out; }\nexport async function load(url, context, next) { appendFileSync(out, `${url}\\n`); return next(url, context); }\n");
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(dir, 'hooks.mjs')}`)}, { data: { out: ${JSON.stringify(out)} } });\n`);
  const result = await execa('node', ['--import', `file://${join(dir, 'register.mjs')}`, bin, ...args], { reject: false, cwd });
  return { result, loaded: expandBundles(readFileSync(out, 'utf8').split('\n').filter(Boolean)) };
}

describe('a valid model loads nothing of the authoring tools', () => {
  // ts-morph is required (CommonJS, which the hook does not see) by the module that wraps it; an ES import of it would show.
  const tsMorph = (url: string) => url.includes('/dist/generator/authoring/ts-morph.js') || url.includes('/node_modules/ts-morph/');
  const authoring = (url: string) => tsMorph(url) || url.includes('/dist/generator/authoring/diagnostics.js');

  it('only a model that fails validation loads ts-morph and the diagnostics', async () => {
    const valid = await loadedBy(['list']);
    expect(valid.result.exitCode, valid.result.stderr).toBe(0);
    expect(valid.loaded).toContain(`file://${join(pkg, 'dist/generator/model.js')}`);
    expect(valid.loaded.filter(authoring)).toEqual([]);

    const dir = tempDir('authoring-invalid');
    writeFileSync(join(dir, 'model.mjs'), `export default ${JSON.stringify({ ...fixtureInput, targets: [{ ...fixtureInput.targets[0], source: 'src/app/app.rs' }] })};\n`);
    const invalid = await loadedBy(['list', '--model', 'model.mjs'], dir);
    expect(invalid.result.exitCode).toBe(2);
    expect(invalid.result.stderr).toMatch(/^model\.mjs:1:\d+: targets\["app"\]\.source: must end with \.nim/m);
    expect(invalid.loaded.filter(authoring).length).toBeGreaterThan(0);
  });

  it('add-target refused by its arguments loads no ts-morph; refused at a place in the model, it does', async () => {
    const dest = join(tempDir('authoring-refused'), 'out');
    const bad = await loadedBy(['add-target', 'Doctor', '--source', 'src/ct/doctor.nim', '--dest', dest]);
    expect(bad.result.exitCode).toBe(2);
    expect(bad.result.stderr).toMatch(/^ct-gen: <name>: "Doctor" must be lower-case/);
    expect(bad.loaded.filter(tsMorph)).toEqual([]);
    const placed = await loadedBy(['add-target', 'ct', '--source', 'src/ct/other.nim', '--dest', dest]);
    expect(placed.result.exitCode).toBe(2);
    expect(placed.result.stderr).toMatch(/^ct-gen: <name>: target "ct" already exists \(model\/codetracer\/targets\.ts:\d+:\d+\), with source/);
    expect(placed.loaded.filter(tsMorph)).toHaveLength(1);
    expect(existsSync(dest)).toBe(false);
  });
});

describe('add-target into a checkout', () => {
  it('that lacks only the new source is refused before the edit is loaded; so is an argument the model rejects, by its name', async () => {
    const checkout = tempDir('authoring-checkout');
    for (const { path } of checkoutInputs(model)) {
      mkdirSync(dirname(join(checkout, path)), { recursive: true });
      writeFileSync(join(checkout, path), '');
    }
    const edited = (url: string) => url.includes('/dist/generator/authoring/edited-model.js');
    const lacking = await loadedBy(['add-target', 'ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--dest', checkout]);
    expect(lacking.result.stderr).toBe(`ct-gen: --source: src/ct/selfcheck.nim does not exist in the checkout ${checkout}; create it first (nothing was written)`);
    expect(lacking.result.exitCode).toBe(2);
    expect(lacking.loaded.filter(edited)).toEqual([]);
    // A request the model rejects in a value an argument gave is refused naming the argument, not told to create the source.
    for (const [args, problem] of [
      [['--source', 'src/ct/self check.nim'], /^ct-gen: --source: .* \(nothing was written\)$/],
      [['--source', 'src/ct/selfcheck.nim', '--tup-dir', 'ct', '--tup-output', 'bin/ct'], /^ct-gen: --tup-output: "bin\/ct" is already produced by tup\.nodes\["ct"\]\.rules\[\d+\] \(nothing was written\)$/],
    ] as const) {
      const invalid = await loadedBy(['add-target', 'ct-selfcheck', ...args, '--dest', checkout]);
      expect(invalid.result.exitCode, args.join(' ')).toBe(2);
      expect(invalid.result.stderr, args.join(' ')).toMatch(problem);
      expect(invalid.loaded.filter(edited)).toEqual([]);
    }
    // Another input missing too: the edit is loaded, and the report names both.
    const other = checkoutInputs(model).find((input) => !input.by.startsWith('target '))!;
    rmSync(join(checkout, other.path));
    const both = await loadedBy(['add-target', 'ct-selfcheck', '--source', 'src/ct/selfcheck.nim', '--dest', checkout]);
    expect(both.result.exitCode).toBe(2);
    expect(both.result.stderr).toContain(`: ${other.path} does not exist\n`);
    expect(both.result.stderr).toContain(': src/ct/selfcheck.nim does not exist\n');
    expect(both.loaded.filter(edited)).toHaveLength(1);
  }, 120_000);
});
