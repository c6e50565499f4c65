-- 0015: an invoice's page lists its credit notes; invoices_credit_once
-- covers only live ones, so the list read every invoice (1 ms of a
-- 500-line invoice's page at national scale).
CREATE INDEX invoices_credits ON invoices(credit_of)
	WHERE credit_of IS NOT NULL;
