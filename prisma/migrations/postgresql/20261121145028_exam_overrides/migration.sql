-- AlterTable
ALTER TABLE "ExamAttempt" ADD COLUMN     "extraMinutes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "overrideAt" TIMESTAMP(3),
ADD COLUMN     "overrideById" TEXT,
ADD COLUMN     "overridePassed" BOOLEAN,
ADD COLUMN     "overridePercent" DOUBLE PRECISION,
ADD COLUMN     "overrideReason" TEXT;

-- CreateTable
CREATE TABLE "ExamAccommodation" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,
    "extraMinutes" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "grantedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamAccommodation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ExamAccommodation_userId_courseSlug_key" ON "ExamAccommodation"("userId", "courseSlug");
