import type { Status } from '../../model/schema/index.js';

/** How the wrapper runs one target's action, with nh and without. */
export interface StatusPlan {
  /** `os/switch`: the wrapper's case label. */
  key: string;
  /** After `nh`: the target's words, then the action's. */
  nhWords: string[];
  /** The fallback command and the action's words. */
  fallbackWords: string[];
  fallbackNomWords: string[];
  nomWords: string[];
  /** Run the fallback through `tools.elevate` when not root. */
  elevate: boolean;
}

/** The NixOS status section with the (target, action) command table derived from it. */
export type ResolvedStatus = Status & { plans: StatusPlan[] };

export function resolveStatus(status: Status): ResolvedStatus {
  const plans = status.targets.flatMap((t) =>
    t.actions.map((a) => ({
      key: `${t.name}/${a.name}`,
      nhWords: [...t.nh, ...a.nh],
      fallbackWords: [t.fallback, ...a.fallback],
      fallbackNomWords: t.fallbackNomArgs,
      nomWords: t.nomArgs,
      elevate: t.fallbackNeedsRoot && a.activates,
    })),
  );
  return { ...status, plans };
}
