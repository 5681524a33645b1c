/**
 * Timing helpers for tests that hold work at a point (a record, a pacing hold) and check what waits for it.
 */

/** Whether `p` settles within `ms` (true) or not (false); undefined counts as settled. */
export const settledWithin = (p: Promise<unknown> | undefined, ms = 300): Promise<boolean> =>
  p === undefined
    ? Promise.resolve(true)
    : Promise.race([
        p.then(
          () => true,
          () => true,
        ),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms)),
      ]);

/** A hold: `hold()` (given as a hook) waits until `release()`; `reached` settles once something is held. */
export function held(): { hold: () => Promise<void>; release: () => void; reached: Promise<void> } {
  let release = () => {};
  let reach = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  return {
    hold: () => {
      reach();
      return gate;
    },
    release,
    reached,
  };
}
