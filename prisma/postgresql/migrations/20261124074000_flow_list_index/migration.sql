-- DropIndex
DROP INDEX "Flow_tenantId_deleted_namespace_idx";

-- CreateIndex
CREATE INDEX "Flow_tenantId_deleted_namespace_flowId_id_idx" ON "Flow"("tenantId", "deleted", "namespace", "flowId", "id");
