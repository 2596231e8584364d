-- the bytes of log messages stored for an execution: its log bound (TENANTFLOW_MAX_EXECUTION_LOG_SIZE)
ALTER TABLE "Execution" ADD COLUMN "logBytes" INTEGER NOT NULL DEFAULT 0;
