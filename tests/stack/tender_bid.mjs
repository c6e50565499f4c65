// The provider's side of tendering through the real stack: questions,
// drafts, reusable documents, submitting with a receipt, replacing,
// withdrawing, the deadline (with the test clock), and the sealed-bid
// guarantee checked over every GET route of every program.
//   B=build node tests/stack/tender_bid.mjs   (KEEP=1 keeps the stack)
// Test tenders are written with the sqlite3 CLI, so the suite does not
// depend on the officer's pages.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
	ROOT, B, assert, eq, startStack, stopStack, sql, sqlValue, q, Client,
	loginClient, formHidden, fieldError, unescapeHtml, routes, registry,
} from './lib.mjs';

// This suite builds its own scenario on the base demo (sql/demo.sql)
// without the story's later layers (sql/demo-N-*.sql).
process.env.PAIKKA_DEMO_LAYERS ??= '0';

const { test, run } = registry();
const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;
const MARK_P = `SEALED-MARKER-${randomBytes(6).toString('hex')}`;
const MARK_K = `SEALED-MARKER-${randomBytes(6).toString('hex')}`;
const DAY = 86400;

// --- helpers ---------------------------------------------------------------

const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const randomHex = (n) => randomBytes(n / 2).toString('hex');

function pdf(text) {
	return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

// multipart/form-data with text fields and files: fields [[name, value]],
// files [[name, filename, Buffer]].
function multipartBody(fields, files = []) {
	const boundary = '----paikkabid' + randomHex(16);
	const parts = [];
	for (const [k, v] of fields)
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
	for (const [k, filename, data] of files) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${filename}"\r\n` +
			'Content-Type: application/pdf\r\n\r\n'));
		parts.push(data, Buffer.from('\r\n'));
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

// The session's csrf token (from any page with a form) and a fresh nonce.
async function tokens(c) {
	if (!c.csrf) {
		const page = await c.get('/accessibility');
		c.csrf = formHidden(page.text, '/accessibility').csrf;
	}
	return { csrf: c.csrf, nonce: randomHex(32) };
}

// POSTs the bid form (multipart) with these fields and files.
async function saveBid(c, tender, fields, files = []) {
	const t = await tokens(c);
	const mp = multipartBody([['csrf', t.csrf], ['nonce', t.nonce], ...Object.entries(fields)], files);
	return c.request('POST', `/tenders/${tender}/bid`, { body: mp.body, type: mp.type });
}

async function postForm(c, p, fields = {}) {
	const t = await tokens(c);
	return c.post(p, { ...t, ...fields });
}

function mainText(html) {
	const m = /<main[^>]*>([\s\S]*)<\/main>/.exec(html);
	return m ? m[1] : html;
}

function expectStatus(r, want, what) {
	assert(r.status !== 500, `${what}: 500 (${mainText(r.text).slice(0, 200)})`);
	eq(r.status, want, `${what}: status`);
}

function paikkactl(ctx, ...args) {
	const r = spawnSync(path.join(ROOT, B, 'bin/paikkactl'), args,
		{ cwd: ROOT, env: { ...process.env, PAIKKA_DB: ctx.stack.db }, encoding: 'utf8' });
	assert(r.status === 0, `paikkactl ${args.join(' ')}: ${r.stderr}`);
}

// Moves the stack's clock so that its now is `at` (UTC seconds) plus the
// time the next request takes. Sessions end when the clock jumps by days,
// so every client logs in again.
async function clockAt(ctx, at) {
	paikkactl(ctx, 'clock', String(at - Math.floor(Date.now() / 1000)));
	await loginAll(ctx);
}

const USERS = ['provider', 'kierratys', 'diakonia', 'verstas', 'officer', 'admin', 'caseworker', 'finance'];

async function loginAll(ctx) {
	for (const u of USERS) ctx.c[u] = await loginClient(ctx.stack, u);
	ctx.anon = new Client(ctx.stack);
	await ctx.anon.get('/');
}

const nowS = () => Math.floor(Date.now() / 1000);

// A published tender written straight into the database; returns its ids.
function makeTender(ctx, { title, questionsIn, bidsIn, lots, requirements }) {
	const db = ctx.stack.db;
	const officer = sqlValue(db, "SELECT id FROM users WHERE username = 'officer'");
	const now = nowS();
	const id = Number(sqlValue(db, `INSERT INTO tenders(status, title_fi, description_fi, contract_start,
		contract_end, questions_deadline, bids_deadline, created_by, created_at, published_at)
		VALUES ('published', ${q(title)}, 'Testitarjouspyyntö', '2027-01-01', '2027-12-31',
		${now + questionsIn}, ${now + bidsIn}, ${officer}, ${now - 3600}, ${now - 1800}) RETURNING id`));
	const out = { id, lots: [], crits: [], reqs: [], deadline: now + bidsIn, questionsDeadline: now + questionsIn };
	lots.forEach((l, i) => {
		const lid = Number(sqlValue(db, `INSERT INTO lots(tender_id, number, title, service_type_id, form,
			est_days_per_year, pricing, fixed_price_cents, ceiling_cents, price_weight)
			VALUES (${id}, ${i + 1}, ${q(l.title)}, 1, 'both', 1000, ${q(l.pricing)},
			${l.fixed ?? 'NULL'}, ${l.ceiling ?? 'NULL'}, ${l.pricing === 'bid' ? 40 : 0}) RETURNING id`));
		sql(db, `INSERT INTO lot_municipalities(lot_id, municipality_id) SELECT ${lid}, id FROM municipalities WHERE name_fi IN ('Joensuu', 'Kitee')`);
		const crits = [];
		for (let k = 0; k < l.criteria; k++)
			crits.push(Number(sqlValue(db, `INSERT INTO criteria(lot_id, number, description_fi, max_points)
				VALUES (${lid}, ${k + 1}, 'Kriteeri ${k + 1}', 10) RETURNING id`)));
		out.lots.push({ id: lid, number: i + 1, ...l, crits });
		out.crits.push(...crits);
	});
	requirements.forEach((needs, i) => {
		out.reqs.push({ id: Number(sqlValue(db, `INSERT INTO requirements(tender_id, number, text_fi, needs_attachment)
			VALUES (${id}, ${i + 1}, 'Vaatimus ${i + 1}', ${needs ? 1 : 0}) RETURNING id`)), needs });
	});
	return out;
}

