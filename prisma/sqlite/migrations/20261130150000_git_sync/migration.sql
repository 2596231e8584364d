-- CreateTable
CREATE TABLE "GitSync" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "branch" TEXT NOT NULL,
    "gitDirectory" TEXT NOT NULL,
    "flowNamespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "result" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "GitSync_tenantId_namespace_kind_key" ON "GitSync"("tenantId", "namespace", "kind");
