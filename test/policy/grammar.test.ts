import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPolicyGrammar, type PolicyKind } from '../../src/policy/index.js';

const UID = '1298452580000001';
const allow = { Effect: 'Allow', Action: 'cr:PullRepository', Resource: '*' };
const trustAllow = { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'eci.aliyuncs.com' } };
const permission = (...statements: unknown[]) => ({ Version: '1', Statement: statements });

function problems(doc: unknown, kind: PolicyKind): string[] {
  return checkPolicyGrammar(doc, kind).map((p) => `${p.code} @ ${JSON.stringify(p.path)}`);
}

test('valid permission and trust documents have no problems', () => {
  const valid: [unknown, PolicyKind][] = [
    [permission(allow), 'permission'],
    [permission({ Effect: 'Deny', NotAction: ['cr:*', 'sts:AssumeRole'], Resource: ['acs:cr:*:*:instance/*', '*'] }), 'permission'],
    [permission({ Effect: 'Allow', Action: '*', Resource: '*' }), 'permission'],
    [
      permission({
        Effect: 'Allow',
        Action: ['cr:Get*', 'cr:List?epositor*'],
        Resource: `acs:cr:cn-hangzhou:${UID}:repository/cri-1/*`,
        Condition: {
          StringLike: { 'acs:UserAgent': 'reconciler/*' },
          IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '2001:db8::/32', '192.168.1.1'] },
          Bool: { 'acs:SecureTransport': 'true', 'acs:MFAPresent': false },
          NumericLessThan: { 'acs:Count': [3, '4.5'] },
          DateGreaterThan: { 'acs:CurrentTime': '2026-01-01T00:00:00Z' },
        },
      }),
      'permission',
    ],
    [permission(trustAllow), 'trust'],
    [permission({ Effect: 'Allow', Action: ['sts:assumerole'], Principal: { RAM: [`acs:ram::${UID}:root`, `acs:ram::${UID}:role/r`, `acs:ram::${UID}:user/u`] } }), 'trust'],
    [permission({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: '*' }), 'trust'],
    [permission({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Federated: `acs:ram::${UID}:saml-provider/idp` }, Condition: { StringEquals: { 'saml:recipient': 'https://signin.aliyun.com/saml-role/sso' } } }), 'trust'],
  ];
  for (const [doc, kind] of valid) assert.deepEqual(problems(doc, kind), [], JSON.stringify(doc));
});

