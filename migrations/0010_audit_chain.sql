CREATE TABLE "audit_checks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"checked_up_to" bigint,
	"rows" bigint NOT NULL,
	"broken_at" bigint,
	"reason" text,
	CONSTRAINT "audit_checks_broken_has_reason" CHECK (("audit_checks"."broken_at" is null) = ("audit_checks"."reason" is null))
);
--> statement-breakpoint
CREATE TABLE "audit_seals" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_seals_hash_hex" CHECK ("audit_seals"."hash" ~ '^[0-9a-f]{64}$')
);
