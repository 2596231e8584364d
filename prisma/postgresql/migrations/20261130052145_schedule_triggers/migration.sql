-- CreateTable
CREATE TABLE "Trigger" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "nextDate" TIMESTAMP(3),
    "lastDate" TIMESTAMP(3),
    "executionId" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "backfillStart" TIMESTAMP(3),
    "backfillEnd" TIMESTAMP(3),
    "backfillCurrent" TIMESTAMP(3),
    "backfillPaused" BOOLEAN NOT NULL DEFAULT false,
    "backfillInputs" TEXT,
    "backfillLabels" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trigger_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Trigger_nextDate_idx" ON "Trigger"("nextDate");

-- CreateIndex
CREATE INDEX "Trigger_backfillCurrent_idx" ON "Trigger"("backfillCurrent");

-- CreateIndex
CREATE UNIQUE INDEX "Trigger_tenantId_namespace_flowId_triggerId_key" ON "Trigger"("tenantId", "namespace", "flowId", "triggerId");

-- AddForeignKey
ALTER TABLE "Trigger" ADD CONSTRAINT "Trigger_tenantId_namespace_flowId_fkey" FOREIGN KEY ("tenantId", "namespace", "flowId") REFERENCES "Flow"("tenantId", "namespace", "flowId") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security (prisma/postgresql/migrations/*_pg_row_level_security), as every tenant table.
SELECT tenantflow_protect_tenant_table('Trigger');
-- Namespaces compare byte by byte, as in *_namespace_c_collation.
ALTER TABLE "Trigger" ALTER COLUMN "namespace" TYPE TEXT COLLATE "C";
