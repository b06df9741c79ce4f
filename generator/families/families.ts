import { emitCi } from './ci/emit.js';
import type { Emitter, Family } from './contract.js';
import { emitDriver } from './driver/emit.js';
import { emitExtension } from './extension/emit.js';
import { emitJust } from './just/emit.js';
import { emitModelSchema } from './model-schema/emit.js';
import { emitNix } from './nix/emit.js';
import { emitNixos } from './nixos/emit.js';
import { emitPackaging } from './packaging/emit.js';
import { FAMILY_RULES, type FamilyName } from './registry.js';
import { emitRepro } from './repro/emit.js';
import { emitTup } from './tup/emit.js';

/** Each family's emitter; kept apart from the registry so that validating a model loads no emitter. */
const EMITTERS: Readonly<Record<FamilyName, Emitter>> = {
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

/** Every output family, rules and emitter, in the registry's order. */
export const FAMILIES: readonly Family[] = FAMILY_RULES.map((rules) => ({ ...rules, emit: EMITTERS[rules.name] }));
