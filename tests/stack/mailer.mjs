// The e-mail outbox and the mailer, and notifications in the portal.
// Usage: B=build node tests/stack/mailer.mjs (KEEP=1 keeps the folders).
//
// SMTP: a local sink (Debian's python3-aiosmtpd, a Controller that writes
// each message it accepts as JSON, decoded by Python's email package) on a
// free loopback port; build/bin/paikka-mailer --once sends to it. Those
// runs use a copy of the stack's fresh database, because the stack's own
// mailer daemon (file delivery, started by run.sh) would otherwise take
// the same rows. Files: --once without PAIKKA_SMTP_URL, and the stack's
// daemon writing var/mail. Portal: the front page and /notifications show
// a user their own and their organisation's notifications only.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
	ROOT, B, assert, eq, startStack, stopStack, sql, sqlValue, q, auditMark,
	auditSince, Client, loginClient, formHidden, registry,
} from './lib.mjs';

const { test, run } = registry();
const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;
const FROM = 'paikka@hyvinvointialue.example';
const MSGID = /^<paikka\.(\d+)\.[0-9a-f]{32}@hyvinvointialue\.example>$/;

// The sink: accepts everything, writes one JSON file per message into the
// folder (renamed into place before answering 250), prints "ready".
const SINK_PY = `
import email, json, os, sys
from email import policy
from aiosmtpd.controller import Controller

out = sys.argv[2]
class Sink:
    n = 0
    async def handle_DATA(self, server, session, envelope):
        Sink.n += 1
        raw = envelope.original_content or envelope.content
        m = email.message_from_bytes(raw, policy=policy.default)
        rec = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
               "subject": str(m["subject"]), "message_id": str(m["message-id"]),
               "from": str(m["from"]), "to": str(m["to"]), "date": str(m["date"]),
               "content_type": str(m["content-type"]),
               "body": m.get_content(), "raw": raw.decode("utf-8", "replace")}
        name = os.path.join(out, "%d-%06d.json" % (os.getpid(), Sink.n))
        with open(name + ".tmp", "w") as f:
            json.dump(rec, f)
        os.rename(name + ".tmp", name)
        return "250 OK"

c = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
c.start()
print("ready", flush=True)
try:
    sys.stdin.read()
finally:
    c.stop()
`;

// --- helpers ----------------------------------------------------------------

const now = () => Math.floor(Date.now() / 1000);

function freePort() {
	return new Promise((resolve) => {
		const s = net.createServer().listen(0, '127.0.0.1', () => {
			const p = s.address().port;
			s.close(() => resolve(p));
		});
	});
}

// A python3 that has aiosmtpd: PATH's, else Debian's own.
function findPython() {
	const why = [];
	for (const py of ['python3', '/usr/bin/python3']) {
		const r = spawnSync(py, ['-c', 'import aiosmtpd; print(aiosmtpd.__version__)'], { encoding: 'utf8' });
		if (r.status === 0) return { py };
		why.push(`${py}: ${(r.error && r.error.message) || (r.stderr || '').trim().split('\n').pop()}`);
	}
	return { why: why.join('; ') };
}

// Starts the sink; resolves when it listens.
function startSink(ctx) {
	return new Promise((resolve, reject) => {
		const p = spawn(ctx.python, [ctx.sinkScript, String(ctx.smtpPort), ctx.box],
			{ stdio: ['pipe', 'pipe', 'pipe'] });
		let out = '', err = '';
		const timer = setTimeout(() => reject(new Error(`sink did not start: ${err}`)), 10000);
		p.stdout.on('data', (d) => {
			out += d;
			if (out.includes('ready')) {
				clearTimeout(timer);
				resolve(p);
			}
		});
		p.stderr.on('data', (d) => { err += d; });
		p.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`sink exited (${code}): ${err}`));
		});
		p.on('error', reject);
	});
}

function stopSink(p) {
	return new Promise((resolve) => {
		if (!p || p.exitCode !== null || p.signalCode !== null) return resolve();
		p.removeAllListeners('exit');
		p.on('exit', () => resolve());
		p.kill('SIGTERM');
	});
}

