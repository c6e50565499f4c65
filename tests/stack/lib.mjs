// Helpers for the stack tests: starting and stopping a private stack, an
// HTTP client with a cookie jar, raw socket requests, form scraping, the
// sqlite3 CLI and a tiny test registry.
import { execFileSync, spawnSync, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const B = process.env.B || 'build';
export const PASSWORD = 'paikka-demo-2026';

// --- assertions -----------------------------------------------------------

export class Fail extends Error {}

export function assert(cond, msg) {
	if (!cond) throw new Fail(msg);
}

export function eq(got, want, what) {
	if (got !== want)
		throw new Fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

// --- the stack ------------------------------------------------------------

// Starts a stack in a fresh temp folder; resolves to {dir, port, base, db}.
export function startStack(label) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `paikka-${label}-`));
	return new Promise((resolve, reject) => {
		execFile(path.join(ROOT, 'tests/stack/stack.sh'), ['start', dir],
			{ cwd: ROOT, env: { ...process.env, B } }, (err, out, errOut) => {
				if (err) return reject(new Error(`stack ${label} did not start: ${errOut}`));
				const port = Number(out.trim().split(/\s+/)[0]);
				resolve({ label, dir, port, base: `http://127.0.0.1:${port}`,
					db: path.join(dir, 'paikka.db') });
			});
	});
}

export function stopStack(s) {
	spawnSync(path.join(ROOT, 'tests/stack/stack.sh'), ['stop', s.dir], { cwd: ROOT });
}

