// The catalogue of work-activity places through the real stack: providers
// list places under their active contracts (contracts written with sqlite3
// into the test database), bad input on every field, other organisations'
// and non-active contracts, the caseworkers' full-text search (Finnish,
// Swedish and English task names, ä/ö/å, prefixes, punctuation and FTS
// operators, limits), every filter, free capacity from placements written
// with sqlite3, relevance and name order, paging with 25 places, paused
// and closed places, who sees which place, and who may call what.
// Usage: B=build node tests/stack/places.mjs
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
	B, assert, eq, startStack, stopStack, sql, sqlValue, q, auditMark, auditSince,
	Client, loginClient, formHidden, fieldError, registry, unescapeHtml,
} from './lib.mjs';

// This suite builds its own scenario on the demo story as it stood before
// its later layers (sql/demo-N-*.sql): load only the first 1 of them.
process.env.PAIKKA_DEMO_LAYERS ??= '1';

const { test, run } = registry();
const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

// --- helpers -----------------------------------------------------------------

const helsinkiDate = (offsetDays = 0) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' })
	.format(new Date(Date.now() + offsetDays * 86400000));

function mainText(html) {
	const m = /<main[^>]*>([\s\S]*)<\/main>/.exec(html);
	return m ? m[1] : html;
}

function expectStatus(r, want, what) {
	assert(r.status !== 500, `${what}: 500 (${mainText(r.text).replace(/<[^>]+>/g, ' ').slice(0, 300)})`);
	if (Array.isArray(want)) assert(want.includes(r.status), `${what}: status ${r.status}, want one of ${want}`);
	else eq(r.status, want, `${what}: status`);
}

// The error in the legend of a checkbox group.
function legendError(html, text) {
	const re = new RegExp(`<legend>${text}[^<]*<span class="error">([^<]*)</span>`);
	const m = re.exec(html);
	return m ? unescapeHtml(m[1]) : undefined;
}

// Result rows of a search or list page: [{id, title}].
function results(html) {
	return [...html.matchAll(/<tr class="result"><td><a href="\/places\/(\d+)">([^<]*)<\/a>/g)]
		.map((m) => ({ id: Number(m[1]), title: unescapeHtml(m[2]) }));
}

const titles = (html) => results(html).map((x) => x.title);

async function search(c, params) {
	const qs = new URLSearchParams(params).toString();
	return c.get(`/places${qs ? '?' + qs : ''}`);
}

async function found(c, params, what) {
	const r = await search(c, params);
	expectStatus(r, 200, what);
	return titles(r.text);
}

// The session's csrf token and a fresh one-time nonce.
async function tokens(c) {
	const r = await c.get('/account/password');
	const m = /name="csrf" value="([^"]*)"/.exec(r.text);
	assert(m, 'no csrf token');
	return { csrf: unescapeHtml(m[1]), nonce: randomBytes(16).toString('hex') };
}

async function post(c, p, pairs = []) {
	const t = await tokens(c);
	return c.post(p, [['csrf', t.csrf], ['nonce', t.nonce], ...pairs]);
}

// GETs page, then POSTs its form with this action: hidden fields + pairs.
async function submit(c, page, action, pairs) {
	const r = await c.get(page);
	expectStatus(r, 200, `GET ${page}`);
	const hidden = Object.entries(formHidden(r.text, action)).filter(([k]) => !pairs.some(([n]) => n === k));
	return c.post(action, [...hidden, ...pairs]);
}

// A full place form as pairs; o overrides fields (arrays for checkboxes).
function placeFields(o = {}) {
	const f = {
		title: 'Testipaikka', description: '', municipality: '', street_address: 'Koulukatu 5',
		task: ['carpentry'], task_words: '', weekday: ['mon'], hours_min: '4', hours_max: '6',
		capacity: '3', language: ['fi'], accessibility: '', contact_name: 'Pekka Puusepp',
		contact_phone: '040 111 2222', contact_email: '', ...o,
	};
	const pairs = [];
	for (const [k, v] of Object.entries(f)) {
		if (v === undefined) continue;
		if (Array.isArray(v)) for (const x of v) pairs.push([k, x]);
		else pairs.push([k, v]);
	}
	return pairs;
}

async function createPlace(ctx, c, o) {
	const r = await submit(c, '/places/new', '/places/new', placeFields(o));
	expectStatus(r, 303, `create ${o.title}`);
	const m = /^\/places\/(\d+)\?msg=created$/.exec(r.location || '');
	assert(m, `create ${o.title}: Location ${r.location}`);
	return Number(m[1]);
}

// --- the scenario ----------------------------------------------------------------

function setup(ctx) {
	const db = ctx.stack.db;
	const id = (table, where) => Number(sqlValue(db, `SELECT id FROM ${table} WHERE ${where}`));
	const M = {};
	for (const n of ['Joensuu', 'Liperi', 'Rääkkylä', 'Kitee', 'Lieksa']) M[n] = id('municipalities', `name_fi = ${q(n)}`);
	ctx.M = M;
	ctx.officerId = id('users', "username = 'officer'");
	ctx.caseworkerId = id('users', "username = 'caseworker'");
	const now = Math.floor(Date.now() / 1000);
	const contract = (org, service, form, status, munis) => {
		sql(db, `INSERT INTO contracts(org_id, service_type_id, form, daily_price_cents, start_date, end_date,
			status, created_by, created_at) VALUES (${org}, ${service}, ${q(form)}, 1009, '2026-01-01', '2028-12-31',
			${q(status)}, ${ctx.officerId}, ${now})`);
		const cid = Number(sqlValue(db, 'SELECT max(id) FROM contracts'));
		for (const m of munis)
			sql(db, `INSERT INTO contract_municipalities(contract_id, municipality_id) VALUES (${cid}, ${M[m]})`);
		return cid;
	};
	ctx.C = {
		org2: contract(2, 1, 'both', 'active', ['Joensuu', 'Liperi', 'Rääkkylä']),
		org3: contract(3, 2, 'group', 'active', ['Kitee', 'Rääkkylä']),
		org2ended: contract(2, 1, 'individual', 'ended', ['Joensuu']),
		org4signed: contract(4, 1, 'both', 'signed', ['Lieksa']),
	};
}

