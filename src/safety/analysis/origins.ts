/**
 * Parts for code a shell runs from somewhere other than its own words (shells.ts names where it comes from): a
 * `-c` string or here-doc (analysed as commands), code computed or fetched at run time, code from a pipe, a script
 * file, an interactive shell.
 */
import { formatReason } from "./classify.ts";
import { part } from "./parts.ts";
import type { CodeOrigin } from "./shells.ts";
import type { Arg, CommandPart } from "./types.ts";

const VENV_ACTIVATE = /(^|\/)bin\/activate(\.(sh|bash|zsh|fish|csh))?$/;

/** How the caller analyses code one level deeper. */
export interface NestedCode {
  /** Parts of `source` analysed as commands, one nesting level down. */
  analyse(source: string, via: readonly string[]): CommandPart[];
  /** False at the nesting limit: a template is then not analysed. */
  canNest: boolean;
}

export function fromOrigin(
  origin: CodeOrigin,
  argv: readonly Arg[],
  via: readonly string[],
  nested: NestedCode,
): CommandPart[] {
  switch (origin.kind) {
    case "source": {
      const parts = nested.analyse(origin.text, [...via, origin.via]);
      return parts.length > 0
        ? parts
        : [part(argv, "read-only", [formatReason(`${origin.via}: empty code`, "empty-code")], via)];
    }
    case "dynamic": {
      const own = origin.fetched
        ? part(
            argv,
            "destructive",
            [formatReason(`${origin.via}: runs code fetched or decoded at run time`, "decode-and-run")],
            via,
          )
        : part(
            argv,
            "unknown",
            [formatReason(`${origin.via}: runs code computed at run time (${origin.text})`, "dynamic-code")],
            via,
          );
      // The template shows what the code does at least (`sh -c "rm -rf $DIR"` deletes recursively).
      const seen =
        origin.template !== undefined && nested.canNest
          ? nested
              .analyse(origin.template, [...via, origin.via])
              .filter((p) => !p.reasons.some((r) => r.endsWith("(rule parse-error)")))
          : [];
      return [own, ...seen];
    }
    case "piped":
      return [
        part(
          argv,
          "destructive",
          [
            formatReason(
              `${origin.producers.join(" | ")} | ${origin.via}: runs code from a pipe, unseen until run time`,
              "decode-and-run",
            ),
          ],
          via,
        ),
      ];
    case "script":
      if (VENV_ACTIVATE.test(origin.file) && (origin.via === "source" || origin.via === ".")) {
        return [
          part(
            argv,
            "read-only",
            [formatReason(`${origin.via} ${origin.file}: activates a Python virtualenv`, "venv-activate")],
            via,
          ),
        ];
      }
      return [
        part(
          argv,
          "unknown",
          [formatReason(`${origin.via} ${origin.file}: runs a script file, not analysed`, "script-file")],
          via,
        ),
      ];
    case "interactive":
      return [
        part(
          argv,
          "unknown",
          [formatReason(`${origin.via}: interactive shell or interpreter`, "interactive-shell")],
          via,
        ),
      ];
  }
}
