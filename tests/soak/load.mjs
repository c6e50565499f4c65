// Mixed load with worker kills (issue 7, "Load and faults", first part).
// 64 keep-alive connections for 60 s: 80 % page views by logged-in users
// and anonymous visitors, 20 % writes (a provider records one day, saves
// its bid draft, a caseworker places a client). Every 2 s a random
// FastCGI worker of the stack's supervisor gets SIGKILL; the supervisor
// restarts it. A write answered with a 5xx or a broken connection is
// sent again with the same nonce and fields until it is answered (the
// one-time nonce makes that safe). Afterwards the database is checked:
// every acknowledged write exactly once, no half-done write, integrity,
// the audit chain; and the latency of every request.
//   B=build node tests/soak/load.mjs
//   SOAK_SECONDS (60), SOAK_CONNECTIONS (64), SOAK_KILL_MS (2000),
//   SOAK_WORKERS (workers per program, 4), SOAK_SEED, SOAK_TMP (folder)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prng, sql, sqlValue, q } from '../stack/lib.mjs';
import {
	ROOT, B, Http, hex, sleep, nowMs, reporter, note, startStack, stopStack, workerPids, session,
	urlencoded, multipart, postHeaders, percentile, fmtMs,
} from './common.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS || 60);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS || 64);
const KILL_MS = Number(process.env.SOAK_KILL_MS || 2000);
const WORKERS = Number(process.env.SOAK_WORKERS || 4);
const SEED = Number(process.env.SOAK_SEED || Date.now() % 1e9);
const LIMIT_MS = 5000; // no request may wait longer
const RETRIES = 40; // attempts of one write before it counts as lost
const rand = prng(SEED);
const TMP = process.env.SOAK_TMP || fs.mkdtempSync(path.join(os.tmpdir(), 'paikka-soak-'));
const RUN = hex(3).toUpperCase(); // marks this run's writes
const { check, finish } = reporter();

const PROGRAMS = fs.readdirSync(path.join(ROOT, B, 'cgi-bin')).length;
const PROVIDERS = { provider: 2, kierratys: 3, diakonia: 4 };

// Pages each kind of user views (all must answer 200).
const PAGES = {
	provider: ['/', '/tenders', '/tenders/1', '/tenders/1/bid', '/invoices', '/invoices/days?contract=2',
		'/placements', '/places?q=puu', '/notifications', '/contracts', '/invoices/1'],
	kierratys: ['/', '/tenders/1/bid', '/invoices/days?contract=1', '/placements', '/invoices', '/places'],
	diakonia: ['/', '/tenders/1/bid', '/invoices/days?contract=3', '/placements', '/tenders'],
	caseworker: ['/', '/places?q=puu', '/places?q=kierr', '/places', '/places/1', '/placements', '/placements/1',
		'/placements/new?place=1', '/tenders', '/contracts'],
	finance: ['/', '/invoices', '/invoices/1', '/invoices/summary', '/contracts', '/invoices/days?contract=2'],
	officer: ['/', '/tenders', '/tenders/1', '/contracts', '/contracts/2'],
	admin: ['/', '/admin', '/admin/audit', '/invoices', '/placements', '/admin/users'],
	anon: ['/', '/tenders', '/tenders/1', '/login', '/accessibility', '/register'],
};
const SESSIONS_PER_USER = 2;

// --- the scenario ---------------------------------------------------------------

// The soak's own scenario on the full demo: places take up to 1000
// clients, the active placements' decision periods run for a year, and
// each place gets three more clients active for the whole contract, so
// there are thousands of free day cells to record.
function prepare(db) {
	sql(db, `UPDATE places SET capacity = 1000 WHERE status = 'open';
		UPDATE placement_periods SET end_date = date(start_date, '+12 months', '-1 day')
			WHERE placement_id IN (SELECT id FROM placements WHERE status = 'active');
		WITH n(k) AS (VALUES (1), (2), (3))
		INSERT INTO placements(client_ref, client_name, place_id, contract_id, org_id, caseworker_id,
			caseworker_org_id, start_date, weekdays, hours_per_day, status, confirmed_at, created_at)
		SELECT 'SOAKDAYS' || p.id || 'X' || n.k, 'Soak days ' || p.id || '/' || n.k, p.id, p.contract_id,
			p.org_id, (SELECT id FROM users WHERE username = 'caseworker'), 1, c.start_date, 1, p.hours_min,
			'active', unixepoch(), unixepoch()
		FROM places p JOIN contracts c ON c.id = p.contract_id JOIN n WHERE p.status = 'open';
		INSERT INTO placement_periods(placement_id, start_date, end_date, decision_date, months,
			created_by, created_at)
		SELECT id, start_date, date(start_date, '+12 months', '-1 day'), start_date, 12, caseworker_id,
			unixepoch() FROM placements WHERE client_ref LIKE 'SOAKDAYS%';`);
}