// Every row of a provider's bid for a tender, and the counts of the
// shared tables, for "nothing was stored" checks.
function bidState(ctx, tender, org) {
	const db = ctx.stack.db;
	const bid = `(SELECT id FROM bids WHERE tender_id = ${tender} AND org_id = ${org})`;
	return JSON.stringify([
		sql(db, `SELECT id, updated_at FROM bids WHERE id = ${bid}`),
		sql(db, `SELECT lot_id, price_cents, capacity, work_description FROM bid_lots WHERE bid_id = ${bid} ORDER BY lot_id`),
		sql(db, `SELECT criterion_id, answer FROM bid_answers WHERE bid_id = ${bid} ORDER BY criterion_id`),
		sql(db, `SELECT requirement_id, confirmed, org_document_id FROM bid_requirements WHERE bid_id = ${bid} ORDER BY requirement_id`),
		sql(db, 'SELECT count(*) FROM bid_submissions'),
		sql(db, 'SELECT count(*) FROM org_documents'),
		sql(db, 'SELECT count(*) FROM files'),
		sql(db, 'SELECT count(*) FROM questions'),
	]);
}

function bidId(ctx, tender, org) {
	return sqlValue(ctx.stack.db, `SELECT id FROM bids WHERE tender_id = ${tender} AND org_id = ${org}`);
}

// The receipt page's hash and canonical text.
function receiptOf(html) {
	const h = /<code id="receipt-hash">([0-9a-f]*)<\/code>/.exec(html);
	const c = /<pre class="canonical"[^>]*>([\s\S]*?)<\/pre>/.exec(html);
	return { hash: h && h[1], content: c && unescapeHtml(c[1]) };
}

function receiptId(location, tender) {
	const m = new RegExp(`^/tenders/${tender}/bid/receipts/(\\d+)\\?msg=`).exec(location || '');
	assert(m, `Location ${location}, want a receipt`);
	return m[1];
}

// The full set of fields of a complete bid of org for tender t, with the
// given work text (every text carries mark).
function completeFields(t, mark, docFor = {}) {
	const f = {};
	for (const l of t.lots) {
		f[`lot_${l.id}`] = '1';
		if (l.pricing === 'bid') f[`price_${l.id}`] = '24,50';
		f[`capacity_${l.id}`] = '4';
		f[`work_${l.id}`] = `Puutyöpaja Joensuussa ${mark}\r\nrivi 2`;
		for (const c of l.crits) f[`answer_${c}`] = `Vastaus ${c} ${mark}`;
	}
	for (const r of t.reqs) {
		f[`confirm_${r.id}`] = '1';
		if (r.needs && docFor[r.id]) f[`doc_${r.id}`] = docFor[r.id];
	}
	return f;
}

// --- pending provider --------------------------------------------------------

test('a pending provider cannot bid or ask', async (ctx) => {
	const v = ctx.c.verstas;
	const T = ctx.T1.id;
	const before = bidState(ctx, T, 5);
	const page = await v.get(`/tenders/${T}/bid`);
	expectStatus(page, 403, 'GET bid page');
	assert(page.text.includes('waiting for approval'), 'the bid page says the organisation waits for approval');
	const save = await saveBid(v, T, { [`lot_${ctx.T1.lots[0].id}`]: '1' });
	expectStatus(save, 403, 'save');
	assert(save.text.includes('waiting for approval'), 'save explains why');
	expectStatus(await postForm(v, `/tenders/${T}/bid/submit`), 403, 'submit');
	expectStatus(await postForm(v, `/tenders/${T}/bid/withdraw`), 403, 'withdraw');
	const ask = await postForm(v, `/tenders/${T}/questions`, { question: 'Saako kysyä?' });
	expectStatus(ask, 403, 'question');
	assert(ask.text.includes('waiting for approval'), 'the question refusal explains why');
	eq(bidState(ctx, T, 5), before, 'nothing stored');
});

// --- drafts ------------------------------------------------------------------

test('a draft with partial data is saved', async (ctx) => {
	const p = ctx.c.provider;
	const T = ctx.T1;
	const lot = T.lots[1]; // bid pricing, ceiling 35,00
	const r = await saveBid(p, T.id, { [`lot_${lot.id}`]: '1', [`price_${lot.id}`]: '24,5' });
	expectStatus(r, 303, 'save');
	eq(r.location, `/tenders/${T.id}/bid?msg=draft`, 'Location');
	const rows = sql(ctx.stack.db, `SELECT lot_id, price_cents, capacity, work_description FROM bid_lots
		WHERE bid_id = ${bidId(ctx, T.id, 2)}`);
	eq(JSON.stringify(rows), JSON.stringify([[String(lot.id), '2450', '0', '']]), 'bid_lots');
	const page = await p.get(r.location);
	expectStatus(page, 200, 'bid page');
	assert(page.text.includes('Your draft has been saved'), 'flash');
	assert(/id="price_\d+" name="price_\d+"[^>]*value="24[.,]50"/.test(page.text), 'the price is shown again');
	assert(new RegExp(`id="lot_${lot.id}"[^>]*checked`).test(page.text), 'the lot is ticked');
	assert(!new RegExp(`id="lot_${T.lots[0].id}"[^>]*checked`).test(page.text), 'the other lot is not');
	// Opaque ids: far above any count of rows.
	assert(Number(bidId(ctx, T.id, 2)) > 1e12, `bid id ${bidId(ctx, T.id, 2)} is opaque`);
});

