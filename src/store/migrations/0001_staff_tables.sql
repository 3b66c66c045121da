CREATE TABLE "change_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text NOT NULL,
	"action" text NOT NULL,
	"actor" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imap_checkpoints" (
	"mailbox" text PRIMARY KEY NOT NULL,
	"uid_validity" bigint NOT NULL,
	"last_uid" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "profile_denylist" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"profile_id" text NOT NULL,
	"channel" text NOT NULL,
	"service" text DEFAULT '' NOT NULL,
	"cause" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_set_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rule_set" text NOT NULL,
	"version" text NOT NULL,
	"source" text NOT NULL,
	"summary" jsonb NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rules" (
	"id" text PRIMARY KEY NOT NULL,
	"rule_set" text NOT NULL,
	"origin" text NOT NULL,
	"edited_by_staff" boolean DEFAULT false NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"definition" jsonb NOT NULL,
	"rule_set_version" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "addresses" ADD COLUMN "status_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "delivery_events" ADD COLUMN "profile_id" text;--> statement-breakpoint
CREATE INDEX "change_audit_entity_idx" ON "change_audit" USING btree ("entity","entity_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "profile_denylist_key" ON "profile_denylist" USING btree ("profile_id","channel","service");--> statement-breakpoint
CREATE INDEX "rule_set_versions_idx" ON "rule_set_versions" USING btree ("rule_set","applied_at");--> statement-breakpoint
CREATE INDEX "rules_rule_set_idx" ON "rules" USING btree ("rule_set","priority");