// Day cells nobody has recorded, editable by their provider: within the
// placement's period and its contract, in a month without an approved
// invoice. Shuffled, per organisation.
function freeCells(db) {
	const rows = sql(db, `WITH RECURSIVE d(day) AS (SELECT date('now', '-60 days') UNION ALL
		SELECT date(day, '+1 day') FROM d WHERE day < date('now', '+340 days'))
		SELECT p.id, p.contract_id, p.org_id, d.day FROM placements p
		JOIN contracts c ON c.id = p.contract_id
		JOIN d ON d.day >= p.start_date AND d.day <= coalesce(p.end_date, '9999-12-31')
			AND d.day <= (SELECT max(end_date) FROM placement_periods WHERE placement_id = p.id)
			AND d.day BETWEEN c.start_date AND c.end_date
		WHERE p.status IN ('active', 'ended')
			AND NOT EXISTS (SELECT 1 FROM attendance a WHERE a.placement_id = p.id AND a.day = d.day)
			AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.contract_id = p.contract_id
				AND i.month = substr(d.day, 1, 7) AND i.status = 'approved' AND i.kind = 'invoice'
				AND i.credited_at IS NULL)`);
	const byOrg = {};
	for (const [pid, contract, org, day] of rows) {
		(byOrg[org] ||= []).push({ pid: Number(pid), contract: Number(contract), org: Number(org), day });
	}
	for (const list of Object.values(byOrg)) {
		for (let i = list.length - 1; i > 0; i--) {
			const j = rand.int(i + 1);
			[list[i], list[j]] = [list[j], list[i]];
		}
	}
	return byOrg;
}

// --- requests ---------------------------------------------------------------------

const requests = []; // every request: {kind, path, status, error, t0, t1, ms}
const writes = []; // every write: {type, nonce, acked, attempts, ...}
const kills = []; // {t, pid}
const unexpected = []; // statuses that are neither the expected one nor a 5xx

function record(kind, p, r) {
	requests.push({ kind, path: p, status: r.status, error: r.error, t0: r.t0, t1: r.t1, ms: r.ms });
}

async function view(ctx) {
	const users = Object.keys(PAGES);
	const who = rand.pick(users);
	const p = rand.pick(PAGES[who]);
	const s = who === 'anon' ? null : rand.pick(ctx.sessions[who]);
	const headers = s ? { cookie: s.cookie } : { cookie: 'pk_lang=en' };
	const r = await ctx.http.request('GET', p, { headers });
	record('read', p, r);
	if (r.status !== 200 && r.status < 500 && r.status !== 0) unexpected.push(`GET ${p} as ${who}: ${r.status}`);
}

// Sends a write until it is answered; a 5xx or a broken connection means
// "maybe done": the same nonce and body go again.
async function send(ctx, w, p, body, type) {
	w.attempts = [];
	for (let i = 0; i < RETRIES; i++) {
		const r = await ctx.http.request('POST', p, { body, headers: postHeaders(ctx.http.port, w.s, type) });
		record('write', p, r);
		w.attempts.push({ status: r.status, error: r.error, t0: r.t0, t1: r.t1 });
		if (i === 0) w.sent = r.t0;
		if (r.status === 303) {
			w.acked = true;
			w.ackedAt = r.t1;
			w.location = r.headers.location;
			return;
		}
		if (r.status !== 0 && r.status < 500) {
			w.refused = r.status;
			unexpected.push(`POST ${p} (${w.type}): ${r.status} ${r.body.replace(/\s+/g, ' ').slice(0, 300)}`);
			return;
		}
		await sleep(100);
	}
}