// Runs SQL with the sqlite3 CLI; returns rows as arrays of strings.
// Throws (with sqlite3's message) when the statement fails.
export function sql(db, query) {
	const out = execFileSync('sqlite3', ['-cmd', '.timeout 5000', '-separator', '\t', db, query],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
	return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

export function sqlValue(db, query) {
	const rows = sql(db, query);
	return rows.length ? rows[0][0] : undefined;
}

export function q(s) {
	return `'${String(s).replace(/'/g, "''")}'`;
}

// The audit_log's highest id, to look at rows written after it.
export function auditMark(db) {
	return Number(sqlValue(db, 'SELECT coalesce(max(id), 0) FROM audit_log'));
}

export function auditSince(db, mark, action) {
	return sql(db, `SELECT actor, object, details FROM audit_log WHERE id > ${mark} ` +
		`AND action = ${q(action)} ORDER BY id`);
}

// The sessions row id of a session token (only its SHA-256 is stored).
export function sessionId(db, token) {
	const h = createHash('sha256').update(token).digest('hex');
	return sqlValue(db, `SELECT id FROM sessions WHERE token_hash = X'${h}'`);
}

// --- HTTP -----------------------------------------------------------------

export function urlencode(fields) {
	const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
	return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

export function multipart(fields, boundary = '----paikkatest' + Date.now().toString(16)) {
	const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
	let s = '';
	for (const [k, v] of pairs)
		s += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
	s += `--${boundary}--\r\n`;
	return { body: Buffer.from(s), type: `multipart/form-data; boundary=${boundary}` };
}

// A browser-like client: a cookie jar, same-origin POSTs, no redirects
// followed. lang sets Accept-Language (messages are checked in English).
export class Client {
	constructor(stack, { lang = 'en' } = {}) {
		this.stack = stack;
		this.lang = lang;
		this.jar = new Map();
	}

	cookieHeader() {
		return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	// method, path; opts: form (urlencoded), body+type, headers, origin
	// (true: this site, false: none, string: that value).
	async request(method, p, opts = {}) {
		const headers = { ...(opts.headers || {}) };
		if (this.lang) headers['accept-language'] = this.lang;
		if (this.jar.size) headers.cookie = this.cookieHeader();
		const origin = opts.origin ?? true;
		if (origin === true) headers.origin = this.stack.base;
		else if (typeof origin === 'string') headers.origin = origin;
		let body = opts.body;
		if (opts.form) {
			body = urlencode(opts.form);
			headers['content-type'] = 'application/x-www-form-urlencoded';
		} else if (opts.type) {
			headers['content-type'] = opts.type;
		}
		const res = await fetch(this.stack.base + p, { method, headers, body, redirect: 'manual' });
		const text = await res.text();
		const setCookies = res.headers.getSetCookie();
		for (const c of setCookies) {
			const m = /^([^=]+)=([^;]*)/.exec(c);
			if (!m) continue;
			if (m[2] === '' || /Max-Age=0\b/i.test(c)) this.jar.delete(m[1]);
			else this.jar.set(m[1], m[2]);
		}
		return { status: res.status, headers: res.headers, text,
			location: res.headers.get('location'), setCookies };
	}

	get(p, opts) {
		return this.request('GET', p, opts);
	}

	post(p, form, opts = {}) {
		return this.request('POST', p, { ...opts, form });
	}

	// GETs page, then POSTs the form with this action, its hidden fields
	// and the given fields (urlencoded, or multipart with {multipart:true}).
	async submit(page, action, fields, opts = {}) {
		const r = await this.get(page);
		eq(r.status, 200, `GET ${page}`);
		const hidden = formHidden(r.text, action);
		const all = { ...hidden, ...fields };
		if (opts.multipart) {
			const mp = multipart(all);
			return this.request('POST', action, { body: mp.body, type: mp.type });
		}
		return this.post(action, all);
	}
}

// Logs a new client in; returns it (throws unless the login succeeds).
export async function loginClient(stack, username, password = PASSWORD) {
	const c = new Client(stack);
	const r = await login(c, username, password);
	eq(r.status, 303, `login ${username}`);
	return c;
}

// One login attempt with client c; returns the POST's response.
export async function login(c, username, password = PASSWORD, next) {
	const page = await c.get('/login');
	const hidden = formHidden(page.text, '/login');
	if (next) hidden.next = next;
	return c.post('/login', { ...hidden, username, password });
}

// A raw HTTP/1.1 request over a socket (for what fetch would not send):
// resolves to {status, head, body, raw} or {status: 0} with no answer.
export function rawRequest(port, data, { timeout = 10000 } = {}) {
	return new Promise((resolve) => {
		const chunks = [];
		const sock = net.connect(port, '127.0.0.1');
		const done = () => {
			const raw = Buffer.concat(chunks);
			const sep = raw.indexOf('\r\n\r\n');
			const head = (sep < 0 ? raw : raw.subarray(0, sep)).toString('latin1');
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
			resolve({ status: m ? Number(m[1]) : 0, head,
				body: sep < 0 ? Buffer.alloc(0) : raw.subarray(sep + 4), raw });
		};
		sock.setTimeout(timeout, () => sock.destroy());
		sock.on('data', (d) => chunks.push(d));
		sock.on('error', () => {});
		sock.on('close', done);
		// No half-close: nginx takes an early FIN for a client gone away.
		sock.write(data);
	});
}

// Sends headers, then streams `total` body bytes (Content-Length, or
// chunked when chunked is set) until the server answers or all is sent.
// Memory stays at one 1 MiB chunk. Resolves to {status, sent}.
export function streamBody(port, head, total, { chunked = false } = {}) {
	return new Promise((resolve) => {
		const sock = net.connect(port, '127.0.0.1');
		const block = Buffer.alloc(1 << 20, 0x61);
		let sent = 0;
		let answer = '';
		let finished = false;
		const finish = () => {
			if (finished) return;
			finished = true;
			sock.destroy();
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
			resolve({ status: m ? Number(m[1]) : 0, sent });
		};
		const pump = () => {
			while (sent < total && !answer) {
				const n = Math.min(block.length, total - sent);
				const piece = chunked
					? Buffer.concat([Buffer.from(n.toString(16) + '\r\n'), block.subarray(0, n), Buffer.from('\r\n')])
					: block.subarray(0, n);
				sent += n;
				const last = sent >= total && chunked ? Buffer.from('0\r\n\r\n') : Buffer.alloc(0);
				if (!sock.write(Buffer.concat([piece, last]))) return sock.once('drain', pump);
			}
		};
		sock.setTimeout(20000, finish);
		sock.on('data', (d) => {
			answer += d.toString('latin1');
			if (answer.includes('\r\n\r\n')) finish();
		});
		sock.on('error', () => setTimeout(finish, 200));
		sock.on('close', finish);
		sock.on('connect', () => {
			sock.write(head);
			pump();
		});
	});
}

// --- HTML scraping --------------------------------------------------------

// The inner HTML of the first form with this action.
export function formHtml(html, action) {
	const re = new RegExp(`<form[^>]*action="${action.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"[^>]*>([\\s\\S]*?)</form>`);
	const m = re.exec(html);
	if (!m) throw new Fail(`no form with action ${action}`);
	return m[1];
}

// The hidden inputs of the form with this action, as {name: value}.
export function formHidden(html, action) {
	const out = {};
	const re = /<input type="hidden" name="([^"]+)" value="([^"]*)">/g;
	for (const m of formHtml(html, action).matchAll(re)) out[m[1]] = unescapeHtml(m[2]);
	return out;
}

// The value attribute of the input with this id.
export function inputValue(html, id) {
	const m = new RegExp(`<input id="${id}"[^>]*value="([^"]*)"`).exec(html);
	return m ? unescapeHtml(m[1]) : undefined;
}

// The error message in the label of field id, or undefined.
export function fieldError(html, id) {
	const m = new RegExp(`<label for="${id}">[^<]*<span class="error">([^<]*)</span>`).exec(html);
	return m ? unescapeHtml(m[1]) : undefined;
}

export function htmlLang(html) {
	const m = /<html lang="([^"]*)">/.exec(html);
	return m && m[1];
}

export function unescapeHtml(s) {
	return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'").replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
}

// --- misc -----------------------------------------------------------------

// A seeded PRNG (mulberry32), so a failing random request reproduces.
export function prng(seed) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	next.int = (n) => Math.floor(next() * n);
	next.pick = (arr) => arr[next.int(arr.length)];
	next.bytes = (n) => Buffer.from(Array.from({ length: n }, () => next.int(256)));
	return next;
}

// A valid Y-tunnus (Finnish business ID) from a 7-digit number, or null
// when that number has no valid check digit (remainder 1).
export function ytunnus(n) {
	const d = String(n).padStart(7, '0');
	const w = [7, 9, 10, 5, 8, 4, 2];
	const r = [...d].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11;
	if (r === 1) return null;
	return `${d}-${r === 0 ? 0 : 11 - r}`;
}

// The routes a program prints with --routes: [{method, pattern, roles}].
export function routes(program) {
	const out = execFileSync(path.join(ROOT, B, 'cgi-bin', program), ['--routes'], { encoding: 'utf8' });
	return out.trim().split('\n').map((l) => {
		const [method, pattern, ...roles] = l.split(' ');
		return { method, pattern, roles };
	});
}

// --- the test registry ----------------------------------------------------

const TEST_TIMEOUT = 30000;

export function registry() {
	const tests = [];
	const test = (name, fn) => tests.push({ name, fn });
	const run = async (ctx) => {
		let passed = 0, failed = 0;
		for (const t of tests) {
			const t0 = Date.now();
			let timer;
			try {
				// A hung request must not hang the suite.
				const limit = new Promise((_, reject) => {
					timer = setTimeout(() => reject(new Fail(`timed out after ${TEST_TIMEOUT / 1000} s`)), TEST_TIMEOUT);
				});
				await Promise.race([t.fn(ctx), limit]);
				passed++;
				console.log(`ok - ${t.name}` + (process.env.VERBOSE ? ` (${Date.now() - t0} ms)` : ''));
			} catch (e) {
				failed++;
				const why = e instanceof Fail ? e.message : (e && e.stack) || String(e);
				console.log(`not ok - ${t.name}: ${why.replace(/\n/g, '\n  ')}`);
			} finally {
				clearTimeout(timer);
			}
		}
		return { passed, failed };
	};
	return { test, run };
}

// --- the end of a suite ------------------------------------------------------

const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

// After a suite's tests on stack (stopped already; may be undefined):
// one more check, that the stack's log has no sanitizer report and no
// internal error; the stack's folder goes unless something failed or
// KEEP is set; prints "N passed, N failed" and exits 1 on a failure.
export function finish(stack, passed, failed) {
	const log = stack ? path.join(stack.dir, 'log/paikka.log') : '';
	const logText = log && fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
	const bad = logText.split('\n').find((l) => SANITIZER.test(l) || /internal error/.test(l));
	if (bad) {
		failed++;
		console.log(`not ok - no sanitizer reports or internal errors in the log: ${bad.trim()}`);
	} else {
		passed++;
		console.log('ok - no sanitizer reports or internal errors in the log');
	}
	if (stack && failed === 0 && !process.env.KEEP) fs.rmSync(stack.dir, { recursive: true, force: true });
	else if (stack) console.log(`# stack kept in ${stack.dir} (${B})`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

// Starts a stack, logs users in (ctx[key] = client), runs the registry
// and prints the summary; exits 1 on failure.
export async function suite(label, run, users, prepare) {
	let stack, passed = 0, failed = 0;
	try {
		stack = await startStack(label);
		const ctx = { stack };
		for (const [k, u] of users) {
			ctx[k] = new Client(stack);
			const r = await login(ctx[k], u);
			eq(r.status, 303, `login ${u}`);
		}
		if (prepare) await prepare(ctx);
		({ passed, failed } = await run(ctx));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${e.message}`);
	} finally {
		if (stack) stopStack(stack);
	}
	finish(stack, passed, failed);
}
