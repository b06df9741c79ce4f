import { z } from 'zod';
import { statusDocumentSchemas, type Status } from '../../../model/schema/index.js';
import type { GeneratedFile } from '../../types.js';

export const STATUS_SCHEMA_DIR = 'schemas/nixos';

/** JSON Schema of last-build.json, build-history.json and the status report, for consumers outside ct-gen. */
export function statusSchemaFiles(status: Status): GeneratedFile[] {
  const { lastBuild, buildHistory, statusReport, registry } = statusDocumentSchemas(status);
  const documents: [string, z.ZodType][] = [
    ['last-build', lastBuild],
    ['build-history', buildHistory],
    ['status-report', statusReport],
  ];
  return documents.map(([name, schema]) => ({
    path: `${STATUS_SCHEMA_DIR}/${name}.schema.json`,
    content: `${JSON.stringify(z.toJSONSchema(schema, { metadata: registry }), null, 2)}\n`,
  }));
}
