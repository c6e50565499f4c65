// The memo (src/memo.c) through the real stack: the tender list, the
// catalogue search, the front page and an invoice's lines are kept by
// each worker while the database is unchanged. For each page: a repeated
// view (served from the memo) is the same as the first, nonces and
// tokens aside; then a change written by another process (the sqlite3
// CLI, as another worker would) shows on the next view of every worker;
// and a change made through the portal by another program shows too.
// Also the invoice lines' column of present days in the month before
// (a date range since this round, no longer a substr over every day).
// Usage: B=build node tests/stack/memo.mjs
import { assert, eq, sql, sqlValue, q, registry, Client, suite } from './lib.mjs';

const { test, run } = registry();
const VIEWS = 8; // concurrent views, so that every worker serves some

// The page without what differs between two views: one-time nonces and
// the session's CSRF token.
const stable = (html) => html.replace(/name="(nonce|csrf)" value="[0-9a-f]*"/g, 'name="$1" value=""');

// VIEWS concurrent GETs of p by client c; returns the bodies (all 200).
async function views(c, p) {
	const rs = await Promise.all(Array.from({ length: VIEWS }, () => c.get(p)));
	for (const r of rs) eq(r.status, 200, `GET ${p}`);
	return rs.map((r) => r.text);
}

// Views p, checks that all views agree, changes the data, and checks
// that every following view shows want (and none shows the old text).
async function freshAfter(c, p, change, want, old) {
	const before = await views(c, p);
	for (const t of before) eq(stable(t), stable(before[0]), `${p}: a repeated view is the same`);
	assert(before[0].includes(old), `${p} shows ${old} before`);
	await change();
	const after = await views(c, p);
	for (const t of after) {
		assert(t.includes(want), `${p} shows ${want} after the change`);
		assert(!t.includes(old), `${p} no longer shows ${old}`);
	}
}

test('the tender list follows a title changed by another process', async (ctx) => {
	const db = ctx.stack.db;
	const [id, title] = sql(db, "SELECT id, title_fi FROM tenders WHERE status IN ('published', 'opened', 'awarded') ORDER BY id LIMIT 1")[0];
	const set = (t) => () => sql(db, `UPDATE tenders SET title_fi = ${q(t)}, title_sv = ${q(t)} WHERE id = ${id}`);
	await freshAfter(ctx.anon, '/tenders', set('Memo tender A1'), 'Memo tender A1', `>${title}<`);
	await freshAfter(ctx.anon, '/tenders', set('Memo tender A2'), 'Memo tender A2', 'Memo tender A1');
});

test('the search follows a place renamed by another process and by its provider', async (ctx) => {
	const db = ctx.stack.db;
	const [id, title] = sql(db, "SELECT p.id, p.title FROM places p JOIN contracts c ON c.id = p.contract_id WHERE p.status = 'open' AND c.status = 'active' AND p.org_id = (SELECT org_id FROM users WHERE username = 'provider') ORDER BY p.id LIMIT 1")[0];
	const word = title.split(/\s+/)[0];
	const p = `/places?q=${encodeURIComponent(word)}&sort=name`;
	await freshAfter(ctx.cw, p, () => sql(db, `UPDATE places SET title = ${q(`${word} memo B1`)} WHERE id = ${id}`),
		`${word} memo B1`, `>${title}<`);
	// Through the portal: the provider pauses the place (a catalogue
	// worker, maybe not the one that kept the page); caseworkers find
	// open places only.
	const before = await views(ctx.cw, p);
	for (const t of before) assert(t.includes(`${word} memo B1`), 'found before the pause');
	const r = await ctx.prov.submit(`/places/${id}`, `/places/${id}/status`, { status: 'paused' });
	eq(r.status, 303, 'paused');
	for (const t of await views(ctx.cw, p)) assert(!t.includes(`${word} memo B1`), 'a paused place is not found');
});

test('the front page follows a name changed by another process', async (ctx) => {
	const db = ctx.stack.db;
	const name = sqlValue(db, "SELECT name FROM users WHERE username = 'provider'");
	await freshAfter(ctx.prov, '/', () => sql(db, "UPDATE users SET name = 'Memo Name C1' WHERE username = 'provider'"),
		'Memo Name C1', name);
	sql(db, `UPDATE users SET name = ${q(name)} WHERE username = 'provider'`);
});

