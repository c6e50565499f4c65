// Framework contracts through the real stack: the demo's awarded tender 3
// (lot 11 at the fixed 10,09 €, lot 12 at bid prices) becomes contracts in
// one step per lot; a contract is signed, made active, extended, ended or
// terminated (its places closing with it); a direct award needs its
// justification; every form answers bad input with 422 and its message;
// providers see their own contracts only; caseworkers, finance and
// administrators read but cannot change; anonymous users are sent to log
// in; every change leaves an audit row.
// Usage: B=build node tests/stack/contracts.mjs
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
	ROOT, B, assert, eq, startStack, stopStack, sql, sqlValue, q, auditMark, auditSince,
	Client, loginClient, formHidden, fieldError, registry, unescapeHtml,
} from './lib.mjs';

// This suite builds its own scenario on the demo story as it stood before
// its later layers (sql/demo-N-*.sql): load only the first 1 of them.
process.env.PAIKKA_DEMO_LAYERS ??= '1';

const { test, run } = registry();
const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;
const USERS = ['officer', 'admin', 'caseworker', 'finance', 'provider', 'diakonia', 'kierratys'];
const STEPS = ['sign', 'activate', 'extend', 'end', 'terminate'];

// --- helpers -----------------------------------------------------------------

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
	eq(r.status, want, `${what}: status`);
}

// Today and other days in Helsinki, as "YYYY-MM-DD" and as typed "D.M.YYYY".
const HEL = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
const todayIso = () => HEL.format(new Date());
const isoAdd = (iso, n) => new Date(Date.parse(iso + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10);
const typed = (iso) => `${Number(iso.slice(8))}.${Number(iso.slice(5, 7))}.${iso.slice(0, 4)}`;

// The session's csrf token (from the logout form) and a fresh nonce.
async function tokens(c) {
	const r = await c.get('/');
	const m = /name="csrf" value="([^"]*)"/.exec(r.text);
	assert(m, 'no csrf token on /');
	return { csrf: unescapeHtml(m[1]), nonce: hex() };
}

async function post(c, p, fields = {}) {
	const t = await tokens(c);
	const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
	return c.post(p, [['csrf', t.csrf], ['nonce', t.nonce], ...pairs]);
}

// POSTs the form with this action on page p: its hidden fields and pairs.
async function submit(c, p, action, fields = {}) {
	const r = await c.get(p);
	expectStatus(r, 200, `GET ${p}`);
	const hidden = formHidden(r.text, action);
	const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
	return c.post(action, [...Object.entries(hidden), ...pairs]);
}

function count(db, table, where = '1') {
	return Number(sqlValue(db, `SELECT count(*) FROM ${table} WHERE ${where}`));
}

function contractOf(db, lot, org) {
	return Number(sqlValue(db, `SELECT id FROM contracts WHERE lot_id = ${lot} AND org_id = ${org}`));
}

function statusOf(db, id) {
	return sqlValue(db, `SELECT status FROM contracts WHERE id = ${id}`);
}

// The ids of the contracts linked from a list page.
function listedIds(html) {
	return [...mainText(html).matchAll(/<a href="\/contracts\/(\d+)">/g)].map((m) => Number(m[1]));
}

function legendError(html) {
	const m = /<legend>[^<]*<span class="error">([^<]*)<\/span>/.exec(html);
	return m ? unescapeHtml(m[1]) : undefined;
}

let placeSeq = 0;
// Inserts a place under contract id (status open unless given); its id.
function insertPlace(db, id, status = 'open') {
	placeSeq++;
	return Number(sqlValue(db, `INSERT INTO places(contract_id, org_id, title, municipality_id,
		service_type_id, form, weekdays, hours_min, hours_max, capacity, status, created_at, updated_at)
		SELECT id, org_id, 'Testipaikka ${placeSeq}', (SELECT id FROM municipalities WHERE name_fi = 'Joensuu'),
		service_type_id, form, 31, 4, 6, 3, ${q(status)}, unixepoch(), unixepoch() FROM contracts WHERE id = ${id}
		RETURNING id`));
}

function muniId(db, name) {
	return sqlValue(db, `SELECT id FROM municipalities WHERE name_fi = ${q(name)}`);
}

// A complete direct-award form as pairs; over replaces fields (null drops
// one); over.municipality is an id, a list of ids, or null for none.
function directForm(db, over = {}) {
	const f = {
		org: '3', service_type: '1', form: 'group', daily_price: '11,50',
		start_date: '1.1.2026', end_date: '31.10.2026', capacity: '5',
		extension_options: '', justification: 'Ainoa palveluntuottaja Kiteellä; kiireellinen tarve.',
		...over,
	};
	const munis = 'municipality' in over ? over.municipality : muniId(db, 'Kitee');
	delete f.municipality;
	const pairs = Object.entries(f).filter(([, v]) => v !== null);
	if (munis !== null) for (const m of [].concat(munis)) pairs.push(['municipality', m]);
	return pairs;
}

function expectAudit(db, mark, action, n, what) {
	const rows = auditSince(db, mark, action);
	eq(rows.length, n, `${what}: audit rows ${action}`);
	return rows;
}

// --- creating contracts from awarded lots --------------------------------------

