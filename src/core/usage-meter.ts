/** Session usage and cost totals, one model request at a time. */
import type { Cost, Usage } from "../protocol/usage.ts";
import type { ModelPrices } from "../providers/types.ts";
import { addCost, addUsage, costOf, emptyCost, emptyUsage } from "../providers/usage.ts";

export interface UsageMeter {
  /** Adds a request's usage, priced with `prices`; returns its cost and the new totals. */
  add(usage: Usage, prices: ModelPrices | undefined): { cost: Cost; total: Usage; totalCost: Cost };
  totals(): { usage: Usage; cost: Cost };
}

export function createUsageMeter(): UsageMeter {
  let total = emptyUsage();
  let totalCost = emptyCost();
  return {
    add(usage, prices) {
      const cost = costOf(usage, prices);
      total = addUsage(total, usage);
      totalCost = addCost(totalCost, cost);
      return { cost, total, totalCost };
    },
    totals: () => ({ usage: total, cost: totalCost }),
  };
}
