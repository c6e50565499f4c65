// Open contracting data through the real stack (full demo up to layer 4:
// an open tender with draft bids, a draft tender, an awarded tender with
// contracts and an invoice waiting for finance). The public list links
// every published tender's OCDS release package and no draft; a draft or
// unknown tender is 404; packages are JSON for anyone and the same for
// everyone. Bids are sealed: markers planted in a draft bid and in a
// submitted bid never appear, and before the award decision is published
// (before the deadline, after it, after opening, with the framework
// chosen) a package holds no award, no supplier, no bidder, no price
// offered and no number of tenderers; once the decision is published it
// has the awards with their suppliers. Approved invoice totals appear as
// implementation transactions with the exact amount (a credited month
// nets out), a cancelled tender says so, and no client reference or name
// is in any package. Every package generated here is validated with
// tests/ocds_validate.py against the OCDS 1.1 release package schema
// under $PAIKKA_STANDARDS (default ../shared/standards); without the
// schema (or python3-jsonschema) that test prints "# SKIP" and why.
// Usage: B=build node tests/stack/ocds.mjs
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
	B, ROOT, assert, eq, startStack, stopStack, sql, sqlValue, q, Client, loginClient,
	formHidden, registry, routes,
} from './lib.mjs';

// The demo story up to its invoices; a later layer must not change it.
process.env.PAIKKA_DEMO_LAYERS ??= '4';

const { test, run } = registry();
const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;
const PYTHON = '/usr/bin/python3';
const VALIDATOR = path.join(ROOT, 'tests/ocds_validate.py');
const STANDARDS = process.env.PAIKKA_STANDARDS || path.join(ROOT, '../shared/standards');
const SCHEMA = path.join(STANDARDS, 'ocds/release-package-schema.json');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'paikka-ocds-'));
const PREFIX = 'ocds-paikka';
const MARK = 'SEALED' + randomBytes(6).toString('hex');
const nowS = () => Math.floor(Date.now() / 1000);

// Why schema validation cannot run here, or '' when it can.
function skipReason() {
	if (!fs.existsSync(SCHEMA)) return `schema not found at ${SCHEMA}`;
	const py = spawnSync(PYTHON, ['-c', 'import jsonschema'], { encoding: 'utf8' });
	if (py.error || py.status !== 0) return `${PYTHON} with jsonschema not found (python3-jsonschema)`;
	return '';
}
const SKIP = skipReason();

// Runs the validator on files; {status, out}.
function validateFiles(files) {
	const r = spawnSync(PYTHON, [VALIDATOR, '--standards', STANDARDS, ...files], { encoding: 'utf8' });
	return { status: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

// Every package text fetched in this suite, validated at the end.
const seen = [];

// GET /tenders/:id/ocds.json with client c: {status, type, text, json}.
async function pkg(ctx, id, c = ctx.anon) {
	const r = await c.get(`/tenders/${id}/ocds.json`);
	const out = { status: r.status, type: r.headers.get('content-type'), text: r.text, headers: r.headers };
	if (r.status === 200) {
		out.json = JSON.parse(r.text);
		seen.push({ name: `tender-${id}-${seen.length}.json`, text: r.text });
	}
	return out;
}

const releases = (p, tag) => p.json.releases.filter((r) => !tag || r.tag.includes(tag));
const allKeys = (v, out = new Set()) => {
	if (Array.isArray(v)) v.forEach((x) => allKeys(x, out));
	else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); allKeys(x, out); }
	return out;
};

// The decimal a package writes for cents: 3027 → "30.27", 3020 → "30.2",
// 3000 → "30.0" (jansson keeps a ".0" on a whole number).
function euros(cents) {
	const neg = cents < 0 ? '-' : '';
	const c = Math.abs(cents);
	let frac = String(c % 100).padStart(2, '0');
	if (frac.endsWith('0')) frac = frac[0];
	return `${neg}${Math.floor(c / 100)}.${frac}`;
}

