-- Demo layer 3: realised days recorded by the providers from each
-- placement's start until yesterday, on the client's planned weekdays,
-- with a sick day now and then.
WITH RECURSIVE d(day) AS (
	SELECT date('now', '-45 days')
	UNION ALL
	SELECT date(day, '+1 day') FROM d WHERE day < date('now', '-1 day')
)
INSERT INTO attendance(placement_id, day, status, hours, recorded_by,
	recorded_at)
SELECT p.id, d.day,
	CASE WHEN (p.id * 7 + CAST(strftime('%d', d.day) AS INTEGER)) % 11 = 0
		THEN 'absent_sick' ELSE 'present' END,
	p.hours_per_day,
	CASE p.org_id WHEN 2 THEN 5 WHEN 3 THEN 6 ELSE 7 END,
	unixepoch(d.day, '+15 hours')
FROM placements p
JOIN d ON d.day >= p.start_date
	AND d.day <= coalesce(p.end_date, date('now', '-1 day'))
WHERE p.status IN ('active', 'ended')
	AND (p.weekdays >> ((CAST(strftime('%w', d.day) AS INTEGER) + 6) % 7)) & 1;
