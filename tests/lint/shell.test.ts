import { describe, expect, it } from 'vitest';
import { lintText } from '../../lint/index.js';

/** `line:column rule` of every finding in a shell script. */
const found = (text: string, nimble = false) => lintText('build.sh', text, { nimble }).map((f) => `${f.line}:${f.column} ${f.rule}`);

const NIM = 'nim-invocation';

describe('shell commands that run nim', () => {
  const cases: [string, string, string[]][] = [
    ['bare nim c', 'nim c src/ct/codetracer.nim', [`1:1 ${NIM}`]],
    ['switches before the subcommand', 'nim -d:release --hints:off --out:ct c src/ct/codetracer.nim', [`1:1 ${NIM}`]],
    ['a continued command is one finding at its first line', 'echo start\nnim \\\n  --out:ui.js \\\n  js src/frontend/ui_js.nim\n', [`2:1 ${NIM}`]],
    ['after &&', 'cd src && nim js frontend/index.nim', [`1:11 ${NIM}`]],
    ['after ;', 'true; nim c x.nim', [`1:7 ${NIM}`]],
    ['after ||', 'false || nim cpp x.nim', [`1:10 ${NIM}`]],
    ['in a pipeline', 'nim c x.nim 2>&1 | tee build.log', [`1:1 ${NIM}`]],
    ['in the background', 'nim c x.nim & wait', [`1:1 ${NIM}`]],
    ['an assignment prefix', 'CC=clang NIMFLAGS="-d:x" nim c x.nim', [`1:1 ${NIM}`]],
    ['env with options and assignments', 'env -i PATH=/usr/bin nim js x.nim', [`1:1 ${NIM}`]],
    ['exec', 'exec nim c x.nim', [`1:1 ${NIM}`]],
    ['exec -a', 'exec -a compiler nim c x.nim', [`1:1 ${NIM}`]],
    ['sudo with a valued option', 'sudo -u builder -E nim c x.nim', [`1:1 ${NIM}`]],
    ['time', 'time nim c x.nim', [`1:1 ${NIM}`]],
    ['/usr/bin/time', '/usr/bin/time -v nim c x.nim', [`1:1 ${NIM}`]],
    ['nice and timeout', 'nice -n 5 timeout 600 nim c x.nim', [`1:1 ${NIM}`]],
    ['the command builtin', 'command nim c x.nim', [`1:1 ${NIM}`]],
    ['if … then', 'if true; then nim c x.nim; fi', [`1:15 ${NIM}`]],
    ['a brace group and a subshell', '{ nim c a.nim; }\n( nim js b.nim )', [`1:3 ${NIM}`, `2:3 ${NIM}`]],
    ['negated', '! nim c x.nim', [`1:3 ${NIM}`]],
    ['$NIM', '$NIM c x.nim', [`1:1 ${NIM}`]],
    ['${NIM} quoted', '"${NIM}" js x.nim', [`1:1 ${NIM}`]],
    ['${NIM:-nim}', '"${NIM:-nim}" c x.nim', [`1:1 ${NIM}`]],
    ['a default that is nim', '"${COMPILER:-nim}" c x.nim', [`1:1 ${NIM}`]],
    ['$NIM_BIN', '$NIM_BIN c x.nim', [`1:1 ${NIM}`]],
    ['a variable bound to nim', 'COMPILER=nim\n$COMPILER c x.nim', [`2:1 ${NIM}`]],
    ['a variable bound to a nim path', 'export NIMC=/opt/nim/bin/nim\n"$NIMC" c x.nim', [`2:1 ${NIM}`]],
    ['a variable bound by a lookup', 'NC=$(command -v nim)\n$NC c x.nim', [`2:1 ${NIM}`]],
    ['a lookup run directly', '$(which nim) c x.nim', [`1:1 ${NIM}`]],
    ['a local bound to a bound variable', 'A=nim\nlocal B="$A"\n$B c x.nim', [`3:1 ${NIM}`]],
    ['an absolute path', '/usr/local/bin/nim c x.nim', [`1:1 ${NIM}`]],
    ['a store path', '/nix/store/0abc-nim-2.0.8/bin/nim js x.nim', [`1:1 ${NIM}`]],
    ['a relative path', 'bin/nim c koch.nim\n./nim c y.nim', [`1:1 ${NIM}`, `2:1 ${NIM}`]],
    ['a path under a variable', '"$NIM_HOME/bin/nim" c x.nim', [`1:1 ${NIM}`]],
    ['a redirection before the command', 'nim >build.log 2>&1 c x.nim\nnim > build.log js y.nim', [`1:1 ${NIM}`, `2:1 ${NIM}`]],
    ['options hidden in an expansion before the command', 'nim $NIMFLAGS c x.nim\nnim ${FLAGS} "$@" js y.nim\nnim "${DEFINES}" cpp z.nim', [`1:1 ${NIM}`, `2:1 ${NIM}`, `3:1 ${NIM}`]],
    ['long subcommands in any style', 'nim compile a.nim\nnim compileToC b.nim\nnim compile_to_cpp c.nim', [`1:1 ${NIM}`, `2:1 ${NIM}`, `3:1 ${NIM}`]],
    ['bash -c', `bash -c 'nim c x.nim'`, [`1:10 ${NIM}`]],
    ['sh -ec with escapes', `sh -ec "cd \\"src\\" && nim js x.nim"`, [`1:8 ${NIM}`]],
    ['nix-shell --run', `nix-shell -p nim --run "nim c x.nim"`, [`1:25 ${NIM}`]],
    ['nix develop --command', 'nix develop .#default --command nim c x.nim', [`1:1 ${NIM}`]],
    ['eval', `eval 'nim c x.nim'`, [`1:7 ${NIM}`]],
    ['env -S', `env -S 'nim c x.nim'`, [`1:9 ${NIM}`]],
    ['a command substitution', 'out=$(nim c x.nim)', [`1:7 ${NIM}`]],
    ['backticks', 'out=`nim c x.nim`', [`1:6 ${NIM}`]],
    ['a substitution inside echo runs', 'echo "$(nim c x.nim)"', [`1:9 ${NIM}`]],
    ['a here-document fed to bash', 'bash <<EOF\nnim c x.nim\nEOF\n', [`2:1 ${NIM}`]],
    ['a function body', 'build() {\n  nim c x.nim\n}', [`2:3 ${NIM}`]],
    ['xargs with options', 'git ls-files "*.nim" | xargs -n 1 -P4 nim c\nxargs -I{} nim c {} < list.txt', [`1:24 ${NIM}`, `2:1 ${NIM}`]],
    ['find -exec and -execdir, up to ; or +', `find . -name '*.nim' -exec nim c {} \\;\nfind src -execdir nim js {} + -print`, [`1:1 ${NIM}`, `2:1 ${NIM}`]],
    ['ccache, strace, ltrace, valgrind, chronic', 'ccache nim c x.nim\nstrace -f -o trace.log nim c x.nim\nltrace -e malloc nim c x.nim\nvalgrind --tool=memcheck nim c -r x.nim\nchronic nim c x.nim', [1, 2, 3, 4, 5].map((line) => `${line}:1 ${NIM}`)],
    ['watch, its command as words or as shell text', `watch -n 1 nim c x.nim\nwatch -d 'cd src && nim c x.nim'`, [`1:1 ${NIM}`, `2:21 ${NIM}`]],
    ['parallel, up to :::', `parallel -j 2 nim c ::: a.nim b.nim\nparallel 'nim js {}' ::: a.nim`, [`1:1 ${NIM}`, `2:11 ${NIM}`]],
    ['flock with a command or -c', `flock -w 10 /tmp/build.lock nim c x.nim\nflock /tmp/build.lock -c 'nim c x.nim'`, [`1:1 ${NIM}`, `2:27 ${NIM}`]],
    ['a trap action', `trap 'nim c x.nim' EXIT\ntrap -- "nim js y.nim" INT TERM`, [`1:7 ${NIM}`, `2:10 ${NIM}`]],
  ];
  it.each(cases)('%s', (_name, given, want) => expect(found(given)).toEqual(want));
});

