-- 0013: the catalogue search's filters inside the full-text index. A
-- place's municipality, service type and the pair of them are tokens of
-- a fifth column, facets ("m13 s1 m13s1"), so a search with filters is
-- one intersection of posting lists instead of a lookup and a test of
-- every place that has the words; the pair's token keeps the list short
-- when a service type covers most places. The search matches the user's
-- words only in the other four columns. place_fts_sync writes the column
-- from now on.
CREATE VIRTUAL TABLE places_fts_new USING fts5(
	title, description, tasks, municipality, facets,
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3 4'
);
INSERT INTO places_fts_new(rowid, title, description, tasks, municipality,
	facets)
	SELECT f.rowid, f.title, f.description, f.tasks, f.municipality,
		'm' || p.municipality_id || ' s' || p.service_type_id || ' m' ||
		p.municipality_id || 's' || p.service_type_id
	FROM places_fts f JOIN places p ON p.id = f.rowid;
DROP TABLE places_fts;
ALTER TABLE places_fts_new RENAME TO places_fts;

-- The search form lists municipalities that are active or have places.
CREATE INDEX places_municipality ON places(municipality_id);
