// The authorisation matrix (issue 7): every route of every FastCGI program
// (from `<program> --routes`) × every caller (anonymous, provider A,
// provider B, caseworker, a caseworker of another buyer organisation,
// officer, finance, administrator) × the objects of the route (A's, B's,
// buyer-side ones, sealed bids), each with the answer written in
// authz_matrix.json. A route without an entry, or an entry without a
// route, fails. Refused rows (403, 404, 4xx) must leave the database
// as it was. Marker strings planted in each organisation's data (and in
// a draft and a submitted bid on the open tender) must appear in no
// response to a caller who may not see them: before the deadline a bid's
// markers reach nobody but its provider, administrators and officers
// included. Prints one line per route.
// Usage: B=build node tests/stack/authz_matrix.mjs (VERBOSE=1: timings and
// how often each marker reached an allowed caller; DUMP=1: every request)
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	ROOT, B, PASSWORD, assert, eq, startStack, stopStack, sql, sqlValue, q, Client, login,
	formHidden, routes,
} from './lib.mjs';

// Layers 1-4 (awarded tender, contracts, days, invoices); the test plants
// the rest of what it needs.
process.env.PAIKKA_DEMO_LAYERS ??= '4';
const MATRIX = JSON.parse(fs.readFileSync(new URL('./authz_matrix.json', import.meta.url), 'utf8'));
const PROGRAMS = ['home', 'tendering', 'contracts', 'catalogue', 'invoicing'];
const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

// The callers: their login and the role name the route tables print.
const CALLERS = {
	anon: { user: null, role: 'anonymous' },
	provA: { user: 'provider', role: 'provider' },
	provB: { user: 'kierratys', role: 'provider' },
	cw: { user: 'caseworker', role: 'caseworker' },
	cw2: { user: 'othercw', role: 'caseworker' },
	officer: { user: 'officer', role: 'officer' },
	finance: { user: 'finance', role: 'finance' },
	admin: { user: 'admin', role: 'admin' },
};
const NAMES = Object.keys(CALLERS);

// Tables a refused request may write: the audit log (access.denied),
// sessions (last seen), login throttling and used form nonces. The
// mailer works on the outbox meanwhile: only its messages count.
const VOLATILE = ['audit_log', 'sessions', 'login_attempts', 'form_nonces', 'outbox'];
const OUTBOX = 'SELECT id, created_at, to_addr, subject, body FROM outbox';

// --- markers ------------------------------------------------------------------

// Letters and digits only (they go into client numbers) and never a
// substring of one another (the closing Q).
const mk = (owner, tag) => `ZQX${owner}${tag}Q`;
const STAFF_CATALOGUE = ['admin', 'officer', 'cw', 'cw2'];
// name → {value, seenBy: the callers who may get it in a response}.
const MARKERS = {};
function marker(owner, tag, seenBy, what) {
	const value = mk(owner, tag);
	MARKERS[value] = { value, owner, tag, seenBy: new Set(seenBy), what, seen: 0 };
	return value;
}
for (const [o, prov] of [['A', 'provA'], ['B', 'provB']]) {
	marker(o, 'PDESC', [prov, ...STAFF_CATALOGUE], 'place description');
	marker(o, 'PTITLE', [prov, ...STAFF_CATALOGUE, 'finance'], 'place title');
	marker(o, 'CNAME', [prov, 'admin', 'cw'], 'client name of a placement made by org 1');
	marker(o, 'CREF', [prov, 'admin', 'cw', 'finance'], 'client number of a placement made by org 1 (also on invoices)');
	marker(o, 'CNAMETHREE', [prov, 'admin', 'cw'], 'client name of a service-3 placement');
	marker(o, 'BUYREF', [prov, 'finance', 'admin'], "invoice's buyer reference");
	marker(o, 'REPORT', [prov, 'admin', 'cw'], 'capacity-assessment report (file and name)');
	marker(o, 'ORGDOC', [prov, 'admin'], "organisation document's kind (audited at upload)");
	marker(o, 'ORGFILE', [prov], 'organisation document file (content and name)');
	marker(o, 'QUESTION', [prov, 'officer', 'admin'], 'unanswered question on the open tender');
	marker(o, 'SUBTHREE', [prov, 'officer', 'admin'], "awarded tender's bid text");
}
marker('B', 'CNAMETWO', ['provB', 'admin', 'cw2'], 'client name of a placement made by org 90');
marker('B', 'CREFTWO', ['provB', 'admin', 'cw2', 'finance'], 'client number of a placement made by org 90');
marker('B', 'SUBFILE', ['provB', 'officer', 'admin'], "awarded tender's bid attachment");
marker('F', 'FEEDBACK', ['admin'], 'accessibility feedback');
// Sealed bids on the open tender: nobody but the bidder.
marker('A', 'BIDDRAFT', ['provA'], 'draft bid on the open tender');
marker('B', 'BIDSUB', ['provB'], 'submitted bid on the open tender');
marker('B', 'BIDDRAFT', ['provB'], 'draft bid (after submitting) on the open tender');
marker('B', 'BIDFILE', ['provB'], "open tender's bid attachment (content and name)");
const SEALED = new Set([mk('A', 'BIDDRAFT'), mk('B', 'BIDSUB'), mk('B', 'BIDDRAFT'), mk('B', 'BIDFILE')]);