const USERS = ['provider', 'kierratys', 'diakonia', 'caseworker', 'officer', 'admin', 'finance'];

// --- provider: creating places -------------------------------------------------------

test('provider lists Puutyöpaja under its active contract', async (ctx) => {
	const c = ctx.c.provider;
	const own = await c.get('/places');
	expectStatus(own, 200, 'GET /places provider');
	assert(own.text.includes('href="/places/new"'), 'New place button');
	const form = await c.get('/places/new');
	expectStatus(form, 200, 'GET /places/new');
	// Only the active contract's municipalities are offered.
	assert(form.text.includes(`<option value="${ctx.M.Joensuu}"`), 'Joensuu offered');
	assert(!form.text.includes(`<option value="${ctx.M.Kitee}"`), 'Kitee not offered');
	eq(formHidden(form.text, '/places/new').contract, String(ctx.C.org2), 'contract field');
	const mark = auditMark(ctx.stack.db);
	ctx.puu = await createPlace(ctx, c, {
		title: 'Puutyöpaja', description: 'Huonekalujen korjausta ja pientä puusepäntyötä.',
		municipality: String(ctx.M.Joensuu), task: ['carpentry'], weekday: ['mon', 'wed', 'fri'],
		language: ['fi', 'sv'], capacity: '4', form: 'individual', hours_min: '4', hours_max: '5',
		contact_email: 'pekka@kanerva.example',
	});
	const row = sql(ctx.stack.db, `SELECT contract_id, org_id, service_type_id, form, weekdays, languages, tasks,
		hours_min, hours_max, capacity, status FROM places WHERE id = ${ctx.puu}`)[0];
	eq(row.join('|'), `${ctx.C.org2}|2|1|individual|21|3|carpentry|4|5|4|open`, 'stored place');
	const fts = sql(ctx.stack.db, `SELECT tasks, municipality FROM places_fts WHERE rowid = ${ctx.puu}`)[0];
	assert(fts && /puutyö/.test(fts[0]) && /snickeri/.test(fts[0]) && /carpentry/.test(fts[0]), `fts tasks ${fts}`);
	eq(fts[1], 'Joensuu', 'fts municipality');
	eq(auditSince(ctx.stack.db, mark, 'place.create').length, 1, 'audit place.create');
	const page = await c.get(`/places/${ctx.puu}?msg=created`);
	expectStatus(page, 200, 'place page');
	assert(page.text.includes('<h1>Puutyöpaja</h1>'), 'place title');
	assert(/Mon, Wed, Fri/.test(page.text), 'weekdays shown');
	assert(/Finnish, Swedish/.test(page.text), 'languages shown');
	assert(page.text.includes('href="mailto:pekka@kanerva.example"'), 'mailto link');
	assert(page.text.includes(`action="/places/${ctx.puu}/status"`), 'status form for the owner');
});

test('second provider lists Kierrätysmyymälä (group contract, Rääkkylä)', async (ctx) => {
	const c = ctx.c.kierratys;
	const form = await c.get('/places/new');
	expectStatus(form, 200, 'GET /places/new');
	assert(!/<select id="form"/.test(form.text), 'a group contract offers no form choice');
	ctx.kierr = await createPlace(ctx, c, {
		title: 'Kierrätysmyymälä', description: 'Lajittelua, hinnoittelua ja myyntiä.',
		municipality: String(ctx.M.Rääkkylä), task: ['warehouse', 'cleaning'], task_words: 'kassa, asiakaspalvelu',
		weekday: ['mon', 'tue', 'wed', 'thu', 'fri'], language: ['fi'], capacity: '2',
		contact_name: 'Kaisa Kierto', contact_phone: '', contact_email: 'kaisa@kierratys.example',
	});
	eq(sqlValue(ctx.stack.db, `SELECT form || service_type_id FROM places WHERE id = ${ctx.kierr}`), 'group2',
		'form and service from the contract');
	// A third place for the relevance order: "puu" only in its description.
	ctx.aalto = await createPlace(ctx, ctx.c.provider, {
		title: 'Aaltosen verstas', description: 'Pieniä puu- ja metallitöitä.', municipality: String(ctx.M.Liperi),
		task: ['outdoor'], weekday: ['tue'], language: ['fi', 'en'], capacity: '1', form: 'group',
	});
});

