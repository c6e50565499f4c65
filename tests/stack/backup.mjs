// Backup and restore under write load: two providers' clients keep saving
// realised days through the real stack (each save is one transaction: the
// attendance rows and one audit row "attendance.grid ... changed=N") while
// paikkactl backup copies the database. The backup must be a snapshot of
// one moment: taken mid-load (more rows than before the load, fewer than
// after it), its audit chain whole, and the days in it exactly those the
// audit rows in it account for (no half transaction). Restored into a new
// path it passes integrity_check with the same row count in every table;
// neither command overwrites a file; no save failed during the backup.
// Usage: B=build node tests/stack/backup.mjs
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	B, ROOT, assert, eq, startStack, stopStack, sql, sqlValue, Client, login, formHidden, registry, finish,
} from './lib.mjs';

// The story up to contracts and placements (layers 1-2): the days are
// this suite's own.
process.env.PAIKKA_DEMO_LAYERS ??= '2';

const { test, run } = registry();
const PAIKKACTL = path.join(ROOT, B, 'bin/paikkactl');
const CONTRACT = 2;
const PER_SAVE = 3; // cells per save: a torn transaction would show

// paikkactl with PAIKKA_DB=db; resolves to {code, out, err}.
function ctl(db, args) {
	return new Promise((resolve) => {
		execFile(PAIKKACTL, args, { env: { ...process.env, PAIKKA_DB: db } },
			(e, out, err) => resolve({ code: e ? e.code ?? 1 : 0, out, err }));
	});
}

// "rows TABLE N" lines of paikkactl's output as {table: N}.
function counts(out) {
	const c = {};
	for (const m of out.matchAll(/^rows (\S+) (\d+)$/gm)) c[m[1]] = Number(m[2]);
	return c;
}

// The empty cells (no status recorded) of a month's grid, as field names.
function emptyCells(html) {
	const cells = [];
	for (const m of html.matchAll(/<select name="(c\d+_\d+)"[^>]*>(.*?)<\/select>/gs))
		if (/<option value="" selected>/.test(m[2])) cells.push(m[1]);
	return cells;
}

// Sums "changed=N" over the grid saves' audit rows after mark.
function auditedChanges(db, mark) {
	return Number(sqlValue(db, `SELECT coalesce(sum(CAST(substr(details, instr(details, 'changed=') + 8) AS INTEGER)), 0) FROM audit_log WHERE id > ${mark} AND action = 'attendance.grid'`));
}

// One client's share of the cells, saved PER_SAVE at a time until stop()
// or none is left; every status goes to statuses.
async function writer(c, month, share, statuses, stop) {
	for (let i = 0; i < share.length && !stop(); i += PER_SAVE) {
		const page = await c.get(`/invoices/days?contract=${CONTRACT}&month=${month}`);
		eq(page.status, 200, 'grid');
		const html = page.text.slice(page.text.indexOf('<form method="post" action="/invoices/days"'));
		const form = { ...formHidden(html, '/invoices/days') };
		for (const cell of share.slice(i, i + PER_SAVE)) form[cell] = 'present';
		const r = await c.post('/invoices/days', form);
		statuses.push(r.status);
	}
}

