// Exports of approved invoices through the real stack: finance approves
// the demo's waiting invoice, downloads its Finvoice 3.0 (validated with
// xmllint against Finvoice3.0.xsd), the month's batch (each Finvoice in
// it validated) and the accounting CSV (rows = the invoice lines, exact
// totals); invoices not approved are 404, a provider downloads its own
// approved invoice, another provider gets 404 and the caseworker 403.
// The XSD is found under $PAIKKA_STANDARDS (default ../shared/standards
// from the repository root); without it or xmllint the validation is
// skipped with a printed reason.
// Usage: B=build node tests/stack/exports.mjs
import { assert, eq, sql, sqlValue, formHidden, registry, suite } from './lib.mjs';
import { CSV_HEADER, cents, validate, skipNote, tag } from './finvoice_helpers.mjs';

const { test, run } = registry();
function noClientNames(db, text) {
	for (const [name] of sql(db, 'SELECT client_name FROM placements')) {
		assert(!text.includes(name), `client name ${name} in the export`);
	}
}

async function approve(c, id) {
	const page = await c.get(`/invoices/${id}`);
	eq(page.status, 200, `invoice ${id}`);
	return c.post(`/invoices/${id}/approve`, formHidden(page.text, `/invoices/${id}/approve`));
}

test('an invoice not approved is not exported', async (ctx) => {
	eq(sqlValue(ctx.stack.db, 'SELECT status FROM invoices WHERE id = 1'), 'submitted', 'demo invoice waits');
	eq((await ctx.fin.get('/invoices/1/finvoice.xml')).status, 404, 'finance: submitted');
	eq((await ctx.prov.get('/invoices/1/finvoice.xml')).status, 404, 'provider: submitted');
	eq((await ctx.fin.get('/invoices/999/finvoice.xml')).status, 404, 'missing');
	const csv = await ctx.fin.get(`/invoices/export.csv?month=${ctx.month}`);
	eq(csv.status, 200, 'csv');
	eq(csv.text.split('\r\n').filter((l) => l).length, 1, 'header only before approval');
});

test('finance approves and downloads a valid Finvoice', async (ctx) => {
	const db = ctx.stack.db;
	const r = await approve(ctx.fin, 1);
	eq(r.status, 303, 'approve');
	const x = await ctx.fin.get('/invoices/1/finvoice.xml');
	eq(x.status, 200, 'download');
	assert(/^application\/xml; charset=utf-8$/i.test(x.headers.get('content-type')), `type ${x.headers.get('content-type')}`);
	assert(/attachment; filename="finvoice-2-00001-1\.xml"/.test(x.headers.get('content-disposition') || ''), 'disposition');
	noClientNames(db, x.text);
	const inv = sql(db, 'SELECT number, total_cents, reference, iban, bic, invoice_date, due_date FROM invoices WHERE id = 1')[0];
	eq(tag(x.text, 'InvoiceNumber'), inv[0], 'number');
	eq(cents(tag(x.text, 'InvoiceTotalVatIncludedAmount')), Number(inv[1]), 'total');
	eq(cents(tag(x.text, 'EpiInstructedAmount')), Number(inv[1]), 'instructed amount');
	eq(tag(x.text, 'InvoiceTotalVatAmount'), '0,00', 'vat');
	eq(tag(x.text, 'EpiRemittanceInfoIdentifier'), inv[2], 'reference');
	eq(tag(x.text, 'EpiAccountID'), inv[3], 'iban');
	eq(tag(x.text, 'EpiBfiIdentifier'), inv[4], 'bic');
	eq(tag(x.text, 'InvoiceDate'), inv[5].replace(/-/g, ''), 'invoice date');
	eq(tag(x.text, 'EpiDateOptionDate'), inv[6].replace(/-/g, ''), 'due date');
	const lines = sql(db, 'SELECT client_ref, days, unit_cents, total_cents FROM invoice_lines WHERE invoice_id = 1 ORDER BY client_ref, id');
	const rows = x.text.split('<InvoiceRow>').slice(1);
	eq(rows.length, lines.length, 'one row per line');
	lines.forEach(([ref, days, unit, total], i) => {
		eq(tag(rows[i], 'DeliveredQuantity'), days, `row ${i + 1} days`);
		eq(cents(tag(rows[i], 'UnitPriceAmount')), Number(unit), `row ${i + 1} unit`);
		eq(cents(tag(rows[i], 'RowVatExcludedAmount')), Number(total), `row ${i + 1} total`);
		assert(rows[i].includes(ref), `row ${i + 1} client reference`);
	});
	skipNote(validate(x.text, 'one.xml'), 'xmllint validation of the Finvoice');
	ctx.xml = x.text;
});