test('bad input on every field → 422 with the message by the field', async (ctx) => {
	const c = ctx.c.provider;
	const before = sqlValue(ctx.stack.db, 'SELECT count(*) FROM places');
	const J = String(ctx.M.Joensuu);
	const cases = [
		['empty title', { title: '' }, 'title'],
		['201-character title', { title: 'x'.repeat(201) }, 'title'],
		['title on two lines', { title: 'a\nb' }, 'title'],
		['description over 10 000', { description: 'x'.repeat(10001) }, 'description'],
		['hours 3', { hours_min: '3' }, 'hours_min'],
		['hours 7', { hours_max: '7' }, 'hours_max'],
		['hours_min > hours_max', { hours_min: '6', hours_max: '4' }, 'hours_max'],
		['hours not a number', { hours_min: 'neljä' }, 'hours_min'],
		['capacity 0', { capacity: '0' }, 'capacity'],
		['capacity x', { capacity: 'x' }, 'capacity'],
		['capacity 1001', { capacity: '1001' }, 'capacity'],
		['capacity empty', { capacity: '' }, 'capacity'],
		['municipality outside the contract', { municipality: String(ctx.M.Kitee) }, 'municipality'],
		['municipality missing', { municipality: '' }, 'municipality'],
		['municipality not a number', { municipality: 'Joensuu' }, 'municipality'],
		['street address over 200', { street_address: 'k'.repeat(201) }, 'street_address'],
		['task words over 500', { task_words: 'w'.repeat(501) }, 'task_words'],
		['bad e-mail', { contact_email: 'pekka(at)kanerva' }, 'contact_email'],
		['bad phone', { contact_phone: 'soita minulle' }, 'contact_phone'],
		['no phone and no e-mail', { contact_phone: '', contact_email: '' }, 'contact_phone'],
		['no contact name', { contact_name: '' }, 'contact_name'],
		['accessibility over 2000', { accessibility: 'a'.repeat(2001) }, 'accessibility'],
		['form not offered', { form: 'weekly' }, 'form'],
	];
	for (const [what, o, field] of cases) {
		const r = await submit(c, '/places/new', '/places/new', placeFields({ municipality: J, ...o }));
		expectStatus(r, 422, what);
		assert(fieldError(r.text, field), `${what}: no message by ${field}`);
	}
	const legends = [
		['no weekday', { weekday: [] }, 'Weekdays when clients can come'],
		['unknown weekday', { weekday: ['funday'] }, 'Weekdays when clients can come'],
		['no language', { language: [] }, 'Languages of the guidance'],
		['unknown language', { language: ['de'] }, 'Languages of the guidance'],
		['unknown task', { task: ['welding'] }, 'Work tasks'],
	];
	for (const [what, o, legend] of legends) {
		const r = await submit(c, '/places/new', '/places/new', placeFields({ municipality: J, ...o }));
		expectStatus(r, 422, what);
		assert(legendError(r.text, legend), `${what}: no message in the legend ${legend}`);
	}
	// What was typed comes back.
	const r = await submit(c, '/places/new', '/places/new',
		placeFields({ municipality: J, title: 'Säilyy <b>', capacity: 'x', weekday: ['wed', 'sun'], task: ['library'] }));
	expectStatus(r, 422, 'typed values kept');
	assert(r.text.includes('value="Säilyy &lt;b&gt;"'), 'title kept and escaped');
	assert(/id="weekday_wed"[^>]*checked/.test(r.text) && /id="weekday_sun"[^>]*checked/.test(r.text), 'weekdays kept');
	assert(!/id="weekday_mon"[^>]*checked/.test(r.text), 'monday not checked');
	assert(/id="task_library"[^>]*checked/.test(r.text), 'task kept');
	assert(new RegExp(`<option value="${J}" selected>`).test(r.text), 'municipality kept');
	eq(sqlValue(ctx.stack.db, 'SELECT count(*) FROM places'), before, 'nothing stored');
});

test("a provider cannot use another organisation's or a non-active contract", async (ctx) => {
	const c = ctx.c.provider;
	const J = String(ctx.M.Joensuu);
	const other = await submit(c, '/places/new', '/places/new',
		placeFields({ contract: String(ctx.C.org3), municipality: String(ctx.M.Rääkkylä) }));
	expectStatus(other, 404, "another organisation's contract");
	const ended = await submit(c, '/places/new', '/places/new', placeFields({ contract: String(ctx.C.org2ended), municipality: J }));
	expectStatus(ended, 409, 'ended contract');
	assert(/not active/.test(mainText(ended.text)), 'a message for the ended contract');
	const none = await submit(c, '/places/new', '/places/new', placeFields({ contract: '999999', municipality: J }));
	expectStatus(none, 404, 'no such contract');
	const junk = await submit(c, '/places/new', '/places/new', placeFields({ contract: 'x', municipality: J }));
	expectStatus(junk, 404, 'contract not a number');
	expectStatus(await c.get(`/places/new?contract=${ctx.C.org3}`), 404, "GET another's contract");
	expectStatus(await c.get(`/places/new?contract=${ctx.C.org2ended}`), 409, 'GET ended contract');
	// An organisation with only a signed (not active) contract.
	const d = ctx.c.diakonia;
	const dn = await d.get('/places/new');
	expectStatus(dn, 200, 'diakonia: no active contract');
	assert(/no active contract/.test(dn.text) && !/<form[^>]*action="\/places\/new"/.test(dn.text),
		'a message and no form without an active contract');
	const dl = await d.get('/places');
	expectStatus(dl, 200, 'diakonia: own list');
	assert(!dl.text.includes('href="/places/new"'), 'no New place button without an active contract');
	expectStatus(await submit(ctx.c.provider, '/places/new', '/places/new',
		placeFields({ contract: String(ctx.C.org4signed), municipality: String(ctx.M.Lieksa) })), [403, 404],
	"another organisation's signed contract");
	// A place under a contract that has ended cannot be edited or reopened.
	const now = Math.floor(Date.now() / 1000);
	sql(ctx.stack.db, `INSERT INTO places(contract_id, org_id, title, municipality_id, service_type_id, form, weekdays,
		hours_min, hours_max, capacity, status, created_at, updated_at) VALUES (${ctx.C.org2ended}, 2,
		'Vanha paikka', ${ctx.M.Joensuu}, 1, 'individual', 1, 4, 6, 1, 'closed', ${now}, ${now})`);
	ctx.old = Number(sqlValue(ctx.stack.db, 'SELECT max(id) FROM places'));
	expectStatus(await c.get(`/places/${ctx.old}`), 200, 'own closed place of an ended contract is visible');
	expectStatus(await c.get(`/places/${ctx.old}/edit`), 409, 'edit page of an ended contract');
	expectStatus(await post(c, `/places/${ctx.old}/edit`, placeFields({ municipality: J })), 409, 'edit POST, ended contract');
	expectStatus(await post(c, `/places/${ctx.old}/status`, [['status', 'open']]), 409, 'reopen, ended contract');
	eq(sqlValue(ctx.stack.db, `SELECT status FROM places WHERE id = ${ctx.old}`), 'closed', 'still closed');
	eq(sqlValue(ctx.stack.db, 'SELECT count(*) FROM places WHERE org_id = 2 AND contract_id <> ' + ctx.C.org2 +
		` AND id <> ${ctx.old}`), '0', 'nothing stored under other contracts');
});

