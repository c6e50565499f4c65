// Warnings on an invoice, through the real stack: one test per warning
// rule as finance sees it (present on a public holiday, on a weekend,
// more present days in an ISO week than planned, hours outside 4-6, the
// same client present in two placements with two providers, and the last
// month of a service-3 placement without a capacity-assessment report),
// the lines they concern marked; the provider uploads the report (PDF
// only, only its own active service-3 placement), the caseworker is told
// and reads it, and the warning goes away.
// The scenario is January 2026 (New Year on a Thursday, Epiphany on a
// Tuesday), written into the database at the start.
// Usage: B=build node tests/stack/invoice_warnings.mjs
import { assert, eq, sql, sqlValue, formHidden, registry, unescapeHtml, suite } from './lib.mjs';
import { create, idOf, act } from './invoice_helpers.mjs';

process.env.PAIKKA_DEMO_LAYERS ??= '2';
const { test, run } = registry();
const MONTH = '2026-01';
const C3 = 100; // the service-3 contract made below
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

// Rows of the warnings table: [client ref, day, text].
function warnings(html) {
	const i = html.indexOf('id="warnings"');
	if (i < 0) return [];
	const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html.slice(i));
	return [...body[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
		[...m[1].matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => unescapeHtml(c[1].trim())));
}

function scenario(db) {
	const now = Math.floor(Date.now() / 1000);
	sql(db, `
		UPDATE organisations SET iban = 'FI2112345600000785', bic = 'NDEAFIHH' WHERE id = 2;
		INSERT INTO contracts(id, org_id, service_type_id, form, daily_price_cents, start_date, end_date, capacity, status, created_by, created_at)
			VALUES (${C3}, 2, (SELECT id FROM service_types WHERE code = 3), 'individual', 3000, '2025-12-01', '2027-12-31', 10, 'active', 2, ${now});
		INSERT INTO places(id, contract_id, org_id, title, municipality_id, service_type_id, form, weekdays, hours_min, hours_max, capacity, created_at, updated_at)
			VALUES (100, ${C3}, 2, 'Arviointijakso, puutyö', 1, (SELECT id FROM service_types WHERE code = 3), 'individual', 31, 4, 6, 5, ${now}, ${now});
		INSERT INTO placements(id, client_ref, client_name, place_id, contract_id, org_id, caseworker_id, caseworker_org_id, start_date, weekdays, hours_per_day, status, created_at)
			VALUES (100, 'WX9001', 'Wilma Testinen', 100, ${C3}, 2, 3, (SELECT org_id FROM users WHERE id = 3), '2025-12-01', 7, 5, 'active', ${now}),
			       (101, 'WX9002', 'Ville Testinen', 100, ${C3}, 2, 3, (SELECT org_id FROM users WHERE id = 3), '2025-12-01', 31, 5, 'active', ${now}),
			       (102, 'WX9002', 'Ville Testinen', (SELECT id FROM places WHERE contract_id = 1 LIMIT 1), 1, 3, 3, (SELECT org_id FROM users WHERE id = 3), '2025-12-01', 31, 5, 'active', ${now});
		INSERT INTO placement_periods(placement_id, start_date, end_date, decision_date, months, created_by, created_at)
			VALUES (100, '2025-12-01', '2026-01-31', '2025-11-20', 3, 3, ${now}),
			       (101, '2025-12-01', '2026-06-30', '2025-11-20', 7, 3, ${now}),
			       (102, '2025-12-01', '2026-06-30', '2025-11-20', 7, 3, ${now});
	`);
	// WX9001 plans Mon-Wed. WX9002 is present on 7.1. with both providers.
	const days = [
		[100, '2026-01-01', 'NULL'], [100, '2026-01-03', 'NULL'],
		[100, '2026-01-12', 'NULL'], [100, '2026-01-13', 'NULL'], [100, '2026-01-14', 'NULL'],
		[100, '2026-01-15', 'NULL'], [100, '2026-01-16', 'NULL'],
		[100, '2026-01-20', '8'], [100, '2026-01-27', '5'],
		[101, '2026-01-07', 'NULL'], [101, '2026-01-08', 'NULL'], [102, '2026-01-07', 'NULL'],
	];
	sql(db, 'INSERT INTO attendance(placement_id, day, status, hours, recorded_by, recorded_at) VALUES ' +
		days.map(([p, d, h]) => `(${p}, '${d}', 'present', ${h}, 5, ${now})`).join(', '));
}

