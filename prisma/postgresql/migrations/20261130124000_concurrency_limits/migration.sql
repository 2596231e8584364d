-- concurrency limits per tenant and per namespace (null: none), and each tenant's weight in the
-- executors' and workers' turns between tenants
ALTER TABLE "Tenant" ADD COLUMN "concurrencyLimit" INTEGER;
ALTER TABLE "Tenant" ADD COLUMN "weight" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Namespace" ADD COLUMN "concurrencyLimit" INTEGER;
