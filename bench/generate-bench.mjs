// Times the generate pipeline: render every file in memory, then plan against the committed
// out/ (what `ct-gen check` does), and prints the median of each and the peak resident memory.
// Run after `npm run build` (it imports dist/):
//   npm run bench:generate [-- --runs 20]
import { parseArgs } from 'node:util';
import { loadModel } from '../dist/generator/model.js';
import { defaultDest } from '../dist/generator/paths.js';
import { generateFiles } from '../dist/generator/pipeline.js';
import { planChanges } from '../dist/generator/write.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const model = await loadModel();
const render = [];
const plan = [];
let files = [];
for (let i = 0; i < runs; i++) {
  let start = performance.now();
  files = generateFiles(model);
  render.push(performance.now() - start);
  start = performance.now();
  await planChanges(defaultDest, files);
  plan.push(performance.now() - start);
}
const bytes = files.reduce((n, f) => n + f.content.length, 0);
console.log(`files: ${files.length} (${(bytes / 1024).toFixed(0)} KiB)`);
console.log(`render (median of ${runs}): ${median(render).toFixed(1)} ms`);
console.log(`plan against out/ (median of ${runs}): ${median(plan).toFixed(1)} ms`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
