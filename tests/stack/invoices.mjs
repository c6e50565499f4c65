// Monthly invoices through the real stack: a provider makes and submits
// an invoice from the recorded days (exact days and totals against the
// attendance rows), finance rejects (reason required) and approves the
// next version, an approved month is locked for the grid and the CSV
// upload, nobody decides on their own work, and other providers, the
// caseworker and bad input are kept out without a 500.
// Usage: B=build node tests/stack/invoices.mjs
import { assert, eq, sql, sqlValue, formHidden, registry, suite } from './lib.mjs';

// The whole demo story: days (layer 3) and the submitted invoice (4).
const { test, run } = registry();

const LOCKED = 'The invoice of this month is already approved.';

async function create(c, contract, month) {
	const page = await c.get('/invoices');
	eq(page.status, 200, 'invoices page');
	return c.post('/invoices', { ...formHidden(page.text, '/invoices'), contract, month });
}

async function act(c, id, what, fields = {}) {
	const page = await c.get(`/invoices/${id}`);
	eq(page.status, 200, `invoice ${id}`);
	return c.post(`/invoices/${id}/${what}`, { ...formHidden(page.text, `/invoices/${id}/${what}`), ...fields });
}

function checkLines(db, id) {
	const price = Number(sqlValue(db, `SELECT c.daily_price_cents FROM invoices i JOIN contracts c ON c.id = i.contract_id WHERE i.id = ${id}`));
	const month = sqlValue(db, `SELECT month FROM invoices WHERE id = ${id}`);
	const lines = sql(db, `SELECT placement_id, days, unit_cents, total_cents, period_start, period_end FROM invoice_lines WHERE invoice_id = ${id}`);
	assert(lines.length > 0, 'has lines');
	let sum = 0;
	for (const [pl, days, unit, total, from, to] of lines) {
		const want = Number(sqlValue(db, `SELECT count(*) FROM attendance WHERE placement_id = ${pl} AND status = 'present' AND substr(day, 1, 7) = '${month}'`));
		eq(Number(days), want, `days of placement ${pl}`);
		eq(Number(unit), price, 'unit price');
		eq(Number(total), Number(days) * price, 'line total');
		assert(from.startsWith(month) && to.startsWith(month), 'period inside the month');
		sum += Number(total);
	}
	eq(Number(sqlValue(db, `SELECT total_cents FROM invoices WHERE id = ${id}`)), sum, 'total = sum of lines');
	return { month, lines };
}

test('bad input is refused with a message, never a 500', async (ctx) => {
	let r = await create(ctx.prov, '4', '2026-13');
	eq(r.status, 422, 'month 2026-13');
	assert(r.text.includes('Give the month as YYYY-MM.'), 'month message');
	r = await create(ctx.prov, '1', ctx.month);
	eq(r.status, 422, 'another provider\'s contract');
	assert(r.text.includes('Choose one of your contracts.'), 'contract message');
	r = await create(ctx.prov, 'x', ctx.month);
	eq(r.status, 422, 'contract x');
	r = await create(ctx.prov, '4', '2025-01');
	eq(r.status, 422, 'no days');
	assert(r.text.includes('There are no present days'), 'no days message');
	r = await create(ctx.prov, '2', ctx.demoMonth);
	eq(r.status, 422, 'already submitted');
	assert(r.text.includes('already been submitted'), 'duplicate message');
});

test('provider makes and submits an invoice with exact lines', async (ctx) => {
	const db = ctx.stack.db;
	const r = await create(ctx.prov, '4', ctx.month);
	eq(r.status, 303, 'create');
	const id = Number(/\/invoices\/(\d+)/.exec(r.location)[1]);
	ctx.id = id;
	const { lines } = checkLines(db, id);
	const row = sql(db, `SELECT number, version, status, iban, reference, vat_text, due_date, invoice_date, buyer_reference FROM invoices WHERE id = ${id}`)[0];
	eq(row[0], '2-00002', 'number from the sequence');
	eq(row[1], '1', 'version');
	eq(row[2], 'draft', 'draft');
	eq(row[3], 'FI2112345600000785', 'iban');
	eq(row[4], '2000024', 'reference with check digit');
	eq(row[5], 'Arvonlisäveroton sosiaalipalvelu (AVL 37 §)', 'vat text');
	eq(sqlValue(db, `SELECT julianday('${row[6]}') - julianday('${row[7]}')`), '21.0', 'due in 21 days');
	eq(row[8], 'KTT-4/2026', 'buyer reference');
	const page = await ctx.prov.get(`/invoices/${id}`);
	assert(page.text.includes('EL5005') && !page.text.includes('Eeva Lind'), 'client ref, never the name');
	assert(page.text.includes(`<td class="days">${lines[0][1]}</td>`), 'days shown');
	const s = await act(ctx.prov, id, 'submit');
	eq(s.status, 303, 'submit');
	eq(sqlValue(db, `SELECT status FROM invoices WHERE id = ${id}`), 'submitted', 'submitted');
	const n = sqlValue(db, `SELECT text_en FROM notifications WHERE user_id = 4 ORDER BY id DESC LIMIT 1`);
	eq(n, 'Invoice 2-00002 is waiting for approval.', 'finance notified');
});