// --- search ----------------------------------------------------------------------------

test('full text: prefixes, Finnish, Swedish and English task names, ä/ö/å', async (ctx) => {
	const c = ctx.c.caseworker;
	for (const word of ['puu', 'puutyö', 'Puutyöpaja', 'PUUTYÖ', 'snickeri', 'snick', 'carpentry', 'huonekal', 'joensuu'])
		assert((await found(c, { q: word }, word)).includes('Puutyöpaja'), `"${word}" finds Puutyöpaja`);
	for (const word of ['Rääkkylä', 'rääkkylä', 'RÄÄKKYLÄ', 'rääk', 'lagerarbete', 'städning', 'varastotyö', 'kassa'])
		assert((await found(c, { q: word }, word)).includes('Kierrätysmyymälä'), `"${word}" finds Kierrätysmyymälä`);
	eq((await found(c, { q: 'raakkyla' }, 'raakkyla')).length, 0, 'ä is not a');
	eq((await found(c, { q: 'puu rääkkylä' }, 'two words')).length, 0, 'words are ANDed');
	const both = await found(c, { q: 'puutyöpaja joensuu' }, 'two words');
	eq(both.join(), 'Puutyöpaja', 'two words in different columns');
	assert(!(await found(c, { q: 'snickeri' }, 'snickeri')).includes('Kierrätysmyymälä'), 'no false hit');
	// No words at all: every open place, by name.
	const all = await found(c, {}, 'no search');
	assert(all.includes('Puutyöpaja') && all.includes('Kierrätysmyymälä') && all.includes('Aaltosen verstas'), 'browse all');
	assert(!all.includes('Vanha paikka'), 'closed place not listed');
});

test('punctuation, quotes and FTS operators never give an error', async (ctx) => {
	const c = ctx.c.caseworker;
	const punct = await search(c, { q: '!!! ??' });
	expectStatus(punct, [200, 422], 'punctuation only');
	assert(/at least one word/.test(mainText(punct.text)), 'a friendly message for punctuation only');
	for (const s of ['"NEAR(', 'a OR', 'OR', 'NOT', 'AND AND', 'NEAR(puu joensuu, 2)', 'title:puu', '{title}:puu',
		'-puu', '^puu', 'puu*', '*', '"', "'", '""', '(', ')', 'puu"', 'puu AND (', '\\', '%', '_', '; DROP TABLE places',
		'…', '«puu»', 'puu\u00a0työ', '😀', 'a'.repeat(200)]) {
		const r = await search(c, { q: s });
		expectStatus(r, [200, 422], `q=${JSON.stringify(s)}`);
	}
	assert((await found(c, { q: '"puu"' }, 'quoted')).includes('Puutyöpaja'), 'quotes are dropped');
	assert((await found(c, { q: 'NEAR(puu' }, 'near')).length === 0, 'NEAR is a word');
	assert((await found(c, { q: '^puu*' }, 'caret')).includes('Puutyöpaja'), 'operators are dropped');
	const long = await search(c, { q: 'a'.repeat(201) });
	expectStatus(long, 422, '201 characters');
	assert(/at most 200 characters/.test(long.text), 'too long message');
	const words = await search(c, { q: 'a b c d e f g h i j k' });
	expectStatus(words, 422, '11 words');
	assert(/at most 10/.test(words.text), 'too many words message');
	const five = await search(c, { q: 'puu '.repeat(1250) });
	expectStatus(five, 422, '5 kB');
	assert(/at most 200 characters/.test(five.text), '5 kB message');
	const big = await search(c, { q: 'a'.repeat(10240) });
	assert(big.status >= 400 && big.status < 500, `10 kB: status ${big.status}`);
	assert(/too long|too large/i.test(big.text), `10 kB: a clear message (${mainText(big.text).slice(0, 200)})`);
});

