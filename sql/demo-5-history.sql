-- Demo layer 5: the year before, so the reports (/reports) tell a story.
-- The previous framework (tender 4, awarded over a year ago) ran from the
-- first day of the month eleven months ago until the day before the
-- current contracts began; its contracts are ended and their places
-- closed. Thirteen clients had fourteen placements there and every one
-- ended with an outcome (one moved from Lieksa to Joensuu and so was
-- with two providers; Carita went on under the new contract). Their
-- realised days were recorded on their weekdays with a sick day now and
-- then, except in July when the places keep their summer break (a month
-- without data). Every month up to the month before last is invoiced and
-- approved; invoice numbers of this history run from 9001 so the
-- providers' next numbers are as before. Dates are relative to the
-- moment the demo is loaded; ids start at 101 (1001 for invoices).
INSERT INTO tenders(id, status, title_fi, title_sv, description_fi,
	contract_start, contract_end, extension_options, questions_deadline,
	bids_deadline, created_by, created_at, published_at, opened_at,
	opened_by, awarded_at)
VALUES (4, 'awarded', 'Kuntouttava työtoiminta, edellinen sopimuskausi',
	'Arbetsverksamhet i rehabiliteringssyfte, föregående avtalsperiod',
	'Edellisen sopimuskauden puitejärjestely.',
	date('now', 'start of month', '-11 months'), date('now', '-31 days'), '',
	unixepoch('now', 'start of month', '-16 months'),
	unixepoch('now', 'start of month', '-15 months'), 2,
	unixepoch('now', 'start of month', '-17 months'),
	unixepoch('now', 'start of month', '-17 months', '+3 days'),
	unixepoch('now', 'start of month', '-15 months', '+1 day'), 2,
	unixepoch('now', 'start of month', '-14 months'));
INSERT INTO lots(id, tender_id, number, title, service_type_id, form,
	est_days_per_year, pricing, fixed_price_cents, ceiling_cents, price_weight)
VALUES (41, 4, 1, 'Työtoimintapaikka ja ohjaus', 1, 'both', 900, 'fixed', 1009, NULL, 0),
	(42, 4, 2, 'Työtoiminta ja sosiaalialan ammatillinen tuki', 2, 'individual', 150, 'bid', NULL, 3500, 40);
INSERT INTO lot_municipalities(lot_id, municipality_id)
SELECT 41, id FROM municipalities WHERE name_fi IN ('Joensuu', 'Kitee', 'Lieksa');
INSERT INTO lot_municipalities(lot_id, municipality_id)
SELECT 42, id FROM municipalities WHERE name_fi = 'Joensuu';
INSERT INTO award_decisions(tender_id, published_at, published_by,
	standstill_end, reasoning_fi)
VALUES (4, unixepoch('now', 'start of month', '-14 months'), 2,
	date('now', 'start of month', '-14 months', '+15 days'),
	'Edellisen sopimuskauden hankintapäätös.');

INSERT INTO contracts(id, org_id, tender_id, lot_id, service_type_id, form,
	daily_price_cents, start_date, end_date, ranking, capacity,
	extension_options, status, signed_date, signer_name, signed_by,
	activated_at, ended_at, buyer_reference, created_by, created_at)
SELECT c.id, c.org, 4, c.lot, c.service, c.form, c.price,
	date('now', 'start of month', '-11 months'), date('now', '-31 days'),
	c.rank, c.cap, '', 'ended',
	date('now', 'start of month', '-11 months', '-10 days'), c.signer, 2,
	unixepoch('now', 'start of month', '-11 months'),
	unixepoch('now', '-30 days'), 'KTT-' || c.id || '/H', 2,
	unixepoch('now', 'start of month', '-11 months', '-14 days')
FROM (SELECT 101 AS id, 2 AS org, 41 AS lot, 1 AS service, 'both' AS form,
		1009 AS price, 1 AS rank, 8 AS cap, 'Pekka Puusepp' AS signer
	UNION ALL SELECT 102, 3, 41, 1, 'both', 1009, 2, 10, 'Kaisa Kierto'
	UNION ALL SELECT 103, 4, 41, 1, 'both', 1009, 3, 6, 'Liisa Lähimmäinen'
	UNION ALL SELECT 104, 2, 42, 2, 'individual', 2390, 1, 3, 'Pekka Puusepp') c;
INSERT INTO contract_municipalities(contract_id, municipality_id)
SELECT c.id, lm.municipality_id FROM contracts c
JOIN lot_municipalities lm ON lm.lot_id = c.lot_id WHERE c.id >= 101;

-- The places of the previous contracts, closed when the contracts ended.
INSERT INTO places(id, contract_id, org_id, title, description, tasks,
	task_words, municipality_id, street_address, service_type_id, form,
	weekdays, hours_min, hours_max, capacity, languages, accessibility,
	contact_name, contact_phone, contact_email, status, created_at,
	updated_at)
