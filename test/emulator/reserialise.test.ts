// RAM's serialisation of stored documents, checked against the one public sample of it
// (pulumi/pulumi-alicloud#1176: a trust document as GetRole returned it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ramSerialised } from '../../src/emulator/ram/reserialise.js';
import { RAM_RETURNED_TRUST as SAMPLE } from '../helpers/ram-document-sample.js';


test('D3: a document sent with any key order and spacing comes back exactly as in the public sample', () => {
  const sent = '{ "Version": "1", "Statement": [ { "Principal": { "Federated": ["mmm"] }, "Effect": "Allow", "Condition": { "StringEquals": { "oidc:sub": "yyy", "oidc:iss": ["xxx"], "oidc:aud": ["sts.aliyuncs.com"] } }, "Action": "sts:AssumeRole" } ] }';
  assert.equal(ramSerialised(sent), SAMPLE);
  assert.equal(ramSerialised(SAMPLE), SAMPLE, 'the form is a fixed point');
});

test('D3: several statements are joined on the bracket lines; values keep their type', () => {
  const sent = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: ['cr:Get*', 'cr:List*'], Resource: '*' }, { Effect: 'Allow', Action: 'cr:Pull*', Resource: 'acs:cr:cn-hangzhou:1:instance/cri-1' }] });
  const text = ramSerialised(sent);
  assert.deepEqual(JSON.parse(text), JSON.parse(sent));
  assert.match(text, /"Resource": "\*"\}, \{\n {12}"Action": "cr:Pull\*"/);
});
