// Property test of invoice lines through the real stack: for random
// placements (3-8) of one contract and random present/absent days in two
// consecutive months (seeded PRNG; the seed is printed, SEED=n repeats
// it), the invoices made for both months have total = Σ present days ×
// price exactly, each line's days = the placement's present rows in the
// month, and no day is counted twice or in both invoices: the union of
// the counted days equals the present days of both months. Several
// trials; the draft of each month is remade each time, the last pair is
// submitted and approved.
// Usage: B=build [SEED=n] node tests/stack/invoice_property.mjs
import { assert, eq, sql, sqlValue, prng, registry, suite } from './lib.mjs';
import { create, idOf, act } from './invoice_helpers.mjs';

const { test, run } = registry();
const SEED = Number(process.env.SEED || 20261122);
const TRIALS = 6;
const CONTRACT = 5; // Diakonia's (org 4) contract, no demo placements
let MONTHS; // the contract's first month and the next
console.log(`# seed ${SEED}`);

function daysOf(month, from, to) {
	const out = [];
	const [y, m] = month.split('-').map(Number);
	const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
	for (let d = 1; d <= n; d++) {
		const iso = `${month}-${String(d).padStart(2, '0')}`;
		if (iso >= from && iso <= to) out.push(iso);
	}
	return out;
}

function trial(ctx, rnd, k) {
	const db = ctx.stack.db;
	const c = sql(db, `SELECT start_date, daily_price_cents, org_id FROM contracts WHERE id = ${CONTRACT}`)[0];
	const [cstart, price, org] = [c[0], Number(c[1]), c[2]];
	// Earlier trials' placements end before this one's days: clear them.
	sql(db, `DELETE FROM attendance WHERE placement_id IN (SELECT id FROM placements WHERE contract_id = ${CONTRACT})`);
	const n = 3 + rnd.int(6);
	const present = new Map(); // 'pl|day' -> month
	const want = {}; // month -> {pl: days}
	const today = '9999-12-31'; // days may lie ahead; invoicing does not care
	const rows = [];
	const pls = [];
	for (let i = 0; i < n; i++) {
		// Start somewhere between the contract start and mid-November.
		const start = rnd() < 0.5 ? cstart : `2026-1${rnd.int(2)}-${String(10 + rnd.int(15)).padStart(2, '0')}`;
		const s = start < cstart ? cstart : start;
		const id = Number(sqlValue(db, `INSERT INTO placements(client_ref, client_name, place_id, contract_id, org_id, caseworker_id, caseworker_org_id, start_date, weekdays, hours_per_day, status, confirmed_at, created_at) SELECT 'PT${k}X${i}', 'Testi ${k} ${i}', coalesce((SELECT id FROM places WHERE org_id = ${org} LIMIT 1), 1), ${CONTRACT}, ${org}, 3, 1, '${s}', 31, 5, 'active', unixepoch(), unixepoch() RETURNING id`));
		pls.push(id);
		for (const month of MONTHS) {
			for (const day of daysOf(month, s, today)) {
				const x = rnd();
				if (x < 0.25) continue; // nothing recorded
				const st = x < 0.75 ? 'present' : x < 0.9 ? 'absent_sick' : 'absent_other';
				rows.push(`(${id}, '${day}', '${st}', 1, unixepoch())`);
				if (st === 'present') {
					present.set(`${id}|${day}`, month);
					want[month] ??= {};
					want[month][id] = (want[month][id] || 0) + 1;
				}
			}
		}
	}
	// Make sure each month has at least one present day.
	for (const month of MONTHS) {
		if (want[month]) continue;
		const day = daysOf(month, cstart, today).pop();
		rows.push(`(${pls[0]}, '${day}', 'present', 1, unixepoch())`);
		present.set(`${pls[0]}|${day}`, month);
		want[month] = { [pls[0]]: 1 };
		if (rows.filter((r) => r.startsWith(`(${pls[0]}, '${day}'`)).length > 1) throw new Error('duplicate day in setup');
	}
	if (rows.length) sql(db, `INSERT INTO attendance(placement_id, day, status, recorded_by, recorded_at) VALUES ${rows.join(', ')}`);
	return { price, present, want, n };
}

async function checkTrial(ctx, rnd, k, approve) {
	const db = ctx.stack.db;
	const { price, present, want, n } = trial(ctx, rnd, k);
	const counted = new Set();
	const ids = [];
	for (const month of MONTHS) {
		const r = await create(ctx.prov, String(CONTRACT), month);
		eq(r.status, 303, `trial ${k} create ${month}`);
		const id = idOf(r);
		ids.push(id);
		const lines = sql(db, `SELECT placement_id, days, unit_cents, total_cents, period_start, period_end FROM invoice_lines WHERE invoice_id = ${id}`);
		const w = want[month];
		eq(lines.length, Object.keys(w).length, `trial ${k} ${month}: one line per placement with present days`);
		let sum = 0, wantSum = 0;
		for (const [pl, days, unit, total, from, to] of lines) {
			eq(Number(days), w[pl], `trial ${k} ${month} placement ${pl} days`);
			eq(Number(unit), price, 'unit price');
			eq(Number(total), Number(days) * price, 'line total');
			assert(from.slice(0, 7) === month && to.slice(0, 7) === month && from <= to, `period inside ${month}`);
			// The days this line counts: its placement's present days in
			// its period; each counted once across both invoices.
			const dd = sql(db, `SELECT day FROM attendance WHERE placement_id = ${pl} AND status = 'present' AND day BETWEEN '${from}' AND '${to}'`).map((x) => x[0]);
			eq(dd.length, Number(days), `period of placement ${pl} holds its days`);
			for (const d of dd) {
				const key = `${pl}|${d}`;
				assert(!counted.has(key), `day ${key} counted twice`);
				assert(present.get(key) === month, `day ${key} counted in ${month}`);
				counted.add(key);
			}
			sum += Number(total);
		}
		for (const pl in w) wantSum += w[pl] * price;
		const stored = Number(sqlValue(db, `SELECT total_cents FROM invoices WHERE id = ${id}`));
		eq(stored, sum, 'total = sum of lines');
		eq(stored, wantSum, `trial ${k} ${month}: total = Σ days × price`);
	}
	eq(counted.size, present.size, `trial ${k}: counted days = present days of both months`);
	for (const key of present.keys()) assert(counted.has(key), `present day ${key} counted`);
	console.log(`# trial ${k}: ${n} placements, ${present.size} present days, invoices ${ids.join(', ')}`);
	if (approve) {
		for (const id of ids) {
			eq((await act(ctx.prov, id, 'submit')).status, 303, `submit ${id}`);
			eq((await act(ctx.fin, id, 'approve')).status, 303, `approve ${id}`);
			eq(sqlValue(db, `SELECT status FROM invoices WHERE id = ${id}`), 'approved', 'approved');
		}
	}
}

test(`random placements and days: exact totals, no day counted twice (seed ${SEED}, ${TRIALS} trials)`, async (ctx) => {
	const rnd = prng(SEED);
	for (let k = 1; k <= TRIALS; k++) await checkTrial(ctx, rnd, k, k === TRIALS);
});

suite('invoice-property', run, [['prov', 'diakonia'], ['fin', 'finance']], (ctx) => {
	MONTHS = sql(ctx.stack.db, `SELECT strftime('%Y-%m', start_date), strftime('%Y-%m', start_date, 'start of month', '+1 month') FROM contracts WHERE id = ${CONTRACT}`)[0];
	console.log(`# months ${MONTHS.join(', ')}`);
});
