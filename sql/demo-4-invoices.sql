-- Demo layer 4: billing details (IBANs pass the mod-97 check) and one
-- invoice waiting for finance: Puutyöpaja Kanerva's contract 2 for last
-- month when it has present days, else for this month.
UPDATE organisations SET iban = 'FI3550000120253504', bic = 'OKOYFIHH',
	einvoice_address = '003732213027', einvoice_operator = 'E204503'
	WHERE id = 1;
UPDATE organisations SET iban = 'FI2112345600000785', bic = 'NDEAFIHH',
	einvoice_address = '003723456780', einvoice_operator = '003721291126'
	WHERE id = 2;
UPDATE organisations SET iban = 'FI1380001700012345', bic = 'DABAFIHH',
	einvoice_address = '003745678907', einvoice_operator = '003721291126'
	WHERE id = 3;
UPDATE organisations SET iban = 'FI3447100010123456', bic = 'POPFFI22',
	einvoice_address = '003756789012', einvoice_operator = 'E204503'
	WHERE id = 4;
UPDATE contracts SET buyer_reference = 'KTT-' || id || '/2026';

CREATE TEMP TABLE demo_inv AS
SELECT CASE WHEN EXISTS (SELECT 1 FROM attendance a
		JOIN placements p ON p.id = a.placement_id
		WHERE p.contract_id = 2 AND a.status = 'present'
		AND a.day BETWEEN date('now', 'start of month', '-1 month')
		AND date('now', 'start of month', '-1 day'))
	THEN strftime('%Y-%m', 'now', 'start of month', '-1 month')
	ELSE strftime('%Y-%m', 'now') END AS month;

INSERT INTO invoice_numbers(org_id, last) VALUES (2, 1);
INSERT INTO invoices(id, org_id, buyer_org_id, contract_id, month, seq,
	number, version, status, invoice_date, due_date, total_cents, vat_text,
	iban, bic, reference, seller_einvoice, seller_operator, buyer_einvoice,
	buyer_operator, buyer_reference, created_by, created_at, submitted_at,
	submitted_by)
SELECT 1, 2, 1, 2, month, 1, '2-00001', 1, 'submitted',
	date('now', '-1 day'), date('now', '-1 day', '+21 days'), 0,
	'Arvonlisäveroton sosiaalipalvelu (AVL 37 §)', 'FI2112345600000785',
	'NDEAFIHH', '2000011', '003723456780', '003721291126', '003732213027',
	'E204503', 'KTT-2/2026', 5, unixepoch('now', '-1 day'),
	unixepoch('now', '-1 day'), 5
FROM demo_inv;

INSERT INTO invoice_lines(invoice_id, placement_id, client_ref,
	service_type_id, period_start, period_end, days, unit_cents, total_cents)
SELECT 1, p.id, p.client_ref, c.service_type_id,
	max(m.month || '-01', p.start_date),
	min(date(m.month || '-01', '+1 month', '-1 day'),
		coalesce(p.end_date, '9999-12-31')),
	count(*), c.daily_price_cents, count(*) * c.daily_price_cents
FROM demo_inv m
JOIN placements p ON p.contract_id = 2
JOIN contracts c ON c.id = p.contract_id
JOIN attendance a ON a.placement_id = p.id AND a.status = 'present'
	AND substr(a.day, 1, 7) = m.month
GROUP BY p.id ORDER BY p.client_ref;

UPDATE invoices SET total_cents = (SELECT coalesce(sum(total_cents), 0)
	FROM invoice_lines WHERE invoice_id = 1) WHERE id = 1;
DROP TABLE demo_inv;
