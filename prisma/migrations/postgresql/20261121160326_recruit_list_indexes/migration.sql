-- DropIndex
DROP INDEX "Application_ngoId_campaignId_state_createdAt_idx";

-- DropIndex
DROP INDEX "Application_ngoId_campaignId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Application_list_page_idx" ON "Application"("ngoId", "campaignId", "createdAt", "id", "state", "regionCode", "trainingPercent", "searchText", "languages", "availability");

-- CreateIndex
CREATE INDEX "Application_list_counts_idx" ON "Application"("ngoId", "campaignId", "state", "regionCode", "trainingPercent", "searchText", "languages", "availability");
