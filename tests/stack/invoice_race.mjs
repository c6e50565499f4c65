// A provider uploads days (CSV) for a month while finance approves that
// month's submitted invoice, 20 rounds, both requests sent at once. Every
// POST runs in one BEGIN IMMEDIATE transaction, so one goes first:
//  - approval first: the invoice is approved and the whole upload is
//    refused (422, lock message), nothing of it stored;
//  - upload first: it lands entirely, and approval is refused (409)
//    because the stored days no longer match the invoice's lines (days
//    per placement), or, when the flips left every placement's count as
//    it was, approval goes through: the invoice still matches.
// Either way an approved invoice's lines equal the present days stored
// for its month. Each round ends with a clean month: an approved invoice
// is credited (credit note approved, month unlocked), a refused one is
// rejected; the next round makes a new invoice.
// Usage: B=build node tests/stack/invoice_race.mjs
import { assert, eq, sqlValue, formHidden, prng, registry, auditMark, suite } from './lib.mjs';
import { LOCKED, create, idOf, act, presentDays, lineDays } from './invoice_helpers.mjs';

const { test, run } = registry();
const ROUNDS = 20;
const CONTRACT = 4; // the provider's contract with placement 5 (EL5005)
const PL = 5;
const SEED = Number(process.env.SEED || 4242);
console.log(`# seed ${SEED}`);

