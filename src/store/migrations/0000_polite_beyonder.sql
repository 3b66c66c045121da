CREATE TABLE "address_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"channel" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"cause" text NOT NULL,
	"actor" text NOT NULL,
	"event_id" bigint,
	"at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "addresses" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"address" text NOT NULL,
	"channel" text NOT NULL,
	"domain" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"type" text,
	"reason" text,
	"error_count" integer DEFAULT 0 NOT NULL,
	"first_error_at" timestamp with time zone,
	"last_error_at" timestamp with time zone,
	"last_significant_error_at" timestamp with time zone,
	"last_delivered_at" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"error_text" text,
	"last_delivery_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "delivery_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"message_id" bigint,
	"recipient_index" integer DEFAULT 0 NOT NULL,
	"external_id" text,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"domain" text DEFAULT '' NOT NULL,
	"kind" text NOT NULL,
	"category" text,
	"status" text,
	"reply_code" text,
	"diagnostic" text,
	"normalized_text" text,
	"failure_type" text,
	"reason" text,
	"rule_id" text,
	"rule_set_version" text,
	"effect" text NOT NULL,
	"delivery_id" text,
	"remote_mta" text,
	"event_time" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"mail_from" text DEFAULT '' NOT NULL,
	"rcpt_to" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"remote" text,
	"received_at" timestamp with time zone NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"raw" "bytea" NOT NULL,
	"state" text DEFAULT 'received' NOT NULL,
	"kind" text,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "qualifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"normalized_text" text NOT NULL,
	"first_text" text NOT NULL,
	"type" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"occurrences" integer DEFAULT 0 NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"rule_id" text,
	"rule_set_version" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "delivery_events" ADD CONSTRAINT "delivery_events_message_id_inbound_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."inbound_messages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "address_history_address_idx" ON "address_history" USING btree ("address","channel","at");--> statement-breakpoint
CREATE INDEX "address_history_at_idx" ON "address_history" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "addresses_address_channel_key" ON "addresses" USING btree ("address","channel");--> statement-breakpoint
CREATE INDEX "addresses_status_idx" ON "addresses" USING btree ("status","channel");--> statement-breakpoint
CREATE INDEX "addresses_domain_idx" ON "addresses" USING btree ("domain");--> statement-breakpoint
CREATE INDEX "addresses_updated_at_idx" ON "addresses" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_events_message_recipient_key" ON "delivery_events" USING btree ("message_id","recipient_index");--> statement-breakpoint
CREATE UNIQUE INDEX "delivery_events_external_id_key" ON "delivery_events" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "delivery_events_address_idx" ON "delivery_events" USING btree ("address","channel","event_time");--> statement-breakpoint
CREATE INDEX "delivery_events_time_idx" ON "delivery_events" USING btree ("event_time");--> statement-breakpoint
CREATE INDEX "delivery_events_delivery_idx" ON "delivery_events" USING btree ("delivery_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_messages_sha256_key" ON "inbound_messages" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "inbound_messages_state_idx" ON "inbound_messages" USING btree ("state","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "qualifications_channel_text_key" ON "qualifications" USING btree ("channel","normalized_text");--> statement-breakpoint
CREATE INDEX "qualifications_status_idx" ON "qualifications" USING btree ("status","occurrences");