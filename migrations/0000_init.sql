CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`operator_id` integer,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_ws` ON `api_tokens` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `operators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text,
	`role` text NOT NULL,
	`away_mode` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operators_email` ON `operators` (lower("email"));--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`id_code` text NOT NULL,
	`name` text NOT NULL,
	`environment` text NOT NULL,
	`pair_id` text NOT NULL,
	`write_key` text NOT NULL,
	`identity_secret` text NOT NULL,
	`identity_enforced` integer DEFAULT false NOT NULL,
	`timezone` text DEFAULT 'UTC' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_id_code` ON `workspaces` (`id_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_write_key` ON `workspaces` (`write_key`);--> statement-breakpoint
CREATE TABLE `contact_aliases` (
	`workspace_id` text NOT NULL,
	`alias` text NOT NULL,
	`contact_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `alias`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_aliases_contact` ON `contact_aliases` (`contact_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`role` text NOT NULL,
	`external_id` text,
	`email` text,
	`email_domain` text,
	`phone` text,
	`name` text,
	`avatar` text,
	`owner_id` integer,
	`signed_up_at` integer,
	`last_seen_at` integer,
	`last_seen_ip` text,
	`last_seen_user_agent` text,
	`browser` text,
	`browser_version` text,
	`browser_language` text,
	`os` text,
	`device` text,
	`city` text,
	`region` text,
	`country` text,
	`country_code` text,
	`continent_code` text,
	`timezone` text,
	`language_override` text,
	`session_count` integer DEFAULT 0 NOT NULL,
	`unsubscribed_from_emails` integer DEFAULT false NOT NULL,
	`has_hard_bounced` integer DEFAULT false NOT NULL,
	`marked_email_as_spam` integer DEFAULT false NOT NULL,
	`first_utm` text,
	`last_utm` text,
	`custom_attributes` text DEFAULT '{}' NOT NULL,
	`archived` integer DEFAULT false NOT NULL,
	`last_contacted_at` integer,
	`last_replied_at` integer,
	`last_email_opened_at` integer,
	`last_email_clicked_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_external_id` ON `contacts` (`workspace_id`,`external_id`) WHERE "contacts"."external_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_email` ON `contacts` (`workspace_id`,lower("email"));--> statement-breakpoint
CREATE INDEX `contacts_ws_created` ON `contacts` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `contacts_ws_last_seen` ON `contacts` (`workspace_id`,`last_seen_at`);--> statement-breakpoint
CREATE TABLE `data_attributes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`model` text NOT NULL,
	`name` text NOT NULL,
	`data_type` text NOT NULL,
	`label` text NOT NULL,
	`description` text,
	`options` text,
	`messenger_writable` integer DEFAULT false NOT NULL,
	`archived` integer DEFAULT false NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `data_attributes_name` ON `data_attributes` (`workspace_id`,`model`,`name`);--> statement-breakpoint
CREATE TABLE `merge_log` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`from_contact_id` text NOT NULL,
	`into_contact_id` text NOT NULL,
	`reason` text NOT NULL,
	`snapshot` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `merge_log_into` ON `merge_log` (`into_contact_id`);--> statement-breakpoint
CREATE INDEX `merge_log_from` ON `merge_log` (`from_contact_id`);--> statement-breakpoint
CREATE TABLE `event_names` (
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`count` integer NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `name`),
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `event_summaries` (
	`contact_id` text NOT NULL,
	`name` text NOT NULL,
	`workspace_id` text NOT NULL,
	`count` integer NOT NULL,
	`first_at` integer NOT NULL,
	`last_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `name`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `event_summaries_ws_name` ON `event_summaries` (`workspace_id`,`name`,`count`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`metadata` text DEFAULT '{}' NOT NULL,
	`message_id` text,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `events_contact_name_time` ON `events` (`contact_id`,`name`,`created_at`);--> statement-breakpoint
CREATE INDEX `events_ws_name_time` ON `events` (`workspace_id`,`name`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `events_message_id` ON `events` (`workspace_id`,`message_id`) WHERE "events"."message_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `page_views` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`session_id` text,
	`kind` text DEFAULT 'page' NOT NULL,
	`url` text,
	`title` text,
	`referrer` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `page_views_contact_time` ON `page_views` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `page_views_ws_time` ON `page_views` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`page_views` integer DEFAULT 0 NOT NULL,
	`ip` text,
	`user_agent` text,
	`referrer` text,
	`utm_source` text,
	`utm_medium` text,
	`utm_campaign` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_contact_time` ON `sessions` (`contact_id`,`last_seen_at`);--> statement-breakpoint
CREATE TABLE `companies` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`company_id` text NOT NULL,
	`name` text,
	`plan` text,
	`monthly_spend` real,
	`size` integer,
	`website` text,
	`industry` text,
	`remote_created_at` integer,
	`custom_attributes` text DEFAULT '{}' NOT NULL,
	`user_count` integer DEFAULT 0 NOT NULL,
	`session_count` integer DEFAULT 0 NOT NULL,
	`last_request_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `companies_company_id` ON `companies` (`workspace_id`,`company_id`);--> statement-breakpoint
CREATE INDEX `companies_ws_name` ON `companies` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `company_tags` (
	`company_id` text NOT NULL,
	`tag_id` text NOT NULL,
	`applied_at` integer NOT NULL,
	PRIMARY KEY(`company_id`, `tag_id`),
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `company_tags_tag` ON `company_tags` (`tag_id`);--> statement-breakpoint
CREATE TABLE `contact_companies` (
	`contact_id` text NOT NULL,
	`company_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `company_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`company_id`) REFERENCES `companies`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_companies_company` ON `contact_companies` (`company_id`);--> statement-breakpoint
CREATE TABLE `contact_tags` (
	`contact_id` text NOT NULL,
	`tag_id` text NOT NULL,
	`applied_at` integer NOT NULL,
	`applied_by` integer,
	PRIMARY KEY(`contact_id`, `tag_id`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_tags_tag` ON `contact_tags` (`tag_id`);--> statement-breakpoint
CREATE TABLE `tags` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tags_name` ON `tags` (`workspace_id`,`name`);