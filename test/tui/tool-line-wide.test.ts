/**
 * A tool call's transcript line is one row also when its argument or its error is CJK text: the cut counted
 * characters, not cells, so a summary twice as wide as long wrapped onto a second row.
 */
import { expect, it } from "vitest";
import { createStyle } from "../../src/tui/style.ts";
import { stripAnsi, visibleWidth } from "../../src/tui/text-width.ts";
import { toolLine } from "../../src/tui/view.ts";

it("cuts a wide summary and reason to the row by cells", () => {
  const s = createStyle(false);
  const line = toolLine(
    {
      kind: "tool",
      tool: "read",
      summary: "文書/設計/日本語のファイル名がとても長い場合の表示.md",
      status: "error",
      call_id: "c1",
      duration_ms: 1200,
      reason: "ファイルが見つかりません。パスを確認してください。もう一度お試しください。",
    },
    40,
    s,
  );
  expect(visibleWidth(line)).toBeLessThanOrEqual(40);
  expect(stripAnsi(line)).toMatch(/^✗ read 文書\/設計.*… \(1\.2s, error\)/);
});
