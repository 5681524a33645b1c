import { writeTree } from "./tool-support.ts";

/**
 * A small tree with nested .gitignore files, shared by the grep and find tests:
 * - root .gitignore ignores `*.log`, `build/` and `secret.txt`
 * - pkg/.gitignore ignores `gen/` and re-includes `keep.log`
 */
export async function writeSearchTree(root: string): Promise<void> {
  await writeTree(root, {
    ".gitignore": "*.log\nbuild/\nsecret.txt\n",
    "src/app.ts": "import x from 'y';\nexport const needle = 1;\nconst other = 2;\n",
    "src/util.ts": "// needle in a comment\nexport function f() {}\n",
    "src/deep/more.ts": "line one\nline two\nNEEDLE upper\n",
    "src/notes.md": "a needle in markdown\n",
    "debug.log": "needle in a log\n",
    "build/out.js": "needle built\n",
    "secret.txt": "needle secret\n",
    ".github/ci.yml": "needle: hidden folder\n",
    ".git/config": "needle in git internals\n",
    "pkg/.gitignore": "gen/\n!keep.log\n",
    "pkg/gen/code.ts": "needle generated\n",
    "pkg/keep.log": "needle kept log\n",
    "pkg/index.ts": "needle pkg\n",
    "bin.dat": Buffer.from("needle\0binary"),
  });
}
