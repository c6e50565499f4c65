-- 0008: capacity-assessment reports. Service 3 includes a professional
-- assessment of work and functional capacity; the provider uploads the
-- report (a PDF) for the caseworker before the placement's last month is
-- invoiced. Reports are kept, never replaced: a corrected report is a new
-- row.

ALTER TABLE service_types ADD COLUMN needs_assessment INTEGER NOT NULL
	DEFAULT 0 CHECK (needs_assessment IN (0, 1));
UPDATE service_types SET needs_assessment = 1 WHERE code = 3;

CREATE TABLE assessment_reports (
	id INTEGER PRIMARY KEY,
	placement_id INTEGER NOT NULL REFERENCES placements(id),
	file_id INTEGER NOT NULL REFERENCES files(id),
	uploaded_by INTEGER NOT NULL REFERENCES users(id),
	uploaded_at INTEGER NOT NULL
);
CREATE INDEX assessment_reports_placement ON assessment_reports(placement_id);
