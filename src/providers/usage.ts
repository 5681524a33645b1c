import type { Cost, Usage } from "../protocol/usage.ts";
import type { ModelPrices } from "./types.ts";

export const emptyUsage = (): Usage => ({
  input: 0,
  cached_input: 0,
  cache_write: 0,
  output: 0,
  reasoning: 0,
});
export const emptyCost = (): Cost => ({ input: 0, cached_input: 0, cache_write: 0, output: 0, total: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    input: a.input + b.input,
    cached_input: a.cached_input + b.cached_input,
    cache_write: a.cache_write + b.cache_write,
    output: a.output + b.output,
    reasoning: a.reasoning + b.reasoning,
  };
}

export function addCost(a: Cost, b: Cost): Cost {
  const sum: Cost = {
    input: a.input + b.input,
    cached_input: a.cached_input + b.cached_input,
    cache_write: a.cache_write + b.cache_write,
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
  const cachedInput = (usage.cached_input * (prices.cacheRead ?? prices.input)) / m;
  const cacheWrite = (usage.cache_write * (prices.cacheWrite ?? prices.input)) / m;
  const output = (usage.output * prices.output) / m;
  return {
    input,
    cached_input: cachedInput,
    cache_write: cacheWrite,
    output,
    total: input + cachedInput + cacheWrite + output,
  };
}