// Everything the sink has received, oldest first.
function received(ctx) {
	return fs.readdirSync(ctx.box).filter((f) => f.endsWith('.json'))
		.map((f) => ({ f, t: fs.statSync(path.join(ctx.box, f)).mtimeMs }))
		.sort((a, b) => a.t - b.t || (a.f < b.f ? -1 : 1))
		.map(({ f }) => JSON.parse(fs.readFileSync(path.join(ctx.box, f), 'utf8')));
}

// Runs paikka-mailer --once; returns {status, stderr}.
function mailer(ctx, db, env = {}) {
	const r = spawnSync(path.join(ROOT, B, 'bin/paikka-mailer'), ['--once'], {
		cwd: ROOT, encoding: 'utf8', timeout: 20000,
		env: { PATH: process.env.PATH, ASAN_OPTIONS: process.env.ASAN_OPTIONS || '',
			UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || '', PAIKKA_DB: db,
			PAIKKA_MAIL_FROM: FROM, ...env },
	});
	ctx.mailerStderr.push(r.stderr || '');
	return { status: r.status, stderr: r.stderr || '' };
}

const smtp = (ctx) => ({ PAIKKA_SMTP_URL: `smtp://127.0.0.1:${ctx.smtpPort}` });

// Queues one e-mail; returns its outbox id.
function queue(db, to, subject, body, at = now()) {
	return Number(sqlValue(db, 'INSERT INTO outbox(created_at, to_addr, subject, body, next_attempt_at) ' +
		`VALUES (${at}, ${q(to)}, ${q(subject)}, ${q(body)}, ${at}); SELECT last_insert_rowid();`));
}

function row(db, id) {
	const [r] = sql(db, 'SELECT attempts, next_attempt_at, last_error, coalesce(sending_since, \'\'), ' +
		`coalesce(sent_at, '') FROM outbox WHERE id = ${id}`);
	return { attempts: Number(r[0]), next: Number(r[1]), error: r[2],
		sending: r[3] === '' ? null : Number(r[3]), sent: r[4] === '' ? null : Number(r[4]) };
}

const crlf = (s) => s.replace(/\r\n/g, '\n');

function requireSink(ctx) {
	assert(ctx.python, `smtp sink unavailable: ${ctx.noSink}`);
}

// --- SMTP -------------------------------------------------------------------

const MESSAGES = [
	['pekka@kanerva.example', 'Paikka: Tarjouspyyntö "Työtoiminta 2027" on julkaistu',
		'Tarjouspyyntö on julkaistu.\nAnbudsförfrågan har publicerats: åäö ÅÄÖ.\n.rivi joka alkaa pisteellä\n' +
		'x'.repeat(150) + '\n\nhttp://127.0.0.1:8080/tenders/4\n\n-- \nPaikka\n'],
	['kaisa@kierratys.example', 'Paikka: Kysymykseen on vastattu – Svar på frågan: ääkköset ja å',
		'Lyhyt viesti.\n'],
	['liisa@diakonia.example', 'Paikka: plain ASCII subject', 'ASCII body = with an equals sign\n'],
];

