// What a scenario runs against: two accounts, one ACR Enterprise instance (in account B), and a `call`
// that goes through the official SDK clients (RAM, STS, ECI) and records the transcript. The same
// interface serves the emulator (npm test) and the real cloud (npm run test:live).
import Eci from '@alicloud/eci20180808';
import { Config as EciConfig, OpenApiRequest as EciRequest, Params as EciParams } from '@alicloud/openapi-client';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import Ram from '@alicloud/ram20150501';
import Sts from '@alicloud/sts20150401';
import { RuntimeOptions } from '@darabonba/typescript';
import { RuntimeOptions as EciRuntime } from '@alicloud/tea-util';
import { fieldShapes, redact, type Account, type TranscriptEntry } from './transcript.js';

export type Service = 'ram' | 'sts' | 'eci';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface AccountSetup {
  credentials: Credentials;
  /** Network for image caches in this account. */
  vSwitchId: string;
  securityGroupId: string;
}

export interface RegistrySetup {
  instanceId: string;
  /** The instance's default domain, e.g. `<name>-registry-vpc.<region>.cr.aliyuncs.com`. */
  defaultDomain: string;
  customDomain: string;
  /** A small image in the instance: `<namespace>/<repository>:<tag>`. */
  image: string;
}

export interface TargetSetup {
  kind: 'emulator' | 'alibaba-cloud';
  regionId: string;
  prefix: string;
  accounts: Record<Account, AccountSetup>;
  registry: RegistrySetup;
  /** SDK connection: emulator `{ endpoint: '127.0.0.1:PORT', protocol: 'http' }`; live: the public hosts. */
  endpoints: { ram: string; sts: string; eci: string; protocol: 'http' | 'https' };
  /** Waits `ms` (emulated time on the emulator, real time live). */
  wait(ms: number): Promise<void>;
  /** Poll interval and deadline for image cache builds. */
  pollMs: number;
  buildDeadlineMs: number;
}

export interface CallResult {
  status: number;
  code: string | null;
  body: Record<string, any>;
}

const VERSIONS: Record<Service, string> = { ram: '2015-05-01', sts: '2015-04-01', eci: '2018-08-08' };
const CALL_TIMEOUT_MS = 20_000;

type Caller = (action: string, params: Record<string, string>) => Promise<{ statusCode?: number; body?: unknown }>;