// What a package for a tender before its award must not have.
function assertSealed(p, what, ctx) {
	const text = p.text;
	assert(!text.includes(MARK), `${what}: a bid's marker is in the package`);
	for (const name of ctx.bidderNames) assert(!text.includes(name), `${what}: bidder ${name} is named`);
	for (const yt of ctx.bidderYtunnus) assert(!text.includes(yt), `${what}: bidder ${yt} is identified`);
	for (const price of ['31.31', '33.33']) assert(!text.includes(price), `${what}: an offered price ${price}`);
	const keys = allKeys(p.json);
	for (const k of ['awards', 'contracts', 'numberOfTenderers', 'tenderers', 'suppliers', 'awardPeriod'])
		assert(!keys.has(k), `${what}: "${k}" before the award`);
	for (const r of p.json.releases) {
		for (const t of r.tag) assert(['planning', 'tender', 'tenderAmendment'].includes(t), `${what}: tag ${t}`);
		eq(r.parties.length, 1, `${what}: ${r.id} parties`);
		eq(r.parties[0].roles.join(','), 'buyer,procuringEntity', `${what}: the only party is the buyer`);
	}
}

function paikkactl(ctx, ...args) {
	const r = spawnSync(path.join(ROOT, B, 'bin/paikkactl'), args,
		{ cwd: ROOT, env: { ...process.env, PAIKKA_DB: ctx.stack.db }, encoding: 'utf8' });
	assert(r.status === 0, `paikkactl ${args.join(' ')}: ${r.stderr}`);
}

// --- the list and who may read -------------------------------------------------

test('both routes are public GETs', async () => {
	const mine = routes('tendering').filter((r) => /ocds/.test(r.pattern));
	eq(mine.map((r) => `${r.method} ${r.pattern}`).join(' | '), 'GET /tenders/ocds | GET /tenders/:id/ocds.json', 'routes');
	for (const r of mine) assert(r.roles.includes('anonymous') && r.roles.length === 6, `${r.pattern} roles ${r.roles}`);
});

test('the list links every published tender and no draft', async (ctx) => {
	const r = await ctx.anon.get('/tenders/ocds');
	eq(r.status, 200, 'list');
	assert(/<table>\s*<caption>/.test(r.text), 'a table with a caption');
	eq((r.text.match(/<th scope="col">/g) || []).length, 3, 'column headers');
	const linked = [...r.text.matchAll(/href="\/tenders\/(\d+)\/ocds\.json"/g)].map((m) => Number(m[1])).sort();
	const published = sql(ctx.stack.db, "SELECT id FROM tenders WHERE published_at IS NOT NULL AND status <> 'draft' ORDER BY id").map((x) => Number(x[0]));
	eq(linked.join(','), published.join(','), 'one link per published tender');
	assert(published.includes(1) && published.includes(3), 'demo tenders 1 and 3 are published');
	assert(!linked.includes(2), 'the draft tender is not listed');
	assert(r.text.includes(`<code>${PREFIX}-3</code>`), 'ocid shown');
	assert(r.text.includes('Bids are sealed'), 'the explanation');
	const list = await ctx.anon.get('/tenders');
	assert(list.text.includes('href="/tenders/ocds"'), 'the tender list links the open data page');
});

test('a draft or unknown tender has no package', async (ctx) => {
	for (const [id, why] of [[2, 'draft'], [999, 'unknown'], [0, 'zero']]) {
		eq((await pkg(ctx, id)).status, 404, `anonymous: ${why}`);
		eq((await pkg(ctx, id, ctx.officer)).status, 404, `officer: ${why}`);
	}
	// Cancelled before it was ever published: still nothing public.
	sql(ctx.stack.db, "UPDATE tenders SET status = 'cancelled', cancelled_at = unixepoch(), cancel_reason = 'ei tarvita' WHERE id = 2");
	eq((await pkg(ctx, 2)).status, 404, 'cancelled draft');
	const r = await ctx.anon.get('/tenders/ocds');
	assert(!r.text.includes('/tenders/2/ocds.json'), 'cancelled draft not listed');
	eq((await ctx.anon.get('/tenders/1/ocds.json/x')).status, 404, 'a longer path');
	eq((await ctx.anon.request('POST', '/tenders/1/ocds.json', { form: {} })).status, 405, 'POST');
});

