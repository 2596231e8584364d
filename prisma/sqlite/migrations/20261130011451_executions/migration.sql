-- DropIndex
DROP INDEX "LogEntry_tenantId_executionId_createdAt_idx";

-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "LogEntry";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "TaskRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "taskId" TEXT NOT NULL,
    "parentTaskRunId" TEXT,
    "value" TEXT,
    "iteration" INTEGER,
    "state" TEXT NOT NULL,
    "histories" TEXT NOT NULL DEFAULT '[]',
    "attempts" TEXT NOT NULL DEFAULT '[]',
    "outputs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TaskRun_tenantId_executionId_fkey" FOREIGN KEY ("tenantId", "executionId") REFERENCES "Execution" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExecutionLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "taskRunId" TEXT,
    "taskId" TEXT,
    "attempt" INTEGER,
    "level" TEXT NOT NULL,
    "timestamp" DATETIME NOT NULL,
    "message" TEXT NOT NULL,
    CONSTRAINT "ExecutionLog_tenantId_executionId_fkey" FOREIGN KEY ("tenantId", "executionId") REFERENCES "Execution" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExecutionEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tenantId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "availableAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExecutionEvent_tenantId_executionId_fkey" FOREIGN KEY ("tenantId", "executionId") REFERENCES "Execution" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TaskJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "taskRunId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "taskId" TEXT NOT NULL,
    "workerGroup" TEXT NOT NULL DEFAULT '',
    "availableAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "leaseUntil" DATETIME,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TaskJob_tenantId_executionId_fkey" FOREIGN KEY ("tenantId", "executionId") REFERENCES "Execution" ("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Execution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "flowRevision" INTEGER NOT NULL,
    "inputs" TEXT NOT NULL DEFAULT '{}',
    "labels" TEXT NOT NULL DEFAULT '[]',
    "state" TEXT NOT NULL,
    "histories" TEXT NOT NULL DEFAULT '[]',
    "outputs" TEXT,
    "variables" TEXT NOT NULL DEFAULT '{}',
    "trigger" TEXT,
    "parentId" TEXT,
    "originalId" TEXT,
    "scheduleDate" DATETIME,
    "startDate" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endDate" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Execution" ("createdAt", "flowId", "id", "namespace", "state", "tenantId", "updatedAt") SELECT "createdAt", "flowId", "id", "namespace", "state", "tenantId", "updatedAt" FROM "Execution";
DROP TABLE "Execution";
ALTER TABLE "new_Execution" RENAME TO "Execution";
CREATE INDEX "Execution_tenantId_namespace_flowId_createdAt_idx" ON "Execution"("tenantId", "namespace", "flowId", "createdAt");
CREATE INDEX "Execution_tenantId_state_idx" ON "Execution"("tenantId", "state");
CREATE INDEX "Execution_tenantId_createdAt_idx" ON "Execution"("tenantId", "createdAt");
CREATE UNIQUE INDEX "Execution_tenantId_id_key" ON "Execution"("tenantId", "id");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "TaskRun_tenantId_executionId_seq_key" ON "TaskRun"("tenantId", "executionId", "seq");

-- CreateIndex
CREATE INDEX "ExecutionLog_tenantId_executionId_id_idx" ON "ExecutionLog"("tenantId", "executionId", "id");

-- CreateIndex
CREATE INDEX "ExecutionEvent_availableAt_idx" ON "ExecutionEvent"("availableAt");

-- CreateIndex
CREATE INDEX "ExecutionEvent_tenantId_executionId_id_idx" ON "ExecutionEvent"("tenantId", "executionId", "id");

-- CreateIndex
CREATE INDEX "TaskJob_tenantId_workerGroup_claimedBy_availableAt_idx" ON "TaskJob"("tenantId", "workerGroup", "claimedBy", "availableAt");

-- CreateIndex
CREATE INDEX "TaskJob_leaseUntil_idx" ON "TaskJob"("leaseUntil");

-- CreateIndex
CREATE INDEX "TaskJob_tenantId_executionId_idx" ON "TaskJob"("tenantId", "executionId");

-- CreateIndex
CREATE UNIQUE INDEX "TaskJob_tenantId_taskRunId_attempt_key" ON "TaskJob"("tenantId", "taskRunId", "attempt");
