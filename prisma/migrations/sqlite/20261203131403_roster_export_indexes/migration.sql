-- CreateIndex
CREATE INDEX "Certificate_valid_idx" ON "Certificate"("userId", "courseSlug", "revokedAt", "expiresAt", "code");

-- CreateIndex
CREATE INDEX "Application_roster_idx" ON "Application"("campaignId", "ngoId", "state", "regionCode", "anonymisedAt", "fullName", "userId");
