// Issue 14, Deliver 3: `plan --output markdown` as a pull-request comment. The golden holds a plan
// with hostile content (backtick fences, HTML, a mention) in values a manifest controls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plan, restrictPlan } from '../../src/plan/plan.js';
import { escapeHtml, escapeInline, fenced, planMarkdown } from '../../src/plan/render-markdown.js';
import { assertGolden } from '../cli/golden.js';
import { A, B, cache, desiredOf, docOf, observedOf, observedRole, policy, role, trustOf } from './fixtures.js';

const HOSTILE = '```</details><img src=x onerror=alert(1)> @team ````';

function samplePlan() {
  const puller = role(B, 'puller', { trust: trustOf('acs:ram::1000000000000001:role/eci-side') });
  const live = observedRole(puller, { trustDocument: JSON.stringify(trustOf('acs:ram::1000000000000001:root')) });
  const desired = desiredOf({
    roles: [puller],
    policies: [policy(B, 'pull', docOf('cr:PullRepository'))],
    imageCaches: [cache(A, 'web', { tags: { note: HOSTILE }, retentionDays: 7 })],
  });
  return plan(desired, observedOf({ acr: { roles: [live] } }));
}

test('markdown plan: summary line, one <details> per resource with a diff block (golden)', () => {
  const md = planMarkdown(samplePlan());
  assertGolden('plan.md', md);
  assert.match(md, /^\*\*\+2 ~1 -0\*\* — Plan: 2 to create, 1 to update/m);
  assert.equal(md.match(/<details>/g)?.length, 3, 'one section per changed resource');
});

test('markdown plan: hostile values cannot close a fence, open HTML or mention anyone', () => {
  const md = planMarkdown(samplePlan());
  const outside = md.replace(/^(`{3,})diff\n[\s\S]*?^\1$/gm, '');
  assert.doesNotMatch(outside, /<img|<\/details><img|@team/, `hostile text escaped outside code blocks:\n${outside}`);
  assert.match(md, /^`{5}diff$/m, 'a fence longer than the longest backtick run inside it');
  assert.equal(outside.match(/<\/details>/g)?.length, 3, 'no injected </details> outside code blocks closes a section');
});

test('markdown plan: a partial plan says so, escaped', () => {
  const p = samplePlan();
  const partial = restrictPlan(p, new Set([p.diffs[0]!.key]), ['RamRole/<b>x</b>']);
  assert.match(planMarkdown(partial), /^> Partial plan \(--target RamRole\/&lt;b&gt;x&lt;\/b&gt;\)/m);
});

test('markdown escaping helpers', () => {
  assert.equal(escapeHtml(`<a href="x">'@'</a>&`), '&lt;a href=&quot;x&quot;&gt;&#39;&#64;&#39;&lt;/a&gt;&amp;');
  assert.equal(escapeInline('*a* _b_ [c](d) `e` # f'), '\\*a\\* \\_b\\_ \\[c\\](d) \\`e\\` \\# f');
  assert.deepEqual(fenced('diff', ['plain']), ['```diff', 'plain', '```']);
  assert.deepEqual(fenced('diff', ['a ```` b']), ['`````diff', 'a ```` b', '`````']);
});

test('markdown plan: a plan too long for one comment is cut between sections, saying how many were left out', () => {
  const many = desiredOf({ policies: Array.from({ length: 400 }, (_, i) => policy(B, `policy-${i}`, docOf(`cr:Action${i}`))) });
  const md = planMarkdown(plan(many, observedOf({})));
  assert.ok(md.length < 65_536, `a comment GitHub accepts: ${md.length} characters`);
  assert.equal(md.match(/<details>/g)?.length, md.match(/<\/details>/g)?.length, 'no section is cut in half');
  const shown = md.match(/<details>/g)?.length ?? 0;
  assert.match(md, new RegExp(`_${400 - shown} more resource\\(s\\) not shown`));
});
