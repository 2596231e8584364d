// Superseded by lib/actions/client.ts, the one helper for action errors; this name stays only for
// components/rbac/confirm-dialog.tsx until the shared ConfirmDialog replaces it. Import from ./client.
export type { ActionFailure as ActionError } from "./result";
export { splitErrors } from "./client";
