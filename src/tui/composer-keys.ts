/** The editing keys of the composer: typing, pasting, moving and deleting. Everything else is the app's. */
import type { Composer } from "./composer.ts";
import type { Key } from "./keys.ts";

/** Applies `key` to the composer; false when it is not an editing key. */
export function editComposer(c: Composer, key: Key): boolean {
  switch (key.name) {
    case "text":
      c.insert(key.text);
      return true;
    case "paste":
      c.paste(key.text);
      return true;
    case "newline":
      c.insert("\n");
      return true;
    case "backspace":
      c.backspace();
      return true;
    case "delete":
      c.deleteForward();
      return true;
    case "left":
      c.left();
      return true;
    case "right":
      c.right();
      return true;
    case "up":
      c.up();
      return true;
    case "down":
      c.down();
      return true;
    case "home":
    case "ctrl-a":
      c.home();
      return true;
    case "end":
    case "ctrl-e":
      c.end();
      return true;
    case "ctrl-u":
      c.clear();
      return true;
    case "ctrl-w":
      c.deleteWordBack();
      return true;
    default:
      return false;
  }
}
