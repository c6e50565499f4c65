-- 0001: organisations, users, sessions, audit log, reference data.
-- Times are UTC Unix seconds (INTEGER); calendar dates are 'YYYY-MM-DD'.

CREATE TABLE service_types (
	id INTEGER PRIMARY KEY,
	code INTEGER NOT NULL UNIQUE CHECK (code BETWEEN 1 AND 99),
	name_fi TEXT NOT NULL CHECK (length(name_fi) BETWEEN 1 AND 300),
	name_sv TEXT NOT NULL CHECK (length(name_sv) BETWEEN 1 AND 300),
	name_en TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 300),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE municipalities (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE CHECK (length(code) = 3),
	name_fi TEXT NOT NULL UNIQUE CHECK (length(name_fi) BETWEEN 1 AND 100),
	name_sv TEXT NOT NULL CHECK (length(name_sv) BETWEEN 1 AND 100),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE organisations (
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('buyer', 'provider')),
	name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	ytunnus TEXT NOT NULL UNIQUE,
	street TEXT NOT NULL DEFAULT '',
	postcode TEXT NOT NULL DEFAULT '',
	city TEXT NOT NULL DEFAULT '',
	contact_name TEXT NOT NULL DEFAULT '',
	contact_email TEXT NOT NULL DEFAULT '',
	contact_phone TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'approved', 'rejected')),
	created_at INTEGER NOT NULL,
	approved_at INTEGER,
	approved_by INTEGER REFERENCES users(id)
);

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	username TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	email TEXT NOT NULL DEFAULT '',
	role TEXT NOT NULL CHECK (role IN
		('admin', 'officer', 'caseworker', 'finance', 'provider')),
	org_id INTEGER REFERENCES organisations(id),
	password_hash TEXT,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at INTEGER NOT NULL,
	password_changed_at INTEGER,
	CHECK (role <> 'provider' OR org_id IS NOT NULL)
);
CREATE INDEX users_org ON users(org_id);

-- Only a SHA-256 of the session token is stored, so a copy of the
-- database does not hand out live sessions.
CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	last_seen INTEGER NOT NULL,
	ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_attempts (
	id INTEGER PRIMARY KEY,
	ts INTEGER NOT NULL,
	username TEXT NOT NULL,
	ip TEXT NOT NULL,
	ok INTEGER NOT NULL CHECK (ok IN (0, 1))
);
CREATE INDEX login_attempts_user ON login_attempts(username, ts);
CREATE INDEX login_attempts_ip ON login_attempts(ip, ts);

-- One row per processed state-changing form: a repeated POST (double
-- click, reload, retry after a lost response) finds its nonce here and is
-- sent to the first result instead of acting twice. A nonce is bound to
-- the user who used it, so nobody else's replay reveals that result.
CREATE TABLE form_nonces (
	nonce TEXT PRIMARY KEY,
	user_id INTEGER NOT NULL,   -- 0 when anonymous
	created_at INTEGER NOT NULL,
	location TEXT NOT NULL
) WITHOUT ROWID;

-- Append-only, hash-chained: hash = SHA-256 over the previous row's hash
-- and this row's fields (see src/audit.c).
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	ts INTEGER NOT NULL,
	actor_id INTEGER,
	actor TEXT NOT NULL,
	ip TEXT NOT NULL,
	action TEXT NOT NULL,
	object TEXT NOT NULL,
	details TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log(action, ts);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- Feedback from the accessibility statement page.
CREATE TABLE feedback (
	id INTEGER PRIMARY KEY,
	ts INTEGER NOT NULL,
	name TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	page TEXT NOT NULL DEFAULT '',
	message TEXT NOT NULL CHECK (length(message) BETWEEN 1 AND 5000),
	lang TEXT NOT NULL DEFAULT 'fi',
	handled INTEGER NOT NULL DEFAULT 0 CHECK (handled IN (0, 1))
);

-- Reference data every installation needs.
INSERT INTO service_types(code, name_fi, name_sv, name_en) VALUES
(1, 'Työtoimintapaikan järjestäminen ja työtoiminnan ohjaus',
    'Ordnande av arbetsverksamhetsplats och handledning av arbetsverksamheten',
    'Work-activity place and guidance of the work'),
(2, 'Työtoimintapaikan järjestäminen ja työtoiminnan ohjaus sekä sosiaalialan ammatillinen tuki ja ohjaus',
    'Ordnande av arbetsverksamhetsplats och handledning samt yrkesmässigt stöd och handledning inom socialt arbete',
    'Work-activity place and guidance with professional social-work support'),
(3, 'Työtoimintapaikan järjestäminen ja työtoiminnan ohjaus sekä sosiaalialan ammatillinen työ- ja toimintakykyä kartoittava palvelu',
    'Ordnande av arbetsverksamhetsplats och handledning samt yrkesmässig kartläggning av arbets- och funktionsförmågan inom socialt arbete',
    'Work-activity place and guidance with professional assessment of work and functional capacity');