test('bad input on every field: 422 with the message, nothing stored', async (ctx) => {
	const p = ctx.c.provider;
	const T = ctx.T1;
	const fixed = T.lots[0], bid = T.lots[1];
	const reqA = T.reqs[0];
	const base = { [`lot_${bid.id}`]: '1', [`lot_${fixed.id}`]: '1' };
	const cases = [
		[`price_${bid.id}`, 'abc', 'Write the price per day in euros'],
		[`price_${bid.id}`, '-5', 'Write the price per day in euros'],
		[`price_${bid.id}`, '0', 'The price must be more than zero.'],
		[`price_${bid.id}`, '35,01', 'The price may be at most'],
		[`price_${bid.id}`, '1e3', 'Write the price per day in euros'],
		[`capacity_${bid.id}`, 'x', 'Write the number of clients as a whole number'],
		[`capacity_${fixed.id}`, '0', 'Write the number of clients as a whole number'],
		[`capacity_${fixed.id}`, '10001', 'Write the number of clients as a whole number'],
		[`work_${fixed.id}`, 'ä'.repeat(10001), 'Write at most 10 000 characters.'],
		[`work_${bid.id}`, 'tab\u0001bell', 'The text contains characters that are not allowed.'],
		[`work_${bid.id}`, 'cut\u0000here', 'The text contains characters that are not allowed.'],
		[`answer_${bid.crits[0]}`, 'ok\ttab\r\nbut\u001bescape', 'The text contains characters that are not allowed.'],
		[`answer_${fixed.crits[0]}`, 'a'.repeat(20001), 'Write at most 20 000 characters.'],
		[`doc_${reqA.id}`, 'abc', "Choose one of your organisation"],
		[`doc_${reqA.id}`, ctx.kDoc, "Choose one of your organisation"], // another organisation's
		[`doc_${reqA.id}`, '999999999999', "Choose one of your organisation"],
	];
	for (const [field, value, message] of cases) {
		const before = bidState(ctx, T.id, 2);
		const r = await saveBid(p, T.id, { ...base, [field]: value });
		expectStatus(r, 422, `${field}=${value.slice(0, 12)}`);
		const got = fieldError(r.text, field);
		assert(got && got.includes(message), `${field}=${value.slice(0, 12)}: message ${got}, want ${message}`);
		assert(r.text.includes('error-summary'), `${field}: error summary`);
		eq(bidState(ctx, T.id, 2), before, `${field}=${value.slice(0, 12)}: nothing stored`);
	}
	// The typed values come back.
	const again = await saveBid(p, T.id, { ...base, [`price_${bid.id}`]: 'abc', [`work_${fixed.id}`]: 'tallessa <b>' });
	assert(again.text.includes('value="abc"'), 'the typed price is shown again');
	assert(again.text.includes('tallessa &lt;b&gt;'), 'the typed text is shown again, escaped');
	// Attachments: not a PDF, and too large.
	const files = [
		[[[`file_${reqA.id}`, 'ote.pdf', Buffer.from('just text, no pdf')]], 'The file is not a PDF document.', 422],
		[[[`file_${reqA.id}`, 'tyhja.pdf', Buffer.alloc(0)]], 'Choose a file.', 422],
		[[[`file_${reqA.id}`, '', Buffer.alloc(0)]], null, 303], // no file chosen: nothing to check
		[[[`file_${reqA.id}`, 'iso.pdf', Buffer.concat([pdf('big'), Buffer.alloc(10 * 1024 * 1024)])]], 'too long', 413],
	];
	for (const [f, message, status] of files) {
		const before = bidState(ctx, T.id, 2);
		const r = await saveBid(p, T.id, { ...base }, f);
		expectStatus(r, status, `file ${f[0][1]}`);
		if (status === 422) {
			eq(fieldError(r.text, `file_${reqA.id}`), message, `file ${f[0][1]}: message`);
			eq(bidState(ctx, T.id, 2), before, `file ${f[0][1]}: nothing stored`);
		} else if (status === 413) {
			// The body parser refuses a file over 10 MB before any handler.
			assert(r.text.includes(message), `file ${f[0][1]}: message`);
			eq(bidState(ctx, T.id, 2), before, `file ${f[0][1]}: nothing stored`);
		}
	}
	// Put the partial draft back for the next test.
	expectStatus(await saveBid(p, T.id, { [`lot_${bid.id}`]: '1', [`price_${bid.id}`]: '24,50' }), 303, 'restore');
});

test('submitting an incomplete bid: 422 listing the problems', async (ctx) => {
	const p = ctx.c.provider;
	const T = ctx.T1;
	const bid = T.lots[1];
	const before = bidState(ctx, T.id, 2);
	const r = await postForm(p, `/tenders/${T.id}/bid/submit`);
	expectStatus(r, 422, 'submit');
	const want = [
		[`capacity_${bid.id}`, 'Give the number of clients'],
		[`work_${bid.id}`, 'Describe where and what kind of work'],
		[`answer_${bid.crits[0]}`, 'Answer this criterion.'],
		[`confirm_${T.reqs[0].id}`, 'Confirm this requirement.'],
		[`confirm_${T.reqs[1].id}`, 'Confirm this requirement.'],
	];
	for (const [field, message] of want) {
		const got = fieldError(r.text, field);
		assert(got && got.includes(message), `${field}: ${got}, want ${message}`);
		assert(r.text.includes(`href="#${field}"`), `summary links ${field}`);
	}
	assert(r.text.includes(`href="#file_${T.reqs[0].id}"`), 'summary names the missing attachment');
	assert(!r.text.includes(`href="#price_${bid.id}"`), 'the given price is no problem');
	eq(bidState(ctx, T.id, 2), before, 'nothing stored');
	// Price above the ceiling and no lot at all.
	expectStatus(await saveBid(p, T.id, {}), 303, 'save an empty draft');
	const none = await postForm(p, `/tenders/${T.id}/bid/submit`);
	expectStatus(none, 422, 'submit without lots');
	assert(none.text.includes('Choose at least one lot.'), 'no lot');
	sql(ctx.stack.db, `INSERT INTO bid_lots(bid_id, lot_id, price_cents, capacity, work_description)
		VALUES (${bidId(ctx, T.id, 2)}, ${bid.id}, 3501, 1, 'x')`);
	const above = await postForm(p, `/tenders/${T.id}/bid/submit`);
	expectStatus(above, 422, 'submit above the ceiling');
	assert((fieldError(above.text, `price_${bid.id}`) || '').includes('The price may be at most'), 'ceiling message');
	sql(ctx.stack.db, `UPDATE bid_lots SET price_cents = NULL WHERE bid_id = ${bidId(ctx, T.id, 2)}`);
	const missing = await postForm(p, `/tenders/${T.id}/bid/submit`);
	assert((fieldError(missing.text, `price_${bid.id}`) || '').includes('Give the price per day.'), 'missing price message');
	eq(sqlValue(ctx.stack.db, 'SELECT count(*) FROM bid_submissions'), '0', 'no submission stored');
});

// --- reusable documents --------------------------------------------------------

test('a reusable document is uploaded once, downloaded only by its owner', async (ctx) => {
	const p = ctx.c.provider;
	const t = await tokens(p);
	const bad = multipartBody([['csrf', t.csrf], ['nonce', t.nonce], ['kind', '']], [['file', 'x.pdf', pdf('x')]]);
	const r0 = await p.request('POST', '/tenders/documents', { body: bad.body, type: bad.type });
	expectStatus(r0, 422, 'no kind');
	assert(fieldError(r0.text, 'kind'), 'kind message');
	const t2 = await tokens(p);
	const notPdf = multipartBody([['csrf', t2.csrf], ['nonce', t2.nonce], ['kind', 'Ote']], [['file', 'x.pdf', Buffer.from('hello')]]);
	const r1 = await p.request('POST', '/tenders/documents', { body: notPdf.body, type: notPdf.type });
	expectStatus(r1, 422, 'not a pdf');
	eq(fieldError(r1.text, 'file'), 'The file is not a PDF document.', 'file message');
	eq(sqlValue(ctx.stack.db, 'SELECT count(*) FROM org_documents WHERE org_id = 2'), '0', 'nothing stored');
	const data = pdf('kaupparekisteriote');
	const t3 = await tokens(p);
	const ok = multipartBody([['csrf', t3.csrf], ['nonce', t3.nonce], ['kind', 'Kaupparekisteriote 11/2026']], [['file', 'ote.pdf', data]]);
	const r2 = await p.request('POST', '/tenders/documents', { body: ok.body, type: ok.type });
	expectStatus(r2, 303, 'upload');
	const [docId, fileSha] = sql(ctx.stack.db, `SELECT d.id, f.sha256 FROM org_documents d JOIN files f ON f.id = d.file_id
		WHERE d.org_id = 2`)[0];
	eq(fileSha, sha256(data), 'stored hash');
	ctx.pDoc = docId;
	ctx.pDocSha = fileSha;
	const list = await p.get('/tenders/documents');
	assert(list.text.includes('Kaupparekisteriote 11/2026') && list.text.includes(`/tenders/documents/${docId}`), 'listed');
	const dl = await p.get(`/tenders/documents/${docId}`);
	expectStatus(dl, 200, 'download');
	eq(dl.text, data.toString('latin1'), 'the same file');
	expectStatus(await ctx.c.kierratys.get(`/tenders/documents/${docId}`), 404, "another provider's document");
	expectStatus(await ctx.c.kierratys.get(`/tenders/documents/${BigInt(docId) + 1n}`), 404, 'no such document');
});