test('a package is JSON for anyone, the same for everyone', async (ctx) => {
	const a = await pkg(ctx, 3);
	eq(a.status, 200, 'anonymous');
	eq(a.type, 'application/json', 'content type');
	eq(a.headers.get('access-control-allow-origin'), '*', 'open to other sites');
	for (const c of [ctx.officer, ctx.provider, ctx.finance]) eq((await pkg(ctx, 3, c)).text, a.text, 'same bytes for a logged-in user');
	const p = a.json;
	eq(p.version, '1.1', 'version');
	assert(p.uri.endsWith('/tenders/3/ocds.json'), `uri ${p.uri}`);
	eq(p.publisher.scheme, 'FI-PRO', 'publisher scheme');
	eq(p.publisher.uid, '3221302-7', 'publisher Y-tunnus');
	const ids = p.releases.map((r) => r.id);
	eq(new Set(ids).size, ids.length, 'release ids unique');
	const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
	let latest = '';
	for (const r of p.releases) {
		eq(r.ocid, `${PREFIX}-3`, 'ocid');
		assert(r.id.startsWith(`${r.ocid}-`), `release id ${r.id}`);
		assert(iso.test(r.date), `date ${r.date}`);
		if (r.date > latest) latest = r.date;
		eq(r.buyer.id, 'FI-PRO-3221302-7', 'buyer');
	}
	eq(p.publishedDate, latest, 'publishedDate is the newest release');
	eq(p.releases.map((r) => r.tag[0]).slice(0, 3).join(','), 'planning,tender,award', 'stages in order');
	const tender = releases(a, 'tender')[0].tender;
	eq(tender.lots.map((l) => l.id).join(','), 'lot-1,lot-2', 'lots');
	eq(tender.items[0].classification.scheme, 'CPV', 'classification');
	eq(tender.items[0].unit.value.amount, 10.09, 'fixed price of lot 1');
	eq(tender.lots[0].value.amount, 150.0 * 1009, 'lot 1 estimate: 15 000 days at 10,09 €');
	const pub = Number(sqlValue(ctx.stack.db, 'SELECT published_at FROM tenders WHERE id = 3'));
	eq(tender.tenderPeriod.startDate, new Date(pub * 1000).toISOString().replace('.000', ''), 'tender period starts at publication');
	const cs = releases(a, 'contract');
	eq(cs.length, Number(sqlValue(ctx.stack.db, "SELECT count(*) FROM contracts WHERE tender_id = 3 AND signed_date IS NOT NULL AND status <> 'draft'")), 'a release per signed contract');
	for (const r of cs) {
		const c = r.contracts[0];
		assert(releases(a, 'award')[0].awards.some((w) => w.id === c.awardID), `contract ${c.id} refers to an award`);
		eq(r.parties.length, 2, 'buyer and the supplier');
	}
});

// --- invoices -------------------------------------------------------------

// Approved invoices straight in the database (copies of the demo invoice,
// which the first test approves through finance).
function invoice(db, { contract, month, version = 1, total, kind = 'invoice', creditOf = null, credited = false }) {
	sql(db, `INSERT INTO invoices(org_id, buyer_org_id, contract_id, month, seq, number, version, status, invoice_date, due_date, total_cents, vat_text, iban, bic, reference, created_by, created_at, decided_at, decided_by, kind, credit_of, credit_reason, credited_at)
		SELECT c.org_id, 1, c.id, ${q(month)}, 90 + ${version}, 'T-${contract}-${version}', ${version}, 'approved', '2026-01-05', '2026-01-26', ${total}, i.vat_text, i.iban, i.bic, i.reference, i.created_by, i.created_at, unixepoch() + ${version}, 4, ${q(kind)}, ${creditOf ?? 'NULL'}, ${kind === 'credit' ? "'korjaus'" : "''"}, ${credited ? 'unixepoch()' : 'NULL'}
		FROM contracts c, invoices i WHERE c.id = ${contract} AND i.id = 1`);
	return Number(sqlValue(db, 'SELECT max(id) FROM invoices'));
}