test('the officer sees lots 11 and 12 of tender 3 ready for contracts', async (ctx) => {
	const r = await ctx.c.officer.get('/contracts/awarded');
	expectStatus(r, 200, 'GET /contracts/awarded');
	formHidden(r.text, '/contracts/awarded/11');
	formHidden(r.text, '/contracts/awarded/12');
	const t = text(r.text);
	for (const s of ['Kiteen Kierrätysosuuskunta', 'Puutyöpaja Kanerva ry', 'Lieksan Diakoniasäätiö sr',
		'€24.50', '€28.90', '€10.09', 'Create the contracts of lot 1 (3)', 'Create the contracts of lot 2 (2)'])
		assert(t.includes(s), `awarded page shows ${s}`);
	const fi = await ctx.c.officerFi.get('/contracts/awarded');
	assert(text(fi.text).includes('24,50 €') && text(fi.text).includes('10,09 €'), 'Finnish money format');
	for (const u of ['admin', 'caseworker', 'finance', 'provider'])
		expectStatus(await ctx.c[u].get('/contracts/awarded'), 403, `${u} GET /contracts/awarded`);
});

test('creating contracts is refused during the standstill period, for unknown and unawarded lots', async (ctx) => {
	const { db } = ctx.stack;
	const old = sqlValue(db, 'SELECT standstill_end FROM award_decisions WHERE tender_id = 3');
	sql(db, `UPDATE award_decisions SET standstill_end = ${q(isoAdd(todayIso(), 3))} WHERE tender_id = 3`);
	try {
		const page = await ctx.c.officer.get('/contracts/awarded');
		assert(!page.text.includes('action="/contracts/awarded/11"'), 'no create button during standstill');
		assert(text(page.text).includes('In the standstill period'), 'lot listed as waiting');
		const r = await post(ctx.c.officer, '/contracts/awarded/11');
		expectStatus(r, 409, 'create during standstill');
		assert(text(r.text).includes('standstill period of this lot ends on'), 'standstill message');
		eq(count(db, 'contracts'), 0, 'no contract created');
	} finally {
		sql(db, `UPDATE award_decisions SET standstill_end = ${q(old)} WHERE tender_id = 3`);
	}
	expectStatus(await post(ctx.c.officer, '/contracts/awarded/999999'), 404, 'unknown lot');
	const un = await post(ctx.c.officer, '/contracts/awarded/1');
	expectStatus(un, 409, 'lot of an unawarded tender');
	assert(text(un.text).includes('no published award decision'), 'unawarded message');
	eq(count(db, 'contracts'), 0, 'still no contract');
});

test("creating lot 12's contracts makes two drafts with the bid prices and ranks", async (ctx) => {
	const { db } = ctx.stack;
	const mark = auditMark(db);
	const r = await submit(ctx.c.officer, '/contracts/awarded', '/contracts/awarded/12');
	expectStatus(r, 303, 'create lot 12');
	eq(r.location, '/contracts/awarded?msg=created', 'Location');
	const rows = sql(db, `SELECT org_id, ranking, daily_price_cents, capacity, status, tender_id,
		submission_id, service_type_id, form, start_date, end_date, extension_options, direct_award,
		(SELECT group_concat(m.name_fi, ',') FROM (SELECT m.name_fi FROM contract_municipalities cm
		 JOIN municipalities m ON m.id = cm.municipality_id WHERE cm.contract_id = c.id ORDER BY m.name_fi) m)
		FROM contracts c WHERE lot_id = 12 ORDER BY ranking`);
	eq(JSON.stringify(rows), JSON.stringify([
		['2', '1', '2450', '4', 'draft', '3', '401', '2', 'individual', '2026-01-01', '2026-12-31', '1 vuosi', '0', 'Joensuu,Lieksa'],
		['4', '2', '2890', '3', 'draft', '3', '402', '2', 'individual', '2026-01-01', '2026-12-31', '1 vuosi', '0', 'Joensuu,Lieksa'],
	]), 'lot 12 contracts');
	const audits = expectAudit(db, mark, 'contract.create', 2, 'create lot 12');
	assert(audits.every(([actor]) => actor === 'officer'), 'audit actor');
	assert(audits[0][2].includes('lot=12') && audits[0][2].includes('price=2450'), `audit details ${audits[0][2]}`);
	eq(count(db, 'notifications', `org_id IN (2, 4) AND link LIKE '/contracts/%'`), 2, 'providers notified');
	const page = await ctx.c.officer.get('/contracts/awarded');
	assert(!page.text.includes('action="/contracts/awarded/12"'), 'lot 12 no longer has a button');
	assert(page.text.includes(`href="/contracts/${contractOf(db, 12, 2)}"`), 'done lot links its contracts');
});

test('a second create of lot 12 answers 409 and duplicates nothing', async (ctx) => {
	const { db } = ctx.stack;
	const mark = auditMark(db);
	const r = await post(ctx.c.officer, '/contracts/awarded/12');
	expectStatus(r, 409, 'second create');
	assert(text(r.text).includes('have been created already'), 'already-created message');
	eq(count(db, 'contracts', 'lot_id = 12'), 2, 'still two contracts');
	eq(count(db, 'contract_municipalities', 'contract_id IN (SELECT id FROM contracts WHERE lot_id = 12)'), 4,
		'municipalities not duplicated');
	expectAudit(db, mark, 'contract.create', 0, 'second create');
});

