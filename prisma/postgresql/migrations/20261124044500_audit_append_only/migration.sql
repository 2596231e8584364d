-- The audit logs are append-only: no interface may change or delete an entry. Only tenantId may
-- move (migrate default-tenant moves a tenant's whole history into a new tenant).
CREATE FUNCTION tenantflow_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS '
BEGIN
  IF TG_OP = ''DELETE'' THEN
    RAISE EXCEPTION ''the audit log is append-only'';
  END IF;
  IF (to_jsonb(NEW) - ''tenantId'') IS DISTINCT FROM (to_jsonb(OLD) - ''tenantId'') THEN
    RAISE EXCEPTION ''the audit log is append-only'';
  END IF;
  RETURN NEW;
END
';

CREATE TRIGGER "AuditLog_append_only" BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION tenantflow_audit_append_only();

CREATE TRIGGER "InstanceAuditLog_append_only" BEFORE UPDATE OR DELETE ON "InstanceAuditLog"
  FOR EACH ROW EXECUTE FUNCTION tenantflow_audit_append_only();
