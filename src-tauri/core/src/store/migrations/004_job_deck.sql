-- A job can write one slide deck (its format and layout, JSON) instead of one image per panel.
ALTER TABLE jobs ADD COLUMN deck_json TEXT;
