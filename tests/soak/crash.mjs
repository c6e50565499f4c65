// The whole stack killed in the middle of a write (issue 7, "Load and
// faults", second part). For an invoice approval by finance and for a bid
// submission by a provider, ROUNDS times each: a stack starts on a copy of
// a prepared database, the POST goes out, and after a random delay that
// covers "before", "during" and "after" the transaction's commit the
// whole process group (supervisor, workers, mailer, nginx) gets SIGKILL.
// The stack then starts again on the same database, the page is fetched
// through it, and the database must hold the write either complete or
// not at all; an answered (303) write must be complete. Then the same
// form is sent again with the same nonce, as a user would after the
// error: the write must then be there exactly once.
//   B=build node tests/soak/crash.mjs        SOAK_ROUNDS (100), SOAK_SEED
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { prng, sql, q } from '../stack/lib.mjs';
import {
	ROOT, B, Http, hex, sleep, reporter, note, startStack, stopStack, killGroup, session, urlencoded,
	multipart, postHeaders, pdf,
} from './common.mjs';

const ROUNDS = Number(process.env.SOAK_ROUNDS || 100);
const SEED = Number(process.env.SOAK_SEED || Date.now() % 1e9);
const rand = prng(SEED);
const TMP = process.env.SOAK_TMP || fs.mkdtempSync(path.join(os.tmpdir(), 'paikka-soak-'));
const { check, finish } = reporter();
const sha256 = (s) => createHash('sha256').update(s).digest('hex');
const unhex = (h) => Buffer.from(h, 'hex').toString('utf8');

// --- the prepared database ---------------------------------------------------

// The full demo plus: the provider's complete draft for tender 1 (two
// lots, every answer, every requirement confirmed, PDFs attached) and
// one earlier submission of it, so a new one must also supersede that.
// Finance and the provider are logged in; their sessions are in the copy.
async function prepare(tmp) {
	const dir = path.join(tmp, 'crash-base');
	const stack = await startStack(dir, 1);
	const http = new Http(stack.port, { sockets: 4 });
	try {
		const db = stack.db;
		const fin = await session(http, db, 'finance');
		const prov = await session(http, db, 'provider');
		const lots = sql(db, "SELECT id, pricing = 'fixed' FROM lots WHERE tender_id = 1 AND number <= 2 ORDER BY number");
		const pairs = [['csrf', prov.csrf], ['nonce', hex(16)]];
		for (const [id, fixed] of lots) {
			pairs.push([`lot_${id}`, '1'], [`capacity_${id}`, '4'], [`work_${id}`, `Työtoimintaa, osa-alue ${id} – kaatuu ja nousee`]);
			if (fixed !== '1') pairs.push([`price_${id}`, '31,50']);
			for (const [c] of sql(db, `SELECT id FROM criteria WHERE lot_id = ${id}`))
				pairs.push([`answer_${c}`, `Vastaus kriteeriin ${c}: ohjaus ja tuki.`]);
		}
		const files = [];
		for (const [r, att] of sql(db, 'SELECT id, needs_attachment FROM requirements WHERE tender_id = 1')) {
			pairs.push([`confirm_${r}`, '1']);
			if (att === '1') files.push([`file_${r}`, `liite-${r}.pdf`, pdf(`requirement ${r}`)]);
		}
		const mp = multipart(pairs, files);
		let r = await http.request('POST', '/tenders/1/bid', { body: mp.body, headers: postHeaders(stack.port, prov, mp.type) });
		if (r.status !== 303) throw new Error(`draft: ${r.status} ${r.body.slice(0, 500)}`);
		r = await http.request('POST', '/tenders/1/bid/submit', { body: urlencoded([['csrf', prov.csrf], ['nonce', hex(16)]]),
			headers: postHeaders(stack.port, prov, 'application/x-www-form-urlencoded') });
		if (r.status !== 303) throw new Error(`first submission: ${r.status} ${r.body.slice(0, 500)}`);
		const inv = sql(db, 'SELECT status, month, contract_id FROM invoices WHERE id = 1')[0];
		if (!inv || inv[0] !== 'submitted') throw new Error(`demo invoice 1 is ${inv && inv[0]}, not submitted`);
		const bid = Number(sql(db, 'SELECT id FROM bids WHERE tender_id = 1 AND org_id = 2')[0][0]);
		const subs = sql(db, `SELECT id FROM bid_submissions WHERE bid_id = ${bid}`);
		if (subs.length !== 1) throw new Error(`${subs.length} submissions after the first`);
		return { fin, prov, bid, s0: Number(subs[0][0]), month: inv[1], contract: Number(inv[2]), dir };
	} finally {
		http.close();
		await stopStack(stack);
		// The workers die on SIGTERM without closing the database: fold
		// the WAL into the file, which is all the rounds copy.
		sql(path.join(dir, 'paikka.db'), 'PRAGMA wal_checkpoint(TRUNCATE)');
		if (fs.existsSync(path.join(dir, 'paikka.db-wal')) && fs.statSync(path.join(dir, 'paikka.db-wal')).size)
			throw new Error('the prepared database still has a WAL after the checkpoint');
	}
}

