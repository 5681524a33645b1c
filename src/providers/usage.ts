import type { Cost, Usage } from "../protocol/usage.ts";
import type { ModelPrices } from "./types.ts";

export const emptyUsage = (): Usage => ({ input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0 });
export const emptyCost = (): Cost => ({ input: 0, cachedInput: 0, cacheWrite: 0, output: 0, total: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input: a.input + b.input,
    cachedInput: a.cachedInput + b.cachedInput,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
  };
}

export function addCost(a: Cost, b: Cost): Cost {
  const sum: Cost = {
    input: a.input + b.input,
    cachedInput: a.cachedInput + b.cachedInput,
    cacheWrite: a.cacheWrite + b.cacheWrite,
    output: a.output + b.output,
    total: a.total + b.total,
  };
  if (a.unpriced || b.unpriced) sum.unpriced = true;
  return sum;
}

/**
 * Prices are per million tokens. A model without prices (a local model, an unknown id) has an unknown cost,
 * not a free one: the result is marked `unpriced` (a model whose config sets prices of 0 is free).
 */
export function costOf(usage: Usage, prices: ModelPrices | undefined): Cost {
  if (!prices) return { ...emptyCost(), unpriced: true };
  const m = 1_000_000;
  const input = (usage.input * prices.input) / m;
  const cachedInput = (usage.cachedInput * (prices.cacheRead ?? prices.input)) / m;
  const cacheWrite = (usage.cacheWrite * (prices.cacheWrite ?? prices.input)) / m;
  const output = (usage.output * prices.output) / m;
  return { input, cachedInput, cacheWrite, output, total: input + cachedInput + cacheWrite + output };
}
