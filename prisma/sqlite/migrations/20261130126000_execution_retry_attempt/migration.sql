-- AlterTable
ALTER TABLE "Execution" ADD COLUMN "retryAttempt" INTEGER;
