import { expect, it } from "vitest";
import { buildGeminiBody } from "../../src/providers/google-gemini.ts";
import type { AssistantMessage, Message } from "../../src/providers/types.ts";
import { emptyUsage } from "../../src/providers/usage.ts";
import { modelEntry, request, user } from "./anthropic-gemini-helpers.ts";

const model = modelEntry("google");
const answer = (content: AssistantMessage["content"]): AssistantMessage => ({
  role: "assistant",
  content,
  model: model.id,
  protocol: "google-gemini",
  usage: emptyUsage(),
  stopReason: "stop",
});

it("declares tools with parametersJsonSchema in one functionDeclarations list", () => {
  const body = buildGeminiBody(request(model, [user("q")]));
  expect(body.tools).toEqual([
    {
      functionDeclarations: [
        {
          name: "read",
          description: "Read a file.",
          parametersJsonSchema: {
            type: "object",
            properties: { path: { type: "string" } },
            required: ["path"],
          },
        },
        {
          name: "shell",
          description: "Run a command.",
          parametersJsonSchema: {
            type: "object",
            properties: { command: { type: "string" } },
            required: ["command"],
          },
        },
      ],
    },
  ]);
  const bare = buildGeminiBody({ ...request(model, [user("q")]), tools: [], system: "" });
  expect(bare.tools).toBeUndefined();
  expect(bare.systemInstruction).toBeUndefined();
});

it("alternates user and model turns, tool results and the user's next words in one user turn", () => {
  const history: Message[] = [
    user("look"),
    answer([{ type: "tool_call", id: "c1", name: "read", arguments: { path: "x.png" } }]),
    {
      role: "tool_result",
      callId: "c1",
      toolName: "read",
      content: [{ type: "image", mimeType: "image/png", data: "iVBOR" }],
      isError: false,
    },
    user("what is it?"),
  ];
  const body = buildGeminiBody(request(model, history));
  expect(body.contents.map((c) => c.role)).toEqual(["user", "model", "user"]);
  expect(body.contents[2]?.parts).toEqual([
    { functionResponse: { name: "read", response: { output: "(image attached)" } } },
    { inlineData: { mimeType: "image/png", data: "iVBOR" } },
    { text: "what is it?" },
  ]);
});

it("replaces images with a note for models that cannot see them, and skips empty answers", () => {
  const blind = modelEntry("google", { capabilities: { ...model.capabilities, images: false } });
  const body = buildGeminiBody(
    request(blind, [
      { role: "user", content: [{ type: "image", mimeType: "image/png", data: "iVBOR" }] },
      answer([{ type: "text", text: "" }]),
      user("again"),
    ]),
  );
  expect(JSON.stringify(body)).not.toContain("iVBOR");
  expect(body.contents).toHaveLength(1);
  expect(body.contents[0]?.parts).toHaveLength(2);
});
