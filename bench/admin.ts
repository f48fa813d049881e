// The emulator's unsigned admin API (src/emulator/README.md), as the benchmark uses it: the request log,
// the fault/limit configuration and the state, over loopback HTTP like any other client.

/** One entry of the log; service, action and account are null when the request never got that far. */
export interface LoggedRequest {
  service: string | null;
  action: string | null;
  accountId: string | null;
  statusCode: number;
  code: string | null;
  /** Arrival, emulated ms since the epoch (the wall clock unless someone advanced the emulator's). */
  at?: number;
}

export class EmulatorAdmin {
  constructor(private readonly url: string) {}

  async requests(): Promise<LoggedRequest[]> {
    const body = (await this.call('GET', '/_emulator/requests')) as { requests: LoggedRequest[]; dropped: number };
    // Call counts from a log that lost entries would be silently low.
    if (body.dropped > 0) throw new Error(`the emulator's request log dropped ${body.dropped} entries; start it with a larger requestLogSize`);
    return body.requests;
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/_emulator/requests');
  }

  async setFaults(config: unknown): Promise<void> {
    await this.call('PUT', '/_emulator/faults', config);
  }

  async state(): Promise<EmulatorState> {
    return (await this.call('GET', '/_emulator/state')) as EmulatorState;
  }

  private async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator admin ${method} ${path}: HTTP ${response.status} ${text.slice(0, 300)}`);
    return text === '' ? {} : JSON.parse(text);
  }
}

/** The parts of GET /_emulator/state the benchmark reads; the rest is left untyped. */
export interface EmulatorState {
  accounts: Record<string, AccountState>;
}

export interface AccountState {
  ram?: { roles?: { roleName: string; tags?: unknown }[]; policies?: { policyName: string; policyType?: string }[] };
  eci?: { imageCaches?: { RegionId: string; Status: string; ImageCacheName?: string }[] };
}
