-- Full-text index over conversation parts (src/conversations/fts.ts). drizzle-kit cannot declare virtual tables,
-- so this file is copied into a custom migration after the generated ones (see src/conversations/CONTEXT.md).
-- Contentless: the text lives in conversation_parts.body (as HTML); the domain inserts the plain text explicitly.
CREATE VIRTUAL TABLE `conversation_parts_fts` USING fts5(`body`, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `conversation_parts_fts_delete` AFTER DELETE ON `conversation_parts` BEGIN
  DELETE FROM `conversation_parts_fts` WHERE rowid = old.id;
END;
