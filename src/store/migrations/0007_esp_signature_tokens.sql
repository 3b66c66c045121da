CREATE TABLE "esp_signature_tokens" (
	"provider" text NOT NULL,
	"token" text NOT NULL,
	"body_sha256" text NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "esp_signature_tokens_provider_token_pk" PRIMARY KEY("provider","token")
);
--> statement-breakpoint
CREATE INDEX "esp_signature_tokens_seen_idx" ON "esp_signature_tokens" USING btree ("seen_at");