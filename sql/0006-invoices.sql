-- 0006: monthly invoices made from the realised days, and finance's
-- approval. Amounts in integer cents; VAT 0 % (social services, AVL 37 §).
-- A rejected invoice is kept; the provider makes a new version (same
-- number, version + 1). An approved invoice locks its contract's month.

-- Billing details of an organisation (seller for providers, buyer for
-- the county).
ALTER TABLE organisations ADD COLUMN iban TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN bic TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN einvoice_address TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN einvoice_operator TEXT NOT NULL DEFAULT '';
-- The buyer's reference every invoice of the contract carries.
ALTER TABLE contracts ADD COLUMN buyer_reference TEXT NOT NULL DEFAULT '';

-- The last invoice number used by each organisation.
CREATE TABLE invoice_numbers (
	org_id INTEGER PRIMARY KEY REFERENCES organisations(id),
	last INTEGER NOT NULL CHECK (last >= 0)
);

CREATE TABLE invoices (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisations(id),   -- seller
	buyer_org_id INTEGER NOT NULL REFERENCES organisations(id),
	contract_id INTEGER NOT NULL REFERENCES contracts(id),
	month TEXT NOT NULL CHECK (month GLOB '20[0-9][0-9]-[01][0-9]'),
	seq INTEGER NOT NULL CHECK (seq > 0),
	number TEXT NOT NULL,              -- '2-00001'
	version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
		('draft', 'submitted', 'approved', 'rejected')),
	invoice_date TEXT NOT NULL,        -- 'YYYY-MM-DD'
	due_date TEXT NOT NULL,
	total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
	vat_cents INTEGER NOT NULL DEFAULT 0 CHECK (vat_cents = 0),
	vat_text TEXT NOT NULL,
	iban TEXT NOT NULL,
	bic TEXT NOT NULL,
	reference TEXT NOT NULL,
	seller_einvoice TEXT NOT NULL DEFAULT '',
	seller_operator TEXT NOT NULL DEFAULT '',
	buyer_einvoice TEXT NOT NULL DEFAULT '',
	buyer_operator TEXT NOT NULL DEFAULT '',
	buyer_reference TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	submitted_at INTEGER,
	submitted_by INTEGER REFERENCES users(id),
	decided_at INTEGER,
	decided_by INTEGER REFERENCES users(id),
	reject_reason TEXT NOT NULL DEFAULT '' CHECK (length(reject_reason) <= 2000),
	CHECK (status <> 'rejected' OR length(reject_reason) > 0),
	UNIQUE (contract_id, month, version)
);
CREATE INDEX invoices_org ON invoices(org_id, month);
CREATE INDEX invoices_status ON invoices(status, month);
-- At most one live (not rejected) invoice per contract and month.
CREATE UNIQUE INDEX invoices_live ON invoices(contract_id, month)
	WHERE status <> 'rejected';

CREATE TABLE invoice_lines (
	id INTEGER PRIMARY KEY,
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	placement_id INTEGER NOT NULL REFERENCES placements(id),
	client_ref TEXT NOT NULL,
	service_type_id INTEGER NOT NULL REFERENCES service_types(id),
	period_start TEXT NOT NULL,
	period_end TEXT NOT NULL,
	days INTEGER NOT NULL CHECK (days > 0),
	unit_cents INTEGER NOT NULL CHECK (unit_cents > 0),
	total_cents INTEGER NOT NULL CHECK (total_cents = days * unit_cents),
	CHECK (period_start <= period_end),
	UNIQUE (invoice_id, placement_id)
);
