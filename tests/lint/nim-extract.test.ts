import { openSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTRACTORS } from '../../lint/file-kinds.js';
import { readHead } from '../../lint/files.js';
import { lint, lintText } from '../../lint/index.js';
import { SourceText } from '../../lint/source.js';
import { tempDir } from '../support/tree.js';

/** `line:column rule` of every finding in one file's text. */
const found = (path: string, text: string, nimble = false) => lintText(path, text, { nimble }).map((f) => `${f.line}:${f.column} ${f.rule}`);
/** The shell text the nim extractor takes out of a file. */
const commands = (path: string, text: string) => EXTRACTORS.nim(new SourceText(text), { path, read: () => undefined, incomplete: () => undefined }).snippets.map((s) => s.text);

type Case = [name: string, path: string, given: string, want: string[]];
const NIM = 'nim-invocation';

describe('NimScript', () => {
  const cases: Case[] = [
    ['exec of a nim compile', 'x.nimble', 'task test, "t":\n  exec "nim c -r tests/t.nim"\n', [`2:9 ${NIM}`]],
    ['… but not nimble install (without --nimble)', 'x.nimble', 'task setup, "s":\n  exec "nimble install"\n', []],
    ['… nor nim --version', 'config.nims', 'exec "nim --version"\n', []],
    ['exec with parentheses', 'build.nims', 'exec("nim js src/a.nim")\n', [`1:7 ${NIM}`]],
    ['… and its argument on the next line', 'build.nims', 'exec(\n  "nim js src/a.nim")\n', [`2:4 ${NIM}`]],
    ['selfExec runs the nim that runs the script', 'build.nims', 'selfExec "c x.nim"\n', [`1:1 ${NIM}`]],
    ['… a query is no compile', 'build.nims', 'selfExec "check x.nim"\n', []],
    ['a concatenation', 'build.nims', 'let f = "x.nim"\nexec "nim c " & f & " --out:y"\n', [`2:1 ${NIM}`]],
    ['… over two lines, ending in &', 'build.nims', 'exec "nim " &\n  "c " & f\n', [`1:1 ${NIM}`]],
    ['… whose literal parts run no nim', 'build.nims', 'exec "cp " & f & " out/"\n', []],
    ['a format string', 'build.nims', 'exec &"nim js {src}"\nexec fmt"nim c {src}"\n', [`1:1 ${NIM}`, `2:1 ${NIM}`]],
    ['the running compiler', 'build.nims', 'exec getCurrentCompilerExe() & " c q.nim"\n', [`1:1 ${NIM}`]],
    ['a raw literal', 'build.nims', 'exec r"nim c C:\\src\\x.nim"\n', [`1:8 ${NIM}`]],
    ['… whose "" is a quote', 'build.nims', 'exec r"echo ""nim c x.nim"""\n', []],
    ['a triple-quoted literal, at the line of the command', 'build.nims', 'exec """\n  cd src\n  nim js b.nim\n"""\n', [`3:3 ${NIM}`]],
    ['… whose quotes hold no command', 'build.nims', 'exec """\n  echo "nim js b.nim"\n"""\n', []],
    ['escapes', 'build.nims', 'exec "cd src\\nnim c -d:x=\\"a b\\" x.nim"\n', [`1:15 ${NIM}`]],
    ['… an escaped quote does not end the literal', 'build.nims', 'exec "echo \\"nim c x.nim\\""\n', []],
    ['a comment and a doc comment', 'build.nims', '# exec "nim c x.nim"\n## exec "nim c y.nim"\nexec "true" # exec "nim c z.nim"\n', []],
    ['block comments nest', 'build.nims', '#[ exec "nim c a.nim"\n#[ inner ]#\nexec "nim c b.nim" ]#\n##[ exec "nim c c.nim" ]##\nexec "nim c d.nim"\n', [`5:7 ${NIM}`]],
    ['exec inside another string', 'build.nims', 'echo "exec \\"nim c w.nim\\""\nlet s = """exec "nim c v.nim" """\n', []],
    ['a character literal with a quote', 'build.nims', "let q = '\"'\nexec \"nim c x.nim\"\nlet n = 1'u8\n", [`2:7 ${NIM}`]],
    ['a .nim file with a nim shebang is NimScript', 'tools/build.nim', '#!/usr/bin/env nim\nexec "nim c x.nim"\n', [`2:7 ${NIM}`]],
    ['… and one with mode = ScriptMode', 'tools/build.nim', 'mode = ScriptMode.Verbose\nexec "nim c x.nim"\n', [`2:7 ${NIM}`]],
    ['a plain .nim program: exec is not NimScript’s', 'src/tool.nim', 'import os\nproc exec(s: string) = discard\nexec "nim c x.nim"\n', []],
    ['… but staticExec and gorge run at compile time', 'src/tool.nim', 'const a = staticExec("nim c y.nim")\nconst b = gorge "nim js z.nim"\n', [`1:23 ${NIM}`, `2:18 ${NIM}`]],
    ['… and gorge of another tool is none', 'src/ci/libbpf.nim', '{.passC: gorge("pkg-config --cflags libbpf").}\n', []],
    ['a method call on something else', 'build.nims', 'runner.exec "nim c x.nim"\n', []],
  ];
  it.each(cases)('%s', (_name, path, given, want) => expect(found(path, given)).toEqual(want));

  it('reports nimble builds with --nimble', () => {
    expect(found('x.nimble', 'exec "nimble install"\n', true)).toEqual(['1:7 nimble-invocation']);
  });

  it('synthesizes the command: literals joined, other operands as placeholders, selfExec as nim', () => {
    expect(commands('b.nims', 'exec "nim c " & f & " --out:" & $dir & "/x"\nselfExec "c " & quoteShell(src)\nexec("nim " & cfg.flags)\n')).toEqual([
      'nim c ${f} --out:${dir}/x',
      'nim c ${quoteShell(src)}',
      'nim ${cfg.flags}',
    ]);
    expect(commands('b.nims', 'exec &"nim js {src} {{x}} {a[\\"k\\"]}"\nexec r"a""b"\n')).toEqual(['nim js ${src} {x} ${X}', 'a"b']);
  });

  it('shows the call as the command when it assembles one', () => {
    const [concat] = lintText('b.nims', 'exec("nim c " &\n  quoteShell(file))\n');
    expect(concat?.command).toBe('exec("nim c " & quoteShell(file))');
    const [self] = lintText('b.nims', 'selfExec "c x.nim"\n');
    expect(self?.message).toContain('(via selfExec)');
    expect(self?.command).toBe('selfExec "c x.nim"');
  });

  it('takes suppressions from Nim comments and the command’s shell comments, not from other strings', () => {
    const why = 'ct-gen-lint: allow nim-invocation -- builds the fixture in place';
    expect(found('b.nims', `# ${why}\nexec "nim c a.nim"\nexec "nim c b.nim" # ${why}\n`)).toEqual([]);
    expect(found('b.nims', `exec """\n  # ${why}\n  nim c a.nim\n"""\n`)).toEqual([]);
    expect(found('b.nims', `echo "// ${why}"\nexec "nim c a.nim"\n`)).toEqual([`2:7 ${NIM}`]);
  });
});

