// Shared parts of the soak tests (tests/soak/run.sh): stacks that are
// registered for cleanup, logged-in sessions as cookie + csrf token, a
// keep-alive HTTP client over node:http that times every request, and
// small statistics helpers.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { ROOT, B, PASSWORD, formHidden, sqlValue } from '../stack/lib.mjs';

export { ROOT, B };

export const hex = (n = 16) => randomBytes(n).toString('hex');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const nowMs = () => performance.timeOrigin + performance.now();

// --- ok / not ok lines -------------------------------------------------------

export function reporter() {
	let passed = 0, failed = 0;
	const check = (name, ok, detail = '') => {
		if (ok) passed++;
		else failed++;
		console.log(`${ok ? 'ok' : 'not ok'} - ${name}${detail ? ` (${detail})` : ''}`);
		return ok;
	};
	const finish = () => {
		console.log(`${passed} passed, ${failed} failed`);
		return failed;
	};
	return { check, finish };
}

export const note = (s) => console.log(`# ${s}`);

// --- stacks ----------------------------------------------------------------

// run.sh passes SOAK_STACKS, a file where every stack folder is listed, so
// its trap can stop them if this process dies first.
function register(dir) {
	if (process.env.SOAK_STACKS) fs.appendFileSync(process.env.SOAK_STACKS, dir + '\n');
}

// Stacks (their group ids) that run now: killed if this process is
// interrupted.
const live = new Set();
for (const sig of ['SIGINT', 'SIGTERM']) {
	process.on(sig, () => {
		for (const pgid of live) {
			try {
				process.kill(-pgid, 'SIGKILL');
			} catch { /* gone */ }
		}
		process.exit(130);
	});
}

// A free loopback port: the kernel picks one, nginx takes it next.
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
		srv.on('error', reject);
	});
}

// Starts the stack the way tests/stack/stack.sh does (tools/run.sh in its
// own session, so its process group is everything it starts), but polls
// every 10 ms: the crash rounds start a stack 400 times. A fresh demo
// database is made unless dir already holds paikka.db. Resolves to
// {dir, port, pid, base, db}; pid is the supervisor's, also the group's.
// stack.pid is written like stack.sh does, so `stack.sh stop` works too.
export async function startStack(dir, workers = 2) {
	fs.mkdirSync(dir, { recursive: true });
	register(dir);
	const port = await freePort();
	const out = fs.openSync(path.join(dir, 'run.out'), 'a');
	const child = spawn(path.join(ROOT, 'tools/run.sh'), [], {
		cwd: ROOT, detached: true, stdio: ['ignore', out, out],
		env: { ...process.env, B, PORT: String(port), PAIKKA_VAR: dir, PAIKKA_QUIET: '1',
			PAIKKA_WORKERS: String(workers) },
	});
	fs.closeSync(out);
	live.add(child.pid);
	let exited = false;
	child.on('exit', () => { exited = true; });
	child.unref();
	fs.writeFileSync(path.join(dir, 'stack.pid'), `${child.pid}\n`);
	const stack = { dir, port, pid: child.pid, base: `http://127.0.0.1:${port}`, db: path.join(dir, 'paikka.db') };
	const deadline = Date.now() + 30000;
	while (Date.now() < deadline && !exited) {
		if (await answers(port)) return stack;
		await sleep(10);
	}
	await killGroup(child.pid);
	throw new Error(`stack in ${dir} did not start: ${fs.readFileSync(path.join(dir, 'run.out'), 'utf8')}`);
}

// 1 when GET / answers at all.
function answers(port) {
	return new Promise((resolve) => {
		const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
			res.resume();
			res.on('end', () => resolve(true));
		});
		req.on('error', () => resolve(false));
		req.setTimeout(2000, () => req.destroy());
	});
}

// Stops it cleanly (SIGTERM to the supervisor, which stops its children)
// and waits until the whole group is gone.
export async function stopStack(s) {
	if (s.stopped) return;
	s.stopped = true;
	try {
		process.kill(s.pid, 'SIGTERM');
	} catch { /* gone already */ }
	for (let i = 0; i < 1000 && groupMembers(s.pid).length; i++) await sleep(10);
	if (groupMembers(s.pid).length) await killGroup(s.pid);
	live.delete(s.pid);
	fs.rmSync(path.join(s.dir, 'stack.pid'), { force: true });
}

// The live (not zombie) processes of a process group, from /proc.
export function groupMembers(pgid) {
	const out = [];
	for (const name of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
		} catch { continue; }
		const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(f[2]) === pgid && f[0] !== 'Z') out.push(Number(name));
	}
	return out;
}