// --- one round ------------------------------------------------------------------

// Sends the POST over a fresh socket; with delayUs set, SIGKILLs the
// stack's process group that many microseconds after the request left
// (busy-waiting, so the moment is exact). Resolves to {status, location,
// firstByteUs}; status 0 when no answer came before the kill.
async function fire(stack, s, p, body, delayUs) {
	const sock = net.connect(stack.port, '127.0.0.1');
	await new Promise((resolve, reject) => {
		sock.once('connect', resolve);
		sock.once('error', reject);
	});
	const chunks = [];
	let first = 0n;
	sock.on('data', (c) => {
		if (!first) first = process.hrtime.bigint();
		chunks.push(c);
	});
	sock.on('error', () => {});
	const closed = new Promise((resolve) => sock.on('close', resolve));
	const req = `POST ${p} HTTP/1.1\r\nHost: 127.0.0.1:${stack.port}\r\nOrigin: http://127.0.0.1:${stack.port}\r\n` +
		`Cookie: ${s.cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
		`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
	const t0 = process.hrtime.bigint();
	sock.write(req);
	if (delayUs !== null) {
		const until = t0 + BigInt(Math.round(delayUs * 1000));
		while (process.hrtime.bigint() < until) { /* busy-wait for an exact moment */ }
		process.kill(-stack.pid, 'SIGKILL');
	}
	await Promise.race([closed, sleep(delayUs === null ? 20000 : 3000)]);
	sock.destroy();
	const head = Buffer.concat(chunks).toString('latin1');
	const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
	return { status: m ? Number(m[1]) : 0, location: (/\r\nlocation: ([^\r]*)/i.exec(head) || [])[1],
		firstByteUs: first ? Number(first - t0) / 1000 : null };
}

// Copies the prepared database into a clean folder and starts a stack.
async function freshStack(dir, base) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.copyFileSync(path.join(base.dir, 'paikka.db'), path.join(dir, 'paikka.db'));
	return startStack(dir, 1);
}

// After the page check, the second stack is not needed either: it is
// killed too (its database is thrown away with the folder).
async function dropStack(stack) {
	stack.stopped = true;
	await killGroup(stack.pid);
	fs.rmSync(path.join(stack.dir, 'stack.pid'), { force: true });
}

// --- what the database holds --------------------------------------------------

function approvalState(db, base, nonce) {
	const [row] = sql(db, `SELECT status, coalesce(decided_by, ''), coalesce(decided_at, ''),
		(SELECT count(*) FROM audit_log WHERE action = 'invoice.approve' AND object = 'invoice:1'),
		(SELECT count(*) FROM notifications WHERE link = '/invoices/1' AND text_en LIKE '%has been approved%'),
		(SELECT count(*) FROM form_nonces WHERE nonce = ${q(nonce)}),
		(SELECT count(*) FROM invoices WHERE contract_id = ${base.contract} AND month = ${q(base.month)}
			AND status = 'approved' AND kind = 'invoice' AND credited_at IS NULL)
		FROM invoices WHERE id = 1`);
	const [status, by, at, audit, notes, nonceRow, locked] = row;
	const parts = { approved: status === 'approved', decided_by: by === String(base.fin.uid), decided_at: at !== '',
		audit: audit === '1', notification: notes === '1', nonce: nonceRow === '1', month_locked: locked === '1' };
	const none = status === 'submitted' && by === '' && at === '' && audit === '0' && notes === '0' &&
		nonceRow === '0' && locked === '0';
	return classify(parts, none);
}

