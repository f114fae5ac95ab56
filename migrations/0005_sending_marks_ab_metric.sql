ALTER TABLE `deliveries` ADD `sending_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `ab_metric` text;