// Kela day statements and finance's monthly summary through the real
// stack (full demo: layer 3 days, layer 4 an invoice): exact day counts
// against the attendance rows for last month and this month, the CSV
// equal to the page, audit rows for every view, roles and another
// caseworker organisation kept out, summary totals equal to sums over
// the invoices, and bad months refused with a message, never a 500.
// Usage: B=build node tests/stack/reports.mjs
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
	B, ROOT, PASSWORD, assert, eq, startStack, stopStack, sql, sqlValue, Client, login, registry, auditMark, auditSince, unescapeHtml, finish,
} from './lib.mjs';

const { test, run } = registry();

// Rows of the first table's tbody as arrays of cell texts.
function tableRows(html, id) {
	let t = html;
	if (id) {
		const i = html.indexOf(`id="${id}"`);
		assert(i >= 0, `table ${id}`);
		t = html.slice(i);
	}
	const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(t);
	if (!body) return [];
	return [...body[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
		[...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => unescapeHtml(c[1].trim())));
}
function footRow(html, id) {
	const t = html.slice(html.indexOf(`id="${id}"`));
	const f = /<tfoot>([\s\S]*?)<\/tfoot>/.exec(t);
	return [...f[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => unescapeHtml(c[1].trim()));
}
// Cents of a shown amount ("€1,234.50", "1 234,50 €", "-€3.00").
function cents(s) {
	const d = s.replace(/[^0-9-]/g, '');
	assert(/^-?\d{3,}$/.test(d), `amount ${s}`);
	return Number(d);
}

function expected(db, month, org) {
	return sql(db, `SELECT p.client_ref, p.client_name, count(a.id) FROM placements p LEFT JOIN attendance a ` +
		`ON a.placement_id = p.id AND a.status = 'present' AND substr(a.day, 1, 7) = '${month}' ` +
		`WHERE p.caseworker_org_id = ${org} GROUP BY p.id HAVING count(a.id) > 0 ` +
		`ORDER BY p.client_ref`);
}

for (const which of ['last', 'this']) {
	test(`Kela page and CSV of ${which} month: exact days, CSV = page, audited`, async (ctx) => {
		const db = ctx.stack.db;
		const month = ctx[which];
		const mark = auditMark(db);
		const page = await ctx.cw.get(which === 'last' ? '/invoices/kela' : `/invoices/kela?month=${month}`);
		eq(page.status, 200, 'page');
		const rows = tableRows(page.text);
		const want = expected(db, month, 1);
		if (which === 'last') assert(want.length > 0, 'demo has present days last month');
		// Every placement with present days is on the page with its exact count.
		for (const [ref, name, days] of want) {
			const row = rows.find((x) => x[0] === ref && x[1] === name && x[4] === days);
			assert(row, `row for ${ref} with ${days} days`);
			eq(cents(row[5]), Number(days) * 900, `compensation of ${ref}`);
		}
		const sumDays = rows.reduce((s, x) => s + Number(x[4]), 0);
		const allDays = Number(sqlValue(db, `SELECT count(*) FROM attendance a JOIN placements p ON p.id = a.placement_id ` +
			`WHERE p.caseworker_org_id = 1 AND a.status = 'present' AND substr(a.day, 1, 7) = '${month}'`));
		eq(sumDays, allDays, 'all present days');
		const sorted = rows.map((x) => x[0]);
		eq(JSON.stringify(sorted), JSON.stringify([...sorted].sort()), 'sorted by client reference');
		if (rows.length) eq(footRow(page.text.replace('<table', '<table id="k"'), 'k')[1], String(allDays), 'total days');
		const csv = await ctx.cw.get(`/invoices/kela.csv?month=${month}`);
		eq(csv.status, 200, 'csv');
		assert(/attachment; filename="kela-\d{4}-\d{2}\.csv"/.test(csv.headers.get('content-disposition')), 'attachment');
		assert(/^text\/csv/.test(csv.headers.get('content-type')), 'csv type');
		const raw = Buffer.from(await (await fetch(ctx.stack.base + `/invoices/kela.csv?month=${month}`,
			{ headers: { cookie: ctx.cw.cookieHeader(), 'accept-language': 'en' } })).arrayBuffer());
		eq(raw.subarray(0, 3).toString('hex'), 'efbbbf', 'BOM');
		const lines = raw.subarray(3).toString('utf8').split('\r\n');
		eq(lines.pop(), '', 'ends in CRLF');
		assert(!lines.some((l) => l.includes('\n')), 'CRLF only');
		eq(lines[0], 'Client reference;Client name;Place;Provider;Realised days;Compensation (€)', 'header');
		eq(lines.length - 1, rows.length, 'as many rows as the page');
		for (let i = 1; i < lines.length; i++) {
			const f = lines[i].split(';');
			const p = rows[i - 1];
			eq(f[0], p[0], 'ref'); eq(f[1], p[1], 'name'); eq(f[4], p[4], 'days');
			eq(f[5], `${Number(p[4]) * 9},00`, 'euros with a decimal comma');
		}
		const a1 = auditSince(db, mark, 'kela.view');
		eq(a1.length, 1, 'one kela.view row');
		eq(a1[0][0], 'caseworker', 'actor'); eq(a1[0][1], `kela:${month}`, 'object');
		eq(a1[0][2], `rows=${rows.length}`, 'details');
		eq(auditSince(db, mark, 'kela.csv').length, 2, 'kela.csv rows');
	});
}

test('provider and finance get 403 on Kela; admin sees all', async (ctx) => {
	for (const c of [ctx.prov, ctx.fin]) {
		eq((await c.get('/invoices/kela')).status, 403, 'page');
		eq((await c.get('/invoices/kela.csv')).status, 403, 'csv');
	}
	eq((await ctx.prov.get('/invoices/summary')).status, 403, 'provider summary');
	eq((await ctx.cw.get('/invoices/summary')).status, 403, 'caseworker summary');
	const a = await ctx.admin.get(`/invoices/kela?month=${ctx.last}`);
	eq(a.status, 200, 'admin');
	const n = Number(sqlValue(ctx.stack.db, `SELECT count(DISTINCT a.placement_id) FROM attendance a ` +
		`WHERE a.status = 'present' AND substr(a.day, 1, 7) = '${ctx.last}'`));
	assert(tableRows(a.text).filter((x) => Number(x[4]) > 0).length === n, 'admin sees every placement with days');
});

test('a caseworker of another organisation sees none of org 1\'s clients', async (ctx) => {
	const db = ctx.stack.db;
	const refs = sql(db, 'SELECT client_ref, client_name FROM placements WHERE caseworker_org_id = 1');
	assert(refs.length > 0, 'org 1 has placements');
	for (const m of [ctx.last, ctx.this]) {
		const r = await ctx.other.get(`/invoices/kela?month=${m}`);
		eq(r.status, 200, 'page');
		eq(tableRows(r.text).length, 0, 'no rows');
		for (const [ref, name] of refs) assert(!r.text.includes(name) && !r.text.includes(`<td>${ref}</td>`), `no ${ref}`);
		const c = await ctx.other.get(`/invoices/kela.csv?month=${m}`);
		eq(c.text.replace(/^\ufeff/, '').split('\r\n').filter((l) => l).length, 1, 'csv header only');
	}
});

test('summary totals equal sums over the invoices table', async (ctx) => {
	const db = ctx.stack.db;
	const months = sql(db, "SELECT DISTINCT month FROM invoices WHERE status <> 'draft'").map((x) => x[0]);
	assert(months.length > 0, 'demo has a sent invoice');
	for (const m of [...months, ctx.this]) {
		const r = await ctx.fin.get(`/invoices/summary?month=${m}`);
		eq(r.status, 200, 'summary');
		const s = (cond) => Number(sqlValue(db, `SELECT coalesce(sum(net_cents), 0) FROM invoices WHERE month = '${m}' AND ${cond}`));
		const want = [s("status <> 'draft'"), s("status = 'approved'"), s("status = 'rejected'"), s("status = 'submitted'")];
		for (const id of ['by-provider', 'by-service', 'by-municipality'])
			eq(JSON.stringify(footRow(r.text, id).slice(1).map(cents)), JSON.stringify(want), `${m} ${id} total`);
		const prov = tableRows(r.text, 'by-provider');
		const np = Number(sqlValue(db, `SELECT count(DISTINCT org_id) FROM invoices WHERE month = '${m}' AND status <> 'draft'`));
		eq(prov.length, np, 'one row per provider');
	}
	eq((await ctx.admin.get('/invoices/summary')).status, 200, 'admin, default month');
});

test('bad months are refused with a message, never a 500', async (ctx) => {
	for (const m of ['2026-13', 'x', '2026-1', '1999-12', "'; DROP TABLE x"]) {
		const q = encodeURIComponent(m);
		let r = await ctx.cw.get(`/invoices/kela?month=${q}`);
		eq(r.status, 422, `kela ${m}`);
		assert(r.text.includes('Give the month as YYYY-MM.'), 'kela message');
		r = await ctx.cw.get(`/invoices/kela.csv?month=${q}`);
		eq(r.status, 400, `kela.csv ${m}`);
		assert(r.text.includes('Give the month as YYYY-MM.'), 'csv message');
		r = await ctx.fin.get(`/invoices/summary?month=${q}`);
		eq(r.status, 422, `summary ${m}`);
		assert(r.text.includes('Give the month as YYYY-MM.'), 'summary message');
	}
});

test('home links to the reports', async (ctx) => {
	assert((await ctx.cw.get('/')).text.includes('href="/invoices/kela"'), 'caseworker link');
	assert((await ctx.fin.get('/')).text.includes('href="/invoices/summary"'), 'finance link');
});

async function main() {
	let stack, passed = 0, failed = 0;
	try {
		stack = await startStack('reports');
		const db = stack.db;
		sql(db, "INSERT INTO organisations(id, kind, name, ytunnus, status, created_at, approved_at) VALUES " +
			"(90, 'buyer', 'Toinen hyvinvointialue', '0000000-0', 'approved', unixepoch(), unixepoch())");
		execFileSync(path.join(ROOT, B, 'bin/paikkactl'), ['adduser', 'othercw', 'caseworker', 'Olli Toinen', '90'],
			{ input: `${PASSWORD}\n`, env: { ...process.env, PAIKKA_DB: db } });
		const ctx = { stack };
		for (const [k, u] of [['prov', 'provider'], ['fin', 'finance'], ['cw', 'caseworker'], ['admin', 'admin'], ['other', 'othercw']]) {
			ctx[k] = new Client(stack);
			const r = await login(ctx[k], u);
			eq(r.status, 303, `login ${u}`);
		}
		ctx.this = sqlValue(db, "SELECT strftime('%Y-%m', 'now', 'localtime')");
		ctx.last = sqlValue(db, "SELECT strftime('%Y-%m', 'now', 'localtime', 'start of month', '-1 month')");
		({ passed, failed } = await run(ctx));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${e.message}`);
	} finally {
		if (stack) stopStack(stack);
	}
	finish(stack, passed, failed);
}

main();
