/**
 * Token usage of one model request, or a sum of several. Counts are tokens as the vendor reports them,
 * normalized so that `input` excludes cached tokens: total input billed = input + cached_input + cache_write.
 * Snake_case like every key on the wire (docs/events.md); providers use this same type internally.
 */
export interface Usage {
  /** Uncached input tokens. */
  input: number;
  /** Input tokens served from the vendor's prompt cache. */
  cached_input: number;
  /** Input tokens written to the prompt cache (Anthropic bills these separately). */
  cache_write: number;
  /** Output tokens, reasoning included. */
  output: number;
  /** The part of `output` spent on reasoning, where the vendor reports it. */
  reasoning: number;
}

/** Cost in US dollars, computed from a {@link Usage} and the model's catalog prices. */
export interface Cost {
  input: number;
  cached_input: number;
  cache_write: number;
  output: number;
  total: number;
  /**
   * Present (true) when a request went to a model with no price in the catalog: its cost is unknown, not zero,
   * and the amounts count only the priced requests. Front ends show "cost unknown" rather than "$0".
   */
  unpriced?: true;
}
