-- A preset keeps its text size (the page's zoom); NULL is the default: 100 % for images, the
-- slides' own for decks.
ALTER TABLE presets ADD COLUMN zoom REAL;