// The canonical text of a submission rebuilt from its stored rows (the
// format of src/bid.c), to recompute the receipt's hash.
function rebuild(db, sid) {
	const lots = sql(db, `SELECT s.lot_id, l.number, s.price_cents, s.capacity, hex(s.work_description)
		FROM submission_lots s JOIN lots l ON l.id = s.lot_id WHERE s.submission_id = ${sid} ORDER BY l.number`);
	const answers = sql(db, `SELECT c.lot_id, c.number, hex(a.answer) FROM submission_answers a
		JOIN criteria c ON c.id = a.criterion_id WHERE a.submission_id = ${sid} ORDER BY c.number`);
	const reqs = sql(db, `SELECT q.number, coalesce(r.confirmed, 0), coalesce(f.sha256, '-') FROM requirements q
		LEFT JOIN submission_requirements r ON r.requirement_id = q.id AND r.submission_id = ${sid}
		LEFT JOIN files f ON f.id = r.file_id WHERE q.tender_id = 1 ORDER BY q.number`);
	const text = (h) => {
		const s = unhex(h);
		return `${Buffer.byteLength(s)}:${s}`;
	};
	let out = 'paikka-bid 1\ntender 1\norg 2\n';
	for (const [lot, number, price, cap, work] of lots) {
		out += `lot ${number}\nprice ${price}\ncapacity ${cap}\nwork ${text(work)}\n`;
		for (const [alot, anum, a] of answers) if (alot === lot) out += `answer ${anum} ${text(a)}\n`;
	}
	for (const [n, conf, hash] of reqs) out += `requirement ${n} confirmed ${conf} attachment ${hash}\n`;
	return { out, rows: lots.length + answers.length + Number(sql(db,
		`SELECT count(*) FROM submission_requirements WHERE submission_id = ${sid}`)[0][0]) };
}

function submissionState(db, base, nonce) {
	const subs = sql(db, `SELECT id, kind, received_by, sha256, hex(content), coalesce(superseded_at, ''), received_at
		FROM bid_submissions WHERE bid_id = ${base.bid} ORDER BY received_at, id`);
	const [extra] = sql(db, `SELECT
		(SELECT count(*) FROM submission_lots WHERE submission_id NOT IN (SELECT id FROM bid_submissions)) +
		(SELECT count(*) FROM submission_answers WHERE submission_id NOT IN (SELECT id FROM bid_submissions)) +
		(SELECT count(*) FROM submission_requirements WHERE submission_id NOT IN (SELECT id FROM bid_submissions)),
		(SELECT count(*) FROM notifications WHERE link LIKE '/tenders/1/bid/receipts/%'),
		(SELECT count(*) FROM form_nonces WHERE nonce = ${q(nonce)})`);
	const [orphans, notes, nonceRow] = extra.map(Number);
	const s0 = subs.find((s) => Number(s[0]) === base.s0);
	const s1 = subs.find((s) => Number(s[0]) !== base.s0);
	const none = subs.length === 1 && s0 && s0[5] === '' && orphans === 0 && notes === base.receiptNotes && nonceRow === 0;
	const parts = { receipt: !!s1 && subs.length === 2 };
	if (s1) {
		const content = unhex(s1[4]);
		const r = rebuild(db, s1[0]);
		parts.kind_and_user = s1[1] === 'submit' && s1[2] === String(base.prov.uid);
		parts.hash = sha256(content) === s1[3];
		parts.rows_copied = r.out === content && r.rows === base.s0Rows;
		parts.same_bid = content === base.s0Content;
		parts.superseded = !!s0 && s0[5] === s1[6];
		parts.notification = notes === base.receiptNotes + 1 && sql(db,
			`SELECT count(*) FROM notifications WHERE link = '/tenders/1/bid/receipts/${s1[0]}'`)[0][0] === '1';
		parts.nonce = nonceRow === 1;
	}
	parts.no_orphans = orphans === 0;
	return { ...classify(parts, none), sid: s1 && Number(s1[0]) };
}

