-- The second wall (PostgreSQL only; SQLite has no row-level security). Every tenant-owned table
-- gets a policy: rows are visible and writable only when "tenantId" equals the tenant the data
-- layer set for the transaction (set_config('tenantflow.tenant', ..., true)). The data layer runs
-- a tenant's transactions as the role tenantflow_tenant (SET LOCAL ROLE), so the policy holds even
-- when the application connects as a superuser or as the tables' owner.
--
-- A new tenant-owned table joins with one line in its own migration:
--   SELECT tenantflow_protect_tenant_table('NewTable');
-- (tests/row-level-security.test.ts fails while a table with a "tenantId" column lacks it).

DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tenantflow_tenant') THEN
    CREATE ROLE tenantflow_tenant NOLOGIN;
  END IF;
  -- the application's login role must be able to SET ROLE to it (superusers always can)
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT tenantflow_tenant TO %I', current_user);
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO tenantflow_tenant', current_schema());
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO tenantflow_tenant', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tenantflow_tenant', current_schema());
END
$$;

CREATE FUNCTION tenantflow_protect_tenant_table(tbl text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tbl);
  -- FORCE: the owner obeys the policies too
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tbl);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO tenantflow_tenant', tbl);
  -- inside a tenant's transaction: that tenant's rows only; with no tenant set, none
  EXECUTE format(
    'CREATE POLICY tenant_isolation ON %I AS PERMISSIVE FOR ALL TO tenantflow_tenant '
    'USING ("tenantId" = current_setting(''tenantflow.tenant'', true)) '
    'WITH CHECK ("tenantId" = current_setting(''tenantflow.tenant'', true))', tbl);
  -- instance-level work (bootstrap, tenant administration, sign-in, the CLI) runs as the login
  -- role itself; a superuser needs no policy, an owning non-superuser gets this one
  EXECUTE format('CREATE POLICY instance_access ON %I AS PERMISSIVE FOR ALL TO %I USING (true) WITH CHECK (true)',
    tbl, current_user);
END
$$;

SELECT tenantflow_protect_tenant_table(t) FROM unnest(ARRAY[
  'TenantAccess', 'Namespace', 'Flow', 'FlowRevision', 'Role', 'Group', 'GroupMember', 'Binding',
  'Secret', 'KvEntry', 'NamespaceFile', 'AuditLog', 'Execution', 'LogEntry'
]) AS t;
