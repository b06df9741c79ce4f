import { STATUS_REPORT_VERSION } from '../../../model/schema/index.js';
import type { ResolvedStatus } from '../../resolve/status.js';

/** Everything the nixos templates read: the resolved status section in the shapes the templates walk. */
export function statusContext(status: ResolvedStatus, libraryFromCommands: string) {
  return {
    ...status,
    reportVersion: STATUS_REPORT_VERSION,
    targets: status.targets.map((t) => ({ ...t, actionNames: t.actions.map((a) => a.name) })),
    targetNames: status.targets.map((t) => t.name),
    planKeys: status.plans.map((p) => p.key),
    libraryFromCommands,
  };
}