test("creating lot 11's contracts makes three at the fixed 10,09 €", async (ctx) => {
	const { db } = ctx.stack;
	const r = await submit(ctx.c.officer, '/contracts/awarded', '/contracts/awarded/11');
	expectStatus(r, 303, 'create lot 11');
	const rows = sql(db, `SELECT org_id, ranking, daily_price_cents, capacity, status, service_type_id, form
		FROM contracts WHERE lot_id = 11 ORDER BY ranking`);
	eq(JSON.stringify(rows), JSON.stringify([
		['3', '1', '1009', '10', 'draft', '1', 'both'],
		['2', '2', '1009', '8', 'draft', '1', 'both'],
		['4', '3', '1009', '6', 'draft', '1', 'both'],
	]), 'lot 11 contracts');
	eq(count(db, 'contract_municipalities', 'contract_id IN (SELECT id FROM contracts WHERE lot_id = 11)'), 15,
		'five municipalities each');
	const again = await post(ctx.c.officer, '/contracts/awarded/11');
	expectStatus(again, 409, 'second create of lot 11');
	eq(count(db, 'contracts', 'lot_id = 11'), 3, 'still three');
	const fi = await ctx.c.officerFi.get('/contracts');
	assert(text(fi.text).includes('10,09 €') && text(fi.text).includes('28,90 €'), 'list in Finnish money');
});

test('the list filters by status and provider', async (ctx) => {
	const { db } = ctx.stack;
	const all = await ctx.c.officer.get('/contracts');
	expectStatus(all, 200, 'list');
	eq(listedIds(all.text).length, count(db, 'contracts'), 'all contracts listed');
	const drafts = await ctx.c.officer.get('/contracts?status=draft');
	eq(listedIds(drafts.text).length, count(db, 'contracts', "status = 'draft'"), 'drafts');
	const org2 = await ctx.c.officer.get('/contracts?provider=2');
	const ids = listedIds(org2.text);
	eq(ids.length, 2, 'org 2 has two contracts');
	for (const id of ids) eq(sqlValue(db, `SELECT org_id FROM contracts WHERE id = ${id}`), '2', `contract ${id} org`);
	assert(/<option value="2" selected>/.test(org2.text), 'provider filter keeps its choice');
	const none = await ctx.c.officer.get('/contracts?status=active&provider=3');
	expectStatus(none, 200, 'empty filter');
	assert(text(none.text).includes('No contract matches the filter.'), 'empty message');
	for (const bad of ['?status=xyz&provider=abc', '?provider=-1', '?provider=99999999999999999999', '?status='])
		expectStatus(await ctx.c.officer.get('/contracts' + bad), 200, `list ${bad}`);
});

test('the contract page shows its terms, places, placements and realised days', async (ctx) => {
	const { db } = ctx.stack;
	const id = contractOf(db, 12, 2);
	const r = await ctx.c.officer.get(`/contracts/${id}`);
	expectStatus(r, 200, 'contract page');
	const t = text(r.text);
	for (const s of ['Puutyöpaja Kanerva ry', '€24.50', 'Joensuu, Lieksa', '01.01.2026 – 31.12.2026',
		'Rank in the framework 1', 'Capacity offered 4', '1 vuosi', 'Draft', 'Clients placed now 0',
		'Realised days to date 0', 'No places have been listed'])
		assert(t.includes(s), `contract page shows ${s}`);
	for (const step of ['sign', 'terminate']) formHidden(r.text, `/contracts/${id}/${step}`);
	for (const step of ['activate', 'extend', 'end'])
		assert(!r.text.includes(`action="/contracts/${id}/${step}"`), `no ${step} form on a draft`);
	expectStatus(await ctx.c.officer.get('/contracts/999999'), 404, 'unknown contract');
	// Realised days count the present days recorded for the contract's
	// placements up to today: absent days and future days do not count.
	sql(db, `INSERT INTO places(id, contract_id, org_id, title, municipality_id, service_type_id,
		form, weekdays, hours_min, hours_max, capacity, created_at, updated_at)
		VALUES (9001, ${id}, 2, 'Realised-days place', 1, 2, 'individual', 31, 4, 6, 2, 0, 0)`);
	sql(db, `INSERT INTO placements(id, client_ref, client_name, place_id, contract_id, org_id,
		caseworker_id, caseworker_org_id, start_date, weekdays, hours_per_day, status, created_at)
		VALUES (9001, 'RD9001', 'Realised Days', 9001, ${id}, 2, 3, 1, '2026-01-05', 1, 4, 'active', 0)`);
	sql(db, `INSERT INTO attendance(placement_id, day, status, recorded_by, recorded_at) VALUES
		(9001, '2026-01-05', 'present', 5, 0), (9001, '2026-01-12', 'present', 5, 0),
		(9001, '2026-01-19', 'absent_sick', 5, 0), (9001, '2999-01-01', 'present', 5, 0)`);
	const again = text((await ctx.c.officer.get(`/contracts/${id}`)).text);
	assert(again.includes('Realised days to date 2'), 'realised days count present days to date');
	sql(db, 'DELETE FROM attendance WHERE placement_id = 9001');
	sql(db, 'DELETE FROM placements WHERE id = 9001');
	sql(db, 'DELETE FROM places WHERE id = 9001');
});

