-- The audit logs are append-only: no interface may change or delete an entry. Only tenantId may
-- move (migrate default-tenant moves a tenant's whole history into a new tenant).
CREATE TRIGGER "AuditLog_append_only_update"
BEFORE UPDATE OF "id", "actorId", "actorName", "tokenId", "via", "action", "resourceType", "resourceId", "namespace", "before", "after", "createdAt" ON "AuditLog"
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER "AuditLog_append_only_delete"
BEFORE DELETE ON "AuditLog"
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER "InstanceAuditLog_append_only_update"
BEFORE UPDATE ON "InstanceAuditLog"
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER "InstanceAuditLog_append_only_delete"
BEFORE DELETE ON "InstanceAuditLog"
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
