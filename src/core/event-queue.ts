/**
 * An unbounded single-consumer async queue: the agent pushes events, one front end iterates them. Nothing is
 * ever dropped, so a slow consumer only makes the buffer grow (events are small; a session is bounded).
 */

export interface EventQueue<T> extends AsyncIterable<T> {
  push(item: T): void;
  /** Ends iteration once the buffered items are consumed. Later pushes are ignored. */
  close(): void;
  readonly closed: boolean;
}

export function createEventQueue<T>(): EventQueue<T> {
  const buffer: T[] = [];
  let closed = false;
  let wake: (() => void) | undefined;

  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  return {
    get closed() {
      return closed;
    },
    push(item) {
      if (closed) return;
      buffer.push(item);
      notify();
    },
    close() {
      closed = true;
      notify();
    },
    async *[Symbol.asyncIterator]() {
      while (true) {
        const item = buffer.shift();
        if (item !== undefined) {
          yield item;
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}