function classify(parts, none) {
	const all = Object.values(parts).every(Boolean);
	const outcome = all ? 'complete' : none ? 'absent' : 'partial';
	return { outcome, missing: Object.entries(parts).filter(([, v]) => !v).map(([k]) => k) };
}

// --- the rounds -------------------------------------------------------------------

const KINDS = {
	approval: {
		user: (base) => base.fin,
		path: '/invoices/1/approve',
		state: approvalState,
		// The page through the restarted stack: the approve button is
		// there exactly when the invoice is still waiting.
		async page(http, base, st) {
			const r = await http.request('GET', '/invoices/1', { headers: { cookie: base.fin.cookie } });
			const button = r.body.includes('action="/invoices/1/approve"');
			return r.status === 200 && button === (st.outcome === 'absent');
		},
	},
	submission: {
		user: (base) => base.prov,
		path: '/tenders/1/bid/submit',
		state: submissionState,
		async page(http, base, st) {
			const r = await http.request('GET', '/tenders/1/bid', { headers: { cookie: base.prov.cookie } });
			if (r.status !== 200) return false;
			if (st.outcome !== 'complete') return true;
			const rc = await http.request('GET', `/tenders/1/bid/receipts/${st.sid}`, { headers: { cookie: base.prov.cookie } });
			return rc.status === 200;
		},
	},
};

async function round(kind, base, dir, delayUs) {
	const k = KINDS[kind];
	const s = k.user(base);
	const nonce = hex(16);
	let stack = await freshStack(dir, base);
	const body = urlencoded([['csrf', s.csrf], ['nonce', nonce]]);
	const shot = await fire(stack, s, k.path, body, delayUs);
	const killed = await killGroup(stack.pid);
	fs.rmSync(path.join(dir, 'stack.pid'), { force: true });
	// Start again on what the kill left behind.
	stack = await startStack(dir, 1);
	const http = new Http(stack.port, { sockets: 2 });
	try {
		const st = k.state(stack.db, base, nonce);
		st.page = await k.page(http, base, st);
		st.killed = killed;
		st.acked = shot.status === 303;
		st.status = shot.status;
		st.firstByteUs = shot.firstByteUs;
		st.integrity = sql(stack.db, 'PRAGMA integrity_check').map((r) => r[0]).join(' ');
		st.audit = verifyAudit(stack.db);
		// The user sends the form again (same nonce): a write that
		// survived is answered from the nonce table, one that did not is
		// done now; either way it is then there exactly once.
		const again = await http.request('POST', k.path, { body,
			headers: postHeaders(stack.port, s, 'application/x-www-form-urlencoded') });
		const st2 = k.state(stack.db, base, nonce);
		st.retryOk = again.status === 303 && st2.outcome === 'complete' &&
			(st.outcome !== 'complete' || st2.sid === st.sid);
		return st;
	} finally {
		http.close();
		await dropStack(stack);
	}
}

function verifyAudit(db) {
	try {
		execFileSync(path.join(ROOT, B, 'bin/paikkactl'), ['verify-audit'],
			{ env: { ...process.env, PAIKKA_DB: db }, stdio: ['ignore', 'pipe', 'pipe'] });
		return true;
	} catch {
		return false;
	}
}