// --- fixtures -------------------------------------------------------------------

function pdf(text) {
	return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

function fileRow(id, name, content, by) {
	const sha = createHash('sha256').update(content).digest('hex');
	return `INSERT INTO files(id, filename, content_type, size, sha256, content, uploaded_by, uploaded_at) ` +
		`VALUES (${id}, ${q(name)}, 'application/pdf', ${content.length}, '${sha}', X'${content.toString('hex')}', ${by}, unixepoch());`;
}

// A Finnish reference number: base digits and the 7-3-1 check digit.
function refnum(base) {
	const w = [7, 3, 1];
	const s = [...String(base)].reverse().reduce((a, c, i) => a + Number(c) * w[i % 3], 0);
	return `${base}${(10 - (s % 10)) % 10}`;
}

const iso = (d) => d.toISOString().slice(0, 10);
function daysAgo(n) {
	const d = new Date();
	d.setUTCHours(12, 0, 0, 0);
	d.setUTCDate(d.getUTCDate() - n);
	return d;
}
function monthsAgo(n) {
	const d = new Date();
	d.setUTCDate(15);
	d.setUTCMonth(d.getUTCMonth() - n);
	return d.toISOString().slice(0, 7);
}

// A past day (2..20 days ago) on one of the weekdays (ISO 1-7 bits) not
// before start (days ago).
function plannedDay(weekdays, startAgo) {
	for (let n = 2; n < Math.min(startAgo, 21); n++) {
		const d = daysAgo(n);
		const wd = ((d.getUTCDay() + 6) % 7) + 1;
		if (weekdays & (1 << (wd - 1))) return d;
	}
	throw new Error('no planned day found for the fixtures');
}

function paikkactl(stack, args, input) {
	return execFileSync(path.join(ROOT, B, 'bin/paikkactl'), args,
		{ input, env: { ...process.env, PAIKKA_DB: stack.db }, encoding: 'utf8' });
}

function multipartBody(pairs) {
	const boundary = '----authz' + randomBytes(8).toString('hex');
	const parts = [];
	for (const [k, v] of pairs) {
		if (v && typeof v === 'object' && v.filename !== undefined) {
			parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${v.filename}"\r\n` +
				`Content-Type: ${v.type}\r\n\r\n`));
			parts.push(Buffer.from(v.content));
			parts.push(Buffer.from('\r\n'));
		} else {
			parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
		}
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

const nonce = () => randomBytes(16).toString('hex');

// POSTs fields (with the caller's csrf and a fresh nonce) as a form.
async function post(c, p, fields, { multipart: mp = false } = {}) {
	const all = [['csrf', c.csrf || ''], ['nonce', nonce()], ...Object.entries(fields)];
	if (mp) {
		const { body, type } = multipartBody(all);
		return c.request('POST', p, { body, type });
	}
	return c.request('POST', p, { form: all.map(([k, v]) => [k, String(v)]) });
}

async function csrfOf(c) {
	const page = await c.get('/accessibility');
	return formHidden(page.text, '/accessibility').csrf;
}

async function newClient(stack, who) {
	const c = new Client(stack);
	if (CALLERS[who].user) eq((await login(c, CALLERS[who].user)).status, 303, `login ${who}`);
	c.csrf = await csrfOf(c);
	c.who = who;
	return c;
}

// Plants the markers and the objects the matrix names; returns the
// fixture values ({name} in the matrix).
async function plant(stack, cl) {
	const db = stack.db;
	const uid = (u) => Number(sqlValue(db, `SELECT id FROM users WHERE username = ${q(u)}`));
	const U = { admin: uid('admin'), officer: uid('officer'), cw: uid('caseworker'), finance: uid('finance'),
		provA: uid('provider'), provB: uid('kierratys'), cw2: uid('othercw') };
	const F = {
		orgA: 2, orgB: 3, orgPending: 5, userB: U.provB, muni: 1, serviceType: 1,
		tOpen: 1, tDraft: 2, tAwarded: 3, lotOpen: 1, lotDraft: 4, lotAwarded: 11,
		lotTmp: 9004, critTmp: 9007, critOpen: 1, reqTmp: 9001, reqOpen: 1, docOpen: 1, docDraft: 9002,
		subA3: 401, subB3: 403, subFileB3: 9501,
		contractA: 2, contractB: 1, contractDraft: 9305,
		placeA: 1, placeB: 3, plA: 1, plB: 3, plB2: 9303, plAended: 6, plBdeclined: 7, placePaused: 5, plApro: 9311, plBpro: 9312,
		plA3: 9301, plB3: 9302, repA: 9401, repB: 9402,
		invA: 1, invB: 9201, invAapproved: 9202,
		today: iso(daysAgo(0)), yesterday: iso(daysAgo(1)), lastMonth: monthsAgo(1), invMonth: monthsAgo(2),
	};
	const dA = plannedDay(21, 28); // placement 1: Mon, Wed, Fri since 28 days
	const dB = plannedDay(7, 29); // placement 3: Mon-Wed since 29 days
	Object.assign(F, { dayA: dA.getUTCDate(), dayMonthA: iso(dA).slice(0, 7), dayB: dB.getUTCDate(),
		dayMonthB: iso(dB).slice(0, 7), csvDayA: iso(dA), csvDayB: iso(dB) });
	const m = (o, t) => mk(o, t);
	const st = [];
	// Places, placements and client data.
	for (const [o, place, pl] of [['A', 1, 1], ['B', 3, 3]]) {
		st.push(`UPDATE places SET description = description || ' ${m(o, 'PDESC')}', title = title || ' ${m(o, 'PTITLE')}' WHERE id = ${place};`);
		st.push(`UPDATE placements SET client_name = '${m(o, 'CNAME')}', client_ref = '${m(o, 'CREF')}' WHERE id = ${pl};`);
		st.push(`UPDATE invoice_lines SET client_ref = '${m(o, 'CREF')}' WHERE placement_id = ${pl};`);
	}
	const period = (id, by, start) => `INSERT INTO placement_periods(placement_id, start_date, end_date, decision_date, months, created_by, created_at) ` +
		`VALUES (${id}, date('now', '${start}'), date('now', '${start}', '+3 months', '-1 day'), date('now', '-12 days'), 3, ${by}, unixepoch('now', '-12 days'));`;
	const placement = (id, ref, name, place, contract, org, cwId, cwOrg, status, start) =>
		`INSERT INTO placements(id, client_ref, client_name, place_id, contract_id, org_id, caseworker_id, caseworker_org_id, start_date, weekdays, hours_per_day, status, confirmed_at, created_at) ` +
		`VALUES (${id}, '${ref}', '${name}', ${place}, ${contract}, ${org}, ${cwId}, ${cwOrg}, date('now', '${start}'), 7, 4, '${status}', ` +
		`${status === 'active' ? "unixepoch('now', '-11 days')" : 'NULL'}, unixepoch('now', '-12 days'));` + period(id, cwId, start);
	st.push(placement(9303, m('B', 'CREFTWO'), m('B', 'CNAMETWO'), 3, 1, 3, U.cw2, 90, 'active', '-10 days'));
	st.push(placement(9311, 'APRO9311', 'Aapo Ehdotettu', 1, 2, 2, U.cw, 1, 'proposed', '+3 days'));
	st.push(placement(9312, 'BPRO9312', 'Berta Ehdotettu', 3, 1, 3, U.cw, 1, 'proposed', '+3 days'));
	// Service 3 (capacity assessment): a contract, place, placement and report per provider.
	for (const [o, org, id, by] of [['A', 2, 9301, U.provA], ['B', 3, 9302, U.provB]]) {
		st.push(`INSERT INTO contracts(id, org_id, service_type_id, form, daily_price_cents, start_date, end_date, capacity, status, direct_award, justification, signed_date, signer_name, signed_by, activated_at, created_by, created_at) ` +
			`VALUES (${id}, ${org}, 3, 'individual', 5000, date('now', '-40 days'), date('now', '+300 days'), 5, 'active', 1, 'Testi', date('now', '-41 days'), 'Testi', ${U.officer}, unixepoch('now', '-40 days'), ${U.officer}, unixepoch('now', '-42 days'));`);
		st.push(`INSERT INTO contract_municipalities(contract_id, municipality_id) VALUES (${id}, 1);`);
		st.push(`INSERT INTO places(id, contract_id, org_id, title, description, municipality_id, service_type_id, form, weekdays, hours_min, hours_max, capacity, status, created_at, updated_at) ` +
			`VALUES (${id}, ${id}, ${org}, 'Kartoitus ${o}', 'Työkyvyn kartoitus.', 1, 3, 'individual', 31, 4, 6, 5, 'open', unixepoch('now', '-39 days'), unixepoch('now', '-39 days'));`);
		st.push(placement(id, `${o}THREE${id}`, m(o, 'CNAMETHREE'), id, id, org, U.cw, 1, 'active', '-20 days'));
		const rep = pdf(m(o, 'REPORT'));
		st.push(fileRow(id + 100, `${m(o, 'REPORT')}.pdf`, rep, by));
		st.push(`INSERT INTO assessment_reports(id, placement_id, file_id, uploaded_by, uploaded_at) VALUES (${id + 100}, ${id}, ${id + 100}, ${by}, unixepoch('now', '-2 days'));`);
	}
	st.push(`INSERT INTO contracts(id, org_id, service_type_id, form, daily_price_cents, start_date, end_date, capacity, status, direct_award, justification, created_by, created_at) ` +
		`VALUES (9305, 2, 1, 'both', 1009, date('now', '+10 days'), date('now', '+300 days'), 3, 'draft', 1, 'Testi', ${U.officer}, unixepoch());`);
	st.push('INSERT INTO contract_municipalities(contract_id, municipality_id) VALUES (9305, 1);');
	// Invoices: A's submitted one gets a buyer reference; an approved one
	// each, two months ago (so that last month stays unlocked).
	st.push(`UPDATE invoices SET buyer_reference = '${m('A', 'BUYREF')}' WHERE id = 1;`);
	const inv = (id, org, contract, number, seq, ref, iban, bic, einv, placementId, clientRef, by) => {
		const mo = F.invMonth;
		return `INSERT INTO invoices(id, org_id, buyer_org_id, contract_id, month, seq, number, version, status, invoice_date, due_date, total_cents, vat_text, iban, bic, reference, ` +
			`seller_einvoice, seller_operator, buyer_einvoice, buyer_operator, buyer_reference, created_by, created_at, submitted_at, submitted_by, decided_at, decided_by) VALUES ` +
			`(${id}, ${org}, 1, ${contract}, '${mo}', ${seq}, '${number}', 1, 'approved', '${mo}-28', date('${mo}-28', '+21 days'), 5045, 'Arvonlisäveroton sosiaalipalvelu (AVL 37 §)', ` +
			`'${iban}', '${bic}', '${ref}', '${einv}', '003721291126', '003732213027', 'E204503', '${m(org === 2 ? 'A' : 'B', 'BUYREF')}', ${by}, unixepoch('now', '-40 days'), ` +
			`unixepoch('now', '-40 days'), ${by}, unixepoch('now', '-39 days'), ${U.finance});` +
			`INSERT INTO invoice_lines(invoice_id, placement_id, client_ref, service_type_id, period_start, period_end, days, unit_cents, total_cents) ` +
			`VALUES (${id}, ${placementId}, '${clientRef}', 1, '${mo}-01', '${mo}-28', 5, 1009, 5045);`;
	};
	st.push(inv(9201, 3, 1, '3-09201', 9201, refnum(39201), 'FI1380001700012345', 'DABAFIHH', '003745678907', 3, m('B', 'CREF'), U.provB));
	st.push(inv(9202, 2, 2, '2-09202', 9202, refnum(29202), 'FI2112345600000785', 'NDEAFIHH', '003723456780', 2, 'BM2002', U.provA));
	// The draft tender's removable parts; the awarded tender's bid texts.
	st.push("INSERT INTO requirements(id, tender_id, number, text_fi, needs_attachment) VALUES (9001, 2, 1, 'Testivaatimus', 0);");
	st.push('INSERT INTO lots(id, tender_id, number, title, service_type_id, form, est_days_per_year, pricing, fixed_price_cents, ceiling_cents, price_weight) ' +
		"SELECT 9004, 2, 2, 'Testiosa', service_type_id, form, est_days_per_year, pricing, fixed_price_cents, ceiling_cents, price_weight FROM lots WHERE id = 4;");
	st.push("INSERT INTO criteria(id, lot_id, number, description_fi, max_points) VALUES (9007, 4, 2, 'Testikriteeri', 10);");
	st.push(fileRow(9002, 'testiliite.pdf', pdf('testiliite'), U.officer));
	st.push("INSERT INTO tender_documents(tender_id, file_id, title) VALUES (2, 9002, 'Testiliite');");
	st.push(`UPDATE submission_lots SET work_description = '${m('A', 'SUBTHREE')}' WHERE submission_id = 401;`);
	st.push(`UPDATE submission_lots SET work_description = '${m('B', 'SUBTHREE')}' WHERE submission_id = 403;`);
	st.push(fileRow(9501, `${m('B', 'SUBFILE')}.pdf`, pdf(m('B', 'SUBFILE')), U.provB));
	st.push('UPDATE submission_requirements SET file_id = 9501 WHERE submission_id = 403 AND requirement_id = 31;');
	st.push(`INSERT INTO feedback(ts, name, email, page, message, lang) VALUES (unixepoch(), 'Testi', 't@example.org', '/', '${m('F', 'FEEDBACK')}', 'fi');`);
	sql(db, st.join('\n'));

	// Through the app, as its users: organisation documents, questions,
	// and bids on the open tender (B submits, then keeps a new draft).
	const ok = (r, what) => assert(r.status === 303, `${what}: ${r.status} ${r.location || ''} ${(r.text.match(/class="error">([^<]*)/) || [])[1] || ''}`);
	for (const [o, c] of [['A', cl.provA], ['B', cl.provB]]) {
		ok(await post(c, '/tenders/documents', { kind: m(o, 'ORGDOC'),
			file: { filename: `${m(o, 'ORGFILE')}.pdf`, type: 'application/pdf', content: pdf(m(o, 'ORGFILE')) } }, { multipart: true }), `org document ${o}`);
		ok(await post(c, '/tenders/1/questions', { question: `Kysymys ${m(o, 'QUESTION')}` }), `question ${o}`);
	}
	const docOf = (org, kind) => Number(sqlValue(db, `SELECT id FROM org_documents WHERE org_id = ${org} AND kind = ${q(kind)}`));
	F.orgDocA = docOf(2, m('A', 'ORGDOC'));
	F.orgDocB = docOf(3, m('B', 'ORGDOC'));
	F.orgDocFileA = Number(sqlValue(db, `SELECT file_id FROM org_documents WHERE id = ${F.orgDocA}`));
	F.questionA = Number(sqlValue(db, `SELECT id FROM questions WHERE question LIKE '%${m('A', 'QUESTION')}%'`));
	const bidFields = (text, docs) => ({
		lot_1: '1', capacity_1: '5', work_1: `Työ ${text}`, answer_1: `Vastaus ${text}`, answer_2: 'Keskustassa.',
		confirm_1: '1', confirm_2: '1', confirm_3: '1', confirm_4: '1', ...docs,
	});
	ok(await post(cl.provB, '/tenders/1/bid', bidFields(m('B', 'BIDSUB'), {
		file_1: { filename: `${m('B', 'BIDFILE')}.pdf`, type: 'application/pdf', content: pdf(m('B', 'BIDFILE')) },
		doc_2: String(F.orgDocB), doc_3: String(F.orgDocB),
	}), { multipart: true }), 'B saves its bid');
	F.bidDocB = Number(sqlValue(db, `SELECT d.id FROM org_documents d JOIN files f ON f.id = d.file_id WHERE d.org_id = 3 AND f.filename = '${m('B', 'BIDFILE')}.pdf'`));
	F.bidFileB = Number(sqlValue(db, `SELECT file_id FROM org_documents WHERE id = ${F.bidDocB}`));
	ok(await post(cl.provB, '/tenders/1/bid/submit', {}), 'B submits its bid');
	F.subB1 = Number(sqlValue(db, "SELECT s.id FROM bid_submissions s JOIN bids b ON b.id = s.bid_id WHERE b.tender_id = 1 AND b.org_id = 3 AND s.kind = 'submit'"));
	ok(await post(cl.provB, '/tenders/1/bid', bidFields(m('B', 'BIDDRAFT'), {
		doc_1: String(F.bidDocB), doc_2: String(F.orgDocB), doc_3: String(F.orgDocB),
	}), { multipart: true }), 'B saves a new draft');
	ok(await post(cl.provA, '/tenders/1/bid', bidFields(m('A', 'BIDDRAFT'), {}), { multipart: true }), 'A saves a draft bid');
	for (const [k, v] of Object.entries(F))
		assert(v !== undefined && !Number.isNaN(v) && v !== 0, `fixture ${k} not found`);
	// Sanity: the bid rows are where the matrix expects them.
	eq(sqlValue(db, `SELECT count(*) FROM bid_submissions s JOIN submission_requirements r ON r.submission_id = s.id WHERE s.id = ${F.subB1} AND r.file_id = ${F.bidFileB}`),
		'1', "B's submission carries its attachment");
	return F;
}

// --- the matrix -------------------------------------------------------------------

// "{name}" → fixture value, in strings.
function fill(s, F) {
	return String(s).replace(/\{(\w+)\}/g, (all, k) => {
		if (!(k in F)) throw new Error(`unknown fixture {${k}}`);
		return String(F[k]);
	});
}

function csvFor(F, owner) {
	const ref = owner === 'A' ? mk('A', 'CREF') : mk('B', 'CREF');
	const day = owner === 'A' ? F.csvDayA : F.csvDayB;
	return `client_ref;date;status\r\n${ref};${day};present\r\n`;
}

// A form value of the matrix: text, or a file ({file: name}, {csv: owner}).
function formValue(v, F) {
	if (v && typeof v === 'object') {
		if (v.csv) return { filename: 'days.csv', type: 'text/csv', content: csvFor(F, v.csv) };
		if (v.file) return { filename: v.file, type: 'application/pdf', content: pdf('test') };
		throw new Error(`bad form value ${JSON.stringify(v)}`);
	}
	return fill(v, F);
}

function fillForm(form, F) {
	const out = {};
	for (const [k, v] of Object.entries(form || {})) out[fill(k, F)] = formValue(v, F);
	return out;
}

// The variants of an entry: [{name, path, form}] with path filled.
function variants(pattern, entry, F) {
	const objs = entry.objects || { '-': [] };
	return Object.entries(objs).map(([name, o]) => {
		const spec = Array.isArray(o) ? { ids: o } : o;
		const ids = spec.ids || [];
		let i = 0;
		let p = pattern.replace(/:id/g, () => {
			const f = ids[i++];
			if (f === undefined) throw new Error(`${pattern}: variant ${name} has too few ids`);
			if (!(f in F)) throw new Error(`${pattern}: unknown fixture ${f}`);
			return String(F[f]);
		});
		if (i !== ids.length) throw new Error(`${pattern}: variant ${name} has too many ids`);
		if (spec.query) p += fill(spec.query, F);
		return { name, path: p, form: spec.form || entry.form || {}, keep: spec.keep };
	});
}

// The expected code of caller who on variant v.
function expected(entry, who, v) {
	const allow = entry.allow.split(' ');
	if (!allow.includes(CALLERS[who].role)) return 'deny';
	let e = entry.expect[who] ?? entry.expect['*'];
	if (e !== null && typeof e === 'object') e = e[v];
	if (e === undefined) throw new Error(`no expectation for ${who} on variant ${v}`);
	return e;
}

// null when the response r matches code e, else why not.
function judge(e, method, who, p, r) {
	if (r.status >= 500 || r.status === 0) return `${r.status}`;
	if (e === 'deny') {
		if (who !== 'anon') return r.status === 403 ? null : `${r.status}, want 403`;
		const want = `/login?next=${encodeURIComponent(p.split('?')[0])}`;
		return r.status === 303 && (r.location || '').toLowerCase() === want.toLowerCase()
			? null : `${r.status} ${r.location || ''}, want 303 to the login page`;
	}
	if (e === 'hide') return r.status === 404 ? null : `${r.status}, want 404`;
	if (e === 'ok') {
		if (method === 'GET') return r.status === 200 ? null : `${r.status} ${r.location || ''}, want 200`;
		return r.status === 403 || r.status === 404 ? `${r.status}, want allowed` : null;
	}
	return r.status === e ? null : `${r.status} ${r.location || ''}, want ${e}`;
}

// Rows run in the first pass: refusals and error answers.
const checked = (e) => e === 'deny' || e === 'hide' || (typeof e === 'number' && e >= 400);

// The markers in a response that the caller may not see (a marker the
// caller sent itself is an echo, not a leak).
function leaks(who, r, sent) {
	const text = r.text + '\n' + [...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
	const out = [];
	if (!text.includes('ZQX')) return out;
	for (const m of Object.values(MARKERS)) {
		if (!text.includes(m.value)) continue;
		if (m.seenBy.has(who)) {
			m.seen++;
			continue;
		}
		if (sent.includes(m.value)) continue;
		out.push(m);
	}
	return out;
}

// Hashes of every table but the volatile ones (or of the tables only):
// one sqlite3 run.
function fingerprint(db, only) {
	const which = only ? `name IN (${only.map(q).join(', ')})`
		: `name NOT LIKE 'sqlite_%' AND name NOT LIKE 'places_fts%' AND name NOT IN (${VOLATILE.map(q).join(', ')})`;
	const rows = sql(db, "SELECT name, hex(sha3_query('SELECT * FROM \"' || name || '\"')) FROM sqlite_schema " +
		`WHERE type = 'table' AND ${which} ORDER BY name`);
	if (only) return new Map(rows);
	rows.push(['outbox', sqlValue(db, `SELECT hex(sha3_query(${q(OUTBOX)}))`)]);
	return new Map(rows);
}

function changedTables(a, b) {
	const out = [];
	for (const [k, v] of a) if (b.get(k) !== v) out.push(k);
	for (const k of b.keys()) if (!a.has(k)) out.push(k);
	return out;
}

// Calls one row; records failures and leaks into res.
async function callRow(ctx, res, row) {
	const { who, method, v, e } = row;
	const c = row.client || ctx.clients[who];
	const form = row.okPhase && row.entry.okForm ? fillForm(row.entry.okForm, ctx.F) : fillForm(v.form, ctx.F);
	const kept = v.keep ? fingerprint(ctx.stack.db, v.keep) : null;
	let r;
	if (method === 'GET') r = await c.get(v.path);
	else r = await post(c, v.path, form, { multipart: !!row.entry.multipart });
	ctx.requests++;
	if (kept) {
		const changed = changedTables(kept, fingerprint(ctx.stack.db, v.keep));
		if (changed.length) res.fail.push(`${who} [${v.name}] changed ${changed.join(', ')}`);
	}
	const sent = v.path + JSON.stringify(form);
	const why = judge(e, method, who, v.path, r);
	if (process.env.DUMP) console.log(`# ${row.key} ${who} [${v.name}] ${method} ${v.path} -> ${r.status} ${r.location || ''} (want ${e})`);
	if (why) res.fail.push(`${who} ${v.name === '-' ? '' : `[${v.name}] `}${why}`);
	const absent = typeof row.entry.absent === 'string' ? MATRIX.absentSets[row.entry.absent] : row.entry.absent;
	for (const s of (absent || {})[who] || [])
		if (r.text.includes(s)) res.leaks.push(`${who} ${v.name === '-' ? '' : `[${v.name}] `}got "${s}"`);
	for (const m of leaks(who, r, sent)) {
		const line = `${who} ${v.name === '-' ? '' : `[${v.name}] `}got ${m.owner}'s ${m.what} (${m.value})`;
		res.leaks.push(line);
		if (SEALED.has(m.value)) ctx.sealedLeaks.push(`${row.key} ${v.path}: ${line}`);
	}
	if (method === 'GET' && !row.okPhase) ctx.sealedChecked++;
}

async function runMatrix(ctx) {
	const results = [];
	const seenKeys = new Set();
	const later = [];
	for (const prog of PROGRAMS) {
		const table = routes(prog);
		const entries = MATRIX.programs[prog] || {};
		for (const rt of table) {
			const k = `${rt.method} ${rt.pattern}`;
			const key = `${prog} ${k}`;
			seenKeys.add(key);
			const res = { key, fail: [], leaks: [], notes: [] };
			results.push(res);
			const entry = entries[k];
			if (!entry) {
				res.notes.push('no entry in authz_matrix.json: add one (who may call it, on which objects, with which answer)');
				continue;
			}
			const printed = [...rt.roles].sort().join(' ');
			const want = entry.allow.split(' ').sort().join(' ');
			if (printed !== want) res.notes.push(`route table roles "${printed}", matrix says "${want}"`);
			let vs;
			const rows = [];
			try {
				vs = variants(rt.pattern, entry, ctx.F);
				for (const v of vs)
					for (const who of NAMES)
						rows.push({ key, entry, who, method: rt.method, v, e: expected(entry, who, v.name) });
			} catch (e) {
				res.notes.push(`matrix entry: ${e.message}`);
				continue;
			}
			// Refusals first, each caller in parallel; the database must
			// not change.
			const first = rows.filter((x) => checked(x.e));
			if (first.length) {
				const before = rt.method === 'POST' || first.some((x) => x.e !== 'deny') ? fingerprint(ctx.stack.db) : null;
				await Promise.all(NAMES.map(async (who) => {
					for (const x of first.filter((y) => y.who === who)) await callRow(ctx, res, x);
				}));
				if (before) {
					const changed = changedTables(before, fingerprint(ctx.stack.db));
					if (changed.length) res.fail.push(`refused requests changed the database: ${changed.join(', ')}`);
				}
			}
			const rest = rows.filter((x) => !checked(x.e));
			if (rt.method === 'GET') {
				await Promise.all(NAMES.map(async (who) => {
					for (const x of rest.filter((y) => y.who === who)) await callRow(ctx, res, x);
				}));
			} else {
				for (const x of rest) later.push({ ...x, okPhase: true, order: entry.order || 0, res });
			}
		}
	}
	// Allowed POSTs last (they may change what they act on), in order.
	later.sort((a, b) => a.order - b.order);
	for (const x of later) {
		if (x.entry.fresh) x.client = await newClient(ctx.stack, x.who);
		await callRow(ctx, x.res, x);
	}
	const stale = [];
	for (const [prog, entries] of Object.entries(MATRIX.programs))
		for (const k of Object.keys(entries))
			if (!seenKeys.has(`${prog} ${k}`)) stale.push(`${prog} ${k}`);
	const missing = results.filter((r) => r.notes.some((n) => n.startsWith('no entry'))).map((r) => r.key);
	return { results, stale, missing };
}

// --- main ---------------------------------------------------------------------------

async function main() {
	let stack;
	let passed = 0, failed = 0;
	const t0 = Date.now();
	const report = (ok, line) => {
		if (ok) passed++;
		else failed++;
		console.log(`${ok ? 'ok' : 'not ok'} - ${line}`);
	};
	for (const sig of ['SIGINT', 'SIGTERM'])
		process.on(sig, () => {
			if (stack) stopStack(stack);
			process.exit(130);
		});
	try {
		stack = await startStack('authz');
		sql(stack.db, "INSERT INTO organisations(id, kind, name, ytunnus, status, created_at, approved_at) VALUES " +
			"(90, 'buyer', 'Toinen hyvinvointialue', '0000000-0', 'approved', unixepoch(), unixepoch())");
		paikkactl(stack, ['adduser', 'othercw', 'caseworker', 'Olli Toinen', '90'], `${PASSWORD}\n`);
		const clients = {};
		for (const who of NAMES) clients[who] = await newClient(stack, who);
		const ctx = { stack, clients, requests: 0, sealedChecked: 0, sealedLeaks: [] };
		ctx.F = await plant(stack, clients);
		const t1 = Date.now();
		const { results, stale, missing } = await runMatrix(ctx);
		report(missing.length === 0 && stale.length === 0,
			'every route has a matrix entry and every entry a route' +
			(missing.length ? `; missing: ${missing.join(', ')}` : '') +
			(stale.length ? `; entries without a route: ${stale.join(', ')}` : ''));
		for (const r of results) {
			const bad = [...r.notes, ...r.fail, ...r.leaks.map((l) => `leak: ${l}`)];
			report(bad.length === 0, r.key + (bad.length ? `: ${bad.join('; ')}` : ''));
		}
		report(ctx.sealedLeaks.length === 0,
			`sealed bids: before the deadline no response but the bidder's carried a bid marker (${ctx.sealedChecked} GET responses checked)` +
			(ctx.sealedLeaks.length ? `: ${ctx.sealedLeaks.join('; ')}` : ''));
		const unseen = Object.values(MARKERS).filter((m) => m.seen === 0).map((m) => `${m.value} (${m.what})`);
		report(unseen.length === 0, 'every planted marker reached a caller allowed to see it (the markers are live)' +
			(unseen.length ? `; never seen: ${unseen.join(', ')}` : ''));
		if (process.env.VERBOSE)
			for (const m of Object.values(MARKERS)) console.log(`# marker ${m.value}: seen ${m.seen} times by allowed callers`);
		if (process.env.VERBOSE)
			console.log(`# ${ctx.requests} requests in ${((Date.now() - t1) / 1000).toFixed(1)} s (setup ${((t1 - t0) / 1000).toFixed(1)} s)`);
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${(e && e.stack) || e}`.replace(/\n/g, '\n  '));
	} finally {
		if (stack) stopStack(stack);
	}
	const log = stack ? path.join(stack.dir, 'log/paikka.log') : '';
	const logText = log && fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
	const bad = logText.split('\n').find((l) => SANITIZER.test(l) || /internal error/.test(l));
	report(!bad, 'no sanitizer reports or internal errors in the log' + (bad ? `: ${bad.trim()}` : ''));
	if (stack && failed === 0 && !process.env.KEEP) fs.rmSync(stack.dir, { recursive: true, force: true });
	else if (stack) console.log(`# stack kept in ${stack.dir} (${B})`);
	console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s with ${B}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main();
