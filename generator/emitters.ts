import type { ResolvedModel } from './resolve/view.js';
import type { GeneratedFile } from './types.js';
import { emitDriver } from './emit/driver.js';
import { emitTup } from './emit/tup.js';
import { emitJust } from './emit/just.js';
import { emitNix } from './emit/nix.js';
import { emitPackaging } from './emit/packaging.js';
import { emitExtension } from './emit/extension.js';
import { emitCi } from './emit/ci.js';
import { emitNixos } from './emit/nixos.js';
import { emitRepro } from './emit/repro.js';
import { emitModelSchema } from './emit/model-schema.js';

export type Emitter = (view: ResolvedModel) => GeneratedFile[];

/** Every output family, by name; the name appears in errors an emitter throws. */
export const emitters: Record<string, Emitter> = {
  driver: emitDriver,
  tup: emitTup,
  just: emitJust,
  nix: emitNix,
  packaging: emitPackaging,
  extension: emitExtension,
  ci: emitCi,
  nixos: emitNixos,
  repro: emitRepro,
  'model-schema': emitModelSchema,
};