function multipartBody(hidden, csv) {
	const b = '----race' + Math.random().toString(16).slice(2);
	const parts = Object.entries(hidden).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
	parts.push(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="d.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${b}--\r\n`);
	return { body: parts.join(''), type: `multipart/form-data; boundary=${b}` };
}

function same(a, b) {
	const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
	return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

test(`upload vs approval, ${ROUNDS} rounds: the approved invoice always matches the stored days`, async (ctx) => {
	const db = ctx.stack.db;
	const rnd = prng(SEED);
	const month = ctx.month;
	const start = sqlValue(db, `SELECT max(start_date, '${month}-01') FROM placements WHERE id = ${PL}`);
	const days = [];
	for (let d = new Date(start + 'T00:00:00Z'); ; d.setUTCDate(d.getUTCDate() + 1)) {
		const iso = d.toISOString().slice(0, 10);
		if (iso.slice(0, 7) !== month || iso > ctx.yesterday) break;
		days.push(iso);
	}
	assert(days.length >= 3, 'days to upload');
	const seen = { approvedFirst: 0, uploadFirst: 0, uploadFirstSameCounts: 0 };
	for (let round = 1; round <= ROUNDS; round++) {
		// A fresh invoice from the days stored now, submitted.
		let r = await create(ctx.prov, String(CONTRACT), month);
		eq(r.status, 303, `round ${round}: create`);
		const id = idOf(r);
		eq((await act(ctx.prov, id, 'submit')).status, 303, `round ${round}: submit`);
		const invDays = lineDays(db, id);
		assert(same(invDays, presentDays(db, CONTRACT, month)), 'invoice made from the stored days');
		// The upload flips 1-3 days (present <-> absent).
		const pick = [...new Set(Array.from({ length: 1 + rnd.int(3) }, () => rnd.pick(days)))];
		const rows = pick.map((d) => {
			const cur = sqlValue(db, `SELECT status FROM attendance WHERE placement_id = ${PL} AND day = '${d}'`);
			return [d, cur === 'present' ? 'absent' : 'present'];
		});
		const csv = ['client_ref;date;status', ...rows.map(([d, s]) => `EL5005;${d};${s}`)].join('\r\n') + '\r\n';
		const before = presentDays(db, CONTRACT, month);
		const attBefore = sqlValue(db, `SELECT group_concat(day || status, ',') FROM (SELECT day, status FROM attendance WHERE placement_id = ${PL} ORDER BY day)`);
		const mark = auditMark(db);
		// Both forms first, then both POSTs at once (in random order).
		const up = await ctx.prov.get('/invoices/days/upload');
		const mp = multipartBody(formHidden(up.text, '/invoices/days/upload'), csv);
		const ip = await ctx.fin.get(`/invoices/${id}`);
		const af = formHidden(ip.text, `/invoices/${id}/approve`);
		const jobs = [
			() => ctx.prov.request('POST', '/invoices/days/upload', { body: mp.body, type: mp.type }),
			() => ctx.fin.post(`/invoices/${id}/approve`, af),
		];
		let ur, ar;
		if (rnd() < 0.5) [ur, ar] = await Promise.all([jobs[0](), jobs[1]()]);
		else [ar, ur] = await Promise.all([jobs[1](), jobs[0]()]);
		const status = sqlValue(db, `SELECT status FROM invoices WHERE id = ${id}`);
		const stored = presentDays(db, CONTRACT, month);
		const order = (action) => Number(sqlValue(db, `SELECT coalesce(min(id), 0) FROM audit_log WHERE id > ${mark} AND action = '${action}'`));
		const uploadLanded = () => {
			for (const [d, s] of rows)
				eq(sqlValue(db, `SELECT status FROM attendance WHERE placement_id = ${PL} AND day = '${d}'`), s === 'present' ? 'present' : 'absent_other', `round ${round}: ${d} stored`);
		};
		if (ar.status === 303 && ur.status === 422) {
			// Approval went first: the upload refused as a whole.
			seen.approvedFirst++;
			assert(ur.text.includes(LOCKED), 'lock message');
			eq(sqlValue(db, `SELECT group_concat(day || status, ',') FROM (SELECT day, status FROM attendance WHERE placement_id = ${PL} ORDER BY day)`), attBefore, `round ${round}: nothing of the upload stored`);
		} else if (ur.status === 303 && ar.status === 409) {
			// The upload went first and changed the counts: refused.
			seen.uploadFirst++;
			assert(ar.text.includes('The days of this month have changed'), 'stale message');
			uploadLanded();
			assert(!same(stored, before), 'the days changed');
		} else if (ur.status === 303 && ar.status === 303) {
			// The upload went first but left every count as it was.
			seen.uploadFirstSameCounts++;
			const u = order('attendance.upload'), a = order('invoice.approve');
			assert(u > 0 && a > u, `round ${round}: both succeeded, so the upload must have gone first (audit ${u} < ${a})`);
			uploadLanded();
			assert(same(stored, before), 'counts unchanged');
		} else {
			throw new Error(`round ${round}: upload ${ur.status}, approval ${ar.status}`);
		}
		if (ar.status === 303) {
			eq(status, 'approved', 'approved');
			assert(same(stored, invDays), `round ${round}: approved invoice = stored days`);
			// Clean month for the next round: credit and approve it.
			r = await act(ctx.prov, id, 'credit', { reason: `Kierros ${round}` });
			eq(r.status, 303, `round ${round}: credit`);
			eq((await act(ctx.fin, idOf(r), 'approve')).status, 303, `round ${round}: approve credit`);
		} else {
			eq(status, 'submitted', 'still submitted');
			r = await act(ctx.fin, id, 'reject', { reason: `Päivät muuttuivat (${round})` });
			eq(r.status, 303, `round ${round}: reject`);
		}
		// The invariant over every round so far.
		const bad = sqlValue(db, `SELECT count(*) FROM invoices i WHERE i.kind = 'invoice' AND i.status = 'approved' AND i.credited_at IS NULL AND i.contract_id = ${CONTRACT} AND i.month = '${month}'`);
		eq(bad, '0', 'no uncredited approved invoice left');
	}
	console.log(`# approval first ${seen.approvedFirst}, upload first ${seen.uploadFirst} (+ ${seen.uploadFirstSameCounts} with the same counts)`);
});

suite('invoice-race', run, [['prov', 'provider'], ['fin', 'finance']], (ctx) => {
	ctx.month = sqlValue(ctx.stack.db, "SELECT strftime('%Y-%m', 'now', '-1 day')");
	ctx.yesterday = sqlValue(ctx.stack.db, "SELECT date('now', '-1 day')");
});
