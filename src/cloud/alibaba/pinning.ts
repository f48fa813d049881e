// The cross-check of account pinning (finding G2). GetCallerIdentity is answered by whatever the
// STS endpoint is; RAM's own answers carry ARNs with the account ID its data belongs to. Every ARN
// RAM returns (roles listed, read and created) must name the pinned account; the first one that
// does not breaks the account: that call and every later call of the account fail, so nothing more
// is written through credentials that act in another account.
import type { CallContext } from '../classify.js';
import { CloudError } from '../provider.js';

const ARN_ACCOUNT = /^acs:ram::(\d+):/;

export class PinningGuard {
  private broken: CloudError | undefined;

  constructor(
    private readonly accountName: string,
    private readonly accountId: string,
  ) {}

  /** Throws the recorded mismatch, if any: called before every call of the account. */
  assertIntact(): void {
    if (this.broken) throw this.broken;
  }

  /** Checks an ARN from a RAM response; an empty or unparsable one carries no account to compare. */
  checkArn(arn: string | undefined, ctx: CallContext): void {
    const seen = ARN_ACCOUNT.exec(arn ?? '')?.[1];
    if (seen === undefined || seen === this.accountId || this.broken) {
      this.assertIntact();
      return;
    }
    const where = [ctx.service, ctx.action, ctx.resource].filter(Boolean).join(' ');
    this.broken = new CloudError(
      `${where}: AccountMismatch: account pinning: RAM returned ${arn}, so the credentials of Account ${this.accountName} act in account ${seen}, ` +
        `not the pinned ${this.accountId} (expected ${this.accountId}, seen ${seen}); nothing more is done in this account`,
      { classification: 'terminal', code: 'AccountMismatch', service: ctx.service, ...(ctx.action ? { action: ctx.action } : {}) },
    );
    throw this.broken;
  }
}
