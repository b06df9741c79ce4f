// Preloaded with `node --import` by tests of a process's memory: writes the size of V8's young
// generation when the process exits, in bytes, to $CT_GEN_YOUNG_GENERATION.
import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const out = process.env.CT_GEN_YOUNG_GENERATION;
if (!out) throw new Error('young-generation.mjs: set CT_GEN_YOUNG_GENERATION to the file to write');
process.on('exit', () => writeFileSync(out, String(getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size)));
