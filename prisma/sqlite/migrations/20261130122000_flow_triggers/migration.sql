-- CreateTable
CREATE TABLE "TriggerWindow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "triggerId" TEXT NOT NULL,
    "conditionId" TEXT NOT NULL,
    "windowStart" DATETIME NOT NULL,
    "windowEnd" DATETIME NOT NULL,
    "results" TEXT NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TriggerWindow_tenantId_namespace_flowId_fkey" FOREIGN KEY ("tenantId", "namespace", "flowId") REFERENCES "Flow" ("tenantId", "namespace", "flowId") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "TriggerWindow_tenantId_namespace_flowId_triggerId_conditionId_key" ON "TriggerWindow"("tenantId", "namespace", "flowId", "triggerId", "conditionId");

-- CreateIndex
CREATE INDEX "Trigger_tenantId_type_idx" ON "Trigger"("tenantId", "type");
