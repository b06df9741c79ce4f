// Preloaded with `node --import` by tests that assert what a command does NOT load: writes every
// module the process loads, one URL a line, to $CT_GEN_LOADED_MODULES. ES modules are seen by a
// loader hook as they load; CommonJS modules (handlebars, required from ES modules) are read from
// require's cache when the process exits.
import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const out = process.env.CT_GEN_LOADED_MODULES;
if (!out) throw new Error('loaded-modules.mjs: set CT_GEN_LOADED_MODULES to the file to write');
writeFileSync(out, '');
register('./loaded-modules-hooks.mjs', import.meta.url, { data: { out } });
process.on('exit', () => {
  const required = Object.keys(createRequire(import.meta.url).cache).map((path) => pathToFileURL(path).href);
  appendFileSync(out, required.map((url) => `${url}\n`).join(''));
});
