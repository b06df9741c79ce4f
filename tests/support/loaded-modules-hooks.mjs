// The loader hook of loaded-modules.mjs: appends the URL of every ES module (and every CommonJS
// module imported from one) before it loads.
import { appendFileSync } from 'node:fs';

let out;

export function initialize(data) {
  out = data.out;
}

export async function load(url, context, nextLoad) {
  appendFileSync(out, `${url}\n`);
  return nextLoad(url, context);
}