test('the month batch holds each approved invoice, each valid', async (ctx) => {
	const r = await ctx.fin.get(`/invoices/export.xml?month=${ctx.month}`);
	eq(r.status, 200, 'batch');
	assert(/^application\/xml/.test(r.headers.get('content-type')), 'type');
	assert(/attachment/.test(r.headers.get('content-disposition') || ''), 'disposition');
	noClientNames(ctx.stack.db, r.text);
	const want = Number(sqlValue(ctx.stack.db, `SELECT count(*) FROM invoices WHERE status = 'approved' AND month = '${ctx.month}'`));
	const docs = r.text.match(/<Finvoice [\s\S]*?<\/Finvoice>/g) || [];
	eq(docs.length, want, 'one Finvoice per approved invoice');
	assert(r.text.includes(`Count="${want}"`), 'count attribute');
	docs.forEach((d, i) => skipNote(validate(`<?xml version="1.0" encoding="UTF-8"?>\n${d}\n`, `batch-${i}.xml`), 'xmllint validation of the batch'));
	assert(docs.some((d) => d.includes('<InvoiceNumber>2-00001</InvoiceNumber>')), 'the approved invoice in the batch');
	const other = await ctx.fin.get('/invoices/export.xml?month=2020-01');
	eq(other.status, 200, 'empty month');
	assert(other.text.includes('Count="0"'), 'empty batch');
});

test('the accounting CSV has the invoice lines and totals', async (ctx) => {
	const db = ctx.stack.db;
	const r = await ctx.fin.get(`/invoices/export.csv?month=${ctx.month}`);
	eq(r.status, 200, 'csv');
	assert(/^text\/csv; charset=utf-8$/i.test(r.headers.get('content-type')), 'type');
	assert(/attachment; filename="invoices-\d{4}-\d\d\.csv"/.test(r.headers.get('content-disposition') || ''), 'disposition');
	const raw = Buffer.from(await (await fetch(ctx.stack.base + `/invoices/export.csv?month=${ctx.month}`, { headers: { cookie: ctx.fin.cookieHeader() } })).arrayBuffer());
	eq(raw.subarray(0, 3).toString('hex'), 'efbbbf', 'BOM');
	noClientNames(db, r.text);
	const text = r.text.replace(/^\uFEFF/, '');
	assert(text.endsWith('\r\n') && !/[^\r]\n/.test(text), 'CRLF');
	const rows = text.split('\r\n').filter((l) => l).map((l) => l.split(';'));
	eq(rows[0].join(';'), CSV_HEADER, 'header');
	const mine = rows.slice(1).filter((c) => c[0] === '2-00001');
	const lines = sql(db, `SELECT l.client_ref, t.code, l.period_start, l.period_end, l.days, l.unit_cents, l.total_cents, i.total_cents, i.version, i.reference, o.ytunnus, i.buyer_reference
		FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN service_types t ON t.id = l.service_type_id JOIN organisations o ON o.id = i.org_id
		WHERE i.id = 1 ORDER BY l.client_ref, l.id`);
	eq(mine.length, lines.length, 'a row per line');
	let sum = 0;
	lines.forEach(([ref, code, from, to, days, unit, total, itotal, version, refno, yt, bref], i) => {
		const c = mine[i];
		eq(c.length, 20, 'columns');
		eq(c[18] + '|' + c[19], 'invoice|', 'document type');
		eq(c[1], version, 'version');
		eq(c[4], ctx.month, 'month');
		eq(c[5], yt, 'y-tunnus');
		eq(c[8], bref, 'buyer reference');
		eq(c[9], refno, 'reference number');
		eq(c[10], ref, 'client ref');
		eq(c[11], code, 'service code');
		eq(c[12], from, 'period start');
		eq(c[13], to, 'period end');
		eq(c[14], days, 'days');
		eq(cents(c[15]), Number(unit), 'unit price');
		eq(cents(c[16]), Number(total), 'line total');
		eq(cents(c[17]), Number(itotal), 'invoice total');
		sum += cents(c[16]);
	});
	eq(sum, cents(mine[0][17]), 'lines add up to the invoice total');
});