const invalid: [name: string, doc: unknown, kind: PolicyKind, expected: string[]][] = [
  ['not an object', [], 'permission', ['policy.document @ []']],
  ['Version missing', { Statement: [allow] }, 'permission', ['policy.version @ []']],
  ['Version as a number', { Version: 1, Statement: [allow] }, 'permission', ['policy.version @ ["Version"]']],
  ['Version "2"', { Version: '2', Statement: [allow] }, 'permission', ['policy.version @ ["Version"]']],
  ['unknown top-level key', { Version: '1', Statement: [allow], Id: 'x' }, 'permission', ['policy.unknown-key @ ["Id"]']],
  ['Statement missing', { Version: '1' }, 'permission', ['policy.statement @ []']],
  ['Statement empty', { Version: '1', Statement: [] }, 'permission', ['policy.statement @ ["Statement"]']],
  ['Statement an object', { Version: '1', Statement: allow }, 'permission', ['policy.statement @ ["Statement"]']],
  ['statement not an object', permission(allow, 'x'), 'permission', ['policy.statement-shape @ ["Statement",1]']],
  ['unknown statement key (Sid)', permission(allow, { ...allow, Sid: 's' }), 'permission', ['policy.unknown-key @ ["Statement",1,"Sid"]']],
  ['Effect wrong', permission(allow, { ...allow, Effect: 'allow' }), 'permission', ['policy.effect @ ["Statement",1,"Effect"]']],
  ['Effect missing', permission({ Action: 'a:b', Resource: '*' }), 'permission', ['policy.effect @ ["Statement",0]']],
  ['no Action', permission({ Effect: 'Allow', Resource: '*' }), 'permission', ['policy.action-missing @ ["Statement",0]']],
  ['Action and NotAction', permission({ ...allow, NotAction: 'x:y' }), 'permission', ['policy.action-conflict @ ["Statement",0,"NotAction"]']],
  ['Action not service:action', permission({ ...allow, Action: 'PullRepository' }), 'permission', ['policy.action @ ["Statement",0,"Action"]']],
  ['Action list element bad', permission({ ...allow, Action: ['cr:Get*', 7, 'a b:c'] }), 'permission', ['policy.action @ ["Statement",0,"Action",1]', 'policy.action @ ["Statement",0,"Action",2]']],
  ['Action empty list', permission({ ...allow, Action: [] }), 'permission', ['policy.action @ ["Statement",0,"Action"]']],
  ['Resource missing', permission({ Effect: 'Allow', Action: 'a:b' }), 'permission', ['policy.resource-missing @ ["Statement",0]']],
  ['Resource not an ARN', permission({ ...allow, Resource: ['*', 'arn:aws:s3:::b', 'acs:cr'] }), 'permission', ['policy.resource @ ["Statement",0,"Resource",1]', 'policy.resource @ ["Statement",0,"Resource",2]']],
  ['Resource object', permission({ ...allow, Resource: { a: 1 } }), 'permission', ['policy.resource @ ["Statement",0,"Resource"]']],
  ['NotResource', permission({ Effect: 'Allow', Action: 'a:b', NotResource: '*' }), 'permission', ['policy.not-resource @ ["Statement",0,"NotResource"]']],
  ['Principal in permission policy', permission({ ...allow, Principal: '*' }), 'permission', ['policy.principal-unexpected @ ["Statement",0,"Principal"]']],
  ['trust without Principal', permission({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust', ['policy.principal-missing @ ["Statement",0]']],
  ['trust with other action', permission({ ...trustAllow, Action: ['sts:AssumeRole', 'cr:*'] }), 'trust', ['policy.trust-action @ ["Statement",0,"Action",1]']],
  ['trust with NotAction', permission({ Effect: 'Allow', NotAction: 'cr:*', Principal: '*' }), 'trust', ['policy.trust-action @ ["Statement",0,"NotAction"]']],
  ['trust with Resource', permission({ ...trustAllow, Resource: '*' }), 'trust', ['policy.resource-unexpected @ ["Statement",0,"Resource"]']],
  ['Principal unknown type', permission({ ...trustAllow, Principal: { AWS: 'x' } }), 'trust', ['policy.principal @ ["Statement",0,"Principal","AWS"]']],
  ['Principal empty object', permission({ ...trustAllow, Principal: {} }), 'trust', ['policy.principal @ ["Statement",0,"Principal"]']],
  ['Principal other string', permission({ ...trustAllow, Principal: 'eci.aliyuncs.com' }), 'trust', ['policy.principal @ ["Statement",0,"Principal"]']],
  ['RAM principal not an identity ARN', permission({ ...trustAllow, Principal: { RAM: [`acs:ram::${UID}:root`, UID, `acs:ram::${UID}:role/r/session`] } }), 'trust', ['policy.principal @ ["Statement",0,"Principal","RAM",1]', 'policy.principal @ ["Statement",0,"Principal","RAM",2]']],
  ['Service principal not a name', permission({ ...trustAllow, Principal: { Service: 'eci' } }), 'trust', ['policy.principal @ ["Statement",0,"Principal","Service"]']],
  ['Condition not an object', permission({ ...allow, Condition: 'x' }), 'permission', ['policy.condition @ ["Statement",0,"Condition"]']],
  ['Condition unknown operator', permission({ ...allow, Condition: { StringEqualsIfExists: { k: 'v' }, Null: { k: 'true' } } }), 'permission', ['policy.condition-operator @ ["Statement",0,"Condition","StringEqualsIfExists"]', 'policy.condition-operator @ ["Statement",0,"Condition","Null"]']],
  ['Condition operator block empty', permission({ ...allow, Condition: { StringEquals: {} } }), 'permission', ['policy.condition @ ["Statement",0,"Condition","StringEquals"]']],
  ['Condition value an object', permission({ ...allow, Condition: { StringEquals: { k: { a: 1 } } } }), 'permission', ['policy.condition-value @ ["Statement",0,"Condition","StringEquals","k"]']],
  ['Condition value empty list', permission({ ...allow, Condition: { StringEquals: { k: [] } } }), 'permission', ['policy.condition-value @ ["Statement",0,"Condition","StringEquals","k"]']],
  ['Numeric value not a number', permission({ ...allow, Condition: { NumericEquals: { k: ['1', 'one'] } } }), 'permission', ['policy.condition-value @ ["Statement",0,"Condition","NumericEquals","k",1]']],
  ['Date value not a date', permission({ ...allow, Condition: { DateLessThan: { 'acs:CurrentTime': 'tomorrow' } } }), 'permission', ['policy.condition-value @ ["Statement",0,"Condition","DateLessThan","acs:CurrentTime"]']],
  ['Bool value not a boolean', permission({ ...allow, Condition: { Bool: { 'acs:SecureTransport': 'yes' } } }), 'permission', ['policy.condition-value @ ["Statement",0,"Condition","Bool","acs:SecureTransport"]']],
  ['IP value not a CIDR', permission({ ...allow, Condition: { NotIpAddress: { 'acs:SourceIp': ['10.0.0.0/33', '10.0.0.1'] } } }), 'permission', ['policy.condition-value @ ["Statement",0,"Condition","NotIpAddress","acs:SourceIp",0]']],
];

for (const [name, doc, kind, expected] of invalid) {
  test(`grammar: ${name} → ${expected.map((e) => e.split(' ')[0]).join(', ')}`, () => {
    assert.deepEqual(problems(doc, kind), expected);
  });
}

test('every problem carries a message a user can act on', () => {
  const found = checkPolicyGrammar({ Version: '2', Statement: [{ Effect: 'Maybe', Sid: 1, NotResource: '*' }] }, 'permission');
  assert.ok(found.length >= 4, `at least four problems: ${JSON.stringify(found)}`);
  for (const problem of found) assert.ok(problem.message.length > 10, JSON.stringify(problem));
});

test('one pass reports every problem, not only the first', () => {
  const doc = { Version: '0', Statement: [{ Effect: 'x', Action: 'bad', Resource: 'bad' }, { Effect: 'Allow' }] };
  assert.deepEqual(problems(doc, 'permission'), [
    'policy.version @ ["Version"]',
    'policy.effect @ ["Statement",0,"Effect"]',
    'policy.action @ ["Statement",0,"Action"]',
    'policy.resource @ ["Statement",0,"Resource"]',
    'policy.action-missing @ ["Statement",1]',
    'policy.resource-missing @ ["Statement",1]',
  ]);
});

test('the grammar checker does not mutate its input', () => {
  const doc = permission({ ...allow, Condition: { StringEquals: { k: ['b', 'a'] } } });
  const before = JSON.stringify(doc);
  checkPolicyGrammar(doc, 'permission');
  assert.equal(JSON.stringify(doc), before);
});
