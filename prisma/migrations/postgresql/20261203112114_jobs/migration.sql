-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "holder" TEXT,
    "lastError" TEXT,
    "itemsDone" INTEGER NOT NULL DEFAULT 0,
    "itemsTotal" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobStep" (
    "jobId" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "result" TEXT NOT NULL,

    CONSTRAINT "JobStep_pkey" PRIMARY KEY ("jobId","n")
);

-- CreateIndex
CREATE INDEX "Job_state_runAfter_idx" ON "Job"("state", "runAfter");

-- CreateIndex
CREATE INDEX "Job_state_updatedAt_idx" ON "Job"("state", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Job_kind_subjectId_key" ON "Job"("kind", "subjectId");

-- AddForeignKey
ALTER TABLE "JobStep" ADD CONSTRAINT "JobStep_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The email of each notification becomes a job, with its state and retries so far.
INSERT INTO "Job" ("id", "kind", "subjectId", "state", "attempts", "runAfter", "lastError", "createdAt", "updatedAt", "finishedAt")
SELECT 'email-' || "id", 'notification.email', "id",
       CASE "emailStatus" WHEN 'sent' THEN 'done' WHEN 'failed' THEN 'failed' WHEN 'cancelled' THEN 'cancelled' ELSE 'queued' END,
       "emailAttempts", "nextAttemptAt", "lastError", "createdAt", COALESCE("sentAt", "nextAttemptAt"), "sentAt"
FROM "Notification";

-- A run under way kept a marker in "result": runs are jobs now, and such an import can be run again.
UPDATE "RecruitImport" SET "result" = NULL WHERE "result" LIKE '{"running":"%';

-- DropIndex
DROP INDEX "Notification_emailStatus_nextAttemptAt_idx";

-- AlterTable
ALTER TABLE "Notification" DROP COLUMN "emailAttempts",
DROP COLUMN "emailStatus",
DROP COLUMN "lastError",
DROP COLUMN "lockedUntil",
DROP COLUMN "nextAttemptAt",
DROP COLUMN "sentAt";
