-- AlterTable
ALTER TABLE "User" ADD COLUMN "anonymisedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "deletionRequestedAt" DATETIME;

-- AlterTable
ALTER TABLE "Application" ADD COLUMN "anonymisedAt" DATETIME;