test('provider cannot call finance routes; caseworker kept out', async (ctx) => {
	const page = await ctx.prov.get('/invoices');
	const hidden = formHidden(page.text, '/invoices');
	let r = await ctx.prov.post(`/invoices/${ctx.id}/approve`, hidden);
	eq(r.status, 403, 'provider approve');
	r = await ctx.cw.get('/invoices');
	eq(r.status, 403, 'caseworker list');
	r = await ctx.cw.get(`/invoices/${ctx.id}`);
	eq(r.status, 403, 'caseworker invoice');
});

test('another provider gets 404 and never sees client refs', async (ctx) => {
	let r = await ctx.other.get(`/invoices/${ctx.id}`);
	eq(r.status, 404, 'other provider');
	r = await ctx.other.get('/invoices/1');
	eq(r.status, 404, 'other provider demo invoice');
	r = await ctx.other.get('/invoices');
	eq(r.status, 200, 'own list');
	assert(!r.text.includes('AK1001') && !r.text.includes('EL5005') && !r.text.includes('2-0000'), 'nothing of org 2');
});

test('finance rejects only with a reason', async (ctx) => {
	const db = ctx.stack.db;
	let r = await ctx.fin.get(`/invoices?status=submitted&month=${ctx.month}`);
	assert(r.text.includes(`/invoices/${ctx.id}"`), 'in the queue');
	r = await act(ctx.fin, ctx.id, 'reject', { reason: '  ' });
	eq(r.status, 422, 'no reason');
	assert(r.text.includes('Give the reason for the rejection'), 'reason message');
	eq(sqlValue(db, `SELECT status FROM invoices WHERE id = ${ctx.id}`), 'submitted', 'still submitted');
	r = await act(ctx.fin, ctx.id, 'reject', { reason: 'Yksi päivä puuttuu.' });
	eq(r.status, 303, 'reject');
	eq(sqlValue(db, `SELECT status || '|' || reject_reason FROM invoices WHERE id = ${ctx.id}`), 'rejected|Yksi päivä puuttuu.', 'rejected');
});

test('provider corrects a day and makes version 2; finance approves', async (ctx) => {
	const db = ctx.stack.db;
	// A planned-or-not day of placement 5 in the month with no record.
	const day = sqlValue(db, `WITH RECURSIVE d(x) AS (SELECT '${ctx.month}-01' UNION ALL SELECT date(x, '+1 day') FROM d WHERE x < date('now', '-1 day')) SELECT max(x) FROM d WHERE x >= (SELECT start_date FROM placements WHERE id = 5) AND x NOT IN (SELECT day FROM attendance WHERE placement_id = 5 AND status = 'present')`);
	assert(day, 'a day to correct');
	const dn = Number(day.slice(8));
	const grid = await ctx.prov.get(`/invoices/days?contract=4&month=${ctx.month}`);
	const g = grid.text.slice(grid.text.indexOf('<form method="post" action="/invoices/days"'));
	let r = await ctx.prov.post('/invoices/days', { ...formHidden(g, '/invoices/days'), [`c5_${dn}`]: 'present' });
	eq(r.status, 303, 'grid save');
	const before = Number(sqlValue(db, `SELECT days FROM invoice_lines WHERE invoice_id = ${ctx.id} AND placement_id = 5`));
	r = await create(ctx.prov, '4', ctx.month);
	eq(r.status, 303, 'version 2');
	const id2 = Number(/\/invoices\/(\d+)/.exec(r.location)[1]);
	ctx.id2 = id2;
	eq(sql(db, `SELECT number, version, reference FROM invoices WHERE id = ${id2}`)[0].join('|'), '2-00002|2|2000024', 'same number, next version');
	eq(sqlValue(db, `SELECT status FROM invoices WHERE id = ${ctx.id}`), 'rejected', 'old version kept');
	checkLines(db, id2);
	eq(Number(sqlValue(db, `SELECT days FROM invoice_lines WHERE invoice_id = ${id2} AND placement_id = 5`)), before + 1, 'one day more');
	r = await act(ctx.prov, id2, 'submit');
	eq(r.status, 303, 'submit v2');
	r = await act(ctx.fin, id2, 'approve');
	eq(r.status, 303, 'approve');
	eq(sqlValue(db, `SELECT status FROM invoices WHERE id = ${id2}`), 'approved', 'approved');
	r = await create(ctx.prov, '4', ctx.month);
	eq(r.status, 422, 'no new invoice after approval');
});

