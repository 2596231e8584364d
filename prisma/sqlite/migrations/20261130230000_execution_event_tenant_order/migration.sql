-- CreateIndex
CREATE INDEX "ExecutionEvent_tenantId_id_idx" ON "ExecutionEvent"("tenantId", "id");