// SIGKILLs the whole process group (supervisor, workers, mailer, nginx)
// and waits until every member is dead.
export async function killGroup(pgid) {
	try {
		process.kill(-pgid, 'SIGKILL');
	} catch { /* already gone */ }
	for (let i = 0; i < 500 && groupMembers(pgid).length; i++) await sleep(2);
	live.delete(pgid);
	return groupMembers(pgid).length === 0;
}

// The supervisor's FastCGI workers: its children running a program of
// B/cgi-bin (not nginx, not the mailer).
export function workerPids(supervisor) {
	const bin = path.join(ROOT, B, 'cgi-bin') + '/';
	let out = '';
	try {
		out = execFileSync('pgrep', ['-P', String(supervisor)], { encoding: 'utf8' });
	} catch { return []; }
	const pids = [];
	for (const p of out.split('\n').filter(Boolean).map(Number)) {
		try {
			if (fs.readlinkSync(`/proc/${p}/exe`).startsWith(bin)) pids.push(p);
		} catch { /* exited meanwhile */ }
	}
	return pids;
}

// --- HTTP --------------------------------------------------------------------

// A keep-alive client: at most `sockets` connections to the stack. Every
// request resolves (never rejects) to {status, headers, body, ms, t0, t1,
// error}; status 0 with error set when the connection failed or timed out.
export class Http {
	constructor(port, { sockets = 64, timeout = 30000 } = {}) {
		this.port = port;
		this.timeout = timeout;
		this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
	}

	request(method, p, { headers = {}, body } = {}) {
		return new Promise((resolve) => {
			const t0 = nowMs();
			let done = false;
			const finish = (r) => {
				if (done) return;
				done = true;
				const t1 = nowMs();
				resolve({ status: 0, headers: {}, body: '', error: '', ...r, t0, t1, ms: t1 - t0 });
			};
			const h = { host: `127.0.0.1:${this.port}`, ...headers };
			if (body !== undefined) h['content-length'] = Buffer.byteLength(body);
			const req = http.request({ host: '127.0.0.1', port: this.port, method, path: p,
				headers: h, agent: this.agent }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => finish({ status: res.statusCode, headers: res.headers,
					body: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', (e) => finish({ error: e.code || e.message }));
			});
			req.setTimeout(this.timeout, () => {
				req.destroy(new Error('timeout'));
			});
			req.on('error', (e) => finish({ error: e.code || e.message }));
			if (body !== undefined) req.write(body);
			req.end();
		});
	}

	close() {
		this.agent.destroy();
	}
}

// A logged-in user as what a browser holds: the cookie header and the
// session's csrf token (from the feedback form of /accessibility).
export async function session(httpc, db, username) {
	const jar = new Map();
	const take = (r) => {
		for (const c of [].concat(r.headers['set-cookie'] || [])) {
			const m = /^([^=]+)=([^;]*)/.exec(c);
			if (m) jar.set(m[1], m[2]);
		}
	};
	const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
	const origin = `http://127.0.0.1:${httpc.port}`;
	let r = await httpc.request('GET', '/login', { headers: { 'accept-language': 'en' } });
	take(r);
	const hidden = formHidden(r.body, '/login');
	const form = new URLSearchParams({ ...hidden, username, password: PASSWORD }).toString();
	r = await httpc.request('POST', '/login', { body: form, headers: { cookie: cookie(), origin,
		'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' } });
	if (r.status !== 303) throw new Error(`login ${username}: ${r.status} ${r.error}`);
	take(r);
	jar.set('pk_lang', 'en');
	r = await httpc.request('GET', '/accessibility', { headers: { cookie: cookie() } });
	const csrf = formHidden(r.body, '/accessibility').csrf;
	if (!csrf) throw new Error(`no csrf token for ${username}`);
	const uid = Number(sqlValue(db, `SELECT id FROM users WHERE username = '${username}'`));
	return { username, uid, cookie: cookie(), csrf };
}

// A urlencoded body from [name, value] pairs.
export function urlencoded(pairs) {
	return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

// multipart/form-data from [name, value] pairs and [name, filename, Buffer]
// files.
export function multipart(pairs, files = []) {
	const boundary = '----paikkasoak' + hex(12);
	const parts = [];
	for (const [k, v] of pairs)
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
	for (const [k, filename, data] of files) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; ` +
			`filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`), data, Buffer.from('\r\n'));
	}
	parts.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

// Headers of a form POST by session s.
export function postHeaders(port, s, type) {
	return { cookie: s.cookie, origin: `http://127.0.0.1:${port}`, 'content-type': type };
}

// A small PDF with a text in it (an attachment for a bid requirement).
export function pdf(text) {
	return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\n` +
		'trailer << /Root 1 0 R >>\n%%EOF\n');
}

// --- statistics ----------------------------------------------------------------

export function percentile(sorted, p) {
	if (!sorted.length) return 0;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const fmtMs = (ms) => `${ms.toFixed(1)} ms`;
