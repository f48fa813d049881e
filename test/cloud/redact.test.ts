import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactText, redactValue } from '../../src/runtime/redact.js';

const SECRET = 'canary-Secret-7f3a9c';
const TOKEN = 'CAIS-canary-token-Zq81';
const SIG = 'c2lnbmF0dXJlLWNhbmFyeQ';

test('redactText cuts the query out of URLs in SDK transport messages', () => {
  const msg = `socket hang upPOST http://127.0.0.1:36135/?RoleName=my-role&PolicyDocument=%7B%7D failed.`;
  const out = redactText(msg);
  assert.equal(out, 'socket hang upPOST http://127.0.0.1:36135/?[REDACTED] failed.');
  assert.ok(!out.includes('my-role'), out);
});

test('redactText removes legacy-signature query secrets from a URL and from a bare path', () => {
  const url = `ReadTimeout(3000). POST https://sts.aliyuncs.com/?AccessKeyId=LTAI1&Signature=${SIG}&SecurityToken=${TOKEN} failed.`;
  const path = `GET /?Action=GetRole&Signature=${SIG} failed`;
  for (const text of [url, path]) {
    const out = redactText(text);
    assert.ok(!out.includes(SIG) && !out.includes(TOKEN), out);
  }
});

test('redactText masks key=value, key: value and JSON forms of secret fields', () => {
  const samples = [
    `Signature=${SIG}`,
    `SecurityToken=${TOKEN}`,
    `AccessKeySecret: ${SECRET}`,
    `{"AccessKeySecret":"${SECRET}","SecurityToken":"${TOKEN}"}`,
    `access_key_secret = ${SECRET}`,
    `Password=${SECRET}`,
  ];
  for (const s of samples) {
    const out = redactText(s);
    assert.ok(!out.includes(SECRET) && !out.includes(TOKEN) && !out.includes(SIG), out);
    assert.match(out, /\[REDACTED\]/);
  }
});

test('redactText masks an ACS3 Authorization header value and bearer tokens', () => {
  const header = `authorization: ACS3-HMAC-SHA256 Credential=LTAI5tCanary,SignedHeaders=host;x-acs-date,Signature=${SIG}`;
  const out = redactText(header);
  assert.ok(!out.includes(SIG) && !out.includes('LTAI5tCanary'), out);
  assert.ok(!redactText(`Bearer ${TOKEN}`).includes(TOKEN), 'a bearer token is redacted');
});

test('redactText leaves ordinary text alone', () => {
  const text = 'ram GetRole role acs:ram::1000000000000001:role/x: EntityNotExist.Role (HTTP 404, RequestId ABC-1): The role does not exist.';
  assert.equal(redactText(text), text);
});

test('redactValue drops secret-named keys at any depth and redacts strings', () => {
  const input = {
    accessKeyId: 'LTAI5tVisible',
    accessKeySecret: SECRET,
    nested: { securityToken: TOKEN, Authorization: `ACS3-HMAC-SHA256 Credential=x,Signature=${SIG}`, list: [{ password: SECRET, ok: 1 }] },
    credential: { anything: SECRET },
    clientToken: 'deterministic-token-1',
    url: `http://h/?Signature=${SIG}`,
  };
  const out = redactValue(input) as Record<string, any>;
  const json = JSON.stringify(out);
  for (const canary of [SECRET, TOKEN, SIG]) assert.ok(!json.includes(canary), json);
  assert.equal(out.accessKeyId, 'LTAI5tVisible');
  assert.equal(out.clientToken, 'deterministic-token-1');
  assert.deepEqual(out.nested.list, [{ ok: 1 }]);
  assert.equal('credential' in out, false);
});

test('redactValue turns errors into redacted fields and survives cycles', () => {
  const err = Object.assign(new Error(`failed POST http://h/?SecurityToken=${TOKEN}`), { code: 'ECONNRESET' });
  const cyclic: Record<string, unknown> = { err };
  cyclic['self'] = cyclic;
  const out = redactValue(cyclic) as Record<string, any>;
  assert.equal(out.err.code, 'ECONNRESET');
  assert.ok(!out.err.message.includes(TOKEN), out.err.message);
  assert.equal(out.self, '[Circular]');
});

test('redactText masks OIDC tokens (JWTs) and OIDCToken= pairs (issue 12)', () => {
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLWJ5dGVz';
  const out = redactText(`token ${jwt} and OIDCToken=abc.def.ghi in a form`);
  assert.ok(!out.includes('c2lnbmF0dXJlLWJ5dGVz') && !out.includes('abc.def.ghi'), out);
});