async function writeDay(ctx) {
	const orgs = Object.keys(ctx.cells).filter((o) => ctx.cells[o].length);
	if (!orgs.length) return writePlacement(ctx);
	const org = Number(rand.pick(orgs));
	const cell = ctx.cells[org].pop();
	const user = Object.keys(PROVIDERS).find((u) => PROVIDERS[u] === org);
	const s = rand.pick(ctx.sessions[user]);
	const status = rand.pick(['present', 'present', 'absent_sick', 'absent_other']);
	const w = { type: 'day', ...cell, status, s, uid: s.uid, nonce: hex(16), month: cell.day.slice(0, 7) };
	writes.push(w);
	const body = urlencoded([['csrf', s.csrf], ['nonce', w.nonce], ['contract', String(cell.contract)],
		['month', w.month], [`c${cell.pid}_${Number(cell.day.slice(8))}`, status]]);
	await send(ctx, w, '/invoices/days', body, 'application/x-www-form-urlencoded');
}

async function writeBid(ctx) {
	const user = rand.pick(Object.keys(PROVIDERS));
	const s = rand.pick(ctx.sessions[user]);
	const w = { type: 'bid', org: PROVIDERS[user], s, uid: s.uid, nonce: hex(16), marker: `${RUN}-${writes.length}` };
	writes.push(w);
	const t = ctx.tender;
	const pairs = [['csrf', s.csrf], ['nonce', w.nonce]];
	for (const lot of t.lots) {
		pairs.push([`lot_${lot.id}`, '1'], [`capacity_${lot.id}`, String(1 + rand.int(20))],
			[`work_${lot.id}`, `soak ${w.marker} lot ${lot.id}`]);
		if (!lot.fixed) pairs.push([`price_${lot.id}`, '30,00']);
		for (const c of lot.crits) pairs.push([`answer_${c}`, `soak ${w.marker} answer ${c}`]);
	}
	for (const r of t.reqs) pairs.push([`confirm_${r}`, '1']);
	const mp = multipart(pairs);
	await send(ctx, w, `/tenders/${t.id}/bid`, mp.body, mp.type);
}

async function writePlacement(ctx) {
	// Only places with a free seat (a full one answers 422): a fast stack
	// makes more placements in 60 s than the places have seats.
	const open = ctx.places.filter((p) => p.free > 0);
	if (!open.length) return writeBid(ctx);
	const s = rand.pick(ctx.sessions.caseworker);
	const place = rand.pick(open);
	place.free--;
	const n = writes.length;
	const w = { type: 'placement', s, uid: s.uid, nonce: hex(16), place: place.id,
		ref: `SK${RUN}${n}`, name: `Soak ${RUN} asiakas ${n}` };
	writes.push(w);
	const body = urlencoded([['csrf', s.csrf], ['nonce', w.nonce], ['client_ref', w.ref],
		['client_name', w.name], ['start_date', ctx.today], ['end_date', ''],
		['decision_date', ctx.today], ['hours', String(place.hours)], ['weekday', place.day]]);
	await send(ctx, w, `/placements/new?place=${place.id}`, body, 'application/x-www-form-urlencoded');
}

async function user(ctx, deadline) {
	while (nowMs() < deadline) {
		if (rand() < 0.8) await view(ctx);
		else await rand.pick([writeDay, writeBid, writePlacement])(ctx);
	}
}

// Kills a random worker every KILL_MS, on a fixed schedule from the start.
async function killer(ctx, start, deadline) {
	for (let k = 1; start + k * KILL_MS < deadline; k++) {
		await sleep(Math.max(0, start + k * KILL_MS - nowMs()));
		const pids = workerPids(ctx.stack.pid);
		if (!pids.length) continue;
		const pid = rand.pick(pids);
		kills.push({ t: nowMs(), pid });
		try {
			process.kill(pid, 'SIGKILL');
		} catch { /* gone already */ }
	}
}

