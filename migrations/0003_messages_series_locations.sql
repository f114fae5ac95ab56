CREATE TABLE `message_trigger_states` (
	`message_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`value` text,
	PRIMARY KEY(`message_id`, `contact_id`),
	FOREIGN KEY (`message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `series` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`current_version_id` text,
	`template` text,
	`entry_scanned_at` integer,
	`created_by` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `operators`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `series_ws` ON `series` (`workspace_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `series_enrollments` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`series_id` text NOT NULL,
	`version_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`occurrence` integer NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`step_id` text,
	`step_at` integer NOT NULL,
	`wake_at` integer,
	`source` text NOT NULL,
	`entered_at` integer NOT NULL,
	`ended_at` integer,
	`ended_step_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`version_id`) REFERENCES `series_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `series_enrollments_occurrence` ON `series_enrollments` (`series_id`,`contact_id`,`occurrence`);--> statement-breakpoint
CREATE INDEX `series_enrollments_due` ON `series_enrollments` (`status`,`wake_at`) WHERE "series_enrollments"."status" = 'active';--> statement-breakpoint
CREATE INDEX `series_enrollments_contact` ON `series_enrollments` (`contact_id`,`status`);--> statement-breakpoint
CREATE INDEX `series_enrollments_series` ON `series_enrollments` (`series_id`,`status`,`step_id`);--> statement-breakpoint
CREATE TABLE `series_step_runs` (
	`enrollment_id` text NOT NULL,
	`step_id` text NOT NULL,
	`series_id` text NOT NULL,
	`outcome` text,
	`delivery_id` text,
	`ran_at` integer NOT NULL,
	PRIMARY KEY(`enrollment_id`, `step_id`),
	FOREIGN KEY (`enrollment_id`) REFERENCES `series_enrollments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `series_step_runs_series` ON `series_step_runs` (`series_id`,`step_id`);--> statement-breakpoint
CREATE TABLE `series_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`series_id` text NOT NULL,
	`number` integer NOT NULL,
	`definition` text NOT NULL,
	`message_ids` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `series`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `series_versions_number` ON `series_versions` (`series_id`,`number`);--> statement-breakpoint
ALTER TABLE `contacts` ADD `latitude` real;--> statement-breakpoint
ALTER TABLE `contacts` ADD `longitude` real;--> statement-breakpoint
ALTER TABLE `messages` ADD `audience_enqueued_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `time_triggers_at` integer;--> statement-breakpoint
CREATE INDEX `deliveries_message_due` ON `deliveries` (`message_id`,`status`,`not_before`);