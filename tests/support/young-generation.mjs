// Preloaded with `node --import` by tests of a process's memory: writes the size of V8's young
// generation when the process starts and when it exits, as JSON, to $CT_GEN_YOUNG_GENERATION.
import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const out = process.env.CT_GEN_YOUNG_GENERATION;
if (!out) throw new Error('young-generation.mjs: set CT_GEN_YOUNG_GENERATION to the file to write');
const young = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size;
const first = young();
process.on('exit', () => writeFileSync(out, JSON.stringify({ first, last: young() })));
