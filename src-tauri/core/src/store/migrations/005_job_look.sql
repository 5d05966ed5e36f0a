-- A job can keep its own look (what was on screen when it was saved, a preset's fields as JSON)
-- instead of naming a preset, and each item the title typed for its slide.
ALTER TABLE jobs ADD COLUMN look_json TEXT;
ALTER TABLE job_items ADD COLUMN title TEXT;
