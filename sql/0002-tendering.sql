-- 0002: calls for tender, lots, criteria, requirements, documents,
-- questions, amendments, bids with sealed submissions, opening,
-- qualification, scoring, award decisions; the notification outbox; the
-- settings table (appeal instructions, the test clock).

CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE tenders (
	id INTEGER PRIMARY KEY,
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
		('draft', 'published', 'opened', 'awarded', 'cancelled')),
	title_fi TEXT NOT NULL CHECK (length(title_fi) BETWEEN 1 AND 200),
	title_sv TEXT NOT NULL DEFAULT '' CHECK (length(title_sv) <= 200),
	description_fi TEXT NOT NULL DEFAULT '' CHECK (length(description_fi) <= 20000),
	description_sv TEXT NOT NULL DEFAULT '' CHECK (length(description_sv) <= 20000),
	contract_start TEXT NOT NULL DEFAULT '',   -- 'YYYY-MM-DD'
	contract_end TEXT NOT NULL DEFAULT '',
	extension_options TEXT NOT NULL DEFAULT '' CHECK (length(extension_options) <= 500),
	questions_deadline INTEGER,                -- UTC seconds
	bids_deadline INTEGER,
	standstill_days INTEGER NOT NULL DEFAULT 14 CHECK (standstill_days BETWEEN 1 AND 60),
	created_by INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	published_at INTEGER,
	cancelled_at INTEGER,
	cancel_reason TEXT NOT NULL DEFAULT '',
	opened_at INTEGER,
	opened_by INTEGER REFERENCES users(id),
	awarded_at INTEGER
);
CREATE INDEX tenders_status ON tenders(status, bids_deadline);

CREATE TABLE lots (
	id INTEGER PRIMARY KEY,
	tender_id INTEGER NOT NULL REFERENCES tenders(id) ON DELETE CASCADE,
	number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 99),
	title TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 200),
	service_type_id INTEGER NOT NULL REFERENCES service_types(id),
	form TEXT NOT NULL CHECK (form IN ('individual', 'group', 'both')),
	est_days_per_year INTEGER NOT NULL CHECK (est_days_per_year BETWEEN 0 AND 10000000),
	pricing TEXT NOT NULL CHECK (pricing IN ('fixed', 'bid')),
	fixed_price_cents INTEGER CHECK (fixed_price_cents > 0),
	ceiling_cents INTEGER CHECK (ceiling_cents > 0),
	price_weight INTEGER NOT NULL DEFAULT 0 CHECK (price_weight BETWEEN 0 AND 100),
	UNIQUE (tender_id, number),
	CHECK (pricing <> 'fixed' OR (fixed_price_cents IS NOT NULL AND price_weight = 0))
);

CREATE TABLE lot_municipalities (
	lot_id INTEGER NOT NULL REFERENCES lots(id) ON DELETE CASCADE,
	municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
	PRIMARY KEY (lot_id, municipality_id)
) WITHOUT ROWID;

-- Quality criteria of a lot: the lot's price weight plus the criteria's
-- maximum points add up to 100.
CREATE TABLE criteria (
	id INTEGER PRIMARY KEY,
	lot_id INTEGER NOT NULL REFERENCES lots(id) ON DELETE CASCADE,
	number INTEGER NOT NULL,
	description_fi TEXT NOT NULL CHECK (length(description_fi) BETWEEN 1 AND 2000),
	description_sv TEXT NOT NULL DEFAULT '' CHECK (length(description_sv) <= 2000),
	max_points INTEGER NOT NULL CHECK (max_points BETWEEN 1 AND 100),
	UNIQUE (lot_id, number)
);

CREATE TABLE requirements (
	id INTEGER PRIMARY KEY,
	tender_id INTEGER NOT NULL REFERENCES tenders(id) ON DELETE CASCADE,
	number INTEGER NOT NULL,
	text_fi TEXT NOT NULL CHECK (length(text_fi) BETWEEN 1 AND 2000),
	text_sv TEXT NOT NULL DEFAULT '' CHECK (length(text_sv) <= 2000),
	needs_attachment INTEGER NOT NULL DEFAULT 0 CHECK (needs_attachment IN (0, 1)),
	UNIQUE (tender_id, number)
);

-- Files are kept in the database: one transaction covers a file and the
-- rows that refer to it, and a backup holds everything.
CREATE TABLE files (
	id INTEGER PRIMARY KEY,
	filename TEXT NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
	content_type TEXT NOT NULL,
	size INTEGER NOT NULL CHECK (size BETWEEN 1 AND 10485760),
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	content BLOB NOT NULL,
	uploaded_by INTEGER NOT NULL REFERENCES users(id),
	uploaded_at INTEGER NOT NULL
);