async function main() {
	const tmp = TMP;
	const t0 = Date.now();
	note(`crash: ${ROUNDS} rounds each of an invoice approval and a bid submission, whole stack SIGKILLed, seed ${SEED}, B=${B}`);
	const base = await prepare(tmp);
	base.receiptNotes = Number(sql(path.join(base.dir, 'paikka.db'),
		"SELECT count(*) FROM notifications WHERE link LIKE '/tenders/1/bid/receipts/%'")[0][0]);
	{
		// The first submission is the model of a complete one.
		const db = path.join(base.dir, 'paikka.db');
		const [, hash, content] = sql(db, `SELECT id, sha256, hex(content) FROM bid_submissions WHERE id = ${base.s0}`)[0];
		base.s0Content = unhex(content);
		const r = rebuild(db, base.s0);
		base.s0Rows = r.rows;
		check('the prepared submission: its receipt hash and rows match its text',
			sha256(base.s0Content) === hash && r.out === base.s0Content, `${r.rows} rows`);
	}
	for (const kind of Object.keys(KINDS)) {
		const dir = path.join(tmp, `crash-${kind}`);
		// Calibration: how long the POST takes on a freshly started
		// stack, up to the first byte of the answer.
		const cal = [];
		let calOk = true;
		for (let i = 0; i < 3; i++) {
			const st = await round(kind, base, dir, null);
			calOk &&= st.outcome === 'complete' && st.acked && st.page && st.integrity === 'ok' && st.audit && st.retryOk;
			if (st.firstByteUs) cal.push(st.firstByteUs);
		}
		cal.sort((a, b) => a - b);
		const L = cal[Math.floor(cal.length / 2)] || 20000;
		check(`${kind}: without a kill the write is complete and answered 303 (${cal.map((x) => (x / 1000).toFixed(1)).join(', ')} ms)`, calOk);
		// Delays from 0 to twice that: before, during and after the
		// commit (which comes shortly before the answer).
		const maxUs = 2 * L;
		const res = { complete: 0, absent: 0, partial: 0, acked: 0, ackedLost: 0, pageBad: 0, integrityBad: 0,
			notKilled: 0, retryBad: 0 };
		const buckets = Array.from({ length: 5 }, () => ({ complete: 0, absent: 0 }));
		const partials = [];
		for (let i = 0; i < ROUNDS; i++) {
			const delay = rand() * maxUs;
			const st = await round(kind, base, dir, delay);
			res[st.outcome]++;
			if (st.outcome !== 'partial') buckets[Math.min(4, Math.floor((delay / maxUs) * 5))][st.outcome]++;
			else partials.push(`round ${i + 1} at ${(delay / 1000).toFixed(2)} ms: missing ${st.missing.join(', ')}`);
			if (st.acked) res.acked++;
			if (st.acked && st.outcome !== 'complete') res.ackedLost++;
			if (!st.page) res.pageBad++;
			if (st.integrity !== 'ok' || !st.audit) res.integrityBad++;
			if (!st.killed) res.notKilled++;
			if (!st.retryOk) res.retryBad++;
		}
		note(`${kind}: kill 0–${(maxUs / 1000).toFixed(1)} ms after the request left; complete ${res.complete} ` +
			`(answered 303 before the kill: ${res.acked}), absent ${res.absent}, partial ${res.partial}`);
		note(`${kind}: outcome by fifth of the delay range (complete/absent): ` +
			buckets.map((b) => `${b.complete}/${b.absent}`).join(' '));
		check(`${kind}: ${ROUNDS} kills, never partial (complete ${res.complete}, absent ${res.absent}, partial ${res.partial})`,
			res.partial === 0 && res.notKilled === 0, partials.slice(0, 3).join('; '));
		check(`${kind}: the kills hit the window, both outcomes occur`, res.complete > 0 && res.absent > 0);
		check(`${kind}: every write answered 303 before the kill survived it (${res.acked})`, res.ackedLost === 0);
		check(`${kind}: sent again with the same nonce after the restart, the write is there exactly once ` +
			`(${res.complete} answered from the nonce table, ${res.absent} done then)`, res.retryBad === 0,
		`${res.retryBad} rounds wrong`);
		check(`${kind}: every round the restarted stack shows the outcome; integrity_check and verify-audit ok`,
			res.pageBad === 0 && res.integrityBad === 0, `${res.pageBad} pages wrong, ${res.integrityBad} integrity or audit failures`);
	}
	note(`crash rounds took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
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
	console.log(`not ok - crash test: ${e.stack || e}`);
	console.log('0 passed, 1 failed');
	process.exit(1);
});