test('backup during a write load is a consistent snapshot; restore checks it', async (ctx) => {
	const { stack, clients } = ctx;
	const db = stack.db;
	// Ballast, so that the copy takes a while and the saves run during it.
	sql(db, "CREATE TABLE ballast(b BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) INSERT INTO ballast SELECT randomblob(4096) FROM n");
	// This month and the two before, as far as the contract has cells.
	const months = sql(db, "SELECT strftime('%Y-%m', 'now', m) FROM (SELECT '-2 months' AS m UNION ALL SELECT '-1 months' UNION ALL SELECT '+0 days')").map((r) => r[0]);
	const work = [];
	for (const month of months) {
		const page = await clients[0].get(`/invoices/days?contract=${CONTRACT}&month=${month}`);
		eq(page.status, 200, `grid ${month}`);
		const cells = emptyCells(page.text);
		if (cells.length >= 4 * PER_SAVE) work.push({ month, cells });
	}
	assert(work.length > 0, 'the contract has empty cells to fill');
	const before = Number(sqlValue(db, 'SELECT count(*) FROM attendance'));
	const mark = Number(sqlValue(db, 'SELECT coalesce(max(id), 0) FROM audit_log'));

	// The load: each client its own half of every month's cells.
	const statuses = [];
	let stopped = false, loadError;
	const stop = () => stopped;
	const load = (async () => {
		for (const { month, cells } of work) {
			const halves = [cells.filter((_, i) => i % 2 === 0), cells.filter((_, i) => i % 2 === 1)];
			await Promise.all(clients.map((c, k) => writer(c, month, halves[k], statuses, stop)));
			if (stopped) break;
		}
	})().catch((e) => { loadError = e; stopped = true; });
	const waitSaves = async (n) => {
		const t0 = Date.now();
		while (statuses.length < n && !stopped && Date.now() - t0 < 20000) await new Promise((r) => setTimeout(r, 20));
	};

	await waitSaves(4);
	const savesBefore = statuses.length;
	const backupPath = path.join(stack.dir, 'backup.db');
	const b = await ctl(db, ['backup', backupPath]);
	const savesDuring = statuses.length - savesBefore;
	await waitSaves(statuses.length + 4);
	stopped = true;
	await load;
	if (loadError) throw loadError;

	eq(b.code, 0, `backup exit (${b.err})`);
	console.log(`# days: ${before} before the load, ${counts(b.out).attendance} in the backup, ` +
		`${sqlValue(db, 'SELECT count(*) FROM attendance')} after; ${savesDuring} saves during the backup`);
	assert(/^integrity_check ok$/m.test(b.out), 'backup reports integrity_check ok');
	const bc = counts(b.out);
	assert(Object.keys(bc).length > 20, 'backup prints the row count of every table');
	eq(bc.ballast, 1000, 'ballast rows in the backup');
	assert(statuses.every((s) => s === 303), `every save went through during the backup: ${[...new Set(statuses)]}`);
	const after = Number(sqlValue(db, 'SELECT count(*) FROM attendance'));
	eq(after - before, auditedChanges(db, mark), 'live: days equal the audited changes');
	assert(bc.attendance > before && bc.attendance < after,
		`backup taken mid-load: ${before} < ${bc.attendance} < ${after} days (${savesDuring} saves during it)`);
	eq(fs.statSync(backupPath).mode & 0o777, 0o600, 'backup file mode');
	eq(sqlValue(backupPath, 'PRAGMA journal_mode'), 'delete', 'backup is one self-contained file');
	eq(sqlValue(backupPath, 'SELECT count(*) FROM attendance'), String(bc.attendance), 'printed count is the file\'s');

	// The copy holds whole transactions only: every day in it has its
	// save's audit row, and nothing more.
	eq(bc.attendance - before, auditedChanges(backupPath, mark), 'backup: days equal the audited changes');

	// Neither command overwrites.
	const again = await ctl(db, ['backup', backupPath]);
	assert(again.code !== 0 && /exists; not overwritten/.test(again.err), 'second backup to the same name refused');

	// Restore into a new path: integrity, the same counts, the audit chain.
	const restored = path.join(stack.dir, 'restored', 'paikka.db');
	fs.mkdirSync(path.dirname(restored));
	const r = await ctl('/nonexistent/unused.db', ['restore', backupPath, restored]);
	eq(r.code, 0, `restore exit (${r.err})`);
	assert(/^integrity_check ok$/m.test(r.out), 'restore reports integrity_check ok');
	const rc = counts(r.out);
	eq(JSON.stringify(rc), JSON.stringify(bc), 'restored row counts equal the backup\'s');
	assert(/^audit chain ok: \d+ rows$/m.test(r.out), 'restore verifies the audit chain');
	const v = await ctl(restored, ['verify-audit']);
	eq(v.code, 0, `verify-audit on the restored copy (${v.out}${v.err})`);
	eq(sqlValue(restored, 'PRAGMA journal_mode'), 'wal', 'restored database is in WAL mode');
	eq(sqlValue(restored, 'PRAGMA integrity_check'), 'ok', 'sqlite3 agrees: integrity ok');
	const r2 = await ctl('/nonexistent/unused.db', ['restore', backupPath, restored]);
	assert(r2.code !== 0 && /exists; not overwritten/.test(r2.err), 'restore over an existing file refused');
	eq(sqlValue(restored, 'SELECT count(*) FROM attendance'), String(bc.attendance), 'refused restore left the file alone');
	const r3 = await ctl('/nonexistent/unused.db', ['restore', backupPath, path.join(stack.dir, 'live.db')]);
	eq(r3.code, 0, 'restore to a fresh name');
	fs.writeFileSync(path.join(stack.dir, 'stale.db-wal'), 'x');
	const r4 = await ctl('/nonexistent/unused.db', ['restore', backupPath, path.join(stack.dir, 'stale.db')]);
	assert(r4.code !== 0 && /stale\.db-wal exists/.test(r4.err), 'a stale -wal beside the target refused');
	assert(!fs.existsSync('/nonexistent/unused.db'), 'restore does not open PAIKKA_DB');
	const none = await ctl(path.join(stack.dir, 'none.db'), ['backup', path.join(stack.dir, 'none-backup.db')]);
	assert(none.code !== 0 && /no database at/.test(none.err), 'backup of a missing database refused');
	assert(!fs.existsSync(path.join(stack.dir, 'none.db')), 'and not created');
	const leftovers = fs.readdirSync(stack.dir).filter((f) => f.includes('.tmp-'));
	eq(leftovers.length, 0, 'no temporary files left');
});

