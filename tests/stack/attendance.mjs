// Realised days through the real stack: the month grid (provider records,
// finance views), CSV upload with every error kind (422, nothing stored),
// the corrected file stored, the same file again changes nothing, a later
// file overwrites, warnings on the grid, other providers / caseworker /
// anonymous kept out, hostile files never a 500.
// Usage: B=build node tests/stack/attendance.mjs
import {
	assert, eq, startStack, stopStack, sql, sqlValue, Client, login, formHidden, registry, finish,
} from './lib.mjs';

// This suite records its own days on the demo story's contracts and
// placements (layers 1-2), without the demo's recorded days (layer 3).
process.env.PAIKKA_DEMO_LAYERS ??= '2';

const { test, run } = registry();

function fileBody(fields, name, content) {
	const b = '----att' + Date.now().toString(16);
	const parts = [];
	for (const [k, v] of Object.entries(fields))
		parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
	parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`));
	parts.push(Buffer.isBuffer(content) ? content : Buffer.from(content));
	parts.push(Buffer.from(`\r\n--${b}--\r\n`));
	return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${b}` };
}

async function upload(c, content) {
	const page = await c.get('/invoices/days/upload');
	eq(page.status, 200, 'upload page');
	const hidden = formHidden(page.text, '/invoices/days/upload');
	const mp = fileBody(hidden, 'days.csv', content);
	return c.request('POST', '/invoices/days/upload', { body: mp.body, type: mp.type });
}

const postHidden = (html) => formHidden(html.slice(html.indexOf('<form method="post" action="/invoices/days"')), '/invoices/days');
const day = (db, expr) => sqlValue(db, `SELECT date('now', ${expr})`);
const fi = (iso) => { const [y, m, d] = iso.split('-').map(Number); return `${d}.${m}.${y}`; };
const count = (db, w = '1') => Number(sqlValue(db, `SELECT count(*) FROM attendance WHERE ${w}`));

test('provider sees its grid with its clients', async (ctx) => {
	const r = await ctx.prov.get('/invoices/days?contract=2');
	eq(r.status, 200, 'grid');
	assert(r.text.includes('AK1001') && r.text.includes('Aila Koivunen'), 'client shown');
	assert(r.text.includes('class="table-scroll" role="region" tabindex="0"'), 'scroll region');
	assert(/aria-label="AK1001, \d+\.\d+\.\d{4}"/.test(r.text), 'cell labels');
});

test('grid save records and clears a day', async (ctx) => {
	const db = ctx.stack.db;
	const d = day(db, "'-1 days'");
	const month = d.slice(0, 7);
	const dn = Number(d.slice(8));
	const page = await ctx.prov.get(`/invoices/days?contract=2&month=${month}`);
	const hidden = postHidden(page.text);
	let r = await ctx.prov.post('/invoices/days', { ...hidden, [`c1_${dn}`]: 'present' });
	eq(r.status, 303, 'save');
	eq(sqlValue(db, `SELECT status FROM attendance WHERE placement_id = 1 AND day = '${d}'`), 'present', 'stored');
	const page2 = await ctx.prov.get(`/invoices/days?contract=2&month=${month}`);
	r = await ctx.prov.post('/invoices/days', { ...postHidden(page2.text), [`c1_${dn}`]: 'bogus' });
	eq(r.status, 422, 'bad status');
	const page3 = await ctx.prov.get(`/invoices/days?contract=2&month=${month}`);
	r = await ctx.prov.post('/invoices/days', { ...postHidden(page3.text), [`c1_${dn}`]: '' });
	eq(r.status, 303, 'clear');
	eq(count(db, `placement_id = 1 AND day = '${d}'`), 0, 'deleted');
});

test('CSV with every error kind: 422, every row listed, nothing stored', async (ctx) => {
	const db = ctx.stack.db;
	const before = count(db);
	const ok = day(db, "'-2 days'");
	const csv = [
		'client_ref;date;status;hours',
		`ZZ9999;${ok};present;5`,                // 2 unknown ref
		'AK1001;31.2.2026;present;5',            // 3 no such date
		`AK1001;${ok};here;5`,                   // 4 status
		`AK1001;${ok};present;25`,               // 5 hours
		`AK1001;${day(db, "'-40 days'")};present;`, // 6 before the period
		`FN6006;${day(db, "'-1 days'")};present;`,  // 7 after an ended placement
		`CJ3003;${ok};present;`,                 // 8 another provider's client
		`BM2002;${ok};present;5`,                // 9 fine, but not stored
	].join('\n');
	const r = await upload(ctx.prov, csv);
	eq(r.status, 422, 'status');
	for (const row of [2, 3, 4, 5, 6, 7, 8])
		assert(new RegExp(`<td>${row}</td>`).test(r.text), `row ${row} listed`);
	assert(!/<td>9<\/td>/.test(r.text), 'row 9 not listed');
	eq(count(db), before, 'nothing stored');
});

