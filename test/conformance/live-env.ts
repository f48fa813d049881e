// The variables `npm run test:live` needs. Kept apart from the runner so that checking them loads no
// SDK, emulator or network code at all.
type Account = 'A' | 'B';

const ACCOUNT_VARS = (a: Account) => [`ECI_ACR_LIVE_${a}_ACCESS_KEY_ID`, `ECI_ACR_LIVE_${a}_ACCESS_KEY_SECRET`, `ECI_ACR_LIVE_${a}_VSWITCH_ID`, `ECI_ACR_LIVE_${a}_SECURITY_GROUP_ID`];
export const REQUIRED_VARS = [
  'ECI_ACR_LIVE_REGION',
  ...ACCOUNT_VARS('A'),
  ...ACCOUNT_VARS('B'),
  'ECI_ACR_LIVE_INSTANCE_ID',
  'ECI_ACR_LIVE_DEFAULT_DOMAIN',
  'ECI_ACR_LIVE_CUSTOM_DOMAIN',
  'ECI_ACR_LIVE_IMAGE',
];

/** The one line printed when the live run cannot start, or undefined when everything is set. */
export function missingSetup(env: NodeJS.ProcessEnv): string | undefined {
  const missing = REQUIRED_VARS.filter((name) => !env[name]);
  if (env.ECI_ACR_LIVE === '1' && missing.length === 0) return undefined;
  const need = env.ECI_ACR_LIVE === '1' ? missing.join(', ') : `ECI_ACR_LIVE=1 and ${REQUIRED_VARS.join(', ')}`;
  return `test:live did not run (nothing was sent): it needs ${need} - see docs/conformance.md`;
}


/**
 * FOR TESTS ONLY: `ECI_ACR_LIVE_TEST_ENDPOINT=http://127.0.0.1:PORT` sends every call of the live runner
 * to a local emulator instead of Alibaba Cloud, so its clean-up (on failure and on SIGINT) can be tested
 * as a child process. Loopback addresses only: the variable can never redirect the given AccessKeys'
 * signed requests to another host. Returns `host:port`, undefined when unset; throws on anything else.
 */
export const TEST_ENDPOINT_VAR = 'ECI_ACR_LIVE_TEST_ENDPOINT';

export function testEndpoint(env: NodeJS.ProcessEnv): string | undefined {
  const value = env[TEST_ENDPOINT_VAR];
  if (value === undefined || value === '') return undefined;
  const match = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})\/?$/.exec(value);
  if (!match) throw new Error(`${TEST_ENDPOINT_VAR} is for tests against a local emulator only and must be http://127.0.0.1:PORT, http://localhost:PORT or http://[::1]:PORT (got ${value})`);
  return `${match[1]}:${match[2]}`;
}
