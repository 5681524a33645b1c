/**
 * The store behind Ctrl+O stays bounded: at most `maxEntries` entries and `maxBytes` of text, the oldest
 * evicted first; one text larger than the byte bound keeps its head. The walk goes newest to oldest.
 */
import { expect, it } from "vitest";
import { createExpandableStore, DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES } from "../../src/tui/expandable.ts";

const tool = (text: string) => ({ kind: "tool" as const, title: `shell echo ${text.slice(0, 5)}`, text });
const texts = (store: ReturnType<typeof createExpandableStore>) => {
  const out: string[] = [];
  for (let n = store.size; n >= 1; n--) out.push(store.nth(n)?.text ?? "?");
  return out;
};

it("defaults to 50 entries and 4 MiB", () => {
  const store = createExpandableStore();
  expect([store.maxEntries, store.maxBytes]).toEqual([50, 4 * 1024 * 1024]);
  expect([DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES]).toEqual([50, 4 * 1024 * 1024]);
  for (let i = 0; i < 60; i++) store.add(tool(`out ${i}`));
  expect(store.size).toBe(50);
  expect(store.nth(50)?.text).toBe("out 10");
  expect(store.nth(1)?.text).toBe("out 59");
});

it("evicts the oldest entries past the entry bound", () => {
  const store = createExpandableStore({ maxEntries: 3 });
  for (const t of ["a", "b", "c", "d", "e"]) store.add(tool(t));
  expect(texts(store)).toEqual(["c", "d", "e"]);
  expect(store.bytes).toBe(3);
});

it("evicts the oldest entries past the byte bound, counting UTF-8 bytes", () => {
  const store = createExpandableStore({ maxBytes: 10 });
  store.add(tool("aaaa")); // 4 bytes
  store.add(tool("ééé")); // 6 bytes: 10 in all, still within
  expect(texts(store)).toEqual(["aaaa", "ééé"]);
  expect(store.bytes).toBe(10);
  store.add(tool("b")); // 11 bytes: the oldest goes
  expect(texts(store)).toEqual(["ééé", "b"]);
  expect(store.bytes).toBe(7);
  store.add(tool("cccccccccc")); // 17 bytes: both older ones go
  expect(texts(store)).toEqual(["cccccccccc"]);
  expect(store.bytes).toBe(10);
});

it("keeps the head of one text larger than the byte bound, with a note", () => {
  const store = createExpandableStore({ maxBytes: 200 });
  store.add(tool("x".repeat(1000)));
  const kept = store.nth(1);
  expect(store.size).toBe(1);
  expect(store.bytes).toBeLessThanOrEqual(200);
  expect(kept?.text.startsWith("xxxx")).toBe(true);
  expect(kept?.text).toContain("the UI keeps at most the first 200 bytes");
});

it("walks from the newest back, starts over after the oldest and after a reset", () => {
  const store = createExpandableStore({ maxEntries: 4 });
  expect(store.next()).toBeUndefined();
  for (const t of ["a", "b", "c", "d"]) store.add(tool(t));
  expect(store.next()?.text).toBe("d");
  expect(store.next()?.text).toBe("c");
  // An entry added mid-walk does not make the walk repeat one.
  store.add(tool("e"));
  expect(store.next()?.text).toBe("b");
  expect(store.next()).toBeUndefined();
  expect(store.next()?.text).toBe("e");
  store.resetWalk();
  expect(store.next()?.text).toBe("e");
  expect(store.nth(3)?.text).toBe("c");
  expect(store.nth(5)).toBeUndefined();
});