describe('nim commands, as nim 1.6 parses its command line', () => {
  /** `nim <given>`: does it compile? The first word that is not an option is the command. */
  const cases: [string, boolean][] = [
    ['c x.nim', true],
    ['cc x.nim', true],
    ['compile x.nim', true],
    ['compileToC x.nim', true],
    ['compile_to_c x.nim', true],
    ['C x.nim', true],
    ['cpp x.nim', true],
    ['compileToCpp x.nim', true],
    ['objc x.nim', true],
    ['compileToOC x.nim', true],
    ['js x.nim', true],
    ['Js x.nim', true],
    ['compileToJS x.nim', true],
    ['r x.nim', true],
    ['run x.nim', true],
    ['jsonscript x.nim', true],
    ['-d:release --hints:off c x.nim', true],
    ['--out:c c x.nim', true],
    ['check x.nim', false],
    ['e build.nims', false],
    ['build.nims', false],
    ['--hints:off config.nims c', false],
    ['doc --project c', false],
    ['doc2 c.nim', false],
    ['jsondoc js', false],
    ['dump c', false],
    ['ctags c', false],
    ['gendepend c', false],
    ['buildIndex c', false],
    ['rst2html c.rst', false],
    ['parse c', false],
    ['secret', false],
    ['nop c', false],
    ['help c', false],
    ['--fullhelp', false],
    ['x.nim c', false],
  ];
  it.each(cases)('nim %s → %s', (given, compiles) => expect(found(`nim ${given}`)).toEqual(compiles ? [`1:1 ${NIM}`] : []));
});