test('filters each narrow the results', async (ctx) => {
	const c = ctx.c.caseworker;
	const M = ctx.M;
	const has = (list, t) => list.includes(t);
	let r = await found(c, { municipality: M.Joensuu }, 'Joensuu');
	assert(has(r, 'Puutyöpaja') && !has(r, 'Kierrätysmyymälä') && !has(r, 'Aaltosen verstas'), `municipality: ${r}`);
	r = await found(c, { municipality: M.Rääkkylä }, 'Rääkkylä');
	eq(r.join(), 'Kierrätysmyymälä', 'municipality Rääkkylä');
	r = await found(c, { service: 2 }, 'service 2');
	eq(r.join(), 'Kierrätysmyymälä', 'service type 2');
	r = await found(c, { service: 1 }, 'service 1');
	assert(has(r, 'Puutyöpaja') && !has(r, 'Kierrätysmyymälä'), 'service type 1');
	r = await found(c, { form: 'individual' }, 'individual');
	assert(has(r, 'Puutyöpaja') && !has(r, 'Kierrätysmyymälä') && !has(r, 'Aaltosen verstas'), `form individual: ${r}`);
	r = await found(c, { form: 'group' }, 'group');
	assert(!has(r, 'Puutyöpaja') && has(r, 'Kierrätysmyymälä') && has(r, 'Aaltosen verstas'), `form group: ${r}`);
	r = await found(c, { weekday: 'tue' }, 'tuesday');
	assert(!has(r, 'Puutyöpaja') && has(r, 'Kierrätysmyymälä') && has(r, 'Aaltosen verstas'), `weekday tue: ${r}`);
	r = await found(c, { weekday: 'wed' }, 'wednesday');
	assert(has(r, 'Puutyöpaja') && has(r, 'Kierrätysmyymälä') && !has(r, 'Aaltosen verstas'), `weekday wed: ${r}`);
	eq((await found(c, { weekday: 'sun' }, 'sunday')).length, 0, 'nobody on Sundays');
	r = await found(c, { language: 'sv' }, 'swedish');
	eq(r.join(), 'Puutyöpaja', 'language sv');
	r = await found(c, { language: 'en' }, 'english');
	eq(r.join(), 'Aaltosen verstas', 'language en');
	r = await found(c, { q: 'puu', municipality: M.Liperi, language: 'en', weekday: 'tue', form: 'group', service: 1 }, 'all filters');
	eq(r.join(), 'Aaltosen verstas', 'text and every filter together');
	for (const [k, v] of [['municipality', 'Joensuu'], ['service', '-1'], ['form', 'weekly'], ['weekday', 'funday'],
		['language', 'de'], ['sort', 'price'], ['page', '0'], ['page', 'x']]) {
		const bad = await search(c, { [k]: v });
		expectStatus(bad, 422, `bad ${k}=${v}`);
	}
	// A caseworker cannot widen the status.
	const st = await found(c, { status: 'all' }, 'caseworker status=all');
	assert(!st.includes('Vanha paikka'), 'caseworker status filter ignored');
});

test('free capacity: active placements fill a place', async (ctx) => {
	const db = ctx.stack.db;
	const c = ctx.c.caseworker;
	const now = Math.floor(Date.now() / 1000);
	const today = helsinkiDate(0), yesterday = helsinkiDate(-1), later = helsinkiDate(80);
	let n = 0;
	const placement = (status, periodEnd) => {
		n++;
		const ended = status === 'ended';
		sql(db, `INSERT INTO placements(client_ref, client_name, place_id, contract_id, org_id, caseworker_id,
			caseworker_org_id, start_date, weekdays, hours_per_day, status, end_date, outcome, created_at)
			VALUES ('A${n}', 'Asiakas ${n}', ${ctx.kierr}, ${ctx.C.org3}, 3, ${ctx.caseworkerId}, 1, '2026-01-01', 1, 4,
			${q(status)}, ${ended ? q(yesterday) : 'NULL'}, ${ended ? "'no_change'" : 'NULL'}, ${now})`);
		const pid = sqlValue(db, 'SELECT max(id) FROM placements');
		if (periodEnd)
			sql(db, `INSERT INTO placement_periods(placement_id, start_date, end_date, decision_date, months, created_by,
				created_at) VALUES (${pid}, '2026-01-01', ${q(periodEnd)}, '2025-12-15', 3, ${ctx.caseworkerId}, ${now})`);
		return pid;
	};
	const freeOf = (html, id) => {
		const m = new RegExp(`<a href="/places/${id}">[\\s\\S]*?<td>(\\d+) / (\\d+)</td></tr>`).exec(html);
		return m ? `${m[1]}/${m[2]}` : undefined;
	};
	let r = await search(c, { q: 'kierrätysmyymälä' });
	eq(freeOf(r.text, ctx.kierr), '2/2', 'empty place');
	placement('active', later); // takes a seat
	placement('ended', later); // ended: no seat
	const old = placement('active', yesterday); // latest period ended yesterday: no seat
	// An old period followed by a renewal that runs on: a seat.
	sql(db, `INSERT INTO placement_periods(placement_id, start_date, end_date, decision_date, months, created_by,
		created_at) VALUES (${old}, '2026-01-01', '2026-01-31', '2025-12-15', 3, ${ctx.caseworkerId}, ${now})`);
	placement('declined', later); // declined: no seat
	r = await search(c, { q: 'kierrätysmyymälä' });
	eq(freeOf(r.text, ctx.kierr), '1/2', 'one seat taken');
	assert((await found(c, { free: '1' }, 'free')).includes('Kierrätysmyymälä'), 'one seat left: found with free');
	placement('proposed', today); // proposed, period ends today: a seat
	r = await search(c, { q: 'kierrätysmyymälä' });
	eq(freeOf(r.text, ctx.kierr), '0/2', 'full');
	const free = await found(c, { free: '1' }, 'free');
	assert(!free.includes('Kierrätysmyymälä') && free.includes('Puutyöpaja'), `free filter: ${free}`);
	assert((await found(c, {}, 'all')).includes('Kierrätysmyymälä'), 'a full place is still found without the filter');
	const own = await ctx.c.kierratys.get('/places');
	assert(/<td>0 \/ 2<\/td>/.test(own.text), 'the provider sees 0 / 2');
});

