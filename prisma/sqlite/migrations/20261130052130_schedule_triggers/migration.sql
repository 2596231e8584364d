-- CreateTable
CREATE TABLE "Trigger" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "nextDate" DATETIME,
    "lastDate" DATETIME,
    "executionId" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "backfillStart" DATETIME,
    "backfillEnd" DATETIME,
    "backfillCurrent" DATETIME,
    "backfillPaused" BOOLEAN NOT NULL DEFAULT false,
    "backfillInputs" TEXT,
    "backfillLabels" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Trigger_tenantId_namespace_flowId_fkey" FOREIGN KEY ("tenantId", "namespace", "flowId") REFERENCES "Flow" ("tenantId", "namespace", "flowId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Trigger_nextDate_idx" ON "Trigger"("nextDate");

-- CreateIndex
CREATE INDEX "Trigger_backfillCurrent_idx" ON "Trigger"("backfillCurrent");

-- CreateIndex
CREATE UNIQUE INDEX "Trigger_tenantId_namespace_flowId_triggerId_key" ON "Trigger"("tenantId", "namespace", "flowId", "triggerId");
