DROP INDEX "outage_holds_key";--> statement-breakpoint
ALTER TABLE "delivery_events" ADD COLUMN "hold_id" bigint;--> statement-breakpoint
ALTER TABLE "outage_holds" ADD COLUMN "kind" text DEFAULT 'outage' NOT NULL;--> statement-breakpoint
CREATE INDEX "delivery_events_hold_idx" ON "delivery_events" USING btree ("hold_id");--> statement-breakpoint
CREATE UNIQUE INDEX "outage_holds_kind_key" ON "outage_holds" USING btree ("kind","channel","domain","normalized_text");--> statement-breakpoint
-- Events held before this migration were matched to their (outage) hold by key; link them.
UPDATE "delivery_events" AS e SET "hold_id" = h."id" FROM "outage_holds" AS h WHERE e."effect" = 'held' AND e."hold_id" IS NULL AND h."kind" = 'outage' AND e."channel" = h."channel" AND e."domain" = h."domain" AND e."normalized_text" = h."normalized_text";