// --- the life of a contract ------------------------------------------------------

test('signing needs a date and a signer (422), then the contract is signed', async (ctx) => {
	const { db } = ctx.stack;
	const id = contractOf(db, 12, 2);
	const page = `/contracts/${id}`;
	const mark = auditMark(db);
	let r = await submit(ctx.c.officer, page, `${page}/sign`, { signed_date: '', signer_name: '' });
	expectStatus(r, 422, 'sign without date and signer');
	eq(fieldError(r.text, 'signed_date'), 'Write the date of signing.', 'date error');
	assert(fieldError(r.text, 'signer_name'), 'signer error');
	for (const [date, want] of [['31.2.2026', 'Write a date like 22.11.2026.'], ['abc', 'Write a date like 22.11.2026.'],
		[typed(isoAdd(todayIso(), 1)), 'The date of signing cannot be in the future.']]) {
		r = await submit(ctx.c.officer, page, `${page}/sign`, { signed_date: date, signer_name: 'Pekka Puusepp' });
		expectStatus(r, 422, `sign on ${date}`);
		eq(fieldError(r.text, 'signed_date'), want, `error for ${date}`);
		assert(r.text.includes('value="Pekka Puusepp"'), 'signer kept');
	}
	r = await submit(ctx.c.officer, page, `${page}/sign`, { signed_date: 'x'.repeat(20), signer_name: 'a\nb' });
	expectStatus(r, 422, 'sign with junk');
	eq(statusOf(db, id), 'draft', 'still a draft');
	expectAudit(db, mark, 'contract.sign', 0, 'failed signing');
	r = await submit(ctx.c.officer, page, `${page}/sign`, { signed_date: '1.11.2026', signer_name: 'Pekka Puusepp' });
	expectStatus(r, 303, 'sign');
	eq(r.location, `${page}?msg=saved`, 'Location');
	eq(JSON.stringify(sql(db, `SELECT status, signed_date, signer_name, signed_by FROM contracts WHERE id = ${id}`)[0]),
		JSON.stringify(['signed', '2026-11-01', 'Pekka Puusepp', sqlValue(db, "SELECT id FROM users WHERE username = 'officer'")]),
		'signed row');
	const a = expectAudit(db, mark, 'contract.sign', 1, 'sign');
	eq(a[0][1], `contract:${id}`, 'audit object');
	const again = await post(ctx.c.officer, `${page}/sign`, { signed_date: '1.11.2026', signer_name: 'X' });
	expectStatus(again, 409, 'sign twice');
	assert(text(again.text).includes('Only a draft contract can be signed.'), 'sign twice message');
	assert(text((await ctx.c.officer.get(page)).text).includes('01.11.2026 · Pekka Puusepp'), 'signing shown');
});

test('activating: only a signed contract, then it is active', async (ctx) => {
	const { db } = ctx.stack;
	const id = contractOf(db, 12, 2);
	const draft = contractOf(db, 12, 4);
	const mark = auditMark(db);
	const r0 = await post(ctx.c.officer, `/contracts/${draft}/activate`);
	expectStatus(r0, 409, 'activate a draft');
	assert(text(r0.text).includes('Only a signed contract can be made active.'), 'message');
	eq(statusOf(db, draft), 'draft', 'draft untouched');
	const r = await submit(ctx.c.officer, `/contracts/${id}`, `/contracts/${id}/activate`);
	expectStatus(r, 303, 'activate');
	eq(statusOf(db, id), 'active', 'active');
	assert(Number(sqlValue(db, `SELECT activated_at FROM contracts WHERE id = ${id}`)) > 0, 'activated_at');
	expectAudit(db, mark, 'contract.activate', 1, 'activate');
	expectStatus(await post(ctx.c.officer, `/contracts/${id}/activate`), 409, 'activate twice');
});

test('extending: an earlier or bad date is 422; a later one moves the end and keeps history', async (ctx) => {
	const { db } = ctx.stack;
	const id = contractOf(db, 12, 2);
	const page = `/contracts/${id}`;
	const mark = auditMark(db);
	for (const [date, want] of [
		['30.6.2026', 'The new end date must be after the current end date, 31.12.2026.'],
		['31.12.2026', 'The new end date must be after the current end date, 31.12.2026.'],
		['abc', 'Write a date like 31.12.2027.'], ['-1', 'Write a date like 31.12.2027.'],
		['', 'Write the new end date.']]) {
		const r = await submit(ctx.c.officer, page, `${page}/extend`, { new_end_date: date });
		expectStatus(r, 422, `extend to ${JSON.stringify(date)}`);
		eq(fieldError(r.text, 'new_end_date'), want, `error for ${date}`);
	}
	eq(sqlValue(db, `SELECT end_date FROM contracts WHERE id = ${id}`), '2026-12-31', 'end unchanged');
	eq(count(db, 'contract_extensions'), 0, 'no history yet');
	let r = await submit(ctx.c.officer, page, `${page}/extend`, { new_end_date: '31.12.2027' });
	expectStatus(r, 303, 'extend');
	r = await submit(ctx.c.officer, page, `${page}/extend`, { new_end_date: '2028-06-30' });
	expectStatus(r, 303, 'extend again');
	eq(sqlValue(db, `SELECT end_date FROM contracts WHERE id = ${id}`), '2028-06-30', 'end moved');
	eq(JSON.stringify(sql(db, `SELECT old_end_date, new_end_date, used_by FROM contract_extensions
		WHERE contract_id = ${id} ORDER BY id`)), JSON.stringify([
		['2026-12-31', '2027-12-31', sqlValue(db, "SELECT id FROM users WHERE username = 'officer'")],
		['2027-12-31', '2028-06-30', sqlValue(db, "SELECT id FROM users WHERE username = 'officer'")]]), 'history');
	const a = expectAudit(db, mark, 'contract.extend', 2, 'extend');
	eq(a[0][2], 'end_date 2026-12-31 -> 2027-12-31', 'audit details');
	const t = text((await ctx.c.officer.get(page)).text);
	assert(t.includes('31.12.2026 31.12.2027') && t.includes('01.01.2026 – 30.06.2028'), 'history and period shown');
	expectStatus(await post(ctx.c.officer, `/contracts/${contractOf(db, 12, 4)}/extend`,
		{ new_end_date: '31.12.2027' }), 409, 'extend a draft');
});

