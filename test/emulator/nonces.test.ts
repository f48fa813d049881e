import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NonceCache } from '../../src/emulator/transport/nonces.js';

test('a nonce is refused within the window and accepted again after it', () => {
  const cache = new NonceCache(1000);
  assert.equal(cache.remember('k\nn1', 0), true);
  assert.equal(cache.remember('k\nn1', 999), false);
  assert.equal(cache.remember('k\nn1', 1000), true);
});

test('memory stays bounded: expired entries are pruned and the capacity evicts the oldest', () => {
  const cache = new NonceCache(1000, 3);
  for (let i = 0; i < 10; i += 1) cache.remember(`n${i}`, i);
  assert.equal(cache.size, 3);
  assert.equal(cache.remember('n9', 10), false);
  assert.equal(cache.remember('n0', 10), true, 'evicted nonces are forgotten');
  cache.remember('late', 5000);
  assert.equal(cache.size, 1);
});