describe('shell text that does not run nim', () => {
  const cases: [string, string][] = [
    ['a comment', '# nim c src/ct/codetracer.nim'],
    ['a trailing comment', 'make all # then nim c x.nim'],
    ['echo', 'echo nim c x.nim'],
    ['echo of a quoted command', 'echo "run: nim c x.nim"'],
    ['printf', `printf 'nim %s %s\\n' c x.nim`],
    ['a single-quoted substitution is text', `echo '$(nim c x.nim)'`],
    ['copying the binary', 'cp -L /nix/store/abc-nim/bin/nim $out/bin/upstream-nim'],
    ['linking the binary', 'ln -s ${NIM_DIR}/bin/nim links/nim'],
    ['installing the binary', 'install -m755 bin/nim "$out/bin/nim"'],
    ['moving the binary', 'mv csources_v1/bin/nim nim/bin'],
    ['command -v', 'command -v nim >/dev/null'],
    ['which and type', 'which nim\ntype nim\nhash nim'],
    ['test -x', 'test -x "$NIM"'],
    ['nim --version', 'nim --version\nnim -v'],
    ['subcommands that compile nothing', 'nim dump\nnim doc src/x.nim\nnim --help\nnim check src/x.nim\nnim e build.nims'],
    ['a compile command later on the line is an argument', 'nim doc --project c\nnim dump c\nnim doc src/c.nim js'],
    ['an unknown subcommand', 'nim "$cmd" src/x.nim'],
    ['.nim file names', 'cat src/ct/codetracer.nim\nvim src/nim.nim'],
    ['nimsuggest and nimpretty', 'nimsuggest --v3 x.nim\nnimpretty x.nim\nnimgrep foo'],
    ['nimble, off by default', 'nimble build\nnimble c x.nim'],
    ['a here-document is data', 'cat > build.sh <<EOF\nnim c x.nim\nEOF\necho done'],
    ['find without a command, or running another', `find . -name nim\nfind . -name '*.nim' -exec echo nim c {} \\;`],
    ['xargs, watch, parallel and strace running another program', 'xargs -n1 echo nim c\nwatch -n 1 ls nim\nparallel -j 2 echo nim c ::: a.nim\nstrace -o nim ls'],
    ['flock on a descriptor, trap resetting or listing', 'flock -n 9\ntrap - EXIT\ntrap -p\ntrap -l'],
    ['a tab-stripped here-document is data', 'cat <<-END\n\tnim c x.nim\n\tEND\n'],
    ['writing a command to a file', `echo 'nim c x.nim' > build.sh`],
    ['grep for it', 'grep -rn "nim c" .'],
    ['a bare assignment', 'NIM=nim\nexport NIM'],
    ['running a script by name', 'bash non-nix-build/build_with_nim.sh'],
    ['other tools named after nim', 'make nim\njust build-nim\nsed -i s/nim/nim2/ x'],
    ['the driver', 'tools/build/build_codetracer.sh --target ct --profile release'],
    ['the driver given nim', 'NIM=/opt/nim/bin/nim tools/build/build_codetracer.sh --target js:ui'],
    ['a nim-named variable that is not a command', 'echo "$NIM" c'],
    ['a variable bound to something else', 'CC=clang\n$CC c x.c'],
  ];
  it.each(cases)('%s', (_name, given) => expect(found(given)).toEqual([]));
});