test('ending before the last day is refused; terminating needs a reason and closes the places', async (ctx) => {
	const { db } = ctx.stack;
	const id = contractOf(db, 12, 2);
	const other = contractOf(db, 11, 2);
	const page = `/contracts/${id}`;
	const p1 = insertPlace(db, id, 'open');
	const p2 = insertPlace(db, id, 'paused');
	const p3 = insertPlace(db, other, 'open');
	// An active placement in the first place: the page counts it, names nobody.
	sql(db, `INSERT INTO placements(client_ref, client_name, place_id, contract_id, org_id, caseworker_id,
		caseworker_org_id, start_date, weekdays, hours_per_day, status, created_at)
		VALUES ('AS12345', 'Matti Asiakas', ${p1}, ${id}, 2,
		(SELECT id FROM users WHERE username = 'caseworker'), 1, '2026-11-01', 7, 4, 'active', unixepoch())`);
	for (const u of ['officer', 'caseworker', 'provider']) {
		const r = await ctx.c[u].get(page);
		const t = text(r.text);
		assert(t.includes('Clients placed now 1'), `${u} sees the count`);
		assert(!t.includes('Matti Asiakas') && !t.includes('AS12345'), `${u} sees no client data`);
		assert(t.includes('Testipaikka') && t.includes('Paused'), `${u} sees the places`);
	}
	const mark = auditMark(db);
	const end = await post(ctx.c.officer, `${page}/end`);
	expectStatus(end, 409, 'end before the last day');
	assert(text(end.text).includes('The contract period runs until 30.06.2028'), 'end message');
	for (const reason of ['', '   ', 'x'.repeat(2001)]) {
		const r = await submit(ctx.c.officer, page, `${page}/terminate`, { termination_reason: reason });
		expectStatus(r, 422, `terminate with ${reason.length} characters`);
		assert(fieldError(r.text, 'termination_reason').startsWith('Write the reason for the termination'), 'reason error');
	}
	eq(statusOf(db, id), 'active', 'still active');
	eq(count(db, 'places', `contract_id = ${id} AND status = 'closed'`), 0, 'no place closed yet');
	const reason = 'Palveluntuottaja lopetti toimintansa.';
	const r = await submit(ctx.c.officer, page, `${page}/terminate`, { termination_reason: reason });
	expectStatus(r, 303, 'terminate');
	eq(JSON.stringify(sql(db, `SELECT status, termination_reason, ended_at > 0 FROM contracts WHERE id = ${id}`)[0]),
		JSON.stringify(['terminated', reason, '1']), 'terminated row');
	eq(sqlValue(db, `SELECT group_concat(status) FROM places WHERE id IN (${p1}, ${p2})`), 'closed,closed', 'places closed');
	eq(sqlValue(db, `SELECT status FROM places WHERE id = ${p3}`), 'open', "another contract's place stays open");
	const a = expectAudit(db, mark, 'contract.terminate', 1, 'terminate');
	assert(a[0][2].startsWith('places_closed=2 '), `audit details ${a[0][2]}`);
	eq(count(db, 'notifications', "org_id = 2 AND text_en LIKE '%has been terminated%'"), 1, 'provider notified');
	const t = text((await ctx.c.officer.get(page)).text);
	assert(t.includes(reason) && t.includes('Terminated'), 'page shows the termination');
	for (const step of STEPS)
		expectStatus(await post(ctx.c.officer, `${page}/${step}`,
			{ signed_date: '1.11.2026', signer_name: 'X', new_end_date: '31.12.2030', termination_reason: 'x' }),
		409, `${step} after termination`);
	eq(statusOf(db, id), 'terminated', 'still terminated');
});

test('a draft can be terminated too', async (ctx) => {
	const { db } = ctx.stack;
	const id = contractOf(db, 12, 4);
	const r = await submit(ctx.c.officer, `/contracts/${id}`, `/contracts/${id}/terminate`,
		{ termination_reason: 'Palveluntuottaja ei allekirjoittanut sopimusta.' });
	expectStatus(r, 303, 'terminate a draft');
	eq(statusOf(db, id), 'terminated', 'terminated');
});

