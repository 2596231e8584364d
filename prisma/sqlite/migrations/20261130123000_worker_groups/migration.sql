-- SPEC §7 "Worker groups": the instance's groups, its live workers, and the defaults of tenants
-- and namespaces
ALTER TABLE "Tenant" ADD COLUMN "workerGroup" TEXT;
ALTER TABLE "Namespace" ADD COLUMN "workerGroup" TEXT;
ALTER TABLE "TaskJob" ADD COLUMN "workerGroupFallback" TEXT NOT NULL DEFAULT 'WAIT';
ALTER TABLE "TaskJob" ADD COLUMN "waitNoted" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "WorkerGroup" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "description" TEXT NOT NULL DEFAULT '',
    "allowedTenants" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Worker" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workerGroup" TEXT NOT NULL DEFAULT '',
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "running" INTEGER NOT NULL DEFAULT 0,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastHeartbeat" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Worker_workerGroup_lastHeartbeat_idx" ON "Worker"("workerGroup", "lastHeartbeat");

-- CreateIndex
CREATE INDEX "Worker_lastHeartbeat_idx" ON "Worker"("lastHeartbeat");

-- CreateIndex
CREATE INDEX "TaskJob_workerGroup_claimedBy_idx" ON "TaskJob"("workerGroup", "claimedBy");
