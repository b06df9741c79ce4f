import { z } from 'zod';
import { controlCharacterIn, shellId } from './names.js';

/**
 * Cross-field rules zod cannot express field by field. Each failure names the path of the
 * offending field, quotes the bad value and lists the valid choices.
 */
interface Named { name: string }
interface ModelShape {
  platforms: Named[];
  bundles: (Named & { platforms?: string[] })[];
  profiles: (Named & { bundles: string[] })[];
  targets: (Named & { source: string; output: string; bundles: string[] })[];
  packaging: { platforms: (Named & { binaries: { target: string }[] })[] };
}

export function checkModel(model: ModelShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  duplicates(model.platforms, 'platform', ['platforms'], issue);
  duplicates(model.bundles, 'bundle', ['bundles'], issue);
  duplicates(model.profiles, 'profile', ['profiles'], issue);
  duplicates(model.targets, 'target', ['targets'], issue);
  duplicates(model.packaging.platforms, 'platform', ['packaging', 'platforms'], issue);
  sameIdentifier(model.bundles, 'bundle', ['bundles'], issue);
  sameIdentifier(model.targets, 'target', ['targets'], issue);

  const bundleNames = model.bundles.map((b) => b.name);
  const knownBundle = (name: string, path: (string | number)[]) => {
    if (!bundleNames.includes(name)) issue(path, `unknown bundle ${q(name)}; known: ${bundleNames.join(', ')}`);
  };
  const platformNames = model.platforms.map((p) => p.name);
  model.bundles.forEach((b, i) =>
    b.platforms?.forEach((p, j) => {
      if (!platformNames.includes(p)) issue(['bundles', i, 'platforms', j], `unknown platform ${q(p)}; known: ${platformNames.join(', ')}`);
    }),
  );
  model.profiles.forEach((p, i) => p.bundles.forEach((b, j) => knownBundle(b, ['profiles', i, 'bundles', j])));

  const outputs = new Map<string, number>();
  model.targets.forEach((t, i) => {
    t.bundles.forEach((b, j) => knownBundle(b, ['targets', i, 'bundles', j]));
    if (!t.source.startsWith('src/') || t.source.split('/').includes('..')) {
      issue(['targets', i, 'source'], `${q(t.source)} must lie inside src/ (a relative path without ..)`);
    }
    const other = outputs.get(t.output);
    if (other !== undefined) issue(['targets', i, 'output'], `${q(t.output)} is already the output of targets[${other}] (${model.targets[other]!.name})`);
    outputs.set(t.output, i);
  });

  const targetNames = model.targets.map((t) => t.name);
  model.packaging.platforms.forEach((p, i) =>
    p.binaries.forEach((b, j) => {
      if (!targetNames.includes(b.target)) {
        issue(['packaging', 'platforms', i, 'binaries', j, 'target'], `unknown target ${q(b.target)}; known: ${targetNames.join(', ')}`);
      }
    }),
  );
}

function duplicates(items: Named[], what: string, path: (string | number)[], issue: (p: (string | number)[], m: string) => void) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const first = seen.get(item.name);
    if (first !== undefined) issue([...path, i, 'name'], `duplicate ${what} name ${q(item.name)} (first at ${formatPath([...path, first])})`);
    else seen.set(item.name, i);
  });
}

/** Distinct names that become the same shell identifier (`js:index`, `js-index`) would share generated arrays and macros. */
function sameIdentifier(items: Named[], what: string, path: (string | number)[], issue: (p: (string | number)[], m: string) => void) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const id = shellId(item.name);
    const first = seen.get(id);
    if (first !== undefined && items[first]!.name !== item.name) {
      issue([...path, i, 'name'], `${what} name ${q(item.name)} and ${q(items[first]!.name)} (${formatPath([...path, first])}) both become ${id} in generated files; rename one`);
    } else if (first === undefined) seen.set(id, i);
  });
}

/**
 * Every string of the model, record keys too, is one line of printable text: each lands on one
 * line of a generated file, in a comment or in an argv, where a line break would end the line or
 * the comment and a NUL cannot be written at all.
 */
export function checkText(model: unknown, ctx: z.RefinementCtx): void {
  const walk = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      const found = controlCharacterIn(value);
      if (found) ctx.addIssue({ code: 'custom', path, message: `must be one line of printable text, without line breaks, NUL or other control characters (found ${found})` });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const found = controlCharacterIn(key);
        if (found) ctx.addIssue({ code: 'custom', path: [...path, key], message: `the name ${q(key)} must hold no control character (found ${found})` });
        walk(item, [...path, key]);
      }
    }
  };
  walk(model, []);
}

export const q = (value: unknown) => JSON.stringify(value);

/**
 * `['targets', 3, 'source']` → `targets[3].source`; keys that are not identifiers are quoted;
 * a key already in double quotes names an item by its key: `tup.nodes["public/resources"]`.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^".*"$/.test(key)) out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(model)';
}
