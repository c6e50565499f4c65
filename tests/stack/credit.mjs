// Credit notes through the real stack: an approved invoice is credited
// by its provider (reason required), finance approves the credit note,
// the month unlocks, the provider corrects a day and makes a new invoice
// that finance approves. Original + credit = 0; the new invoice = Σ days
// × price. A second credit note is refused; another provider gets 404;
// finance cannot make credit notes.
// Usage: B=build node tests/stack/credit.mjs
import { assert, eq, sql, sqlValue, formHidden, registry, suite } from './lib.mjs';
import { LOCKED, create, idOf, act, upload, checkLines } from './invoice_helpers.mjs';
import { CSV_HEADER, cents, validate, skipNote, tag } from './finvoice_helpers.mjs';

const { test, run } = registry();
const CONTRACT = 4;

test('an approved invoice is the starting point', async (ctx) => {
	const db = ctx.stack.db;
	let r = await create(ctx.prov, String(CONTRACT), ctx.month);
	eq(r.status, 303, 'create');
	ctx.orig = idOf(r);
	ctx.origTotal = checkLines(db, ctx.orig);
	eq((await act(ctx.prov, ctx.orig, 'submit')).status, 303, 'submit');
	eq((await act(ctx.fin, ctx.orig, 'approve')).status, 303, 'approve');
	eq(sqlValue(db, `SELECT status FROM invoices WHERE id = ${ctx.orig}`), 'approved', 'approved');
	const page = await ctx.prov.get(`/invoices/${ctx.orig}`);
	assert(page.text.includes(`action="/invoices/${ctx.orig}/credit"`), 'credit form for the provider');
	const fpage = await ctx.fin.get(`/invoices/${ctx.orig}`);
	assert(!fpage.text.includes('/credit"'), 'no credit form for finance');
});

test('a credit note needs a reason (422)', async (ctx) => {
	const db = ctx.stack.db;
	const before = sqlValue(db, 'SELECT count(*) FROM invoices');
	const r = await act(ctx.prov, ctx.orig, 'credit', { reason: '   ' });
	eq(r.status, 422, 'no reason');
	assert(r.text.includes('Give the reason for the credit note'), 'reason message');
	eq(sqlValue(db, 'SELECT count(*) FROM invoices'), before, 'nothing stored');
});

test('another provider gets 404; finance cannot make credit notes (403)', async (ctx) => {
	const db = ctx.stack.db;
	const before = sqlValue(db, 'SELECT count(*) FROM invoices');
	const op = await ctx.other.get('/invoices');
	let r = await ctx.other.post(`/invoices/${ctx.orig}/credit`, { ...formHidden(op.text, '/invoices'), reason: 'x' });
	eq(r.status, 404, 'other provider');
	r = await ctx.other.get(`/invoices/${ctx.orig}`);
	eq(r.status, 404, 'other provider page');
	const fp = await ctx.fin.get('/invoices/1');
	r = await ctx.fin.post(`/invoices/${ctx.orig}/credit`, { ...formHidden(fp.text, '/invoices/1/approve'), reason: 'x' });
	eq(r.status, 403, 'finance');
	eq(sqlValue(db, 'SELECT count(*) FROM invoices'), before, 'nothing stored');
});

test('the provider credits the invoice: negated lines, own number, to finance', async (ctx) => {
	const db = ctx.stack.db;
	const lastSeq = Number(sqlValue(db, 'SELECT last FROM invoice_numbers WHERE org_id = 2'));
	const r = await act(ctx.prov, ctx.orig, 'credit', { reason: 'Yksi päivä merkitty väärin.' });
	eq(r.status, 303, 'credit');
	const id = idOf(r);
	ctx.credit = id;
	const row = sql(db, `SELECT kind, credit_of, status, number, net_cents, credit_reason, month, contract_id FROM invoices WHERE id = ${id}`)[0];
	eq(row[0], 'credit', 'kind');
	eq(Number(row[1]), ctx.orig, 'credit_of');
	eq(row[2], 'submitted', 'submitted to finance');
	eq(row[3], `2-${String(lastSeq + 1).padStart(5, '0')}`, 'own number from the sequence');
	eq(Number(row[4]), -ctx.origTotal, 'net total = -original');
	eq(row[5], 'Yksi päivä merkitty väärin.', 'reason');
	eq(row[6], ctx.month, 'same month');
	eq(Number(sqlValue(db, `SELECT sum(net_cents) FROM invoices WHERE id IN (${ctx.orig}, ${id})`)), 0, 'original + credit = 0');
	const o = sql(db, `SELECT placement_id, net_days, net_cents FROM invoice_lines WHERE invoice_id = ${ctx.orig} ORDER BY placement_id`);
	const c = sql(db, `SELECT placement_id, net_days, net_cents FROM invoice_lines WHERE invoice_id = ${id} ORDER BY placement_id`);
	eq(c.length, o.length, 'same lines');
	for (let i = 0; i < o.length; i++) {
		eq(c[i][0], o[i][0], 'placement');
		eq(Number(c[i][1]), -Number(o[i][1]), 'days negated');
		eq(Number(c[i][2]), -Number(o[i][2]), 'amount negated');
	}
	eq(sqlValue(db, `SELECT text_en FROM notifications WHERE user_id = 4 ORDER BY id DESC LIMIT 1`), `Credit note ${row[3]} is waiting for approval.`, 'finance notified');
	ctx.creditNumber = row[3];
	// Pages link both ways; the credit note shows negative amounts.
	const cp = await ctx.prov.get(`/invoices/${id}`);
	eq(cp.status, 200, 'credit page');
	assert(cp.text.includes('Credit note') && cp.text.includes(`href="/invoices/${ctx.orig}"`), 'credit links to the original');
	assert(/<dd id="total">-/.test(cp.text), 'negative total shown');
	assert(/<td class="days">-\d+<\/td>/.test(cp.text), 'negative days shown');
	const op = await ctx.prov.get(`/invoices/${ctx.orig}`);
	assert(op.text.includes(`href="/invoices/${id}"`) && op.text.includes(ctx.creditNumber), 'original links to the credit note');
	assert(!op.text.includes(`action="/invoices/${ctx.orig}/credit"`), 'no second credit form');
});