CREATE TABLE tender_documents (
	tender_id INTEGER NOT NULL REFERENCES tenders(id) ON DELETE CASCADE,
	file_id INTEGER NOT NULL REFERENCES files(id),
	title TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (tender_id, file_id)
) WITHOUT ROWID;

-- A provider's reusable documents (trade register extract, tax
-- certificate, insurance, ...), attachable to many bids.
CREATE TABLE org_documents (
	id INTEGER PRIMARY KEY,
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	file_id INTEGER NOT NULL REFERENCES files(id),
	kind TEXT NOT NULL DEFAULT '' CHECK (length(kind) <= 100),
	created_at INTEGER NOT NULL
);
CREATE INDEX org_documents_org ON org_documents(org_id);

CREATE TABLE amendments (
	id INTEGER PRIMARY KEY,
	tender_id INTEGER NOT NULL REFERENCES tenders(id),
	published_at INTEGER NOT NULL,
	published_by INTEGER NOT NULL REFERENCES users(id),
	text_fi TEXT NOT NULL CHECK (length(text_fi) BETWEEN 1 AND 5000),
	text_sv TEXT NOT NULL DEFAULT '',
	old_bids_deadline INTEGER,
	new_bids_deadline INTEGER
);
CREATE INDEX amendments_tender ON amendments(tender_id);

-- The asker is kept for the record but never shown: answers are public.
CREATE TABLE questions (
	id INTEGER PRIMARY KEY,
	tender_id INTEGER NOT NULL REFERENCES tenders(id),
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	asked_by INTEGER NOT NULL REFERENCES users(id),
	asked_at INTEGER NOT NULL,
	question TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 5000),
	answer TEXT NOT NULL DEFAULT '' CHECK (length(answer) <= 10000),
	answered_at INTEGER,
	answered_by INTEGER REFERENCES users(id)
);
CREATE INDEX questions_tender ON questions(tender_id);

-- A provider's working copy of its bid: edited freely until the deadline.
-- What counts is the latest valid submission (bid_submissions), a frozen
-- snapshot with its receipt hash.
CREATE TABLE bids (
	id INTEGER PRIMARY KEY,
	tender_id INTEGER NOT NULL REFERENCES tenders(id),
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	UNIQUE (tender_id, org_id)
);

CREATE TABLE bid_lots (
	bid_id INTEGER NOT NULL REFERENCES bids(id) ON DELETE CASCADE,
	lot_id INTEGER NOT NULL REFERENCES lots(id),
	price_cents INTEGER CHECK (price_cents > 0),
	capacity INTEGER NOT NULL DEFAULT 0 CHECK (capacity BETWEEN 0 AND 10000),
	work_description TEXT NOT NULL DEFAULT '' CHECK (length(work_description) <= 10000),
	PRIMARY KEY (bid_id, lot_id)
) WITHOUT ROWID;

CREATE TABLE bid_answers (
	bid_id INTEGER NOT NULL REFERENCES bids(id) ON DELETE CASCADE,
	criterion_id INTEGER NOT NULL REFERENCES criteria(id),
	answer TEXT NOT NULL DEFAULT '' CHECK (length(answer) <= 20000),
	PRIMARY KEY (bid_id, criterion_id)
) WITHOUT ROWID;

CREATE TABLE bid_requirements (
	bid_id INTEGER NOT NULL REFERENCES bids(id) ON DELETE CASCADE,
	requirement_id INTEGER NOT NULL REFERENCES requirements(id),
	confirmed INTEGER NOT NULL DEFAULT 0 CHECK (confirmed IN (0, 1)),
	org_document_id INTEGER REFERENCES org_documents(id),
	PRIMARY KEY (bid_id, requirement_id)
) WITHOUT ROWID;

-- Every submission and withdrawal: the receipt. Only the newest row of a
-- bid counts; earlier ones are superseded, never deleted.
CREATE TABLE bid_submissions (
	id INTEGER PRIMARY KEY,
	bid_id INTEGER NOT NULL REFERENCES bids(id),
	kind TEXT NOT NULL CHECK (kind IN ('submit', 'withdraw')),
	received_at INTEGER NOT NULL,
	received_by INTEGER NOT NULL REFERENCES users(id),
	content TEXT NOT NULL,       -- canonical text of the bid (submit)
	sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
	superseded_at INTEGER
);
CREATE INDEX bid_submissions_bid ON bid_submissions(bid_id, id);

-- The frozen lots of a submission, for opening and scoring.
CREATE TABLE submission_lots (
	submission_id INTEGER NOT NULL REFERENCES bid_submissions(id),
	lot_id INTEGER NOT NULL REFERENCES lots(id),
	price_cents INTEGER NOT NULL CHECK (price_cents > 0),
	capacity INTEGER NOT NULL,
	work_description TEXT NOT NULL,
	PRIMARY KEY (submission_id, lot_id)
) WITHOUT ROWID;