SELECT p.id, p.contract, p.org, p.title, p.descr, p.tasks, '',
	(SELECT id FROM municipalities WHERE name_fi = p.muni), p.street,
	p.service, p.form, 31, 4, 6, p.cap, 1, '', p.contact, '', '', 'closed',
	unixepoch('now', 'start of month', '-11 months', '-3 days'),
	unixepoch('now', '-30 days')
FROM (SELECT 101 AS id, 101 AS contract, 2 AS org,
		'Puutyöpaja Kanerva (edellinen kausi)' AS title,
		'Huonekalujen kunnostusta ja pienpuutöitä.' AS descr,
		'carpentry' AS tasks, 'Joensuu' AS muni,
		'Koulukatu 5, 80100 Joensuu' AS street, 1 AS service,
		'both' AS form, 6 AS cap, 'Pekka Puusepp' AS contact
	UNION ALL SELECT 102, 102, 3, 'Kierrätysmyymälä Kitee (edellinen kausi)',
		'Lajittelua ja myymälätyötä.', 'warehouse', 'Kitee',
		'Rantatie 12, 82500 Kitee', 1, 'both', 8, 'Kaisa Kierto'
	UNION ALL SELECT 103, 103, 4, 'Diakonian ryhmä (edellinen kausi)',
		'Ruoka-apu ja kirpputori ryhmässä.', 'kitchen', 'Lieksa',
		'Pielisentie 20, 81700 Lieksa', 1, 'group', 5, 'Liisa Lähimmäinen'
	UNION ALL SELECT 104, 104, 2, 'Kanerva – yksilöllinen tuki (edellinen kausi)',
		'Puutyöpaja ja sosionomin tuki.', 'carpentry office', 'Joensuu',
		'Koulukatu 5, 80100 Joensuu', 2, 'individual', 3, 'Pekka Puusepp') p;

-- The clients of the previous period: start (days after the period's
-- first day), weekdays (Monday = 1 ... Friday = 16), hours, end (days
-- before today) and outcome.
INSERT INTO placements(id, client_ref, client_name, place_id, contract_id,
	org_id, caseworker_id, caseworker_org_id, start_date, weekdays,
	hours_per_day, status, confirmed_at, end_date, outcome, created_at)
SELECT h.id, h.ref, h.name, h.place, pl.contract_id, pl.org_id, 3, 1,
	date('now', 'start of month', '-11 months', '+' || h.start || ' days'),
	h.wd, h.hours, 'ended',
	unixepoch('now', 'start of month', '-11 months', '+' || h.start || ' days', '-2 days'),
	date('now', '-' || h.ended || ' days'), h.outcome,
	unixepoch('now', 'start of month', '-11 months', '+' || h.start || ' days', '-4 days')
FROM (SELECT 101 AS id, 'HE2020' AS ref, 'Heikki Kettunen' AS name,
		103 AS place, 2 AS start, 5 AS wd, 4 AS hours, 240 AS ended,
		'moved_away' AS outcome
	UNION ALL SELECT 102, 'HE2020', 'Heikki Kettunen', 101, 170, 10, 5, 60, 'employed_open'
	UNION ALL SELECT 103, 'IM9009', 'Iida Mäkelä', 101, 5, 21, 5, 185, 'employed_subsidy'
	UNION ALL SELECT 104, 'JR1010', 'Jussi Räsänen', 101, 20, 3, 4, 95, 'studies'
	UNION ALL SELECT 105, 'KS1111', 'Kaija Salo', 102, 1, 7, 5, 150, 'no_change'
	UNION ALL SELECT 106, 'LT1212', 'Lauri Turunen', 102, 40, 12, 4, 120, 'rehabilitation'
	UNION ALL SELECT 107, 'MV1313', 'Marja Vartiainen', 102, 70, 17, 6, 36, 'employment_services'
	UNION ALL SELECT 108, 'NP1414', 'Niko Pesonen', 103, 30, 6, 4, 210, 'not_reached'
	UNION ALL SELECT 109, 'OH1515', 'Olli Hiltunen', 104, 3, 9, 5, 180, 'retired'
	UNION ALL SELECT 110, 'PK1616', 'Paula Kinnunen', 104, 120, 18, 5, 62, 'employed_open'
	UNION ALL SELECT 111, 'RL1717', 'Riikka Laitinen', 101, 180, 12, 4, 35, 'own_request'
	UNION ALL SELECT 112, 'CJ3003', 'Carita Järvinen', 102, 0, 7, 5, 31, 'other'
	UNION ALL SELECT 113, 'SN1818', 'Sami Nykänen', 103, 150, 20, 4, 40, 'employed_open'
	UNION ALL SELECT 114, 'TV1919', 'Tiina Väisänen', 101, 240, 5, 4, 33, 'no_change') h
JOIN places pl ON pl.id = h.place;

