-- CreateEnum
CREATE TYPE "LiveSessionFormat" AS ENUM ('ONLINE', 'OFFLINE');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "calendarToken" TEXT;

-- AlterTable
ALTER TABLE "Ngo" ADD COLUMN     "letterSignatory" TEXT,
ADD COLUMN     "letterSignatoryTitle" TEXT;

-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "requiredLiveSessions" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "LiveSession" (
    "id" TEXT NOT NULL,
    "ngoId" TEXT,
    "format" "LiveSessionFormat" NOT NULL,
    "titleRu" TEXT NOT NULL,
    "titleKk" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "descriptionRu" TEXT NOT NULL DEFAULT '',
    "descriptionKk" TEXT NOT NULL DEFAULT '',
    "descriptionEn" TEXT NOT NULL DEFAULT '',
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "meetingUrl" TEXT,
    "address" TEXT,
    "room" TEXT,
    "capacity" INTEGER,
    "waitlist" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LiveSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiveSessionCampaign" (
    "sessionId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,

    CONSTRAINT "LiveSessionCampaign_pkey" PRIMARY KEY ("sessionId","campaignId")
);

-- CreateTable
CREATE TABLE "LiveSessionCourse" (
    "sessionId" TEXT NOT NULL,
    "courseSlug" TEXT NOT NULL,

    CONSTRAINT "LiveSessionCourse_pkey" PRIMARY KEY ("sessionId","courseSlug")
);

-- CreateTable
CREATE TABLE "LiveSessionTrainer" (
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "LiveSessionTrainer_pkey" PRIMARY KEY ("sessionId","userId")
);

-- CreateTable
CREATE TABLE "LiveSessionRegistration" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'registered',
    "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cancelledAt" TIMESTAMP(3),
    "attendedAt" TIMESTAMP(3),
    "attendanceSource" TEXT,
    "attendanceMarkedById" TEXT,
    "minutesPresent" INTEGER,
    "reminderDaySentAt" TIMESTAMP(3),
    "reminderHourSentAt" TIMESTAMP(3),

    CONSTRAINT "LiveSessionRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceCode" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttendanceCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceReport" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "actorId" TEXT,
    "fileName" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "mapping" TEXT,
    "result" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedAt" TIMESTAMP(3),

    CONSTRAINT "AttendanceReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignShift" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "nameRu" TEXT NOT NULL,
    "nameKk" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CampaignShift_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollingStation" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "district" TEXT NOT NULL DEFAULT '',
    "address" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "expectedVoters" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PollingStation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StationImport" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "actorId" TEXT,
    "fileName" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "mapping" TEXT,
    "result" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedAt" TIMESTAMP(3),

    CONSTRAINT "StationImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "ngoId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "stationId" TEXT NOT NULL,
    "shiftId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'assigned',
    "declineReason" TEXT,
    "respondedAt" TIMESTAMP(3),
    "idDocumentNumber" TEXT,
    "assignedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "deviceAt" TIMESTAMP(3),
    "serverAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedById" TEXT,

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "privateKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LiveSession_startsAt_idx" ON "LiveSession"("startsAt");

-- CreateIndex
CREATE INDEX "LiveSession_ngoId_startsAt_idx" ON "LiveSession"("ngoId", "startsAt");

-- CreateIndex
CREATE INDEX "LiveSessionCampaign_campaignId_idx" ON "LiveSessionCampaign"("campaignId");

-- CreateIndex
CREATE INDEX "LiveSessionTrainer_userId_idx" ON "LiveSessionTrainer"("userId");

-- CreateIndex
CREATE INDEX "LiveSessionRegistration_userId_idx" ON "LiveSessionRegistration"("userId");

-- CreateIndex
CREATE INDEX "LiveSessionRegistration_sessionId_status_idx" ON "LiveSessionRegistration"("sessionId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "LiveSessionRegistration_sessionId_userId_key" ON "LiveSessionRegistration"("sessionId", "userId");

-- CreateIndex
CREATE INDEX "AttendanceCode_sessionId_expiresAt_idx" ON "AttendanceCode"("sessionId", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceCode_sessionId_code_key" ON "AttendanceCode"("sessionId", "code");

-- CreateIndex
CREATE INDEX "AttendanceReport_sessionId_createdAt_idx" ON "AttendanceReport"("sessionId", "createdAt");

-- CreateIndex
CREATE INDEX "CampaignShift_campaignId_sortOrder_idx" ON "CampaignShift"("campaignId", "sortOrder");

-- CreateIndex
CREATE INDEX "PollingStation_campaignId_regionCode_district_idx" ON "PollingStation"("campaignId", "regionCode", "district");

-- CreateIndex
CREATE UNIQUE INDEX "PollingStation_campaignId_regionCode_number_key" ON "PollingStation"("campaignId", "regionCode", "number");

-- CreateIndex
CREATE INDEX "StationImport_campaignId_createdAt_idx" ON "StationImport"("campaignId", "createdAt");

-- CreateIndex
CREATE INDEX "Assignment_campaignId_ngoId_idx" ON "Assignment"("campaignId", "ngoId");

-- CreateIndex
CREATE INDEX "Assignment_campaignId_shiftId_stationId_idx" ON "Assignment"("campaignId", "shiftId", "stationId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_stationId_shiftId_ngoId_key" ON "Assignment"("stationId", "shiftId", "ngoId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_applicationId_shiftId_key" ON "Assignment"("applicationId", "shiftId");

-- CreateIndex
CREATE INDEX "CheckIn_assignmentId_serverAt_idx" ON "CheckIn"("assignmentId", "serverAt");

-- CreateIndex
CREATE UNIQUE INDEX "CheckIn_assignmentId_clientId_key" ON "CheckIn"("assignmentId", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "User_calendarToken_key" ON "User"("calendarToken");

-- AddForeignKey
ALTER TABLE "LiveSession" ADD CONSTRAINT "LiveSession_ngoId_fkey" FOREIGN KEY ("ngoId") REFERENCES "Ngo"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveSessionCampaign" ADD CONSTRAINT "LiveSessionCampaign_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "LiveSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveSessionCampaign" ADD CONSTRAINT "LiveSessionCampaign_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveSessionCourse" ADD CONSTRAINT "LiveSessionCourse_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "LiveSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveSessionTrainer" ADD CONSTRAINT "LiveSessionTrainer_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "LiveSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveSessionTrainer" ADD CONSTRAINT "LiveSessionTrainer_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveSessionRegistration" ADD CONSTRAINT "LiveSessionRegistration_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "LiveSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveSessionRegistration" ADD CONSTRAINT "LiveSessionRegistration_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceCode" ADD CONSTRAINT "AttendanceCode_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "LiveSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceReport" ADD CONSTRAINT "AttendanceReport_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "LiveSession"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignShift" ADD CONSTRAINT "CampaignShift_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollingStation" ADD CONSTRAINT "PollingStation_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_ngoId_fkey" FOREIGN KEY ("ngoId") REFERENCES "Ngo"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "PollingStation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_shiftId_fkey" FOREIGN KEY ("shiftId") REFERENCES "CampaignShift"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
