// Times ct-gen the way CI, pre-commit hooks and editors run it: each command as a whole process
// (`node bin/ct-gen.js …`, start-up included), against `node -e 0` on the same machine, in
// interleaved rounds (every command once per round, in an order shuffled anew each round), median of
// --runs. Peak memory comes from `/usr/bin/time -v` when it is installed. Then generate with a
// synthetic model ten times Codetracer's size against the same model at 1×, both as --model JSON.
// check and generate run twice: as they run, answered by the generation cache once a run recorded
// it (ARCHITECTURE.md, "Start-up"), and on the full path (CT_GEN_NO_FAST_PATH=1: from the model,
// the command line read by yargs), which is what the 10×-against-1× comparison takes. `check
// --no-cache` is the full path as a run with a new key takes it: from the model, the line read by
// bin/ct-gen.js and run without yargs. A check of a drifted destination shows what the stored
// files save a run the cache cannot answer.
//
//   npm run bench [-- --runs 7 --lint-files 10000 --targets 110 --tup-dirs 300 --tree CHECKOUT --no-suite]
//   npm run bench -- --bin /path/to/other/checkout/bin/ct-gen.js --bin bin/ct-gen.js
//
// With several --bin, every command runs under each of them in the same rounds and the table
// shows each one's time as a ratio to the first's (a before/after comparison on equal terms).
// Nothing to build first: each bin compiles its package when its sources changed, in an
// untimed warm-up run, which also fills the template cache.
//
// Last, unless --no-suite: this checkout's test tiers, `npm run test:unit` and `npm test`, each
// a whole process once, with `node -e 0` timed just before and after each, against the
// bounds the project holds them to (30 s and 3 minutes of wall time).
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildLintTree } from './lint-tree.mjs';
import { buildSizedTree } from './sized-tree.mjs';
import { scaledModel } from './synthetic-model.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    'lint-files': { type: 'string', default: '10000' },
    targets: { type: 'string', default: '110' },
    'tup-dirs': { type: 'string', default: '300' },
    bin: { type: 'string', multiple: true },
    tree: { type: 'string', multiple: true },
    keep: { type: 'boolean', default: false },
    'no-suite': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bins = (values.bin ?? [join(root, 'bin', 'ct-gen.js')]).map((b) => resolve(b));
const TIME = '/usr/bin/time';
const measureMemory = existsSync(TIME);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const shown = (path) => relative(process.cwd(), path) || '.';

/**
 * Runs `node ARGS` once: wall time in ms and, with /usr/bin/time, CPU time (user + system; less
 * disturbed than wall time by other work on the machine) in ms and peak RSS in KiB. Output is
 * discarded unless `capture`.
 */
function runNode(args, options = {}) {
  return runTimed(process.execPath, args, options);
}