test('smtp: each message arrives once, with its recipient, UTF-8 subject, body and Message-ID', async (ctx) => {
	requireSink(ctx);
	const t0 = now();
	ctx.ids = MESSAGES.map(([to, s, b]) => queue(ctx.smtpDb, to, s, b));
	const r = mailer(ctx, ctx.smtpDb, smtp(ctx));
	eq(r.status, 0, `mailer exit (${r.stderr})`);
	assert(/3 sent, 0 failed/.test(r.stderr), `mailer said: ${r.stderr}`);
	const got = received(ctx);
	eq(got.length, 3, 'messages received');
	ctx.msgid = {};
	ctx.date = {};
	MESSAGES.forEach(([to, subject, body], i) => {
		const m = got.filter((g) => g.rcpt_tos.includes(to));
		eq(m.length, 1, `messages to ${to}`);
		const [g] = m;
		eq(JSON.stringify(g.rcpt_tos), JSON.stringify([to]), 'envelope recipients');
		eq(g.mail_from, FROM, 'envelope sender');
		eq(g.to, to, 'To');
		eq(g.from, `Paikka <${FROM}>`, 'From');
		eq(g.subject, subject, 'Subject decoded');
		eq(crlf(g.body), body, 'body decoded');
		assert(/^text\/plain; charset="?utf-8"?$/i.test(g.content_type), `Content-Type ${g.content_type}`);
		const mid = MSGID.exec(g.message_id);
		assert(mid, `Message-ID ${g.message_id}`);
		eq(Number(mid[1]), ctx.ids[i], 'Message-ID carries the outbox id');
		assert(/^Subject: =\?UTF-8\?B\?/m.test(g.raw) || /^[\x20-\x7e]+$/.test(subject),
			'a non-ASCII subject is RFC 2047 encoded');
		assert(/^MIME-Version: 1\.0\r?$/m.test(g.raw), 'MIME-Version');
		assert(!/[^\x00-\x7f]/.test(g.raw), 'the message itself is 7-bit');
		const [head, ...rest] = g.raw.split('\r\n\r\n');
		assert(head.split('\r\n').every((l) => l.length <= 998), 'header lines within 998 characters');
		assert(rest.join('\r\n\r\n').split('\r\n').every((l) => l.length <= 76), 'body lines within 76 characters');
		assert(!/^Subject:.{70}/m.test(head), 'a long subject is folded');
		ctx.msgid[ctx.ids[i]] = g.message_id;
		ctx.date[ctx.ids[i]] = g.date;
		const o = row(ctx.smtpDb, ctx.ids[i]);
		eq(o.attempts, 1, 'attempts');
		assert(o.sent >= t0 && o.sent <= now(), `sent_at ${o.sent}`);
		eq(o.sending, null, 'sending_since cleared');
	});
	eq(new Set(Object.values(ctx.msgid)).size, 3, 'Message-IDs differ');
});

test('smtp: running again sends nothing twice', (ctx) => {
	requireSink(ctx);
	const r = mailer(ctx, ctx.smtpDb, smtp(ctx));
	eq(r.status, 0, 'mailer exit');
	assert(/0 sent, 0 failed/.test(r.stderr), `mailer said: ${r.stderr}`);
	eq(received(ctx).length, 3, 'messages received');
});

test('smtp: with the server down the message is kept, with last_error and a later attempt', async (ctx) => {
	requireSink(ctx);
	await stopSink(ctx.sink);
	ctx.sink = null;
	ctx.late = queue(ctx.smtpDb, 'oona@verstas.example', 'Paikka: Hyväksyntä odottaa – väntar', 'Odota.\n');
	const t0 = now();
	let r = mailer(ctx, ctx.smtpDb, smtp(ctx));
	eq(r.status, 0, 'mailer exit');
	assert(/0 sent, 1 failed/.test(r.stderr), `mailer said: ${r.stderr}`);
	let o = row(ctx.smtpDb, ctx.late);
	eq(o.attempts, 1, 'attempts');
	eq(o.sent, null, 'sent_at');
	eq(o.sending, null, 'sending_since cleared');
	assert(/connect/i.test(o.error), `last_error: ${o.error}`);
	assert(o.next >= t0 + 60 && o.next <= now() + 60, `next attempt in a minute: ${o.next - t0}`);
	// Not due yet: nothing is tried.
	r = mailer(ctx, ctx.smtpDb, smtp(ctx));
	assert(/0 sent, 0 failed/.test(r.stderr), `mailer said: ${r.stderr}`);
	eq(row(ctx.smtpDb, ctx.late).attempts, 1, 'attempts after a run before it is due');
	// Due again and failing again: the next wait is five minutes.
	sql(ctx.smtpDb, `UPDATE outbox SET next_attempt_at = ${now()} WHERE id = ${ctx.late}`);
	r = mailer(ctx, ctx.smtpDb, smtp(ctx));
	o = row(ctx.smtpDb, ctx.late);
	eq(o.attempts, 2, 'attempts');
	assert(o.next >= now() + 290 && o.next <= now() + 300, `next attempt in five minutes: ${o.next - now()}`);
	eq(Number(sqlValue(ctx.smtpDb, 'SELECT count(*) FROM outbox')), 4, 'rows kept');
});

