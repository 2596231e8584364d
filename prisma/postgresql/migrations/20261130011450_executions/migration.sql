-- AlterTable
ALTER TABLE "Execution" DROP COLUMN "revision",
ADD COLUMN     "deleted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "endDate" TIMESTAMP(3),
ADD COLUMN     "flowRevision" INTEGER NOT NULL,
ADD COLUMN     "histories" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "inputs" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "labels" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "originalId" TEXT,
ADD COLUMN     "outputs" TEXT,
ADD COLUMN     "parentId" TEXT,
ADD COLUMN     "scheduleDate" TIMESTAMP(3),
ADD COLUMN     "startDate" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "trigger" TEXT,
ADD COLUMN     "variables" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- DropTable
DROP TABLE "LogEntry";

-- CreateTable
CREATE TABLE "TaskRun" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TaskRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecutionLog" (
    "id" SERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "taskRunId" TEXT,
    "taskId" TEXT,
    "attempt" INTEGER,
    "level" TEXT NOT NULL,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "message" TEXT NOT NULL,

    CONSTRAINT "ExecutionLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExecutionEvent" (
    "id" SERIAL NOT NULL,
    "tenantId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExecutionEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskJob" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "taskRunId" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "taskId" TEXT NOT NULL,
    "workerGroup" TEXT NOT NULL DEFAULT '',
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedBy" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskJob_pkey" PRIMARY KEY ("id")
);

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

-- CreateIndex
CREATE INDEX "Execution_tenantId_state_idx" ON "Execution"("tenantId", "state");

-- CreateIndex
CREATE INDEX "Execution_tenantId_createdAt_idx" ON "Execution"("tenantId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Execution_tenantId_id_key" ON "Execution"("tenantId", "id");

-- AddForeignKey
ALTER TABLE "TaskRun" ADD CONSTRAINT "TaskRun_tenantId_executionId_fkey" FOREIGN KEY ("tenantId", "executionId") REFERENCES "Execution"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExecutionLog" ADD CONSTRAINT "ExecutionLog_tenantId_executionId_fkey" FOREIGN KEY ("tenantId", "executionId") REFERENCES "Execution"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExecutionEvent" ADD CONSTRAINT "ExecutionEvent_tenantId_executionId_fkey" FOREIGN KEY ("tenantId", "executionId") REFERENCES "Execution"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskJob" ADD CONSTRAINT "TaskJob_tenantId_executionId_fkey" FOREIGN KEY ("tenantId", "executionId") REFERENCES "Execution"("tenantId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security (prisma/postgresql/migrations/*_pg_row_level_security): the new tenant tables
-- join Execution, which has it already.
SELECT tenantflow_protect_tenant_table(t) FROM unnest(ARRAY['TaskRun', 'ExecutionLog', 'ExecutionEvent', 'TaskJob']) AS t;
-- the first tenant tables with autoincrement ids: the policy-bound role draws their next values
GRANT USAGE ON SEQUENCE "ExecutionLog_id_seq", "ExecutionEvent_id_seq" TO tenantflow_tenant;
DO $$
BEGIN
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON SEQUENCES TO tenantflow_tenant', current_schema());
END
$$;

-- Namespaces compare byte by byte, as in *_namespace_c_collation: the executions search's
-- namespace prefix becomes a range of its index.
ALTER TABLE "Execution" ALTER COLUMN "namespace" TYPE TEXT COLLATE "C";
ALTER TABLE "ExecutionLog" ALTER COLUMN "namespace" TYPE TEXT COLLATE "C";
