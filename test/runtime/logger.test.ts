import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, type LogLevel } from '../../src/runtime/logger.js';
import { ManualClock } from '../../src/runtime/clock.js';
import { CloudError } from '../../src/cloud/provider.js';

const CANARY_SECRET = 'CanarySecret0123456789abcdefXYZ';
const CANARY_TOKEN = 'CanaryToken0987654321zyxwvuTSR';

function capture(format: 'json' | 'text', level: LogLevel = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({ level, format, write: (l) => lines.push(l), clock: new ManualClock() });
  return { logger, lines };
}

test('json format writes one JSON object per line with static message, level, time and metadata', () => {
  const { logger, lines } = capture('json');
  logger.info('role created', { resource: 'role/1000/r', account: 'main' });
  assert.equal(lines.length, 1);
  assert.ok(lines[0]!.endsWith('\n'), 'a JSON log line ends with a newline');
  const entry = JSON.parse(lines[0]!);
  assert.deepEqual(
    { level: entry.level, message: entry.message, resource: entry.resource, account: entry.account, timestamp: entry.timestamp },
    { level: 'info', message: 'role created', resource: 'role/1000/r', account: 'main', timestamp: '2026-11-28T12:00:00.000Z' },
  );
});

test('text format is one readable line with key=value pairs', () => {
  const { logger, lines } = capture('text');
  logger.warn('manifest invalid', { file: 'a.yaml', errors: 2 });
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^2026-11-28T12:00:00\.000Z WARN +manifest invalid file=a\.yaml errors=2\n$/);
});

test('levels below the configured one are dropped', () => {
  const { logger, lines } = capture('json', 'warn');
  logger.debug('d');
  logger.info('i');
  logger.warn('w');
  logger.error('e');
  assert.deepEqual(lines.map((l) => JSON.parse(l).message), ['w', 'e']);
});

test('child loggers add their bound metadata to every line', () => {
  const { logger, lines } = capture('json');
  logger.child({ component: 'daemon' }).info('started', { listen: '127.0.0.1:8080' });
  const entry = JSON.parse(lines[0]!);
  assert.equal(entry.component, 'daemon');
  assert.equal(entry.listen, '127.0.0.1:8080');
});

test('a CloudError in metadata is logged with its Alibaba code and RequestId', () => {
  const { logger, lines } = capture('json');
  const error = new CloudError('You are not authorized to do this action.', {
    classification: 'permission',
    code: 'NoPermission',
    requestId: 'req-123',
    service: 'ram',
    action: 'CreateRole',
  });
  logger.error('apply failed', { resource: 'role/1000/r', error });
  const entry = JSON.parse(lines[0]!);
  assert.equal(entry.error.code, 'NoPermission');
  assert.equal(entry.error.requestId, 'req-123');
  assert.equal(entry.error.message, 'You are not authorized to do this action.');
});

test('secrets never appear: in messages, URL queries, secret-named keys and nested errors, in both formats', () => {
  for (const format of ['json', 'text'] as const) {
    const { logger, lines } = capture(format);
    const url = `http://127.0.0.1:1/?AccessKeyId=LTAI&Signature=${CANARY_SECRET}&SecurityToken=${CANARY_TOKEN}`;
    logger.error(`socket hang upPOST ${url} failed.`);
    logger.error('call failed', { error: new Error(`socket hang upPOST ${url} failed.`) });
    logger.info('config', {
      accessKeySecret: CANARY_SECRET,
      securityToken: CANARY_TOKEN,
      headers: { Authorization: `ACS3-HMAC-SHA256 Credential=LTAI,Signature=${CANARY_SECRET}` },
      nested: { deeper: [`x-acs-security-token: ${CANARY_TOKEN}`] },
    });
    assert.equal(lines.length, 3);
    const all = lines.join('');
    assert.ok(!all.includes(CANARY_SECRET), `${format}: secret leaked: ${all}`);
    assert.ok(!all.includes(CANARY_TOKEN), `${format}: token leaked: ${all}`);
    assert.ok(all.includes('call failed'), `${format}: the redacted log line is still written: ${all}`);
  }
});