test('the provider makes and submits the service-3 invoice of January', async (ctx) => {
	const db = ctx.stack.db;
	scenario(db);
	const r = await create(ctx.prov, String(C3), MONTH);
	eq(r.status, 303, `create: ${/class="error">([^<]*)/.exec(r.text || '')?.[1]}`);
	ctx.inv = idOf(r);
	eq(sqlValue(db, `SELECT group_concat(client_ref || ':' || days, ',') FROM (SELECT client_ref, days FROM invoice_lines WHERE invoice_id = ${ctx.inv} ORDER BY client_ref)`), 'WX9001:9,WX9002:2', 'lines');
	eq((await act(ctx.prov, ctx.inv, 'submit')).status, 303, 'submit');
	const page = await ctx.fin.get(`/invoices/${ctx.inv}`);
	eq(page.status, 200, 'finance opens it');
	ctx.rows = warnings(page.text);
	ctx.page = page.text;
});

function rowsFor(ctx, ref, day) {
	return ctx.rows.filter((r) => r[0] === ref && r[1] === day);
}

test('warning: present on a Finnish public holiday (New Year)', async (ctx) => {
	const w = rowsFor(ctx, 'WX9001', '1.1.2026');
	eq(w.length, 1, 'one row');
	assert(/public holiday/.test(w[0][2]), w[0][2]);
});

test('warning: present on a Saturday', async (ctx) => {
	const w = rowsFor(ctx, 'WX9001', '3.1.2026');
	eq(w.length, 1, 'one row');
	assert(/Saturday or Sunday|weekend/i.test(w[0][2]), w[0][2]);
});

test('warning: more present days in an ISO week than planned (5 of 3)', async (ctx) => {
	for (const d of ['12.1.2026', '13.1.2026', '14.1.2026', '15.1.2026', '16.1.2026']) {
		const w = rowsFor(ctx, 'WX9001', d);
		eq(w.length, 1, `row for ${d}`);
		assert(/week/.test(w[0][2]), w[0][2]);
	}
	eq(rowsFor(ctx, 'WX9001', '27.1.2026').length, 0, 'a planned day with 5 hours: no warning');
});

test('warning: hours outside 4-6', async (ctx) => {
	const w = rowsFor(ctx, 'WX9001', '20.1.2026');
	eq(w.length, 1, 'one row');
	assert(/hours/i.test(w[0][2]), w[0][2]);
});

test('warning: the same client present in two placements with two providers', async (ctx) => {
	const w = rowsFor(ctx, 'WX9002', '7.1.2026');
	eq(w.length, 1, 'one row');
	assert(/another placement/.test(w[0][2]), w[0][2]);
	eq(rowsFor(ctx, 'WX9002', '8.1.2026').length, 0, 'the next day alone: no warning');
});

test('warning: the last month of a service-3 placement without a capacity-assessment report', async (ctx) => {
	const w = rowsFor(ctx, 'WX9001', '');
	eq(w.length, 1, 'one row for the line');
	assert(/capacity-assessment report/.test(w[0][2]), w[0][2]);
	eq(rowsFor(ctx, 'WX9002', '').length, 0, 'a placement that goes on: no report warning');
	eq(ctx.rows.length, 10, 'ten warnings in all');
	// The lines they concern are marked with a text, not colour alone.
	assert(/<tr class="line warn"><td>WX9001 <strong class="warn-mark">⚠ 9 /.test(ctx.page), 'WX9001 marked with 9');
	assert(/<tr class="line warn"><td>WX9002 <strong class="warn-mark">⚠ 1 /.test(ctx.page), 'WX9002 marked with 1');
});

