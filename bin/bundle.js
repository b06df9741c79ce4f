// The bundle bin/ct-gen.js runs: after each successful compile, the compiled entries of the
// command line, generator/cli/main.js (yargs), generator/cli/direct.js (the lines bin reads
// itself) and lint/run.js (lint with a recorded model), with every module they import from dist/
// and from the dependencies, in a few files (ARCHITECTURE.md, "Start-up"). Node links an ES module
// at a cost per module, and a run from the model loaded close to three hundred (zod alone about a
// hundred, its locales included); bundled, zod's unused modules drop out and the rest load as a
// few dozen chunks, each command's handler still in a chunk of its own that only its command
// loads. Beside them, the model's JSON Schema, which every full run emits and which is the same
// for every model: made here by the bundle's own code (`storeModelSchema`).
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where the bundle goes, relative to the package's root. */
export const BUNDLE_DIR = 'dist/bundle';

/**
 * The compiled entries, relative to the package's root, by the name of their file in the bundle
 * (`main.js`, `direct.js`, `lint.js`, `model-schema.js`): the command line through yargs, the
 * lines bin reads itself, lint run with the model a run recorded, and the model's JSON Schema,
 * which the bundling stores (`storeModelSchema`).
 */
export const ENTRIES = { main: 'dist/generator/cli/main.js', direct: 'dist/generator/cli/direct.js', lint: 'dist/lint/run.js', 'model-schema': 'dist/generator/families/model-schema/emit.js' };

/**
 * Left to Node's own loading: its built-in modules, and the packages the authoring tools and the
 * compile load only on demand (ts-morph, with the TypeScript it bundles; TypeScript 7; prettier)
 * by `require`, which no bundler follows (handlebars is required the same way).
 */
const EXTERNAL = [/^node:/, /^(typescript-native|ts-morph|prettier)(\/|$)/];

/**
 * A dependency that finds files beside itself from `import.meta.url` (yargs its package.json and
 * its locales) gets its own module's URL, not the chunk's: resolved from the chunk at run time,
 * since the package moves as a whole with its node_modules.
 */
function ownModuleUrl(bundleDir, MagicString) {
  return {
    name: 'ct-gen-own-module-url',
    transform(code, id) {
      if (!id.includes(`${sep}node_modules${sep}`) || !code.includes('import.meta.url')) return null;
      const path = relative(bundleDir, id).split(sep).join('/');
      const text = new MagicString(code);
      text.replaceAll('import.meta.url', `new URL(${JSON.stringify(path)}, import.meta.url).href`);
      return { code: text.toString(), map: text.generateMap({ hires: true, source: id }).toString() };
    },
  };
}

/**
 * Bundles the entries into BUNDLE_DIR: written beside it, then put in its place, so a run never
 * loads a half-written bundle (what a killed bundling left beside it, the next removes). Each
 * chunk has a source map, whose `sources` name the modules in it (tests/support/loaded.ts reads
 * them to tell which modules a run loaded). Throws, with the bundler's messages as text, on an
 * error of the bundler or a warning: what a warning means (an import that does not resolve, a
 * source map a plugin broke) is a bug to see, not to run, and nothing is put in place.
 */
export async function bundle(root) {
  const { rolldown, RolldownMagicString } = await import('rolldown');
  const target = join(root, BUNDLE_DIR);
  const temp = `${target}.${process.pid}.tmp`;
  const old = `${target}.${process.pid}.old`;
  removeLeftovers(target);
  rmSync(temp, { recursive: true, force: true });
  const input = Object.fromEntries(Object.entries(ENTRIES).map(([name, path]) => [name, join(root, path)]));
  const warnings = [];
  try {
    // The module URLs are those of the bundle's final place.
    const build = await rolldown({ input, cwd: root, platform: 'node', external: EXTERNAL, plugins: [ownModuleUrl(target, RolldownMagicString)], logLevel: 'warn', onLog: (level, log) => level === 'warn' && warnings.push(log.message) });
    try {
      mkdirSync(temp, { recursive: true });
      await build.write({ dir: temp, format: 'esm', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
    } finally {
      await build.close();
    }
    if (warnings.length > 0) throw new Error(warnings.join('\n'));
    await storeModelSchema(temp);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw new Error(plain(error.message));
  }
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(target, old);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  renameSync(temp, target);
  rmSync(old, { recursive: true, force: true });
}

/**
 * The directories a bundling left beside BUNDLE_DIR when its process was killed before it removed
 * them (`bundle.PID.tmp`, `bundle.PID.old`): removed when that process is gone. Another run's,
 * still bundling, stay.
 */
function removeLeftovers(target) {
  const name = new RegExp(`^${basename(target)}\\.(\\d+)\\.(tmp|old)$`);
  let entries;
  try {
    entries = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(name.exec(entry)?.[1]);
    if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && !running(pid)) rmSync(join(dirname(target), entry), { recursive: true, force: true });
  }
}

/** Whether process PID exists (EPERM: it does, and is another user's). */
function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * The model's JSON Schema is the same for every model and every run of a bundle; converting the
 * zod schema costs a run about 30 ms. It is made here, by the bundle's own code, and stored
 * beside its chunks, where the bundle's emitter reads it (generator/families/model-schema/emit.ts).
 */
async function storeModelSchema(dir) {
  try {
    const { modelSchemaText, STORED_SCHEMA } = await import(pathToFileURL(join(dir, 'model-schema.js')).href);
    writeFileSync(join(dir, STORED_SCHEMA), modelSchemaText());
  } catch (error) {
    throw new Error(`the model's JSON Schema: ${error.message}`);
  }
}

/** The bundler's message without its colours (it writes them whether or not stderr is a terminal). */
const plain = (text) => text.replace(/\x1b\[[0-9;]*m/g, '');
