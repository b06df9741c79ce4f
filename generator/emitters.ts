import type { ResolvedModel } from './resolve/view.js';
import type { GeneratedFile } from './types.js';
import { emitDriver } from './families/driver/emit.js';
import { emitTup } from './families/tup/emit.js';
import { emitJust } from './families/just/emit.js';
import { emitNix } from './families/nix/emit.js';
import { emitPackaging } from './families/packaging/emit.js';
import { emitExtension } from './families/extension/emit.js';
import { emitCi } from './families/ci/emit.js';
import { emitNixos } from './families/nixos/emit.js';
import { emitRepro } from './families/repro/emit.js';
import { emitModelSchema } from './families/model-schema/emit.js';

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