test('smtp: when the server is back, the kept message is delivered once', async (ctx) => {
	requireSink(ctx);
	ctx.sink = await startSink(ctx);
	sql(ctx.smtpDb, `UPDATE outbox SET next_attempt_at = ${now()} WHERE id = ${ctx.late}`);
	const r = mailer(ctx, ctx.smtpDb, smtp(ctx));
	assert(/1 sent, 0 failed/.test(r.stderr), `mailer said: ${r.stderr}`);
	const got = received(ctx).filter((g) => g.rcpt_tos.includes('oona@verstas.example'));
	eq(got.length, 1, 'deliveries');
	eq(got[0].subject, 'Paikka: Hyväksyntä odottaa – väntar', 'subject');
	const o = row(ctx.smtpDb, ctx.late);
	eq(o.attempts, 3, 'attempts');
	assert(o.sent !== null, 'sent_at set');
	mailer(ctx, ctx.smtpDb, smtp(ctx));
	eq(received(ctx).length, 4, 'messages received in all');
});

test('smtp: a row left sending by a crash is sent again with the same Message-ID; a fresh claim is left alone', (ctx) => {
	requireSink(ctx);
	const [crashed, busy] = ctx.ids;
	// Crashed after the server took it, before sent_at: 11 minutes ago.
	sql(ctx.smtpDb, `UPDATE outbox SET sent_at = NULL, sending_since = ${now() - 660} WHERE id = ${crashed}`);
	// Claimed 5 minutes ago by a mailer that may still be sending it.
	sql(ctx.smtpDb, `UPDATE outbox SET sent_at = NULL, sending_since = ${now() - 300} WHERE id = ${busy}`);
	const before = received(ctx).length;
	const r = mailer(ctx, ctx.smtpDb, smtp(ctx));
	assert(/1 sent, 0 failed/.test(r.stderr), `mailer said: ${r.stderr}`);
	const got = received(ctx);
	eq(got.length, before + 1, 'messages received');
	const copies = got.filter((g) => g.rcpt_tos.includes(MESSAGES[0][0]));
	eq(copies.length, 2, 'deliveries of the interrupted message');
	eq(copies[1].message_id, copies[0].message_id, 'same Message-ID');
	eq(copies[1].message_id, ctx.msgid[crashed], 'the Message-ID of the first delivery');
	eq(copies[1].date, ctx.date[crashed], 'same Date');
	eq(copies[1].raw, copies[0].raw, 'the same bytes');
	const o = row(ctx.smtpDb, crashed);
	eq(o.attempts, 2, 'attempts');
	assert(o.sent !== null && o.sending === null, 'sent and no longer claimed');
	assert(/interrupted/.test(o.error), `last_error tells: ${o.error}`);
	const b = row(ctx.smtpDb, busy);
	eq(b.sent, null, 'the fresh claim is not sent');
	eq(b.attempts, 1, 'the fresh claim is not taken');
	sql(ctx.smtpDb, `UPDATE outbox SET sent_at = ${now()}, sending_since = NULL WHERE id = ${busy}`);
});

// --- files ------------------------------------------------------------------

