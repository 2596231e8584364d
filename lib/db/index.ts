// The data layer. `db` (the raw client) reads across tenants and is for instance-level modules
// only (eslint.config.mjs); tenant data goes through tenantDb / ctx.db.
export * from "./client";
export * from "./tenant";
