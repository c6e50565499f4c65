// Client placements through the real stack: active contracts and open
// places written with sqlite3, then a caseworker places clients, the
// provider confirms or declines, the caseworker renews (3 months, and 12
// after two years in the service) and ends with an outcome. Checks every
// refusal (full, paused, closed, contract not in force, days, hours,
// client number, dates) is a 422 with its message by the field, the race
// for the last seat (exactly one winner, never more placements than
// seats), the list of periods ending within 30 days, who sees which
// client (another provider, another caseworker organisation, officer and
// finance never see a client's name or number), e-mails and
// notifications without client data, and the placement.view audit rows.
// Usage: B=build node tests/stack/placements.mjs
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
	ROOT, B, PASSWORD, assert, eq, startStack, stopStack, sql, sqlValue, q, auditMark, auditSince, Client, login, fieldError, registry, unescapeHtml, finish,
} from './lib.mjs';

const { test, run } = registry();
// Every client name and number carries a marker that must never reach
// anyone who does not work with the client.
const MARK_NAME = 'Qxsalainen';
const MARK_REF = 'QXREF';
const RACE_ROUNDS = 20;

// --- helpers ---------------------------------------------------------------------

const hex = (n = 16) => randomBytes(n).toString('hex');

function mainText(html) {
	const m = /<main[^>]*>([\s\S]*)<\/main>/.exec(html);
	return m ? m[1] : html;
}

function text(html) {
	return unescapeHtml(mainText(html).replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

function expectStatus(r, want, what) {
	assert(r.status !== 500, `${what}: 500 (${text(r.text).slice(0, 300)})`);
	eq(r.status, want, `${what}: status (${r.status === 422 ? text(r.text).slice(0, 400) : ''})`);
}

function paikkactl(ctx, args, input) {
	const r = spawnSync(path.join(ROOT, B, 'bin/paikkactl'), args,
		{ cwd: ROOT, env: { ...process.env, PAIKKA_DB: ctx.stack.db }, encoding: 'utf8', input });
	assert(r.status === 0, `paikkactl ${args.join(' ')}: ${r.stderr}`);
}

function count(db, table, where = '1') {
	return Number(sqlValue(db, `SELECT count(*) FROM ${table} WHERE ${where}`));
}

function legendError(html) {
	const m = /<legend>[^<]*<span class="error">([^<]*)<\/span>/.exec(html);
	return m ? unescapeHtml(m[1]) : undefined;
}

// A client that keeps every response body, to search them afterwards.
class Recorder extends Client {
	constructor(stack) {
		super(stack);
		this.seen = [];
	}

	async request(method, p, opts) {
		const r = await super.request(method, p, opts);
		this.seen.push({ what: `${method} ${p}`, text: r.text + (r.location || '') });
		return r;
	}
}

async function loginAs(ctx, username, Cls = Client) {
	const c = new Cls(ctx.stack);
	const r = await login(c, username, PASSWORD);
	eq(r.status, 303, `login ${username}`);
	return c;
}

// The session's csrf token (the layout's language form has it) and a
// fresh one-time nonce.
async function tokens(c) {
	const r = await c.get('/');
	const m = /name="csrf" value="([^"]*)"/.exec(r.text);
	assert(m, 'no csrf token on /');
	return { csrf: unescapeHtml(m[1]), nonce: hex() };
}

async function post(c, p, pairs = []) {
	const t = await tokens(c);
	const list = Array.isArray(pairs) ? pairs : Object.entries(pairs);
	return c.post(p, [['csrf', t.csrf], ['nonce', t.nonce], ...list]);
}

// --- dates (Europe/Helsinki calendar dates as 'YYYY-MM-DD') -----------------------

