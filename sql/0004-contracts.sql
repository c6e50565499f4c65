-- 0004: framework contracts with providers, the catalogue of
-- work-activity places (with full-text search), and client placements
-- with their decision periods.

CREATE TABLE contracts (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	tender_id INTEGER REFERENCES tenders(id),
	lot_id INTEGER REFERENCES lots(id),
	submission_id INTEGER REFERENCES bid_submissions(id),
	service_type_id INTEGER NOT NULL REFERENCES service_types(id),
	form TEXT NOT NULL CHECK (form IN ('individual', 'group', 'both')),
	daily_price_cents INTEGER NOT NULL CHECK (daily_price_cents > 0),
	start_date TEXT NOT NULL,          -- 'YYYY-MM-DD'
	end_date TEXT NOT NULL,
	ranking INTEGER,                   -- place in the framework, 1 = first
	capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity BETWEEN 0 AND 10000),
	extension_options TEXT NOT NULL DEFAULT '',
	invoice_due_days INTEGER NOT NULL DEFAULT 21 CHECK (invoice_due_days BETWEEN 1 AND 120),
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
		('draft', 'signed', 'active', 'ended', 'terminated')),
	direct_award INTEGER NOT NULL DEFAULT 0 CHECK (direct_award IN (0, 1)),
	justification TEXT NOT NULL DEFAULT '' CHECK (length(justification) <= 5000),
	signed_date TEXT,                  -- 'YYYY-MM-DD'
	signer_name TEXT NOT NULL DEFAULT '',
	signed_by INTEGER REFERENCES users(id),
	activated_at INTEGER,
	ended_at INTEGER,
	termination_reason TEXT NOT NULL DEFAULT '',
	created_by INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK (start_date <= end_date),
	CHECK (direct_award = 0 OR length(justification) > 0),
	UNIQUE (lot_id, org_id)
);
CREATE INDEX contracts_org ON contracts(org_id, status);

CREATE TABLE contract_municipalities (
	contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	PRIMARY KEY (contract_id, municipality_id)
) WITHOUT ROWID;

-- Every use of an extension option: the end date before and after.
CREATE TABLE contract_extensions (
	id INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contracts(id),
	old_end_date TEXT NOT NULL,
	new_end_date TEXT NOT NULL,
	used_by INTEGER NOT NULL REFERENCES users(id),
	used_at INTEGER NOT NULL,
	CHECK (new_end_date > old_end_date)
);

-- A place belongs to exactly one contract and takes its service type and
-- form from it. weekdays and languages are bit sets: Monday = 1 ...
-- Sunday = 64; Finnish = 1, Swedish = 2, English = 4. tasks is a
-- space-separated list of task codes (kitchen carpentry textiles cleaning
-- outdoor warehouse office library ...), task_words free words.
CREATE TABLE places (
	id INTEGER PRIMARY KEY,
	contract_id INTEGER NOT NULL REFERENCES contracts(id),
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
	tasks TEXT NOT NULL DEFAULT '',
	task_words TEXT NOT NULL DEFAULT '' CHECK (length(task_words) <= 500),
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	street_address TEXT NOT NULL DEFAULT '' CHECK (length(street_address) <= 200),
	service_type_id INTEGER NOT NULL REFERENCES service_types(id),
	form TEXT NOT NULL CHECK (form IN ('individual', 'group', 'both')),
	weekdays INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
	hours_min INTEGER NOT NULL CHECK (hours_min BETWEEN 4 AND 6),
	hours_max INTEGER NOT NULL CHECK (hours_max BETWEEN 4 AND 6),
	capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
	languages INTEGER NOT NULL DEFAULT 1 CHECK (languages BETWEEN 1 AND 7),
	accessibility TEXT NOT NULL DEFAULT '' CHECK (length(accessibility) <= 2000),
	contact_name TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paused', 'closed')),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK (hours_min <= hours_max)
);
CREATE INDEX places_contract ON places(contract_id);
CREATE INDEX places_org ON places(org_id);
CREATE INDEX places_search ON places(status, municipality_id, service_type_id);

-- Full-text search over a place: its own texts, the task names in Finnish
-- and Swedish (filled by the catalogue program), the municipality's
-- names. Kept in step by the program in the same transaction as the place.
-- remove_diacritics 0 keeps ä, ö and å distinct letters, as Finnish and
-- Swedish need; prefix indexes make "puu*" fast.
CREATE VIRTUAL TABLE places_fts USING fts5(
	title, description, tasks, municipality,
	tokenize = 'unicode61 remove_diacritics 0',
	prefix = '2 3 4'
);

-- A client in a place. client_ref is the county's client system number
-- (letters and digits); no personal identity code is ever stored.
CREATE TABLE placements (
	id INTEGER PRIMARY KEY,
	client_ref TEXT NOT NULL CHECK (length(client_ref) BETWEEN 1 AND 32),
	client_name TEXT NOT NULL CHECK (length(client_name) BETWEEN 1 AND 200),
	place_id INTEGER NOT NULL REFERENCES places(id),
	contract_id INTEGER NOT NULL REFERENCES contracts(id),
	org_id INTEGER NOT NULL REFERENCES organisations(id),     -- provider
	caseworker_id INTEGER NOT NULL REFERENCES users(id),
	caseworker_org_id INTEGER NOT NULL REFERENCES organisations(id),
	start_date TEXT NOT NULL,
	weekdays INTEGER NOT NULL CHECK (weekdays BETWEEN 1 AND 127),
	hours_per_day INTEGER NOT NULL CHECK (hours_per_day BETWEEN 4 AND 6),
	status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN
		('proposed', 'active', 'declined', 'ended')),
	confirmed_at INTEGER,
	declined_at INTEGER,
	decline_reason TEXT NOT NULL DEFAULT '',
	end_date TEXT,
	outcome TEXT CHECK (outcome IS NULL OR outcome IN (
		'employed_open', 'employed_subsidy', 'studies', 'employment_services',
		'rehabilitation', 'retired', 'other_social_service', 'moved_away',
		'own_request', 'not_reached', 'no_change', 'other')),
	created_at INTEGER NOT NULL,
	CHECK (status <> 'ended' OR (end_date IS NOT NULL AND outcome IS NOT NULL))
);
CREATE INDEX placements_place ON placements(place_id, status);
CREATE INDEX placements_org ON placements(org_id, status);
CREATE INDEX placements_caseworker_org ON placements(caseworker_org_id, status);
CREATE INDEX placements_client ON placements(client_ref);

-- Decision periods: the first one and every renewal, never overwritten.
CREATE TABLE placement_periods (
	id INTEGER PRIMARY KEY,
	placement_id INTEGER NOT NULL REFERENCES placements(id),
	start_date TEXT NOT NULL,
	end_date TEXT NOT NULL,
	decision_date TEXT NOT NULL,
	months INTEGER NOT NULL CHECK (months IN (3, 12) OR months BETWEEN 3 AND 12),
	created_by INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	CHECK (start_date <= end_date)
);
CREATE INDEX placement_periods_placement ON placement_periods(placement_id, end_date);
