/**
 * The model picker `/model` (no argument) opens: the catalog's models, those whose provider can be used now
 * first, the current one selected; a pick runs `/model ID` (`set_model`), so it switches exactly as typing it.
 */

import { formatTokens } from "../app/format.ts";
import type { ModelChoice } from "../app/model-choices.ts";
import { createListPicker, type ListPicker } from "./list-picker.ts";

export function createModelPicker(models: readonly ModelChoice[], current: string): ListPicker<ModelChoice> {
  const width = Math.max(0, ...models.map((m) => m.id.length));
  return createListPicker({
    items: models,
    title: "Switch model",
    action: "switch",
    noun: "model",
    searchText: (m) => m.id,
    row: (m) => {
      const notes = [m.id === current ? "current" : "", m.needs ? `needs ${m.needs}` : ""].filter(Boolean);
      return {
        text: `${m.id.padEnd(width)}  ${formatTokens(m.contextWindow).padStart(5)} context`,
        ...(notes.length ? { note: `(${notes.join(", ")})` } : {}),
      };
    },
    command: (id) => `/model ${id}`,
    initial: current,
  });
}