const HEL = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
const today = () => HEL.format(new Date());
const addDays = (iso, n) => new Date(Date.parse(iso + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10);
function addMonths(iso, n) {
	const y = Number(iso.slice(0, 4)), m = Number(iso.slice(5, 7)) - 1 + n, d = Number(iso.slice(8));
	const ty = y + Math.floor(m / 12), tm = ((m % 12) + 12) % 12;
	const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
	return `${ty}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
const periodEnd = (iso, months) => addDays(addMonths(iso, months), -1);
const fiDate = (iso) => `${iso.slice(8)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

// --- the scenario: contracts and places written with sqlite3 -----------------------

function makeContract(db, { org = 2, start, end, status = 'active' }) {
	return Number(sqlValue(db, 'INSERT INTO contracts(org_id, service_type_id, form, daily_price_cents, ' +
		'start_date, end_date, status, created_by, created_at) VALUES ' +
		`(${org}, 1, 'both', 1009, ${q(start)}, ${q(end)}, ${q(status)}, 1, unixepoch()); ` +
		'SELECT last_insert_rowid();'));
}

let placeNo = 0;
// A place under contract (31 = Monday-Friday); returns its id.
function makePlace(ctx, { contract = ctx.contract, org = 2, capacity = 5, weekdays = 31, hmin = 4, hmax = 6,
	status = 'open', title } = {}) {
	placeNo++;
	const t = title || `Testipaja ${placeNo}`;
	const id = Number(sqlValue(ctx.stack.db, 'INSERT INTO places(contract_id, org_id, title, municipality_id, ' +
		'service_type_id, form, weekdays, hours_min, hours_max, capacity, status, created_at, updated_at) VALUES ' +
		`(${contract}, ${org}, ${q(t)}, 1, 1, 'individual', ${weekdays}, ${hmin}, ${hmax}, ${capacity}, ` +
		`${q(status)}, unixepoch(), unixepoch()); SELECT last_insert_rowid();`));
	sql(ctx.stack.db, 'INSERT INTO places_fts(rowid, title, description, tasks, municipality, facets) ' +
		`VALUES (${id}, ${q(t)}, '', '', 'Joensuu', 'm1 s1 m1s1')`);
	return id;
}

let clientNo = 0;
function client() {
	clientNo++;
	return { ref: `${MARK_REF}${clientNo}`, name: `${MARK_NAME} Asiakas ${clientNo}` };
}

// The form of /placements/new as pairs; over overrides single fields,
// days the weekday boxes.
function placeFields(cl, { days = ['mon', 'wed'], ...over } = {}) {
	const f = { client_ref: cl.ref, client_name: cl.name, start_date: today(), end_date: '',
		decision_date: today(), hours: '5', ...over };
	return [...Object.entries(f), ...days.map((d) => ['weekday', d])];
}

async function placeClient(c, placeId, cl = client(), opts = {}) {
	const r = await post(c, `/placements/new?place=${placeId}`, placeFields(cl, opts));
	return { r, cl };
}

// Places a client and returns the new placement's id (asserts the 303).
async function newPlacement(ctx, placeId, opts = {}, c = ctx.c.caseworker, who = client()) {
	const { r, cl } = await placeClient(c, placeId, who, opts);
	expectStatus(r, 303, 'place a client');
	const m = /^\/placements\/(\d+)\?msg=created$/.exec(r.location);
	assert(m, `redirect ${r.location}`);
	return { id: Number(m[1]), cl };
}

async function confirmed(ctx, placeId, opts) {
	const p = await newPlacement(ctx, placeId, opts);
	expectStatus(await post(ctx.c.provider, `/placements/${p.id}/confirm`), 303, 'confirm');
	return p;
}

// --- tests ---------------------------------------------------------------------------

test('the new placement form shows the place and only its days and hours', async (ctx) => {
	const place = makePlace(ctx, { weekdays: 1 | 4 | 16, hmin: 4, hmax: 5 });
	const r = await ctx.c.caseworker.get(`/placements/new?place=${place}`);
	expectStatus(r, 200, 'GET new');
	for (const d of ['mon', 'wed', 'fri']) assert(r.text.includes(`value="${d}"`), `day ${d} offered`);
	for (const d of ['tue', 'thu', 'sat', 'sun']) assert(!r.text.includes(`value="${d}"`), `day ${d} not offered`);
	assert(r.text.includes('<option value="4"') && r.text.includes('<option value="5"') &&
		!r.text.includes('<option value="6"'), 'hours 4-5 only');
	assert(!/identity code/i.test(r.text.replace(/Never write the personal identity code/, '')),
		'no field for a personal identity code');
	expectStatus(await ctx.c.caseworker.get('/placements/new?place=999999'), 404, 'unknown place');
	const none = await ctx.c.caseworker.get('/placements/new');
	expectStatus(none, 303, 'no place');
	assert(none.location === '/places', `no place: Location ${none.location}`);
	expectStatus(await ctx.c.caseworker.get('/placements/new?place=abc'), 404, 'bad place');
	expectStatus(await ctx.c.provider.get(`/placements/new?place=${place}`), 403, 'provider');
});

test('a caseworker places a client: proposed, the provider sees it, the e-mail has no client data', async (ctx) => {
	const db = ctx.stack.db;
	const place = makePlace(ctx, { title: 'Puutyöpaja Lastu' });
	const outMark = Number(sqlValue(db, 'SELECT coalesce(max(id), 0) FROM outbox'));
	const noteMark = Number(sqlValue(db, 'SELECT coalesce(max(id), 0) FROM notifications'));
	const { id, cl } = await newPlacement(ctx, place);
	const row = sql(db, `SELECT status, client_ref, client_name, weekdays, hours_per_day, caseworker_org_id, org_id ` +
		`FROM placements WHERE id = ${id}`)[0];
	eq(row.join('|'), `proposed|${cl.ref}|${cl.name}|5|5|1|2`, 'placement row');
	const per = sql(db, `SELECT start_date, end_date, decision_date, months FROM placement_periods WHERE placement_id = ${id}`);
	eq(per.length, 1, 'one period');
	eq(per[0].join('|'), `${today()}|${periodEnd(today(), 3)}|${today()}|3`, 'default period of 3 months');
	// The provider: the list, the page, the place page.
	const list = await ctx.c.provider.get('/placements');
	expectStatus(list, 200, 'provider list');
	assert(list.text.includes(cl.name), 'provider list shows the client');
	const page = await ctx.c.provider.get(`/placements/${id}`);
	expectStatus(page, 200, 'provider page');
	assert(page.text.includes(cl.ref) && page.text.includes('action="/placements/' + id + '/confirm"'), 'confirm form');
	const pp = await ctx.c.provider.get(`/places/${place}`);
	expectStatus(pp, 200, 'place page');
	assert(pp.text.includes(cl.name), 'place page lists the provider\'s client');
	// E-mails and notifications: the place, never the client.
	const mails = sql(db, `SELECT to_addr, replace(subject || ' ' || body, char(10), ' ') FROM outbox WHERE id > ${outMark}`);
	assert(mails.some((m) => m[0] === 'pekka@kanerva.example' && m[1].includes('Puutyöpaja Lastu')),
		`an e-mail to the provider naming the place: ${JSON.stringify(mails)}`);
	for (const m of mails) assert(!m[1].includes(MARK_NAME) && !m[1].includes(MARK_REF), 'no client data in e-mail');
	const notes = sql(db, `SELECT org_id, replace(text_fi || text_sv || text_en || link, char(10), ' ') FROM notifications WHERE id > ${noteMark}`);
	assert(notes.some((n) => n[0] === '2'), 'a notification to the provider');
	for (const n of notes) assert(!n[1].includes(MARK_NAME) && !n[1].includes(MARK_REF), 'no client data in notification');
});

test('the provider confirms the start', async (ctx) => {
	const db = ctx.stack.db;
	const place = makePlace(ctx);
	const { id } = await newPlacement(ctx, place);
	const noteMark = Number(sqlValue(db, 'SELECT coalesce(max(id), 0) FROM notifications'));
	const r = await post(ctx.c.provider, `/placements/${id}/confirm`);
	expectStatus(r, 303, 'confirm');
	eq(r.location, `/placements/${id}?msg=confirmed`, 'redirect');
	eq(sql(db, `SELECT status, confirmed_at IS NOT NULL FROM placements WHERE id = ${id}`)[0].join('|'), 'active|1', 'active');
	eq(count(db, 'notifications', `id > ${noteMark} AND user_id = 3`), 1, 'the caseworker is told');
	expectStatus(await post(ctx.c.provider, `/placements/${id}/confirm`), 409, 'confirm twice');
	expectStatus(await post(ctx.c.provider, `/placements/${id}/decline`, { reason: 'x' }), 409, 'decline when active');
	expectStatus(await post(ctx.c.caseworker, `/placements/${id}/confirm`), 403, 'caseworker cannot confirm');
	const again = await ctx.c.provider.get(`/placements/${id}`);
	assert(!again.text.includes('/confirm"'), 'no confirm form any more');
});

test('the provider declines: a reason is required, then the placement is gone for the provider', async (ctx) => {
	const db = ctx.stack.db;
	const place = makePlace(ctx);
	const { id, cl } = await newPlacement(ctx, place);
	const empty = await post(ctx.c.provider, `/placements/${id}/decline`, { reason: '  ' });
	expectStatus(empty, 422, 'decline without a reason');
	eq(fieldError(empty.text, 'reason'), 'Write the reason for declining.', 'message by the field');
	eq(sqlValue(db, `SELECT status FROM placements WHERE id = ${id}`), 'proposed', 'still proposed');
	const r = await post(ctx.c.provider, `/placements/${id}/decline`, { reason: 'Ei tilaa maanantaisin.' });
	expectStatus(r, 303, 'decline');
	eq(r.location, '/placements?msg=declined', 'back to the list');
	eq(sql(db, `SELECT status, decline_reason, declined_at IS NOT NULL FROM placements WHERE id = ${id}`)[0].join('|'),
		'declined|Ei tilaa maanantaisin.|1', 'declined row');
	expectStatus(await ctx.c.provider.get(`/placements/${id}`), 404, 'provider: declined is 404');
	assert(!(await ctx.c.provider.get('/placements')).text.includes(cl.name), 'not in the provider\'s list');
	const cw = await ctx.c.caseworker.get(`/placements/${id}`);
	expectStatus(cw, 200, 'caseworker still sees it');
	assert(cw.text.includes('Ei tilaa maanantaisin.'), 'the caseworker sees the reason');
	// A declined placement frees its seat.
	const one = makePlace(ctx, { capacity: 1 });
	const d = await newPlacement(ctx, one);
	expectStatus(await post(ctx.c.provider, `/placements/${d.id}/decline`, { reason: 'Ei sovi.' }), 303, 'decline');
	await newPlacement(ctx, one);
});

test('refusals are 422 with the message by the field, never 500, and save nothing', async (ctx) => {
	const db = ctx.stack.db;
	const t = today();
	const full = makePlace(ctx, { capacity: 1 });
	await newPlacement(ctx, full);
	const paused = makePlace(ctx, { status: 'paused' });
	const closed = makePlace(ctx, { status: 'closed' });
	const future = makePlace(ctx, { contract: ctx.futureContract });
	const ended = makePlace(ctx, { contract: ctx.endedContract });
	const endingSoon = makePlace(ctx, { contract: ctx.shortContract });
	const weekdaysOnly = makePlace(ctx, { weekdays: 31 });
	const everyDay = makePlace(ctx, { weekdays: 127 });
	const short = makePlace(ctx, { hmin: 4, hmax: 5 });
	const FULL = 'This place is full: it has no free seats. Another caseworker may have just taken the last one. Choose another place.';
	const NOT_IN_FORCE = /^The provider's contract for this place is not in force on the start date/;
	const cases = [
		{ what: 'full place', place: full, place_msg: FULL },
		{ what: 'paused place', place: paused, place_msg: 'This place is paused and takes no new clients for now.' },
		{ what: 'closed place', place: closed, place_msg: 'This place has been closed and takes no new clients.' },
		{ what: 'start before the contract starts', place: future, field: 'start_date', msg: NOT_IN_FORCE },
		{ what: 'contract ended', place: ended, field: 'start_date', msg: NOT_IN_FORCE },
		{ what: 'start after the contract ends', place: endingSoon, opts: { start_date: addDays(t, 20), decision_date: t },
			field: 'start_date', msg: NOT_IN_FORCE },
		{ what: 'a day the place does not take', place: weekdaysOnly, opts: { days: ['mon', 'sat'] },
			legend: 'Choose only days on which this place takes clients.' },
		{ what: '5 weekdays', place: everyDay, opts: { days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
			legend: 'A client takes part at most 4 days a week.' },
		{ what: 'no weekday', place: everyDay, opts: { days: [] }, legend: 'Choose 1 to 4 days of the week.' },
		{ what: 'a weekday that is no day', place: everyDay, opts: { days: ['mon', 'xyz'] },
			legend: 'Choose only days on which this place takes clients.' },
		{ what: 'hours 3', place: everyDay, opts: { hours: '3' }, field: 'hours', msg: /^Choose the hours a day within this place's hours \(4–6\)\.$/ },
		{ what: 'hours 7', place: everyDay, opts: { hours: '7' }, field: 'hours', msg: /within this place's hours/ },
		{ what: 'hours not a number', place: everyDay, opts: { hours: 'x' }, field: 'hours', msg: /within this place's hours/ },
		{ what: 'hours outside the place\'s range', place: short, opts: { hours: '6' }, field: 'hours',
			msg: /^Choose the hours a day within this place's hours \(4–5\)\.$/ },
		{ what: 'client number with a space', place: everyDay, opts: { client_ref: 'AB 12' }, field: 'client_ref',
			msg: 'Use 1 to 32 letters A-Z and digits 0-9, with no spaces or other characters.' },
		{ what: 'client number with ä', place: everyDay, opts: { client_ref: 'Ä12' }, field: 'client_ref',
			msg: 'Use 1 to 32 letters A-Z and digits 0-9, with no spaces or other characters.' },
		{ what: 'client number of 33 characters', place: everyDay, opts: { client_ref: 'A'.repeat(33) }, field: 'client_ref',
			msg: 'Use 1 to 32 letters A-Z and digits 0-9, with no spaces or other characters.' },
		{ what: 'no client number', place: everyDay, opts: { client_ref: '' }, field: 'client_ref',
			msg: 'Write the client\'s number in the client system.' },
		{ what: 'no client name', place: everyDay, opts: { client_name: ' ' }, field: 'client_name',
			msg: 'Write the client\'s name (1 to 200 characters).' },
		{ what: 'end of the period before the start', place: everyDay, opts: { end_date: addDays(t, -1) },
			field: 'end_date', msg: 'The decision period must end after it starts.' },
		{ what: 'period shorter than 3 months', place: everyDay, opts: { end_date: addDays(periodEnd(t, 3), -1) },
			field: 'end_date', msg: `A decision period is at least 3 months: it can end on ${fiDate(periodEnd(t, 3))} at the earliest.` },
		{ what: 'period longer than 12 months', place: everyDay, opts: { end_date: addDays(periodEnd(t, 12), 1) },
			field: 'end_date', msg: `A decision period is at most 12 months: it can end on ${fiDate(periodEnd(t, 12))} at the latest.` },
		{ what: 'end date not a date', place: everyDay, opts: { end_date: '2026-02-30' }, field: 'end_date',
			msg: 'Write the date as dd.mm.yyyy.' },
		{ what: 'start too far back', place: everyDay, opts: { start_date: addDays(t, -31), decision_date: addDays(t, -31) },
			field: 'start_date', msg: 'The start can be at most 30 days ago.' },
		{ what: 'start too far ahead', place: everyDay, opts: { start_date: addDays(addMonths(t, 6), 1) },
			field: 'start_date', msg: 'The start can be at most 6 months ahead.' },
		{ what: 'no start date', place: everyDay, opts: { start_date: '' }, field: 'start_date', msg: 'Write the start date.' },
		{ what: 'decision after the start', place: everyDay, opts: { start_date: addDays(t, -5), decision_date: addDays(t, -4) },
			field: 'decision_date', msg: 'The decision is made on or before the start date.' },
		{ what: 'decision in the future', place: everyDay, opts: { start_date: addDays(t, 10), decision_date: addDays(t, 1) },
			field: 'decision_date', msg: 'The decision date cannot be in the future.' },
		{ what: 'decision too early', place: everyDay, opts: { decision_date: addDays(addMonths(t, -6), -1) },
			field: 'decision_date', msg: 'The decision can be made at most 6 months before the start.' },
	];
	const before = count(db, 'placements');
	for (const c of cases) {
		const { r } = await placeClient(ctx.c.caseworker, c.place, client(), c.opts || {});
		expectStatus(r, 422, c.what);
		if (c.place_msg) {
			assert(/<div class="error-summary" role="alert">/.test(r.text), `${c.what}: error summary`);
			assert(text(r.text).includes(c.place_msg), `${c.what}: message "${c.place_msg}" in ${text(r.text).slice(0, 500)}`);
		} else if (c.legend) {
			eq(legendError(r.text), c.legend, `${c.what}: message by the weekdays`);
		} else {
			const got = fieldError(r.text, c.field);
			assert(got !== undefined, `${c.what}: no message by ${c.field}: ${text(r.text).slice(0, 400)}`);
			if (c.msg instanceof RegExp) assert(c.msg.test(got), `${c.what}: message ${got}`);
			else eq(got, c.msg, `${c.what}: message`);
		}
	}
	eq(count(db, 'placements'), before, 'nothing saved');
	// What was typed comes back.
	const { r } = await placeClient(ctx.c.caseworker, everyDay, { ref: 'AB 12', name: 'Typed Name' }, { days: ['tue', 'thu'] });
	assert(r.text.includes('value="AB 12"') && r.text.includes('value="Typed Name"'), 'typed values kept');
	assert(/id="wd_tue"[^>]*checked/.test(r.text) && /id="wd_thu"[^>]*checked/.test(r.text) &&
		!/id="wd_mon"[^>]*checked/.test(r.text), 'checked days kept');
	// The GET of a place that takes no clients says why and has no form.
	for (const [p, why] of [[full, 'This place is full'], [paused, 'paused'], [closed, 'closed']]) {
		const g = await ctx.c.caseworker.get(`/placements/new?place=${p}`);
		expectStatus(g, 200, 'GET refused place');
		assert(text(g.text).includes(why) && !g.text.includes('name="client_ref"'), `GET ${why}: notice, no form`);
	}
	// The same client twice in one place.
	const twice = makePlace(ctx);
	const cl = client();
	expectStatus((await placeClient(ctx.c.caseworker, twice, cl)).r, 303, 'first');
	const dup = (await placeClient(ctx.c.caseworker, twice, cl)).r;
	expectStatus(dup, 422, 'same client twice');
	eq(fieldError(dup.text, 'client_ref'), 'This client already has a placement in this place.', 'duplicate message');
});

test(`the last seat: two caseworkers at once, exactly one wins (${RACE_ROUNDS} rounds)`, async (ctx) => {
	const db = ctx.stack.db;
	const a = ctx.c.caseworker, b = ctx.c.caseworker2;
	const ta = await tokens(a), tb = await tokens(b);
	for (let round = 0; round < RACE_ROUNDS; round++) {
		const place = makePlace(ctx, { capacity: 1 });
		const body = (t) => [['csrf', t.csrf], ['nonce', hex()], ...placeFields(client())];
		const [ra, rb] = await Promise.all([
			a.post(`/placements/new?place=${place}`, body(ta)),
			b.post(`/placements/new?place=${place}`, body(tb)),
		]);
		const statuses = [ra.status, rb.status].sort();
		eq(statuses.join(','), '303,422', `round ${round}: statuses`);
		const loser = ra.status === 422 ? ra : rb;
		assert(text(loser.text).includes('This place is full: it has no free seats.'), `round ${round}: clear message`);
		eq(count(db, 'placements', `place_id = ${place}`), 1, `round ${round}: one placement`);
	}
	const over = sql(db, 'SELECT pl.id FROM places pl WHERE pl.capacity < (SELECT count(*) FROM placements p ' +
		"WHERE p.place_id = pl.id AND p.status IN ('proposed', 'active'))");
	eq(over.length, 0, 'never more placements than seats');
});

test('renewal: 3 months adds a period; 12 months only after 2 years; one period ahead at a time', async (ctx) => {
	const db = ctx.stack.db;
	const t = today();
	const place = makePlace(ctx);
	const { id } = await confirmed(ctx, place);
	const page = await ctx.c.caseworker.get(`/placements/${id}`);
	assert(page.text.includes(`action="/placements/${id}/renew"`), 'renew form');
	assert(/id="months12"[^>]*disabled/.test(page.text), '12 months is disabled before 2 years');
	const twelve = await post(ctx.c.caseworker, `/placements/${id}/renew`, { months: '12', decision_date: t });
	expectStatus(twelve, 422, '12 months before 2 years');
	eq(legendError(twelve.text), 'A 12-month period is possible only after 2 years in the service. Choose 3 months.', 'message');
	const bad = await post(ctx.c.caseworker, `/placements/${id}/renew`, { months: '6', decision_date: t });
	expectStatus(bad, 422, '6 months');
	eq(legendError(bad.text), 'Choose 3 or 12 months.', 'months message');
	const fut = await post(ctx.c.caseworker, `/placements/${id}/renew`, { months: '3', decision_date: addDays(t, 1) });
	expectStatus(fut, 422, 'decision in the future');
	eq(fieldError(fut.text, 'decision_date'), 'The decision date cannot be in the future.', 'decision message');
	const early = await post(ctx.c.caseworker, `/placements/${id}/renew`, { months: '3', decision_date: addDays(t, -1) });
	expectStatus(early, 422, 'decision before the current period');
	eq(count(db, 'placement_periods', `placement_id = ${id}`), 1, 'nothing added');
	const ok = await post(ctx.c.caseworker, `/placements/${id}/renew`, { months: '3', decision_date: t });
	expectStatus(ok, 303, 'renew 3 months');
	eq(ok.location, `/placements/${id}?msg=renewed`, 'redirect');
	const per = sql(db, `SELECT start_date, end_date, months FROM placement_periods WHERE placement_id = ${id} ORDER BY id`);
	eq(per.length, 2, 'two periods');
	eq(per[0].join('|'), `${t}|${periodEnd(t, 3)}|3`, 'the first period is unchanged');
	const next = addDays(periodEnd(t, 3), 1);
	eq(per[1].join('|'), `${next}|${periodEnd(next, 3)}|3`, 'the second follows it');
	const again = await post(ctx.c.caseworker, `/placements/${id}/renew`, { months: '3', decision_date: t });
	expectStatus(again, 409, 'renew again before the new period has started');
	expectStatus(await post(ctx.c.provider, `/placements/${id}/renew`, { months: '3', decision_date: t }), 403, 'provider');
	// A proposed placement is not renewed.
	const prop = await newPlacement(ctx, place);
	expectStatus(await post(ctx.c.caseworker, `/placements/${prop.id}/renew`, { months: '3', decision_date: t }), 409,
		'proposed');
});

test('renewal for 12 months after 2 years in the service', async (ctx) => {
	const db = ctx.stack.db;
	const t = today();
	const place = makePlace(ctx);
	const { id } = await confirmed(ctx, place);
	// The client came 2 years and 1 month ago; the current period ends in 10 days.
	const first = addMonths(t, -25);
	sql(db, `UPDATE placements SET start_date = ${q(first)} WHERE id = ${id}; ` +
		`UPDATE placement_periods SET start_date = ${q(first)}, end_date = ${q(addDays(t, 10))}, months = 12 ` +
		`WHERE placement_id = ${id}`);
	const page = await ctx.c.caseworker.get(`/placements/${id}`);
	assert(!/id="months12"[^>]*disabled/.test(page.text), '12 months offered');
	const r = await post(ctx.c.caseworker, `/placements/${id}/renew`, { months: '12', decision_date: t });
	expectStatus(r, 303, 'renew 12 months');
	const next = addDays(t, 11);
	eq(sql(db, `SELECT start_date, end_date, months, decision_date FROM placement_periods WHERE placement_id = ${id} ` +
		'ORDER BY id DESC LIMIT 1')[0].join('|'), `${next}|${periodEnd(next, 12)}|12|${t}`, 'a 12-month period');
	// The boundary: a first period starting exactly 2 years before the new start is enough, a day later is not.
	const edge = await confirmed(ctx, place);
	const edgeEnd = addDays(t, 5);
	const edgeNext = addDays(edgeEnd, 1);
	const setFirst = (d) => sql(db, `UPDATE placements SET start_date = ${q(d)} WHERE id = ${edge.id}; ` +
		`UPDATE placement_periods SET start_date = ${q(d)}, end_date = ${q(edgeEnd)}, months = 12 WHERE placement_id = ${edge.id}`);
	setFirst(addDays(addMonths(edgeNext, -24), 1));
	expectStatus(await post(ctx.c.caseworker, `/placements/${edge.id}/renew`, { months: '12', decision_date: t }), 422,
		'one day short of 2 years');
	setFirst(addMonths(edgeNext, -24));
	expectStatus(await post(ctx.c.caseworker, `/placements/${edge.id}/renew`, { months: '12', decision_date: t }), 303,
		'exactly 2 years');
});

test('a lapsed placement is renewed only when a seat is free', async (ctx) => {
	const db = ctx.stack.db;
	const t = today();
	const place = makePlace(ctx, { capacity: 1 });
	const { id } = await confirmed(ctx, place);
	// Its period ran out yesterday: the seat is free and someone takes it.
	sql(db, `UPDATE placements SET start_date = ${q(addMonths(t, -4))} WHERE id = ${id}; ` +
		`UPDATE placement_periods SET start_date = ${q(addMonths(t, -4))}, end_date = ${q(addDays(t, -1))} ` +
		`WHERE placement_id = ${id}`);
	const other = await newPlacement(ctx, place);
	const r = await post(ctx.c.caseworker, `/placements/${id}/renew`, { months: '3', decision_date: t });
	expectStatus(r, 422, 'lapsed, place full');
	assert(text(r.text).includes('The decision period has run out and the place has no free seat now.'), 'message');
	expectStatus(await post(ctx.c.provider, `/placements/${other.id}/decline`, { reason: 'Ei käy.' }), 303, 'decline other');
	expectStatus(await post(ctx.c.caseworker, `/placements/${id}/renew`, { months: '3', decision_date: t }), 303,
		'renewed when the seat is free again');
});

test('ending with an outcome: checks, then ended and gone for the provider', async (ctx) => {
	const db = ctx.stack.db;
	const t = today();
	const place = makePlace(ctx);
	const { id, cl } = await confirmed(ctx, place);
	const page = await ctx.c.caseworker.get(`/placements/${id}`);
	assert(page.text.includes('<option value="employed_open" >Employed on the open labour market</option>'),
		'translated outcome labels');
	const cases = [
		[{ end_date: addDays(t, -1), outcome: 'no_change' }, 'end_date', 'The end date cannot be before the start of the placement.'],
		[{ end_date: addDays(t, 1), outcome: 'no_change' }, 'end_date',
			'The end date cannot be in the future: record the ending when it has happened.'],
		[{ end_date: '', outcome: 'no_change' }, 'end_date', 'Write the end date.'],
		[{ end_date: t, outcome: '' }, 'outcome', 'Choose the outcome from the list.'],
		[{ end_date: t, outcome: 'fired' }, 'outcome', 'Choose the outcome from the list.'],
	];
	for (const [f, field, msg] of cases) {
		const r = await post(ctx.c.caseworker, `/placements/${id}/end`, f);
		expectStatus(r, 422, `end ${JSON.stringify(f)}`);
		eq(fieldError(r.text, field), msg, `end ${JSON.stringify(f)}: message`);
	}
	// After the current period's end (a period set in the past).
	const old = await confirmed(ctx, place);
	sql(db, `UPDATE placements SET start_date = ${q(addDays(t, -20))} WHERE id = ${old.id}; ` +
		`UPDATE placement_periods SET start_date = ${q(addDays(t, -20))}, end_date = ${q(addDays(t, -3))} WHERE placement_id = ${old.id}`);
	const after = await post(ctx.c.caseworker, `/placements/${old.id}/end`, { end_date: addDays(t, -2), outcome: 'other' });
	expectStatus(after, 422, 'after the period');
	eq(fieldError(after.text, 'end_date'), 'The end date cannot be after the end of the current decision period.', 'message');
	eq(sqlValue(db, `SELECT status FROM placements WHERE id = ${id}`), 'active', 'still active');
	const r = await post(ctx.c.caseworker, `/placements/${id}/end`, { end_date: t, outcome: 'employed_subsidy' });
	expectStatus(r, 303, 'end');
	eq(sql(db, `SELECT status, end_date, outcome FROM placements WHERE id = ${id}`)[0].join('|'),
		`ended|${t}|employed_subsidy`, 'ended row');
	expectStatus(await ctx.c.provider.get(`/placements/${id}`), 404, 'provider: ended is 404');
	expectStatus(await post(ctx.c.provider, `/placements/${id}/confirm`), 404, 'provider cannot act on it');
	assert(!(await ctx.c.provider.get('/placements')).text.includes(cl.name), 'not in the provider\'s list');
	assert(!(await ctx.c.provider.get(`/places/${place}`)).text.includes(cl.name), 'not on the place page');
	const cw = await ctx.c.caseworker.get(`/placements/${id}`);
	assert(text(cw.text).includes('Employed with pay subsidy'), 'outcome shown to the caseworker');
	expectStatus(await post(ctx.c.caseworker, `/placements/${id}/end`, { end_date: t, outcome: 'other' }), 409, 'end twice');
	const past = await ctx.c.caseworker.get('/placements?show=past');
	assert(past.text.includes(cl.name), 'in the caseworker\'s past list');
	// A proposed placement starting later ends on its start date.
	const later = await newPlacement(ctx, place, { start_date: addDays(t, 7) });
	expectStatus(await post(ctx.c.caseworker, `/placements/${later.id}/end`, { end_date: addDays(t, 7), outcome: 'own_request' }),
		303, 'end a placement that has not started');
});

test('the caseworker\'s list shows the decision periods ending within 30 days', async (ctx) => {
	const db = ctx.stack.db;
	const t = today();
	const place = makePlace(ctx);
	const soon = await confirmed(ctx, place);
	const lapsed = await confirmed(ctx, place);
	const far = await confirmed(ctx, place);
	sql(db, `UPDATE placement_periods SET end_date = ${q(addDays(t, 12))} WHERE placement_id = ${soon.id}; ` +
		`UPDATE placements SET start_date = ${q(addMonths(t, -4))} WHERE id = ${lapsed.id}; ` +
		`UPDATE placement_periods SET start_date = ${q(addMonths(t, -4))}, end_date = ${q(addDays(t, -2))} ` +
		`WHERE placement_id = ${lapsed.id}`);
	const r = await ctx.c.caseworker.get('/placements');
	expectStatus(r, 200, 'list');
	const m = /<h2>Decision periods ending within 30 days<\/h2>([\s\S]*?)<h2>/.exec(r.text);
	assert(m, 'an ending section');
	assert(m[1].includes(soon.cl.name) && m[1].includes(fiDate(addDays(t, 12))), 'ending in 12 days listed');
	assert(m[1].includes(lapsed.cl.name) && m[1].includes('The period has ended without a new decision.'), 'lapsed listed');
	assert(!m[1].includes(far.cl.name), 'a period ending in 3 months is not');
	assert(r.text.includes(far.cl.name), 'but it is in the current list');
});

test('the current list comes 100 at a time; the ending list covers every page', async (ctx) => {
	const db = ctx.stack.db;
	const t = today();
	const place = makePlace(ctx);
	const base = Number(sqlValue(db, 'SELECT max(id) FROM placements')) + 1000;
	// 150 more current placements of the caseworker's organisation, one
	// whose period ends in 5 days and sorts last by name.
	const rows = [];
	for (let i = 0; i < 150; i++)
		rows.push(`(${base + i}, 'PG${1000 + i}', 'Zz Sivutettu ${String(i).padStart(3, '0')}', ${place}, ${ctx.contract}, 2, 3, (SELECT org_id FROM users WHERE id = 3), ${q(t)}, 31, 5, 'active', unixepoch())`);
	sql(db, 'INSERT INTO placements(id, client_ref, client_name, place_id, contract_id, org_id, caseworker_id, caseworker_org_id, start_date, weekdays, hours_per_day, status, created_at) VALUES ' + rows.join(', ') + '; ' +
		`INSERT INTO placement_periods(placement_id, start_date, end_date, decision_date, months, created_by, created_at) SELECT id, ${q(t)}, CASE id WHEN ${base + 149} THEN ${q(addDays(t, 5))} ELSE ${q(addMonths(t, 6))} END, ${q(t)}, 6, 3, unixepoch() FROM placements WHERE id >= ${base}`);
	const total = Number(sqlValue(db, "SELECT count(*) FROM placements WHERE status IN ('proposed', 'active') AND caseworker_org_id = (SELECT org_id FROM users WHERE id = 3)"));
	const count = (html) => (html.match(/<tr><td><a href="\/placements\/\d+">/g) || []).length;
	const p1 = await ctx.c.caseworker.get('/placements');
	expectStatus(p1, 200, 'page 1');
	const m = /<h2>Decision periods ending within 30 days<\/h2>([\s\S]*?)<h2>/.exec(p1.text);
	assert(m && m[1].includes('Zz Sivutettu 149'), 'an ending period from a later page is listed');
	const list1 = p1.text.slice(p1.text.indexOf('<h2>Current placements</h2>'));
	eq(count(list1), 100, 'rows on page 1');
	assert(list1.includes('href="/placements?page=2"') && !list1.includes('rel="prev"'), 'a next link only');
	const p2 = await ctx.c.caseworker.get('/placements?page=2');
	expectStatus(p2, 200, 'page 2');
	const list2 = p2.text.slice(p2.text.indexOf('<h2>Current placements</h2>'));
	eq(count(list2), Math.min(100, total - 100), 'rows on page 2');
	assert(list2.includes('href="/placements?page=1"'), 'a previous link');
	assert(list2.includes(`${101}–${100 + Math.min(100, total - 100)}`), 'the rows shown');
	for (const bad of ['0', 'x', '-1', '1e3'])
		expectStatus(await ctx.c.caseworker.get(`/placements?page=${bad}`), 400, `page ${bad}`);
	expectStatus(await ctx.c.caseworker.get('/placements?page=99'), 404, 'past the last page');
	// Leave the scenario as it was for the tests after this one.
	sql(db, `DELETE FROM placement_periods WHERE placement_id >= ${base}; DELETE FROM placements WHERE id >= ${base}`);
});

test('who sees what: other provider, other caseworker organisation, admin, officer, finance', async (ctx) => {
	const place = makePlace(ctx);
	const { id, cl } = await newPlacement(ctx, place);
	const k = ctx.c.kierratys;
	expectStatus(await k.get(`/placements/${id}`), 404, 'kierratys: org 2\'s placement');
	expectStatus(await post(k, `/placements/${id}/confirm`), 404, 'kierratys confirm');
	expectStatus(await post(k, `/placements/${id}/decline`, { reason: 'x' }), 404, 'kierratys decline');
	const kl = await k.get('/placements');
	expectStatus(kl, 200, 'kierratys list');
	assert(!kl.text.includes(cl.name), 'not in kierratys\'s list');
	// Kierrätys's own place and client: org 2 does not see it.
	const kplace = makePlace(ctx, { contract: ctx.kContract, org: 3 });
	// Its client carries no marker: Kierrätys may see this one.
	const kp = await newPlacement(ctx, kplace, {}, ctx.c.caseworker, { ref: 'KIERTO1', name: 'Kierron Oma Asiakas' });
	assert((await k.get('/placements')).text.includes('Kierron Oma Asiakas'), 'kierratys sees its own client');
	expectStatus(await k.get(`/placements/${kp.id}`), 200, 'kierratys: own placement');
	expectStatus(await ctx.c.provider.get(`/placements/${kp.id}`), 404, 'provider: org 3\'s placement');
	// A caseworker of another buyer organisation.
	const o = ctx.c.othercw;
	expectStatus(await o.get(`/placements/${id}`), 404, 'other caseworker org: 404');
	expectStatus(await post(o, `/placements/${id}/end`, { end_date: today(), outcome: 'other' }), 404, 'other org end');
	expectStatus(await post(o, `/placements/${id}/renew`, { months: '3', decision_date: today() }), 404, 'other org renew');
	const ol = await o.get('/placements');
	expectStatus(ol, 200, 'other org list');
	assert(!ol.text.includes(MARK_NAME) && !ol.text.includes(MARK_REF), 'no clients of org 1');
	const op = await o.get(`/places/${place}`);
	assert(!op.text.includes(MARK_NAME), 'no client names on the place page for another org');
	// The second caseworker of org 1 sees and acts.
	expectStatus(await ctx.c.caseworker2.get(`/placements/${id}`), 200, 'colleague');
	// Admin sees everything.
	expectStatus(await ctx.c.admin.get(`/placements/${id}`), 200, 'admin page');
	assert((await ctx.c.admin.get('/placements')).text.includes(cl.name), 'admin list');
	// Officer and finance: no placements at all.
	expectStatus(await ctx.c.finance.get('/placements'), 403, 'finance list');
	expectStatus(await ctx.c.finance.get(`/placements/${id}`), 403, 'finance page');
	expectStatus(await ctx.c.officer.get('/placements'), 403, 'officer list');
	expectStatus(await ctx.c.officer.get(`/placements/${id}`), 403, 'officer page');
	expectStatus(await ctx.c.officer.get(`/placements/new?place=${place}`), 403, 'officer new');
	const offPlace = await ctx.c.officer.get(`/places/${place}`);
	expectStatus(offPlace, 200, 'officer place page');
	assert(/Free seats/.test(offPlace.text) && !offPlace.text.includes('Place a client here'), 'seats, no link');
	const cwPlace = await ctx.c.caseworker.get(`/places/${place}`);
	assert(cwPlace.text.includes(`href="/placements/new?place=${place}"`) && cwPlace.text.includes(cl.name),
		'caseworker: the link and its own clients');
	const full = makePlace(ctx, { capacity: 1 });
	await newPlacement(ctx, full);
	assert(!(await ctx.c.caseworker.get(`/places/${full}`)).text.includes('Place a client here'), 'no link when full');
	// Others browse around: places, searches, notifications, home.
	for (const c of [k, ctx.c.officer, ctx.c.finance])
		for (const p of ['/', '/places', `/places/${place}`, `/places/${kplace}`, '/placements', '/notifications',
			`/placements/${kp.id}`, `/placements/${id}`])
			await c.get(p);
});

test('views of client data write placement.view audit rows', async (ctx) => {
	const db = ctx.stack.db;
	const place = makePlace(ctx);
	const { id } = await newPlacement(ctx, place);
	let mark = auditMark(db);
	await ctx.c.caseworker.get(`/placements/${id}`);
	let rows = auditSince(db, mark, 'placement.view');
	eq(rows.map((x) => x.slice(0, 2).join(' ')).join(','), `caseworker placement:${id}`, 'detail view');
	mark = auditMark(db);
	await ctx.c.provider.get('/placements');
	rows = auditSince(db, mark, 'placement.view');
	eq(rows.map((x) => x.slice(0, 2).join(' ')).join(','), 'provider placements:list', 'list view');
	mark = auditMark(db);
	await ctx.c.provider.get(`/places/${place}`);
	rows = auditSince(db, mark, 'placement.view');
	eq(rows.length, 1, 'place page with client names');
	eq(rows[0][1], 'placements:list', 'place page object');
	assert(rows[0][2].includes(`place:${place}`), 'place page details');
	mark = auditMark(db);
	await ctx.c.admin.get(`/placements/${id}`);
	await ctx.c.caseworker.get('/placements?show=past');
	rows = auditSince(db, mark, 'placement.view');
	eq(rows.map((x) => x.slice(0, 2).join(' ')).join(','), `admin placement:${id},caseworker placements:list`, 'admin and past');
	// The audit rows carry no client data.
	const leak = sqlValue(db, `SELECT count(*) FROM audit_log WHERE details LIKE '%${MARK_NAME}%' OR details LIKE '%${MARK_REF}%' ` +
		`OR object LIKE '%${MARK_REF}%'`);
	eq(leak, '0', 'no client data in the audit log');
});

test('each placement\'s seat_end is the end of its latest period (migration 0014 triggers)', async (ctx) => {
	const off = () => sqlValue(ctx.stack.db, 'SELECT count(*) FROM placements p WHERE p.seat_end IS NOT ' +
		'(SELECT max(end_date) FROM placement_periods WHERE placement_id = p.id)');
	eq(off(), '0', 'after this suite\'s placements and renewals');
	const [pl, end] = sql(ctx.stack.db, 'SELECT placement_id, max(end_date) FROM placement_periods ' +
		'GROUP BY placement_id ORDER BY placement_id LIMIT 1')[0];
	sql(ctx.stack.db, 'INSERT INTO placement_periods(placement_id, start_date, end_date, decision_date, months, ' +
		`created_by, created_at) VALUES (${pl}, '2099-01-01', '2099-03-31', '2099-01-01', 3, 1, 0);`);
	const last = sqlValue(ctx.stack.db, 'SELECT max(id) FROM placement_periods');
	eq(sqlValue(ctx.stack.db, `SELECT seat_end FROM placements WHERE id = ${pl}`), '2099-03-31', 'an added period');
	sql(ctx.stack.db, `UPDATE placement_periods SET end_date = '2099-02-28' WHERE id = ${last}`);
	eq(sqlValue(ctx.stack.db, `SELECT seat_end FROM placements WHERE id = ${pl}`), '2099-02-28', 'a changed period');
	sql(ctx.stack.db, `DELETE FROM placement_periods WHERE id = ${last}`);
	eq(sqlValue(ctx.stack.db, `SELECT seat_end FROM placements WHERE id = ${pl}`), end, 'a removed period');
	eq(off(), '0', 'afterwards');
});

test('no client name or number ever reached kierratys, officer or finance', async (ctx) => {
	for (const u of ['kierratys', 'officer', 'finance']) {
		const c = ctx.c[u];
		assert(c.seen.length > 5, `${u}: made requests`);
		for (const s of c.seen) {
			assert(!s.text.includes(MARK_NAME) && !s.text.includes(MARK_REF), `${u}: ${s.what} shows client data`);
		}
	}
});

// --- main --------------------------------------------------------------------------------

async function setup(ctx) {
	const db = ctx.stack.db;
	const t = today();
	paikkactl(ctx, ['clock', '0']);
	ctx.contract = makeContract(db, { start: addMonths(t, -12), end: addMonths(t, 36) });
	ctx.futureContract = makeContract(db, { start: addDays(t, 60), end: addMonths(t, 36) });
	ctx.endedContract = makeContract(db, { start: addMonths(t, -24), end: addDays(t, -1), status: 'ended' });
	ctx.shortContract = makeContract(db, { start: addMonths(t, -12), end: addDays(t, 10) });
	ctx.kContract = makeContract(db, { org: 3, start: addMonths(t, -12), end: addMonths(t, 36) });
	paikkactl(ctx, ['adduser', 'caseworker2', 'caseworker', 'Kalle Kollega', '1'], `${PASSWORD}\n`);
	sql(db, "INSERT INTO organisations(id, kind, name, ytunnus, status, created_at, approved_at) VALUES " +
		"(90, 'buyer', 'Toinen hyvinvointialue', '0000000-0', 'approved', unixepoch(), unixepoch())");
	paikkactl(ctx, ['adduser', 'othercw', 'caseworker', 'Olli Toinen', '90'], `${PASSWORD}\n`);
	for (const u of ['caseworker', 'caseworker2', 'provider', 'admin', 'othercw'])
		ctx.c[u] = await loginAs(ctx, u);
	for (const u of ['kierratys', 'officer', 'finance'])
		ctx.c[u] = await loginAs(ctx, u, Recorder);
}

async function main() {
	let passed = 0, failed = 0;
	const ctx = { c: {} };
	let stack;
	try {
		stack = await startStack('placements');
		ctx.stack = stack;
		await setup(ctx);
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
