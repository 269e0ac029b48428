-- CreateTable
CREATE TABLE "ExamAccommodation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "extraMinutes" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "grantedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ExamAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "examId" TEXT NOT NULL,
    "contentVersion" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "questionIds" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'IN_PROGRESS',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadline" DATETIME NOT NULL,
    "submittedAt" DATETIME,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "points" REAL,
    "maxPoints" INTEGER,
    "percent" REAL,
    "passed" BOOLEAN,
    "extraMinutes" INTEGER NOT NULL DEFAULT 0,
    "overridePercent" REAL,
    "overridePassed" BOOLEAN,
    "overrideReason" TEXT,
    "overrideById" TEXT,
    "overrideAt" DATETIME,
    CONSTRAINT "ExamAttempt_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ExamAttempt" ("contentVersion", "courseSlug", "deadline", "examId", "id", "late", "locale", "maxPoints", "passed", "percent", "points", "questionIds", "seed", "startedAt", "status", "submittedAt", "userId") SELECT "contentVersion", "courseSlug", "deadline", "examId", "id", "late", "locale", "maxPoints", "passed", "percent", "points", "questionIds", "seed", "startedAt", "status", "submittedAt", "userId" FROM "ExamAttempt";
DROP TABLE "ExamAttempt";
ALTER TABLE "new_ExamAttempt" RENAME TO "ExamAttempt";
CREATE INDEX "ExamAttempt_userId_courseSlug_examId_idx" ON "ExamAttempt"("userId", "courseSlug", "examId");
CREATE INDEX "ExamAttempt_courseSlug_examId_status_idx" ON "ExamAttempt"("courseSlug", "examId", "status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ExamAccommodation_userId_courseSlug_key" ON "ExamAccommodation"("userId", "courseSlug");
