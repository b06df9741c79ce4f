// A synthetic Codetracer-shaped tree for timing `ct-gen lint`: shell, Nix, Tup, Markdown, YAML,
// Nim and TypeScript files and images, a few of them with nim commands that bypass the driver.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** File shapes of Codetracer's tree, most of them the kinds the lint reads. */
const shapes = [
  (n, i) => [`src/module${i % 97}/unit${i}.nim`, `## build with: nim c unit${i}.nim\nproc f${i}*(): int = ${i}\n`.repeat(20)],
  (n, i) => [`scripts/build_${i}.sh`, `#!/usr/bin/env bash\nset -e\necho "step ${i}"\ntools/build/build_codetracer.sh --target ct --profile release\n${n % 50 === 0 ? 'nim c --out:x src/x.nim\n' : ''}cp -L /nix/store/abc-nim/bin/nim links/nim\n`],
  (n, i) => [`nix/pkg${i}/default.nix`, `{ stdenv, nim }:\nstdenv.mkDerivation {\n  name = "pkg${i}";\n  buildPhase = ''\n    ${n % 40 === 0 ? '${nim}/bin/nim js src/x.nim' : 'tools/build/build_codetracer.sh --target js:ui'}\n  '';\n  installPhase = ''\n    mkdir -p $out/bin\n    cp -L \${nim}/bin/nim $out/bin/nim\n  '';\n}\n`],
  (n, i) => [`src/dir${i % 211}/Tupfile`, `include_rules\n: unit${i}.nim |> !build_codetracer |> unit${i}\n: style${i}.styl |> !stylus |> style${i}.css\n`],
  (n, i) => [`docs/page${i}.md`, `# Page ${i}\n\nBuilding used to run nim c by hand.\n\n\`\`\`bash\ntools/build/build_codetracer.sh --target ct\n\`\`\`\n`.repeat(5)],
  (n, i) => [`.github/workflows/w${i}.yml`, `jobs:\n  build:\n    steps:\n      - run: |\n          echo nim\n          tools/build/build_codetracer.sh --target ct\n`],
  (n, i) => [`src/frontend/component${i}.ts`, `// nim-generated bindings\nexport const c${i} = ${i};\n`.repeat(30)],
  (n, i) => [`assets/image${i}.png`, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.alloc(2048, i % 256)])],
];

/** Writes `fileCount` files (plus a Tuprules.tup) into a new temp directory and returns it. */
export function buildLintTree(fileCount) {
  const root = mkdtempSync(join(tmpdir(), 'ct-gen-lint-bench-'));
  writeFileSync(join(root, 'Tuprules.tup'), 'NIM_BIN = nim\n!build_codetracer = |> tools/build/build_codetracer.sh --target %B --output %o |> %o\n');
  for (let i = 0; i < fileCount; i++) {
    const [path, content] = shapes[i % shapes.length](Math.floor(i / shapes.length), i);
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
