-- 0005: realised days. One row per placement and calendar day (Europe/
-- Helsinki), present or absent; only present days are paid. The
-- invoicing program records them (a grid form and CSV upload); contract
-- pages count them as the days realised to date.
CREATE TABLE attendance (
	id INTEGER PRIMARY KEY,
	placement_id INTEGER NOT NULL REFERENCES placements(id),
	day TEXT NOT NULL,                 -- 'YYYY-MM-DD'
	status TEXT NOT NULL CHECK (status IN ('present', 'absent_sick', 'absent_other')),
	hours INTEGER CHECK (hours IS NULL OR hours BETWEEN 1 AND 24),
	recorded_by INTEGER NOT NULL REFERENCES users(id),
	recorded_at INTEGER NOT NULL,
	UNIQUE (placement_id, day)
);
CREATE INDEX attendance_day ON attendance(day);
