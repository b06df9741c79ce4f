import { formatPath } from '../../model/schema/rules.js';

/** The fields that name an array element, in the order they are tried; Tup nodes are named by their directory. */
const NAME_FIELDS = ['name', 'id', 'legacy', 'dir'] as const;

/**
 * `['targets', 3, 'bundles', 1]` → `targets["ct-doctor"].bundles[1]`: each array element with a
 * name (`name`, `id`, `legacy`, a Tup node's `dir`) that no other element of its array shares is
 * shown by it; the others keep their index.
 */
export function namedPath(input: unknown, path: readonly PropertyKey[]): string {
  const keys: PropertyKey[] = [];
  let current: unknown = input;
  for (const key of path) {
    keys.push(typeof key === 'number' && Array.isArray(current) ? elementName(current, key) ?? key : key);
    current = current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return formatPath(keys);
}

/**
 * A path whose elements may be named as the Tup rules name nodes (`['tup', 'nodes', '"ct"', 'rules', 0]`)
 * with indices instead, so that it can be followed through the data and its source.
 */
export function indexedPath(input: unknown, path: readonly PropertyKey[]): PropertyKey[] {
  const out: PropertyKey[] = [];
  let current: unknown = input;
  for (const key of path) {
    let step = key;
    if (typeof key === 'string' && /^".*"$/.test(key) && Array.isArray(current)) {
      const name = JSON.parse(key) as string;
      const index = current.findIndex((item) => NAME_FIELDS.some((field) => nameOf(item, field) === (field === 'dir' && name === '.' ? '' : name)));
      if (index >= 0) step = index;
    }
    out.push(step);
    current = current !== null && typeof current === 'object' ? (current as Record<PropertyKey, unknown>)[step] : undefined;
  }
  return out;
}

function elementName(array: unknown[], index: number): string | undefined {
  for (const field of NAME_FIELDS) {
    const name = nameOf(array[index], field);
    if (name === undefined) continue;
    const unique = array.every((other, i) => i === index || nameOf(other, field) !== name);
    return unique ? JSON.stringify(field === 'dir' && name === '' ? '.' : name) : undefined;
  }
  return undefined;
}

function nameOf(item: unknown, field: string): string | undefined {
  const value = item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Use sites, shortened: a site that differs from the one before in one key only is shown from
 * that key on, `surfaces.invocations["macos:ct"], ["macos:db-backend-record"]` or
 * `surfaces.invocations["repro:ct"].declaredChanges, ["repro:ct.exe"].declaredChanges`.
 */
export function listSites(input: unknown, sites: readonly (readonly PropertyKey[])[]): string {
  return sites
    .map((site, i) => {
      const previous = sites[i - 1];
      const differing = previous?.length === site.length ? site.flatMap((key, j) => (key === previous[j] ? [] : [j])) : [];
      const full = namedPath(input, site);
      return differing.length === 1 && differing[0]! > 0 ? full.slice(namedPath(input, site.slice(0, differing[0])).length) : full;
    })
    .join(', ');
}