test('an invoice\'s lines follow a service renamed by another process', async (ctx) => {
	const db = ctx.stack.db;
	const id = sqlValue(db, "SELECT i.id FROM invoices i WHERE i.status = 'submitted' AND kind = 'invoice' AND EXISTS (SELECT 1 FROM invoice_lines WHERE invoice_id = i.id) ORDER BY i.id LIMIT 1");
	assert(id, 'the demo has a submitted invoice');
	const st = sqlValue(db, `SELECT service_type_id FROM invoice_lines WHERE invoice_id = ${id} LIMIT 1`);
	const name = sqlValue(db, `SELECT name_en FROM service_types WHERE id = ${st}`);
	try {
		await freshAfter(ctx.fin, `/invoices/${id}`, () => sql(db, `UPDATE service_types SET name_en = 'Memo service D1' WHERE id = ${st}`),
			'Memo service D1', `<td>${name}</td>`);
		// The provider's view of the same invoice is kept apart (no
		// previous-month column) and follows too.
		const pv = await views(ctx.prov, `/invoices/${id}`);
		for (const t of pv) {
			assert(t.includes('Memo service D1'), 'provider sees the new name');
			assert(!t.includes('Days in the previous month'), 'provider view has no previous-month column');
		}
		const fv = await ctx.fin.get(`/invoices/${id}`);
		assert(fv.text.includes('Days in the previous month'), 'finance view keeps its column');
	} finally {
		sql(db, `UPDATE service_types SET name_en = ${q(name)} WHERE id = ${st}`);
	}
});

// The lines of an invoice page: [client ref, days, previous month].
function lines(html) {
	return [...html.matchAll(/<tr class="line[^"]*">([\s\S]*?)<\/tr>/g)].map((m) => {
		const td = [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]);
		return [td[0].replace(/<[\s\S]*$/, '').trim(), td[3], td[4]];
	});
}

test('an invoice\'s lines show each placement\'s present days of the month before', async (ctx) => {
	const db = ctx.stack.db;
	const id = sqlValue(db, "SELECT i.id FROM invoices i WHERE i.status = 'submitted' AND kind = 'invoice' AND EXISTS (SELECT 1 FROM invoice_lines WHERE invoice_id = i.id) ORDER BY i.id LIMIT 1");
	const month = sqlValue(db, `SELECT month FROM invoices WHERE id = ${id}`);
	const prev = sqlValue(db, `SELECT strftime('%Y-%m', '${month}-01', '-1 month')`);
	// A present day on the first and on the last day of the month before,
	// and one on the first of the invoice's month (not counted).
	const pl = sqlValue(db, `SELECT placement_id FROM invoice_lines WHERE invoice_id = ${id} ORDER BY client_ref, id LIMIT 1`);
	const last = sqlValue(db, `SELECT date('${month}-01', '-1 day')`);
	sql(db, `INSERT OR REPLACE INTO attendance(placement_id, day, status, recorded_by, recorded_at)
		VALUES (${pl}, '${prev}-01', 'present', 2, 0), (${pl}, '${last}', 'present', 2, 0)`);
	const want = sql(db, `SELECT l.client_ref, l.days, (SELECT count(*) FROM attendance a WHERE a.placement_id = l.placement_id
		AND a.status = 'present' AND substr(a.day, 1, 7) = '${prev}') FROM invoice_lines l WHERE l.invoice_id = ${id} ORDER BY l.client_ref, l.id`);
	assert(Number(want[0][2]) >= 2, 'the first line has days the month before');
	const got = lines((await ctx.fin.get(`/invoices/${id}`)).text);
	eq(JSON.stringify(got), JSON.stringify(want), 'lines: client, days, days the month before');
});

suite('memo', run, [['cw', 'caseworker'], ['prov', 'provider'], ['fin', 'finance']],
	(ctx) => { ctx.anon = new Client(ctx.stack); });