// --- submitting ----------------------------------------------------------------

test('a complete bid: 303 to a receipt whose hash is sha256 of the content shown', async (ctx) => {
	const p = ctx.c.provider;
	const T = ctx.T1;
	const fields = completeFields(T, MARK_P, { [T.reqs[0].id]: ctx.pDoc });
	expectStatus(await saveBid(p, T.id, fields), 303, 'save the complete draft');
	const page = await p.get(`/tenders/${T.id}/bid`);
	assert(page.text.includes('Your saved draft is complete'), 'the bid page says it is complete');
	ctx.outboxMark = Number(sqlValue(ctx.stack.db, 'SELECT coalesce(max(id), 0) FROM outbox'));
	const r = await postForm(p, `/tenders/${T.id}/bid/submit`);
	expectStatus(r, 303, 'submit');
	const sid = receiptId(r.location, T.id);
	const rec = await p.get(r.location);
	expectStatus(rec, 200, 'receipt page');
	const { hash, content } = receiptOf(rec.text);
	assert(/^[0-9a-f]{64}$/.test(hash || ''), `a 64-hex hash: ${hash}`);
	eq(sha256(Buffer.from(content, 'utf8')), hash, 'sha256 of the content shown');
	const row = sql(ctx.stack.db, `SELECT kind, sha256, received_at, coalesce(superseded_at, 'none') FROM bid_submissions WHERE id = ${sid}`)[0];
	eq(row[0], 'submit', 'kind');
	eq(row[1], hash, 'stored hash');
	eq(row[3], 'none', 'current');
	// The canonical text: tender, org, lots in order with the fixed
	// price, texts length-prefixed with CRLF made LF, the attachment's
	// own hash.
	const work = `Puutyöpaja Joensuussa ${MARK_P}\nrivi 2`;
	const lot1 = `lot 1\nprice 1009\ncapacity 4\nwork ${Buffer.byteLength(work)}:${work}\n`;
	assert(content.startsWith(`paikka-bid 1\ntender ${T.id}\norg 2\n${lot1}`), `canonical start: ${content.slice(0, 120)}`);
	assert(content.includes(`lot 2\nprice 2450\ncapacity 4\n`), 'lot 2 with its price');
	assert(content.includes(`requirement 1 confirmed 1 attachment ${ctx.pDocSha}\n`), 'the attachment hash');
	assert(content.endsWith('requirement 2 confirmed 1 attachment -\n'), 'requirement 2');
	assert(rec.text.includes('Your bid has been received'), 'flash');
	const bp = await p.get(`/tenders/${T.id}/bid`);
	assert(bp.text.includes(hash) && !bp.text.includes('differs from the submitted bid'), 'the bid page lists the receipt');
	const tp = await p.get(`/tenders/${T.id}`);
	if (tp.status === 200) assert(tp.text.includes(hash) && !tp.text.includes('differs from'), 'the tender page shows the receipt');
	// Frozen copy.
	eq(sqlValue(ctx.stack.db, `SELECT group_concat(price_cents) FROM (SELECT price_cents FROM submission_lots WHERE submission_id = ${sid} ORDER BY lot_id)`),
		'1009,2450', 'submission_lots prices');
	eq(sqlValue(ctx.stack.db, `SELECT count(*) FROM submission_answers WHERE submission_id = ${sid}`), String(T.crits.length), 'answers');
	eq(sqlValue(ctx.stack.db, `SELECT count(*) FROM submission_requirements WHERE submission_id = ${sid} AND file_id IS NOT NULL`), '1', 'attachment');
	// The e-mail.
	const mail = sql(ctx.stack.db, `SELECT to_addr, subject FROM outbox WHERE id > ${ctx.outboxMark}
		AND body LIKE '%/tenders/${T.id}/bid/receipts/${sid}%'`);
	assert(mail.some(([to]) => to === 'pekka@kanerva.example'), `an outbox row for the receipt: ${JSON.stringify(mail)}`);
	assert(mail.every(([to]) => to.endsWith('kanerva.example')), 'mail only to the bidder');
	assert(Number(sid) > 1e12, 'opaque receipt id');
	ctx.pSubs = [sid];
	ctx.pHash1 = hash;
});

test('replace: edit and submit again gives a new receipt, the old one is superseded', async (ctx) => {
	const p = ctx.c.provider;
	const T = ctx.T1;
	const fields = completeFields(T, MARK_P, { [T.reqs[0].id]: ctx.pDoc });
	fields[`work_${T.lots[0].id}`] = `Uusi kuvaus ${MARK_P}`;
	expectStatus(await saveBid(p, T.id, fields), 303, 'save');
	const tv = await p.get(`/tenders/${T.id}`);
	if (tv.status === 200) assert(tv.text.includes('differs from the submitted bid'), 'the tender page notes the unsent change');
	assert((await p.get(`/tenders/${T.id}/bid`)).text.includes('differs from the submitted bid'), 'so does the bid page');
	const r = await postForm(p, `/tenders/${T.id}/bid/submit`);
	expectStatus(r, 303, 'submit again');
	const sid = receiptId(r.location, T.id);
	const rec = receiptOf((await p.get(r.location)).text);
	assert(rec.hash !== ctx.pHash1, 'a new hash');
	eq(sha256(Buffer.from(rec.content)), rec.hash, 'new hash matches');
	const rows = sql(ctx.stack.db, `SELECT id, coalesce(superseded_at, 'none') FROM bid_submissions WHERE bid_id = ${bidId(ctx, T.id, 2)} ORDER BY id`);
	eq(rows.length, 2, 'both rows kept');
	eq(rows[0][0], ctx.pSubs[0], 'the first row');
	assert(rows[0][1] !== 'none', 'the first is superseded');
	eq(rows[1][1], 'none', 'the new one is current');
	const old = await p.get(`/tenders/${T.id}/bid/receipts/${ctx.pSubs[0]}`);
	expectStatus(old, 200, 'old receipt');
	assert(old.text.includes('Replaced on'), 'the old receipt says it was replaced');
	ctx.pSubs.push(sid);
});

