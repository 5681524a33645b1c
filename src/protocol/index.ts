export type * from "./events.ts";
export * from "./permissions.ts";
export type * from "./run-summary.ts";
export type * from "./submissions.ts";
export type * from "./todo.ts";
export type * from "./tools.ts";
export type * from "./usage.ts";
export { PROTOCOL_VERSION } from "./version.ts";