// --- direct awards -----------------------------------------------------------------

test('a direct award needs its justification (422), then it is created', async (ctx) => {
	const { db } = ctx.stack;
	const before = count(db, 'contracts');
	const mark = auditMark(db);
	let r = await submit(ctx.c.officer, '/contracts/new', '/contracts/new', directForm(db, { justification: '' }));
	expectStatus(r, 422, 'without justification');
	assert(fieldError(r.text, 'justification').startsWith('Write why the contract is awarded directly'), 'message');
	assert(r.text.includes('value="11,50"'), 'typed price kept');
	assert(new RegExp(`id="m${muniId(db, 'Kitee')}"[^>]*checked`).test(r.text), 'checked municipality kept');
	r = await submit(ctx.c.officer, '/contracts/new', '/contracts/new', directForm(db, { justification: ' \n ' }));
	expectStatus(r, 422, 'blank justification');
	eq(count(db, 'contracts'), before, 'nothing created');
	r = await submit(ctx.c.officer, '/contracts/new', '/contracts/new', directForm(db, {
		municipality: [muniId(db, 'Kitee'), muniId(db, 'Tohmajärvi')], extension_options: '1 + 1 vuotta' }));
	expectStatus(r, 303, 'direct award');
	const m = /^\/contracts\/(\d+)\?msg=created$/.exec(r.location || '');
	assert(m, `Location ${r.location}`);
	const id = Number(m[1]);
	ctx.direct = id;
	eq(JSON.stringify(sql(db, `SELECT org_id, service_type_id, form, daily_price_cents, start_date, end_date,
		capacity, extension_options, direct_award, status, lot_id IS NULL, tender_id IS NULL, ranking IS NULL
		FROM contracts WHERE id = ${id}`)[0]), JSON.stringify(['3', '1', 'group', '1150', '2026-01-01',
		'2026-10-31', '5', '1 + 1 vuotta', '1', 'draft', '1', '1', '1']), 'direct award row');
	eq(sqlValue(db, `SELECT justification FROM contracts WHERE id = ${id}`),
		'Ainoa palveluntuottaja Kiteellä; kiireellinen tarve.', 'justification stored');
	eq(count(db, 'contract_municipalities', `contract_id = ${id}`), 2, 'two municipalities');
	const a = expectAudit(db, mark, 'contract.create', 1, 'direct award');
	assert(a[0][2].startsWith('direct_award org=3'), `audit ${a[0][2]}`);
	const t = text((await ctx.c.officer.get(`/contracts/${id}`)).text);
	assert(t.includes('Direct award') && t.includes('kiireellinen tarve'), 'page shows the justification');
});

test('a contract whose period is over is ended, and its places close', async (ctx) => {
	const { db } = ctx.stack;
	const id = ctx.direct;
	assert(id, 'the direct award exists');
	const page = `/contracts/${id}`;
	const mark = auditMark(db);
	const early = await post(ctx.c.officer, `${page}/end`);
	expectStatus(early, 409, 'end a draft');
	assert(text(early.text).includes('Only an active contract can be ended.'), 'message');
	expectStatus(await submit(ctx.c.officer, page, `${page}/sign`,
		{ signed_date: '2026-01-02', signer_name: 'Kaisa Kierto' }), 303, 'sign');
	expectStatus(await submit(ctx.c.officer, page, `${page}/activate`), 303, 'activate');
	const p = insertPlace(db, id, 'open');
	const r = await submit(ctx.c.officer, page, `${page}/end`);
	expectStatus(r, 303, 'end');
	eq(statusOf(db, id), 'ended', 'ended');
	eq(sqlValue(db, `SELECT status FROM places WHERE id = ${p}`), 'closed', 'place closed');
	const a = expectAudit(db, mark, 'contract.end', 1, 'end');
	eq(a[0][2], 'places_closed=1', 'audit details');
	expectAudit(db, mark, 'contract.sign', 1, 'sign');
	expectAudit(db, mark, 'contract.activate', 1, 'activate');
	expectStatus(await post(ctx.c.officer, `${page}/end`), 409, 'end twice');
	expectStatus(await post(ctx.c.officer, `${page}/terminate`, { termination_reason: 'x' }), 409, 'terminate ended');
});

