-- 0014: the end of each placement's latest decision period, kept on the
-- placement by triggers. A place's taken seats (PLACE_SQL_TAKEN) were a
-- lookup in placement_periods for every placement of the place; now they
-- are one range of the placements_seats index. Periods are only ever
-- added, but an update or delete keeps the column right too.
ALTER TABLE placements ADD COLUMN seat_end TEXT;
UPDATE placements SET seat_end = (SELECT max(end_date)
	FROM placement_periods WHERE placement_id = placements.id);
CREATE INDEX placements_seats ON placements(place_id, status, seat_end);

CREATE TRIGGER placement_periods_seat_insert AFTER INSERT ON placement_periods
BEGIN
	UPDATE placements SET seat_end = (SELECT max(end_date)
		FROM placement_periods WHERE placement_id = NEW.placement_id)
	WHERE id = NEW.placement_id;
END;
CREATE TRIGGER placement_periods_seat_update
AFTER UPDATE OF placement_id, end_date ON placement_periods
BEGIN
	UPDATE placements SET seat_end = (SELECT max(end_date)
		FROM placement_periods WHERE placement_id = placements.id)
	WHERE id IN (OLD.placement_id, NEW.placement_id);
END;
CREATE TRIGGER placement_periods_seat_delete AFTER DELETE ON placement_periods
BEGIN
	UPDATE placements SET seat_end = (SELECT max(end_date)
		FROM placement_periods WHERE placement_id = OLD.placement_id)
	WHERE id = OLD.placement_id;
END;
