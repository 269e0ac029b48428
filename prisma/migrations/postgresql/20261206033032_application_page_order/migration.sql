-- The lead list in date order without a filter, a deep page included, walks this narrow index
-- (ngoId, campaignId, createdAt, id) instead of the wide Application_list_page_idx (schema.prisma).
-- CreateIndex
CREATE INDEX "Application_page_order_idx" ON "Application"("ngoId", "campaignId", "createdAt", "id");