test('withdraw gives a withdrawal receipt; resubmitting after it works', async (ctx) => {
	const p = ctx.c.provider;
	const T = ctx.T1;
	const r = await postForm(p, `/tenders/${T.id}/bid/withdraw`);
	expectStatus(r, 303, 'withdraw');
	const sid = receiptId(r.location, T.id);
	const page = await p.get(r.location);
	const rec = receiptOf(page.text);
	assert(page.text.includes('Receipt of your withdrawal'), 'withdrawal receipt');
	const [t] = sql(ctx.stack.db, `SELECT received_at FROM bid_submissions WHERE id = ${sid}`)[0];
	eq(rec.content, `paikka-withdraw 1\nbid ${bidId(ctx, T.id, 2)}\ntime ${t}\n`, 'withdrawal text');
	eq(sha256(rec.content), rec.hash, 'withdrawal hash');
	eq(sqlValue(ctx.stack.db, `SELECT count(*) FROM bid_submissions WHERE bid_id = ${bidId(ctx, T.id, 2)} AND superseded_at IS NULL`), '1', 'one current row');
	eq(sqlValue(ctx.stack.db, `SELECT kind FROM bid_submissions WHERE bid_id = ${bidId(ctx, T.id, 2)} AND superseded_at IS NULL`), 'withdraw', 'the withdrawal counts');
	const again = await postForm(p, `/tenders/${T.id}/bid/withdraw`);
	expectStatus(again, 409, 'withdraw twice');
	assert(again.text.includes('no submitted bid to withdraw'), 'message');
	ctx.pSubs.push(sid);
	const re = await postForm(p, `/tenders/${T.id}/bid/submit`);
	expectStatus(re, 303, 'resubmit');
	const sid2 = receiptId(re.location, T.id);
	eq(sqlValue(ctx.stack.db, `SELECT kind FROM bid_submissions WHERE bid_id = ${bidId(ctx, T.id, 2)} AND superseded_at IS NULL`), 'submit', 'resubmitted');
	eq(sqlValue(ctx.stack.db, `SELECT count(*) FROM bid_submissions WHERE bid_id = ${bidId(ctx, T.id, 2)}`), '4', 'four receipts kept');
	ctx.pSubs.push(sid2);
});

test('one reusable document attached to bids of two tenders; a new upload in the bid form', async (ctx) => {
	const p = ctx.c.provider;
	const T = ctx.T2;
	const files = Number(sqlValue(ctx.stack.db, 'SELECT count(*) FROM files'));
	const fields = completeFields(T, MARK_P, { [T.reqs[0].id]: ctx.pDoc });
	expectStatus(await saveBid(p, T.id, fields), 303, 'save');
	const r = await postForm(p, `/tenders/${T.id}/bid/submit`);
	expectStatus(r, 303, 'submit');
	const sid = receiptId(r.location, T.id);
	eq(Number(sqlValue(ctx.stack.db, 'SELECT count(*) FROM files')), files, 'no new file');
	const both = sql(ctx.stack.db, `SELECT DISTINCT file_id FROM submission_requirements WHERE file_id IS NOT NULL
		AND submission_id IN (${sid}, ${ctx.pSubs.at(-1)})`);
	eq(both.length, 1, 'the same file in both bids');
	ctx.pSubsT2 = [sid];
	// A new PDF uploaded with the bid becomes an organisation document.
	const data = pdf('verovelkatodistus');
	const r2 = await saveBid(p, T.id, { ...fields, [`doc_${T.reqs[0].id}`]: '' }, [[`file_${T.reqs[0].id}`, 'vero.pdf', data]]);
	expectStatus(r2, 303, 'save with a new file');
	const doc = sql(ctx.stack.db, `SELECT d.id, d.kind FROM org_documents d JOIN files f ON f.id = d.file_id
		WHERE d.org_id = 2 AND f.sha256 = '${sha256(data)}'`);
	eq(doc.length, 1, 'added to the documents');
	eq(doc[0][1], 'Vaatimus 1', 'its kind is the requirement');
	eq(sqlValue(ctx.stack.db, `SELECT org_document_id FROM bid_requirements WHERE bid_id = ${bidId(ctx, T.id, 2)} AND requirement_id = ${T.reqs[0].id}`),
		doc[0][0], 'attached to the draft');
	const page = await p.get(`/tenders/${T.id}/bid`);
	assert(new RegExp(`<option value="${doc[0][0]}" selected>`).test(page.text), 'shown as chosen');
});

// --- questions ---------------------------------------------------------------

test('questions: asked, shown to the asker, limits and deadline', async (ctx) => {
	const p = ctx.c.provider;
	const T = ctx.T1;
	const text = 'Voiko osa-alueeseen tarjota vain ryhmätoimintaa?';
	const r = await postForm(p, `/tenders/${T.id}/questions`, { question: text });
	expectStatus(r, 303, 'ask');
	eq(r.location, `/tenders/${T.id}?msg=asked`, 'back to the tender');
	const row = sql(ctx.stack.db, `SELECT org_id, asked_by, question FROM questions WHERE tender_id = ${T.id}`);
	eq(JSON.stringify(row), JSON.stringify([['2', sqlValue(ctx.stack.db, "SELECT id FROM users WHERE username = 'provider'"), text]]), 'stored');
	for (const [value, message] of [['', 'Write your question.'], ['   ', 'Write your question.'],
		['k'.repeat(5001), 'Write at most 5 000 characters.'], ['a\u0000b', 'The text contains characters that are not allowed.']]) {
		const before = bidState(ctx, T.id, 2);
		const bad = await postForm(p, `/tenders/${T.id}/questions`, { question: value });
		assert(bad.status !== 500, 'never 500');
		if (bad.status === 404) {
			console.log('# the tender page is not there yet: question errors re-render it');
			continue;
		}
		expectStatus(bad, 422, `question ${value.slice(0, 5)}`);
		eq(fieldError(bad.text, 'bp-question'), message, 'message');
		eq(bidState(ctx, T.id, 2), before, 'nothing stored');
	}
	const exact = await postForm(p, `/tenders/${T.id}/questions`, { question: 'ö'.repeat(5000) });
	expectStatus(exact, 303, '5000 characters');
	const closed = await postForm(p, `/tenders/${ctx.T3.id}/questions`, { question: 'Myöhässä?' });
	expectStatus(closed, 409, 'after the questions deadline');
	assert(closed.text.includes('The deadline for questions was'), 'message');
	expectStatus(await postForm(p, '/tenders/999999/questions', { question: 'x' }), 404, 'no such tender');
	const page = await p.get(`/tenders/${T.id}?msg=asked`);
	if (page.status === 404) {
		console.log('# /tenders/:id is not there yet: skipping the provider section check');
		return;
	}
	expectStatus(page, 200, 'tender page');
	assert(page.text.includes(text), 'own unanswered question shown');
	assert(page.text.includes('Your question has been sent'), 'flash');
	const other = await ctx.c.kierratys.get(`/tenders/${T.id}`);
	assert(!other.text.includes(text), "another provider does not see the unanswered question");
});

