-- CreateTable
CREATE TABLE "CampaignCourse" (
    "campaignId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT true,

    PRIMARY KEY ("campaignId", "courseSlug"),
    CONSTRAINT "CampaignCourse_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CourseEnrollment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'self',
    "campaignId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CourseEnrollment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LessonProgress" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "contentVersion" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" DATETIME,
    "completedBy" TEXT,
    CONSTRAINT "LessonProgress_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "KnowledgeCheckAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "lessonSlug" TEXT NOT NULL,
    "quizId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "selected" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "contentVersion" TEXT NOT NULL,
    "answeredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "KnowledgeCheckAnswer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CourseEnrollment_courseSlug_idx" ON "CourseEnrollment"("courseSlug");

-- CreateIndex
CREATE UNIQUE INDEX "CourseEnrollment_userId_courseSlug_key" ON "CourseEnrollment"("userId", "courseSlug");

-- CreateIndex
CREATE INDEX "LessonProgress_courseSlug_lessonSlug_idx" ON "LessonProgress"("courseSlug", "lessonSlug");

-- CreateIndex
CREATE UNIQUE INDEX "LessonProgress_userId_courseSlug_lessonSlug_key" ON "LessonProgress"("userId", "courseSlug", "lessonSlug");

-- CreateIndex
CREATE INDEX "KnowledgeCheckAnswer_userId_courseSlug_lessonSlug_idx" ON "KnowledgeCheckAnswer"("userId", "courseSlug", "lessonSlug");

-- CreateIndex
CREATE INDEX "KnowledgeCheckAnswer_courseSlug_quizId_idx" ON "KnowledgeCheckAnswer"("courseSlug", "quizId");