test('bad input on every form answers 422 with its message, never 500', async (ctx) => {
	const { db } = ctx.stack;
	const before = count(db, 'contracts');
	const cases = [
		[{ daily_price: 'abc' }, 'daily_price', 'Write the price in euros and cents, e.g. 10,09.'],
		[{ daily_price: '-1' }, 'daily_price', 'The price per day must be above zero and at most 10 000 €.'],
		[{ daily_price: '0' }, 'daily_price', 'The price per day must be above zero and at most 10 000 €.'],
		[{ daily_price: '' }, 'daily_price', 'Write the price per day, e.g. 10,09.'],
		[{ daily_price: '10,999' }, 'daily_price', 'Write the price in euros and cents, e.g. 10,09.'],
		[{ start_date: '1.12.2026', end_date: '30.11.2026' }, 'end_date', 'The end date cannot be before the start date.'],
		[{ start_date: '31.2.2026' }, 'start_date', 'Write a date like 1.1.2027.'],
		[{ end_date: '' }, 'end_date', 'Write the end date.'],
		[{ org: '99999' }, 'org', 'Choose an approved provider.'],
		[{ org: '5' }, 'org', 'Choose an approved provider.'],
		[{ org: '1' }, 'org', 'Choose an approved provider.'],
		[{ org: 'abc' }, 'org', 'Choose an approved provider.'],
		[{ org: null }, 'org', 'Choose an approved provider.'],
		[{ capacity: 'x' }, 'capacity', 'Write the capacity as a whole number of clients, e.g. 5.'],
		[{ capacity: '-1' }, 'capacity', 'The capacity must be from 0 to 10 000.'],
		[{ capacity: '10001' }, 'capacity', 'The capacity must be from 0 to 10 000.'],
		[{ service_type: '99' }, 'service_type', 'Choose a service.'],
		[{ service_type: '1x' }, 'service_type', 'Choose a service.'],
		[{ form: 'team' }, 'form', 'Choose the form of the service.'],
		[{ extension_options: 'x'.repeat(501) }, 'extension_options', 'Write at most 500 characters.'],
		[{ justification: 'x'.repeat(5001) }, 'justification',
			'Write why the contract is awarded directly, without a tender (1 to 5000 characters).'],
	];
	for (const [over, field, want] of cases) {
		const r = await post(ctx.c.officer, '/contracts/new', directForm(db, over));
		expectStatus(r, 422, `direct award with ${JSON.stringify(over).slice(0, 60)}`);
		eq(fieldError(r.text, field), want, `${field} message`);
	}
	for (const [munis, want] of [[null, 'Choose at least one municipality.'],
		['99999', 'Choose the municipalities from the list.'], ['abc', 'Choose the municipalities from the list.']]) {
		const r = await post(ctx.c.officer, '/contracts/new', directForm(db, { municipality: munis }));
		expectStatus(r, 422, `municipalities ${munis}`);
		eq(legendError(r.text), want, 'municipality message');
	}
	const r = await post(ctx.c.officer, '/contracts/new', directForm(db, { daily_price: 'abc', capacity: 'x', org: '99999' }));
	expectStatus(r, 422, 'several errors');
	assert(r.text.includes('value="abc"') && r.text.includes('value="x"'), 'typed values kept');
	eq(count(db, 'contracts'), before, 'nothing created by bad input');
	// The lifecycle forms of an unknown contract, and junk ids.
	for (const step of STEPS)
		expectStatus(await post(ctx.c.officer, `/contracts/999999/${step}`, { termination_reason: 'x' }), 404,
			`${step} of an unknown contract`);
	expectStatus(await post(ctx.c.officer, '/contracts/99999999999999999999/sign'), 404, 'overlong id');
	expectStatus(await ctx.c.officer.get('/contracts/abc'), 404, 'non-numeric id');
});

// --- who sees and does what ----------------------------------------------------------