test('files: without PAIKKA_SMTP_URL each message becomes <id>.eml', (ctx) => {
	const dir = path.join(ctx.stack.dir, 'filemail');
	const id = queue(ctx.smtpDb, 'pekka@kanerva.example', 'Paikka: Tiedostoon – till fil', 'Rivi ä.\n');
	const r = mailer(ctx, ctx.smtpDb, { PAIKKA_MAIL_DIR: dir });
	eq(r.status, 0, `mailer exit (${r.stderr})`);
	assert(/1 sent, 0 failed/.test(r.stderr), `mailer said: ${r.stderr}`);
	eq(JSON.stringify(fs.readdirSync(dir)), JSON.stringify([`${id}.eml`]), 'files');
	const eml = fs.readFileSync(path.join(dir, `${id}.eml`), 'latin1');
	assert(eml.includes('\r\nTo: pekka@kanerva.example\r\n'), 'To');
	assert(/\r\nSubject: =\?UTF-8\?B\?/.test(eml), 'encoded subject');
	assert(/\r\nMessage-ID: <paikka\.\d+\.[0-9a-f]{32}@hyvinvointialue\.example>\r\n/.test(eml), 'Message-ID');
	assert(eml.includes('Rivi =C3=A4.\r\n'), 'quoted-printable body');
	assert(row(ctx.smtpDb, id).sent !== null, 'sent_at set');
});

test('files: the stack\'s own mailer (run.sh, paikka-supervise -x) writes var/mail', async (ctx) => {
	const id = queue(ctx.stack.db, 'kaisa@kierratys.example', 'Paikka: Pinon postia', 'Hei.\n');
	const file = path.join(ctx.stack.dir, 'mail', `${id}.eml`);
	for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
	assert(fs.existsSync(file), `${file} did not appear`);
	for (let i = 0; i < 50 && row(ctx.stack.db, id).sent === null; i++) await new Promise((r) => setTimeout(r, 100));
	assert(row(ctx.stack.db, id).sent !== null, 'sent_at set');
	const leftovers = fs.readdirSync(path.join(ctx.stack.dir, 'mail')).filter((f) => !f.endsWith('.eml'));
	eq(leftovers.length, 0, 'temporary files left');
});

