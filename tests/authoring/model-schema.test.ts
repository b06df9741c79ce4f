import { Ajv2020 } from 'ajv/dist/2020.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitModelSchema } from '../../generator/families/model-schema/emit.js';
import { loadModel } from '../../generator/model.js';
import { generateFiles } from '../../generator/pipeline.js';
import { resolveModel } from '../../generator/resolve/view.js';
import { codetracer } from '../../model/codetracer/index.js';
import { tempDir } from '../support/tree.js';
import { model } from '../support/model.js';

const [file] = emitModelSchema(resolveModel(model));
const schema = JSON.parse(file!.content) as object;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
/** The built-in model as a JSON model is written: its data serialised, naming the schema. */
const asJson = () => JSON.parse(JSON.stringify({ $schema: `./${model.layout.modelSchema}`, ...codetracer })) as Record<string, any>;
const errors = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` ${String(e.params.additionalProperty)}` : ''}`);

describe('schemas/model.schema.json, compiled by ajv (strict)', () => {
  it('is one generated file, without a header comment (JSON has none)', () => {
    expect(file!.path).toBe('schemas/model.schema.json');
    expect(generateFiles(model).find((f) => f.path === model.layout.modelSchema)!.content).toBe(file!.content);
  });

  it('accepts the built-in model serialised as JSON, with its $schema reference', () => {
    expect(validate(asJson()), errors().join('\n')).toBe(true);
  });

  it('rejects a misspelled field, where it is', () => {
    const data = asJson();
    data.targets[0].bundle = data.targets[0].bundles;
    delete data.targets[0].bundles;
    expect(validate(data)).toBe(false);
    expect(errors()).toContain('/targets/0 must NOT have additional properties bundle');
  });

  it('rejects a value of the wrong kind', () => {
    const data = asJson();
    data.targets[1].kind = 'nim-cpp';
    expect(validate(data)).toBe(false);
    expect(errors()).toContain('/targets/1/kind must be equal to one of the allowed values');
  });

  it('describes the input: fields with defaults may be left out', () => {
    const data = asJson();
    for (const key of ['lint', 'legacy', 'surfaces', 'status', 'baseline']) delete data[key];
    for (const target of data.targets) for (const key of ['bundles', 'args', 'nimcache', 'extraOutputs']) delete target[key];
    expect(validate(data), errors().join('\n')).toBe(true);
  });
});

describe('a JSON model naming the schema', () => {
  it('is the built-in model: ct-gen ignores $schema and generates the same files', async () => {
    const path = join(tempDir('model-json'), 'model.json');
    writeFileSync(path, JSON.stringify(asJson(), null, 2));
    expect(generateFiles(await loadModel(path))).toEqual(generateFiles(model));
  });
});