test('corrected file stored; again no change; later file overwrites', async (ctx) => {
	const db = ctx.stack.db;
	const d1 = day(db, "'-3 days'"), d2 = day(db, "'-4 days'");
	const csv = `\ufeffclient_ref,date,status\r\nAK1001,${fi(d1)},Läsnä\r\n"BM2002",${d2},POISSA\r\n`;
	let r = await upload(ctx.prov, csv);
	eq(r.status, 303, 'stored');
	const n = count(db);
	const at = sqlValue(db, 'SELECT group_concat(recorded_at) FROM attendance');
	r = await upload(ctx.prov, csv);
	eq(r.status, 303, 'again');
	eq(count(db), n, 'no new rows');
	eq(sqlValue(db, 'SELECT group_concat(recorded_at) FROM attendance'), at, 'nothing touched');
	r = await upload(ctx.prov, `client_ref;date;status\nAK1001;${d1};absent\n`);
	eq(r.status, 303, 'later');
	eq(sqlValue(db, `SELECT status FROM attendance WHERE placement_id = 1 AND day = '${d1}'`), 'absent_other', 'overwritten');
	eq(count(db), n, 'still no new rows');
});

test('warnings appear on the grid', async (ctx) => {
	const db = ctx.stack.db;
	// A Saturday within AK1001's period, hours 3, a week over its 3 planned days.
	const sat = sqlValue(db, "SELECT date('now', '-7 days', 'weekday 6')");
	const mon = sqlValue(db, `SELECT date('${sat}', '-5 days')`);
	const rows = ['client_ref;date;status;hours', `AK1001;${sat};present;3`];
	for (let i = 0; i < 4; i++) rows.push(`AK1001;${sqlValue(db, `SELECT date('${mon}', '+${i} days')`)};present;5`);
	// The same client in a second placement of the same provider.
	sql(db, "INSERT INTO placements(id, client_ref, client_name, place_id, contract_id, org_id, caseworker_id, caseworker_org_id, start_date, weekdays, hours_per_day, status, created_at) VALUES (50, 'AK1001', 'Aila Koivunen', 2, 4, 2, 3, 1, date('now', '-28 days'), 31, 5, 'active', 0)");
	sql(db, `INSERT INTO attendance(placement_id, day, status, recorded_by, recorded_at) VALUES (50, '${mon}', 'present', 1, 0)`);
	const r = await upload(ctx.prov, rows.join('\n'));
	eq(r.status, 303, `upload ${r.status === 422 ? r.text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(-600) : ''}`);
	const g = await ctx.prov.get(`/invoices/days?contract=2&month=${sat.slice(0, 7)}`);
	for (const w of ['Present on a Saturday or Sunday.', 'Hours outside 4-6.', 'More present days in the week than planned.',
		'The same client is present in another placement on this day.'])
		assert(g.text.includes(w), `warning: ${w}`);
});

test('holiday 6.12. is a warning', async (ctx) => {
	const db = ctx.stack.db;
	sql(db, "UPDATE contracts SET start_date = '2026-01-01' WHERE id = 2; UPDATE placements SET start_date = '2026-12-01' WHERE id = 2; INSERT INTO placement_periods(placement_id, start_date, end_date, decision_date, months, created_by, created_at) VALUES (2, '2026-12-01', '2027-03-31', '2026-11-01', 4, 3, 0)");
	const r = await upload(ctx.prov, 'client_ref;date;status\nBM2002;6.12.2026;present\n');
	eq(r.status, 303, 'upload');
	const g = await ctx.prov.get('/invoices/days?contract=2&month=2026-12');
	assert(g.text.includes('Present on a public holiday.'), 'holiday warning');
});

