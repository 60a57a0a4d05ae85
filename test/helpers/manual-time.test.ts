import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualTime } from './manual-time.ts';

describe('ManualTime', () => {
  test('runs timers in due order, each at its due time, and those they schedule on the way', async () => {
    const time = new ManualTime(1_000);
    const seen: string[] = [];
    time.setTimer(async () => void seen.push(`b@${time.now().getTime()}`), 20);
    time.setTimer(async () => {
      seen.push(`a@${time.now().getTime()}`);
      time.setTimer(async () => void seen.push(`c@${time.now().getTime()}`), 15);
    }, 10);
    await time.advance(24);
    assert.deepEqual(seen, ['a@1010', 'b@1020']);
    assert.equal(time.now().getTime(), 1_024);
    await time.advance(1);
    assert.deepEqual(seen, ['a@1010', 'b@1020', 'c@1025']);
    assert.equal(time.pending, 0);
  });

  test('a cancelled timer never runs', async () => {
    const time = new ManualTime(0);
    let ran = false;
    const cancel = time.setTimer(async () => void (ran = true), 5);
    cancel();
    await time.advance(10);
    assert.equal(ran, false);
    assert.equal(time.pending, 0);
  });
});
