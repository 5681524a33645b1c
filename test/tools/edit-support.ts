import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createEditTool } from "../../src/tools/edit.ts";
import { createFileState } from "../../src/tools/file-state.ts";
import { makeContext } from "./tool-support.ts";

/** Writes `name` with `content` in `dir`, records it as read, and returns an edit runner and a reader. */
export async function editFixture(dir: string, name: string, content: string | Buffer) {
  const path = join(dir, name);
  await writeFile(path, content);
  const fileState = createFileState();
  fileState.recordRead(path, await readFile(path));
  const tool = createEditTool({ fileState });
  const { ctx } = makeContext(dir);
  return {
    path,
    edit: (old_string: string, new_string: string, replace_all?: boolean) =>
      tool.execute({ path: name, old_string, new_string, ...(replace_all ? { replace_all } : {}) }, ctx),
    bytes: () => readFile(path),
    text: () => readFile(path, "utf8"),
  };
}
