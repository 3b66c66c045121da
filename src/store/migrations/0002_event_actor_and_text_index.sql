ALTER TABLE "delivery_events" ADD COLUMN "actor" text;--> statement-breakpoint
CREATE INDEX "delivery_events_text_idx" ON "delivery_events" USING btree ("channel","normalized_text");