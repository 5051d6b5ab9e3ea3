ALTER TYPE "public"."agreement_clause_type" ADD VALUE 'campaignHelp' BEFORE 'text';--> statement-breakpoint
ALTER TYPE "public"."agreement_clause_type" ADD VALUE 'jointEvents' BEFORE 'text';--> statement-breakpoint
ALTER TYPE "public"."agreement_clause_type" ADD VALUE 'visits' BEFORE 'text';--> statement-breakpoint
ALTER TYPE "public"."agreement_clause_type" ADD VALUE 'materials' BEFORE 'text';