describe('nimble (--nimble)', () => {
  const cases: [string, string, string[]][] = [
    ['nimble build', 'nimble build', ['1:1 nimble-invocation']],
    ['nimble install -y', 'nimble install -y', ['1:1 nimble-invocation']],
    ['$NIMBLE', '"$NIMBLE" c x.nim', ['1:1 nimble-invocation']],
    ['a path to nimble', '~/.nimble/bin/nimble js x.nim', ['1:1 nimble-invocation']],
    ['nimble refresh builds nothing', 'nimble refresh', []],
    ['nimble --version', 'nimble --version', []],
    ['options before the command', 'nimble -y --verbose install', ['1:1 nimble-invocation']],
    ['a build word as an argument', 'nimble path c\nnimble tasks build', []],
    ['nim is still nim', 'nim c x.nim', [`1:1 ${NIM}`]],
  ];
  it.each(cases)('%s', (_name, given, want) => expect(found(given, true)).toEqual(want));
});

describe('what a finding says', () => {
  it('joins continuation lines into one command and names the subcommand', () => {
    const [finding] = lintText('build.sh', 'nim \\\n    -d:release \\\n    c src/ct/codetracer.nim\n');
    expect(finding).toEqual({
      file: 'build.sh',
      line: 1,
      column: 1,
      rule: NIM,
      severity: 'error',
      message: 'nim c runs outside the build driver; call tools/build/build_codetracer.sh instead',
      command: 'nim -d:release c src/ct/codetracer.nim',
      class: 'unknown',
      fix:
        "no target of the model compiles src/ct/codetracer.nim: add one to the model's targets (name, kind, source, output, bundles) and call tools/build/build_codetracer.sh --target <name>, " +
        "or allow it in the model: lint.allow entry { glob: 'build.sh', sources: ['src/ct/codetracer.nim'], reason: '…' }",
      suppress: '# ct-gen-lint: allow nim-invocation -- <reason> on the line of the command or the line before it (docs/lint.md, Allowed places)',
    });
  });

  it('says how a command word stands for nim', () => {
    const [finding] = lintText('build.sh', 'sudo -E "$NIMC" js x.nim\n', {});
    expect(finding).toBeUndefined();
    const [bound] = lintText('build.sh', 'NIMC=nim\nsudo -E "$NIMC" js x.nim\n');
    expect(bound?.message).toBe('nim js (via "$NIMC") runs outside the build driver; call tools/build/build_codetracer.sh instead');
    expect(bound?.command).toBe('sudo -E "$NIMC" js x.nim');
  });

  it('a line continuation inside the command word: the message names the word as the shell reads it, on one line', () => {
    const [inWord] = lintText('build.sh', 'n\\\nim c x.nim\n');
    expect(inWord?.message).toBe('nim c runs outside the build driver; call tools/build/build_codetracer.sh instead');
    const [variable] = lintText('build.sh', 'NIMC=nim\n"$NI\\\nMC" c x.nim\n');
    expect(variable?.message).toBe('nim c (via "$NIMC") runs outside the build driver; call tools/build/build_codetracer.sh instead');
    for (const finding of [inWord, variable]) expect(`${finding?.message}${finding?.command}`).not.toMatch(/[\r\n]/);
  });

  it('reads a file without an extension by its shebang, and leaves other scripts alone', () => {
    expect(lintText('scripts/build', '#!/usr/bin/env bash\nnim c x.nim\n')).toHaveLength(1);
    expect(lintText('scripts/build', '#!/bin/sh\nnim c x.nim\n')).toHaveLength(1);
    expect(lintText('scripts/build', '#!/usr/bin/env python3\nos.system("nim c x.nim")\n')).toEqual([]);
    expect(lintText('scripts/build.py', 'nim c x.nim\n')).toEqual([]);
    expect(lintText('src/ct/codetracer.nim', 'nim c x.nim\n')).toEqual([]);
  });
});