describe('reprobuild DSL', () => {
  const dsl = 'import std/[os, strutils]\nimport repro_dsl_stdlib\n\npackage p:\n  build:\n';
  const cases: Case[] = [
    ['nim.c( with a literal source, at the call’s first line', 'repro.nim', `${dsl}    let a = nim.c(\n      defines = @["a", "b"],\n      source = "src/a.nim")\n`, [`6:13 ${NIM}`]],
    ['… only in a string or a comment', 'repro.nim', `${dsl}    echo "nim.c(source = \\"src/a.nim\\")"\n    # nim.c(source = "src/a.nim")\n`, []],
    ['nim.js( with an expression for the source', 'repro.nim', `${dsl}    template t(sourcePath: string): BuildActionDef =\n      nim.js(output = "x.js", source = sourcePath)\n`, [`7:7 ${NIM}`]],
    ['… the module does not import a reprobuild DSL', 'src/other.nim', 'import std/os\nlet a = nim.js(output = "x.js", source = sourcePath)\n', []],
    ['nim.cpp( and a receiver named nim…', 'repro.nim', `${dsl}    discard nimCpp.cpp(source = "a.nim")\n`, [`6:13 ${NIM}`]],
    ['… but no other method of nim', 'repro.nim', `${dsl}    nim.nimRepropathsConfig()\n    discard tool.c(source = "a.nim")\n`, []],
    ['any repro_dsl module, and reprobuild/…', 'repro.nim', 'from reprobuild/dsl import nil\nlet a = nim.c(source = "a.nim")\n', [`2:9 ${NIM}`]],
    ['… an import spread over lines', 'repro.nim', 'import\n  std/os,\n  repro_project_dsl\nlet a = nim.c(source = "a.nim")\n', [`4:9 ${NIM}`]],
    ['switches from ct_gen_build: not reported', 'repro.nim', `import repro_dsl_stdlib\nimport tools/build/ct_gen_build\n\npackage p:\n  build:\n    let ctGen = ctGenNimArgs("ct", "debug")\n    let a = nim.c(defines = ctGen.defines, mm = ctGen.mm, source = ctGen.source)\n`, []],
    ['… unless the module is imported', 'repro.nim', `import repro_dsl_stdlib\n\npackage p:\n  build:\n    let ctGen = ctGenNimArgs("ct", "debug")\n    let a = nim.c(defines = ctGen.defines, source = ctGen.source)\n`, [`6:13 ${NIM}`]],
    ['… or when the defines are the call’s own', 'repro.nim', `import repro_dsl_stdlib, tools/build/ct_gen_build\nlet a = nim.c(defines = @["x"], source = ctGenNimArgs("ct", "debug").source)\n`, [`2:9 ${NIM}`]],
  ];
  it.each(cases)('%s', (_name, path, given, want) => expect(found(path, given)).toEqual(want));

  it('synthesizes nim <command> -d:… <source>', () => {
    const text = `${dsl}    let a = nim.c(\n      defines = @["a", "b c"],\n      source = "src/a.nim")\n    let b = nim.js(defines = NativeDefines, source = sourcePath)\n    let c = nim.c(source = "src/" & name & ".nim")\n    let d = nim.c(output = "x")\n`;
    expect(commands('repro.nim', text)).toEqual(['nim c -d:a \'-d:b c\' src/a.nim', 'nim js ${sourcePath}', 'nim c src/${name}.nim', 'nim c']);
  });

  it('shows the call as written, naming nim.c', () => {
    const [finding] = lintText('repro.nim', `${dsl}    let a = nim.c(\n      defines = @["a"],\n      source = "src/a.nim")\n`);
    expect(finding?.command).toBe('nim.c( defines = @["a"], source = "src/a.nim")');
    expect(finding?.message).toContain('nim c (via nim.c)');
  });
});

