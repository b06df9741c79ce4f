import { describe, expect, it } from 'vitest';
import { lintText } from '../../lint/index.js';

/** `line:column rule` of every finding in one file's text. */
const found = (path: string, text: string, related: Record<string, string> = {}) =>
  lintText(path, text, { related }).map((f) => `${f.line}:${f.column} ${f.rule}${f.severity === 'warning' ? ' warning' : ''}`);

type Case = [name: string, given: string, want: string[]];
const NIM = 'nim-invocation';
const TUP = 'tup-nim-outside-driver';

describe('justfile', () => {
  const cases: Case[] = [
    ['a continued recipe line', 'build-ui-js output:\n  nim \\\n    --out:{{output}} \\\n    js src/frontend/ui_js.nim\n', [`2:3 ${NIM}`]],
    ['quiet and error-ignoring prefixes are just’s', 'a:\n  @nim c x.nim\n  -nim js y.nim\n  @-nim cpp z.nim\n', [`2:4 ${NIM}`, `3:4 ${NIM}`, `4:5 ${NIM}`]],
    ['an assignment bound to nim', 'nim := "/opt/nim/bin/nim"\nbuild:\n  {{nim}} c x.nim\n', [`3:3 ${NIM}`]],
    ['an interpolation with blanks', 'compiler := env_var_or_default("NIM", "nim")\nbuild:\n  {{ compiler }} js x.nim\n', [`3:3 ${NIM}`]],
    ['a backtick assignment', 'nimpath := `which nim`\nbuild:\n  {{nimpath}} c x.nim\n', [`3:3 ${NIM}`]],
    ['a shell shebang recipe', 'build:\n  #!/usr/bin/env bash\n  set -e\n  nim c x.nim\n', [`4:3 ${NIM}`]],
    ['a python shebang recipe', 'build:\n  #!/usr/bin/env python3\n  import os\n  os.system("nim c x.nim")\n', []],
    ['recipe comments, echo, the driver', 'build:\n  # nim c x.nim\n  echo "nim c x.nim"\n  tools/build/build_codetracer.sh --target ct\n', []],
    ['top-level comments and settings', '# nim c x.nim\nset shell := ["bash", "-c"]\n', []],
    ['a recipe ends where the next begins', 'a:\n  echo a\nb: a\n  nim r tools/all.nim\n', [`4:3 ${NIM}`]],
  ];
  it.each(cases)('%s', (_name, given, want) => expect(found('justfile', given)).toEqual(want));
});

describe('Nix', () => {
  const cases: Case[] = [
    ['a buildPhase with ${pkg.out}/bin/nim', "{\n  buildPhase = ''\n    ${upstream-nim-codetracer.out}/bin/nim \\\n      --out:./ui.js js src/frontend/ui_js.nim\n  '';\n}\n", [`3:5 ${NIM}`]],
    ['${pkg}/bin/nim', "''\n  ${upstream-nim-codetracer}/bin/nim c src/repl/repl.nim\n''", [`2:3 ${NIM}`]],
    ['a double-quoted string', 'runCommand "x" {} "${pkgs.nim}/bin/nim c ${./x.nim}"', [`1:20 ${NIM}`]],
    ['a binding', 'let nimBin = "${nim}/bin/nim"; in "${nimBin} js x.nim"', [`1:36 ${NIM}`]],
    ['lib.getExe', "''\n  ${lib.getExe pkgs.nim} c x.nim\n  ${lib.getExe upstream-nim-codetracer} js y.nim\n''", [`2:3 ${NIM}`, `3:3 ${NIM}`]],
    ['writeShellScript', 'writeShellScript "build" \'\'\n  exec nim c x.nim\n\'\'', [`2:3 ${NIM}`]],
    ['escapes inside an indented string', "''\n  echo '''quoted''' ''${x}\n  nim c x.nim\n''", [`3:3 ${NIM}`]],
    ['nested strings in an interpolation', '"${if fast then "nim c x.nim" else "true"}"', [`1:18 ${NIM}`]],
    ['cp -L and ln -s of the binary', "''\n  cp -L ${upstream-nim-codetracer.out}/bin/nim $out/bin/upstream-nim\n  ln -s ${nim.outPath}/bin/nim links/nim\n''", []],
    ['Nix comments', '# ${nim}/bin/nim c x.nim\n/* nim c y.nim */\n{ }', []],
    ['identifiers, lists and prose', '{ nativeBuildInputs = [ nim ]; meta.mainProgram = "nim"; description = "built with nim c"; }', []],
  ];
  it.each(cases)('%s', (_name, given, want) => expect(found('default.nix', given)).toEqual(want));
});