test('a second credit note of the same invoice is refused', async (ctx) => {
	const db = ctx.stack.db;
	const op = await ctx.prov.get('/invoices');
	const r = await ctx.prov.post(`/invoices/${ctx.orig}/credit`, { ...formHidden(op.text, '/invoices'), reason: 'Toinen' });
	eq(r.status, 409, 'second credit');
	eq(sqlValue(db, `SELECT count(*) FROM invoices WHERE credit_of = ${ctx.orig}`), '1', 'one credit note');
	const r2 = await ctx.prov.post(`/invoices/${ctx.credit}/credit`, { ...formHidden(op.text, '/invoices'), reason: 'x' });
	eq(r2.status, 409, 'credit of a credit note');
});

test('the month stays locked while the credit note waits', async (ctx) => {
	const day = sqlValue(ctx.stack.db, `SELECT max(day) FROM attendance WHERE placement_id = 5 AND substr(day, 1, 7) = '${ctx.month}'`);
	const r = await upload(ctx.prov, [['EL5005', day, 'absent']]);
	eq(r.status, 422, 'upload refused');
	assert(r.text.includes(LOCKED), 'lock message');
	const c = await create(ctx.prov, String(CONTRACT), ctx.month);
	eq(c.status, 422, 'no new invoice yet');
});

test('the provider cannot approve; finance approves the credit note', async (ctx) => {
	const db = ctx.stack.db;
	const op = await ctx.prov.get('/invoices');
	let r = await ctx.prov.post(`/invoices/${ctx.credit}/approve`, formHidden(op.text, '/invoices'));
	eq(r.status, 403, 'provider approve');
	r = await act(ctx.fin, ctx.credit, 'approve');
	eq(r.status, 303, 'approve credit');
	eq(sqlValue(db, `SELECT status FROM invoices WHERE id = ${ctx.credit}`), 'approved', 'credit approved');
	eq(sqlValue(db, `SELECT status || '|' || (credited_at IS NOT NULL) FROM invoices WHERE id = ${ctx.orig}`), 'approved|1', 'original credited, still approved');
	eq(sqlValue(db, `SELECT text_en FROM notifications WHERE org_id = 2 ORDER BY id DESC LIMIT 1`) ?? '', `Credit note ${ctx.creditNumber} has been approved.`, 'provider notified');
	const op2 = await ctx.prov.get('/invoices');
	r = await ctx.prov.post(`/invoices/${ctx.orig}/credit`, { ...formHidden(op2.text, '/invoices'), reason: 'Kolmas' });
	eq(r.status, 409, 'no credit of a credited invoice');
});

