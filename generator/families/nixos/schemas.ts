import { z } from 'zod';
import { statusDocumentSchemas, type Status } from '../../../model/schema/index.js';
import type { EmittedFile } from '../../types.js';

/** JSON Schema of last-build.json, build-history.json and the status report, for consumers outside ct-gen. */
export function statusSchemaFiles(status: Status, dir: string): EmittedFile[] {
  const { lastBuild, buildHistory, statusReport, registry } = statusDocumentSchemas(status);
  const documents: [string, z.ZodType][] = [
    ['last-build', lastBuild],
    ['build-history', buildHistory],
    ['status-report', statusReport],
  ];
  return documents.map(([name, schema]): EmittedFile => ({
    path: `${dir}/${name}.schema.json`,
    format: 'json',
    content: `${JSON.stringify(z.toJSONSchema(schema, { metadata: registry }), null, 2)}\n`,
  }));
}