test('an approved month is a transaction with the exact amount', async (ctx) => {
	const db = ctx.stack.db;
	eq(releases(await pkg(ctx, 3), 'implementation').length, 0, 'a submitted invoice is not a transaction');
	const page = await ctx.finance.get('/invoices/1');
	eq(page.status, 200, 'invoice page');
	const r = await ctx.finance.post('/invoices/1/approve', formHidden(page.text, '/invoices/1/approve'));
	eq(r.status, 303, 'finance approves');
	const [month, total] = sql(db, 'SELECT month, total_cents FROM invoices WHERE id = 1')[0];
	assert(Number(total) > 0, 'the demo invoice has days');
	// Contract 4: 70.63 prints as 70.629999999999995 with 17 digits.
	invoice(db, { contract: 4, month: '2025-12', total: 7063 });
	// Contract 5: approved, credited and invoiced again: what stands.
	const orig = invoice(db, { contract: 5, month: '2025-11', total: 1009, credited: true });
	invoice(db, { contract: 5, month: '2025-11', version: 2, total: 1009, kind: 'credit', creditOf: orig });
	// Contract 3: credited and not invoiced again: nothing stands.
	const o3 = invoice(db, { contract: 3, month: '2025-11', total: 2018, credited: true });
	invoice(db, { contract: 3, month: '2025-11', version: 2, total: 2018, kind: 'credit', creditOf: o3 });
	invoice(db, { contract: 5, month: '2025-11', version: 3, total: 3027 });
	const p = await pkg(ctx, 3);
	const impl = releases(p, 'implementation');
	const got = impl.map((x) => x.contracts[0].implementation.transactions[0]).map((t) => `${t.id}=${Math.round(t.value.amount * 100)}`);
	eq(got.join(' '), `2-${month}=${total} 4-2025-12=7063 5-2025-11=3027`, 'one transaction per contract and month, net of credit notes');
	for (const x of impl) {
		const c = x.contracts[0];
		const t = c.implementation.transactions[0];
		eq(x.id, `${PREFIX}-3-implementation-${t.id}`, 'release id');
		eq(t.value.currency, 'EUR', 'currency');
		eq(t.payer.id, 'FI-PRO-3221302-7', 'payer');
		const yt = sqlValue(db, `SELECT o.ytunnus FROM contracts c JOIN organisations o ON o.id = c.org_id WHERE c.id = ${c.id.slice(9)}`);
		eq(t.payee.id, `FI-PRO-${yt}`, 'payee');
		eq(x.parties.map((y) => y.id).join(','), `FI-PRO-3221302-7,FI-PRO-${yt}`, 'parties');
		assert(/^award-\d+-/.test(c.awardID), 'awardID');
	}
	// The raw text holds the exact decimals.
	for (const cents of [Number(total), 7063, 3027]) {
		assert(new RegExp(`"amount": ${euros(cents).replace('.', '\\.')},\\n`).test(p.text), `amount ${euros(cents)} written exactly`);
	}
	assert(!/\d\.\d*9999/.test(p.text) && !/\d\.\d*0000\d/.test(p.text), 'no binary noise in any amount');
});

test('no client data in any package', async (ctx) => {
	const db = ctx.stack.db;
	const refs = sql(db, 'SELECT client_ref FROM placements UNION SELECT client_name FROM placements UNION SELECT client_ref FROM invoice_lines').map((x) => x[0]);
	assert(refs.length >= 7, 'the demo has clients');
	for (const id of [1, 3]) {
		const p = await pkg(ctx, id);
		for (const s of refs) assert(!p.text.includes(s), `tender ${id}: client data ${s}`);
		for (const k of allKeys(p.json)) assert(!/client/i.test(k), `tender ${id}: field ${k}`);
	}
});

// --- cancelling -------------------------------------------------------------