CREATE TABLE submission_answers (
	submission_id INTEGER NOT NULL REFERENCES bid_submissions(id),
	criterion_id INTEGER NOT NULL REFERENCES criteria(id),
	answer TEXT NOT NULL,
	PRIMARY KEY (submission_id, criterion_id)
) WITHOUT ROWID;

CREATE TABLE submission_requirements (
	submission_id INTEGER NOT NULL REFERENCES bid_submissions(id),
	requirement_id INTEGER NOT NULL REFERENCES requirements(id),
	confirmed INTEGER NOT NULL,
	file_id INTEGER REFERENCES files(id),
	PRIMARY KEY (submission_id, requirement_id)
) WITHOUT ROWID;

-- The opening record: one line per valid submission at opening time.
CREATE TABLE opening_lines (
	tender_id INTEGER NOT NULL REFERENCES tenders(id),
	submission_id INTEGER NOT NULL REFERENCES bid_submissions(id),
	org_id INTEGER NOT NULL REFERENCES organisations(id),
	bidder TEXT NOT NULL,
	received_at INTEGER NOT NULL,
	lots TEXT NOT NULL,          -- lot numbers, "1, 2"
	sha256 TEXT NOT NULL,
	PRIMARY KEY (tender_id, submission_id)
) WITHOUT ROWID;

CREATE TABLE qualifications (
	submission_id INTEGER NOT NULL REFERENCES bid_submissions(id),
	requirement_id INTEGER NOT NULL REFERENCES requirements(id),
	pass INTEGER NOT NULL CHECK (pass IN (0, 1)),
	reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 2000),
	decided_by INTEGER NOT NULL REFERENCES users(id),
	decided_at INTEGER NOT NULL,
	PRIMARY KEY (submission_id, requirement_id)
) WITHOUT ROWID;

CREATE TABLE scores (
	submission_id INTEGER NOT NULL REFERENCES bid_submissions(id),
	criterion_id INTEGER NOT NULL REFERENCES criteria(id),
	points_x100 INTEGER NOT NULL CHECK (points_x100 >= 0), -- hundredths
	justification TEXT NOT NULL CHECK (length(justification) BETWEEN 1 AND 5000),
	scored_by INTEGER NOT NULL REFERENCES users(id),
	scored_at INTEGER NOT NULL,
	PRIMARY KEY (submission_id, criterion_id)
) WITHOUT ROWID;

-- The award of a lot: how many providers form the framework, and the
-- decision once published.
CREATE TABLE lot_awards (
	lot_id INTEGER PRIMARY KEY REFERENCES lots(id),
	framework_size INTEGER,      -- NULL: all qualified
	decided_by INTEGER NOT NULL REFERENCES users(id),
	decided_at INTEGER NOT NULL
);

CREATE TABLE award_ranks (
	lot_id INTEGER NOT NULL REFERENCES lots(id),
	submission_id INTEGER NOT NULL REFERENCES bid_submissions(id),
	rank INTEGER NOT NULL,
	total_x100 INTEGER NOT NULL,
	selected INTEGER NOT NULL CHECK (selected IN (0, 1)),
	PRIMARY KEY (lot_id, submission_id)
) WITHOUT ROWID;

CREATE TABLE award_decisions (
	tender_id INTEGER PRIMARY KEY REFERENCES tenders(id),
	published_at INTEGER NOT NULL,
	published_by INTEGER NOT NULL REFERENCES users(id),
	standstill_end TEXT NOT NULL,  -- 'YYYY-MM-DD', Helsinki
	reasoning_fi TEXT NOT NULL DEFAULT '',
	reasoning_sv TEXT NOT NULL DEFAULT ''
);

-- Notifications: shown in the portal, and e-mailed through the outbox.
CREATE TABLE notifications (
	id INTEGER PRIMARY KEY,
	org_id INTEGER REFERENCES organisations(id),
	user_id INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	text_fi TEXT NOT NULL,
	text_sv TEXT NOT NULL,
	text_en TEXT NOT NULL,
	link TEXT NOT NULL DEFAULT '',
	read_at INTEGER,
	CHECK (org_id IS NOT NULL OR user_id IS NOT NULL)
);
CREATE INDEX notifications_org ON notifications(org_id, created_at);
CREATE INDEX notifications_user ON notifications(user_id, created_at);

-- Written in the same transaction as the change it reports; the mailer
-- sends each row once (sent_at) and retries failures with a delay.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY,
	created_at INTEGER NOT NULL,
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_attempt_at INTEGER NOT NULL,
	last_error TEXT NOT NULL DEFAULT '',
	sending_since INTEGER,
	sent_at INTEGER
);
CREATE INDEX outbox_pending ON outbox(sent_at, next_attempt_at);
