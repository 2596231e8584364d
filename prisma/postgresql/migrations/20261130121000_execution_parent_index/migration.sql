-- the executions one started (its subflows): the page's list, a kill's cascade, ForEachItem's merge
CREATE INDEX "Execution_tenantId_parentId_idx" ON "Execution"("tenantId", "parentId");
