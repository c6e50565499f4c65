// Helpers shared by the credit-note, invoice property and invoice race
// suites (credit.mjs, invoice_property.mjs, invoice_race.mjs).
import { eq, assert, sql, sqlValue, formHidden } from './lib.mjs';

export const LOCKED = 'The invoice of this month is already approved.';

// POST /invoices (make a draft) for contract and month.
export async function create(c, contract, month) {
	const page = await c.get('/invoices');
	eq(page.status, 200, 'invoices page');
	return c.post('/invoices', { ...formHidden(page.text, '/invoices'), contract, month });
}

export function idOf(r) {
	return Number(/\/invoices\/(\d+)/.exec(r.location || '')?.[1]);
}

// POST /invoices/:id/<what> with the hidden fields of that form.
export async function act(c, id, what, fields = {}) {
	const page = await c.get(`/invoices/${id}`);
	eq(page.status, 200, `invoice ${id}`);
	return c.post(`/invoices/${id}/${what}`, { ...formHidden(page.text, `/invoices/${id}/${what}`), ...fields });
}

// Uploads CSV text (client_ref;date;status rows) as the provider.
export async function upload(c, rows) {
	const page = await c.get('/invoices/days/upload');
	eq(page.status, 200, 'upload page');
	const hidden = formHidden(page.text, '/invoices/days/upload');
	const b = '----inv' + Date.now().toString(16) + Math.random().toString(16).slice(2);
	const parts = Object.entries(hidden).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
	const csv = ['client_ref;date;status', ...rows.map((x) => x.join(';'))].join('\r\n') + '\r\n';
	parts.push(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="d.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${b}--\r\n`);
	return c.request('POST', '/invoices/days/upload', { body: parts.join(''), type: `multipart/form-data; boundary=${b}` });
}

// Present days stored per placement of a contract in a month: {pl: n}.
export function presentDays(db, contract, month) {
	const out = {};
	for (const [pl, n] of sql(db, `SELECT p.id, count(*) FROM placements p JOIN attendance a ON a.placement_id = p.id AND a.status = 'present' AND substr(a.day, 1, 7) = '${month}' WHERE p.contract_id = ${contract} GROUP BY p.id`))
		out[pl] = Number(n);
	return out;
}

// Lines of an invoice: {pl: days}.
export function lineDays(db, id) {
	const out = {};
	for (const [pl, n] of sql(db, `SELECT placement_id, days FROM invoice_lines WHERE invoice_id = ${id}`))
		out[pl] = Number(n);
	return out;
}

// Checks days = present attendance rows, totals = days × price; returns
// the total.
export function checkLines(db, id) {
	const price = Number(sqlValue(db, `SELECT c.daily_price_cents FROM invoices i JOIN contracts c ON c.id = i.contract_id WHERE i.id = ${id}`));
	const month = sqlValue(db, `SELECT month FROM invoices WHERE id = ${id}`);
	const lines = sql(db, `SELECT placement_id, days, unit_cents, total_cents FROM invoice_lines WHERE invoice_id = ${id}`);
	assert(lines.length > 0, 'has lines');
	let sum = 0;
	for (const [pl, days, unit, total] of lines) {
		const want = Number(sqlValue(db, `SELECT count(*) FROM attendance WHERE placement_id = ${pl} AND status = 'present' AND substr(day, 1, 7) = '${month}'`));
		eq(Number(days), want, `days of placement ${pl}`);
		eq(Number(unit), price, 'unit price');
		eq(Number(total), Number(days) * price, 'line total');
		sum += Number(total);
	}
	eq(Number(sqlValue(db, `SELECT total_cents FROM invoices WHERE id = ${id}`)), sum, 'total = sum of lines');
	return sum;
}

