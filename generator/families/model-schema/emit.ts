import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ModelSchema, SurfaceKindSchema } from '../../../model/schema/index.js';
import { SURFACES } from '../registry.js';
import type { ResolvedModel } from '../../resolve/view.js';
import type { EmittedFile } from '../../types.js';

/**
 * JSON Schema of a JSON model (`ct-gen --model x.json`) for editor completion and checks as you
 * type: the zod schemas as input (fields with a default are optional). The cross-field rules
 * (known bundles, unique outputs, …) are not JSON Schema; `ct-gen` checks them. A JSON model may
 * name this schema in `$schema`, which ct-gen ignores. A surface name is one of the surfaces the
 * output families render (the registry's), which the zod schema leaves to validation.
 */
export function emitModelSchema(view: ResolvedModel): EmittedFile[] {
  content ??= storedText() ?? modelSchemaText();
  return [{ path: view.layout.modelSchema, format: 'json', content }];
}

/** The same for every model, so made once per process. */
let content: string | undefined;

/**
 * The file bin/bundle.js writes beside the bundle's chunks: this module's `modelSchemaText()`,
 * made when the bundle is, so a run from the bundle reads it instead of converting the zod
 * schema (about 30 ms). Written into the bundle's directory before the directory is put in
 * place, so it comes with the chunks it was made by; like a chunk a run loads on demand, it is
 * read from the bundle's place as it is then. Run from anywhere else (the sources, dist/
 * unbundled) there is none.
 */
export const STORED_SCHEMA = 'model-schema.json';

function storedText(): string | undefined {
  try {
    return readFileSync(new URL(`./${STORED_SCHEMA}`, import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}

export function modelSchemaText(): string {
  // `throw`: a schema that JSON Schema cannot express must fail generation, not vanish from the file.
  const { $schema, properties, ...rest } = z.toJSONSchema(ModelSchema, {
    io: 'input',
    unrepresentable: 'throw',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema !== SurfaceKindSchema) return;
      delete jsonSchema.pattern;
      jsonSchema.enum = SURFACES.map((s) => s.kind);
    },
  });
  const schema = {
    $schema,
    title: 'ct-gen build model',
    ...rest,
    properties: { $schema: { type: 'string', description: 'This JSON Schema, for editors; ct-gen ignores it.' }, ...properties },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