/** `runNode` of any program: `cwd` defaults to this one's. */
function runTimed(program, args, { capture = false, env = {}, cwd } = {}) {
  const report = join(work, 'time.txt');
  const [command, argv] = measureMemory ? [TIME, ['-v', '-o', report, program, ...args]] : [program, args];
  const start = process.hrtime.bigint();
  // The generation cache answers unless a job turns it off (never the caller's environment).
  const result = spawnSync(command, argv, {
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'ignore',
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    cwd,
    env: { ...process.env, CT_GEN_NO_FAST_PATH: '', ...env },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let cpu;
  let kib;
  if (measureMemory) {
    const text = readFileSync(report, 'utf8');
    const field = (name) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(text)?.[1]);
    cpu = (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000;
    kib = field('Maximum resident set size \\(kbytes\\)');
  }
  return { ms, cpu, kib, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a command once, untimed, and stops the benchmark unless it exits with one of `ok`. */
function prepare(label, args, ok = [0], env = {}) {
  const result = runNode(args, { capture: true, env });
  if (!ok.includes(result.status)) {
    process.stderr.write(`bench: ${label} (node ${args.join(' ')}) exited ${result.status}:\n${result.stderr}`);
    process.exit(1);
  }
  return result;
}

/**
 * The jobs' order in round `round`: a shuffle with a fixed seed per round. A rotation would keep
 * each job after the same one in every round, so whatever a heavy job leaves behind (caches,
 * memory the kernel is reclaiming) would always slow the job after it.
 */
function shuffled(n, round) {
  let seed = Math.imul(round + 1, 0x9e3779b9) >>> 0;
  const random = () => {
    // mulberry32
    seed = (seed + 0x6d2b79f5) >>> 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1));
    [order[i], order[k]] = [order[k], order[i]];
  }
  return order;
}

const work = mkdtempSync(join(tmpdir(), 'ct-gen-bench-'));
let lintTree;
let sizedTree;
try {
  for (const bin of bins) prepare(`warm-up of ${shown(bin)}`, [bin, '--version']);

  // The models as --model JSON: Codetracer's (1×) and the synthetic one.
  const { codetracer } = await import(pathToFileURL(join(root, 'dist', 'model', 'codetracer', 'index.js')).href);
  const size = { targets: Number(values.targets), tupDirs: Number(values['tup-dirs']) };
  const big = scaledModel(codetracer, size);
  const models = { '1x': join(work, 'model-1x.json'), '10x': join(work, 'model-10x.json') };
  writeFileSync(models['1x'], JSON.stringify(codetracer));
  writeFileSync(models['10x'], JSON.stringify(big));

  lintTree = buildLintTree(Number(values['lint-files']));
  sizedTree = buildSizedTree();
  /** Every timed job: a label, the bin it runs under (undefined: the `node -e 0` baseline) and its argv. */
  const jobs = [{ label: 'node -e 0', args: ['-e', '0'] }];
  const generated = {};
  const filesIn = (result) => result.stdout.match(/(\d+) files/)?.[1];
  bins.forEach((bin, i) => {
    // Destinations generate has already filled: check compares, generate has nothing to write.
    const dest = join(work, `dest-${i}`);
    const destOf = (model) => join(work, `dest-${i}-${model}`);
    const files = filesIn(prepare('generate', [bin, 'generate', '--dest', dest]));
    generated.default ??= files;
    for (const model of Object.keys(models)) {
      const count = filesIn(prepare(`generate --model ${model}`, [bin, 'generate', '--dest', destOf(model), '--model', models[model]]));
      generated[model] ??= count;
    }
    // A destination with one generated file edited by hand: check reports it from the stored files.
    const drifted = join(work, `drifted-${i}`);
    prepare('generate (drifted)', [bin, 'generate', '--dest', drifted]);
    const manifest = JSON.parse(readFileSync(join(drifted, '.ct-gen', 'manifest.json'), 'utf8'));
    appendFileSync(join(drifted, Object.keys(manifest.files)[0]), 'edited by hand\n');
    // The full path: what a run costs from the model (a new key, or the cache turned off).
    const fullPath = { CT_GEN_NO_FAST_PATH: '1' };
    jobs.push(
      { label: 'check', bin, args: [bin, 'check', '--dest', dest] },
      { label: 'generate (nothing to write)', bin, args: [bin, 'generate', '--dest', dest] },
      { label: 'check, full path', bin, args: [bin, 'check', '--dest', dest], env: fullPath },
      { label: 'check --no-cache (from the model, without yargs)', bin, args: [bin, 'check', '--no-cache', '--dest', dest] },
      { label: 'generate (nothing to write), full path', bin, args: [bin, 'generate', '--dest', dest], env: fullPath },
      { label: 'check --no-color of a drifted DEST (stored files)', bin, args: [bin, 'check', '--no-color', '--dest', drifted], ok: [1] },
      { label: 'check --no-color of a drifted DEST, full path', bin, args: [bin, 'check', '--no-color', '--dest', drifted], ok: [1], env: fullPath },
      // What CI runs after check: the generated tree (the committed out/) linted.
      { label: `lint of the generated tree (${generated.default} files)`, bin, args: [bin, 'lint', join(work, 'dest-0')], ok: [0, 1] },
      { label: `lint of a synthetic ${values['lint-files']}-file tree`, bin, args: [bin, 'lint', lintTree], ok: [0, 1] },
      { label: `lint of a synthetic ${values['lint-files']}-file tree, --no-cache`, bin, args: [bin, 'lint', '--no-cache', lintTree], ok: [0, 1] },
      // A tree of Codetracer's size and make-up (bench/sized-tree.mjs), as a hook lints it: again, most files unchanged.
      { label: 'lint of a Codetracer-sized tree', bin, args: [bin, 'lint', sizedTree], ok: [0, 1] },
      { label: 'lint of a Codetracer-sized tree, --no-cache', bin, args: [bin, 'lint', '--no-cache', sizedTree], ok: [0, 1] },
      ...(values.tree ?? []).flatMap((tree) => [
        { label: `lint of ${tree}`, bin, args: [bin, 'lint', resolve(tree)], ok: [0, 1] },
        { label: `lint of ${tree}, --no-cache`, bin, args: [bin, 'lint', '--no-cache', resolve(tree)], ok: [0, 1] },
      ]),
      { label: 'generate --model (1× model, JSON)', bin, args: [bin, 'generate', '--dest', destOf('1x'), '--model', models['1x']] },
      { label: `generate --model (${size.targets} targets, ${size.tupDirs} Tup dirs)`, bin, args: [bin, 'generate', '--dest', destOf('10x'), '--model', models['10x']] },
      { label: 'generate --model (1× model, JSON), full path', bin, args: [bin, 'generate', '--dest', destOf('1x'), '--model', models['1x']], env: fullPath },
      {
        label: `generate --model (${size.targets} targets, ${size.tupDirs} Tup dirs), full path`,
        bin,
        args: [bin, 'generate', '--dest', destOf('10x'), '--model', models['10x']],
        env: fullPath,
      },
    );
  });
  // Lint keeps no outcome of a file changed within the last two seconds (lint/cache.ts): the
  // trees are linted as a checkout is, some time after it was written.
  await new Promise((done) => setTimeout(done, 2100));
  for (const job of jobs.filter((j) => j.bin)) prepare(job.label, job.args, job.ok, job.env);

  const load = loadavg()[0];
  const samples = jobs.map(() => ({ ms: [], cpu: [], kib: [] }));
  for (let round = 0; round < runs; round++) {
    for (const j of shuffled(jobs.length, round)) {
      const sample = runNode(jobs[j].args, { env: jobs[j].env });
      for (const key of ['ms', 'cpu', 'kib']) if (sample[key] !== undefined) samples[j][key].push(sample[key]);
    }
  }
  const wall = (j) => median(samples[j].ms);
  const cpuOf = (j) => median(samples[j].cpu);

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} CPUs (${cpu}), Node ${process.version}, load average ${load.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`);
  console.log(`Whole processes, median of ${runs} interleaved runs: wall time, its ratio to \`node -e 0\`${measureMemory ? ', CPU time (user + system) and its ratio, peak RSS' : ''}.`);
  if (!measureMemory) console.log(`(CPU time and peak memory skipped: ${TIME} is not installed)`);
  const labels = [...new Set(jobs.slice(1).map((j) => j.label))];
  const width = Math.max(...labels.map((l) => l.length));
  const cell = (j) =>
    [
      `${wall(j).toFixed(0).padStart(5)} ms ${`${(wall(j) / wall(0)).toFixed(1)}×`.padStart(6)}`,
      ...(measureMemory ? [`${cpuOf(j).toFixed(0).padStart(5)} ms ${`${(cpuOf(j) / cpuOf(0)).toFixed(1)}×`.padStart(6)}`, `${(median(samples[j].kib) / 1024).toFixed(0).padStart(4)} MiB`] : []),
    ].join('  ');
  const header = ['   wall       ×', ...(measureMemory ? ['    CPU       ×', '    RSS'] : [])].join('  ');
  bins.forEach((bin, i) => bins.length > 1 && console.log(`#${i + 1}: ${shown(bin)}`));
  const ratioHeader = bins.slice(1).map((_, i) => `#${i + 2}/#1 wall${measureMemory ? ', CPU' : ''}`);
  console.log(`${''.padEnd(width)}  ${bins.map((_, i) => (bins.length > 1 ? `#${i + 1} ${header.slice(3)}` : header)).join('    ')}${ratioHeader.length ? `    ${ratioHeader.join('  ')}` : ''}`);
  console.log(`${'node -e 0'.padEnd(width)}  ${cell(0)}`);
  for (const label of labels) {
    const at = bins.map((bin) => jobs.findIndex((j) => j.label === label && j.bin === bin));
    const ratios = at.slice(1).map((j) => `${(wall(j) / wall(at[0])).toFixed(2)}${measureMemory ? `, ${(cpuOf(j) / cpuOf(at[0])).toFixed(2)}` : ''}`);
    console.log(`${label.padEnd(width)}  ${at.map(cell).join('    ')}${ratios.length ? `    ${ratios.join('  ')}` : ''}`);
  }
  bins.forEach((bin) => {
    // On the full path: with the cache both would be a comparison of hashing 47 files against 330.
    const time = (label) => wall(jobs.findIndex((j) => j.bin === bin && j.label.startsWith(label) && j.env !== undefined));
    const one = time('generate --model (1×');
    const ten = time(`generate --model (${size.targets}`);
    console.log(
      `${bins.length > 1 ? `${shown(bin)}: ` : ''}generate (full path) with ${size.targets} targets and ${size.tupDirs} Tup directories (${generated['10x']} files; Codetracer: ${codetracer.targets.length} targets, ${codetracer.tup.nodes.length} Tup directories, ${generated['1x']} files): ${ten.toFixed(0)} ms against ${one.toFixed(0)} ms, ${(ten / one).toFixed(2)}×; above node -e 0: ${(ten - wall(0)).toFixed(0)} ms against ${(one - wall(0)).toFixed(0)} ms, ${((ten - wall(0)) / (one - wall(0))).toFixed(2)}×`,
    );
  });
  if (!values['no-suite']) suite();
} finally {
  if (values.keep) console.log(`kept ${work}, ${lintTree} and ${sizedTree}`);
  else for (const dir of [work, lintTree, sizedTree]) if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * The test tiers as a developer and CI run them, each once: wall time against its bound, CPU time
 * (the whole tree of processes) and `node -e 0` just before and after, so a slow machine or a busy
 * hour shows beside the figure. A tier that fails is reported and fails the benchmark.
 */
function suite() {
  const baseline = () => median([0, 1, 2, 3, 4].map(() => runNode(['-e', '0']).ms));
  console.log(`\nTest tiers, each a whole process once (${shown(root)}), with the median of 5 \`node -e 0\` before and after:`);
  for (const [label, args, bound] of [
    ['npm run test:unit', ['run', '--silent', 'test:unit'], 30],
    ['npm test', ['test', '--silent'], 180],
  ]) {
    const before = baseline();
    const run = runTimed('npm', args, { capture: true, cwd: root, env: { CI: 'true' } });
    const after = baseline();
    if (run.status !== 0) {
      process.stderr.write(`bench: ${label} exited ${run.status}:\n${run.stdout.slice(-4000)}${run.stderr.slice(-4000)}`);
      process.exitCode = 1;
      continue;
    }
    const tests = /Tests\s+(\d+ passed[^\n]*)/.exec(run.stdout.replace(/\x1b\[[0-9;]*m/g, ''))?.[1]?.trim();
    const seconds = run.ms / 1000;
    console.log(
      `${label.padEnd(18)} ${seconds.toFixed(1).padStart(6)} s wall (bound ${bound} s: ${seconds < bound ? 'under' : 'OVER'})` +
        `${run.cpu === undefined ? '' : `, ${(run.cpu / 1000).toFixed(0)} s CPU, peak RSS of one process ${(run.kib / 1024).toFixed(0)} MiB`}` +
        `; node -e 0 ${before.toFixed(0)} ms before, ${after.toFixed(0)} ms after${tests ? `; ${tests}` : ''}`,
    );
  }
}