// Pairs each 5xx with a kill during its flight, each kill used once (a
// worker serves one request at a time). A worker that is killed while
// it waits in accept() may still be handed a connection as it dies, so
// a kill up to SLACK_MS before the request started counts too.
const SLACK_MS = 50;
function explain5xx(fivexx, killList) {
	const used = new Set();
	const unexplained = [];
	for (const r of [...fivexx].sort((a, b) => a.t1 - b.t1)) {
		const k = killList.findIndex((x, i) => !used.has(i) && x.t >= r.t0 - SLACK_MS && x.t <= r.t1);
		if (k < 0) {
			const near = Math.min(...killList.map((x) => Math.abs(x.t - r.t0)));
			unexplained.push(`${r.status} ${r.path} (nearest kill ${near.toFixed(0)} ms from its start)`);
		} else used.add(k);
	}
	return unexplained;
}

// --- checks ----------------------------------------------------------------------

const count = (db, query) => Number(sqlValue(db, query));

function nonceRows(db) {
	const m = new Map();
	for (const [nonce, uid, loc] of sql(db, 'SELECT nonce, user_id, location FROM form_nonces'))
		m.set(nonce, { uid: Number(uid), location: loc });
	return m;
}

function checkDays(db, list, nonces, auditMark) {
	const bad = [];
	let committed = 0;
	const att = new Map(sql(db, 'SELECT placement_id || \' \' || day, status, recorded_by FROM attendance')
		.map(([k, s, by]) => [k, { status: s, by: Number(by) }]));
	const perMonth = new Map();
	for (const w of list) {
		const row = att.get(`${w.pid} ${w.day}`);
		const n = nonces.get(w.nonce);
		const present = row && row.status === w.status && row.by === w.uid;
		if (n) committed++;
		if (w.acked && !present) bad.push(`acknowledged day ${w.pid} ${w.day} missing (${JSON.stringify(row)})`);
		if (row && !present) bad.push(`day ${w.pid} ${w.day} has ${JSON.stringify(row)}, wrote ${w.status}`);
		if (!!n !== !!row) bad.push(`day ${w.pid} ${w.day}: row ${!!row} but nonce ${!!n} (half-done)`);
		if (n && n.uid !== w.uid) bad.push(`day ${w.pid} ${w.day}: nonce of user ${n.uid}`);
		if (row) {
			const k = `contract:${w.contract} month=${w.month}`;
			perMonth.set(k, (perMonth.get(k) || 0) + 1);
		}
	}
	// One audit row "changed=1" per stored day (each write sets one new
	// cell); a write done twice would add a "changed=0" row.
	const audits = sql(db, `SELECT object, details FROM audit_log WHERE id > ${auditMark} AND action = 'attendance.grid'`);
	const auditPer = new Map();
	for (const [obj, det] of audits) {
		const m = /^(month=\S+) changed=(\d+)$/.exec(det);
		if (!m || m[2] !== '1') {
			bad.push(`audit ${obj} ${det}: not one changed day`);
			continue;
		}
		const k = `${obj} ${m[1]}`;
		auditPer.set(k, (auditPer.get(k) || 0) + 1);
	}
	for (const k of new Set([...perMonth.keys(), ...auditPer.keys()]))
		if ((perMonth.get(k) || 0) !== (auditPer.get(k) || 0))
			bad.push(`${k}: ${perMonth.get(k) || 0} days stored, ${auditPer.get(k) || 0} audit rows`);
	return { bad, committed };
}

