-- AlterTable
ALTER TABLE "ExamAttempt" ADD COLUMN     "optionSalt" TEXT;
