/**
 * A list to choose from, drawn over the live part: typing filters (a substring, any case), Up/Down move
 * (wrapping), Enter picks, Esc closes. Pure state and rows; the app routes every key here while it is open
 * and runs `command(id)` for the pick, so a pick behaves exactly as typing that command. The session picker
 * (`/resume`) and the model picker (`/model`) are two uses.
 */

import { inertText } from "./inert-text.ts";
import type { Key } from "./keys.ts";
import type { Style } from "./style.ts";
import { wrapLine } from "./text-width.ts";

export type PickerAction = { type: "none" } | { type: "close" } | { type: "pick"; id: string };

export interface ListPickerOptions<T extends { id: string }> {
  items: readonly T[];
  /** The bold first words of the header, e.g. "Resume a session". */
  title: string;
  /** What Enter does, for the header's hint, e.g. "resume". */
  action: string;
  /** What the items are, for "no session matches …". */
  noun: string;
  /** The text the filter searches. */
  searchText(item: T): string;
  /** One row: the text, and a dim note after it (plain text: control characters are shown inert). */
  row(item: T, style: Style): { text: string; note?: string };
  /** The command line a pick runs, e.g. `/resume ID`. */
  command(id: string): string;
  /** Item to select at first. Default the first. */
  initial?: string;
}

export interface ListPicker<T extends { id: string } = { id: string }> {
  readonly filter: string;
  /** The items the filter keeps, in the order shown. */
  matches(): T[];
  readonly selected: T | undefined;
  key(key: Key): PickerAction;
  /** The command line that picking `id` runs. */
  command(id: string): string;
  /** At most `maxRows` rows (at least 5), each wrapped to one row of `width`. */
  rows(width: number, maxRows: number, style: Style): string[];
}

export function createListPicker<T extends { id: string }>(options: ListPickerOptions<T>): ListPicker<T> {
  const all = options.items;
  let filter = "";
  let index = Math.max(0, options.initial ? all.findIndex((i) => i.id === options.initial) : 0);
  const matches = () => {
    const f = filter.toLowerCase();
    return f ? all.filter((item) => options.searchText(item).toLowerCase().includes(f)) : [...all];
  };
  const setFilter = (value: string) => {
    filter = value;
    index = 0;
  };

  return {
    get filter() {
      return filter;
    },
    matches,
    get selected() {
      return matches()[index];
    },
    command: (id) => options.command(id),
    key(key) {
      const count = matches().length;
      switch (key.name) {
        case "text":
        case "paste":
          setFilter(filter + key.text.replace(/\s+/g, " "));
          break;
        case "backspace":
          setFilter(filter.slice(0, -1));
          break;
        case "ctrl-u":
        case "ctrl-w":
          setFilter("");
          break;
        case "up":
          index = count === 0 ? 0 : (index - 1 + count) % count;
          break;
        case "down":
          index = count === 0 ? 0 : (index + 1) % count;
          break;
        case "enter": {
          const chosen = matches()[index];
          return chosen ? { type: "pick", id: chosen.id } : { type: "none" };
        }
        case "escape":
        case "ctrl-c":
        case "ctrl-d":
          return { type: "close" };
        default:
          break;
      }
      return { type: "none" };
    },
    rows(width, maxRows, s) {
      const list = matches();
      const room = Math.max(1, Math.max(5, maxRows) - 4);
      // Keep the selection in view: a window of `room` rows around it.
      const start = Math.min(Math.max(0, index - Math.floor(room / 2)), Math.max(0, list.length - room));
      const oneRow = (text: string) => wrapLine(text, width)[0] ?? "";
      const hint = `· type to filter · ↑/↓ choose · Enter ${options.action} · Esc close`;
      const rows = [
        "",
        oneRow(`${s.bold(options.title)} ${s.dim(hint)}`),
        oneRow(`${s.dim("filter:")} ${inertText(filter)}${s.inverse(" ")}`),
      ];
      if (list.length === 0) rows.push(s.dim(`  no ${options.noun} matches "${inertText(filter)}"`));
      for (let i = start; i < Math.min(list.length, start + room); i++) {
        const { text: raw, note } = options.row(list[i] as T, s);
        const text = inertText(raw);
        const after = note ? s.dim(`  ${inertText(note)}`) : "";
        rows.push(i === index ? oneRow(s.inverse(`› ${text}`) + after) : oneRow(`  ${text}${after}`));
      }
      const more = list.length - Math.min(list.length, start + room);
      if (more > 0) rows.push(s.dim(`  … ${more} more`));
      return rows;
    },
  };
}