// A multipart POST of the report form.
// Without a report form of its own (another provider), the caller's
// hidden fields come from its invoice form: nonces are per user.
async function uploadReport(c, pl, name, type, bytes, own = true) {
	const page = await c.get(own ? `/placements/${pl}` : '/invoices');
	eq(page.status, 200, 'form page');
	const hidden = formHidden(page.text, own ? `/placements/${pl}/reports` : '/invoices');
	const b = '----rep' + Math.random().toString(16).slice(2);
	const parts = Object.entries(hidden).map(([k, v]) => Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
	parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="report"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`), bytes, Buffer.from(`\r\n--${b}--\r\n`));
	return c.request('POST', `/placements/${pl}/reports`, { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${b}` });
}

test('a report that is not a PDF is refused next to the field (422), nothing stored', async (ctx) => {
	const db = ctx.stack.db;
	const r = await uploadReport(ctx.prov, 100, 'arvio.txt', 'text/plain', Buffer.from('ei pdf'));
	eq(r.status, 422, 'status');
	assert(/<label for="report">[^<]*<span class="error">/.test(r.text), 'message by the field');
	eq(sqlValue(db, 'SELECT count(*) FROM assessment_reports'), '0', 'nothing stored');
});

test('only the provider of an active service-3 placement may upload', async (ctx) => {
	const db = ctx.stack.db;
	const bad = await uploadReport(ctx.other, 100, 'a.pdf', 'application/pdf', PDF, false);
	eq(bad.status, 404, 'another provider');
	const cw = await ctx.cw.get('/placements/100');
	eq(cw.status, 200, 'caseworker sees the placement');
	assert(!cw.text.includes('action="/placements/100/reports"'), 'no upload form for the caseworker');
	const s1 = await ctx.prov.get('/placements/1');
	assert(!s1.text.includes('id="reports"') && !s1.text.includes('action="/placements/1/reports"'), 'no report section on a service-1 placement');
	const r = await uploadReport(ctx.prov, 1, 'a.pdf', 'application/pdf', PDF, false);
	eq(r.status, 404, 'service-1 placement');
	eq(sqlValue(db, 'SELECT count(*) FROM assessment_reports'), '0', 'nothing stored');
});

test('the provider uploads the report; the caseworker is told and reads it; the warning goes', async (ctx) => {
	const db = ctx.stack.db;
	const r = await uploadReport(ctx.prov, 100, 'arvio.pdf', 'application/pdf', PDF);
	eq(r.status, 303, 'upload');
	assert(/\/placements\/100\?msg=report/.test(r.location), r.location);
	const row = sql(db, 'SELECT a.id, f.size, a.uploaded_by FROM assessment_reports a JOIN files f ON f.id = a.file_id')[0];
	eq(row[1], String(PDF.length), 'size');
	eq(row[2], '5', 'uploaded by the provider user');
	eq(sqlValue(db, "SELECT count(*) FROM notifications WHERE user_id = 3 AND text_en LIKE '%capacity-assessment report for client WX9001%'"), '1', 'caseworker notified');
	eq(sqlValue(db, "SELECT count(*) FROM audit_log WHERE action = 'placement.report' AND object = 'placement:100'"), '1', 'audited');
	const page = await ctx.cw.get('/placements/100');
	assert(page.text.includes(`href="/placements/100/reports/${row[0]}"`), 'listed for the caseworker');
	const f = await ctx.cw.get(`/placements/100/reports/${row[0]}`);
	eq(f.status, 200, 'caseworker downloads');
	assert(f.text.startsWith('%PDF-'), 'the PDF');
	eq((await ctx.other.get(`/placements/100/reports/${row[0]}`)).status, 404, 'another provider');
	eq((await ctx.cw.get(`/placements/101/reports/${row[0]}`)).status, 404, 'report of another placement');
	eq((await ctx.fin.get(`/placements/100/reports/${row[0]}`)).status, 403, 'finance');
	const inv = await ctx.fin.get(`/invoices/${ctx.inv}`);
	const rows = warnings(inv.text);
	eq(rows.filter((x) => x[1] === '').length, 0, 'report warning gone');
	eq(rows.length, 9, 'the day warnings stay');
});

suite('invoice-warnings', run, [['prov', 'provider'], ['other', 'kierratys'], ['fin', 'finance'], ['cw', 'caseworker']]);