function callers(setup: TargetSetup, creds: Credentials): Record<Service, Caller> {
  const base = { ...creds, protocol: setup.endpoints.protocol, regionId: setup.regionId, readTimeout: CALL_TIMEOUT_MS, connectTimeout: CALL_TIMEOUT_MS };
  const ram = new Ram.default(new $OpenApiUtil.Config({ ...base, endpoint: setup.endpoints.ram }));
  const sts = new Sts.default(new $OpenApiUtil.Config({ ...base, endpoint: setup.endpoints.sts }));
  const eci = new Eci.default(new EciConfig({ ...base, endpoint: setup.endpoints.eci }));
  // The generated methods do exactly this (client.js: <action>WithOptions); going through callApi lets one
  // scenario table name actions and wire parameters directly.
  const rpc = (service: Service, action: string) => ({ action, version: VERSIONS[service], protocol: 'HTTPS', pathname: '/', method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json' });
  return {
    ram: (action, query) => ram.callApi(new $OpenApiUtil.Params(rpc('ram', action) as never), new $OpenApiUtil.OpenApiRequest({ query }), new RuntimeOptions({})),
    sts: (action, query) => sts.callApi(new $OpenApiUtil.Params(rpc('sts', action) as never), new $OpenApiUtil.OpenApiRequest({ query }), new RuntimeOptions({})),
    eci: (action, query) => eci.callApi(new EciParams(rpc('eci', action) as never), new EciRequest({ query }), new EciRuntime({})),
  };
}

interface CleanupStep {
  account: Account;
  service: Service;
  action: string;
  params: Record<string, string>;
}

/**
 * One run of the suite against one target: calls, the transcript, placeholders for every value that
 * must not reach it (account IDs, the prefix, registry names, created IDs), and clean-up steps that run
 * last-in first-out whatever happened.
 */
export class ConformanceRun {
  readonly entries: TranscriptEntry[] = [];
  readonly accountIds = {} as Record<Account, string>;
  private readonly clients: Record<Account, Record<Service, Caller>>;
  private readonly placeholders = new Map<string, string>();
  private readonly cleanups: CleanupStep[] = [];
  /** Scenario calls under way: clean-up waits for them, since each may have created something. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private interrupted = false;
  private cleaning: Promise<void> | undefined;
  scenario = '';

  constructor(readonly setup: TargetSetup) {
    this.clients = { A: callers(setup, setup.accounts.A.credentials), B: callers(setup, setup.accounts.B.credentials) };
    this.hide(setup.prefix, '<prefix>');
    this.hide(setup.registry.instanceId, '<instance>');
    this.hide(setup.registry.defaultDomain, '<default-domain>');
    this.hide(setup.registry.customDomain, '<custom-domain>');
    for (const account of ['A', 'B'] as const) {
      this.hide(setup.accounts[account].vSwitchId, `<vswitch-${account}>`);
      this.hide(setup.accounts[account].securityGroupId, `<security-group-${account}>`);
    }
  }

  /** Learns both account IDs (GetCallerIdentity) so they can be used in ARNs and kept out of transcripts. */
  async identify(): Promise<void> {
    for (const account of ['A', 'B'] as const) {
      const who = await this.call(account, 'sts', 'GetCallerIdentity', {}, { record: false });
      const id = String(who.body.AccountId ?? '');
      if (!/^\d+$/.test(id)) throw new Error(`GetCallerIdentity of account ${account} failed: ${who.code ?? 'no AccountId'}`);
      this.accountIds[account] = id;
      this.hide(id, `<${account}>`);
    }
  }

  /** Keeps `value` out of the transcript, written as `name` instead. */
  hide(value: string, name: string): void {
    if (value !== '') this.placeholders.set(value, name);
  }

  name(suffix: string): string {
    return `${this.setup.prefix}-${suffix}`;
  }

  /** Stops the run (SIGINT): every later scenario call throws; only clean-up calls still go out. */
  interrupt(): void {
    this.interrupted = true;
  }

  /** One API call; API errors are results, not exceptions (scenarios assert on codes). */
  async call(account: Account, service: Service, action: string, params: Record<string, string>, options: { record?: boolean } = {}): Promise<CallResult> {
    if (this.interrupted) throw new Error(`interrupted: ${action} not sent`);
    const pending = this.send(account, service, action, params, options);
    this.inFlight.add(pending);
    try {
      return await pending;
    } finally {
      this.inFlight.delete(pending);
    }
  }

  private async send(account: Account, service: Service, action: string, params: Record<string, string>, options: { record?: boolean }): Promise<CallResult> {
    let result: CallResult;
    try {
      const res = await this.clients[account][service](action, params);
      result = { status: res.statusCode ?? 200, code: null, body: (res.body ?? {}) as Record<string, any> };
    } catch (error) {
      const e = error as { code?: unknown; statusCode?: unknown; data?: unknown };
      if (typeof e.statusCode !== 'number') throw error; // transport failure: not a cloud answer
      const data = (e.data ?? {}) as Record<string, any>;
      const { statusCode: _added, ...body } = data;
      result = { status: e.statusCode, code: typeof e.code === 'string' ? e.code : null, body };
    }
    if (options.record !== false) this.record(account, service, action, params, result);
    return result;
  }

  private record(account: Account, service: Service, action: string, params: Record<string, string>, result: CallResult): void {
    const clean = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, redact(v, this.placeholders)]));
    this.entries.push({ scenario: this.scenario, account, service, action, params: clean, status: result.status, code: result.code, fields: fieldShapes(result.body) });
  }

  /** Registers the call that undoes a creation; clean-up runs them newest first. */
  undo(account: Account, service: Service, action: string, params: Record<string, string>): void {
    this.cleanups.push({ account, service, action, params });
  }

  /** Runs every registered undo step once, newest first; failures are reported, never thrown. */
  async cleanUp(report: (line: string) => void = () => undefined): Promise<void> {
    // One clean-up at a time: SIGINT's and the scenario's own may overlap, and SIGINT's ends the
    // process, so it must not finish while the other still has a step on the wire.
    while (this.cleaning) await this.cleaning;
    this.cleaning = this.drain(report);
    try {
      await this.cleaning;
    } finally {
      this.cleaning = undefined;
    }
  }

  private async drain(report: (line: string) => void): Promise<void> {
    // A creation in flight registers its undo right after it returns: let it settle and its scenario
    // run on to its next call (which throws once interrupted), then undo everything.
    while (this.inFlight.size > 0) {
      await Promise.allSettled([...this.inFlight]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    while (this.cleanups.length > 0) {
      const step = this.cleanups.pop() as CleanupStep;
      try {
        const res = await this.send(step.account, step.service, step.action, step.params, { record: false });
        if (res.code !== null && !/NotExist|NotFound/.test(res.code)) report(`clean-up ${step.action} ${redact(JSON.stringify(step.params), this.placeholders)}: ${res.code}`);
      } catch (error) {
        report(`clean-up ${step.action}: ${(error as Error).message.split('?')[0]}`);
      }
    }
  }

  get pendingCleanups(): number {
    return this.cleanups.length;
  }
}
