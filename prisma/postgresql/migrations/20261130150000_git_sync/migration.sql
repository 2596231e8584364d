-- CreateTable
CREATE TABLE "GitSync" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GitSync_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GitSync_tenantId_namespace_kind_key" ON "GitSync"("tenantId", "namespace", "kind");

-- Row-level security (prisma/postgresql/migrations/*_pg_row_level_security), as every tenant table.
SELECT tenantflow_protect_tenant_table('GitSync');
-- Namespaces compare byte by byte, as in *_namespace_c_collation.
ALTER TABLE "GitSync" ALTER COLUMN "namespace" TYPE TEXT COLLATE "C";
ALTER TABLE "GitSync" ALTER COLUMN "flowNamespace" TYPE TEXT COLLATE "C";