test('the approved credit note is exported: Finvoice HYVITYSLASKU and negative CSV rows', async (ctx) => {
	const db = ctx.stack.db;
	const page = await ctx.fin.get(`/invoices/${ctx.credit}`);
	assert(page.text.includes(`href="/invoices/${ctx.credit}/finvoice.xml"`), 'download link on the credit note');
	const x = await ctx.fin.get(`/invoices/${ctx.credit}/finvoice.xml`);
	eq(x.status, 200, 'credit note finvoice');
	eq(tag(x.text, 'InvoiceTypeCode'), 'INV02', 'type code');
	eq(tag(x.text, 'InvoiceTypeCodeUN'), '381', 'UN type code');
	eq(tag(x.text, 'InvoiceTypeText'), 'HYVITYSLASKU', 'type text');
	eq(tag(x.text, 'InvoiceNumber'), ctx.creditNumber, 'own number');
	const orig = sql(db, `SELECT number, replace(invoice_date, '-', '') FROM invoices WHERE id = ${ctx.orig}`)[0];
	eq(tag(x.text, 'OriginalInvoiceNumber'), orig[0], 'names the credited invoice');
	eq(tag(x.text, 'OriginalInvoiceDate'), orig[1], 'and its date');
	eq(cents(tag(x.text, 'InvoiceTotalVatIncludedAmount')), -ctx.origTotal, 'negative total');
	eq(cents(tag(x.text, 'EpiInstructedAmount')), -ctx.origTotal, 'negative payment amount');
	const rows = [...x.text.matchAll(/<RowAmount[^>]*>([^<]*)<\/RowAmount>/g)].map((m) => cents(m[1]));
	eq(rows.reduce((a, b) => a + b, 0), -ctx.origTotal, 'rows add up to the negative total');
	assert(rows.every((v) => v < 0), 'every row negative');
	skipNote(validate(x.text, 'credit.xml'), 'xmllint validation of the credit note');
	const csv = await ctx.fin.get(`/invoices/export.csv?month=${ctx.month}`);
	eq(csv.status, 200, 'csv');
	const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n').filter((l) => l).map((l) => l.split(';'));
	eq(lines[0].join(';'), CSV_HEADER, 'header');
	const cr = lines.filter((c) => c[0] === ctx.creditNumber);
	const or = lines.filter((c) => c[0] === orig[0]);
	assert(cr.length > 0 && cr.length === or.length, 'a row per credited line');
	for (const c of cr) {
		eq(c[18] + '|' + c[19], `credit_note|${orig[0]}`, 'document type and original');
		assert(Number(c[14]) < 0 && cents(c[16]) < 0, 'negative days and line total');
		eq(cents(c[17]), -ctx.origTotal, 'invoice total');
	}
	eq(cr.reduce((a, c) => a + cents(c[16]), 0) + or.reduce((a, c) => a + cents(c[16]), 0), 0, 'invoice + credit note = 0');
	const batch = await ctx.fin.get(`/invoices/export.xml?month=${ctx.month}`);
	eq(batch.status, 200, 'batch');
	assert(batch.text.includes('<InvoiceTypeCode>INV02</InvoiceTypeCode>'), 'the batch holds the credit note');
	const own = await ctx.prov.get(`/invoices/${ctx.credit}/finvoice.xml`);
	eq(own.status, 200, 'the provider gets its own credit note');
	eq((await ctx.other.get(`/invoices/${ctx.credit}/finvoice.xml`)).status, 404, 'another provider does not');
});

test('the month unlocks; a corrected day and a new invoice that finance approves', async (ctx) => {
	const db = ctx.stack.db;
	const day = sqlValue(db, `SELECT max(day) FROM attendance WHERE placement_id = 5 AND status = 'present' AND substr(day, 1, 7) = '${ctx.month}'`);
	assert(day, 'a present day');
	let r = await upload(ctx.prov, [['EL5005', day, 'absent']]);
	eq(r.status, 303, 'upload after the credit');
	eq(sqlValue(db, `SELECT status FROM attendance WHERE placement_id = 5 AND day = '${day}'`), 'absent_other', 'day corrected');
	r = await create(ctx.prov, String(CONTRACT), ctx.month);
	eq(r.status, 303, 'new invoice');
	const id = idOf(r);
	const total = checkLines(db, id);
	const price = Number(sqlValue(db, `SELECT daily_price_cents FROM contracts WHERE id = ${CONTRACT}`));
	const days = Number(sqlValue(db, `SELECT count(*) FROM attendance a JOIN placements p ON p.id = a.placement_id WHERE p.contract_id = ${CONTRACT} AND a.status = 'present' AND substr(a.day, 1, 7) = '${ctx.month}'`));
	eq(total, days * price, 'new invoice = Σ days × price');
	eq(total, ctx.origTotal - price, 'one day less than the original');
	const row = sql(db, `SELECT number, kind, credit_of IS NULL FROM invoices WHERE id = ${id}`)[0];
	assert(row[0] !== sqlValue(db, `SELECT number FROM invoices WHERE id = ${ctx.orig}`) && row[0] !== ctx.creditNumber, 'a new number');
	eq(row[1] + '|' + row[2], 'invoice|1', 'an ordinary invoice');
	eq((await act(ctx.prov, id, 'submit')).status, 303, 'submit');
	eq((await act(ctx.fin, id, 'approve')).status, 303, 'approve');
	eq(sqlValue(db, `SELECT status FROM invoices WHERE id = ${id}`), 'approved', 'approved');
	eq(Number(sqlValue(db, `SELECT sum(net_cents) FROM invoices WHERE contract_id = ${CONTRACT} AND month = '${ctx.month}' AND status = 'approved'`)), days * price, 'the month nets to the corrected days');
	r = await upload(ctx.prov, [['EL5005', day, 'present']]);
	eq(r.status, 422, 'locked again');
	const list = await ctx.fin.get(`/invoices?month=${ctx.month}`);
	assert(list.text.includes('(credit note)') && list.text.includes('(credited)'), 'list marks credit notes and credited invoices');
});

suite('credit', run, [['prov', 'provider'], ['other', 'kierratys'], ['fin', 'finance']], (ctx) => {
	ctx.month = sqlValue(ctx.stack.db, "SELECT strftime('%Y-%m', 'now', '-1 day')");
});