test("a provider sees only its own contracts and gets 404 for another's", async (ctx) => {
	const { db } = ctx.stack;
	const own = count(db, 'contracts', 'org_id = 2');
	for (const p of ['/contracts', '/contracts?provider=4', '/contracts?provider=3&status=draft']) {
		const r = await ctx.c.provider.get(p);
		expectStatus(r, 200, `provider ${p}`);
		const ids = listedIds(r.text);
		for (const id of ids) eq(sqlValue(db, `SELECT org_id FROM contracts WHERE id = ${id}`), '2', `${p}: contract ${id}`);
		if (!p.includes('status')) eq(ids.length, own, `${p}: all own contracts`);
		assert(!r.text.includes('id="f_provider"'), 'no provider filter for providers');
		assert(!r.text.includes('/contracts/new') && !r.text.includes('/contracts/awarded'), 'no officer links');
	}
	const mine = contractOf(db, 11, 2);
	const r = await ctx.c.provider.get(`/contracts/${mine}`);
	expectStatus(r, 200, 'own contract');
	assert(!/action="\/contracts\/\d+\//.test(r.text), 'no step forms for providers');
	for (const other of [contractOf(db, 11, 3), contractOf(db, 12, 4)]) {
		const o = await ctx.c.provider.get(`/contracts/${other}`);
		expectStatus(o, 404, `another's contract ${other}`);
		assert(!text(o.text).includes('Kiteen Kierrätysosuuskunta'), 'no data of another');
	}
	const d = await ctx.c.diakonia.get('/contracts');
	for (const id of listedIds(d.text)) eq(sqlValue(db, `SELECT org_id FROM contracts WHERE id = ${id}`), '4', 'diakonia sees org 4');
	expectStatus(await ctx.c.diakonia.get(`/contracts/${mine}`), 404, "diakonia: org 2's contract");
	const mark = auditMark(db);
	for (const step of STEPS)
		expectStatus(await post(ctx.c.provider, `/contracts/${mine}/${step}`, { termination_reason: 'x' }), 403,
			`provider POST ${step}`);
	expectStatus(await post(ctx.c.provider, '/contracts/new', directForm(db)), 403, 'provider direct award');
	expectStatus(await post(ctx.c.provider, '/contracts/awarded/11'), 403, 'provider create');
	expectAudit(db, mark, 'access.denied', 7, 'provider denials');
	eq(statusOf(db, mine), 'draft', 'unchanged');
});

test('caseworkers, finance and administrators read every contract but cannot change any', async (ctx) => {
	const { db } = ctx.stack;
	const all = count(db, 'contracts');
	const id = contractOf(db, 11, 3);
	const before = sql(db, 'SELECT id, status, end_date FROM contracts ORDER BY id');
	for (const u of ['caseworker', 'finance', 'admin']) {
		const l = await ctx.c[u].get('/contracts');
		expectStatus(l, 200, `${u} list`);
		eq(listedIds(l.text).length, all, `${u} sees all`);
		assert(l.text.includes('id="f_provider"'), `${u} has the provider filter`);
		const r = await ctx.c[u].get(`/contracts/${id}`);
		expectStatus(r, 200, `${u} contract page`);
		assert(!/action="\/contracts\/\d+\//.test(r.text), `${u}: no step forms`);
		for (const p of ['/contracts/new', '/contracts/awarded'])
			expectStatus(await ctx.c[u].get(p), 403, `${u} GET ${p}`);
		const mark = auditMark(db);
		for (const step of STEPS)
			expectStatus(await post(ctx.c[u], `/contracts/${id}/${step}`,
				{ signed_date: '1.11.2026', signer_name: 'X', new_end_date: '31.12.2030', termination_reason: 'x' }),
			403, `${u} POST ${step}`);
		expectStatus(await post(ctx.c[u], '/contracts/new', directForm(db)), 403, `${u} direct award`);
		expectStatus(await post(ctx.c[u], '/contracts/awarded/11'), 403, `${u} create`);
		expectAudit(db, mark, 'access.denied', 7, `${u} denials`);
	}
	eq(JSON.stringify(sql(db, 'SELECT id, status, end_date FROM contracts ORDER BY id')), JSON.stringify(before),
		'nothing changed');
});

test('anonymous users are sent to log in', async (ctx) => {
	const anon = new Client(ctx.stack);
	const id = contractOf(ctx.stack.db, 11, 3);
	for (const p of ['/contracts', `/contracts/${id}`, '/contracts/awarded', '/contracts/new']) {
		const r = await anon.get(p);
		eq(r.status, 303, `anonymous GET ${p}`);
		eq(r.location, `/login?next=${encodeURIComponent(p)}`, `${p}: Location`);
	}
	await anon.get('/login');
	for (const p of [`/contracts/${id}/sign`, '/contracts/awarded/11', '/contracts/new']) {
		const r = await anon.post(p, { csrf: anon.jar.get('pk_csrf') || '', nonce: hex(), signed_date: '1.1.2026' });
		eq(r.status, 303, `anonymous POST ${p}`);
		assert((r.location || '').startsWith('/login?next='), `${p}: Location ${r.location}`);
	}
	eq(statusOf(ctx.stack.db, id), 'draft', 'unchanged');
});

test('every change is in the audit log and the chain holds', async (ctx) => {
	const { db } = ctx.stack;
	const n = (a) => count(db, 'audit_log', `action = ${q(a)}`);
	eq(n('contract.create'), 6, 'creates: 2 + 3 + 1');
	eq(n('contract.sign'), 2, 'signs');
	eq(n('contract.activate'), 2, 'activations');
	eq(n('contract.extend'), 2, 'extensions');
	eq(n('contract.end'), 1, 'ends');
	eq(n('contract.terminate'), 2, 'terminations');
	const objects = sql(db, "SELECT DISTINCT object FROM audit_log WHERE action LIKE 'contract.%'").map((r) => r[0]);
	assert(objects.every((o) => /^contract:\d+$/.test(o)), `audit objects ${objects}`);
	eq(count(db, 'audit_log', "action LIKE 'contract.%' AND actor <> 'officer'"), 0, 'all by the officer');
	const v = spawnSync(path.join(ROOT, B, 'bin/paikkactl'), ['verify-audit'],
		{ cwd: ROOT, env: { ...process.env, PAIKKA_DB: db }, encoding: 'utf8' });
	eq(v.status, 0, `paikkactl verify-audit: ${v.stdout}${v.stderr}`);
});

// --- main -----------------------------------------------------------------------------

async function main() {
	let passed = 0, failed = 0;
	const ctx = { c: {} };
	let stack;
	try {
		stack = await startStack('contracts');
		ctx.stack = stack;
		// The scenario's dates assume tender 3's contract period of 2026
		// (the demo counts it from the day the demo is loaded).
		sql(stack.db, "UPDATE tenders SET contract_start = '2026-01-01', " +
			"contract_end = '2026-12-31' WHERE id = 3");
		for (const u of USERS) ctx.c[u] = await loginClient(stack, u);
		ctx.c.officerFi = await loginClient(stack, 'officer');
		ctx.c.officerFi.lang = 'fi';
		({ passed, failed } = await run(ctx));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${(e && e.stack) || e}`);
	} finally {
		if (stack) stopStack(stack);
	}
	const log = stack ? path.join(stack.dir, 'log/paikka.log') : '';
	const logText = log && fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
	const bad = logText.split('\n').find((l) => SANITIZER.test(l) || /internal error|cannot render/.test(l));
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