test('a cancelled tender shows tender.status cancelled', async (ctx) => {
	const db = ctx.stack.db;
	sql(db, `INSERT INTO tenders(id, status, title_fi, description_fi, contract_start, contract_end, questions_deadline, bids_deadline, created_by, created_at, published_at)
		VALUES (6, 'published', 'Peruttava tarjouspyyntö', 'Kuvaus', '2027-01-01', '2027-12-31', unixepoch() + 86400, unixepoch() + 172800, 2, unixepoch() - 7200, unixepoch() - 3600);
		INSERT INTO lots(tender_id, number, title, service_type_id, form, est_days_per_year, pricing, fixed_price_cents, price_weight)
		VALUES (6, 1, 'Ainoa osa-alue', 1, 'group', 100, 'fixed', 1009, 0);
		INSERT INTO lot_municipalities SELECT max(id), 1 FROM lots;`);
	let p = await pkg(ctx, 6);
	eq(p.status, 200, 'published');
	eq(releases(p, 'tender')[0].tender.status, 'active', 'active while open');
	const page = await ctx.officer.get('/tenders/6');
	eq(page.status, 200, 'tender page');
	const r = await ctx.officer.post('/tenders/6/cancel', { ...formHidden(page.text, '/tenders/6/cancel'), reason: 'Tarve poistui.' });
	eq(r.status, 303, 'officer cancels');
	p = await pkg(ctx, 6);
	const last = p.json.releases[p.json.releases.length - 1];
	eq(last.tag.join(','), 'tenderCancellation', 'the last release cancels');
	eq(last.tender.status, 'cancelled', 'tender.status');
	eq(last.tender.lots.map((l) => l.status).join(','), 'cancelled', 'the lot too');
	eq(last.tender.amendments[0].rationale, 'Tarve poistui.', 'the reason given');
	const at = Number(sqlValue(db, 'SELECT cancelled_at FROM tenders WHERE id = 6'));
	eq(last.date, new Date(at * 1000).toISOString().replace('.000', ''), 'dated when cancelled');
	const list = await ctx.anon.get('/tenders/ocds');
	assert(list.text.includes('/tenders/6/ocds.json'), 'a cancelled published tender stays listed');
});

// --- sealed bids ------------------------------------------------------------

// Markers in both draft bids and in a submitted bid of the open tender.
function plantBids(ctx) {
	const db = ctx.stack.db;
	sql(db, `UPDATE bid_lots SET work_description = ${q(MARK + ' draft work')} WHERE bid_id = 1 AND lot_id = 1;
		UPDATE bid_lots SET price_cents = 3131, work_description = ${q(MARK + ' draft lot 2')} WHERE bid_id = 1 AND lot_id = 2;
		UPDATE bid_answers SET answer = ${q(MARK + ' draft answer')} WHERE bid_id = 1;
		UPDATE bid_lots SET work_description = ${q(MARK + ' other draft')} WHERE bid_id = 2;`);
	const content = `paikka-bid 1\ntender 1\norg 3\nlot 2\nprice 3333\ncapacity 77\nwork ${MARK.length + 10}:${MARK} submitted\n`;
	const sha = createHash('sha256').update(content).digest('hex');
	const crit = sqlValue(db, 'SELECT min(id) FROM criteria WHERE lot_id = 2');
	sql(db, `INSERT INTO bid_lots(bid_id, lot_id, price_cents, capacity, work_description) VALUES (2, 2, 3333, 77, ${q(MARK + ' submitted')});
		INSERT INTO bid_submissions(id, bid_id, kind, received_at, received_by, content, sha256)
		VALUES (9001, 2, 'submit', unixepoch() - 600, 6, ${q(content)}, '${sha}');
		INSERT INTO submission_lots VALUES (9001, 2, 3333, 77, ${q(MARK + ' submitted')});
		INSERT INTO submission_answers VALUES (9001, ${crit}, ${q(MARK + ' submitted answer')});
		INSERT INTO submission_requirements SELECT 9001, id, 1, NULL FROM requirements WHERE tender_id = 1;`);
	ctx.bidderNames = sql(db, 'SELECT o.name FROM bids b JOIN organisations o ON o.id = b.org_id WHERE b.tender_id = 1').map((x) => x[0]);
	ctx.bidderYtunnus = sql(db, 'SELECT o.ytunnus FROM bids b JOIN organisations o ON o.id = b.org_id WHERE b.tender_id = 1').map((x) => x[0]);
	eq(ctx.bidderNames.length, 2, 'two bidders');
}

