/**
 * The library entry (`import { createSession } from "tandem-agent"`): the whole public surface in one file.
 * It may import any layer; nothing in src imports it. What is not exported here is internal and may change.
 * Guide and examples: docs/sdk.md, examples/.
 */

// Classic zod, for a tool's `parameters`, so they match the library's zod version. Any zod 4 schema works
// (classic or `zod/mini`, which tandem's own schemas use: src/util/zod.ts); the CLI never loads this entry.
export { z } from "zod";
export {
  type ApprovalAnswer,
  createSession,
  type EventSubscription,
  type RunResult,
  type Session,
  type SessionOptions,
  type SubscribeOptions,
} from "./app/create-session.ts";
export { TandemError, type TandemErrorCode, type TandemErrorOptions } from "./app/user-error.ts";
export {
  type ConversationOptions,
  createConversation,
  reduceConversation,
} from "./conversation/reduce.ts";
export type {
  Conversation,
  ConversationInput,
  Entry,
  PendingApproval,
  QueuedSteer,
  ToolCallEntry,
  ToolCallStatus,
  UserAction,
} from "./conversation/types.ts";
export {
  type AnyTool,
  defineTool,
  FatalToolError,
  type PreviewContext,
  type Tool,
  type ToolContext,
  ToolError,
  type ToolPaths,
  type ToolResult,
} from "./core/tool.ts";
export * from "./protocol/index.ts";
export type { SandboxMode } from "./sandbox/types.ts";
