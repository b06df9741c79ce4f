// Times `ct-gen lint` over a large synthetic Codetracer-shaped tree and `grep -rn nim` over
// the same tree, and prints both and their ratio. Then, in the same run, the cost of many
// ordinary `.nim` program modules (larger than the 8 KiB head lint reads of them): the tree with
// them under a name lint passes over (listed, never opened: the baseline), with their `.nim`
// names (heads read), and what reading and scanning them whole would cost. Last, the files the
// scan's limits are for (docs/lint.md, Limits), each timed alone. Run after
// `npm run build` (it imports dist/):
//   npm run bench:lint [-- --files 6000 --nim-files 6000 --runs 5]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { lint, lintText } from '../dist/lint/index.js';
import { buildLintTree } from './lint-tree.mjs';

const { values } = parseArgs({ options: { files: { type: 'string', default: '6000' }, 'nim-files': { type: 'string', default: '6000' }, runs: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false } } });
const fileCount = Number(values.files);
const nimFileCount = Number(values['nim-files']);
const runs = Number(values.runs);

/** An ordinary program module of about 20 KiB: nim in comments and strings, no NimScript, no reprobuild, no staticExec. */
function ordinaryNim(i) {
  const procs = Array.from({ length: 120 }, (_, k) => `proc step${k}*(x: int): int =\n  ## nim c would inline this\n  result = x + ${k} # exec "nim c"\n  echo "step ${k} of unit ${i}"\n`);
  return `import std/[os, strutils]\nimport ./common\n\n${procs.join('\n')}`;
}

/** Adds the ordinary modules under `nim-modules/`, named `*.nim-off` (a name lint does not read); returns their `.nim` paths. */
function addNimModules(root) {
  const paths = [];
  for (let i = 0; i < nimFileCount; i++) {
    const path = join(root, `nim-modules/pkg${i % 60}/module${i}.nim`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}-off`, ordinaryNim(i));
    paths.push(path);
  }
  return paths;
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn) {
  const samples = [];
  let last = fn(); // warm-up, not counted
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    last = fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { ms: median(samples), last };
}

const root = buildLintTree(fileCount);
try {
  const linted = time(() => lint([root]));
  const grepped = time(() => spawnSync('grep', ['-rn', 'nim', root], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 }));
  const grepLines = grepped.last.stdout.toString().split('\n').filter(Boolean).length;
  console.log(`tree: ${fileCount} files in ${root}${values.keep ? '' : ' (removed afterwards)'}`);
  console.log(`ct-gen lint   ${linted.ms.toFixed(1).padStart(8)} ms  (median of ${runs}; ${linted.last.scanned} files read, ${linted.last.findings.length} findings)`);
  console.log(`grep -rn nim  ${grepped.ms.toFixed(1).padStart(8)} ms  (median of ${runs}; ${grepLines} matching lines)`);
  console.log(`ratio lint/grep: ${(linted.ms / grepped.ms).toFixed(2)}`);

  const modules = addNimModules(root);
  const listed = time(() => lint([root]));
  for (const path of modules) renameSync(`${path}-off`, path);
  const headed = time(() => lint([root]));
  const whole = time(() => modules.reduce((n, path) => n + lintText(path.slice(root.length + 1), readFileSync(path, 'utf8')).length, 0));
  const bytes = modules.reduce((n, path) => n + readFileSync(path).length, 0);
  const perModule = (ms) => `${((ms / nimFileCount) * 1000).toFixed(1)} µs a module`;
  console.log(`\n+ ${nimFileCount} ordinary .nim modules, ${(bytes / nimFileCount / 1024).toFixed(1)} KiB each (${(bytes / 2 ** 20).toFixed(0)} MiB):`);
  console.log(`lint, modules listed but not read (baseline) ${listed.ms.toFixed(1).padStart(8)} ms`);
  console.log(`lint, modules as .nim (8 KiB heads read)     ${headed.ms.toFixed(1).padStart(8)} ms  (+${(headed.ms - listed.ms).toFixed(1)} ms, ${perModule(headed.ms - listed.ms)}; ${headed.last.scanned} files read whole, ${headed.last.findings.length} findings)`);
  console.log(`reading and scanning the modules whole       ${whole.ms.toFixed(1).padStart(8)} ms  (${perModule(whole.ms)}; what the head gate saves)`);
  const grepAll = time(() => spawnSync('grep', ['-rn', 'nim', root], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 }));
  console.log(`grep -rn nim                                 ${grepAll.ms.toFixed(1).padStart(8)} ms  (ratio lint/grep: ${(headed.ms / grepAll.ms).toFixed(2)})`);

  console.log('\nfiles that reach a limit (docs/lint.md, Limits), each scanned alone:');
  for (const [name, path, text] of hostileFiles()) {
    const scanned = time(() => lintText(path, text));
    const rules = [...new Set(scanned.last.map((f) => f.rule))].join(', ');
    console.log(`${name.padEnd(44)} ${scanned.ms.toFixed(1).padStart(8)} ms  (${(text.length / 1024).toFixed(0)} KiB; ${rules})`);
  }
} finally {
  if (!values.keep) rmSync(root, { recursive: true, force: true });
}

/** [name, path, text] of files written to hang or stop a scan without its limits. */
function hostileFiles() {
  const MiB = 1 << 20;
  let make = 'A0 = nim c x.nim\n';
  for (let i = 1; i <= 10; i++) make += `A${i} = ${`$(A${i - 1})`.repeat(10)}\n`;
  let tup = 'V0 = x\n';
  for (let i = 1; i <= 39; i++) tup += `V${i} = $(V${i - 1})$(V${i - 1})\n`;
  const bindings = Array.from({ length: 8 }, (_, level) => Array.from({ length: 40 }, (_, k) => `L${level}=\${L${level + 1}:-v${k}}\n`).join('')).join('');
  return [
    ['Makefile: A10 = $(A9) ten times, … A0', 'Makefile', `${make}all:\n\t$(A10)\n`],
    ['Tupfile: V39 = $(V38)$(V38), … V0', 'Tupfile', `${tup}: |> $(V39) |>\n`],
    ['Nix: 6000 nested "${', 'a.nix', `x = "nim c x.nim";\ny = ${'"${'.repeat(6000)}x${'}"'.repeat(6000)};\n`],
    ['Nix: 1 MiB of nested "${', 'a.nix', `# nim\nx = ${'"${'.repeat(MiB / 3)}\n`],
    ['shell: 1 MiB of nested "$(echo', 'a.sh', `# nim\nx="${'$(echo "'.repeat(MiB / 9)}\n`],
    ['shell: 8 names bound 40 ways each to the next', 'a.sh', `${bindings}$L0 c x.nim\n`],
  ];
}