test('relevance and name order', async (ctx) => {
	const c = ctx.c.caseworker;
	const rel = await found(c, { q: 'puu' }, 'relevance');
	assert(rel.indexOf('Puutyöpaja') >= 0 && rel.indexOf('Aaltosen verstas') >= 0, `both found: ${rel}`);
	assert(rel.indexOf('Puutyöpaja') < rel.indexOf('Aaltosen verstas'), `relevance: ${rel}`);
	const rel2 = await found(c, { q: 'puu', sort: 'relevance' }, 'relevance explicit');
	eq(rel2.join(), rel.join(), 'relevance is the default with words');
	const name = await found(c, { q: 'puu', sort: 'name' }, 'name');
	assert(name.indexOf('Aaltosen verstas') < name.indexOf('Puutyöpaja'), `name: ${name}`);
	const browse = await found(c, {}, 'browse');
	const sorted = [...browse].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
	eq(browse.join('|'), sorted.join('|'), 'without words: by name');
});

test('25 places: 20 a page, page links keep the filters', async (ctx) => {
	const c = ctx.c.provider;
	for (let i = 1; i <= 25; i++)
		await createPlace(ctx, c, { title: `Sarjapaikka ${String(i).padStart(2, '0')}`, municipality: String(ctx.M.Liperi),
			task: ['office'], weekday: ['thu'], language: ['fi'], form: 'both' });
	const cw = ctx.c.caseworker;
	const p1 = await search(cw, { q: 'sarjapaikka', municipality: ctx.M.Liperi, sort: 'name', language: 'fi' });
	expectStatus(p1, 200, 'page 1');
	const t1 = titles(p1.text);
	eq(t1.length, 20, 'page 1 rows');
	eq(t1[0], 'Sarjapaikka 01', 'page 1 first');
	assert(/<span id="total">25<\/span>/.test(p1.text), 'total 25');
	const next = /<a href="([^"]*)" rel="next">/.exec(p1.text);
	assert(next, 'next link');
	const href = unescapeHtml(next[1]);
	const u = new URL(href, 'http://x');
	eq(u.pathname, '/places', 'next path');
	eq(u.searchParams.get('q'), 'sarjapaikka', 'next keeps q');
	eq(u.searchParams.get('municipality'), String(ctx.M.Liperi), 'next keeps municipality');
	eq(u.searchParams.get('sort'), 'name', 'next keeps sort');
	eq(u.searchParams.get('language'), 'fi', 'next keeps language');
	eq(u.searchParams.get('page'), '2', 'next page');
	assert(!/rel="prev"/.test(p1.text), 'no previous on page 1');
	const p2 = await cw.get(href);
	expectStatus(p2, 200, 'page 2');
	eq(titles(p2.text).join(), ['21', '22', '23', '24', '25'].map((x) => `Sarjapaikka ${x}`).join(), 'page 2 rows');
	assert(/rel="prev"/.test(p2.text) && !/rel="next"/.test(p2.text), 'page 2 links');
	// Words with ä and spaces survive the link.
	const p3 = await search(cw, { q: 'sarjapaikka toimistotyö' });
	const n3 = /<a href="([^"]*)" rel="next">/.exec(p3.text);
	assert(n3, 'next link with ö');
	eq(new URL(unescapeHtml(n3[1]), 'http://x').searchParams.get('q'), 'sarjapaikka toimistotyö', 'q with ö kept');
	// Past the end: the last page.
	const far = await search(cw, { q: 'sarjapaikka', page: '99' });
	expectStatus(far, 200, 'page 99');
	eq(titles(far.text).length, 5, 'page 99 shows the last page');
	// Browsing without words pages too.
	const b = await search(cw, { municipality: ctx.M.Liperi });
	eq(titles(b.text).length, 20, 'browse page 1');
});

// --- status, visibility, roles -------------------------------------------------------------