-- One decision period per placement, from its start to its end.
INSERT INTO placement_periods(placement_id, start_date, end_date,
	decision_date, months, created_by, created_at)
SELECT id, start_date, end_date, date(start_date, '-3 days'),
	max(3, min(12, CAST((julianday(end_date) - julianday(start_date)) / 30 AS INTEGER))),
	3, created_at
FROM placements WHERE id BETWEEN 101 AND 199;

WITH RECURSIVE d(day) AS (
	SELECT date('now', 'start of month', '-11 months')
	UNION ALL
	SELECT date(day, '+1 day') FROM d WHERE day < date('now', '-31 days')
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
JOIN d ON d.day >= p.start_date AND d.day <= p.end_date
WHERE p.id BETWEEN 101 AND 199
	AND strftime('%m', d.day) <> '07'
	AND (p.weekdays >> ((CAST(strftime('%w', d.day) AS INTEGER) + 6) % 7)) & 1;

-- Approved invoices: a contract's month with present days, up to the
-- month before last.
CREATE TEMP TABLE demo_hist AS
SELECT 1000 + row_number() OVER (ORDER BY month, contract_id) AS id,
	contract_id, org_id, month,
	9000 + row_number() OVER (PARTITION BY org_id ORDER BY month, contract_id) AS seq
FROM (SELECT DISTINCT p.contract_id, p.org_id, substr(a.day, 1, 7) AS month
	FROM attendance a JOIN placements p ON p.id = a.placement_id
	WHERE p.id BETWEEN 101 AND 199 AND a.status = 'present'
		AND substr(a.day, 1, 7) < strftime('%Y-%m', 'now', 'start of month', '-1 month'));

INSERT INTO invoices(id, org_id, buyer_org_id, contract_id, month, seq,
	number, version, status, invoice_date, due_date, total_cents, vat_text,
	iban, bic, reference, seller_einvoice, seller_operator, buyer_einvoice,
	buyer_operator, buyer_reference, created_by, created_at, submitted_at,
	submitted_by, decided_at, decided_by)
SELECT h.id, h.org_id, 1, h.contract_id, h.month, h.seq,
	h.org_id || '-' || printf('%05d', h.seq), 1, 'approved',
	date(h.month || '-01', '+1 month', '+4 days'),
	date(h.month || '-01', '+1 month', '+25 days'), 0,
	'Arvonlisäveroton sosiaalipalvelu (AVL 37 §)', s.iban, s.bic,
	h.org_id || printf('%05d', h.seq) || ((10 - (
		substr(h.org_id || printf('%05d', h.seq), 1, 1) * 1 +
		substr(h.org_id || printf('%05d', h.seq), 2, 1) * 3 +
		substr(h.org_id || printf('%05d', h.seq), 3, 1) * 7 +
		substr(h.org_id || printf('%05d', h.seq), 4, 1) * 1 +
		substr(h.org_id || printf('%05d', h.seq), 5, 1) * 3 +
		substr(h.org_id || printf('%05d', h.seq), 6, 1) * 7) % 10) % 10),
	s.einvoice_address, s.einvoice_operator, b.einvoice_address,
	b.einvoice_operator, c.buyer_reference,
	CASE h.org_id WHEN 2 THEN 5 WHEN 3 THEN 6 ELSE 7 END,
	unixepoch(h.month || '-01', '+1 month', '+4 days', '+9 hours'),
	unixepoch(h.month || '-01', '+1 month', '+4 days', '+10 hours'),
	CASE h.org_id WHEN 2 THEN 5 WHEN 3 THEN 6 ELSE 7 END,
	unixepoch(h.month || '-01', '+1 month', '+8 days', '+11 hours'), 4
FROM demo_hist h
JOIN organisations s ON s.id = h.org_id
JOIN organisations b ON b.id = 1
JOIN contracts c ON c.id = h.contract_id;

INSERT INTO invoice_lines(invoice_id, placement_id, client_ref,
	service_type_id, period_start, period_end, days, unit_cents, total_cents)
SELECT h.id, p.id, p.client_ref, c.service_type_id,
	max(h.month || '-01', p.start_date),
	min(date(h.month || '-01', '+1 month', '-1 day'), p.end_date),
	count(*), c.daily_price_cents, count(*) * c.daily_price_cents
FROM demo_hist h
JOIN placements p ON p.contract_id = h.contract_id
JOIN contracts c ON c.id = p.contract_id
JOIN attendance a ON a.placement_id = p.id AND a.status = 'present'
	AND substr(a.day, 1, 7) = h.month
GROUP BY h.id, p.id ORDER BY h.id, p.client_ref;

UPDATE invoices SET total_cents = (SELECT sum(total_cents)
	FROM invoice_lines WHERE invoice_id = invoices.id)
WHERE id IN (SELECT id FROM demo_hist);
DROP TABLE demo_hist;