function checkPlacements(db, list, nonces, auditMark) {
	const bad = [];
	let committed = 0;
	const rows = new Map(sql(db, `SELECT client_ref, group_concat(id) FROM placements
		WHERE client_ref LIKE ${q(`SK${RUN}%`)} GROUP BY client_ref`).map(([ref, ids]) => [ref, ids.split(',')]));
	const periods = new Map(sql(db, 'SELECT placement_id, count(*) FROM placement_periods GROUP BY placement_id'));
	const audits = new Map(sql(db, `SELECT object, count(*) FROM audit_log WHERE id > ${auditMark}
		AND action = 'placement.create' GROUP BY object`));
	const notes = new Map(sql(db, 'SELECT link, count(*) FROM notifications WHERE link LIKE \'/placements/%\' GROUP BY link'));
	for (const w of list) {
		const ids = rows.get(w.ref) || [];
		const n = nonces.get(w.nonce);
		if (ids.length > 1) bad.push(`${w.ref} placed ${ids.length} times`);
		if (w.acked && ids.length !== 1) bad.push(`acknowledged ${w.ref} missing`);
		if (!!n !== (ids.length > 0)) bad.push(`${w.ref}: ${ids.length} rows but nonce ${!!n} (half-done)`);
		if (!ids.length) continue;
		committed++;
		const id = ids[0];
		if (periods.get(id) !== '1') bad.push(`placement ${id}: ${periods.get(id) || 0} periods`);
		if (audits.get(`placement:${id}`) !== '1') bad.push(`placement ${id}: ${audits.get(`placement:${id}`) || 0} audit rows`);
		if (notes.get(`/placements/${id}`) !== '1') bad.push(`placement ${id}: ${notes.get(`/placements/${id}`) || 0} notifications`);
		if (w.acked && w.location !== `/placements/${id}?msg=created`) bad.push(`${w.ref}: answered ${w.location}, stored ${id}`);
		if (n && n.location !== `/placements/${id}?msg=created`) bad.push(`${w.ref}: nonce location ${n.location}`);
	}
	if (rows.size !== committed) bad.push(`${rows.size} soak placements stored, ${committed} expected`);
	// A retried placement whose audit row comes before that of a
	// placement acknowledged before the retry went out was stored by the
	// attempt that failed: the retry was answered from the nonce table.
	const auditId = new Map(sql(db, `SELECT object, id FROM audit_log WHERE id > ${auditMark}
		AND action = 'placement.create'`).map(([o, id]) => [o, Number(id)]));
	const idOf = (w) => auditId.get(`placement:${(rows.get(w.ref) || [])[0]}`) || 0;
	let replayed = 0;
	for (const w of list.filter((x) => x.attempts.length > 1 && x.acked)) {
		const retry = w.attempts[w.attempts.length - 1].t0;
		if (list.some((x) => x.acked && x.ackedAt < retry && idOf(x) > idOf(w))) replayed++;
	}
	return { bad, committed, replayed };
}

// A draft is replaced as a whole: all its rows carry the marker of one
// save, and that save is one no acknowledged later save overtook.
function checkBids(db, list, nonces, tender) {
	const bad = [];
	const finals = [];
	for (const org of Object.values(PROVIDERS)) {
		const mine = list.filter((w) => w.org === org);
		if (!mine.length) continue;
		const bids = sql(db, `SELECT id FROM bids WHERE tender_id = ${tender.id} AND org_id = ${org}`);
		if (bids.length !== 1) {
			bad.push(`org ${org}: ${bids.length} bids`);
			continue;
		}
		const bid = bids[0][0];
		const texts = [
			...sql(db, `SELECT lot_id, work_description FROM bid_lots WHERE bid_id = ${bid}`).map(([l, t]) => [`lot ${l}`, t]),
			...sql(db, `SELECT criterion_id, answer FROM bid_answers WHERE bid_id = ${bid}`).map(([c, t]) => [`answer ${c}`, t]),
		];
		const wantTexts = tender.lots.length + tender.lots.reduce((n, l) => n + l.crits.length, 0);
		const markers = new Set(texts.map(([, t]) => (/^soak (\S+) /.exec(t) || [])[1]));
		const reqs = count(db, `SELECT count(*) FROM bid_requirements WHERE bid_id = ${bid} AND confirmed = 1`);
		if (texts.length !== wantTexts || markers.size !== 1 || reqs !== tender.reqs.length) {
			bad.push(`org ${org}: draft rows ${texts.length}/${wantTexts}, markers ${[...markers].join(',')}, ` +
				`confirmed ${reqs}/${tender.reqs.length} (half-done)`);
			continue;
		}
		for (const [what, t] of texts)
			if (!t.endsWith(` ${what}`)) bad.push(`org ${org}: ${what} holds "${t}"`);
		const marker = [...markers][0];
		const w = mine.find((x) => x.marker === marker);
		if (!w) {
			bad.push(`org ${org}: draft ${marker} is no write of this run`);
			continue;
		}
		finals.push(marker);
		if (!nonces.get(w.nonce)) bad.push(`org ${org}: draft ${marker} stored without its nonce (half-done)`);
		const later = mine.filter((x) => x.acked && x !== w && w.acked && x.sent > w.ackedAt);
		if (later.length)
			bad.push(`org ${org}: draft ${marker} is stored, but ${later.length} saves sent after it was acknowledged were acknowledged too`);
	}
	for (const w of list)
		if (w.acked && !nonces.get(w.nonce)) bad.push(`acknowledged bid save ${w.marker} has no nonce row`);
	return { bad, finals };
}