test('the restored database serves the stack', async (ctx) => {
	// A second stack started on the restored file (tools/run.sh only
	// migrates a database that exists).
	const restored = path.join(ctx.stack.dir, 'restored', 'paikka.db');
	const days = sqlValue(restored, 'SELECT count(*) FROM attendance');
	const logins = Number(sqlValue(restored, "SELECT count(*) FROM audit_log WHERE action = 'login'"));
	process.env.PAIKKA_DB = restored;
	let s2;
	try {
		s2 = await startStack('backup-restored');
	} finally {
		delete process.env.PAIKKA_DB;
	}
	try {
		const c = new Client(s2);
		eq((await login(c, 'provider')).status, 303, 'login on the restored copy');
		const month = sqlValue(restored, `SELECT substr(max(day), 1, 7) FROM attendance`);
		const g = await c.get(`/invoices/days?contract=${CONTRACT}&month=${month}`);
		eq(g.status, 200, 'grid from the restored copy');
		assert(/<option value="present" selected>/.test(g.text), 'the grid shows the saved days');
		eq(sqlValue(restored, 'SELECT count(*) FROM attendance'), days, 'same days');
		eq(Number(sqlValue(restored, "SELECT count(*) FROM audit_log WHERE action = 'login'")), logins + 1, 'the login was written to the restored copy');
	} finally {
		stopStack(s2);
		fs.rmSync(s2.dir, { recursive: true, force: true });
	}
});

async function main() {
	let stack, passed = 0, failed = 0;
	try {
		stack = await startStack('backup');
		const clients = [new Client(stack), new Client(stack)];
		for (const c of clients) eq((await login(c, 'provider')).status, 303, 'login');
		({ passed, failed } = await run({ stack, clients }));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${e.message}`);
	} finally {
		if (stack) stopStack(stack);
	}
	finish(stack, passed, failed);
}

main();
