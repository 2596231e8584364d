-- AlterTable
ALTER TABLE "User" ADD COLUMN "lastSignInAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "sessionsEndedAt" DATETIME;
