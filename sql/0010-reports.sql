-- 0010: indexes for the reports (issue 6). The volume report counts the
-- present days of a date range: a partial index over present days only,
-- holding the placement too, answers it from the index alone. The
-- outcomes report looks up ended placements by their end date.
CREATE INDEX attendance_present ON attendance(day, placement_id)
	WHERE status = 'present';
CREATE INDEX placements_ended ON placements(end_date)
	WHERE status = 'ended';
