// Opening, qualification, scoring and the award decision through the real
// stack: a published tender with two lots and three providers' sealed
// submissions written into the database, then the clock moved past the
// deadline (paikkactl clock). Checks that nothing is shown before
// opening, the opening record and who sees which line, qualification and
// scoring with bad input, the comparison table's exact numbers and its
// CSV, the framework choice, the decision document in Finnish and Swedish
// with its standstill period (weekend and Christmas cases), publishing,
// notifications, readiness for contracts, the administrator's appeal
// instructions, and who may call what.
// Usage: B=build node tests/stack/tender_award.mjs
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import {
	ROOT, B, assert, eq, startStack, stopStack, sql, sqlValue, q, auditMark, auditSince, Client, loginClient, formHidden, fieldError, htmlLang, registry, unescapeHtml, finish,
} from './lib.mjs';

// This suite builds its own scenario on the base demo (sql/demo.sql)
// without the story's later layers (sql/demo-N-*.sql).
process.env.PAIKKA_DEMO_LAYERS ??= '0';

const { test, run } = registry();
const DAY = 86400;
const TITLE = 'Työtoiminnan palvelut 2027 (arviointi)';
const ORG = { 2: 'Puutyöpaja Kanerva ry', 3: 'Kiteen Kierrätysosuuskunta', 4: 'Lieksan Diakoniasäätiö sr',
	5: 'Outokummun Nuorisoverstas ry' };
const REASON = 'Kaupparekisteriote puuttuu; liitteenä on vain hakemus.';

// --- helpers -----------------------------------------------------------------

const nowS = () => Math.floor(Date.now() / 1000);
const hex = (n = 16) => randomBytes(n).toString('hex');
const sha256 = (s) => createHash('sha256').update(s).digest('hex');

function mainText(html) {
	const m = /<main[^>]*>([\s\S]*)<\/main>/.exec(html);
	return m ? m[1] : html;
}

function expectStatus(r, want, what) {
	assert(r.status !== 500, `${what}: 500 (${mainText(r.text).slice(0, 300)})`);
	eq(r.status, want, `${what}: status`);
}

function paikkactl(ctx, ...args) {
	const r = spawnSync(path.join(ROOT, B, 'bin/paikkactl'), args,
		{ cwd: ROOT, env: { ...process.env, PAIKKA_DB: ctx.stack.db }, encoding: 'utf8' });
	assert(r.status === 0, `paikkactl ${args.join(' ')}: ${r.stderr}`);
}

const USERS = ['officer', 'admin', 'caseworker', 'finance', 'provider', 'kierratys', 'diakonia', 'verstas'];

async function loginAll(ctx) {
	for (const u of USERS) ctx.c[u] = await loginClient(ctx.stack, u);
	ctx.c.officerFi = await loginClient(ctx.stack, 'officer');
	ctx.c.officerFi.lang = 'fi';
	ctx.anon = new Client(ctx.stack);
}

// Moves the stack's clock so that it reads `at` (UTC seconds); sessions
// end when the clock jumps, so everyone logs in again.
async function clockAt(ctx, at) {
	paikkactl(ctx, 'clock', String(at - nowS()));
	await loginAll(ctx);
}

// The session's csrf token and a fresh nonce, for a POST.
async function tokens(c) {
	const r = await c.get('/tenders');
	const m = /name="csrf" value="([^"]*)"/.exec(r.text);
	assert(m, 'no csrf token on /tenders');
	return { csrf: unescapeHtml(m[1]), nonce: hex() };
}

async function post(c, p, fields = []) {
	const t = await tokens(c);
	const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
	return c.post(p, [['csrf', t.csrf], ['nonce', t.nonce], ...pairs]);
}

// POSTs the form with this action on page p: its hidden fields and pairs.
async function submit(c, p, action, pairs) {
	const r = await c.get(p);
	expectStatus(r, 200, `GET ${p}`);
	const hidden = formHidden(r.text, action);
	return c.post(action, [...Object.entries(hidden), ...pairs]);
}

function count(db, table, where = '1') {
	return Number(sqlValue(db, `SELECT count(*) FROM ${table} WHERE ${where}`));
}