describe('Tup', () => {
  const rules = 'NIM_FLAGS = -d:release\nNIM_BIN = nim\nNIM_RELEASE = $(NIM_BIN) $(NIM_FLAGS)\n';
  const cases: Case[] = [
    ['a rule running nim', ': foo.nim |> nim c --out:%o %f |> foo\n', [`1:14 ${TUP}`]],
    ['a display prefix and a foreach', ': foreach *.nim |> ^ NIM %f^ nim js --out:%o %f |> %B.js\n', [`1:30 ${TUP}`]],
    ['a macro assembled from variables', `${rules}!nim_c = |> ^ %f^ $(NIM_RELEASE)\\\n--out:%o\\\nc %f |> %o\n`, [`4:19 ${TUP}`]],
    ['+= appends', 'NIM_CMD = $(NIM_BIN)\nNIM_BIN = nim\nNIM_CMD += -d:release\n: x.nim |> $(NIM_CMD) c %f |> x\n', [`4:12 ${TUP}`]],
    ['a config variable', ': x.nim |> @(NIM) c %f |> x\n', [`1:12 ${TUP}`]],
    ['a run directive', 'run nim r tools/gen_rules.nim\n', [`1:5 ${TUP}`]],
    ['a run directive that runs NimScript', 'run nim e gen_rules.nims\n', []],
    ['an include', 'include nim.tup\n: x.nim |> $(NIM_RELEASE) c %f |> x\n', [`2:12 ${TUP}`]],
    ['the driver macro', '!build_codetracer = |> ^ DRIVER %o^ $(ROOT)/tools/build/build_codetracer.sh --target %B --output %o |> %o\n: ct.nim |> !build_codetracer |> ct\n', []],
    ['macro uses, copies, comments', `${rules}: a.nim |> !nim_c |> a\n!cp = |> cp %f %o |>\n# : x.nim |> nim c %f |> x\n`, []],
    ['a variable that only holds flags', `${rules}: x |> echo $(NIM_FLAGS) c |> y\n`, []],
  ];
  it.each(cases)('%s', (_name, given, want) => expect(found('src/Tupfile', given, { 'src/nim.tup': rules })).toEqual(want));

  it('reads variables from every Tuprules.tup that include_rules brings in', () => {
    const related = { 'Tuprules.tup': 'NIM_BIN = nim\n', 'src/Tuprules.tup': 'NIM_DEBUG = $(NIM_BIN) -d:debug\n' };
    const tupfile = 'include_rules\n: ct.nim |> $(NIM_DEBUG) c %f |> ct\n';
    expect(found('src/ct/Tupfile', tupfile, related)).toEqual([`2:13 ${TUP}`]);
    expect(found('src/ct/Tupfile', tupfile.replace('include_rules\n', '\n'), related)).toEqual([]);
    expect(found('src/Tuprules.tup', '!c = |> $(NIM_BIN) c %f |> %o\n', related)).toEqual([`1:9 ${TUP}`]);
  });
});

describe('Makefile', () => {
  const cases: Case[] = [
    ['a recipe with a variable', 'NIM ?= nim\nall:\n\t@$(NIM) c --out:x x.nim\n', [`3:3 ${NIM}`]],
    ['braces and :=', 'NIM := /opt/nim/bin/nim\nall:\n\t-${NIM} js x.nim\n', [`3:3 ${NIM}`]],
    ['a variable from the environment', 'all:\n\t$(NIM) c x.nim\n', [`2:2 ${NIM}`]],
    ['a shell assignment', 'NIMC != command -v nim\nall:\n\t$(NIMC) c x.nim\n', [`3:2 ${NIM}`]],
    ['$$ passes a shell variable', 'all:\n\t$$NIM c x.nim\n', [`2:2 ${NIM}`]],
    ['an inline recipe', 'all: ; nim c x.nim\n', [`1:8 ${NIM}`]],
    ['a continued recipe', 'all:\n\tcd src && \\\n\t  nim c x.nim\n', [`3:4 ${NIM}`]],
    ['an assignment defined after its use', 'all:\n\t$(COMPILER) c x.nim\nCOMPILER = nim\n', [`2:2 ${NIM}`]],
    ['comments, echo, rules named nim', '# nim c x.nim\nnim: x.nim\n\techo "nim c x.nim"\n', []],
    ['$(shell …) in an assignment and a recipe, ${shell …} with a variable', 'NIM = nim\nX := $(shell nim c a.nim)\nall:\n\techo $(shell cd src && (nim js b.nim))\n\t@echo ${shell $(NIM) c c.nim}\n', [`2:14 ${NIM}`, `4:26 ${NIM}`, `5:16 ${NIM}`]],
    ['the value of a != assignment', 'OUT != nim c --out:x x.nim && echo x\n', [`1:8 ${NIM}`]],
    ['$(shell …) that runs another program, or in a comment', 'V := $(shell git describe)\n# X := $(shell nim c x.nim)\nall:\n\techo $(shell echo nim c)\n', []],
  ];
  it.each(cases)('%s', (_name, given, want) => expect(found('Makefile', given)).toEqual(want));
});