test('paused and closed places are not found by caseworkers', async (ctx) => {
	const p = ctx.c.provider, cw = ctx.c.caseworker, off = ctx.c.officer;
	const mark = auditMark(ctx.stack.db);
	let r = await submit(p, `/places/${ctx.puu}`, `/places/${ctx.puu}/status`, [['status', 'paused']]);
	expectStatus(r, 303, 'pause');
	eq(sqlValue(ctx.stack.db, `SELECT status FROM places WHERE id = ${ctx.puu}`), 'paused', 'paused');
	eq(auditSince(ctx.stack.db, mark, 'place.status').length, 1, 'audit place.status');
	assert(!(await found(cw, { q: 'puutyöpaja' }, 'paused')).includes('Puutyöpaja'), 'paused not found');
	expectStatus(await cw.get(`/places/${ctx.puu}`), 404, 'caseworker: paused place page');
	assert(!(await found(off, { q: 'puutyöpaja' }, 'officer default')).includes('Puutyöpaja'), 'officer default: open only');
	assert((await found(off, { q: 'puutyöpaja', status: 'paused' }, 'officer paused')).includes('Puutyöpaja'), 'officer: paused');
	assert((await found(ctx.c.admin, { q: 'puutyöpaja', status: 'all' }, 'admin all')).includes('Puutyöpaja'), 'admin: all');
	expectStatus(await off.get(`/places/${ctx.puu}`), 200, 'officer: paused place page');
	expectStatus(await ctx.c.admin.get(`/places/${ctx.old}`), 200, 'admin: closed place page');
	r = await submit(p, `/places/${ctx.puu}`, `/places/${ctx.puu}/status`, [['status', 'closed']]);
	expectStatus(r, 303, 'close');
	assert(!(await found(cw, { q: 'puu' }, 'closed')).includes('Puutyöpaja'), 'closed not found');
	assert((await found(off, { q: 'puu', status: 'closed' }, 'officer closed')).includes('Puutyöpaja'), 'officer: closed');
	assert(!(await found(off, { q: 'puu', status: 'paused' }, 'officer paused')).includes('Puutyöpaja'), 'not paused now');
	const bad = await submit(p, `/places/${ctx.puu}`, `/places/${ctx.puu}/status`, [['status', 'deleted']]);
	expectStatus(bad, [400, 422], 'unknown status');
	r = await submit(p, `/places/${ctx.puu}`, `/places/${ctx.puu}/status`, [['status', 'open']]);
	expectStatus(r, 303, 'reopen');
	assert((await found(cw, { q: 'puu' }, 'reopened')).includes('Puutyöpaja'), 'found again');
	// An open place of a contract that is no longer active is not found.
	sql(ctx.stack.db, `UPDATE contracts SET status = 'ended' WHERE id = ${ctx.C.org3}`);
	assert(!(await found(cw, { q: 'rääkkylä' }, 'contract ended')).includes('Kierrätysmyymälä'), 'ended contract hidden');
	expectStatus(await cw.get(`/places/${ctx.kierr}`), 404, 'caseworker: place of an ended contract');
	sql(ctx.stack.db, `UPDATE contracts SET status = 'active' WHERE id = ${ctx.C.org3}`);
	assert((await found(cw, { q: 'rääkkylä' }, 'contract active')).includes('Kierrätysmyymälä'), 'active again');
});

test('editing a place keeps places_fts in step', async (ctx) => {
	const p = ctx.c.provider;
	const page = await p.get(`/places/${ctx.puu}/edit`);
	expectStatus(page, 200, 'edit page');
	assert(/id="task_carpentry"[^>]*checked/.test(page.text), 'tasks prefilled');
	assert(/id="weekday_fri"[^>]*checked/.test(page.text), 'weekdays prefilled');
	assert(/id="language_sv"[^>]*checked/.test(page.text), 'languages prefilled');
	const bad = await submit(p, `/places/${ctx.puu}/edit`, `/places/${ctx.puu}/edit`,
		placeFields({ title: 'Puutyöpaja', municipality: String(ctx.M.Joensuu), hours_max: '9' }));
	expectStatus(bad, 422, 'edit with bad hours');
	assert(fieldError(bad.text, 'hours_max'), 'edit: message by hours_max');
	const mark = auditMark(ctx.stack.db);
	const r = await submit(p, `/places/${ctx.puu}/edit`, `/places/${ctx.puu}/edit`, placeFields({
		title: 'Puutyöpaja ja keittiö', municipality: String(ctx.M.Liperi), task: ['carpentry', 'kitchen'],
		weekday: ['mon', 'wed', 'fri'], language: ['fi', 'sv'], capacity: '4', form: 'individual',
		description: 'Huonekalujen korjausta.',
	}));
	expectStatus(r, 303, 'edit');
	eq(r.location, `/places/${ctx.puu}?msg=saved`, 'edit redirect');
	eq(auditSince(ctx.stack.db, mark, 'place.update').length, 1, 'audit place.update');
	const cw = ctx.c.caseworker;
	assert((await found(cw, { q: 'köksarbete' }, 'new task')).includes('Puutyöpaja ja keittiö'), 'new task found');
	assert((await found(cw, { q: 'libelits', language: 'sv' }, 'new municipality sv')).includes('Puutyöpaja ja keittiö'),
		'Swedish municipality');
	assert(!(await found(cw, { q: 'joensuu' }, 'old municipality')).includes('Puutyöpaja ja keittiö'), 'old municipality gone');
	assert(!(await found(cw, { q: 'pientä' }, 'old description')).includes('Puutyöpaja ja keittiö'), 'old words gone');
	eq(sqlValue(ctx.stack.db, `SELECT count(*) FROM places_fts WHERE rowid = ${ctx.puu}`), '1', 'one fts row');
	eq(sqlValue(ctx.stack.db, 'SELECT count(*) FROM places p WHERE NOT EXISTS (SELECT 1 FROM places_fts f ' +
		`WHERE f.rowid = p.id) AND p.id <> ${ctx.old}`), '0', 'every UI-made place has its fts row');
	eq(sqlValue(ctx.stack.db, 'SELECT count(*) FROM places p JOIN places_fts f ON f.rowid = p.id WHERE f.facets IS NOT ' +
		"('m' || p.municipality_id || ' s' || p.service_type_id || ' m' || p.municipality_id || 's' || p.service_type_id)"),
	'0', 'every fts row carries its place\'s municipality and service as facets');
	const row = sql(ctx.stack.db, `SELECT municipality_id, service_type_id FROM places WHERE id = ${ctx.puu}`)[0];
	assert((await found(cw, { q: 'keittiö', municipality: row[0], service: row[1] }, 'words and both filters'))
		.includes('Puutyöpaja ja keittiö'), 'found with the new municipality and service');
	assert(!(await found(cw, { municipality: row[0] === '1' ? '2' : '1' }, 'another municipality'))
		.includes('Puutyöpaja ja keittiö'), 'not under another municipality');
});