test('the provider section on the tender page', async (ctx) => {
	const page = await ctx.c.provider.get(`/tenders/${ctx.T1.id}`);
	if (page.status === 404) {
		console.log('# /tenders/:id is not there yet: skipping');
		return;
	}
	expectStatus(page, 200, 'tender page');
	const hash = sqlValue(ctx.stack.db, `SELECT sha256 FROM bid_submissions WHERE id = ${ctx.pSubs.at(-1)}`);
	assert(page.text.includes('id="bp-heading"'), 'the section');
	assert(page.text.includes(hash), 'the current receipt hash');
	assert(page.text.includes(`/tenders/${ctx.T1.id}/bid/receipts/${ctx.pSubs.at(-1)}`), 'the receipt link');
	assert(page.text.includes(`action="/tenders/${ctx.T1.id}/questions"`), 'the question form');
	const none = await ctx.c.diakonia.get(`/tenders/${ctx.T1.id}`);
	assert(none.text.includes('You have not started a bid'), 'a provider without a bid');
	const pending = await ctx.c.verstas.get(`/tenders/${ctx.T1.id}`);
	assert(pending.text.includes('waiting for approval'), 'a pending provider is told why');
	assert(!pending.text.includes(`action="/tenders/${ctx.T1.id}/questions"`), 'no question form for it');
});

// --- sealed ------------------------------------------------------------------

// What makes two responses to the same request comparable: fresh nonces
// and request ids, and the requested path itself.
function normalise(text, pathStr) {
	let s = text;
	if (pathStr) s = s.split(pathStr).join('PATH').split(encodeURIComponent(pathStr)).join('PATH');
	return s.replace(/\b[0-9a-f]{32}\b/g, 'NONCE').replace(/(Request id:\s*<code>)[0-9a-f]{16}/g, '$1RID');
}

const VIEWERS = ['officer', 'admin', 'caseworker', 'finance', 'diakonia', 'anon'];

// Every GET route of every program.
function allGetRoutes() {
	const progs = fs.readdirSync(path.join(ROOT, B, 'cgi-bin'));
	return progs.flatMap((p) => routes(p)).filter((r) => r.method === 'GET').map((r) => r.pattern);
}

// The URLs of the before/after comparison: every route, ids from the
// demo data and the test tenders.
function pageUrls(ctx) {
	const db = ctx.stack.db;
	const tenders = [1, ctx.T1.id, ctx.T2.id, ctx.T3.id];
	const second = {
		lots: (t) => sql(db, `SELECT id FROM lots WHERE tender_id = ${t}`).map((r) => r[0]),
		files: (t) => sql(db, `SELECT file_id FROM tender_documents WHERE tender_id = ${t}`).map((r) => r[0]),
	};
	const urls = [];
	for (const pat of allGetRoutes()) {
		const n = (pat.match(/:id/g) || []).length;
		if (n === 0) urls.push(pat);
		else if (pat.startsWith('/tenders/:id')) {
			for (const t of tenders) {
				if (n === 1) urls.push(pat.replace(':id', t));
				else {
					const seg = pat.split('/').at(-2);
					for (const x of (second[seg] ? second[seg](t) : []))
						urls.push(pat.replace(':id', t).replace(':id', x));
				}
			}
		} else if (n === 1) {
			for (const x of [1, 2, 3, 4, 5, 6]) urls.push(pat.replace(':id', x));
		}
	}
	return urls;
}

// Requests urls as client c, eight at a time; resolves to
// [{url, status, location, text}].
async function fetchAll(c, urls) {
	const out = new Array(urls.length);
	let next = 0;
	const worker = async () => {
		while (next < urls.length) {
			const i = next++;
			const r = await c.get(urls[i]);
			out[i] = { url: urls[i], status: r.status, location: r.location, text: r.text };
		}
	};
	await Promise.all(Array.from({ length: 8 }, worker));
	return out;
}

function viewer(ctx, name) {
	return name === 'anon' ? ctx.anon : ctx.c[name];
}

// The audit log changes with every refused request the sweep makes
// itself: its page is checked by its rows instead (see the sealed tests),
// and the administration page's count of audit rows is left out.
const VOLATILE = new Set(['/admin/audit']);

function normalisePage(url, text) {
	let s = normalise(text);
	if (url === '/admin') s = s.replace(/(href="\/admin\/audit">[^<]*<\/a>: )\d+/, '$1N');
	// The admin's dashboard counts audit rows (logins add some; bids none).
	if (url === '/') s = s.replace(/(<section class="dash" id="dash-audit"[\s\S]*?<\/section>)/, (m) => m.replace(/\d+/g, 'N'));
	return s;
}

test('sealed: snapshot of every page before the two providers bid', async (ctx) => {
	ctx.pageUrls = pageUrls(ctx);
	console.log(`# ${ctx.pageUrls.length} pages x ${VIEWERS.length} viewers, ${idUrls(ctx, 1).length} routes with ids`);
	ctx.before = {};
	for (const v of VIEWERS) ctx.before[v] = await fetchAll(viewer(ctx, v), ctx.pageUrls);
	ctx.auditMark = Number(sqlValue(ctx.stack.db, 'SELECT max(id) FROM audit_log'));
	ctx.sealedStarted = true;
	for (const v of VIEWERS)
		for (const r of ctx.before[v]) {
			assert(r.status !== 500, `${v} ${r.url}: 500`);
			assert(!r.text.includes(MARK_P), `${v} ${r.url}: the marker of an earlier bid`);
		}
});