test('provider gets its own approved invoice; others are kept out', async (ctx) => {
	const own = await ctx.prov.get('/invoices/1/finvoice.xml');
	eq(own.status, 200, 'own provider');
	eq(own.text, ctx.xml, 'the same document');
	eq((await ctx.other.get('/invoices/1/finvoice.xml')).status, 404, 'another provider');
	eq((await ctx.cw.get('/invoices/1/finvoice.xml')).status, 403, 'caseworker');
	eq((await ctx.prov.get(`/invoices/export.csv?month=${ctx.month}`)).status, 403, 'provider csv');
	eq((await ctx.prov.get(`/invoices/export.xml?month=${ctx.month}`)).status, 403, 'provider batch');
	eq((await ctx.cw.get(`/invoices/export.csv?month=${ctx.month}`)).status, 403, 'caseworker csv');
	eq((await ctx.admin.get('/invoices/1/finvoice.xml')).status, 200, 'admin');
	for (const m of ['', '2026-13', 'x', '2026-1']) {
		eq((await ctx.fin.get(`/invoices/export.csv?month=${m}`)).status, 400, `csv month "${m}"`);
		eq((await ctx.fin.get(`/invoices/export.xml?month=${m}`)).status, 400, `batch month "${m}"`);
	}
	// Without a month the export is last month's (Helsinki); a malformed one is 400.
	eq((await ctx.fin.get('/invoices/export.csv')).status, 200, 'csv without month: last month');
});

test('a rejected invoice is not exported', async (ctx) => {
	const db = ctx.stack.db;
	// A rejected earlier version of another contract, straight in the DB.
	sql(db, `INSERT INTO invoices(org_id, buyer_org_id, contract_id, month, seq, number, version, status, invoice_date, due_date, total_cents, vat_text, iban, bic, reference, created_by, created_at, reject_reason)
		SELECT org_id, buyer_org_id, contract_id, month, seq, number, version + 1, 'rejected', invoice_date, due_date, total_cents, vat_text, iban, bic, reference, created_by, created_at, 'wrong days' FROM invoices WHERE id = 1`);
	const id = sqlValue(db, "SELECT max(id) FROM invoices WHERE status = 'rejected'");
	eq((await ctx.fin.get(`/invoices/${id}/finvoice.xml`)).status, 404, 'rejected');
	const csv = await ctx.fin.get(`/invoices/export.csv?month=${ctx.month}`);
	assert(!csv.text.split('\r\n').some((l) => l.startsWith('2-00001;2;')), 'rejected version not in CSV');
});

suite('exports', run, [['prov', 'provider'], ['other', 'kierratys'], ['fin', 'finance'], ['cw', 'caseworker'], ['admin', 'admin']], (ctx) => {
	ctx.month = sqlValue(ctx.stack.db, 'SELECT month FROM invoices WHERE id = 1');
});
