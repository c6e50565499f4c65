-- 0011: present days per contract and month, kept by triggers, so pages
-- that only need the month's count (the provider's "months without an
-- invoice") read a few rows instead of grouping a year of days. The
-- triggers test with NOT EXISTS rather than INSERT OR IGNORE: the days
-- are written by an UPSERT, whose conflict handling would override the
-- trigger's.

CREATE TABLE attendance_months (
	contract_id INTEGER NOT NULL,
	month TEXT NOT NULL,                  -- 'YYYY-MM'
	present INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (contract_id, month)
) WITHOUT ROWID;

INSERT INTO attendance_months(contract_id, month, present)
	SELECT p.contract_id, substr(a.day, 1, 7), count(*)
	FROM attendance a JOIN placements p ON p.id = a.placement_id
	WHERE a.status = 'present' GROUP BY 1, 2;

CREATE TRIGGER attendance_months_insert AFTER INSERT ON attendance
WHEN NEW.status = 'present' BEGIN
	INSERT INTO attendance_months(contract_id, month)
		SELECT p.contract_id, substr(NEW.day, 1, 7) FROM placements p
		WHERE p.id = NEW.placement_id AND NOT EXISTS (SELECT 1 FROM
		attendance_months m WHERE m.contract_id = p.contract_id AND
		m.month = substr(NEW.day, 1, 7));
	UPDATE attendance_months SET present = present + 1
		WHERE month = substr(NEW.day, 1, 7) AND contract_id =
		(SELECT contract_id FROM placements WHERE id = NEW.placement_id);
END;

CREATE TRIGGER attendance_months_delete AFTER DELETE ON attendance
WHEN OLD.status = 'present' BEGIN
	UPDATE attendance_months SET present = present - 1
		WHERE month = substr(OLD.day, 1, 7) AND contract_id =
		(SELECT contract_id FROM placements WHERE id = OLD.placement_id);
END;

CREATE TRIGGER attendance_months_update AFTER UPDATE OF status, day,
	placement_id ON attendance
WHEN OLD.status = 'present' OR NEW.status = 'present' BEGIN
	UPDATE attendance_months SET present = present - 1
		WHERE OLD.status = 'present' AND month = substr(OLD.day, 1, 7)
		AND contract_id = (SELECT contract_id FROM placements
		WHERE id = OLD.placement_id);
	INSERT INTO attendance_months(contract_id, month)
		SELECT p.contract_id, substr(NEW.day, 1, 7) FROM placements p
		WHERE p.id = NEW.placement_id AND NEW.status = 'present' AND NOT
		EXISTS (SELECT 1 FROM attendance_months m WHERE m.contract_id =
		p.contract_id AND m.month = substr(NEW.day, 1, 7));
	UPDATE attendance_months SET present = present + 1
		WHERE NEW.status = 'present' AND month = substr(NEW.day, 1, 7)
		AND contract_id = (SELECT contract_id FROM placements
		WHERE id = NEW.placement_id);
END;