test('sealed: two providers bid (drafts, submissions, attachments, documents)', async (ctx) => {
	assert(ctx.sealedStarted, 'needs the snapshot');
	const T = ctx.T1;
	const p = ctx.c.provider, k = ctx.c.kierratys;
	// Kierrätys: a new PDF through the bid form, then a submission.
	const kf = completeFields(T, MARK_K);
	const kpdf = pdf(`kierratys ${MARK_K}`);
	expectStatus(await saveBid(k, T.id, kf, [[`file_${T.reqs[0].id}`, 'ote.pdf', kpdf]]), 303, 'K saves');
	const ks = await postForm(k, `/tenders/${T.id}/bid/submit`);
	expectStatus(ks, 303, 'K submits');
	ctx.kSubs = [receiptId(ks.location, T.id)];
	// Kanerva: change the draft and submit again; a draft on T3 too.
	const pf = completeFields(T, MARK_P, { [T.reqs[0].id]: ctx.pDoc });
	expectStatus(await saveBid(p, T.id, pf), 303, 'P saves');
	const ps = await postForm(p, `/tenders/${T.id}/bid/submit`);
	expectStatus(ps, 303, 'P submits');
	ctx.pSubs.push(receiptId(ps.location, T.id));
	expectStatus(await saveBid(p, ctx.T3.id, completeFields(ctx.T3, MARK_P)), 303, 'P saves a draft on T3');
	const rec = await k.get(ks.location);
	assert(rec.text.includes(MARK_K), 'K sees its own bid');
});

// Ids that belong to the two bids, and ids that exist nowhere.
function bidIds(ctx, org) {
	const db = ctx.stack.db;
	const one = (s) => sql(db, s).map((r) => r[0]);
	return [
		...one(`SELECT id FROM bids WHERE org_id = ${org} AND tender_id IN (${ctx.T1.id}, ${ctx.T2.id}, ${ctx.T3.id})`),
		...one(`SELECT s.id FROM bid_submissions s JOIN bids b ON b.id = s.bid_id WHERE b.org_id = ${org}`),
		...one(`SELECT id FROM org_documents WHERE org_id = ${org}`),
		...one(`SELECT file_id FROM org_documents WHERE org_id = ${org}`),
	];
}

const NOWHERE = '7777777777777';

// The id-substituted URLs: every route with :id, with x in the last :id
// and the first tender in any earlier one.
function idUrls(ctx, x) {
	return allGetRoutes().filter((p) => p.includes(':id')).map((p) => {
		const parts = p.split(':id');
		return parts.slice(0, -1).map((s, i) => s + (i === parts.length - 2 ? x : ctx.T1.id)).join('') + parts.at(-1);
	});
}

async function differential(ctx, name, ids, forbidden) {
	const c = viewer(ctx, name);
	const ref = await fetchAll(c, idUrls(ctx, NOWHERE));
	for (const x of ids) {
		const got = await fetchAll(c, idUrls(ctx, x));
		got.forEach((r, i) => {
			assert(r.status !== 500, `${name} ${r.url}: 500`);
			for (const m of forbidden) assert(!r.text.includes(m), `${name} ${r.url}: the marker of another bid`);
			const a = `${r.status} ${normalise(r.location || '', r.url)} ${normalise(r.text, r.url)}`;
			const b = `${ref[i].status} ${normalise(ref[i].location || '', ref[i].url)} ${normalise(ref[i].text, ref[i].url)}`;
			assert(a === b, `${name} ${r.url}: differs from a missing id (${r.status} vs ${ref[i].status})`);
		});
	}
}

for (const v of VIEWERS) {
	test(`sealed before the deadline: ${v} sees no sign of the bids`, async (ctx) => {
		assert(ctx.before, 'needs the snapshot');
		const after = await fetchAll(viewer(ctx, v), ctx.pageUrls);
		after.forEach((r, i) => {
			const b = ctx.before[v][i];
			assert(r.status !== 500, `${r.url}: 500`);
			for (const m of [MARK_P, MARK_K]) assert(!r.text.includes(m), `${r.url}: marker`);
			if (VOLATILE.has(r.url)) return;
			eq(r.status, b.status, `${r.url}: status`);
			assert(normalisePage(r.url, r.text) === normalisePage(r.url, b.text),
				`${r.url}: the page changed when bids were made`);
		});
		await differential(ctx, v, [...bidIds(ctx, 2), ...bidIds(ctx, 3)], [MARK_P, MARK_K]);
		// Searching for the marker answers like searching for nothing.
		for (const pat of allGetRoutes().filter((p) => !p.includes(':id'))) {
			const other = 'SEALED-MARKER-' + 'x'.repeat(MARK_P.length - 14);
			const a = await viewer(ctx, v).get(`${pat}?q=${MARK_P}&search=${MARK_P}`);
			const b = await viewer(ctx, v).get(`${pat}?q=${other}&search=${other}`);
			assert(normalise(a.text.split(MARK_P).join('Q')) === normalise(b.text.split(other).join('Q')),
				`${pat}?q=: the search answers differently for a bid's text`);
		}
	});
}

test('sealed: the audit log records no bid action', async (ctx) => {
	const rows = sql(ctx.stack.db, `SELECT action, object, details FROM audit_log WHERE id > ${ctx.auditMark}`);
	for (const [action, object, details] of rows) {
		// Denials, and the audited views of client data (Kela statements,
		// placements), which tell nothing about bids.
		const allowed = ['access.denied', 'csrf.fail', 'kela.view', 'kela.csv', 'placement.view'];
		assert(allowed.includes(action), `audit row ${action} ${object} ${details}`);
		for (const m of [MARK_P, MARK_K]) assert(!details.includes(m), 'marker in the audit log');
	}
	const page = await ctx.c.admin.get('/admin/audit');
	for (const m of [MARK_P, MARK_K]) assert(!page.text.includes(m), 'marker on the audit page');
});

test("sealed: the other provider gets 404 for a bid's receipt and document", async (ctx) => {
	const T = ctx.T1;
	const mark = ctx.auditMark2 = Number(sqlValue(ctx.stack.db, 'SELECT max(id) FROM audit_log'));
	for (const sid of ctx.pSubs) {
		const r = await ctx.c.kierratys.get(`/tenders/${T.id}/bid/receipts/${sid}`);
		expectStatus(r, 404, `K reads P's receipt ${sid}`);
		assert(!r.text.includes(MARK_P), 'no marker');
	}
	expectStatus(await ctx.c.provider.get(`/tenders/${T.id}/bid/receipts/${ctx.kSubs[0]}`), 404, "P reads K's receipt");
	expectStatus(await ctx.c.provider.get(`/tenders/${ctx.T2.id}/bid/receipts/${ctx.pSubs.at(-1)}`), 404, 'own receipt under another tender');
	expectStatus(await ctx.c.diakonia.get(`/tenders/${T.id}/bid/receipts/${ctx.pSubs.at(-1)}`), 404, 'a third provider');
	expectStatus(await ctx.c.kierratys.get(`/tenders/documents/${ctx.pDoc}`), 404, "K downloads P's document");
	// The bid page of each shows only its own bid.
	const kp = await ctx.c.kierratys.get(`/tenders/${T.id}/bid`);
	assert(kp.text.includes(MARK_K) && !kp.text.includes(MARK_P), "K's bid page");
	eq(Number(sqlValue(ctx.stack.db, 'SELECT max(id) FROM audit_log')), mark, 'nothing written for the 404s');
});

