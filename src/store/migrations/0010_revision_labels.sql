-- A writer's name for a version ("sent to editor"), shown in History.
ALTER TABLE revisions ADD COLUMN label TEXT;
