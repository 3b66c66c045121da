CREATE TABLE "outage_holds" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"domain" text NOT NULL,
	"normalized_text" text NOT NULL,
	"status" text NOT NULL,
	"held_events" integer DEFAULT 0 NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "outage_holds_key" ON "outage_holds" USING btree ("channel","domain","normalized_text");--> statement-breakpoint
CREATE INDEX "outage_holds_status_idx" ON "outage_holds" USING btree ("status","last_seen");--> statement-breakpoint
CREATE INDEX "delivery_events_domain_text_idx" ON "delivery_events" USING btree ("domain","normalized_text","event_time");