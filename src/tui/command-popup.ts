/**
 * Slash-command completion: while the composer holds only `/word` (cursor in it), the commands whose name
 * starts with it show above the composer with what each does. Up/Down choose; Tab completes (`/model `
 * when the command takes an argument); Enter runs the chosen command; Esc closes it until the line no longer
 * starts with `/`.
 */
import { COMMANDS } from "./commands.ts";
import type { Composer } from "./composer.ts";
import type { KeyName } from "./keys.ts";
import type { Style } from "./style.ts";
import { visibleWidth } from "./text-width.ts";

interface Choice {
  name: string;
  usage: string;
  summary: string;
  /** It takes an argument (`/resume [ID]`): Tab completes with a space after the name. */
  takesArgument: boolean;
}

const CHOICES: readonly Choice[] = COMMANDS.map(({ usage, summary }) => {
  const [name = usage, arg] = usage.split(" ", 2);
  return { name, usage, summary, takesArgument: Boolean(arg) };
});

export interface CommandPopup {
  /** Follows the composer after a key: opens, narrows or closes. */
  update(text: string, cursor: number): void;
  readonly open: boolean;
  rows(width: number): string[];
  /**
   * A key while open. Returns true when it consumed the key; false leaves it to the app, e.g. Enter after
   * the line was completed to a command that runs as it is (so the app sends it).
   */
  handleKey(name: KeyName, composer: Composer): boolean;
}

export function createCommandPopup(options: { style: Style }): CommandPopup {
  const s = options.style;
  let matches: Choice[] = [];
  let typed = "";
  let selected = 0;
  let dismissed = false;

  const complete = (composer: Composer, choice: Choice, withSpace: boolean) => {
    composer.replace(0, typed.length, withSpace ? `${choice.name} ` : choice.name);
    matches = [];
    typed = "";
    selected = 0;
  };

  return {
    update(text, cursor) {
      if (!text.startsWith("/")) dismissed = false;
      const word = /^\/[a-z]*$/.exec(text.slice(0, cursor))?.[0];
      // Only while the line is the command word itself: `/model gpt` or a path like `/usr/bin x` is left alone.
      if (dismissed || !word || /\S/.test(text.slice(cursor))) {
        matches = [];
        return;
      }
      if (word !== typed) selected = 0;
      typed = word;
      // A name typed in full comes first, so `/mode` + Enter runs /mode, not /model.
      matches = CHOICES.filter((c) => c.name.startsWith(word)).sort(
        (a, b) => Number(b.name === word) - Number(a.name === word),
      );
      selected = Math.min(selected, Math.max(0, matches.length - 1));
    },
    get open() {
      return matches.length > 0;
    },
    rows(width) {
      const pad = Math.max(...matches.map((c) => c.usage.length)) + 2;
      return matches.map((c, i) => {
        const row = `  ${c.usage.padEnd(pad)}${c.summary}`;
        const fitted = visibleWidth(row) > width ? `${row.slice(0, Math.max(0, width - 1))}…` : row;
        if (i === selected) return s.inverse(fitted + " ".repeat(Math.max(0, width - visibleWidth(fitted))));
        return `  ${s.cyan(c.usage.padEnd(pad))}${s.dim(fitted.slice(pad + 2))}`;
      });
    },
    handleKey(name, composer) {
      if (matches.length === 0) return false;
      const choice = matches[selected] as Choice;
      switch (name) {
        case "escape":
          dismissed = true;
          matches = [];
          return true;
        case "up":
        case "down":
          selected = (selected + (name === "down" ? 1 : matches.length - 1)) % matches.length;
          return true;
        case "tab":
          complete(composer, choice, choice.takesArgument);
          return true;
        case "enter":
          // Every command runs without its argument (`/model` alone opens the picker): complete the name and
          // let Enter send it.
          complete(composer, choice, false);
          return false;
        default:
          return false;
      }
    },
  };
}
