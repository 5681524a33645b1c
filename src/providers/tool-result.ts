/** A tool result as the text-only slots of most wire formats need it: the text, and any images apart. */
import type { ImageBlock, TextBlock, ToolResultMessage } from "./types.ts";

export interface SplitToolResult {
  /** The text blocks joined by newlines; a placeholder when there are none (vendors reject empty results). */
  text: string;
  images: ImageBlock[];
}

/** `imageNote` stands in for the text when the result is only images (where the images go depends on the wire). */
export function splitToolResult(message: ToolResultMessage, imageNote: string): SplitToolResult {
  const text = message.content
    .filter((b): b is TextBlock => b.type === "text")
    .map((b) => b.text)
    .join("\n");
  const images = message.content.filter((b): b is ImageBlock => b.type === "image");
  return { text: text || (images.length > 0 ? imageNote : "(no output)"), images };
}