test('before the deadline a package holds nothing of the bids', async (ctx) => {
	plantBids(ctx);
	const p = await pkg(ctx, 1);
	eq(p.status, 200, 'package');
	assertSealed(p, 'open tender', ctx);
	const t = releases(p, 'tender')[0].tender;
	eq(t.status, 'active', 'open');
	eq(t.items.find((i) => i.relatedLot === 'lot-2').quantity, 6000, 'the lot is there');
	assert(t.lots[1].description.includes('enintään 35,00 €'), 'the ceiling of lot 2 is public');
	eq(releases(p, 'tenderAmendment').length, 1, 'the demo amendment');
	ctx.sealed = p.text;
});

test('after the deadline, the opening and the framework choice: still sealed', async (ctx) => {
	const db = ctx.stack.db;
	const deadline = Number(sqlValue(db, 'SELECT bids_deadline FROM tenders WHERE id = 1'));
	paikkactl(ctx, 'clock', String(deadline + 3600 - nowS()));
	ctx.officer = await loginClient(ctx.stack, 'officer');
	let p = await pkg(ctx, 1);
	assertSealed(p, 'deadline passed', ctx);
	eq(p.text, ctx.sealed, 'the package does not change when the deadline passes');
	const page = await ctx.officer.get('/tenders/1');
	const r = await ctx.officer.post('/tenders/1/open', formHidden(page.text, '/tenders/1/open'));
	eq(r.status, 303, 'officer opens the bids');
	eq(sqlValue(db, 'SELECT count(*) FROM opening_lines WHERE tender_id = 1'), '1', 'the submitted bid is in the opening record');
	p = await pkg(ctx, 1);
	assertSealed(p, 'opened', ctx);
	eq(p.text, ctx.sealed, 'opening changes nothing public');
	sql(db, `INSERT INTO lot_awards VALUES (2, NULL, 2, unixepoch()); INSERT INTO award_ranks VALUES (2, 9001, 1, 9000, 1);`);
	p = await pkg(ctx, 1);
	assertSealed(p, 'framework chosen, decision not published', ctx);
	eq(p.text, ctx.sealed, 'an unpublished choice changes nothing public');
});

test('once the decision is published: awards with their suppliers', async (ctx) => {
	const db = ctx.stack.db;
	sql(db, `INSERT INTO award_decisions(tender_id, published_at, published_by, standstill_end) VALUES (1, unixepoch() + ${Number(paikkactlOffset(ctx))}, 2, date('now', '+30 days'));
		UPDATE tenders SET status = 'awarded', awarded_at = (SELECT published_at FROM award_decisions WHERE tender_id = 1) WHERE id = 1;`);
	const p = await pkg(ctx, 1);
	const aw = releases(p, 'award');
	eq(aw.length, 1, 'an award release');
	const a = aw[0];
	eq(a.awards.length, 1, 'one chosen provider');
	eq(a.awards[0].id, 'award-2-4567890-7', 'award id');
	eq(a.awards[0].suppliers[0].id, 'FI-PRO-4567890-7', 'supplier');
	eq(a.awards[0].suppliers[0].name, 'Kiteen Kierrätysosuuskunta', 'supplier name');
	eq(a.awards[0].items[0].unit.value.amount, 33.33, 'the daily price of the framework');
	eq(a.awards[0].relatedLots.join(','), 'lot-2', 'the lot');
	const sup = a.parties.find((x) => x.id === 'FI-PRO-4567890-7');
	assert(sup && sup.roles.includes('supplier'), 'supplier party');
	eq(a.parties.length, 2, 'buyer and the one supplier');
	eq(a.tender.numberOfTenderers, 1, 'valid bids at opening');
	eq(a.tender.status, 'complete', 'tender complete');
	eq(a.tender.lots.map((l) => `${l.id}:${l.status}`).join(','), 'lot-1:unsuccessful,lot-2:complete,lot-3:unsuccessful', 'lot statuses');
	const at = Number(sqlValue(db, 'SELECT published_at FROM award_decisions WHERE tender_id = 1'));
	eq(a.date, new Date(at * 1000).toISOString().replace('.000', ''), 'dated when published');
	assert(!p.text.includes(MARK), 'work descriptions and answers stay out');
	assert(!p.text.includes('Puutyöpaja Kanerva ry') && !p.text.includes('31.31'), 'a bidder never chosen stays out');
	eq(releases(p, 'contract').length, 0, 'no contracts yet');
});

