// A synthetic tree of Codetracer's size for timing `ct-gen lint`: as many files of each kind, of
// about the same total size, as the checkout at a387f8fa holds (3,005 files, 43 MiB, counted by
// extension), in a git repository like a checkout. Only the counts and sizes are Codetracer's;
// every file's text is made up here. A share of the shell scripts, Markdown pages, workflows and
// Nix files run nim outside the driver, and a few Nim modules are NimScript or reprobuild files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Extension (or kind), file count, total bytes: a387f8fa's tree by extension (`script`: files without one), the smaller extensions folded into `.txt`. */
const KINDS = [
  ['.nim', 682, 8_640_821],
  ['.rs', 387, 7_723_203],
  ['.ct', 15, 4_792_320],
  ['script', 89, 4_247_237],
  ['.cjs', 3, 2_776_979],
  ['.ts', 200, 2_158_329],
  ['.js', 73, 1_855_049],
  ['.woff', 8, 2_704_204],
  ['.md', 298, 1_296_746],
  ['.lock', 24, 1_063_058],
  ['.png', 31, 875_150],
  ['.css', 22, 797_158],
  ['.json', 62, 931_822],
  ['.sh', 227, 693_274],
  ['.styl', 73, 455_408],
  ['.c', 52, 444_425],
  ['.ps1', 34, 364_708],
  ['.svg', 180, 266_457],
  ['.py', 64, 229_102],
  ['.yml', 15, 187_856],
  ['.nix', 16, 116_074],
  ['.rb', 105, 77_087],
  ['.toml', 84, 47_684],
  ['Tupfile', 24, 40_000],
  ['.txt', 157, 500_000],
];

const BINARY = new Set(['.ct', '.woff', '.png']);

/** Text of about `bytes` bytes for file `i` of a kind: a head that may run nim, padded with lines that do not. */
function text(kind, i, bytes) {
  const bypass = i % 4 === 0;
  const heads = {
    '.nim': i % 40 === 0 ? `import std/os\nexec "nim c -d:release src/tool${i}.nim"\n` : `## module ${i}: build with nim c unit${i}.nim\nimport std/strutils\n`,
    script: i % 2 === 0 ? `#!/usr/bin/env bash\nset -euo pipefail\n${bypass ? `nim c -o:bin/tool${i} src/tool${i}.nim\n` : 'tools/build/build_codetracer.sh --target ct\n'}` : `binary-ish helper ${i}\n`,
    '.sh': `#!/usr/bin/env bash\nset -e\n${bypass ? `nim js --out:dist/x${i}.js src/x${i}.nim\n` : `echo "nim ${i}"\ntools/build/build_codetracer.sh --target ct --profile release\n`}`,
    '.md': `# Page ${i}\n\n\`\`\`bash\n${bypass ? `nim c src/page${i}.nim` : 'tools/build/build_codetracer.sh --target ct'}\n\`\`\`\n`,
    '.yml': `jobs:\n  build:\n    steps:\n      - run: ${bypass ? `nim c src/ci${i}.nim` : 'tools/build/build_codetracer.sh --target ct'}\n`,
    '.nix': `{ stdenv, nim }:\nstdenv.mkDerivation {\n  name = "pkg${i}";\n  buildPhase = ''\n    ${bypass ? `\${nim}/bin/nim c src/p${i}.nim` : 'tools/build/build_codetracer.sh --target ct'}\n  '';\n}\n`,
    Tupfile: `include_rules\n: unit${i}.nim |> !build_codetracer |> unit${i}\n`,
  };
  const head = heads[kind] ?? `// file ${i}\n`;
  const filler = kind === '.nim' ? `proc f${i}(x: int): int = x + ${i}\n` : kind === '.md' ? `Some prose about step ${i}, nothing to run.\n` : `# line of file ${i}\n`;
  return head + filler.repeat(Math.max(0, Math.ceil((bytes - head.length) / filler.length)));
}

/** Writes the tree into a new temp directory, commits it to a git repository there, and returns the directory. */
export function buildSizedTree() {
  const root = mkdtempSync(join(tmpdir(), 'ct-gen-lint-sized-'));
  writeFileSync(join(root, 'Tuprules.tup'), '!build_codetracer = |> tools/build/build_codetracer.sh --target %B --output %o |> %o\n');
  for (const [kind, count, total] of KINDS) {
    const each = Math.round(total / count);
    for (let i = 0; i < count; i++) {
      const name = kind === 'Tupfile' ? `src/dir${i}/Tupfile` : kind === 'script' ? `scripts/tool${i}` : `src/${kind.slice(1)}/d${i % 23}/f${i}${kind}`;
      const path = join(root, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, BINARY.has(kind) ? Buffer.alloc(each, i % 251) : text(kind, i, each));
    }
  }
  const git = (...args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'tree');
  return root;
}
