import type { z } from 'zod';

export type Path = (string | number)[];

/** A string of a model input, with where it sits and which schema field it is. */
export interface StringLeaf {
  path: Path;
  /** The schema field, array indices as `[]`, record values as `{}`, record keys as `{key}`, union options by their tag: `tup.nodes[].rules[kind=cargo].binary`. */
  field: string;
  /** Whether the string is a record key rather than a value. */
  key: boolean;
}

interface Def {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  keyType?: z.core.$ZodType;
  valueType?: z.core.$ZodType;
  options?: z.core.$ZodType[];
  values?: unknown[];
}

const defOf = (schema: z.core.$ZodType) => schema._zod.def as unknown as Def;

/** The schema behind defaults, optionals, prefaults, nullables and pipes. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  for (;;) {
    const def = defOf(schema);
    if (['default', 'optional', 'prefault', 'nullable', 'readonly', 'catch'].includes(def.type)) schema = def.innerType!;
    else if (def.type === 'pipe') schema = def.in!;
    else return schema;
  }
}

const isStringSchema = (def: Def) =>
  def.type === 'string' || def.type === 'template_literal' || def.type === 'enum' || (def.type === 'literal' && def.values!.every((v) => typeof v === 'string'));

/** `[kind=cargo]`: the literal fields of a union option, which tell it apart. */
function tagOf(option: z.core.$ZodType): string {
  const shape = defOf(unwrap(option)).shape ?? {};
  const tags = Object.entries(shape).flatMap(([k, s]) => {
    const def = defOf(unwrap(s));
    return def.type === 'literal' ? [`${k}=${def.values!.join('|')}`] : [];
  });
  return tags.join(',');
}

const matches = (option: z.core.$ZodType, value: unknown) => {
  const shape = defOf(unwrap(option)).shape ?? {};
  return Object.entries(shape).every(([k, s]) => {
    const def = defOf(unwrap(s));
    return def.type !== 'literal' || (value !== null && typeof value === 'object' && def.values!.includes((value as Record<string, unknown>)[k]));
  });
};

/**
 * Every string field the schema has (`fields`), and every string of `input` with its field
 * (`leaves`): schema and data walked together, so the list follows the schema as it changes.
 */
export function modelStrings(schema: z.core.$ZodType, input: unknown): { fields: Set<string>; leaves: StringLeaf[] } {
  const fields = new Set<string>();
  const leaves: StringLeaf[] = [];
  const walk = (raw: z.core.$ZodType, value: unknown, path: Path, field: string): void => {
    const schema = unwrap(raw);
    const def = defOf(schema);
    if (isStringSchema(def)) {
      fields.add(field);
      if (typeof value === 'string') leaves.push({ path, field, key: false });
      return;
    }
    switch (def.type) {
      case 'object':
        for (const [key, child] of Object.entries(def.shape!)) walk(child, (value as Record<string, unknown> | undefined)?.[key], [...path, key], field ? `${field}.${key}` : key);
        return;
      case 'array': {
        const items = Array.isArray(value) ? value : [];
        if (items.length === 0) walk(def.element!, undefined, path, `${field}[]`);
        items.forEach((item, i) => walk(def.element!, item, [...path, i], `${field}[]`));
        return;
      }
      case 'record': {
        const entries = value !== null && typeof value === 'object' ? Object.entries(value) : [];
        fields.add(`${field}{key}`);
        if (entries.length === 0) walk(def.valueType!, undefined, path, `${field}{}`);
        for (const [key, item] of entries) {
          leaves.push({ path: [...path, key], field: `${field}{key}`, key: true });
          walk(def.valueType!, item, [...path, key], `${field}{}`);
        }
        return;
      }
      case 'union':
        for (const option of def.options!) {
          const tag = tagOf(option);
          const here = tag ? `${field}(${tag})` : field;
          walk(option, value !== undefined && matches(option, value) ? value : undefined, path, here);
        }
        return;
      default:
        return;
    }
  };
  walk(schema, input, [], '');
  return { fields, leaves };
}
