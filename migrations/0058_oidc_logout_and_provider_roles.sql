ALTER TABLE "sessions" ADD COLUMN "oidc_logout_sealed" text;--> statement-breakpoint
ALTER TABLE "role_grants" ADD COLUMN "granted_by_provider" text;