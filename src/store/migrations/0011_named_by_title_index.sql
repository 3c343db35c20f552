-- The few posts whose names still follow their titles, found without reading
-- every row (the flag sits after each post's text): an export settles them.
CREATE INDEX posts_named_by_title ON posts (id) WHERE named_by_title = 1;
