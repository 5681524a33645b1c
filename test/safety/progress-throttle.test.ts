/** Issue #10: progress shows only for what takes over a second, then about once a second, ending at the total. */
import { expect, it } from "vitest";
import type { CheckpointProgress } from "../../src/safety/checkpoints/index.ts";
import { throttleProgress } from "../../src/safety/progress-throttle.ts";

it("stays quiet for the first second, then reports once a second, and ends at the total", () => {
  let now = 0;
  const shown: CheckpointProgress[] = [];
  const throttle = throttleProgress((p) => shown.push(p), { now: () => now });
  for (const [time, done] of [
    [0, 0],
    [500, 10],
    [999, 20],
    [1000, 30],
    [1500, 40],
    [2100, 50],
  ] as const) {
    now = time;
    throttle.update({ done, total: 100 });
  }
  throttle.finish();
  expect(shown).toEqual([
    { done: 30, total: 100 },
    { done: 50, total: 100 },
    { done: 100, total: 100 },
  ]);
});

it("says nothing at all, not even at the end, for an operation under the threshold", () => {
  let now = 0;
  const shown: CheckpointProgress[] = [];
  const throttle = throttleProgress((p) => shown.push(p), { now: () => now });
  throttle.update({ done: 1, total: 5 });
  now = 900;
  throttle.update({ done: 5, total: 5 });
  throttle.finish();
  expect(shown).toEqual([]);
});
