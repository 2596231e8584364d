-- SPEC §7 "Worker groups": the instance's groups, its live workers, and the defaults of tenants
-- and namespaces
ALTER TABLE "Tenant" ADD COLUMN "workerGroup" TEXT;
ALTER TABLE "Namespace" ADD COLUMN "workerGroup" TEXT;
ALTER TABLE "TaskJob" ADD COLUMN "workerGroupFallback" TEXT NOT NULL DEFAULT 'WAIT';
ALTER TABLE "TaskJob" ADD COLUMN "waitNoted" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "WorkerGroup" (
    "key" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "allowedTenants" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkerGroup_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Worker" (
    "id" TEXT NOT NULL,
    "workerGroup" TEXT NOT NULL DEFAULT '',
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "concurrency" INTEGER NOT NULL,
    "running" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastHeartbeat" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Worker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Worker_workerGroup_lastHeartbeat_idx" ON "Worker"("workerGroup", "lastHeartbeat");

-- CreateIndex
CREATE INDEX "Worker_lastHeartbeat_idx" ON "Worker"("lastHeartbeat");

-- CreateIndex
CREATE INDEX "TaskJob_workerGroup_claimedBy_idx" ON "TaskJob"("workerGroup", "claimedBy");