// --- the deadline ----------------------------------------------------------------

test('one second late: submit, save and withdraw refused, nothing stored', async (ctx) => {
	const T = ctx.T3;
	// Just before the deadline a bid is accepted.
	await clockAt(ctx, T.deadline - 60);
	let p = ctx.c.provider;
	const early = await postForm(p, `/tenders/${T.id}/bid/submit`);
	expectStatus(early, 303, 'a minute before the deadline');
	receiptId(early.location, T.id);
	await clockAt(ctx, T.deadline + 1);
	p = ctx.c.provider;
	const before = bidState(ctx, T.id, 2);
	const late = await postForm(p, `/tenders/${T.id}/bid/submit`);
	expectStatus(late, 409, 'submit one second late');
	assert(late.text.includes('Your bid was not accepted') && late.text.includes('after the deadline for bids'),
		`clear message: ${mainText(late.text).slice(0, 300)}`);
	eq(bidState(ctx, T.id, 2), before, 'no new bid_submissions row');
	const save = await saveBid(p, T.id, completeFields(T, 'late'));
	expectStatus(save, 409, 'save after the deadline');
	assert(save.text.includes('The deadline for bids was'), 'save message');
	const wd = await postForm(p, `/tenders/${T.id}/bid/withdraw`);
	expectStatus(wd, 409, 'withdraw after the deadline');
	eq(bidState(ctx, T.id, 2), before, 'nothing stored');
	const page = await p.get(`/tenders/${T.id}/bid`);
	expectStatus(page, 200, 'the bid is still shown');
	assert(page.text.includes('Bids for this tender are closed') && !page.text.includes('Save the draft'), 'read-only');
	// A provider who never bid cannot start now.
	const d = await saveBid(ctx.c.diakonia, T.id, {});
	expectStatus(d, 409, 'a new bid after the deadline');
});

test('after the deadline: still sealed from other providers, marker only for its owner', async (ctx) => {
	const T = ctx.T1;
	await clockAt(ctx, T.deadline + 5);
	for (const sid of ctx.pSubs)
		expectStatus(await ctx.c.kierratys.get(`/tenders/${T.id}/bid/receipts/${sid}`), 404, `K reads P's receipt ${sid}`);
	expectStatus(await ctx.c.kierratys.get(`/tenders/documents/${ctx.pDoc}`), 404, "K downloads P's document");
	const own = await ctx.c.provider.get(`/tenders/${T.id}/bid/receipts/${ctx.pSubs.at(-1)}`);
	expectStatus(own, 200, 'P reads its own receipt');
	assert(own.text.includes(MARK_P), 'the owner sees its bid');
	expectStatus(await postForm(ctx.c.provider, `/tenders/${T.id}/bid/submit`), 409, 'submit after the deadline');
	const ids = [...bidIds(ctx, 2), ...bidIds(ctx, 3)];
	const urls = [...ctx.pageUrls, ...ids.flatMap((x) => idUrls(ctx, x))];
	for (const [name, forbidden] of [...VIEWERS.map((v) => [v, [MARK_P, MARK_K]]), ['kierratys', [MARK_P]]]) {
		const got = await fetchAll(viewer(ctx, name), urls);
		for (const r of got) {
			assert(r.status !== 500, `${name} ${r.url}: 500`);
			for (const m of forbidden) assert(!r.text.includes(m), `${name} ${r.url}: shows another's bid after the deadline`);
		}
	}
	paikkactl(ctx, 'clock', '0');
});

// --- main ------------------------------------------------------------------

async function main() {
	const ctx = { c: {} };
	let passed = 0, failed = 0;
	for (const sig of ['SIGINT', 'SIGTERM'])
		process.on(sig, () => {
			if (ctx.stack) stopStack(ctx.stack);
			process.exit(130);
		});
	try {
		ctx.stack = await startStack('bid');
		await loginAll(ctx);
		const db = ctx.stack.db;
		// Attachment file ids far from every other table's ids, so a
		// file id in an unrelated route is a missing id there.
		sql(db, "INSERT INTO files(id, filename, content_type, size, sha256, content, uploaded_by, uploaded_at) " +
			`VALUES (100000, 'filler.pdf', 'application/pdf', 5, '${'0'.repeat(64)}', X'255044462D', 1, 0)`);
		ctx.T1 = makeTender(ctx, {
			title: 'Testikilpailutus 1', questionsIn: 5 * DAY, bidsIn: 10 * DAY,
			lots: [{ title: 'Kiinteä', pricing: 'fixed', fixed: 1009, criteria: 2 },
				{ title: 'Hinnoiteltu', pricing: 'bid', ceiling: 3500, criteria: 1 }],
			requirements: [true, false],
		});
		ctx.T2 = makeTender(ctx, {
			title: 'Testikilpailutus 2', questionsIn: 5 * DAY, bidsIn: 10 * DAY,
			lots: [{ title: 'Ainoa', pricing: 'fixed', fixed: 1200, criteria: 1 }],
			requirements: [true],
		});
		ctx.T3 = makeTender(ctx, {
			title: 'Testikilpailutus 3', questionsIn: -60, bidsIn: 2 * DAY,
			lots: [{ title: 'Pian umpeutuva', pricing: 'fixed', fixed: 1009, criteria: 0 }],
			requirements: [false],
		});
		// Kierrätys's own document, for "another organisation's
		// document" checks.
		ctx.kDoc = sqlValue(db, `INSERT INTO org_documents(id, org_id, file_id, kind, created_at)
			VALUES (${Date.now() * 1000}, 3, 100000, 'Kierrätyksen ote', 0) RETURNING id`);
		({ passed, failed } = await run(ctx));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${(e && e.stack) || e}`);
	} finally {
		if (ctx.stack) stopStack(ctx.stack);
	}
	if (ctx.stack) {
		const log = path.join(ctx.stack.dir, 'log/paikka.log');
		const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
		const line = text.split('\n').find((l) => SANITIZER.test(l) || /internal error/.test(l));
		if (line) {
			failed++;
			console.log(`not ok - worker log clean: ${line.trim()}`);
		} else {
			passed++;
			console.log('ok - worker log clean (no sanitizer report, no internal error)');
		}
		if (failed === 0 && !process.env.KEEP) fs.rmSync(ctx.stack.dir, { recursive: true, force: true });
		else console.log(`# stack kept in ${ctx.stack.dir}`);
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main();