describe('Dockerfile', () => {
  const cases: Case[] = [
    ['RUN after a continuation', 'FROM debian\nRUN apt-get install -y nim && \\\n    nim c x.nim\n', [`3:5 ${NIM}`]],
    ['RUN with options', 'RUN --mount=type=cache,target=/root/.cache nim c x.nim\n', [`1:44 ${NIM}`]],
    ['exec form', 'CMD ["nim", "c", "x.nim"]\nENTRYPOINT ["/usr/bin/nim"]\n', [`1:5 ${NIM}`]],
    ['ENV binds a variable', 'ENV COMPILER=/opt/nim/bin/nim\nRUN $COMPILER js x.nim\n', [`2:5 ${NIM}`]],
    ['legacy ENV form', 'ENV COMPILER /opt/nim/bin/nim\nRUN "$COMPILER" c x.nim\n', [`2:5 ${NIM}`]],
    ['a here-document script', 'RUN <<EOF\nset -e\nnim c x.nim\nEOF\nRUN echo done\n', [`3:1 ${NIM}`]],
    ['a here-document fed to bash', 'RUN bash <<EOF\nnim js x.nim\nEOF\n', [`2:1 ${NIM}`]],
    ['a here-document written to a file', 'RUN cat <<EOF > /build.sh\nnim c x.nim\nEOF\n', []],
    ['comments and copies', '# RUN nim c x.nim\nCOPY nim /usr/bin/nim\nRUN ln -s /opt/nim/bin/nim /usr/bin/nim\n', []],
    ['the escape directive', '# escape=`\nRUN cd src && `\n    nim c x.nim\n', [`3:5 ${NIM}`]],
  ];
  it.each(cases)('%s', (_name, given, want) => expect(found('Dockerfile', given)).toEqual(want));
});

describe('YAML workflows', () => {
  const cases: Case[] = [
    ['a plain run', 'steps:\n  - run: nim c x.nim\n', [`2:10 ${NIM}`]],
    ['a literal block', 'steps:\n  - name: build\n    run: |\n      echo start\n      nim js x.nim\n    shell: bash\n', [`5:7 ${NIM}`]],
    ['a folded block is one line', 'steps:\n  - run: >-\n      nim\n      c x.nim\n', [`3:7 ${NIM}`]],
    ['a quoted run', `steps:\n  - run: 'nim c x.nim'\n  - run: "nix develop -c nim js y.nim"\n`, [`2:11 ${NIM}`, `3:11 ${NIM}`]],
    ['env binds a variable', 'env:\n  COMPILER: /nix/store/abc-nim/bin/nim\nsteps:\n  - run: $COMPILER c x.nim\n', [`4:10 ${NIM}`]],
    ['an expression', 'steps:\n  - run: ${{ env.NIM }} c x.nim\n', [`2:10 ${NIM}`]],
    ['a block ends at the next key', 'steps:\n  - run: |\n      echo hi\n  - name: nim c x.nim\n    uses: actions/checkout@v5\n', []],
    ['other keys and echo', 'name: nim c x.nim\nsteps:\n  - run: echo "nim c x.nim"\n    with:\n      script: nim c x.nim\n', []],
    ['a plain scalar over two lines', 'steps:\n  - run: nim\n      c x.nim\n', [`2:10 ${NIM}`]],
  ];
  it.each(cases)('%s', (_name, given, want) => expect(found('.github/workflows/ci.yml', given)).toEqual(want));
});

describe('Markdown', () => {
  const fence = (lang: string, body: string) => `\`\`\`${lang}\n${body}\n\`\`\`\n`;
  const cases: Case[] = [
    ['a bash block is a warning', `Build it:\n\n${fence('bash', 'nim c x.nim')}`, [`4:1 ${NIM} warning`]],
    ['sh, shell, zsh and tilde fences', `${fence('sh', 'nim c a.nim')}${fence('shell', 'nim c b.nim')}~~~zsh\nnim c c.nim\n~~~\n`, [`2:1 ${NIM} warning`, `5:1 ${NIM} warning`, `8:1 ${NIM} warning`]],
    ['a console session keeps prompt lines', fence('console', '$ nim js x.nim \\\n>   --out:x.js\nnim c output.nim\nuser@host:~/ct$ nim c y.nim'), [`2:3 ${NIM} warning`, `5:17 ${NIM} warning`]],
    ['prose, inline code, other languages', 'Run `nim c x.nim` or\n\n    nim c y.nim\n\n' + fence('nim', 'proc f() = echo "nim c"') + fence('', 'nim c z.nim'), []],
    ['a suppression above the fence covers the block', `<!-- ct-gen-lint: allow nim-invocation -- the legacy command, for comparison -->\n${fence('bash', 'nim c a.nim\nnim js b.nim')}`, []],
    ['a suppression inside the block', fence('bash', '# ct-gen-lint: allow nim-invocation -- shown as history\nnim c a.nim\nnim c b.nim'), [`4:1 ${NIM} warning`]],
    ['the syntax quoted in prose is no suppression', 'Write `# ct-gen-lint: allow nim-invocation` with a reason.\n', []],
  ];
  it.each(cases)('%s', (_name, given, want) => expect(found('docs/guide.md', given)).toEqual(want));
});
