-- CreateTable
CREATE TABLE "TriggerWindow" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "conditionId" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "windowEnd" TIMESTAMP(3) NOT NULL,
    "results" TEXT NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TriggerWindow_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TriggerWindow_tenantId_namespace_flowId_triggerId_condition_key" ON "TriggerWindow"("tenantId", "namespace", "flowId", "triggerId", "conditionId");

-- CreateIndex
CREATE INDEX "Trigger_tenantId_type_idx" ON "Trigger"("tenantId", "type");

-- AddForeignKey
ALTER TABLE "TriggerWindow" ADD CONSTRAINT "TriggerWindow_tenantId_namespace_flowId_fkey" FOREIGN KEY ("tenantId", "namespace", "flowId") REFERENCES "Flow"("tenantId", "namespace", "flowId") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security (prisma/postgresql/migrations/*_pg_row_level_security), as every tenant table.
SELECT tenantflow_protect_tenant_table('TriggerWindow');
-- Namespaces compare byte by byte, as in *_namespace_c_collation.
ALTER TABLE "TriggerWindow" ALTER COLUMN "namespace" TYPE TEXT COLLATE "C";
