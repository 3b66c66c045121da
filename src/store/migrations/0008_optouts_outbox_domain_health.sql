CREATE TABLE "address_optouts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"channel" text NOT NULL,
	"service" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"delivery_id" text,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_health_settings" (
	"domain" text PRIMARY KEY NOT NULL,
	"min_sample" integer,
	"threshold" double precision,
	"window_minutes" integer,
	"pause_minutes" integer,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_pauses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"domain" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"paused_until" timestamp with time zone NOT NULL,
	"sends" integer NOT NULL,
	"failures" integer NOT NULL,
	"rate" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "address_optouts_key" ON "address_optouts" USING btree ("address","channel","service");--> statement-breakpoint
CREATE INDEX "domain_pauses_domain_idx" ON "domain_pauses" USING btree ("domain","paused_until");--> statement-breakpoint
CREATE INDEX "delivery_events_domain_time_idx" ON "delivery_events" USING btree ("domain","event_time");