// The role dashboards of the front page through the real stack, on the
// demo story's contracts and placements (layers 1-2) with days, invoices,
// placements, questions and award decisions written here with known
// answers: every role's counts, entries and links; a provider never sees
// another organisation's items (a marker planted in organisation 3's
// data); the officer's dashboard is the same before and after bids are
// submitted and shows no number of bids before they are opened; the
// administrator's audit chain status turns to "broken" when a row is
// changed or the last row removed, and back when it is restored.
// Usage: B=build node tests/stack/dashboards.mjs
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
	ROOT, B, PASSWORD, assert, eq, startStack, stopStack, sql, sqlValue, q, Client, loginClient, formHidden, registry, unescapeHtml, finish,
} from './lib.mjs';

process.env.PAIKKA_DEMO_LAYERS ??= '2';

const { test, run } = registry();
const MARKER = 'ZZ-ORG3-MARKER';
const HOUR = 3600;

// --- dates in Helsinki -------------------------------------------------------

const HEL = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
const HELTIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit',
	day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const nowS = () => Math.floor(Date.now() / 1000);
const helIso = (t) => HEL.format(new Date(t * 1000));
function addDays(iso, n) {
	const d = new Date(`${iso}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + n);
	return d.toISOString().slice(0, 10);
}
function addMonths(ym, n) {
	const [y, m] = ym.split('-').map(Number);
	const k = y * 12 + (m - 1) + n;
	return `${Math.floor(k / 12)}-${String(k % 12 + 1).padStart(2, '0')}`;
}
// "2026-10" → "10/2026"; "2026-12-04" → "04.12.2026"; UTC seconds →
// "04.12.2026 14:05" (Helsinki).
const monthText = (ym) => `${Number(ym.slice(5))}/${ym.slice(0, 4)}`;
const dateText = (iso) => `${iso.slice(8)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;
function timeText(t) {
	const p = Object.fromEntries(HELTIME.formatToParts(new Date(t * 1000)).map((x) => [x.type, x.value]));
	return `${p.day}.${p.month}.${p.year} ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

// --- the page ----------------------------------------------------------------

// One dashboard item of a front page: its count (null when the heading
// has none), entries [{href, text, note}], the link to all of them, the
// empty sentence and the summary paragraph.
function item(html, key) {
	const m = new RegExp(`<section class="dash" id="dash-${key}"[\\s\\S]*?</section>`).exec(html);
	assert(m, `no dashboard item ${key}`);
	const s = m[0];
	const count = /<span class="dash-count">(\d+)<\/span>/.exec(s);
	const list = /<ul class="tasks">([\s\S]*?)<\/ul>/.exec(s);
	const entries = list ? [...list[1].matchAll(/<li><a href="([^"]*)">([^<]*)<\/a>(?:<br>([^<]*))?<\/li>/g)]
		.map((e) => ({ href: unescapeHtml(e[1]), text: unescapeHtml(e[2]), note: e[3] === undefined ? '' : unescapeHtml(e[3]) })) : [];
	const paras = [...s.matchAll(/<p(?: class="([^"]*)")?>([\s\S]*?)<\/p>/g)];
	const all = paras.map((p) => /^<a href="([^"]*)">([^<]*)<\/a>$/.exec(p[2])).find(Boolean);
	const summary = paras.find((p) => p[1] !== undefined);
	const empty = !list ? paras.find((p) => p[1] === undefined && !p[2].startsWith('<a ')) : undefined;
	const rows = [...s.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g)]
		.map((r) => [unescapeHtml(r[1]), Number(r[2])]);
	return {
		html: s, count: count ? Number(count[1]) : null, entries, rows: Object.fromEntries(rows),
		all: all ? unescapeHtml(all[1]) : null,
		summary: summary ? { cls: summary[1], text: unescapeHtml(summary[2]) } : null,
		empty: empty ? unescapeHtml(empty[2]) : null,
	};
}

// The front page of client c; fails on anything but 200.
async function home(c) {
	const r = await c.get('/');
	assert(r.status !== 500, `GET / answered 500: ${r.text.slice(0, 300)}`);
	eq(r.status, 200, 'GET /');
	return r.text;
}

function todo(html) {
	const m = /<section aria-labelledby="todo">[\s\S]*?<\/div>\s*<\/section>/.exec(html);
	assert(m, 'no To do section');
	return m[0];
}

function keys(html) {
	return [...todo(html).matchAll(/<section class="dash" id="dash-([a-z-]+)"/g)].map((m) => m[1]);
}

function entries(it, what) {
	return JSON.stringify(it.entries.map((e) => [e.href, e.text, e.note]), null, 0) + ` (${what})`;
}

function sameEntries(got, want, what) {
	eq(JSON.stringify(got.entries.map((e) => [e.href, e.text, e.note])), JSON.stringify(want), what);
}

// --- data --------------------------------------------------------------------

function paikkactl(ctx, args, input) {
	const r = spawnSync(path.join(ROOT, B, 'bin/paikkactl'), args,
		{ cwd: ROOT, env: { ...process.env, PAIKKA_DB: ctx.stack.db }, encoding: 'utf8', input });
	assert(r.status === 0, `paikkactl ${args.join(' ')}: ${r.stderr}`);
}

function insert(db, stmt) {
	return Number(sqlValue(db, `${stmt}; SELECT last_insert_rowid();`));
}

const USER_OF = { 2: 5, 3: 6, 4: 7 };

function days(db, placement, month, present, absent = 0, from = 1) {
	const rows = [];
	for (let i = 0; i < present + absent; i++)
		rows.push(`(${placement}, '${month}-${String(from + i).padStart(2, '0')}', ` +
			`'${i < present ? 'present' : 'absent_sick'}', 4, 5, ${nowS()})`);
	sql(db, `INSERT INTO attendance(placement_id, day, status, hours, recorded_by, recorded_at) VALUES ${rows.join(', ')}`);
}

function invoice(db, o) {
	const at = o.at ?? nowS() - 5 * HOUR;
	return insert(db, 'INSERT INTO invoices(org_id, buyer_org_id, contract_id, month, seq, number, version, status, ' +
		'invoice_date, due_date, total_cents, vat_text, iban, bic, reference, created_by, created_at, submitted_at, ' +
		'submitted_by, decided_at, decided_by, reject_reason, kind, credit_of, credit_reason, credited_at) VALUES (' +
		`${o.org}, 1, ${o.contract}, '${o.month}', ${o.seq ?? 1}, ${q(o.number)}, ${o.version ?? 1}, '${o.status}', ` +
		`'2026-01-01', '2026-01-22', ${o.total ?? 1009}, 'AVL 37 §', 'FI2112345600000785', 'NDEAFIHH', '1232', ` +
		`${USER_OF[o.org]}, ${at}, ${o.status === 'draft' ? 'NULL' : at}, ${o.status === 'draft' ? 'NULL' : USER_OF[o.org]}, ` +
		`${['approved', 'rejected'].includes(o.status) ? at + HOUR : 'NULL'}, ` +
		`${['approved', 'rejected'].includes(o.status) ? 4 : 'NULL'}, ` +
		`${q(o.status === 'rejected' ? 'Päiviä puuttuu.' : '')}, '${o.kind ?? 'invoice'}', ${o.creditOf ?? 'NULL'}, ` +
		`${q(o.kind === 'credit' ? 'Väärä päivä.' : '')}, ${o.creditedAt ?? 'NULL'})`);
}

// A placement with its decision periods [[start, end], ...].
function placement(db, o) {
	const id = insert(db, 'INSERT INTO placements(client_ref, client_name, place_id, contract_id, org_id, caseworker_id, ' +
		'caseworker_org_id, start_date, weekdays, hours_per_day, status, created_at) VALUES (' +
		`${q(o.ref)}, 'Testi Asiakas', ${o.place}, ${o.contract}, ${o.org}, ${o.cw ?? 3}, ${o.cworg ?? 1}, ` +
		`'${o.periods[0][0]}', 3, 4, '${o.status}', ${o.created ?? nowS() - HOUR})`);
	for (const [s, e] of o.periods)
		sql(db, 'INSERT INTO placement_periods(placement_id, start_date, end_date, decision_date, months, created_by, ' +
			`created_at) VALUES (${id}, '${s}', '${e}', '${s}', 3, 3, ${nowS()})`);
	return id;
}

// --- the provider ------------------------------------------------------------

test('provider: open tenders, bids in draft, placements to confirm', async (ctx) => {
	const db = ctx.stack.db;
	const d = ctx.dates;
	ctx.confirm2 = placement(db, { ref: 'PC2001', place: 2, contract: 4, org: 2, status: 'proposed',
		periods: [[addDays(d.today, 4), addDays(d.today, 94)]] });
	const html = await home(ctx.c.provider);
	eq(JSON.stringify(keys(html)), JSON.stringify(['open-tenders', 'draft-bids', 'to-confirm', 'uninvoiced', 'rejected']), 'items in order');
	const deadline = Number(sqlValue(db, 'SELECT bids_deadline FROM tenders WHERE id = 1'));
	const title = sqlValue(db, 'SELECT title_fi FROM tenders WHERE id = 1');
	const open = item(html, 'open-tenders');
	eq(open.count, 1, 'open tenders');
	sameEntries(open, [['/tenders/1', title, `Deadline ${timeText(deadline)} · Your bid: not submitted`]], 'open tender');
	const updated = Number(sqlValue(db, 'SELECT updated_at FROM bids WHERE id = 1'));
	const draft = item(html, 'draft-bids');
	eq(draft.count, 1, 'bids in draft');
	sameEntries(draft, [['/tenders/1/bid', title, `Deadline ${timeText(deadline)} · last saved ${timeText(updated)}`]], 'draft bid');
	const conf = item(html, 'to-confirm');
	eq(conf.count, 1, 'placements to confirm');
	sameEntries(conf, [[`/placements/${ctx.confirm2}`, 'Placement ' + ctx.confirm2 + ': Puutyöpaja Kanerva – yksilöllinen tuki',
		`Starts ${dateText(addDays(d.today, 4))}`]], 'placement to confirm');
	assert(!html.includes('PC2001') && !html.includes('Testi Asiakas'), 'no client data on the dashboard');
	// Another provider with no bid of its own: not started, nothing in draft.
	const dk = await home(ctx.c.diakonia);
	eq(item(dk, 'open-tenders').entries[0].note.endsWith('Your bid: not started'), true, 'diakonia: not started');
	eq(item(dk, 'draft-bids').count, 0, 'diakonia: no draft');
	eq(item(dk, 'draft-bids').empty, 'No bid waits to be submitted.', 'empty sentence');
});

test('provider: months without an invoice and rejected invoices, exactly', async (ctx) => {
	const db = ctx.stack.db;
	const { m0, m1, m2, m3, m12, m13 } = ctx.dates;
	// Contract 2 (placements 1, 2) and contract 4 (placement 5).
	days(db, 2, m12, 1);             // oldest month in the window: listed
	days(db, 5, m13, 1);             // older than 12 months: not
	days(db, 2, m3, 2);              // no invoice: listed
	days(db, 1, m2, 3);              // approved: not
	days(db, 1, m1, 2);              // rejected: under rejected invoices
	days(db, 5, m1, 4, 1);           // a draft only: listed, to the draft
	days(db, 5, m2, 1);              // rejected, then version 2 submitted: not
	days(db, 5, m0, 2);              // this month is not over: not
	invoice(db, { org: 2, contract: 2, month: m2, status: 'approved', number: '2-00001', total: 3027 });
	ctx.rej2 = invoice(db, { org: 2, contract: 2, month: m1, status: 'rejected', number: '2-00002', seq: 2 });
	invoice(db, { org: 2, contract: 4, month: m2, status: 'rejected', number: '2-00003', seq: 3 });
	ctx.sub2 = invoice(db, { org: 2, contract: 4, month: m2, status: 'submitted', number: '2-00003', seq: 3, version: 2, total: 2450, at: nowS() - 3 * HOUR });
	ctx.draft2 = invoice(db, { org: 2, contract: 4, month: m1, status: 'draft', number: '2-00004', seq: 4 });
	const html = await home(ctx.c.provider);
	const un = item(html, 'uninvoiced');
	eq(un.count, 3, `months without an invoice ${entries(un, 'got')}`);
	sameEntries(un, [
		[`/invoices/days?contract=2&month=${m12}`, `Contract 2, ${monthText(m12)}`, 'Present days: 1'],
		[`/invoices/days?contract=2&month=${m3}`, `Contract 2, ${monthText(m3)}`, 'Present days: 2'],
		[`/invoices/${ctx.draft2}`, `Contract 4, ${monthText(m1)}`, 'Present days: 4 · the draft invoice has not been submitted'],
	], 'uninvoiced months');
	eq(un.all, '/invoices', 'link to invoicing');
	const rej = item(html, 'rejected');
	eq(rej.count, 1, 'rejected invoices');
	const decided = Number(sqlValue(db, `SELECT decided_at FROM invoices WHERE id = ${ctx.rej2}`));
	sameEntries(rej, [[`/invoices/${ctx.rej2}`, `Invoice 2-00002, ${monthText(m1)}`, `Rejected ${timeText(decided)}`]], 'rejected');
	// The linked pages exist for the provider.
	for (const e of [...un.entries, ...rej.entries]) eq((await ctx.c.provider.get(e.href)).status, 200, `GET ${e.href}`);
	// Submitting the draft's month removes it; a new version of the
	// rejected one removes that.
	sql(db, `UPDATE invoices SET status = 'submitted', submitted_at = ${nowS()} WHERE id = ${ctx.draft2}`);
	const v2 = invoice(db, { org: 2, contract: 2, month: m1, status: 'draft', number: '2-00002', seq: 2, version: 2 });
	let again = await home(ctx.c.provider);
	eq(item(again, 'uninvoiced').count, 2, 'the submitted month is gone');
	eq(item(again, 'rejected').count, 1, 'a draft does not replace the rejected version yet');
	sql(db, `UPDATE invoices SET status = 'submitted', submitted_at = ${nowS()} WHERE id = ${v2}`);
	again = await home(ctx.c.provider);
	eq(item(again, 'rejected').count, 0, 'replaced by a submitted version');
	eq(item(again, 'rejected').empty, 'No rejected invoice waits for a correction.', 'empty sentence');
	// Back to the state the finance test expects: one submitted invoice of
	// organisation 2 (contract 4, the month before last).
	sql(db, `DELETE FROM invoices WHERE id IN (${v2}, ${ctx.draft2})`);
});

test('provider sees only its own organisation (marker in organisation 3)', async (ctx) => {
	const db = ctx.stack.db;
	const { today, m1, m2 } = ctx.dates;
	const place = insert(db, 'INSERT INTO places(contract_id, org_id, title, municipality_id, service_type_id, form, ' +
		`weekdays, hours_min, hours_max, capacity, status, created_at, updated_at) VALUES (1, 3, '${MARKER} työpaja', ` +
		`(SELECT id FROM municipalities WHERE name_fi = 'Kitee'), 1, 'both', 31, 4, 6, 2, 'open', ${nowS()}, ${nowS()})`);
	ctx.markerPlace = place;
	ctx.confirm3 = placement(db, { ref: 'PC3001', place, contract: 1, org: 3, status: 'proposed',
		periods: [[addDays(today, 6), addDays(today, 96)]] });
	ctx.rej3 = invoice(db, { org: 3, contract: 1, month: m1, status: 'rejected', number: `${MARKER}-1` });
	days(db, 3, m2, 2);
	// Organisation 3 sees its own items (so the marker would show if it
	// leaked) ...
	const own = await home(ctx.c.kierratys);
	assert(item(own, 'to-confirm').entries.some((e) => e.text.includes(MARKER) && e.href === `/placements/${ctx.confirm3}`), 'own placement');
	assert(item(own, 'rejected').entries.some((e) => e.text.includes(`${MARKER}-1`)), 'own rejected invoice');
	assert(item(own, 'uninvoiced').entries.some((e) => e.href === `/invoices/days?contract=1&month=${m2}`), 'own month');
	// ... and organisation 2 never does.
	const other = todo(await home(ctx.c.provider));
	assert(!other.includes(MARKER), 'marker of organisation 3 shown to organisation 2');
	for (const link of [`/placements/${ctx.confirm3}"`, `/invoices/${ctx.rej3}"`, 'contract=1&amp;'])
		assert(!other.includes(link), `organisation 2 sees ${link}`);
	const verstas = todo(await home(ctx.c.verstas));
	assert(!verstas.includes(MARKER) && !verstas.includes('/placements/') && !verstas.includes('/invoices/'), 'pending organisation');
	assert((await home(ctx.c.verstas)).includes('Your organisation is waiting for approval'), 'pending notice kept');
});

// --- the caseworker ----------------------------------------------------------

test('caseworker: decision periods ending within 30 days, exactly', async (ctx) => {
	const db = ctx.stack.db;
	const { today } = ctx.dates;
	const start = addDays(today, -80);
	ctx.lapsed = placement(db, { ref: 'CW0001', place: 3, contract: 1, org: 3, status: 'active', periods: [[start, addDays(today, -1)]] });
	ctx.edge = placement(db, { ref: 'CW0002', place: 3, contract: 1, org: 3, status: 'active', periods: [[start, addDays(today, 30)]] });
	placement(db, { ref: 'CW0003', place: 3, contract: 1, org: 3, status: 'active', periods: [[start, addDays(today, 31)]] });
	placement(db, { ref: 'CW0004', place: 3, contract: 1, org: 3, status: 'active',
		periods: [[start, addDays(today, 5)], [addDays(today, 6), addDays(today, 96)]] });
	placement(db, { ref: 'CW0005', place: 3, contract: 1, org: 3, status: 'active', periods: [[start, addDays(today, 2)]] });
	sql(db, `UPDATE placements SET status = 'ended', end_date = '${today}', outcome = 'studies' WHERE client_ref = 'CW0005'`);
	// Another county's caseworker and placement.
	sql(db, "INSERT INTO organisations(id, kind, name, ytunnus, status, created_at) VALUES (90, 'buyer', " +
		`'Toinen hyvinvointialue', '0000000-0', 'approved', ${nowS()})`);
	paikkactl(ctx, ['adduser', 'othercw', 'caseworker', 'Olli Toinen', '90'], `${PASSWORD}\n`);
	paikkactl(ctx, ['adduser', 'newcw', 'caseworker', 'Uusi Ohjaaja', '1'], `${PASSWORD}\n`);
	const othercwId = Number(sqlValue(db, "SELECT id FROM users WHERE username = 'othercw'"));
	ctx.foreign = placement(db, { ref: 'CW0090', place: 1, contract: 2, org: 2, status: 'active', cw: othercwId, cworg: 90,
		periods: [[start, addDays(today, 3)]] });
	const p1end = sqlValue(db, 'SELECT max(end_date) FROM placement_periods WHERE placement_id = 1');
	const html = await home(ctx.c.caseworker);
	eq(JSON.stringify(keys(html)), JSON.stringify(['periods', 'waiting', 'free']), 'items in order');
	const it = item(html, 'periods');
	eq(it.count, 3, `periods ${entries(it, 'got')}`);
	sameEntries(it, [
		[`/placements/${ctx.lapsed}`, 'Placement ' + ctx.lapsed + ': Kierrätysmyymälä Kitee',
			`The period ended ${dateText(addDays(today, -1))} without a new decision.`],
		['/placements/1', 'Placement 1: Puutyöpaja Kanerva', `The period ends ${dateText(p1end)}.`],
		[`/placements/${ctx.edge}`, 'Placement ' + ctx.edge + ': Kierrätysmyymälä Kitee', `The period ends ${dateText(addDays(today, 30))}.`],
	], 'periods ending');
	assert(!todo(html).includes('CW000') && !todo(html).includes('Testi Asiakas') && !todo(html).includes('Aila'), 'no client data');
	// The other county sees its own placement only.
	ctx.c.othercw = await loginClient(ctx.stack, 'othercw');
	const o = item(await home(ctx.c.othercw), 'periods');
	sameEntries(o, [[`/placements/${ctx.foreign}`, `Placement ${ctx.foreign}: Puutyöpaja Kanerva`,
		`The period ends ${dateText(addDays(today, 3))}.`]], 'other county');
	eq(item(await home(ctx.c.othercw), 'waiting').count, 0, 'other county: nothing waiting');
});

test('caseworker: placements waiting for the provider', async (ctx) => {
	const created4 = Number(sqlValue(ctx.stack.db, 'SELECT created_at FROM placements WHERE id = 4'));
	const it = item(await home(ctx.c.caseworker), 'waiting');
	eq(it.count, 3, 'waiting');
	sameEntries(it, [
		['/placements/4', 'Placement 4: Diakonian ruoka-apu ja kirpputori', `Lieksan Diakoniasäätiö sr, placed ${timeText(created4)}`],
		[`/placements/${ctx.confirm2}`, `Placement ${ctx.confirm2}: Puutyöpaja Kanerva – yksilöllinen tuki`,
			`Puutyöpaja Kanerva ry, placed ${timeText(Number(sqlValue(ctx.stack.db, `SELECT created_at FROM placements WHERE id = ${ctx.confirm2}`)))}`],
		[`/placements/${ctx.confirm3}`, `Placement ${ctx.confirm3}: ${MARKER} työpaja`,
			`Kiteen Kierrätysosuuskunta, placed ${timeText(Number(sqlValue(ctx.stack.db, `SELECT created_at FROM placements WHERE id = ${ctx.confirm3}`)))}`],
	], 'waiting entries');
	for (const e of it.entries) eq((await ctx.c.caseworker.get(e.href)).status, 200, `GET ${e.href}`);
});

// Free seats by municipality as the catalogue counts them, written here
// on its own: open places of contracts in force today, capacity less the
// proposed and active placements whose latest period has not ended.
function freeSeats(db, today, cw) {
	const mine = cw ? `AND m.id IN (SELECT pl.municipality_id FROM placements x JOIN places pl ON pl.id = x.place_id ` +
		`WHERE x.caseworker_id = ${cw} AND x.status IN ('proposed', 'active'))` : '';
	return sql(db, `SELECT m.id, m.name_fi, count(*), sum(f) FROM (SELECT pl.municipality_id AS mid, pl.capacity - ` +
		`(SELECT count(*) FROM placements p WHERE p.place_id = pl.id AND p.status IN ('proposed', 'active') AND ` +
		`(SELECT max(end_date) FROM placement_periods pp WHERE pp.placement_id = p.id) >= '${today}') AS f ` +
		`FROM places pl JOIN contracts c ON c.id = pl.contract_id WHERE pl.status = 'open' AND c.status = 'active' ` +
		`AND c.start_date <= '${today}' AND c.end_date >= '${today}') JOIN municipalities m ON m.id = mid ` +
		`WHERE f > 0 ${mine} GROUP BY m.id ORDER BY m.name_fi`)
		.map(([id, name, n, f]) => [`/places?municipality=${id}&free=1`, name, `Free seats: ${f}, places: ${n}`]);
}

test('caseworker: free places in their municipalities', async (ctx) => {
	const db = ctx.stack.db;
	const { today } = ctx.dates;
	const it = item(await home(ctx.c.caseworker), 'free');
	const want = freeSeats(db, today, 3);
	eq(JSON.stringify(want.map((w) => w[1])), JSON.stringify(['Joensuu', 'Kitee', 'Lieksa']), 'the caseworker\'s municipalities');
	sameEntries(it, want, 'free places');
	eq(it.count, want.reduce((s, w) => s + Number(/Free seats: (\d+)/.exec(w[2])[1]), 0), 'count = free seats');
	// Lieksa: place 4 (6 seats, one proposed placement); the paused place
	// 5 is not counted.
	eq(it.entries.find((e) => e.text === 'Lieksa').note, 'Free seats: 5, places: 1', 'Lieksa by hand');
	eq(it.summary.text, 'Free seats in the municipalities where your clients are placed now.', 'summary');
	// A caseworker with no clients sees every municipality.
	ctx.c.newcw = await loginClient(ctx.stack, 'newcw');
	const all = item(await home(ctx.c.newcw), 'free');
	const every = freeSeats(db, today, 0);
	assert(every.length >= 3, 'free places somewhere');
	sameEntries(all, every.slice(0, 5), 'every municipality');
	eq(all.summary.text, 'Free seats in every municipality: you have no clients placed now.', 'summary without clients');
	// Decision periods are the organisation's: the same three.
	eq(item(await home(ctx.c.newcw), 'periods').count, 3, 'the organisation\'s periods');
	const r = await ctx.c.caseworker.get(it.entries[0].href);
	eq(r.status, 200, 'the catalogue link');
});

// --- finance -----------------------------------------------------------------

test('finance: invoices waiting and the month\'s approved total', async (ctx) => {
	const db = ctx.stack.db;
	const { m1, m2 } = ctx.dates;
	const sub4 = invoice(db, { org: 4, contract: 3, month: m1, status: 'submitted', number: '4-00001', total: 5045, at: nowS() - 2 * HOUR });
	const orig = invoice(db, { org: 4, contract: 5, month: m1, status: 'approved', number: '4-00002', seq: 2, total: 20000, creditedAt: nowS() });
	invoice(db, { org: 4, contract: 5, month: m1, status: 'approved', number: '4-00003', seq: 3, version: 2, total: 20000, kind: 'credit', creditOf: orig });
	invoice(db, { org: 4, contract: 5, month: m1, status: 'approved', number: '4-00004', seq: 4, version: 3, total: 18000 });
	const html = await home(ctx.c.finance);
	eq(JSON.stringify(keys(html)), JSON.stringify(['waiting-invoices', 'approved']), 'items in order');
	const w = item(html, 'waiting-invoices');
	eq(w.count, 2, 'waiting');
	const t = (id) => timeText(Number(sqlValue(db, `SELECT submitted_at FROM invoices WHERE id = ${id}`)));
	sameEntries(w, [
		[`/invoices/${ctx.sub2}`, `Invoice 2-00003, ${monthText(m2)}`, `Puutyöpaja Kanerva ry · €24.50 · sent ${t(ctx.sub2)}`],
		[`/invoices/${sub4}`, `Invoice 4-00001, ${monthText(m1)}`, `Lieksan Diakoniasäätiö sr · €50.45 · sent ${t(sub4)}`],
	], 'waiting entries');
	eq(w.all, '/invoices?status=submitted', 'all waiting');
	const a = item(html, 'approved');
	eq(a.count, 3, 'approved invoices of last month (two invoices, one credit note)');
	eq(a.summary.text, `Approved total ${monthText(m1)}: €180.00. Still waiting for approval: 1.`, 'approved total');
	eq(a.all, `/invoices/summary?month=${m1}`, 'summary link');
	// The same total as the monthly summary's approved column, and the
	// Finnish way of writing money.
	const want = Number(sqlValue(db, `SELECT sum(net_cents) FROM invoices WHERE month = '${m1}' AND status = 'approved'`));
	eq(want, 18000, 'independent sum');
	const fi = new Client(ctx.stack, { lang: 'fi' });
	fi.jar = ctx.c.finance.jar;
	const page = await fi.get('/');
	assert(item(page.text, 'approved').summary.text.includes('180,00 €'), `Finnish money: ${item(page.text, 'approved').summary.text}`);
	for (const e of w.entries) eq((await ctx.c.finance.get(e.href)).status, 200, `GET ${e.href}`);
	eq((await ctx.c.finance.get(a.all)).status, 200, 'summary page');
});

// --- the administrator -------------------------------------------------------

test('administrator: providers waiting for approval and feedback', async (ctx) => {
	const db = ctx.stack.db;
	const t = nowS() - HOUR;
	sql(db, "INSERT INTO organisations(id, kind, name, ytunnus, status, created_at) VALUES (91, 'provider', " +
		`'Uusi Yhdistys ry', '1234567-1', 'pending', ${t})`);
	sql(db, `INSERT INTO feedback(ts, page, message, handled) VALUES (${t}, '/places', 'Fokus katoaa.', 0), ` +
		`(${t}, '/x', 'Käsitelty.', 1)`);
	const html = await home(ctx.c.admin);
	eq(JSON.stringify(keys(html)), JSON.stringify(['pending-orgs', 'feedback', 'audit']), 'items in order');
	const p = item(html, 'pending-orgs');
	eq(p.count, 2, 'pending providers');
	const c5 = Number(sqlValue(db, 'SELECT created_at FROM organisations WHERE id = 5'));
	sameEntries(p, [
		['/admin/organisations/5', 'Outokummun Nuorisoverstas ry', `Registered ${timeText(c5)}`],
		['/admin/organisations/91', 'Uusi Yhdistys ry', `Registered ${timeText(t)}`],
	], 'pending');
	const f = item(html, 'feedback');
	eq(f.count, 2, 'unhandled feedback');
	eq(f.entries.map((e) => e.note).join('|'), 'Page: /login|Page: /places', 'feedback pages');
	for (const e of [...p.entries, ...f.entries]) eq((await ctx.c.admin.get(e.href)).status, 200, `GET ${e.href}`);
});

function auditState(html) {
	const a = item(html, 'audit');
	assert(a.summary, 'audit summary');
	return a.summary;
}

test('administrator: the audit chain is intact, then broken by a changed row, then intact again', async (ctx) => {
	const db = ctx.stack.db;
	let s = auditState(await home(ctx.c.admin));
	const rows = Number(sqlValue(db, 'SELECT max(id) FROM audit_log'));
	eq(s.text, `The hash chain is intact: ${rows} rows checked.`, 'intact');
	eq(s.cls, 'notice ok', 'class');
	assert(/^\d+ [0-9a-f]{64} \d+ 0 0$/.test(sqlValue(db, "SELECT value FROM settings WHERE key = 'audit_dashboard'")), 'state stored');
	eq(item(await home(ctx.c.admin), 'audit').all, '/admin/audit', 'link to the full check');
	// Change an old row behind the triggers' back.
	const victim = 2;
	const details = sqlValue(db, `SELECT quote(details) FROM audit_log WHERE id = ${victim}`);
	const triggers = sql(db, "SELECT replace(replace(sql, char(10), ' '), char(9), ' ') FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'").map((r) => r[0]);
	eq(triggers.length, 2, 'the append-only triggers');
	const unguarded = (stmt) => sql(db, 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; ' +
		`${stmt}; ${triggers.join('; ')};`);
	unguarded(`UPDATE audit_log SET details = 'tampered' WHERE id = ${victim}`);
	s = auditState(await home(ctx.c.admin));
	assert(/^The hash chain is broken at row 2 \(found \d\d\.\d\d\.\d{4} \d\d:\d\d\)\.$/.test(s.text), `broken: ${s.text}`);
	eq(s.cls, 'error-summary', 'class');
	// It stays broken on the next view, and paikkactl agrees.
	s = auditState(await home(ctx.c.admin));
	assert(s.text.startsWith('The hash chain is broken at row 2 '), 'still broken');
	const v = spawnSync(path.join(ROOT, B, 'bin/paikkactl'), ['verify-audit'], { env: { ...process.env, PAIKKA_DB: db }, encoding: 'utf8' });
	assert(/BROKEN at row 2/.test(v.stdout + v.stderr), `verify-audit: ${v.stdout}${v.stderr}`);
	unguarded(`UPDATE audit_log SET details = ${details} WHERE id = ${victim}`);
	s = auditState(await home(ctx.c.admin));
	eq(s.text, `The hash chain is intact: ${Number(sqlValue(db, 'SELECT max(id) FROM audit_log'))} rows checked.`, 'restored');
	// Removing the newest row is seen too (verify-audit cannot see it).
	const cols = 'id, ts, actor_id, actor, ip, action, object, details, prev_hash, hash';
	const last = sql(db, `SELECT ${cols.split(', ').map((c) => `quote(${c})`).join(', ')} FROM audit_log ORDER BY id DESC LIMIT 1`)[0];
	unguarded(`DELETE FROM audit_log WHERE id = ${last[0]}`);
	s = auditState(await home(ctx.c.admin));
	eq(s.text.startsWith(`The hash chain is broken at row ${last[0]} `), true, `tail removed: ${s.text}`);
	unguarded(`INSERT INTO audit_log(${cols}) VALUES (${last.join(', ')})`);
	s = auditState(await home(ctx.c.admin));
	eq(s.cls, 'notice ok', `tail restored: ${s.text}`);
});

// --- the officer and sealed bids ----------------------------------------------

test('officer: tenders by status, questions, standstill periods', async (ctx) => {
	const db = ctx.stack.db;
	const { today } = ctx.dates;
	sql(db, "INSERT INTO tenders(id, status, title_fi, created_by, created_at, cancelled_at, cancel_reason) VALUES " +
		`(90, 'cancelled', 'Peruttu hankinta', 2, ${nowS()}, ${nowS()}, 'Tarve poistui.')`);
	sql(db, `INSERT INTO questions(tender_id, org_id, asked_by, asked_at, question) VALUES (1, 3, 6, ${nowS() - HOUR}, 'Toinen kysymys?'), ` +
		`(3, 3, 6, ${nowS()}, 'Kysymys ratkaistusta hankinnasta?')`);
	const html = await home(ctx.c.officer);
	eq(JSON.stringify(keys(html)), JSON.stringify(['tenders', 'questions', 'to-open', 'to-evaluate', 'standstill']), 'items in order');
	const t = item(html, 'tenders');
	eq(JSON.stringify(t.rows), JSON.stringify({ Draft: 1, 'Open for bids': 1, 'Deadline passed, not opened': 0, 'Opened, being evaluated': 0,
		Awarded: 1, Cancelled: 1 }), 'tenders by status');
	eq(t.count, null, 'the table is the count');
	const deadline = Number(sqlValue(db, 'SELECT bids_deadline FROM tenders WHERE id = 1'));
	sameEntries(t, [
		['/tenders/1', sqlValue(db, 'SELECT title_fi FROM tenders WHERE id = 1'), `Open for bids · Deadline ${timeText(deadline)}`],
		['/tenders/2', sqlValue(db, 'SELECT title_fi FROM tenders WHERE id = 2'), 'Draft'],
	], 'tenders in progress');
	const qs = item(html, 'questions');
	eq(qs.count, 2, 'unanswered questions of published tenders');
	const oldest = Number(sqlValue(db, 'SELECT min(asked_at) FROM questions WHERE tender_id = 1 AND answered_at IS NULL'));
	sameEntries(qs, [['/tenders/1#unanswered', sqlValue(db, 'SELECT title_fi FROM tenders WHERE id = 1'),
		`Questions: 2, the oldest asked ${timeText(oldest)}`]], 'questions');
	eq(item(html, 'to-open').count, 0, 'nothing to open');
	eq(item(html, 'to-evaluate').count, 0, 'nothing to evaluate');
	eq(item(html, 'standstill').count, 0, 'tender 3: standstill over, every lot has contracts');
	// A third lot of tender 3 chosen for its framework, without contracts.
	sql(db, "INSERT INTO lots(id, tender_id, number, title, service_type_id, form, est_days_per_year, pricing, " +
		"fixed_price_cents) VALUES (13, 3, 3, 'Lisäosa', 1, 'both', 100, 'fixed', 1009); " +
		'INSERT INTO award_ranks VALUES (13, 401, 1, 8000, 1); ' +
		"INSERT INTO submission_lots VALUES (401, 13, 1009, 8, 'Lisäosan työ.')");
	const title3 = sqlValue(db, 'SELECT title_fi FROM tenders WHERE id = 3');
	const at = async (end) => {
		sql(db, `UPDATE award_decisions SET standstill_end = '${end}' WHERE tender_id = 3`);
		return item(await home(ctx.c.officer), 'standstill');
	};
	let s = await at(addDays(today, 5));
	sameEntries(s, [['/tenders/3/decision', title3, `The standstill period ends ${dateText(addDays(today, 5))}.`]], 'running');
	eq((await at(addDays(today, 14))).count, 1, 'ends in 14 days');
	eq((await at(addDays(today, 15))).count, 0, 'ends in 15 days');
	eq((await at(today)).count, 1, 'ends today');
	s = await at(addDays(today, -2));
	sameEntries(s, [['/contracts/awarded', title3,
		`The standstill period ended ${dateText(addDays(today, -2))}. Lots ready for contracts: 1`]], 'ended, a lot without contracts');
	for (const e of [...t.entries, ...qs.entries, ...s.entries]) eq((await ctx.c.officer.get(e.href.replace(/#.*/, ''))).status, 200, `GET ${e.href}`);
	sql(db, "INSERT INTO contracts(org_id, tender_id, lot_id, service_type_id, form, daily_price_cents, start_date, end_date, " +
		`created_by, created_at) VALUES (2, 3, 13, 1, 'both', 1009, '${today}', '${addDays(today, 300)}', 2, ${nowS()})`);
	s = await at(addDays(today, -2));
	eq(s.count, 0, 'contracts made');
	eq(s.empty, 'No standstill period ends soon.', 'empty sentence');
});

// Text that reads like a number of bids ("bids: 2", "2 bids"), as the
// browser suite looks for it; null when there is none.
function bidCount(html) {
	const text = unescapeHtml(html.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');
	const m = /\bbids?\s*(received|:)\s*\d|\b\d+\s+bids?\b/i.exec(text);
	return m ? m[0] : null;
}

// The officer's To do section (it holds no per-request tokens).
async function officerTodo(ctx) {
	return todo(await home(ctx.c.officer));
}

test('sealed bids: nothing before the deadline, no number before opening, then the bids to evaluate', async (ctx) => {
	const db = ctx.stack.db;
	const before = await officerTodo(ctx);
	// Organisations 2 and 3 submit their bids to tender 1.
	const subs = {};
	for (const [bid, org, lots] of [[1, 2, [1, 2]], [2, 3, [1]]]) {
		subs[org] = insert(db, 'INSERT INTO bid_submissions(bid_id, kind, received_at, received_by, content, sha256) VALUES ' +
			`(${bid}, 'submit', ${nowS() - HOUR}, ${USER_OF[org]}, 'paikka-bid 1', '${'ab'.repeat(32)}')`);
		for (const lot of lots)
			sql(db, `INSERT INTO submission_lots VALUES (${subs[org]}, ${lot}, ${lot === 1 ? 1009 : 2400}, 3, 'Kuvaus')`);
	}
	const after = await officerTodo(ctx);
	eq(after, before, 'the officer\'s dashboard does not change when bids are submitted');
	eq(bidCount(after), null, 'no number of bids before the deadline');
	const prov = await home(ctx.c.provider);
	assert(item(prov, 'open-tenders').entries[0].note.endsWith('Your bid: submitted'), 'the bidder sees its own submission');
	eq(item(prov, 'draft-bids').count, 0, 'no draft any more');
	// Past the deadline: a tender to open, still no number of bids.
	const deadline = Number(sqlValue(db, 'SELECT bids_deadline FROM tenders WHERE id = 1'));
	paikkactl(ctx, ['clock', String(deadline + HOUR - nowS())]);
	ctx.c.officer = await loginClient(ctx.stack, 'officer');
	let html = await home(ctx.c.officer);
	const open = item(html, 'to-open');
	eq(open.count, 1, 'a tender to open');
	sameEntries(open, [['/tenders/1#evaluation', sqlValue(db, 'SELECT title_fi FROM tenders WHERE id = 1'),
		`The deadline for bids passed ${timeText(deadline)}.`]], 'to open');
	eq(item(html, 'to-evaluate').count, 0, 'nothing to evaluate before opening');
	eq(item(html, 'tenders').rows['Deadline passed, not opened'], 1, 'deadline passed');
	eq(bidCount(todo(html)), null, 'no number of bids after the deadline');
	// The officer opens them: the opening record's bids are to evaluate.
	const page = await ctx.c.officer.get('/tenders/1');
	const r = await ctx.c.officer.post('/tenders/1/open', formHidden(page.text, '/tenders/1/open'));
	eq(r.status, 303, 'open the bids');
	html = await home(ctx.c.officer);
	eq(item(html, 'to-open').count, 0, 'opened');
	let ev = item(html, 'to-evaluate');
	eq(ev.count, 2, 'two bids to evaluate');
	sameEntries(ev, [['/tenders/1/evaluation', sqlValue(db, 'SELECT title_fi FROM tenders WHERE id = 1'),
		'Not yet qualified or scored: 2']], 'to evaluate');
	eq((await ctx.c.officer.get('/tenders/1/evaluation')).status, 200, 'the evaluation page');
	eq(item(html, 'questions').count, 0, 'questions of an opened tender can no longer be answered');
	eq(item(html, 'tenders').rows['Opened, being evaluated'], 1, 'opened in the table');
	// Organisation 3 fails a requirement: excluded, nothing left to do.
	const req = (n) => sqlValue(db, `SELECT id FROM requirements WHERE tender_id = 1 AND number = ${n}`);
	sql(db, `INSERT INTO qualifications VALUES (${subs[3]}, ${req(1)}, 0, 'Puuttuu.', 2, ${nowS()})`);
	eq(item(await home(ctx.c.officer), 'to-evaluate').count, 1, 'the excluded bid is done');
	// Organisation 2: every requirement passes, but a criterion is unscored.
	for (const n of [1, 2, 3, 4]) sql(db, `INSERT INTO qualifications VALUES (${subs[2]}, ${req(n)}, 1, '', 2, ${nowS()})`);
	const crits = sql(db, 'SELECT c.id FROM criteria c WHERE c.lot_id IN (1, 2) ORDER BY c.id').map((x) => x[0]);
	eq(crits.length, 4, 'criteria of lots 1 and 2');
	for (const c of crits.slice(0, 3)) sql(db, `INSERT INTO scores VALUES (${subs[2]}, ${c}, 1000, 'Perustelu.', 2, ${nowS()})`);
	eq(item(await home(ctx.c.officer), 'to-evaluate').count, 1, 'one criterion unscored');
	sql(db, `INSERT INTO scores VALUES (${subs[2]}, ${crits[3]}, 1000, 'Perustelu.', 2, ${nowS()})`);
	ev = item(await home(ctx.c.officer), 'to-evaluate');
	eq(ev.count, 0, 'qualified and scored');
	eq(ev.empty, 'No opened bid waits for qualification or scoring.', 'empty sentence');
});

test('every language renders; anonymous visitors get no dashboard', async (ctx) => {
	for (const u of ['provider', 'officer', 'caseworker', 'finance', 'admin'])
		ctx.c[u] = await loginClient(ctx.stack, u); /* the clock moved */
	for (const lang of ['fi', 'sv']) {
		for (const u of ['provider', 'officer', 'caseworker', 'finance', 'admin']) {
			const c = new Client(ctx.stack, { lang });
			c.jar = ctx.c[u].jar;
			const r = await c.get('/');
			eq(r.status, 200, `${u} ${lang}`);
			assert(r.text.includes('class="dash"'), `${u} ${lang}: dashboard`);
		}
	}
	const anon = await new Client(ctx.stack).get('/');
	eq(anon.status, 200, 'anonymous');
	assert(!anon.text.includes('class="dash"'), 'no dashboard for anonymous visitors');
});

// --- main ----------------------------------------------------------------------

async function main() {
	let passed = 0, failed = 0;
	const ctx = { c: {} };
	let stack;
	try {
		stack = await startStack('dashboards');
		ctx.stack = stack;
		paikkactl(ctx, ['clock', '0']);
		const today = helIso(nowS());
		const m0 = today.slice(0, 7);
		ctx.dates = { today, m0, m1: addMonths(m0, -1), m2: addMonths(m0, -2), m3: addMonths(m0, -3),
			m12: addMonths(m0, -12), m13: addMonths(m0, -13) };
		for (const u of ['provider', 'kierratys', 'diakonia', 'verstas', 'officer', 'caseworker', 'finance', 'admin'])
			ctx.c[u] = await loginClient(stack, u);
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
