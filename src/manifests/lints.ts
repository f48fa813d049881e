// Placeholder replaced below.
import type { Context } from './context.js';
import type { ResolvedPullAccess } from './resolve-pull.js';
import type { Located } from './resolve-ram.js';
import type { DesiredRole } from '../model/desired.js';

export function runLints(_ctx: Context, _input: { roles: Located<DesiredRole>[]; pulls: Map<string, ResolvedPullAccess> }): void {}
