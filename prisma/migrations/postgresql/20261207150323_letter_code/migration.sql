-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "letterCode" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_letterCode_key" ON "Assignment"("letterCode");
