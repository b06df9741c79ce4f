import { STATUS_REPORT_VERSION, type Status } from '../../model/schema/index.js';

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

export function statusPlans(status: Status): StatusPlan[] {
  return status.targets.flatMap((t) =>
    t.actions.map((a) => ({
      key: `${t.name}/${a.name}`,
      nhWords: [...t.nh, ...a.nh],
      fallbackWords: [t.fallback, ...a.fallback],
      fallbackNomWords: t.fallbackNomArgs,
      nomWords: t.nomArgs,
      elevate: t.fallbackNeedsRoot && a.activates,
    })),
  );
}

/** Everything the nixos templates read: the model's status section plus the derived plans. */
export function statusContext(status: Status) {
  const plans = statusPlans(status);
  return {
    ...status,
    reportVersion: STATUS_REPORT_VERSION,
    targets: status.targets.map((t) => ({ ...t, actionNames: t.actions.map((a) => a.name) })),
    targetNames: status.targets.map((t) => t.name),
    plans,
    planKeys: plans.map((p) => p.key),
  };
}
