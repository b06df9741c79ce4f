import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The modules a run loaded, from the URLs a loader hook saw it load. bin/ct-gen.js runs the
 * bundle of dist/ (bin/bundle.js): a chunk of dist/bundle/ stands for itself and for each module
 * bundled into it, which its source map names (a dist/ file, or a dependency's file at its real
 * path). Other URLs are kept as they are.
 */
export function expandBundles(urls: readonly string[]): string[] {
  return urls.flatMap((url) => {
    if (!/\/dist\/bundle\/[^/]+\.js$/.test(url)) return [url];
    const chunk = fileURLToPath(url);
    // The bundler's own runtime (helpers it writes) has no source map: it holds no module.
    if (!existsSync(`${chunk}.map`)) return [url];
    const map = JSON.parse(readFileSync(`${chunk}.map`, 'utf8')) as { sources: string[] };
    return [url, ...map.sources.map((source) => pathToFileURL(resolve(dirname(chunk), source)).href)];
  });
}
