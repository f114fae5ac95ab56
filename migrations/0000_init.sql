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
CREATE INDEX `contacts_ws_signed_up` ON `contacts` (`workspace_id`,`signed_up_at`);--> statement-breakpoint
CREATE INDEX `contacts_ws_role_archived_seen` ON `contacts` (`workspace_id`,`role`,`archived`,`last_seen_at`);--> statement-breakpoint
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
CREATE INDEX `event_summaries_ws_name` ON `event_summaries` (`workspace_id`,`name`,`count`,`contact_id`);--> statement-breakpoint
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
CREATE INDEX `events_ws_name_time` ON `events` (`workspace_id`,`name`,`created_at`,`contact_id`);--> statement-breakpoint
CREATE INDEX `events_ws_time` ON `events` (`workspace_id`,`created_at`);--> statement-breakpoint
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
CREATE UNIQUE INDEX `tags_name` ON `tags` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`operator_id` integer,
	`workspace_id` text,
	`action` text NOT NULL,
	`target` text,
	`details` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_time` ON `audit_log` (`created_at`);--> statement-breakpoint
CREATE TABLE `invites` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	FOREIGN KEY (`invited_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invites_token` ON `invites` (`token_hash`);--> statement-breakpoint
CREATE TABLE `operator_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`operator_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`operator_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `operator_sessions_token` ON `operator_sessions` (`token_hash`);--> statement-breakpoint
CREATE INDEX `operator_sessions_operator` ON `operator_sessions` (`operator_id`);--> statement-breakpoint
CREATE TABLE `settings` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE TABLE `segment_memberships` (
	`id` integer PRIMARY KEY NOT NULL,
	`segment_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`entered_at` integer NOT NULL,
	`exited_at` integer,
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `segment_memberships_open` ON `segment_memberships` (`segment_id`,`contact_id`) WHERE "segment_memberships"."exited_at" IS NULL;--> statement-breakpoint
CREATE INDEX `segment_memberships_contact` ON `segment_memberships` (`contact_id`,`entered_at`);--> statement-breakpoint
CREATE INDEX `segment_memberships_segment` ON `segment_memberships` (`segment_id`,`entered_at`);--> statement-breakpoint
CREATE TABLE `segment_sizes` (
	`segment_id` text NOT NULL,
	`granularity` text NOT NULL,
	`bucket_start` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`segment_id`, `granularity`, `bucket_start`),
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`definition` text NOT NULL,
	`person_type` text NOT NULL,
	`time_relative` integer NOT NULL,
	`refreshed_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segments_ws` ON `segments` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `segments_time_relative` ON `segments` (`time_relative`);--> statement-breakpoint
CREATE TABLE `conversation_parts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` integer NOT NULL,
	`workspace_id` text NOT NULL,
	`part_type` text NOT NULL,
	`public` integer NOT NULL,
	`author_type` text NOT NULL,
	`author_id` text,
	`body` text,
	`attachments` text DEFAULT '[]' NOT NULL,
	`assigned_to_id` integer,
	`meta` text,
	`client_message_id` text,
	`external_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversation_parts_conversation` ON `conversation_parts` (`conversation_id`,`id`);--> statement-breakpoint
CREATE INDEX `conversation_parts_author` ON `conversation_parts` (`author_type`,`author_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `conversation_parts_client_message` ON `conversation_parts` (`workspace_id`,`author_type`,`author_id`,`client_message_id`) WHERE "conversation_parts"."client_message_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `conversation_parts_assignment` ON `conversation_parts` (`assigned_to_id`,`id`) WHERE "conversation_parts"."part_type" = 'assignment';--> statement-breakpoint
CREATE TABLE `conversation_reads` (
	`conversation_id` integer NOT NULL,
	`reader_type` text NOT NULL,
	`reader_id` text NOT NULL,
	`last_read_part_id` integer NOT NULL,
	`read_at` integer NOT NULL,
	PRIMARY KEY(`conversation_id`, `reader_type`, `reader_id`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversation_reads_reader` ON `conversation_reads` (`reader_type`,`reader_id`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`workspace_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`snoozed_until` integer,
	`assignee_id` integer,
	`delivered_as` text NOT NULL,
	`channel` text DEFAULT 'chat' NOT NULL,
	`subject` text,
	`title` text,
	`custom_attributes` text DEFAULT '{}' NOT NULL,
	`source_part_id` integer,
	`last_part_id` integer DEFAULT 0 NOT NULL,
	`last_contact_part_id` integer,
	`admin_read_part_id` integer,
	`waiting_since` integer,
	`first_contact_reply_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`assignee_id`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `conversations_ws_state_updated` ON `conversations` (`workspace_id`,`state`,`updated_at`);--> statement-breakpoint
CREATE INDEX `conversations_ws_assignee` ON `conversations` (`workspace_id`,`assignee_id`,`state`);--> statement-breakpoint
CREATE INDEX `conversations_contact` ON `conversations` (`contact_id`,`id`);--> statement-breakpoint
CREATE INDEX `conversations_snoozed` ON `conversations` (`snoozed_until`) WHERE "conversations"."state" = 'snoozed';--> statement-breakpoint
CREATE TABLE `email_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text,
	`contact_id` text,
	`delivery_id` text,
	`message_id` text NOT NULL,
	`from_address` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text NOT NULL,
	`headers` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `email_outbox_ws` ON `email_outbox` (`workspace_id`,`id`);--> statement-breakpoint
CREATE INDEX `email_outbox_created` ON `email_outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `email_suppressions` (
	`scope` text NOT NULL,
	`email` text NOT NULL,
	`reason` text NOT NULL,
	`detail` text,
	`contact_id` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `email`)
);
--> statement-breakpoint
CREATE TABLE `funnels` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`definition` text NOT NULL,
	`updated_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `funnels_ws` ON `funnels` (`workspace_id`,`name`);--> statement-breakpoint
CREATE TABLE `saved_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`body` text NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `saved_replies_ws_name` ON `saved_replies` (`workspace_id`,`name`);