test('files: the supervisor restarts a mailer that dies', async (ctx) => {
	const sup = fs.readFileSync(path.join(ctx.stack.dir, 'stack.pid'), 'utf8').trim();
	const mailers = () => spawnSync('pgrep', ['-P', sup, '-f', 'bin/paikka-mailer'], { encoding: 'utf8' })
		.stdout.trim().split('\n').filter(Boolean);
	const before = mailers();
	eq(before.length, 1, 'mailer processes');
	process.kill(Number(before[0]), 'SIGKILL');
	let after = [];
	for (let i = 0; i < 50; i++) {
		after = mailers();
		if (after.length === 1 && after[0] !== before[0]) break;
		await new Promise((r) => setTimeout(r, 100));
	}
	assert(after.length === 1 && after[0] !== before[0], `mailer not restarted: ${before} → ${after}`);
	const id = queue(ctx.stack.db, 'pekka@kanerva.example', 'Paikka: Uudelleen', 'Taas.\n');
	const file = path.join(ctx.stack.dir, 'mail', `${id}.eml`);
	for (let i = 0; i < 100 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
	assert(fs.existsSync(file), 'the new mailer delivers');
});

// --- notifications in the portal -------------------------------------------

function note(db, { org = null, user = null, fi, sv, en, link = '', at = now() }) {
	return Number(sqlValue(db, 'INSERT INTO notifications(org_id, user_id, created_at, text_fi, text_sv, text_en, link) ' +
		`VALUES (${org ?? 'NULL'}, ${user ?? 'NULL'}, ${at}, ${q(fi)}, ${q(sv)}, ${q(en)}, ${q(link)}); ` +
		'SELECT last_insert_rowid();'));
}

const userId = (db, name) => Number(sqlValue(db, `SELECT id FROM users WHERE username = ${q(name)}`));

test('portal: the front page shows a notification of org 2 to provider, not to kierratys (org 3)', async (ctx) => {
	const db = ctx.stack.db;
	ctx.noteOrg2 = note(db, { org: 2, fi: 'Kanervan ilmoitus ä', sv: 'Kanervas meddelande å',
		en: 'Notice for Kanerva', link: '/tenders' });
	ctx.noteOrg3 = note(db, { org: 3, fi: 'Kierron ilmoitus', sv: 'Kiertos meddelande', en: 'Notice for Kierto' });
	note(db, { user: userId(db, 'diakonia'), fi: 'Vain diakonialle', sv: 'Bara diakonia', en: 'Only for diakonia' });
	const provider = await loginClient(ctx.stack, 'provider');
	let page = await provider.get('/');
	eq(page.status, 200, 'GET / as provider');
	assert(page.text.includes('<a href="/tenders">Notice for Kanerva</a>'), 'org 2 notification with its link');
	assert(/<strong>New<\/strong>[^<]*<a href="\/tenders">Notice for Kanerva/.test(page.text), 'marked unread');
	for (const other of ['Notice for Kierto', 'Only for diakonia', 'Kanervan'])
		assert(!page.text.includes(other), `provider sees "${other}"`);
	const fi = new Client(ctx.stack, { lang: 'fi' });
	fi.jar = provider.jar;
	page = await fi.get('/');
	assert(page.text.includes('Kanervan ilmoitus ä') && !page.text.includes('Notice for Kanerva'), 'Finnish text in Finnish');
	const kierto = await loginClient(ctx.stack, 'kierratys');
	for (const p of ['/', '/notifications']) {
		page = await kierto.get(p);
		eq(page.status, 200, `GET ${p} as kierratys`);
		assert(!page.text.includes('Notice for Kanerva'), `kierratys sees org 2's notification on ${p}`);
		assert(page.text.includes('Notice for Kierto'), `kierratys misses its own on ${p}`);
	}
	ctx.provider = provider;
});

test('portal: POST /notifications/read marks the user\'s and organisation\'s notifications read', async (ctx) => {
	const db = ctx.stack.db;
	const own = note(db, { user: userId(db, 'provider'), fi: 'Sinulle', sv: 'Till dig', en: 'For you' });
	const mark = auditMark(db);
	const r = await ctx.provider.submit('/notifications', '/notifications/read', {});
	eq(r.status, 303, 'POST /notifications/read');
	eq(r.location, '/notifications?msg=saved', 'Location');
	for (const id of [ctx.noteOrg2, own])
		assert(sqlValue(db, `SELECT read_at FROM notifications WHERE id = ${id}`) !== '', `notification ${id} read`);
	eq(sqlValue(db, `SELECT coalesce(read_at, 'unread') FROM notifications WHERE id = ${ctx.noteOrg3}`), 'unread',
		'org 3 notification untouched');
	const audits = auditSince(db, mark, 'notifications.read');
	eq(audits.length, 1, 'audit rows');
	eq(audits[0][0], 'provider', 'audit actor');
	const page = await ctx.provider.get('/');
	assert(page.text.includes('Notice for Kanerva') && !page.text.includes('<strong>New</strong>'), 'no longer new');
	const list = await ctx.provider.get('/notifications');
	assert(!list.text.includes('action="/notifications/read"'), 'no mark-read button with nothing unread');
});

test('portal: POST /notifications/read needs the form\'s tokens and a login', async (ctx) => {
	const db = ctx.stack.db;
	note(db, { org: 2, fi: 'Uusi', sv: 'Ny', en: 'Another notice' });
	const page = await ctx.provider.get('/notifications');
	const hidden = formHidden(page.text, '/notifications/read');
	let r = await ctx.provider.post('/notifications/read', { nonce: hidden.nonce });
	eq(r.status, 403, 'without csrf');
	r = await ctx.provider.post('/notifications/read', { csrf: hidden.csrf });
	assert(r.status >= 400, `without nonce: ${r.status}`);
	eq(sqlValue(db, 'SELECT count(*) FROM notifications WHERE org_id = 2 AND read_at IS NULL'), '1', 'still unread');
	const anon = new Client(ctx.stack);
	r = await anon.get('/notifications');
	assert(r.status === 303 && /^\/login\?next=/.test(r.location || ''), `anonymous GET: ${r.status} ${r.location}`);
});

test('portal: /notifications shows 50 a page, newest first', async (ctx) => {
	const db = ctx.stack.db;
	const uid = userId(db, 'kierratys');
	const t = now() + 100;
	sql(db, 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60) ' +
		'INSERT INTO notifications(user_id, created_at, text_fi, text_sv, text_en) ' +
		`SELECT ${uid}, ${t} + i, 'Ilmoitus ' || i, 'Meddelande ' || i, 'Numbered ' || i || '.' FROM n`);
	const kierto = await loginClient(ctx.stack, 'kierratys');
	const p1 = await kierto.get('/notifications');
	eq(p1.status, 200, 'page 1');
	const n1 = [...p1.text.matchAll(/Numbered (\d+)\./g)].map((m) => Number(m[1]));
	eq(n1.length, 50, 'rows on page 1');
	eq(n1[0], 60, 'newest first');
	assert(p1.text.includes('href="/notifications?page=2"'), 'link to page 2');
	const p2 = await kierto.get('/notifications?page=2');
	const n2 = [...p2.text.matchAll(/Numbered (\d+)\./g)].map((m) => Number(m[1]));
	eq(JSON.stringify(n2), JSON.stringify([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), 'page 2');
	assert(p2.text.includes('Notice for Kierto'), 'older organisation notice on page 2');
	assert(!p2.text.includes('page=3'), 'no page 3');
	eq((await kierto.get('/notifications?page=0')).status, 400, 'page 0');
	eq((await kierto.get('/notifications?page=x')).status, 400, 'page x');
	const home = await kierto.get('/');
	eq([...home.text.matchAll(/Numbered (\d+)\./g)].length, 10, 'front page shows 10');
});

// --- after ------------------------------------------------------------------

const after = registry();

after.test('no sanitizer reports from the stack or the mailer', (ctx) => {
	const found = [];
	const log = path.join(ctx.stack.dir, 'log/paikka.log');
	const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
	const line = text.split('\n').find((l) => SANITIZER.test(l));
	if (line) found.push(`${log}: ${line.trim()}`);
	const m = ctx.mailerStderr.join('\n').split('\n').find((l) => SANITIZER.test(l));
	if (m) found.push(`mailer: ${m.trim()}`);
	assert(found.length === 0, found.join('; '));
});

// --- main -------------------------------------------------------------------

async function main() {
	const ctx = { mailerStderr: [] };
	let passed = 0, failed = 0;
	for (const sig of ['SIGINT', 'SIGTERM'])
		process.on(sig, () => {
			if (ctx.sink) ctx.sink.kill('SIGTERM');
			if (ctx.stack) stopStack(ctx.stack);
			process.exit(130);
		});
	try {
		ctx.stack = await startStack('mailer');
		ctx.smtpDb = path.join(ctx.stack.dir, 'smtp.db');
		sql(ctx.stack.db, `VACUUM INTO ${q(ctx.smtpDb)}`);
		ctx.box = path.join(ctx.stack.dir, 'smtp-box');
		fs.mkdirSync(ctx.box);
		ctx.sinkScript = path.join(ctx.stack.dir, 'sink.py');
		fs.writeFileSync(ctx.sinkScript, SINK_PY);
		const found = findPython();
		if (found.py) {
			ctx.python = found.py;
			ctx.smtpPort = await freePort();
			try {
				ctx.sink = await startSink(ctx);
			} catch (e) {
				ctx.python = null;
				found.why = e.message;
			}
		}
		if (!ctx.python) {
			ctx.noSink = found.why;
			console.log(`not ok - smtp sink unavailable: ${found.why}`);
			failed++;
		}
		const r = await run(ctx);
		passed += r.passed;
		failed += r.failed;
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${(e && e.message) || e}`);
	} finally {
		await stopSink(ctx.sink);
		if (ctx.stack) stopStack(ctx.stack);
	}
	if (ctx.stack) {
		const a = await after.run(ctx);
		passed += a.passed;
		failed += a.failed;
		if (failed === 0 && !process.env.KEEP) fs.rmSync(ctx.stack.dir, { recursive: true, force: true });
		else console.log(`# stack kept in ${ctx.stack.dir}`);
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main();