// The test clock's offset in seconds (the stack's "now" minus real time).
function paikkactlOffset(ctx) {
	const r = spawnSync(path.join(ROOT, B, 'bin/paikkactl'), ['clock'],
		{ cwd: ROOT, env: { ...process.env, PAIKKA_DB: ctx.stack.db }, encoding: 'utf8' });
	return Number(r.stdout.trim()) || 0;
}

// --- the schema ---------------------------------------------------------------

test(SKIP ? `every package validates against the OCDS 1.1 schema # SKIP ${SKIP}`
	: 'every package validates against the OCDS 1.1 schema', async () => {
	if (SKIP) return;
	assert(seen.length >= 10, `packages fetched: ${seen.length}`);
	const files = seen.map(({ name, text }) => {
		const f = path.join(TMP, name);
		fs.writeFileSync(f, text);
		return f;
	});
	const r = validateFiles(files);
	assert(r.status === 0, `invalid: ${r.out.split('\n').filter((l) => !l.startsWith('ok ')).slice(0, 6).join(' | ')}`);
	eq(r.out.split('\n').filter((l) => l.startsWith('ok ')).length, files.length, 'one ok per package');
	// The validator can fail: a copy without its ocid, a bad date, an
	// amount as text and a bad URI are each reported.
	const bad = JSON.parse(seen[seen.length - 1].text);
	delete bad.releases[0].ocid;
	bad.releases[1].date = '2026-02-30T10:00:00Z';
	bad.uri = 'not a uri';
	(bad.releases[1].tender.value || {}).amount = '10.09';
	const f = path.join(TMP, 'broken.json');
	fs.writeFileSync(f, JSON.stringify(bad));
	const b = validateFiles([f]);
	eq(b.status, 1, 'the broken copy is refused');
	for (const what of ["'ocid' is a required property", "is not a 'date-time'", "is not a 'uri'", "is not of type 'number'"])
		assert(b.out.includes(what), `reported: ${what}`);
});

async function main() {
	let stack, passed = 0, failed = 0;
	try {
		stack = await startStack('ocds');
		const ctx = { stack, anon: new Client(stack) };
		for (const u of ['officer', 'provider', 'finance']) ctx[u] = await loginClient(stack, u);
		({ passed, failed } = await run(ctx));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${e.message}`);
	} finally {
		if (stack) stopStack(stack);
	}
	const log = stack ? path.join(stack.dir, 'log/paikka.log') : '';
	const logText = log && fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
	const bad = logText.split('\n').find((l) => SANITIZER.test(l) || /internal error/.test(l));
	if (bad) {
		failed++;
		console.log(`not ok - no sanitizer reports or internal errors in the log: ${bad.trim()}`);
	} else {
		passed++;
		console.log('ok - no sanitizer reports or internal errors in the log');
	}
	fs.rmSync(TMP, { recursive: true, force: true });
	if (stack && failed === 0 && !process.env.KEEP) fs.rmSync(stack.dir, { recursive: true, force: true });
	else if (stack) console.log(`# stack kept in ${stack.dir} (${B})`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main();