function text(html) {
	return unescapeHtml(html.replace(/<wbr>/g, '').replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim();
}

// The rows of the tables with class "comparison" (or of the first table
// when none): [{sub, cells: [text...]}], one list per table.
function comparisonTables(html) {
	const tables = [...html.matchAll(/<table class="comparison">([\s\S]*?)<\/table>/g)].map((m) => m[1]);
	return tables.map((t) => [...t.matchAll(/<tr data-sub="(\d+)">([\s\S]*?)<\/tr>/g)].map((m) => ({
		sub: Number(m[1]),
		cells: [...m[2].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => text(c[1])),
	})));
}

function legendError(html, startsWith) {
	const re = new RegExp(`<legend>${startsWith}[^<]*<span class="error">([^<]*)</span>`);
	const m = re.exec(html);
	return m ? unescapeHtml(m[1]) : undefined;
}

// --- dates in Helsinki and the Finnish working-day rule ------------------------

const HEL = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
const helsinkiIso = (t) => HEL.format(new Date(t * 1000));
const isoAdd = (iso, n) => new Date(Date.parse(iso + 'T00:00:00Z') + n * DAY * 1000).toISOString().slice(0, 10);
const weekday = (iso) => ((new Date(iso + 'T00:00:00Z').getUTCDay() + 6) % 7) + 1; // Mon 1 .. Sun 7
const fiDate = (iso) => `${Number(iso.slice(8))}.${Number(iso.slice(5, 7))}.${iso.slice(0, 4)}`;
const fiDate2 = (iso) => `${iso.slice(8)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

function easter(y) {
	const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
	const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
	return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function finnishHoliday(iso) {
	const y = Number(iso.slice(0, 4)), md = iso.slice(5);
	if (['01-01', '01-06', '05-01', '12-06', '12-24', '12-25', '12-26'].includes(md)) return true;
	const e = easter(y);
	if ([-2, 0, 1, 39, 49].some((n) => isoAdd(e, n) === iso)) return true;
	const wd = weekday(iso);
	if (wd === 5 && md >= '06-19' && md <= '06-25') return true; // Midsummer Eve
	if (wd === 6 && md >= '06-20' && md <= '06-26') return true; // Midsummer Day
	if (wd === 6 && (md === '10-31' || (md >= '11-01' && md <= '11-06'))) return true; // All Saints
	return false;
}

function standstillEnd(decisionIso, days = 14) {
	let d = isoAdd(decisionIso, days);
	while (weekday(d) >= 6 || finnishHoliday(d)) d = isoAdd(d, 1);
	return d;
}

// Noon UTC of an ISO date: the same date in Helsinki all year.
const noonUtc = (iso) => Date.parse(iso + 'T12:00:00Z') / 1000;

// --- the scenario --------------------------------------------------------------

// The canonical text of a bid (include/paikka/bid.h).
function canonical(tender, org, lots, reqs) {
	const len = (s) => Buffer.byteLength(s);
	let s = `paikka-bid 1\ntender ${tender}\norg ${org}\n`;
	for (const l of lots) {
		s += `lot ${l.number}\nprice ${l.price}\ncapacity ${l.capacity}\nwork ${len(l.work)}:${l.work}\n`;
		for (const a of l.answers) s += `answer ${a.number} ${len(a.text)}:${a.text}\n`;
	}
	for (const r of reqs) s += `requirement ${r.number} confirmed 1 attachment ${r.sha || '-'}\n`;
	return s;
}

function pdf(label) {
	return Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${label}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

function makeScenario(ctx) {
	const db = ctx.stack.db;
	const T0 = nowS();
	const deadline = T0 + 3600;
	const T = { id: 10, deadline, lot1: 10, lot2: 11, c11: 100, c12: 101, c21: 110, c22: 111, r1: 100, r2: 101 };
	sql(db, `INSERT INTO tenders(id, status, title_fi, title_sv, description_fi, contract_start, contract_end,
		questions_deadline, bids_deadline, created_by, created_at, published_at) VALUES
		(10, 'published', ${q(TITLE)}, 'Arbetsverksamhet 2027 (utvärdering)', 'Arvioinnin testi.',
		'2027-01-01', '2027-12-31', ${T0 - 2 * DAY}, ${deadline}, 2, ${T0 - 10 * DAY}, ${T0 - 9 * DAY});
		INSERT INTO lots(id, tender_id, number, title, service_type_id, form, est_days_per_year, pricing,
		fixed_price_cents, ceiling_cents, price_weight) VALUES
		(10, 10, 1, 'Työtoimintapaikka ja ohjaus', 1, 'both', 5000, 'fixed', 1009, NULL, 0),
		(11, 10, 2, 'Ammatillinen tuki', 2, 'individual', 2000, 'bid', NULL, 3500, 40);
		INSERT INTO criteria(id, lot_id, number, description_fi, description_sv, max_points) VALUES
		(100, 10, 1, 'Työtehtävien monipuolisuus', 'Arbetsuppgifternas mångsidighet', 60),
		(101, 10, 2, 'Saavutettavuus', 'Tillgänglighet', 40),
		(110, 11, 1, 'Tuen sisältö', 'Stödets innehåll', 30),
		(111, 11, 2, 'Henkilöstö', 'Personal', 30);
		INSERT INTO requirements(id, tender_id, number, text_fi, text_sv, needs_attachment) VALUES
		(100, 10, 1, 'Tarjoaja on merkitty kaupparekisteriin.', 'Anbudsgivaren finns i handelsregistret.', 1),
		(101, 10, 2, 'Ohjaajilla on soveltuva koulutus.', 'Handledarna har lämplig utbildning.', 0);`);
	// Submissions: the provider's is received first but has the higher
	// id, so a tie broken by id instead of time would show.
	const subs = [
		{ id: 520, bid: 100, org: 2, user: 5, at: T0 - 3000, lots: [
			{ id: 10, number: 1, price: 1009 }, { id: 11, number: 2, price: 2000 }] },
		{ id: 510, bid: 101, org: 3, user: 6, at: T0 - 2000, lots: [
			{ id: 10, number: 1, price: 1009 }, { id: 11, number: 2, price: 2500 }] },
		{ id: 530, bid: 102, org: 4, user: 7, at: T0 - 1000, lots: [
			{ id: 10, number: 1, price: 1009 }, { id: 11, number: 2, price: 1500 }] },
	];
	const crits = { 10: [[100, 1], [101, 2]], 11: [[110, 1], [111, 2]] };
	sql(db, `INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) VALUES
		(100, 10, 2, ${T0 - 5 * DAY}, ${T0 - 3000}), (101, 10, 3, ${T0 - 5 * DAY}, ${T0 - 2000}),
		(102, 10, 4, ${T0 - 5 * DAY}, ${T0 - 1000}), (103, 10, 5, ${T0 - 5 * DAY}, ${T0 - 3500});`);
	for (const s of subs) {
		const file = pdf(`liite ${s.org}`);
		const fileId = 100 + s.org;
		const fileSha = sha256(file);
		sql(db, `INSERT INTO files(id, filename, content_type, size, sha256, content, uploaded_by, uploaded_at)
			VALUES (${fileId}, 'kaupparekisteriote-${s.org}.pdf', 'application/pdf', ${file.length}, '${fileSha}',
			X'${file.toString('hex')}', ${s.user}, ${s.at - 100})`);
		const lots = s.lots.map((l) => ({ ...l, capacity: 4, work: `Työpaja ${s.org}, osa-alue ${l.number}.`,
			answers: crits[l.id].map(([, n]) => ({ number: n, text: `Vastaus ${s.org}/${l.number}/${n}` })) }));
		const content = canonical(10, s.org, lots, [{ number: 1, sha: fileSha }, { number: 2 }]);
		s.sha = sha256(content);
		s.fileId = fileId;
		sql(db, `INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256)
			VALUES (${s.id}, ${s.bid}, 'submit', ${s.at}, ${s.user}, ${q(content)}, '${s.sha}')`);
		for (const l of lots) {
			sql(db, `INSERT INTO submission_lots(submission_id, lot_id, price_cents, capacity, work_description)
				VALUES (${s.id}, ${l.id}, ${l.price}, 4, ${q(l.work)})`);
			for (const [cid, n] of crits[l.id])
				sql(db, `INSERT INTO submission_answers(submission_id, criterion_id, answer)
					VALUES (${s.id}, ${cid}, ${q(`Vastaus ${s.org}/${l.number}/${n}`)})`);
		}
		sql(db, `INSERT INTO submission_requirements(submission_id, requirement_id, confirmed, file_id)
			VALUES (${s.id}, 100, 1, ${fileId}), (${s.id}, 101, 1, NULL)`);
	}
	// The provider's earlier submission, replaced; the workshop's
	// submission, withdrawn: neither is opened.
	const old = 'paikka-bid 1\ntender 10\norg 2\nold\n';
	const sub5 = 'paikka-bid 1\ntender 10\norg 5\n';
	const wd = `paikka-withdraw 1\nbid 103\ntime ${T0 - 3500}\n`;
	sql(db, `INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256, superseded_at) VALUES
		(500, 100, 'submit', ${T0 - 6000}, 5, ${q(old)}, '${sha256(old)}', ${T0 - 3000}),
		(540, 103, 'submit', ${T0 - 4000}, 8, ${q(sub5)}, '${sha256(sub5)}', ${T0 - 3500});
		INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256) VALUES
		(541, 103, 'withdraw', ${T0 - 3500}, 8, ${q(wd)}, '${sha256(wd)}');
		INSERT INTO submission_lots(submission_id, lot_id, price_cents, capacity, work_description)
		VALUES (500, 10, 1009, 2, 'vanha'), (540, 10, 1009, 1, 'peruttu');`);
	T.subs = Object.fromEntries(subs.map((s) => [s.org, s]));
	T.oldSha = sha256(old);
	T.withdrawnSha = sha256(sub5);
	return T;
}

// Every route of this feature, with a sample path.
function routeList(T) {
	const t = `/tenders/${T.id}`;
	return [
		['POST', `${t}/open`, 'officer'],
		['GET', `${t}/opening`, 'all'],
		['GET', `${t}/evaluation`, 'officer'],
		['GET', `${t}/submissions/520`, 'officer'],
		['POST', `${t}/submissions/520`, 'officer'],
		['GET', `${t}/submissions/520/files/102`, 'officer+admin'],
		['GET', `${t}/lots/${T.lot1}/scores`, 'officer'],
		['POST', `${t}/lots/${T.lot1}/scores`, 'officer'],
		['GET', `${t}/lots/${T.lot1}/comparison`, 'officer'],
		['GET', `${t}/lots/${T.lot1}/comparison.csv`, 'officer'],
		['POST', `${t}/lots/${T.lot1}/award`, 'officer'],
		['GET', `${t}/decision`, 'all'],
		['POST', `${t}/decision/publish`, 'officer'],
	];
}

const BIDDER_NAMES = [ORG[2], ORG[3], ORG[4]];

function noBidData(ctx, r, what) {
	const body = mainText(r.text);
	for (const n of BIDDER_NAMES) assert(!body.includes(n), `${what}: shows bidder ${n}`);
	for (const s of Object.values(ctx.T.subs)) assert(!body.includes(s.sha.slice(0, 16)), `${what}: shows a hash`);
}

// --- before the deadline ---------------------------------------------------------

test('before the deadline: opening is refused with a message and nothing is written', async (ctx) => {
	const { T, stack } = ctx;
	const r = await post(ctx.c.officer, `/tenders/${T.id}/open`);
	expectStatus(r, 409, 'open before the deadline');
	assert(mainText(r.text).includes('cannot be opened before the deadline'), 'no message about the deadline');
	noBidData(ctx, r, 'open before the deadline');
	eq(count(stack.db, 'opening_lines'), 0, 'opening lines');
	eq(sqlValue(stack.db, 'SELECT status FROM tenders WHERE id = 10'), 'published', 'status');
	eq(auditSince(stack.db, 0, 'tender.open').length, 0, 'tender.open audit rows');
});

test('before opening: every route answers 404 or 409 without any bid data', async (ctx) => {
	const { T } = ctx;
	for (const [method, p, who] of routeList(T)) {
		const users = who === 'all' ? ['officer', 'admin', 'provider', 'verstas'] : who === 'officer+admin' ? ['officer', 'admin'] : ['officer'];
		for (const u of users) {
			const r = method === 'GET' ? await ctx.c[u].get(p) : await post(ctx.c[u], p, [['submission', '520'],
				['framework', 'all'], ['decision_100', 'pass'], ['decision_101', 'pass'], ['points_100', '1'], ['why_100', 'x']]);
			assert(r.status === 404 || r.status === 409, `${u} ${method} ${p}: status ${r.status}, want 404 or 409`);
			noBidData(ctx, r, `${u} ${method} ${p}`);
		}
	}
	eq(count(ctx.stack.db, 'qualifications'), 0, 'qualifications written');
	eq(count(ctx.stack.db, 'scores'), 0, 'scores written');
	eq(count(ctx.stack.db, 'lot_awards'), 0, 'lot awards written');
});

test('roles: caseworker and finance 403 everywhere, providers 403 on officer routes, anonymous to login', async (ctx) => {
	const { T } = ctx;
	for (const [method, p, who] of routeList(T)) {
		for (const u of ['caseworker', 'finance', ...(who === 'all' ? [] : ['provider'])]) {
			const r = method === 'GET' ? await ctx.c[u].get(p) : await post(ctx.c[u], p);
			eq(r.status, 403, `${u} ${method} ${p}`);
		}
		if (who !== 'all' && who !== 'officer+admin') {
			const r = method === 'GET' ? await ctx.c.admin.get(p) : await post(ctx.c.admin, p);
			eq(r.status, 403, `admin ${method} ${p}`);
		}
		const r = await ctx.anon.request(method, p, method === 'POST' ? { form: { csrf: 'x', nonce: hex() } } : {});
		eq(r.status, 303, `anonymous ${method} ${p}`);
		assert(/^\/login\?next=/.test(r.location || ''), `anonymous ${method} ${p}: Location ${r.location}`);
	}
	const r = await ctx.c.caseworker.get('/admin/settings');
	eq(r.status, 403, 'caseworker /admin/settings');
	eq((await ctx.c.officer.get('/admin/settings')).status, 403, 'officer /admin/settings');
	eq((await ctx.c.provider.get('/admin/settings')).status, 403, 'provider /admin/settings');
	const a = await ctx.anon.get('/admin/settings');
	eq(a.status, 303, 'anonymous /admin/settings');
});

// --- opening ---------------------------------------------------------------------

test('after the deadline: opening writes the record of three bids with their hashes', async (ctx) => {
	const { T, stack } = ctx;
	await clockAt(ctx, T.deadline + 3600);
	const mark = auditMark(stack.db);
	const page = await ctx.c.officer.get(`/tenders/${T.id}/evaluation`);
	expectStatus(page, 409, 'evaluation before opening');
	assert(page.text.includes(`action="/tenders/${T.id}/open"`), 'the 409 page offers the officer the opening button');
	const res = await ctx.c.officer.post(`/tenders/${T.id}/open`, formHidden(page.text, `/tenders/${T.id}/open`));
	expectStatus(res, 303, 'open');
	eq(res.location, `/tenders/${T.id}/opening?msg=opened`, 'redirect');
	eq(sqlValue(stack.db, 'SELECT status FROM tenders WHERE id = 10'), 'opened', 'status');
	eq(sqlValue(stack.db, 'SELECT opened_by FROM tenders WHERE id = 10'), '2', 'opened_by');
	const lines = sql(stack.db, 'SELECT submission_id, org_id, bidder, received_at, lots, sha256 FROM opening_lines WHERE tender_id = 10 ORDER BY received_at');
	eq(lines.length, 3, 'opening lines');
	eq(lines.map((l) => l[0]).join(','), '520,510,530', 'lines in order of receipt');
	for (const l of lines) {
		const s = T.subs[Number(l[1])];
		eq(l[2], ORG[l[1]], 'bidder');
		eq(Number(l[3]), s.at, 'received_at');
		eq(l[4], '1, 2', 'lots');
		eq(l[5], s.sha, 'hash');
	}
	eq(auditSince(stack.db, mark, 'tender.open').length, 1, 'tender.open audit row');
	const o = await ctx.c.officer.get(res.location);
	expectStatus(o, 200, 'opening record');
	const body = text(mainText(o.text));
	for (const s of Object.values(T.subs)) {
		assert(body.includes(s.sha), `hash of ${ORG[s.org]} not on the record`);
		assert(body.includes(ORG[s.org]), `${ORG[s.org]} not on the record`);
	}
	assert(!body.includes(T.oldSha) && !body.includes(T.withdrawnSha), 'a replaced or withdrawn submission is on the record');
	assert(!body.includes(ORG[5]), 'the withdrawn bidder is on the record');
	eq((body.match(/Matches the stored bid/g) || []).length, 3, 'verified hashes');
	const again = await post(ctx.c.officer, `/tenders/${T.id}/open`);
	expectStatus(again, 409, 'open twice');
	eq(count(stack.db, 'opening_lines'), 3, 'opening lines after a second open');
});

test('opening record: a provider sees only its own line, administrators all, non-bidders nothing', async (ctx) => {
	const { T } = ctx;
	for (const [u, org] of [['provider', 2], ['kierratys', 3]]) {
		const r = await ctx.c[u].get(`/tenders/${T.id}/opening`);
		expectStatus(r, 200, `${u} opening`);
		const body = text(mainText(r.text));
		assert(body.includes(T.subs[org].sha), `${u}: own hash missing`);
		assert(r.text.includes(`/tenders/${T.id}/bid/receipts/${T.subs[org].id}`), `${u}: no link to the receipt`);
		for (const [o, s] of Object.entries(T.subs)) {
			if (Number(o) === org) continue;
			assert(!body.includes(s.sha), `${u} sees the hash of ${ORG[o]}`);
			assert(!body.includes(ORG[o]), `${u} sees ${ORG[o]}`);
		}
		assert(!/Bids received in time/.test(body), `${u} sees the number of bids`);
	}
	expectStatus(await ctx.c.verstas.get(`/tenders/${T.id}/opening`), 404, 'a provider without a line');
	const a = await ctx.c.admin.get(`/tenders/${T.id}/opening`);
	expectStatus(a, 200, 'admin opening');
	for (const s of Object.values(T.subs)) assert(text(a.text).includes(s.sha), 'admin misses a line');
	expectStatus(await ctx.c.officer.get('/tenders/999/opening'), 404, 'no such tender');
	expectStatus(await ctx.c.officer.get('/tenders/2/opening'), 404, 'a draft tender');
	expectStatus(await ctx.c.officer.get('/tenders/1/opening'), 409, 'a tender still open for bids');
});

// --- qualification -----------------------------------------------------------------

test('qualification: the officer reads a bid and downloads its attachment; others may not', async (ctx) => {
	const { T, stack } = ctx;
	const s = T.subs[4];
	const r = await ctx.c.officer.get(`/tenders/${T.id}/submissions/${s.id}`);
	expectStatus(r, 200, 'submission page');
	const body = text(mainText(r.text));
	assert(body.includes('Vastaus 4/2/1'), 'the answers are not shown');
	assert(body.includes(s.sha), 'the hash is not shown');
	const href = `/tenders/${T.id}/submissions/${s.id}/files/${s.fileId}`;
	assert(r.text.includes(`href="${href}"`), 'no link to the attachment');
	const mark = auditMark(stack.db);
	const f = await ctx.c.officer.get(href);
	expectStatus(f, 200, 'download');
	assert(/application\/pdf/.test(f.headers.get('content-type') || ''), 'content type');
	assert(f.text.startsWith('%PDF-'), 'not the PDF');
	eq(auditSince(stack.db, mark, 'tender.file').length, 1, 'download audited');
	expectStatus(await ctx.c.admin.get(href), 200, 'admin download');
	eq((await ctx.c.provider.get(href)).status, 403, 'provider download');
	eq((await ctx.c.diakonia.get(href)).status, 403, 'the bidder itself via the officer route');
	expectStatus(await ctx.c.officer.get(`/tenders/${T.id}/submissions/${s.id}/files/${T.subs[2].fileId}`), 404, 'another bid\'s file');
	expectStatus(await ctx.c.officer.get(`/tenders/${T.id}/submissions/${s.id}/files/1`), 404, 'a tender document');
	expectStatus(await ctx.c.officer.get(`/tenders/${T.id}/submissions/500`), 404, 'a replaced submission');
	expectStatus(await ctx.c.officer.get(`/tenders/${T.id}/submissions/540`), 404, 'a withdrawn submission');
	expectStatus(await ctx.c.officer.get(`/tenders/1/submissions/${s.id}`), 409, 'through another tender');
});

test('qualification: failing needs a reason (422), a missing decision is named; then saved', async (ctx) => {
	const { T, stack } = ctx;
	const p = `/tenders/${T.id}/submissions/${T.subs[4].id}`;
	let r = await submit(ctx.c.officer, p, p, [['decision_100', 'fail'], ['reason_100', '  '], ['decision_101', 'pass'], ['reason_101', '']]);
	expectStatus(r, 422, 'fail without a reason');
	assert(/reason/.test(fieldError(r.text, 'reason_100') || ''), `message by the reason: ${fieldError(r.text, 'reason_100')}`);
	assert(/checked/.test(/<input type="radio" id="df_100"[^>]*>/.exec(r.text)[0]), 'the choice is kept');
	eq(count(stack.db, 'qualifications'), 0, 'nothing stored');
	r = await submit(ctx.c.officer, p, p, [['decision_100', 'fail'], ['reason_100', REASON], ['reason_101', '']]);
	expectStatus(r, 422, 'no decision for requirement 2');
	assert(legendError(r.text, 'Requirement 2'), 'no message by requirement 2');
	assert(r.text.includes(REASON), 'the reason typed is kept');
	r = await submit(ctx.c.officer, p, p, [['decision_100', 'maybe'], ['reason_100', ''], ['decision_101', 'pass']]);
	expectStatus(r, 422, 'a made-up decision');
	r = await submit(ctx.c.officer, p, p, [['decision_100', 'fail'], ['reason_100', 'x'.repeat(2001)], ['decision_101', 'pass']]);
	expectStatus(r, 422, 'a reason too long');
	assert(fieldError(r.text, 'reason_100'), 'no message for the long reason');
	const mark = auditMark(stack.db);
	r = await submit(ctx.c.officer, p, p, [['decision_100', 'fail'], ['reason_100', REASON], ['decision_101', 'pass'], ['reason_101', '']]);
	expectStatus(r, 303, 'save');
	eq(sqlValue(stack.db, `SELECT pass || '|' || reason FROM qualifications WHERE submission_id = 530 AND requirement_id = 100`), `0|${REASON}`, 'stored');
	eq(auditSince(stack.db, mark, 'tender.qualify').length, 1, 'audited');
	for (const org of [2, 3]) {
		const q2 = `/tenders/${T.id}/submissions/${T.subs[org].id}`;
		r = await submit(ctx.c.officer, q2, q2, [['decision_100', 'pass'], ['reason_100', ''], ['decision_101', 'pass'], ['reason_101', '']]);
		expectStatus(r, 303, `qualify ${ORG[org]}`);
	}
	const o = await ctx.c.officer.get(`/tenders/${T.id}/evaluation`);
	expectStatus(o, 200, 'overview');
	const row = (sid) => text(new RegExp(`<tr data-sub="${sid}">([\\s\\S]*?)</tr>`).exec(o.text)[1]);
	assert(/Fail/.test(row(530)) && /Excluded/.test(row(530)), `excluded row: ${row(530)}`);
	assert(/Qualified/.test(row(520)) && /Qualified/.test(row(510)), 'qualified rows');
});

// --- scoring -----------------------------------------------------------------------

async function score(ctx, lot, sid, pairs) {
	const p = `/tenders/${ctx.T.id}/lots/${lot}/scores`;
	const page = await ctx.c.officer.get(p);
	expectStatus(page, 200, 'scores page');
	const re = new RegExp(`<form[^>]*>(?:(?!</form>)[\\s\\S])*?name="submission" value="${sid}"[\\s\\S]*?</form>`);
	const form = re.exec(page.text);
	assert(form, `no scoring form for ${sid}`);
	const hidden = Object.fromEntries([...form[0].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], unescapeHtml(m[2])]));
	return ctx.c.officer.post(p, [...Object.entries(hidden), ...pairs]);
}

test('scoring: bad points and a missing justification → 422 with the message by the field, never 500', async (ctx) => {
	const { T, stack } = ctx;
	const good = { points_110: '10', why_110: 'Selkeä kuvaus.', points_111: '10', why_111: 'Kokenut henkilöstö.' };
	const cases = [
		['points_110', '31', 'p_520_110', /between 0 and 30/],
		['points_110', '-1', 'p_520_110', /between 0 and 30/],
		['points_110', 'abc', 'p_520_110', /number/],
		['points_110', '12,345', 'p_520_110', /two decimals/],
		['points_110', '', 'p_520_110', /points/],
		['why_111', '', 'j_520_111', /justification/],
		['why_111', '   ', 'j_520_111', /justification/],
	];
	for (const [field, value, id, want] of cases) {
		const r = await score(ctx, T.lot2, 520, Object.entries({ ...good, [field]: value }));
		expectStatus(r, 422, `${field}=${JSON.stringify(value)}`);
		const msg = fieldError(r.text, id);
		assert(msg && want.test(msg), `${field}=${JSON.stringify(value)}: message ${JSON.stringify(msg)}`);
		if (value.trim()) assert(r.text.includes(unescapeHtml(value)) || r.text.includes(value), 'the typed value is kept');
	}
	eq(count(stack.db, 'scores'), 0, 'nothing stored');
	// An excluded bid is not scored; an unknown one is not found.
	const p = `/tenders/${T.id}/lots/${T.lot2}/scores`;
	expectStatus(await post(ctx.c.officer, p, { submission: '530', ...good }), 409, 'excluded bid');
	expectStatus(await post(ctx.c.officer, p, { submission: '999', ...good }), 404, 'unknown bid');
	expectStatus(await post(ctx.c.officer, p, { submission: 'x', ...good }), 404, 'not an id');
	expectStatus(await post(ctx.c.officer, `/tenders/${T.id}/lots/1/scores`, { submission: '520', ...good }), 404, 'another tender\'s lot');
	eq(count(stack.db, 'scores'), 0, 'nothing stored');
});

test('framework: refused (409) while a lot is not fully scored', async (ctx) => {
	const { T, stack } = ctx;
	const r = await post(ctx.c.officer, `/tenders/${T.id}/lots/${T.lot1}/award`, { framework: 'all' });
	expectStatus(r, 409, 'award before scoring');
	eq(count(stack.db, 'lot_awards'), 0, 'lot awards');
});

test('scoring both lots, with decimals and written justifications', async (ctx) => {
	const { T, stack } = ctx;
	const mark = auditMark(stack.db);
	const scores = [
		[T.lot1, 520, { points_100: '45,5', why_100: 'Monipuoliset puutyöt.', points_101: '29.5', why_101: 'Keskustassa.' }],
		[T.lot1, 510, { points_100: '50,25', why_100: 'Laaja kierrätystyö.', points_101: '24,75', why_101: 'Hyvät yhteydet.' }],
		[T.lot2, 520, { points_110: '10', why_110: 'Tuki kerran viikossa.', points_111: '10', why_111: 'Sosionomi.' }],
		[T.lot2, 510, { points_110: '15', why_110: 'Tiivis tuki.', points_111: '13', why_111: 'Kaksi sosionomia.' }],
	];
	for (const [lot, sid, f] of scores) {
		const r = await score(ctx, lot, sid, Object.entries(f));
		expectStatus(r, 303, `score ${sid} in lot ${lot}`);
	}
	eq(sqlValue(stack.db, 'SELECT points_x100 FROM scores WHERE submission_id = 520 AND criterion_id = 100'), '4550', '45,5 stored x100');
	eq(sqlValue(stack.db, 'SELECT points_x100 FROM scores WHERE submission_id = 510 AND criterion_id = 101'), '2475', '24,75 stored x100');
	eq(count(stack.db, 'scores'), 8, 'scores');
	eq(auditSince(stack.db, mark, 'tender.score').length, 4, 'audited');
});

test('comparison: exact price points, totals, ranking and the two tie-breaks', async (ctx) => {
	const { T } = ctx;
	const r2 = await ctx.c.officer.get(`/tenders/${T.id}/lots/${T.lot2}/comparison`);
	expectStatus(r2, 200, 'comparison lot 2');
	const [lot2] = comparisonTables(r2.text);
	const cols = (row) => [row.cells[0], row.cells[1], row.cells[3], row.cells[4], row.cells[5], row.cells[6], row.cells[7], row.cells[8]];
	// The excluded bid's 15,00 € is not the lowest accepted price: 20,00 € is.
	eq(JSON.stringify(lot2.map((x) => x.sub)), '[510,520,530]', 'lot 2 order: quality breaks the tie');
	eq(JSON.stringify(cols(lot2[0])), JSON.stringify(['1', ORG[3], '€25.00', '32.00', '15.00', '13.00', '28.00', '60.00']), 'lot 2 row 1');
	eq(JSON.stringify(cols(lot2[1])), JSON.stringify(['2', ORG[2], '€20.00', '40.00', '10.00', '10.00', '20.00', '60.00']), 'lot 2 row 2');
	eq(lot2[2].cells[0], '–', 'excluded rank');
	eq(lot2[2].cells[9], 'Excluded', 'excluded state');
	const r1 = await ctx.c.officer.get(`/tenders/${T.id}/lots/${T.lot1}/comparison`);
	const [lot1] = comparisonTables(r1.text);
	eq(JSON.stringify(lot1.map((x) => x.sub)), '[520,510,530]', 'lot 1 order: the earlier receipt breaks the tie');
	const cols1 = (row) => [row.cells[0], row.cells[1], row.cells[3], row.cells[4], row.cells[5], row.cells[6], row.cells[7]];
	eq(JSON.stringify(cols1(lot1[0])), JSON.stringify(['1', ORG[2], '€10.09', '45.50', '29.50', '75.00', '75.00']), 'lot 1 row 1');
	eq(JSON.stringify(cols1(lot1[1])), JSON.stringify(['2', ORG[3], '€10.09', '50.25', '24.75', '75.00', '75.00']), 'lot 1 row 2');
	// The same numbers the Finnish way.
	const fi = await ctx.c.officerFi.get(`/tenders/${T.id}/lots/${T.lot2}/comparison`);
	const [lot2fi] = comparisonTables(fi.text);
	eq(JSON.stringify(cols(lot2fi[0]).slice(2)), JSON.stringify(['25,00 €', '32,00', '15,00', '13,00', '28,00', '60,00']), 'lot 2 row 1 in Finnish');
	eq(JSON.stringify(cols(lot2fi[1]).slice(2)), JSON.stringify(['20,00 €', '40,00', '10,00', '10,00', '20,00', '60,00']), 'lot 2 row 2 in Finnish');
});

test('comparison CSV: UTF-8, semicolons, a header row and the same numbers', async (ctx) => {
	const { T } = ctx;
	const r = await ctx.c.officer.get(`/tenders/${T.id}/lots/${T.lot2}/comparison.csv`);
	expectStatus(r, 200, 'CSV');
	assert(/^text\/csv; charset=utf-8/.test(r.headers.get('content-type') || ''), 'content type');
	assert(/attachment; filename="comparison-10-lot-2\.csv"/.test(r.headers.get('content-disposition') || ''), 'content disposition');
	const body = r.text.replace(/^\uFEFF/, '');
	const lines = body.split('\r\n').filter((l) => l !== '');
	eq(lines.length, 4, 'header and three rows');
	eq(lines[0], 'Rank;Bidder;Received;Price per day (€);Price points;Criterion 1 (max 30);Criterion 2 (max 30);Quality points;Total points;Status', 'header');
	const rows = lines.slice(1).map((l) => l.split(';'));
	eq(JSON.stringify(rows[0].filter((_, i) => i !== 2)), JSON.stringify(['1', ORG[3], '25,00', '32,00', '15,00', '13,00', '28,00', '60,00', '']), 'row 1');
	eq(JSON.stringify(rows[1].filter((_, i) => i !== 2)), JSON.stringify(['2', ORG[2], '20,00', '40,00', '10,00', '10,00', '20,00', '60,00', '']), 'row 2');
	eq(JSON.stringify(rows[2].filter((_, i) => i !== 2)), JSON.stringify(['', ORG[4], '15,00', '', '', '', '', '', 'Excluded']), 'row 3');
	assert(/^\d\d\.\d\d\.\d{4} \d\d:\d\d$/.test(rows[0][2]), `time of receipt ${rows[0][2]}`);
	const html = await ctx.c.officer.get(`/tenders/${T.id}/lots/${T.lot2}/comparison`);
	const [table] = comparisonTables(html.text);
	eq(rows[0][2], table[0].cells[2], 'the same time of receipt as the page');
});

// --- the framework --------------------------------------------------------------------

test('framework: bad choices → 422; lot 2 best 1, lot 1 every qualified bidder', async (ctx) => {
	const { T, stack } = ctx;
	const p2 = `/tenders/${T.id}/lots/${T.lot2}/comparison`;
	const a2 = `/tenders/${T.id}/lots/${T.lot2}/award`;
	for (const [pairs, field] of [[[['framework', 'best'], ['best_n', '0']], 'best_n'], [[['framework', 'best'], ['best_n', '3']], 'best_n'],
		[[['framework', 'best'], ['best_n', 'x']], 'best_n'], [[['framework', 'best'], ['best_n', '']], 'best_n'],
		[[['framework', 'some']], null], [[], null]]) {
		const r = await submit(ctx.c.officer, p2, a2, pairs);
		expectStatus(r, 422, `award ${JSON.stringify(pairs)}`);
		if (field) assert(fieldError(r.text, field), `no message by ${field}`);
		else assert(legendError(r.text, 'Who forms the framework'), 'no message by the choice');
	}
	eq(count(stack.db, 'lot_awards'), 0, 'nothing stored');
	const mark = auditMark(stack.db);
	let r = await submit(ctx.c.officer, p2, a2, [['framework', 'best'], ['best_n', '1']]);
	expectStatus(r, 303, 'lot 2 best 1');
	r = await submit(ctx.c.officer, `/tenders/${T.id}/lots/${T.lot1}/comparison`, `/tenders/${T.id}/lots/${T.lot1}/award`, [['framework', 'all'], ['best_n', '']]);
	expectStatus(r, 303, 'lot 1 all');
	eq(sqlValue(stack.db, `SELECT coalesce(framework_size, 'all') FROM lot_awards WHERE lot_id = ${T.lot2}`), '1', 'lot 2 size');
	eq(sqlValue(stack.db, `SELECT coalesce(framework_size, 'all') FROM lot_awards WHERE lot_id = ${T.lot1}`), 'all', 'lot 1 size');
	eq(JSON.stringify(sql(stack.db, `SELECT submission_id, rank, total_x100, selected FROM award_ranks WHERE lot_id = ${T.lot2} ORDER BY rank`)),
		JSON.stringify([['510', '1', '6000', '1'], ['520', '2', '6000', '0']]), 'lot 2 ranks');
	eq(JSON.stringify(sql(stack.db, `SELECT submission_id, rank, total_x100, selected FROM award_ranks WHERE lot_id = ${T.lot1} ORDER BY rank`)),
		JSON.stringify([['520', '1', '7500', '1'], ['510', '2', '7500', '1']]), 'lot 1 ranks');
	eq(auditSince(stack.db, mark, 'tender.framework').length, 2, 'audited');
	const page = await ctx.c.officer.get(p2);
	const [rows] = comparisonTables(page.text);
	eq(rows[0].cells[9], 'In the framework', 'state of the winner');
	eq(rows[1].cells[9], 'Not in the framework', 'state of the second');
});

test('changed points undo the lot\'s framework choice; unchanged points keep it', async (ctx) => {
	const { T, stack } = ctx;
	let r = await score(ctx, T.lot2, 520, Object.entries({ points_110: '10,00', why_110: 'Tuki kerran viikossa, tarkennettu.', points_111: '10', why_111: 'Sosionomi.' }));
	expectStatus(r, 303, 'same points, new words');
	eq(count(stack.db, 'lot_awards', `lot_id = ${T.lot2}`), 1, 'choice kept');
	r = await score(ctx, T.lot2, 520, Object.entries({ points_110: '11', why_110: 'Tuki kerran viikossa.', points_111: '10', why_111: 'Sosionomi.' }));
	expectStatus(r, 303, 'new points');
	eq(count(stack.db, 'lot_awards', `lot_id = ${T.lot2}`), 0, 'choice undone');
	eq(count(stack.db, 'award_ranks', `lot_id = ${T.lot2}`), 0, 'ranks undone');
	r = await score(ctx, T.lot2, 520, Object.entries({ points_110: '10', why_110: 'Tuki kerran viikossa.', points_111: '10', why_111: 'Sosionomi.' }));
	expectStatus(r, 303, 'points back');
	r = await submit(ctx.c.officer, `/tenders/${T.id}/lots/${T.lot2}/comparison`, `/tenders/${T.id}/lots/${T.lot2}/award`, [['framework', 'best'], ['best_n', '1']]);
	expectStatus(r, 303, 'lot 2 best 1 again');
});

// --- the decision -----------------------------------------------------------------------

test('decision draft: officers only; a standstill ending on Christmas Eve moves past the holidays (fi, sv)', async (ctx) => {
	const { T } = ctx;
	const today = helsinkiIso(nowS());
	let y = Number(today.slice(0, 4));
	if (`${y}-12-10` <= isoAdd(today, 1)) y++;
	const day = `${y}-12-10`;
	const want = standstillEnd(day);
	assert(want > isoAdd(day, 14), `the rule moves ${isoAdd(day, 14)}`);
	if (y === 2026) eq(want, '2026-12-28', 'Christmas 2026');
	await clockAt(ctx, noonUtc(day));
	for (const u of ['provider', 'diakonia', 'admin']) {
		const r = await ctx.c[u].get(`/tenders/${T.id}/decision`);
		expectStatus(r, 409, `${u} before publication`);
		noBidData(ctx, r, `${u} decision before publication`);
	}
	expectStatus(await ctx.c.verstas.get(`/tenders/${T.id}/decision`), 409, 'non-bidder before publication');
	for (const [lang, appeal] of [['fi', 'Hankintaoikaisu'], ['sv', 'Upphandlingsrättelse']]) {
		const r = await ctx.c.officer.get(`/tenders/${T.id}/decision?lang=${lang}`);
		expectStatus(r, 200, `draft ${lang}`);
		eq(htmlLang(r.text), lang, 'document language');
		const m = /<dd id="standstill-end" data-date="([^"]*)">([^<(]*)/.exec(r.text);
		assert(m, 'no standstill end');
		eq(m[1], want, `standstill end (${lang})`);
		eq(m[2].trim(), fiDate2(want), `standstill end shown (${lang})`);
		assert(text(r.text).includes(appeal), `appeal instructions in ${lang}`);
		assert(r.text.includes(`action="/tenders/${T.id}/decision/publish"`), 'publish form');
		assert(r.text.includes('href="?lang=fi"') && r.text.includes('href="?lang=sv"'), 'language links');
	}
	const sv = await ctx.c.officer.get(`/tenders/${T.id}/decision?lang=sv`);
	assert(text(sv.text).includes('Arbetsverksamhet 2027 (utvärdering)'), 'the Swedish title');
	assert(text(sv.text).includes('Handledarna har lämplig utbildning.') || text(sv.text).includes('Anbudsgivaren finns i handelsregistret.'), 'Swedish requirement text');
});

test('decision content: buyer, bidders, the excluded bid and why, tables, winners in order', async (ctx) => {
	const { T } = ctx;
	const r = await ctx.c.officer.get(`/tenders/${T.id}/decision?lang=fi`);
	expectStatus(r, 200, 'decision');
	const body = text(mainText(r.text));
	assert(body.includes('Pohjois-Karjalan hyvinvointialue (Siun sote)'), 'buyer');
	assert(body.includes(TITLE), 'tender');
	for (const n of BIDDER_NAMES) assert(body.includes(n), `bidder ${n}`);
	const excluded = /<h2 id="excluded">[\s\S]*?(?=<h2)/.exec(r.text)[0];
	assert(text(excluded).includes(ORG[4]) && text(excluded).includes(REASON), 'the excluded bid with its reason');
	assert(!text(excluded).includes(ORG[2]), 'a qualified bid among the excluded');
	const tables = comparisonTables(r.text);
	eq(tables.length, 2, 'a table per lot');
	eq(JSON.stringify(tables[0].map((x) => x.sub)), '[520,510,530]', 'lot 1 table');
	eq(JSON.stringify(tables[1].map((x) => x.sub)), '[510,520,530]', 'lot 2 table');
	eq(tables[1][0].cells[4], '32,00', 'price points in the decision');
	const winners = [...r.text.matchAll(/<ol class="winners">([\s\S]*?)<\/ol>/g)].map((m) =>
		[...m[1].matchAll(/<li>([\s\S]*?)<\/li>/g)].map((x) => text(x[1])));
	eq(winners.length, 2, 'winners per lot');
	// "points" is translated: compare up to the number.
	const upTo = (list) => JSON.stringify(list.map((w) => w.replace(/^(.*\(\d+,\d\d).*$/, '$1')));
	eq(upTo(winners[0]), JSON.stringify([`${ORG[2]} (75,00`, `${ORG[3]} (75,00`]), 'lot 1 winners in order');
	eq(upTo(winners[1]), JSON.stringify([`${ORG[3]} (60,00`]), 'lot 2 winner');
	assert(body.includes('Monipuoliset puutyöt.'), 'the justifications');
});

test('publishing: refused while incomplete, then once on a Saturday → standstill ends on Monday', async (ctx) => {
	const { T, stack } = ctx;
	// Find a Saturday whose +14 falls on a weekend.
	let day = isoAdd(helsinkiIso(nowS()), 2);
	while (weekday(day) !== 6) day = isoAdd(day, 1);
	const want = standstillEnd(day);
	assert(weekday(isoAdd(day, 14)) >= 6, 'the rule case');
	assert(want > isoAdd(day, 14) && weekday(want) <= 2, `moved to ${want}`);
	await clockAt(ctx, noonUtc(day));
	ctx.publishDay = day;
	ctx.standstillEnd = want;
	// An unqualified bid blocks publishing.
	sql(stack.db, 'DELETE FROM qualifications WHERE submission_id = 510 AND requirement_id = 101');
	let r = await post(ctx.c.officer, `/tenders/${T.id}/decision/publish`);
	expectStatus(r, 409, 'publish with a bid not qualified');
	eq(count(stack.db, 'award_decisions'), 0, 'nothing published');
	const p = `/tenders/${T.id}/submissions/510`;
	r = await submit(ctx.c.officer, p, p, [['decision_100', 'pass'], ['reason_100', ''], ['decision_101', 'pass'], ['reason_101', '']]);
	expectStatus(r, 303, 'requalify');
	// Requalifying undid lot choices only if a decision changed; choose again if so.
	for (const [lot, pairs] of [[T.lot1, [['framework', 'all']]], [T.lot2, [['framework', 'best'], ['best_n', '1']]]])
		if (count(stack.db, 'lot_awards', `lot_id = ${lot}`) === 0)
			expectStatus(await submit(ctx.c.officer, `/tenders/${T.id}/lots/${lot}/comparison`, `/tenders/${T.id}/lots/${lot}/award`, pairs), 303, 'choose again');
	r = await submit(ctx.c.officer, `/tenders/${T.id}/decision`, `/tenders/${T.id}/decision/publish`, [['reasoning_fi', 'x'.repeat(10001)], ['reasoning_sv', '']]);
	expectStatus(r, 422, 'reasoning too long');
	assert(fieldError(r.text, 'reasoning_fi'), 'message by the reasoning');
	eq(count(stack.db, 'award_decisions'), 0, 'nothing published');
	const mark = auditMark(stack.db);
	const notes = count(stack.db, 'notifications');
	const mails = count(stack.db, 'outbox');
	r = await submit(ctx.c.officer, `/tenders/${T.id}/decision`, `/tenders/${T.id}/decision/publish`,
		[['reasoning_fi', 'Hankinta ratkaistiin vertailun perusteella.'], ['reasoning_sv', 'Upphandlingen avgjordes enligt jämförelsen.']]);
	expectStatus(r, 303, 'publish');
	eq(sqlValue(stack.db, 'SELECT standstill_end FROM award_decisions WHERE tender_id = 10'), want, 'standstill end');
	eq(sqlValue(stack.db, 'SELECT status FROM tenders WHERE id = 10'), 'awarded', 'status');
	assert(Number(sqlValue(stack.db, 'SELECT awarded_at FROM tenders WHERE id = 10')) >= noonUtc(day), 'awarded_at');
	eq(auditSince(stack.db, mark, 'tender.award').length, 1, 'audited');
	const orgs = sql(stack.db, `SELECT org_id, text_en, link FROM notifications WHERE id > (SELECT max(id) - ${count(stack.db, 'notifications') - notes} FROM notifications) ORDER BY org_id`);
	eq(JSON.stringify(orgs.map((o) => o[0])), '["2","3","4"]', 'notified organisations');
	for (const o of orgs) {
		eq(o[1], `The award decision for "${TITLE}" has been published.`, 'notification text');
		eq(o[2], '/tenders/10/decision', 'notification link');
	}
	const to = sql(stack.db, `SELECT to_addr FROM outbox ORDER BY id DESC LIMIT ${count(stack.db, 'outbox') - mails}`).map((x) => x[0]).sort();
	eq(JSON.stringify(to), JSON.stringify(['kaisa@kierratys.example', 'liisa@diakonia.example', 'pekka@kanerva.example']), 'e-mails');
	r = await post(ctx.c.officer, `/tenders/${T.id}/decision/publish`);
	expectStatus(r, 409, 'publish twice');
	eq(count(stack.db, 'award_decisions'), 1, 'one decision');
	eq(count(stack.db, 'notifications') - notes, 3, 'no second round of notifications');
});

test('after publication: bidders and administrators read the decision, others do not; no more changes', async (ctx) => {
	const { T } = ctx;
	for (const u of ['provider', 'kierratys', 'diakonia', 'admin', 'officer']) {
		for (const lang of ['fi', 'sv']) {
			const r = await ctx.c[u].get(`/tenders/${T.id}/decision?lang=${lang}`);
			expectStatus(r, 200, `${u} decision ${lang}`);
			eq(htmlLang(r.text), lang, 'language');
			const m = /<dd id="standstill-end" data-date="([^"]*)">([^<(]*)/.exec(r.text);
			eq(m && m[1], ctx.standstillEnd, `${u}: standstill end`);
			eq(m && m[2].trim(), fiDate2(ctx.standstillEnd), `${u}: standstill end shown`);
			assert(text(r.text).includes(REASON), `${u}: the reason of the exclusion`);
			assert(!r.text.includes('/decision/publish'), `${u}: a publish form after publication`);
		}
	}
	const d = await ctx.c.diakonia.get(`/tenders/${T.id}/decision?lang=fi`);
	assert(text(d.text).includes('Hankinta ratkaistiin vertailun perusteella.'), 'the reasoning in Finnish');
	const s = await ctx.c.diakonia.get(`/tenders/${T.id}/decision?lang=sv`);
	assert(text(s.text).includes('Upphandlingen avgjordes enligt jämförelsen.'), 'the reasoning in Swedish');
	expectStatus(await ctx.c.verstas.get(`/tenders/${T.id}/decision`), 404, 'a provider that did not bid');
	const t = `/tenders/${T.id}`;
	expectStatus(await post(ctx.c.officer, `${t}/lots/${T.lot2}/scores`, { submission: '520', points_110: '1', why_110: 'x', points_111: '1', why_111: 'x' }), 409, 'scores after publication');
	expectStatus(await post(ctx.c.officer, `${t}/submissions/520`, { decision_100: 'pass', decision_101: 'pass' }), 409, 'qualify after publication');
	expectStatus(await post(ctx.c.officer, `${t}/lots/${T.lot2}/award`, { framework: 'all' }), 409, 'framework after publication');
	expectStatus(await ctx.c.officer.get(`${t}/lots/${T.lot2}/comparison`), 200, 'the comparison stays readable');
	expectStatus(await ctx.c.officer.get(`${t}/lots/${T.lot2}/scores`), 200, 'the scores stay readable');
	eq(sqlValue(ctx.stack.db, 'SELECT points_x100 FROM scores WHERE submission_id = 520 AND criterion_id = 110'), '1000', 'scores unchanged');
});

test('ready for contracts only after the standstill period has run out', async (ctx) => {
	const { T, stack } = ctx;
	const end = ctx.standstillEnd;
	await clockAt(ctx, noonUtc(end));
	let r = await ctx.c.officer.get(`/tenders/${T.id}/decision`);
	assert(!/Ready for contracts/.test(r.text), 'ready on the last day of the standstill');
	const q1 = `SELECT lot_number, org_id, rank FROM lot_ready_for_contracts WHERE tender_id = 10 AND standstill_end < ${q(end)} ORDER BY lot_number, rank`;
	eq(sql(stack.db, q1).length, 0, 'the view with today = the last day');
	const next = isoAdd(end, 1);
	await clockAt(ctx, noonUtc(next));
	r = await ctx.c.provider.get(`/tenders/${T.id}/decision`);
	eq((r.text.match(/Ready for contracts\./g) || []).length, 2, 'both lots ready');
	const q2 = `SELECT lot_number, org_id, rank FROM lot_ready_for_contracts WHERE tender_id = 10 AND standstill_end < ${q(next)} ORDER BY lot_number, rank`;
	eq(JSON.stringify(sql(stack.db, q2)), JSON.stringify([['1', '2', '1'], ['1', '3', '2'], ['2', '3', '1']]), 'the view');
});

// --- the administrator's appeal instructions ---------------------------------------------

test('admin: appeal instructions in Finnish and Swedish; defaults when empty', async (ctx) => {
	const { T, stack } = ctx;
	const page = await ctx.c.admin.get('/admin/settings');
	expectStatus(page, 200, 'settings');
	assert(text(page.text).includes('Hankintaoikaisu') && text(page.text).includes('Upphandlingsrättelse'), 'the defaults are shown');
	let r = await submit(ctx.c.admin, '/admin/settings', '/admin/settings', [['appeal_fi', 'x'.repeat(10001)], ['appeal_sv', '']]);
	expectStatus(r, 422, 'too long');
	assert(fieldError(r.text, 'appeal_fi'), 'message by the field');
	const fi = 'Oikaisuohje\nVaatimus 14 päivän kuluessa hankintayksikölle.\n\nValitus markkinaoikeuteen 14 päivässä.';
	const mark = auditMark(stack.db);
	r = await submit(ctx.c.admin, '/admin/settings', '/admin/settings', [['appeal_fi', fi], ['appeal_sv', '']]);
	expectStatus(r, 303, 'save');
	eq(auditSince(stack.db, mark, 'settings.update').length, 1, 'audited');
	eq(sqlValue(stack.db, "SELECT replace(value, char(10), '|') FROM settings WHERE key = 'appeal_instructions_fi'"),
		fi.replace(/\n/g, '|'), 'stored');
	eq(sqlValue(stack.db, "SELECT count(*) FROM settings WHERE key = 'appeal_instructions_sv'"), '0', 'empty: the default');
	const d = await ctx.c.provider.get(`/tenders/${T.id}/decision?lang=fi`);
	assert(d.text.includes('<strong>Oikaisuohje</strong><br>Vaatimus 14 päivän kuluessa hankintayksikölle.'), 'the custom text, line by line');
	assert(!text(d.text).includes('Hankintaoikaisu'), 'the default is gone');
	const s = await ctx.c.provider.get(`/tenders/${T.id}/decision?lang=sv`);
	assert(text(s.text).includes('Upphandlingsrättelse'), 'the Swedish default');
	r = await submit(ctx.c.admin, '/admin/settings', '/admin/settings', [['appeal_fi', ''], ['appeal_sv', '']]);
	expectStatus(r, 303, 'back to defaults');
	eq(sqlValue(stack.db, "SELECT count(*) FROM settings WHERE key LIKE 'appeal_instructions_%'"), '0', 'no rows');
	const again = await ctx.c.admin.get('/admin/settings');
	assert(text(again.text).includes('Hankintaoikaisu'), 'default shown again');
	eq((await post(ctx.c.caseworker, '/admin/settings', { appeal_fi: 'x' })).status, 403, 'caseworker POST');
});

// --- main -------------------------------------------------------------------------------------

async function main() {
	let passed = 0, failed = 0;
	const ctx = { c: {} };
	let stack;
	try {
		stack = await startStack('award');
		ctx.stack = stack;
		ctx.T = makeScenario(ctx);
		paikkactl(ctx, 'clock', '0');
		await loginAll(ctx);
		({ passed, failed } = await run(ctx));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${(e && e.stack) || e}`);
	} finally {
		if (stack) stopStack(stack);
	}
	finish(stack, passed, failed);
}

main();