test('providers see only their own places', async (ctx) => {
	const p = ctx.c.provider, k = ctx.c.kierratys;
	const own = await p.get('/places');
	expectStatus(own, 200, 'provider list');
	const t = titles(own.text);
	assert(t.includes('Puutyöpaja ja keittiö') && t.includes('Vanha paikka') && !t.includes('Kierrätysmyymälä'), `own list: ${t}`);
	assert(!/<form[^>]*role="search"/.test(own.text), 'providers get no search form');
	const kl = titles((await k.get('/places')).text);
	eq(kl.join(), 'Kierrätysmyymälä', 'second provider list');
	expectStatus(await k.get(`/places/${ctx.puu}`), 404, "another provider's place");
	expectStatus(await k.get(`/places/${ctx.old}`), 404, "another provider's closed place");
	expectStatus(await k.get(`/places/${ctx.puu}/edit`), 404, "another provider's edit page");
	expectStatus(await post(k, `/places/${ctx.puu}/edit`, placeFields({ municipality: String(ctx.M.Rääkkylä) })), 404,
		"another provider's edit POST");
	expectStatus(await post(k, `/places/${ctx.puu}/status`, [['status', 'closed']]), 404, "another provider's status POST");
	eq(sqlValue(ctx.stack.db, `SELECT status FROM places WHERE id = ${ctx.puu}`), 'open', 'unchanged');
	expectStatus(await p.get('/places/999999'), 404, 'no such place');
	const cw = await ctx.c.caseworker.get(`/places/${ctx.puu}`);
	expectStatus(cw, 200, 'caseworker sees an open place');
	assert(!cw.text.includes(`action="/places/${ctx.puu}/status"`), 'no status form for staff');
	assert(!cw.text.includes(`/places/${ctx.puu}/edit`), 'no edit link for staff');
});

test('who may call what', async (ctx) => {
	const f = ctx.c.finance;
	expectStatus(await f.get('/places'), 403, 'finance /places');
	expectStatus(await f.get(`/places/${ctx.puu}`), 403, 'finance place page');
	for (const u of ['caseworker', 'officer', 'admin']) {
		expectStatus(await ctx.c[u].get('/places/new'), 403, `${u} /places/new`);
		expectStatus(await post(ctx.c[u], `/places/${ctx.puu}/status`, [['status', 'closed']]), 403, `${u} status`);
		expectStatus(await post(ctx.c[u], '/places/new', placeFields({ contract: String(ctx.C.org2),
			municipality: String(ctx.M.Joensuu) })), 403, `${u} create`);
	}
	const anon = new Client(ctx.stack);
	for (const p of ['/places', `/places/${ctx.puu}`, '/places/new']) {
		const r = await anon.get(p);
		assert(r.status === 303 || r.status === 302, `anonymous ${p}: ${r.status}`);
		assert(/^\/login/.test(r.location || ''), `anonymous ${p}: ${r.location}`);
	}
	// No nonce, no CSRF: refused.
	const t = await tokens(ctx.c.provider);
	const nocsrf = await ctx.c.provider.post(`/places/${ctx.puu}/status`, [['nonce', t.nonce], ['status', 'paused']]);
	assert(nocsrf.status === 403 || nocsrf.status === 400, `no csrf: ${nocsrf.status}`);
	eq(sqlValue(ctx.stack.db, `SELECT status FROM places WHERE id = ${ctx.puu}`), 'open', 'still open');
});

// --- main ---------------------------------------------------------------------------------

async function main() {
	let passed = 0, failed = 0;
	const ctx = { c: {} };
	let stack;
	try {
		stack = await startStack('places');
		ctx.stack = stack;
		setup(ctx);
		for (const u of USERS) ctx.c[u] = await loginClient(stack, u);
		({ passed, failed } = await run(ctx));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${(e && e.stack) || e}`);
	} finally {
		if (stack) stopStack(stack);
	}
	const log = stack ? path.join(stack.dir, 'log/paikka.log') : '';
	const logText = log && fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
	const bad = logText.split('\n').find((l) => SANITIZER.test(l) || /internal error|prepare:/.test(l));
	if (bad) {
		failed++;
		console.log(`not ok - no sanitizer reports or internal errors in the log: ${bad.trim()}`);
	} else {
		passed++;
		console.log('ok - no sanitizer reports or internal errors in the log');
	}
	if (stack && failed === 0 && !process.env.KEEP) fs.rmSync(stack.dir, { recursive: true, force: true });
	else if (stack) console.log(`# stack kept in ${stack.dir} (${B})`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main();
