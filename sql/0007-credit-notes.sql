-- 0007: credit notes. An approved invoice never changes; a mistake found
-- later is corrected by a credit note (kind 'credit', credit_of = the
-- original) and then a new invoice for the same contract and month.
--
-- Sign: the existing CHECKs keep days, unit prices and totals positive,
-- so a credit note stores the original's lines as they were (magnitudes)
-- and its kind says they count negatively. The signed amounts are the
-- generated columns invoices.net_cents and invoice_lines.net_days /
-- net_cents (credit = -original, so original + credit = 0). Sums over
-- invoices must use net_cents (or kind).
--
-- Numbers: a credit note takes its own number from the organisation's
-- sequence; the corrected invoice after it takes a new number too.
-- version stays unique per contract and month (UNIQUE (contract_id,
-- month, version)), so a credit note and the invoice after it take the
-- next version of that contract and month.
ALTER TABLE invoices ADD COLUMN kind TEXT NOT NULL DEFAULT 'invoice'
	CHECK (kind IN ('invoice', 'credit'));
ALTER TABLE invoices ADD COLUMN credit_of INTEGER REFERENCES invoices(id)
	CHECK ((kind = 'credit') = (credit_of IS NOT NULL));
ALTER TABLE invoices ADD COLUMN credit_reason TEXT NOT NULL DEFAULT ''
	CHECK (length(credit_reason) <= 2000 AND
		(kind = 'invoice' OR length(credit_reason) > 0));
-- Set on the original when its credit note is approved: the original
-- then no longer locks its month nor counts as the month's live invoice.
ALTER TABLE invoices ADD COLUMN credited_at INTEGER;
ALTER TABLE invoices ADD COLUMN net_cents INTEGER GENERATED ALWAYS AS
	(CASE kind WHEN 'credit' THEN -total_cents ELSE total_cents END) VIRTUAL;
ALTER TABLE invoice_lines ADD COLUMN sign INTEGER NOT NULL DEFAULT 1
	CHECK (sign IN (1, -1));
ALTER TABLE invoice_lines ADD COLUMN net_days INTEGER GENERATED ALWAYS AS
	(sign * days) VIRTUAL;
ALTER TABLE invoice_lines ADD COLUMN net_cents INTEGER GENERATED ALWAYS AS
	(sign * total_cents) VIRTUAL;

-- At most one live (not rejected, not credited) invoice per contract and
-- month; credit notes are kept apart.
DROP INDEX invoices_live;
CREATE UNIQUE INDEX invoices_live ON invoices(contract_id, month)
	WHERE status <> 'rejected' AND kind = 'invoice' AND credited_at IS NULL;
-- At most one live credit note per invoice.
CREATE UNIQUE INDEX invoices_credit_once ON invoices(credit_of)
	WHERE kind = 'credit' AND status <> 'rejected';
