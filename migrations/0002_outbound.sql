CREATE TABLE `deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`message_id` text NOT NULL,
	`variant_id` text,
	`contact_id` text NOT NULL,
	`channel` text NOT NULL,
	`occurrence` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`enrollment_id` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`claimed_at` integer,
	`sent_at` integer,
	`seen_at` integer,
	`opened_at` integer,
	`clicked_at` integer,
	`replied_at` integer,
	`dismissed_at` integer,
	`goal_at` integer,
	`unsubscribed_at` integer,
	`bounced_at` integer,
	`answer` text,
	`conversation_id` integer,
	`smtp_message_id` text,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_unique` ON `deliveries` (`message_id`,`contact_id`,`channel`,`occurrence`);--> statement-breakpoint
CREATE INDEX `deliveries_due` ON `deliveries` (`status`,`not_before`) WHERE "deliveries"."status" IN ('queued', 'claimed');--> statement-breakpoint
CREATE INDEX `deliveries_contact` ON `deliveries` (`contact_id`,`sent_at`);--> statement-breakpoint
CREATE INDEX `deliveries_message` ON `deliveries` (`message_id`,`status`);--> statement-breakpoint
CREATE TABLE `message_variants` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`label` text NOT NULL,
	`weight` integer DEFAULT 100 NOT NULL,
	`subject` text,
	`preheader` text,
	`body` text DEFAULT '' NOT NULL,
	`body_format` text DEFAULT 'markdown' NOT NULL,
	`content` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_variants_label` ON `message_variants` (`message_id`,`label`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`audience` text DEFAULT '{}' NOT NULL,
	`trigger` text,
	`frequency` text DEFAULT '{"mode":"once"}' NOT NULL,
	`display` text DEFAULT '{}' NOT NULL,
	`goal` text,
	`delivery_window` text,
	`bypass_cap` integer DEFAULT false NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`control_percent` integer DEFAULT 0 NOT NULL,
	`auto_promote` integer DEFAULT false NOT NULL,
	`winner_variant_id` text,
	`send_rate` integer,
	`sender` text,
	`series_id` text,
	`scheduled_at` integer,
	`started_at` integer,
	`finished_at` integer,
	`expires_at` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `messages_ws` ON `messages` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_status` ON `messages` (`status`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `messages_series` ON `messages` (`series_id`);