describe('reading .nim files', () => {
  const ordinary = (size: number) => `import std/os\n\nproc main() =\n  echo "hello"\n${'  discard 1 # nim c\n'.repeat(size / 20)}`;

  it('reads only the head of an ordinary module, and the rest only when the head asks for it', () => {
    const root = tempDir('lint-nim-head');
    const files: Record<string, string> = {
      // 2 MiB, over the 1 MiB limit: read whole, it would be skipped as too large.
      'src/big.nim': `${ordinary(2 << 20)}exec "nim c x.nim"\nconst v = staticExec("nim c y.nim")\n`,
      'src/script.nim': `mode = ScriptMode.Silent\n${ordinary(64 << 10)}exec "nim c late.nim"\n`,
      'src/small.nim': 'const v = staticExec("nim c y.nim")\n',
      'build.nims': `${'# nothing here\n'.repeat(1000)}exec "nim js z.nim"\n`,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const opens: string[] = [];
    const result = lint([root], { openFile: (path, flags) => (opens.push(path.toString().slice(root.length + 1)), openSync(path, flags)) });
    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['build.nims:1001', `src/script.nim:${files['src/script.nim']!.split('\n').length - 1}`, 'src/small.nim:1']);
    expect(result.skipped).toEqual([]);
    expect(result.scanned).toBe(3);
    // The head, then the whole file only for the script whose head says it is one.
    expect(opens.sort()).toEqual(['build.nims', 'src/big.nim', 'src/script.nim', 'src/script.nim', 'src/small.nim']);
  });

  it('reads the head and nothing more', () => {
    const root = tempDir('lint-nim-read-head');
    writeFileSync(join(root, 'a.nim'), ordinary(100 << 10));
    const head = readHead(join(root, 'a.nim'), 8192);
    expect(head && 'text' in head && { length: head.text.length, whole: head.whole }).toEqual({ length: 8192, whole: false });
    writeFileSync(join(root, 'b.nim'), 'echo 1\n');
    expect(readHead(join(root, 'b.nim'), 8192)).toEqual({ text: 'echo 1\n', whole: true, size: 7 });
  });
});