test('others kept out; finance read-only', async (ctx) => {
	const k = new Client(ctx.stack);
	await login(k, 'kierratys');
	eq((await k.get('/invoices/days?contract=2')).status, 404, 'other provider grid');
	const own = await k.get('/invoices/days');
	eq(own.status, 200, 'own grid');
	assert(!own.text.includes('AK1001'), 'no org 2 client');
	const r = await upload(k, 'client_ref;date;status\nAK1001;' + day(ctx.stack.db, "'-3 days'") + ';present\n');
	eq(r.status, 422, 'cannot record org 2 client');
	const cw = new Client(ctx.stack);
	await login(cw, 'caseworker');
	eq((await cw.get('/invoices/days')).status, 403, 'caseworker');
	const anon = new Client(ctx.stack);
	const a = await anon.get('/invoices/days');
	assert(a.status === 303 && /login/.test(a.location || ''), 'anonymous to login');
	const f = new Client(ctx.stack);
	await login(f, 'finance');
	const fg = await f.get('/invoices/days?contract=2');
	eq(fg.status, 200, 'finance grid');
	assert(!fg.text.includes('<select name="c') && !fg.text.includes('Aila'), 'read-only, no client data');
});

test('hostile files never 500', async (ctx) => {
	const big = Buffer.alloc(5 * 1024 * 1024, ',');
	const many = ['client_ref;date;status'];
	for (let i = 0; i < 10000; i++) many.push(`X${i};1.1.2026;present`);
	for (const [what, body] of [['binary', Buffer.from([0, 255, 1, 2, 0xc3, 0x28, 10])], ['commas', big],
		['10000 rows', many.join('\n')], ['header only', 'client_ref;date;status\n'], ['empty', '']]) {
		const r = await upload(ctx.prov, body);
		assert(r.status !== 500, `${what}: 500`);
		assert(r.status === 422 || r.status === 413, `${what}: ${r.status}`);
	}
});

// attendance_months (migration 0011) is kept by triggers: after every
// upload and grid save above, and after direct changes of each kind, it
// equals a count over the days.
test('the present days per contract and month follow every change of the days', async (ctx) => {
	const db = ctx.stack.db;
	const same = (what) => {
		const want = sql(db, "SELECT p.contract_id, substr(a.day, 1, 7), count(*) FROM attendance a JOIN placements p ON p.id = a.placement_id WHERE a.status = 'present' GROUP BY 1, 2 ORDER BY 1, 2").map((r) => r.join('|'));
		const got = sql(db, 'SELECT contract_id, month, present FROM attendance_months WHERE present <> 0 ORDER BY 1, 2').map((r) => r.join('|'));
		eq(JSON.stringify(got), JSON.stringify(want), what);
		eq(sqlValue(db, 'SELECT count(*) FROM attendance_months WHERE present < 0'), '0', `${what}: no negative count`);
	};
	same('after the suite');
	const [pl, day] = sql(db, "SELECT placement_id, day FROM attendance WHERE status = 'present' LIMIT 1")[0];
	const other = sqlValue(db, `SELECT id FROM placements WHERE contract_id <> (SELECT contract_id FROM placements WHERE id = ${pl}) LIMIT 1`);
	sql(db, `UPDATE attendance SET status = 'absent_sick' WHERE placement_id = ${pl} AND day = '${day}'`);
	same('present → absent');
	sql(db, `UPDATE attendance SET status = 'present', day = '2030-01-15' WHERE placement_id = ${pl} AND day = '${day}'`);
	same('absent → present in another month');
	sql(db, `UPDATE attendance SET placement_id = ${other} WHERE placement_id = ${pl} AND day = '2030-01-15'`);
	same('moved to another contract');
	sql(db, `DELETE FROM attendance WHERE placement_id = ${other} AND day = '2030-01-15'`);
	same('deleted');
	sql(db, `INSERT INTO attendance(placement_id, day, status, recorded_by, recorded_at) VALUES (${pl}, '2030-02-01', 'present', 5, 0), (${pl}, '2030-02-02', 'absent_other', 5, 0)`);
	same('inserted');
});

async function main() {
	let stack, passed = 0, failed = 0;
	try {
		stack = await startStack('attendance');
		const prov = new Client(stack);
		await login(prov, 'provider');
		({ passed, failed } = await run({ stack, prov }));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${e.message}`);
	} finally {
		if (stack) stopStack(stack);
	}
	finish(stack, passed, failed);
}

main();