test('finance filters the list by month, provider, contract and status', async (ctx) => {
	const db = ctx.stack.db;
	const cell = (html) => [...html.matchAll(/<tr><td><a href="\/invoices\/(\d+)">/g)].map((m) => Number(m[1]));
	const want = (where) => sql(db, `SELECT id FROM invoices WHERE ${where}`).map((r) => Number(r[0])).sort((a, b) => a - b);
	let r = await ctx.fin.get('/invoices?contract=4');
	eq(r.status, 200, 'by contract');
	eq(JSON.stringify(cell(r.text).sort((a, b) => a - b)), JSON.stringify(want('contract_id = 4')), 'contract 4 only');
	assert(cell(r.text).length > 0, 'contract 4 has invoices');
	r = await ctx.fin.get(`/invoices?contract=4&status=approved&month=${ctx.month}&org=2`);
	eq(JSON.stringify(cell(r.text).sort((a, b) => a - b)), JSON.stringify(want(`contract_id = 4 AND status = 'approved' AND month = '${ctx.month}' AND org_id = 2`)), 'all four filters');
	assert(r.text.includes('id="fcontract" name="contract" value="4"'), 'the filter keeps the contract');
	r = await ctx.fin.get('/invoices?contract=999');
	eq(cell(r.text).length, 0, 'no invoices of an unknown contract');
});

test('an approved month is locked for the grid and the CSV upload', async (ctx) => {
	const db = ctx.stack.db;
	const day = sqlValue(db, `SELECT max(day) FROM attendance WHERE placement_id = 5 AND substr(day, 1, 7) = '${ctx.month}'`);
	const dn = Number(day.slice(8));
	const grid = await ctx.prov.get(`/invoices/days?contract=4&month=${ctx.month}`);
	eq(grid.status, 200, 'grid');
	assert(grid.text.includes('id="locked"'), 'the grid says the month is locked');
	assert(!grid.text.includes('<form method="post" action="/invoices/days"') && !grid.text.includes('<select name="c'), 'read-only: no form, no cells to edit');
	// A stale grid posted anyway (tokens from another form of the user).
	const inv = await ctx.prov.get('/invoices');
	const before = count(db);
	let r = await ctx.prov.post('/invoices/days', { ...formHidden(inv.text, '/invoices'), contract: '4', month: ctx.month, [`c5_${dn}`]: 'absent_sick', c5_1: '' });
	eq(r.status, 422, 'grid refused');
	assert(r.text.includes(LOCKED), 'grid lock message');
	eq((r.text.match(/already approved/g) || []).length, 1, 'one message, not one per row');
	const page = await ctx.prov.get('/invoices/days/upload');
	const hidden = formHidden(page.text, '/invoices/days/upload');
	const b = '----inv' + Date.now().toString(16);
	const parts = Object.entries(hidden).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
	parts.push(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="d.csv"\r\nContent-Type: text/csv\r\n\r\nclient_ref;date;status\r\nEL5005;${day};absent\r\n\r\n--${b}--\r\n`);
	r = await ctx.prov.request('POST', '/invoices/days/upload', { body: parts.join(''), type: `multipart/form-data; boundary=${b}` });
	eq(r.status, 422, 'upload refused');
	assert(r.text.includes(LOCKED), 'upload lock message');
	eq(count(db), before, 'nothing changed');
	eq(sqlValue(db, `SELECT status FROM attendance WHERE placement_id = 5 AND day = '${day}'`), 'present', 'day kept');
});

function count(db) {
	return Number(sqlValue(db, 'SELECT count(*) FROM attendance'));
}

test('finance who recorded days of the invoice cannot approve it', async (ctx) => {
	const db = ctx.stack.db;
	const day = sqlValue(db, `SELECT min(period_start) FROM invoice_lines WHERE invoice_id = 1`);
	sql(db, `INSERT INTO attendance(placement_id, day, status, recorded_by, recorded_at) SELECT placement_id, '${day}', 'absent_other', 4, unixepoch() FROM invoice_lines WHERE invoice_id = 1 LIMIT 1 ON CONFLICT (placement_id, day) DO UPDATE SET recorded_by = 4`);
	const r = await act(ctx.fin, 1, 'approve');
	eq(r.status, 403, 'own days');
	assert(r.text.includes('whose days you recorded'), '403 message');
	eq(sqlValue(db, 'SELECT status FROM invoices WHERE id = 1'), 'submitted', 'still submitted');
	checkLines(db, 1);
});

suite('invoices', run, [['prov', 'provider'], ['other', 'kierratys'], ['fin', 'finance'], ['cw', 'caseworker']], (ctx) => {
	ctx.month = sqlValue(ctx.stack.db, "SELECT strftime('%Y-%m', 'now', '-1 day')");
	ctx.demoMonth = sqlValue(ctx.stack.db, 'SELECT month FROM invoices WHERE id = 1');
});