// --- main --------------------------------------------------------------------------

async function main() {
	const tmp = TMP;
	const dir = path.join(tmp, 'load');
	fs.rmSync(dir, { recursive: true, force: true });
	note(`load: ${CONNECTIONS} connections, ${SECONDS} s, a worker killed every ${KILL_MS} ms, ` +
		`${WORKERS} workers per program, seed ${SEED}, run ${RUN}, B=${B}`);
	const stack = await startStack(dir, WORKERS);
	const db = stack.db;
	const ctx = { stack, http: new Http(stack.port, { sockets: CONNECTIONS }) };
	try {
		prepare(db);
		ctx.cells = freeCells(db);
		ctx.today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(new Date());
		// Free seats counted from every proposed or active placement (at
		// least as many as the portal counts as taken).
		ctx.places = sql(db, `SELECT id, hours_min, weekdays, capacity - (SELECT count(*) FROM placements pl
			WHERE pl.place_id = places.id AND pl.status IN ('proposed', 'active')) FROM places WHERE status = 'open'`)
			.map(([id, h, wd, free]) => {
				const bit = [1, 2, 4, 8, 16, 32, 64].find((b) => Number(wd) & b);
				return { id: Number(id), hours: Number(h), free: Number(free),
					day: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'][Math.log2(bit)] };
			});
		const tid = 1;
		const lots = sql(db, `SELECT id, pricing = 'fixed' FROM lots WHERE tender_id = ${tid} AND number <= 2 ORDER BY number`);
		ctx.tender = {
			id: tid,
			lots: lots.map(([id, fixed]) => ({ id: Number(id), fixed: fixed === '1',
				crits: sql(db, `SELECT id FROM criteria WHERE lot_id = ${id} ORDER BY number`).map(([c]) => Number(c)) })),
			reqs: sql(db, `SELECT id FROM requirements WHERE tender_id = ${tid} ORDER BY number`).map(([r]) => Number(r)),
		};
		note(`free day cells: ${Object.entries(ctx.cells).map(([o, l]) => `org ${o}: ${l.length}`).join(', ')}`);
		ctx.sessions = {};
		for (const u of Object.keys(PAGES).filter((x) => x !== 'anon')) {
			ctx.sessions[u] = [];
			for (let i = 0; i < SESSIONS_PER_USER; i++) ctx.sessions[u].push(await session(ctx.http, db, u));
		}
		// Every page answers before the clock starts.
		const broken = [];
		for (const [who, pages] of Object.entries(PAGES))
			for (const p of pages) {
				const r = await ctx.http.request('GET', p, { headers: { cookie: who === 'anon' ? 'pk_lang=en' : ctx.sessions[who][0].cookie } });
				if (r.status !== 200) broken.push(`${who} ${p}: ${r.status}`);
			}
		if (!check('every page of the mix answers 200 before the load', !broken.length, broken.join('; '))) return finish();
		const auditMark = count(db, 'SELECT coalesce(max(id), 0) FROM audit_log');
		const logBefore = fs.readFileSync(path.join(dir, 'log/paikka.log'), 'utf8');

		const t0 = nowMs();
		const deadline = t0 + SECONDS * 1000;
		const when = new Date().toISOString();
		await Promise.all([killer(ctx, t0, deadline), ...Array.from({ length: CONNECTIONS }, () => user(ctx, deadline))]);
		const elapsed = (nowMs() - t0) / 1000;
		note(`load ran ${elapsed.toFixed(1)} s from ${when}; machine load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

		// The supervisor brought every worker back.
		let alive = 0;
		for (let i = 0; i < 50 && (alive = workerPids(stack.pid).length) !== PROGRAMS * WORKERS; i++) await sleep(100);
		const log = fs.readFileSync(path.join(dir, 'log/paikka.log'), 'utf8').slice(logBefore.length);
		const restarts = (log.match(/killed by signal 9, restarting/g) || []).length;
		const sanitizer = log.match(/ERROR: AddressSanitizer.*|ERROR: LeakSanitizer.*|runtime error:.*/g) || [];
		check(`the supervisor restarted every killed worker (${kills.length} kills, ${restarts} restarts logged, ${alive}/${PROGRAMS * WORKERS} workers)`,
			restarts === kills.length && alive === PROGRAMS * WORKERS && kills.length >= Math.ceil(SECONDS * 1000 / KILL_MS) - 1);
		check(`no sanitizer report in the stack's log (${sanitizer.length})`, !sanitizer.length, sanitizer.slice(0, 3).join('; '));
		ctx.http.close();
		await stopStack(stack);

		// --- numbers
		const reads = requests.filter((r) => r.kind === 'read');
		const posts = requests.filter((r) => r.kind === 'write');
		const ms = requests.map((r) => r.ms).sort((a, b) => a - b);
		const fivexx = requests.filter((r) => r.status >= 500);
		const connErr = requests.filter((r) => r.status === 0);
		const acked = writes.filter((w) => w.acked);
		const retried = writes.filter((w) => w.attempts.length > 1);
		const byType = (t) => writes.filter((w) => w.type === t);
		note(`requests ${requests.length} (${(requests.length / elapsed).toFixed(0)}/s): page views ${reads.length}, ` +
			`write POSTs ${posts.length}; ${(100 * reads.length / requests.length).toFixed(1)} % views`);
		note(`writes ${writes.length}: days ${byType('day').length}, bid drafts ${byType('bid').length}, ` +
			`placements ${byType('placement').length}; acknowledged ${acked.length}; sent again after a 5xx or ` +
			`broken connection ${retried.length}`);
		note(`latency: p50 ${fmtMs(percentile(ms, 50))}, p99 ${fmtMs(percentile(ms, 99))}, max ${fmtMs(ms[ms.length - 1] || 0)}` +
			` (views p99 ${fmtMs(percentile(reads.map((r) => r.ms).sort((a, b) => a - b), 99))},` +
			` writes p99 ${fmtMs(percentile(posts.map((r) => r.ms).sort((a, b) => a - b), 99))})`);
		note(`5xx answers ${fivexx.length} (${[...new Set(fivexx.map((r) => r.status))].join(', ') || 'none'}), ` +
			`connection errors ${connErr.length}, workers killed ${kills.length}`);

		const over = (t) => requests.filter((r) => r.ms > t).length;
		note(`requests over 1 s: ${over(1000)}, over 2 s: ${over(2000)}, over 3 s: ${over(3000)}`);
		const slowest = [...requests].sort((a, b) => b.ms - a.ms).slice(0, 5);
		note(`slowest: ${slowest.map((r) => `${r.kind === 'write' ? 'POST' : 'GET'} ${r.path} ${fmtMs(r.ms)} ` +
			`at ${((r.t0 - t0) / 1000).toFixed(1)} s`).join('; ')}`);
		check('the mix is about 80 % page views and 20 % writes',
			Math.abs(reads.length / (reads.length + writes.length) - 0.8) < 0.03,
			`${reads.length} views, ${writes.length} writes`);
		const slow = requests.filter((r) => r.ms > LIMIT_MS);
		check(`no request waited longer than 5 s (max ${fmtMs(ms[ms.length - 1] || 0)}, p99 ${fmtMs(percentile(ms, 99))})`,
			!slow.length, slow.slice(0, 5).map((r) => `${r.path} ${fmtMs(r.ms)}`).join('; '));
		// Only a request in flight on a killed worker may fail, and then
		// nginx says so: its upstream closed or reset the connection.
		const unexplained = explain5xx(fivexx, kills);
		const upstream = (fs.readFileSync(path.join(dir, 'log/nginx-error.log'), 'utf8')
			.match(/(upstream prematurely closed|Connection reset by peer|Broken pipe).*upstream:/g) || []).length;
		check(`every 5xx was a request in flight on a killed worker (${fivexx.length} 5xx, ${kills.length} kills, ` +
			`${upstream} upstream errors in nginx's log)`,
		!unexplained.length && fivexx.every((r) => r.status === 502) && upstream === fivexx.length,
		unexplained.slice(0, 5).join('; '));
		check(`no connection errors (${connErr.length})`, !connErr.length,
			connErr.slice(0, 5).map((r) => `${r.path}: ${r.error}`).join('; '));
		check(`no other unexpected answers (${unexpected.length})`, !unexpected.length, unexpected.slice(0, 5).join('; '));
		const lost = writes.filter((w) => !w.acked && !w.refused);
		check(`every write was acknowledged in the end, retries included (${acked.length}/${writes.length})`,
			acked.length === writes.length, `${lost.length} never answered`);

		// --- the database
		const nonces = nonceRows(db);
		const days = checkDays(db, byType('day'), nonces, auditMark);
		check(`days: each acknowledged day stored once, with its audit row and nonce (${days.committed} stored)`,
			!days.bad.length, days.bad.slice(0, 5).join('; '));
		const pl = checkPlacements(db, byType('placement'), nonces, auditMark);
		note(`retried placements: ${byType('placement').filter((w) => w.attempts.length > 1).length}, of which ` +
			`${pl.replayed} had been stored by the attempt that failed (answered from the nonce table)`);
		check(`placements: each acknowledged placement stored once, with its period, audit row, notification and nonce (${pl.committed} stored)`,
			!pl.bad.length, pl.bad.slice(0, 5).join('; '));
		const bids = checkBids(db, byType('bid'), nonces, ctx.tender);
		check(`bid drafts: one bid per provider, every draft row from one save, the last acknowledged save kept (${bids.finals.join(', ')})`,
			!bids.bad.length, bids.bad.slice(0, 5).join('; '));
		const integrity = sql(db, 'PRAGMA integrity_check').map((r) => r[0]).join(' ');
		check(`PRAGMA integrity_check: ${integrity}`, integrity === 'ok');
		const fk = sql(db, 'PRAGMA foreign_key_check');
		check(`PRAGMA foreign_key_check: ${fk.length} problems`, !fk.length);
		try {
			const audit = execFileSync(path.join(ROOT, B, 'bin/paikkactl'), ['verify-audit'],
				{ env: { ...process.env, PAIKKA_DB: db }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
			check(`paikkactl verify-audit: ${audit}`, true);
		} catch (e) {
			check('paikkactl verify-audit', false, `${e.stderr || e.message}`.trim());
		}
		fs.writeFileSync(path.join(tmp, 'load-requests.json'), JSON.stringify({ t0, kills,
			requests: requests.map((r) => [r.kind, r.path, r.status, Math.round(r.t0 - t0), Math.round(r.ms)]) }));
		fs.writeFileSync(path.join(tmp, 'load-summary.json'), JSON.stringify({
			when, seconds: elapsed, connections: CONNECTIONS, workers: WORKERS, seed: SEED,
			requests: requests.length, views: reads.length, writePosts: posts.length, writes: writes.length,
			acked: acked.length, retried: retried.length, fivexx: fivexx.length, connErrors: connErr.length,
			kills: kills.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms[ms.length - 1] || 0,
			days: days.committed, placements: pl.committed, load: os.loadavg(),
		}, null, 1));
	} finally {
		ctx.http.close();
		await stopStack(stack);
	}
	return finish();
}

// Run alone (not from run.sh), the temporary folder goes unless KEEP is set.
function tidy() {
	if (!process.env.SOAK_TMP && !process.env.KEEP) fs.rmSync(TMP, { recursive: true, force: true });
}

main().then((failed) => {
	tidy();
	process.exit(failed ? 1 : 0);
}, (e) => {
	tidy();
	console.log(`not ok - load test: ${e.stack || e}`);
	console.log('0 passed, 1 failed');
	process.exit(1);
});
