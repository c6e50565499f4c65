// Integration tests against the real stack: nginx + the FastCGI programs +
// SQLite, over loopback HTTP. Usage: B=build node tests/stack/run.mjs
// (SEED=n changes the random requests; VERBOSE=1 prints timings).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	ROOT, B, PASSWORD, assert, eq, startStack, stopStack, sql, sqlValue,
	auditMark, auditSince, sessionId, Client, login, loginClient, rawRequest,
	streamBody, formHidden, inputValue, fieldError, htmlLang, multipart, prng,
	ytunnus, routes, registry,
} from './lib.mjs';

const { test, run } = registry();
const SEED = Number(process.env.SEED || 20261122);
const ROLES = ['admin', 'officer', 'caseworker', 'finance', 'provider'];
const NAMES = {
	admin: 'Aino Ylläpitäjä', officer: 'Hanna Hankinta', caseworker: 'Sanna Sosiaaliohjaaja',
	finance: 'Taneli Talous', provider: 'Pekka Puusepp', kierratys: 'Kaisa Kierto',
	diakonia: 'Liisa Lähimmäinen', verstas: 'Oona Ohjaaja',
};
const PENDING_NOTICE = 'Your organisation is waiting for approval';
const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

// --- shared helpers --------------------------------------------------------

// Asserts a redirect to the login page that comes back to `back`.
function assertLoginRedirect(r, back, what) {
	assert(r.status === 303 || r.status === 302, `${what}: status ${r.status}, want a redirect to login`);
	const m = /^\/login\?next=(.*)$/.exec(r.location || '');
	assert(m, `${what}: Location ${r.location}, want /login?next=…`);
	eq(decodeURIComponent(m[1]), back, `${what}: next`);
}

function randomHex(n = 32) {
	return [...Array(n)].map(() => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
}

// A form's csrf and a fresh nonce from a page that has a nonce form.
async function tokens(c) {
	const page = await c.get('/accessibility');
	return formHidden(page.text, '/accessibility');
}

// Creates a user through the admin UI; returns its id.
async function createUser(admin, username, role = 'caseworker', org = '1', password = 'first-password-123') {
	const r = await admin.submit('/admin/users/new', '/admin/users/new', {
		username, name: `Test ${username}`, email: `${username}@example.fi`, role, org, password,
	});
	eq(r.status, 303, `create user ${username}`);
	const m = /^\/admin\/users\/(\d+)\?msg=created$/.exec(r.location || '');
	assert(m, `create user: Location ${r.location}`);
	return Number(m[1]);
}

function paikkactl(stack, ...args) {
	return spawnSync(path.join(ROOT, B, 'bin/paikkactl'), args,
		{ cwd: ROOT, env: { ...process.env, PAIKKA_DB: stack.db }, encoding: 'utf8' });
}

// Runs a program as plain CGI: stdin from a file (default /dev/null).
function cgi(ctx, program, env, stdinPath = '/dev/null') {
	const fd = fs.openSync(stdinPath, 'r');
	try {
		const r = spawnSync(path.join(ROOT, B, 'cgi-bin', program), [], {
			cwd: ROOT,
			env: { PATH: process.env.PATH, ASAN_OPTIONS: process.env.ASAN_OPTIONS || '',
				UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || '', PAIKKA_DB: ctx.main.db,
				PAIKKA_TEMPLATES: 'templates', PAIKKA_LOCALEDIR: `${B}/locale`,
				QUERY_STRING: '', ...env },
			stdio: [fd, 'pipe', 'pipe'], encoding: 'latin1', maxBuffer: 1 << 24,
		});
		ctx.cgiStderr.push(r.stderr || '');
		return r;
	} finally {
		fs.closeSync(fd);
	}
}

function feedbackCount(db) {
	return Number(sqlValue(db, 'SELECT count(*) FROM feedback'));
}

// --- headers and sessions --------------------------------------------------

test('GET / anonymous: 200 with security headers', async ({ main }) => {
	const r = await new Client(main).get('/');
	eq(r.status, 200, 'status');
	const csp = r.headers.get('content-security-policy') || '';
	assert(csp.includes("frame-ancestors 'none'"), `CSP lacks frame-ancestors 'none': ${csp}`);
	eq(r.headers.get('x-content-type-options'), 'nosniff', 'X-Content-Type-Options');
	const csrf = r.setCookies.find((c) => c.startsWith('pk_csrf='));
	assert(csrf, 'no pk_csrf cookie on the first GET');
});

test("same-origin POST (Origin http://127.0.0.1:PORT) is accepted", async ({ main }) => {
	const r = await login(new Client(main), 'admin');
	const audit = auditSince(main.db, 0, 'csrf.fail').length;
	assert(r.status === 303, `POST /login with Origin ${main.base}: ${r.status}` +
		(audit ? ' and a csrf.fail row: the app compared Origin with a Host without the port' : ''));
});

test('logged-in pages: Cache-Control no-store; session cookie flags', async ({ main }) => {
	const c = new Client(main);
	const r = await login(c, 'admin');
	eq(r.status, 303, 'login');
	const cookie = r.setCookies.find((s) => s.startsWith('pk_session='));
	assert(cookie, 'no pk_session cookie at login');
	assert(/;\s*HttpOnly/i.test(cookie), `no HttpOnly: ${cookie}`);
	assert(/;\s*SameSite=Lax/i.test(cookie), `no SameSite=Lax: ${cookie}`);
	assert(/;\s*Path=\/(;|$)/.test(cookie), `no Path=/: ${cookie}`);
	assert(!/;\s*Secure/i.test(cookie), `Secure over plain http: ${cookie}`);
	for (const p of ['/', '/account/password', '/admin/users']) {
		const g = await c.get(p);
		eq(g.status, 200, `GET ${p}`);
		eq(g.headers.get('cache-control'), 'no-store', `Cache-Control of ${p}`);
	}
});

test('login and logout for each demo user', async ({ main }) => {
	for (const [user, name] of Object.entries(NAMES)) {
		const c = new Client(main);
		const r = await login(c, user);
		eq(r.status, 303, `${user}: login`);
		eq(r.location, '/', `${user}: login Location`);
		const home = await c.get('/');
		assert(home.text.includes(`Welcome, ${name}`), `${user}: front page lacks "Welcome, ${name}"`);
		eq(home.text.includes(PENDING_NOTICE), user === 'verstas', `${user}: pending notice shown`);
		const token = c.jar.get('pk_session');
		const out = await c.post('/logout', formHidden(home.text, '/logout'));
		eq(out.status, 303, `${user}: logout`);
		assert(!c.jar.has('pk_session'), `${user}: session cookie not cleared at logout`);
		assertLoginRedirect(await c.get('/account/password'), '/account/password', `${user}: after logout`);
		// The old token must be dead on the server too, not just forgotten.
		const replay = new Client(main);
		replay.jar.set('pk_session', token);
		assertLoginRedirect(await replay.get('/account/password'), '/account/password', `${user}: old token`);
	}
});

test('login gives a new session token (no fixation)', async ({ main }) => {
	const c = new Client(main);
	const planted = 'a'.repeat(64);
	c.jar.set('pk_session', planted);
	eq((await login(c, 'officer')).status, 303, 'first login');
	const first = c.jar.get('pk_session');
	assert(first && first !== planted, 'session cookie not replaced at login');
	// Logging in again while logged in (login form posted with the session's csrf).
	const home = await c.get('/');
	const r = await c.post('/login', { csrf: formHidden(home.text, '/logout').csrf, username: 'officer', password: PASSWORD });
	eq(r.status, 303, 'second login');
	const second = c.jar.get('pk_session');
	assert(second && second !== first, 'same token after a second login');
	const old = new Client(main);
	old.jar.set('pk_session', first);
	assertLoginRedirect(await old.get('/account/password'), '/account/password', 'previous token');
	eq((await c.get('/account/password')).status, 200, 'new token works');
});

test('wrong password → 422 with a message', async ({ main }) => {
	for (const user of ['finance', 'no-such-user']) {
		const c = new Client(main);
		const r = await login(c, user, 'wrong-password-123');
		eq(r.status, 422, `${user}: status`);
		eq(fieldError(r.text, 'password'), 'Wrong username or password.', `${user}: message`);
		eq(inputValue(r.text, 'username'), user, `${user}: typed username kept`);
		assert(!c.jar.has('pk_session'), `${user}: got a session`);
	}
});

test('login keeps a local next and ignores a foreign one', async ({ main }) => {
	const c = new Client(main);
	eq((await login(c, 'finance', PASSWORD, '/invoices')).location, '/invoices', 'local next');
	const d = new Client(main);
	eq((await login(d, 'finance', PASSWORD, '//evil.example/')).location, '/', 'protocol-relative next');
});

// --- CSRF ------------------------------------------------------------------

test('CSRF: missing, wrong, foreign Origin, no Origin → 403 and csrf.fail', async ({ main }) => {
	const c = new Client(main);
	const mark = auditMark(main.db);
	const before = feedbackCount(main.db);
	const { csrf, nonce } = await tokens(c);
	const msg = { nonce, message: 'csrf test' };
	const cases = [
		['no csrf', { form: msg }],
		['wrong csrf', { form: { ...msg, csrf: randomHex() } }],
		['foreign Origin', { form: { ...msg, csrf }, origin: 'http://evil.example' }],
		['Origin with another port', { form: { ...msg, csrf }, origin: `http://127.0.0.1:${main.port + 1}` }],
		['Origin without the port', { form: { ...msg, csrf }, origin: 'http://127.0.0.1' }],
		['Origin with https', { form: { ...msg, csrf }, origin: `https://127.0.0.1:${main.port}` }],
		['no Origin, no Sec-Fetch-Site', { form: { ...msg, csrf }, origin: false }],
		['no Origin, cross-site', { form: { ...msg, csrf }, origin: false, headers: { 'sec-fetch-site': 'cross-site' } }],
	];
	for (const [what, opts] of cases)
		eq((await c.request('POST', '/accessibility', opts)).status, 403, what);
	eq(feedbackCount(main.db), before, 'feedback rows written by refused posts');
	const rows = auditSince(main.db, mark, 'csrf.fail');
	eq(rows.length, cases.length, 'csrf.fail audit rows');
	assert(rows.every((r) => r[1] === '/accessibility'), `csrf.fail objects: ${JSON.stringify(rows)}`);
	// Control: the same form passes with Sec-Fetch-Site: same-origin.
	const ok = await c.request('POST', '/accessibility',
		{ form: { ...msg, csrf }, origin: false, headers: { 'sec-fetch-site': 'same-origin' } });
	eq(ok.status, 303, 'same-origin control');
});

test('CSRF: a logged-in POST needs the session token, not the anonymous cookie', async ({ main }) => {
	const c = new Client(main);
	await c.get('/');
	const anon = c.jar.get('pk_csrf');
	eq((await login(c, 'caseworker')).status, 303, 'login');
	const { nonce } = await tokens(c);
	const r = await c.post('/accessibility', { csrf: anon, nonce, message: 'x' });
	eq(r.status, 403, 'anonymous token in a session');
});

// --- authorisation ---------------------------------------------------------

// Checks one route for every role and anonymous; collects the expected
// access.denied rows into `denied`.
async function checkRoute(prog, rt, as, anon, denied) {
	const p = rt.pattern.replace(/:id/g, '1');
	const what = `${prog} ${rt.method} ${p}`;
	for (const role of ROLES) {
		const c = await as(role);
		const allowed = rt.roles.includes(role);
		// Allowed POSTs would act (log out, save): only GETs are tried.
		if (allowed && (rt.method !== 'GET' || rt.pattern.includes(':'))) continue;
		const r = rt.method === 'GET' ? await c.get(p) : await c.post(p, await tokens(c));
		if (allowed) {
			// /login and /register send a logged-in user to the front page;
			// a page that needs a choice first sends the user to where it is
			// made (/placements/new → /places). Never to the login page.
			const home = r.status === 303 && /^\/(?!login)/.test(r.location || '');
			assert(r.status === 200 || home, `${what} as ${role}: ${r.status} ${r.location || ''}, want allowed`);
			continue;
		}
		eq(r.status, 403, `${what} as ${role}`);
		denied.push(`${role} ${p}`);
	}
	let r;
	if (rt.method === 'GET') r = await anon.get(p);
	else r = await anon.post(p, await tokens(anon));
	if (rt.roles.includes('anonymous')) {
		if (rt.method === 'GET') eq(r.status, 200, `${what} anonymous`);
	} else {
		assertLoginRedirect(r, p, `${what} anonymous`);
	}
}

async function checkPrograms(ctx, programs, filter) {
	const { main } = ctx;
	const anon = new Client(main);
	const mark = auditMark(main.db);
	const denied = [];
	let n = 0;
	for (const prog of programs)
		for (const rt of routes(prog).filter(filter)) {
			await checkRoute(prog, rt, ctx.as, anon, denied);
			n++;
		}
	assert(n > 0, 'no routes checked');
	const got = auditSince(main.db, mark, 'access.denied').map((r) => `${r[0]} ${r[1]}`);
	eq(JSON.stringify(got.sort()), JSON.stringify(denied.sort()), 'access.denied audit rows');
}

test('authorisation: admin-only home routes', (ctx) =>
	checkPrograms(ctx, ['home'], (rt) => rt.roles.join() === 'admin'));

test('authorisation: other home routes (roles as printed)', (ctx) =>
	checkPrograms(ctx, ['home'], (rt) => rt.roles.join() !== 'admin'));

test('authorisation: tendering, contracts, catalogue, invoicing', (ctx) =>
	checkPrograms(ctx, ['tendering', 'contracts', 'catalogue', 'invoicing'], () => true));

// --- body limits and malformed input ----------------------------------------

async function anonPostHead(c, p, length, extra = '') {
	await c.get('/');
	return `POST ${p} HTTP/1.1\r\nHost: 127.0.0.1:${c.stack.port}\r\nOrigin: ${c.stack.base}\r\n` +
		`Cookie: ${c.cookieHeader()}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
		`${length}${extra}Connection: close\r\n\r\n`;
}

test('body limits: 100 MB (Content-Length and chunked) and 13 MB → 413', async ({ main }) => {
	const c = new Client(main);
	const total = 100 * 1024 * 1024;
	const cl = await streamBody(main.port, await anonPostHead(c, '/accessibility', `Content-Length: ${total}\r\n`), total);
	eq(cl.status, 413, '100 MB with Content-Length');
	eq((await c.get('/')).status, 200, 'next request after 100 MB');
	const ch = await streamBody(main.port, await anonPostHead(c, '/accessibility', 'Transfer-Encoding: chunked\r\n'), total, { chunked: true });
	eq(ch.status, 413, '100 MB chunked');
	eq((await c.get('/')).status, 200, 'next request after chunked');
	const { csrf, nonce } = await tokens(c);
	const big = Buffer.alloc(13 * 1024 * 1024, 0x61);
	big.write(`csrf=${csrf}&nonce=${nonce}&message=`);
	const r = await c.request('POST', '/accessibility', { body: big, type: 'application/x-www-form-urlencoded' });
	eq(r.status, 413, '13 MB');
	eq((await c.get('/accessibility')).status, 200, 'next request after 13 MB');
});

test("app's own body limit (CGI, Content-Length 13 MB) → 413", async (ctx) => {
	const r = cgi(ctx, 'home', { REQUEST_METHOD: 'POST', DOCUMENT_URI: '/accessibility',
		CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: String(13 * 1024 * 1024) });
	assert(r.stdout.startsWith('Status: 413'), `output starts ${JSON.stringify(r.stdout.slice(0, 40))}`);
});

test('malformed multipart, invalid UTF-8, bad escapes → 400; 6000 fields → 413', async ({ main }) => {
	const c = new Client(main);
	const { csrf, nonce } = await tokens(c);
	const b = 'XyZzyBoundary';
	const open = `--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n` +
		`--${b}\r\nContent-Disposition: form-data; name="message"\r\n\r\nnever closed`;
	const cases = [
		['unclosed multipart', { body: open, type: `multipart/form-data; boundary=${b}` }, 400],
		['multipart without its boundary', { body: open, type: 'multipart/form-data' }, 400],
		['invalid UTF-8 (%FF)', { body: `csrf=${csrf}&nonce=${nonce}&name=%FF&message=x`, type: 'application/x-www-form-urlencoded' }, 400],
		['bad escape (%zz)', { body: `csrf=${csrf}&nonce=${nonce}&message=%zz`, type: 'application/x-www-form-urlencoded' }, 400],
		['6000 fields', { body: `csrf=${csrf}&nonce=${nonce}&` + Array.from({ length: 6000 }, (_, i) => `f${i}=${i}`).join('&'), type: 'application/x-www-form-urlencoded' }, 413],
	];
	const before = feedbackCount(main.db);
	for (const [what, opts, want] of cases) {
		const r = await c.request('POST', '/accessibility', opts);
		eq(r.status, want, what);
	}
	eq(feedbackCount(main.db), before, 'feedback rows from refused posts');
});

// --- forms -----------------------------------------------------------------

test('nonce: the same feedback form twice → two 303s, one row', async ({ main }) => {
	const c = new Client(main);
	const hidden = await tokens(c);
	const mp = multipart({ ...hidden, message: 'Kontrasti on liian heikko.', page: '/tenders' });
	const before = feedbackCount(main.db);
	const a = await c.request('POST', '/accessibility', { body: mp.body, type: mp.type });
	const b = await c.request('POST', '/accessibility', { body: mp.body, type: mp.type });
	eq(a.status, 303, 'first');
	eq(b.status, 303, 'second');
	eq(b.location, a.location, 'second Location');
	eq(feedbackCount(main.db), before + 1, 'feedback rows');
});

test('validation: empty feedback → 422, message by the field, values kept', async ({ main }) => {
	const c = new Client(main);
	const before = feedbackCount(main.db);
	const r = await c.submit('/accessibility', '/accessibility', { message: '   ', name: 'Maija Mallikas', page: '/x' });
	eq(r.status, 422, 'status');
	const err = fieldError(r.text, 'message') || '';
	assert(err.includes('Write your feedback'), `message field error: ${JSON.stringify(err)}`);
	eq(inputValue(r.text, 'name'), 'Maija Mallikas', 'name kept');
	eq(inputValue(r.text, 'page'), '/x', 'page kept');
	eq(feedbackCount(main.db), before, 'feedback rows');
});

function registration(fields) {
	return {
		org_name: 'Testiosuuskunta Koivu', ytunnus: '', street: 'Koivukuja 1', postcode: '80100',
		city: 'Joensuu', contact_name: 'Kalle Koivu', email: 'kalle@koivu.example',
		phone: '040 123 4567', username: 'koivu', password: 'koivu-password-2026',
		password2: 'koivu-password-2026', ...fields,
	};
}

test('validation: bad Y-tunnus → 422 naming the business ID, values kept', async ({ main }) => {
	// 1234567-1 is valid (weights 7,9,10,5,8,4,2 → 153 mod 11 = 10 → 1); -8 is not.
	eq(ytunnus(1234567), '1234567-1', 'check digit helper');
	const c = new Client(main);
	const orgs = sqlValue(main.db, 'SELECT count(*) FROM organisations');
	const r = await c.submit('/register', '/register', registration({ ytunnus: '1234567-8', username: 'koivu-bad' }));
	eq(r.status, 422, 'status');
	const err = fieldError(r.text, 'ytunnus') || '';
	assert(/business ID/i.test(err), `ytunnus error: ${JSON.stringify(err)}`);
	eq(inputValue(r.text, 'ytunnus'), '1234567-8', 'ytunnus kept');
	eq(inputValue(r.text, 'org_name'), 'Testiosuuskunta Koivu', 'org_name kept');
	eq(inputValue(r.text, 'city'), 'Joensuu', 'city kept');
	eq(inputValue(r.text, 'username'), 'koivu-bad', 'username kept');
	eq(sqlValue(main.db, 'SELECT count(*) FROM organisations'), orgs, 'organisations written');
});

test('provider registration → admin approves → user logs in', async ({ main, as }) => {
	const y = ytunnus(2712345);
	eq(y, '2712345-7', 'Y-tunnus');
	const admin = await as('admin');
	const c = new Client(main);
	const r = await c.submit('/register', '/register', registration({ ytunnus: y }));
	eq(r.status, 303, 'register');
	eq(r.location, '/?msg=registered', 'register Location');
	const list = await admin.get('/admin/organisations');
	const m = /<a href="\/admin\/organisations\/(\d+)">Testiosuuskunta Koivu<\/a>.*?<strong>Waiting for approval<\/strong>/.exec(list.text);
	assert(m, 'new organisation not listed as pending on /admin/organisations');
	const id = m[1];
	const pending = await loginClient(main, 'koivu', 'koivu-password-2026');
	assert((await pending.get('/')).text.includes(PENDING_NOTICE), 'no pending notice before approval');
	const action = `/admin/organisations/${id}/approve`;
	const a = await admin.submit(`/admin/organisations/${id}`, action, { decision: 'approve' });
	eq(a.status, 303, 'approve');
	eq(sqlValue(main.db, `SELECT status FROM organisations WHERE id = ${id}`), 'approved', 'status in db');
	const again = await admin.post(action, { ...(await tokens(admin)), decision: 'approve' });
	eq(again.status, 409, 'approving twice');
	const u = await loginClient(main, 'koivu', 'koivu-password-2026');
	const home = await u.get('/');
	assert(home.text.includes('Welcome, Kalle Koivu'), 'new user front page');
	assert(!home.text.includes(PENDING_NOTICE), 'pending notice after approval');
});

test('admin: create user, change role, disable, reset password', async ({ main, as }) => {
	const admin = await as('admin');
	const id = await createUser(admin, 'temp.user1', 'caseworker');
	const u = await loginClient(main, 'temp.user1', 'first-password-123');
	eq((await u.get('/invoices')).status, 403, 'caseworker on /invoices');
	const page = `/admin/users/${id}`;
	const edit = { name: 'Tilapäinen Käyttäjä', email: 'temp@example.fi', org: '1' };
	let r = await admin.submit(page, page, { ...edit, role: 'finance' });
	eq(r.status, 303, 'change role');
	eq(sqlValue(main.db, `SELECT role FROM users WHERE id = ${id}`), 'finance', 'role in db');
	assertLoginRedirect(await u.get('/invoices'), '/invoices', 'old session after role change');
	const f = await loginClient(main, 'temp.user1', 'first-password-123');
	eq((await f.get('/invoices')).status, 200, 'finance on /invoices');
	r = await admin.submit(page, page, { ...edit, role: 'finance', disabled: '1' });
	eq(r.status, 303, 'disable');
	assertLoginRedirect(await f.get('/account/password'), '/account/password', 'session after disable');
	eq((await login(new Client(main), 'temp.user1', 'first-password-123')).status, 422, 'disabled login');
	r = await admin.submit(page, page, { ...edit, role: 'finance' });
	eq(r.status, 303, 'enable');
	r = await admin.submit(page, `${page}/password`, { password: 'second-password-456' });
	eq(r.status, 303, 'reset password');
	eq((await login(new Client(main), 'temp.user1', 'first-password-123')).status, 422, 'old password');
	eq((await login(new Client(main), 'temp.user1', 'second-password-456')).status, 303, 'new password');
	r = await admin.submit(page, `${page}/password`, { password: 'short' });
	eq(r.status, 422, 'too short reset');
});

test('change password: wrong current, 11 characters → 422; valid → 303', async ({ main, as }) => {
	await createUser(await as('admin'), 'temp.user2', 'officer', '1', 'first-password-123');
	const c = await loginClient(main, 'temp.user2', 'first-password-123');
	const other = await loginClient(main, 'temp.user2', 'first-password-123');
	const pw = '/account/password';
	let r = await c.submit(pw, pw, { current: 'not-my-password', password: 'new-password-789', password2: 'new-password-789' });
	eq(r.status, 422, 'wrong current');
	assert(fieldError(r.text, 'current'), 'no message by the current password');
	r = await c.submit(pw, pw, { current: 'first-password-123', password: '12345678901', password2: '12345678901' });
	eq(r.status, 422, '11 characters');
	assert(fieldError(r.text, 'password'), 'no message by the new password');
	r = await c.submit(pw, pw, { current: 'first-password-123', password: 'new-password-789', password2: 'new-password-789' });
	eq(r.status, 303, 'valid change');
	eq((await c.get(pw)).status, 200, 'this session continues');
	assertLoginRedirect(await other.get(pw), pw, 'other session');
	eq((await login(new Client(main), 'temp.user2', 'first-password-123')).status, 422, 'old password');
	eq((await login(new Client(main), 'temp.user2', 'new-password-789')).status, 303, 'new password');
});

// --- sessions --------------------------------------------------------------

async function expireSession(stack, set) {
	const c = await loginClient(stack, 'caseworker');
	const id = sessionId(stack.db, c.jar.get('pk_session'));
	assert(id, 'session row not found');
	sql(stack.db, `UPDATE sessions SET ${set} WHERE id = ${id}`);
	return { c, id };
}

test('session idle timeout (31 min) and absolute timeout (13 h)', async ({ main }) => {
	const pw = '/account/password';
	let { c, id } = await expireSession(main, 'last_seen = unixepoch() - 29 * 60');
	eq((await c.get(pw)).status, 200, 'idle 29 min');
	({ c, id } = await expireSession(main, 'last_seen = unixepoch() - 31 * 60'));
	assertLoginRedirect(await c.get(pw), pw, 'idle 31 min');
	eq(sqlValue(main.db, `SELECT count(*) FROM sessions WHERE id = ${id}`), '0', 'expired row deleted');
	({ c } = await expireSession(main, 'created_at = unixepoch() - 13 * 3600, last_seen = unixepoch()'));
	assertLoginRedirect(await c.get(pw), pw, 'absolute 13 h');
});

// --- plain HTTP ------------------------------------------------------------

test('HEAD / 200 no body; /nope 404; POST / 405 with Allow; /admin/users/abc 404', async ({ main, as }) => {
	const h = await rawRequest(main.port, `HEAD / HTTP/1.1\r\nHost: 127.0.0.1:${main.port}\r\nConnection: close\r\n\r\n`);
	eq(h.status, 200, 'HEAD /');
	eq(h.body.length, 0, 'HEAD body bytes');
	const anon = new Client(main);
	const n = await anon.get('/nope');
	eq(n.status, 404, 'GET /nope');
	assert(n.text.includes('Page not found'), '404 page text');
	const p = await anon.request('POST', '/', { form: { a: '1' } });
	eq(p.status, 405, 'POST /');
	assert(/\bGET\b/.test(p.headers.get('allow') || ''), `Allow: ${p.headers.get('allow')}`);
	eq((await anon.get('/admin/users/abc')).status, 404, 'anonymous /admin/users/abc');
	const admin = await as('admin');
	eq((await admin.get('/admin/users/abc')).status, 404, 'admin /admin/users/abc');
	eq((await admin.get('/admin/users/999999')).status, 404, 'admin /admin/users/999999');
});

test('languages: default fi, Accept-Language sv, POST /lang en', async ({ main }) => {
	const raw = await rawRequest(main.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${main.port}\r\nConnection: close\r\n\r\n`);
	eq(htmlLang(raw.body.toString()), 'fi', 'default lang');
	assert(/\r\nContent-Language: fi\r\n/i.test(raw.head), 'default Content-Language');
	const c = new Client(main, { lang: 'sv' });
	const sv = await c.get('/');
	eq(htmlLang(sv.text), 'sv', 'Accept-Language sv');
	eq(sv.headers.get('content-language'), 'sv', 'Content-Language sv');
	const r = await c.post('/lang', { ...formHidden(sv.text, '/lang'), lang: 'en' });
	eq(r.status, 303, 'POST /lang');
	eq(r.location, '/', 'POST /lang Location');
	const en = await c.get('/accessibility');
	eq(htmlLang(en.text), 'en', 'after POST /lang en');
	eq(en.headers.get('content-language'), 'en', 'Content-Language after /lang');
	eq((await c.post('/lang', { ...formHidden(en.text, '/lang'), lang: 'xx' })).status, 400, 'unknown language');
});

test('CGI mode: GET /login → 200 with the form; /admin anonymous → 303', async (ctx) => {
	const r = cgi(ctx, 'home', { REQUEST_METHOD: 'GET', DOCUMENT_URI: '/login' });
	assert(r.stdout.startsWith('Status: 200'), `output starts ${JSON.stringify(r.stdout.slice(0, 40))}`);
	assert(/<form method="post" action="\/login"/.test(r.stdout), 'no login form');
	const a = cgi(ctx, 'home', { REQUEST_METHOD: 'GET', DOCUMENT_URI: '/admin' });
	assert(a.stdout.startsWith('Status: 303'), `/admin starts ${JSON.stringify(a.stdout.slice(0, 40))}`);
	assert(/\r\nLocation: \/login\?next=%2Fadmin\r\n/.test(a.stdout), 'no Location to /login?next=%2Fadmin');
	eq(a.status, 0, 'exit code');
});

// --- destructive tests on the second stack ----------------------------------

test('throttling: 5 wrong passwords → 429 even with the right one; others unaffected', async ({ aux }) => {
	for (let i = 1; i <= 5; i++) {
		const r = await login(new Client(aux), 'officer', `wrong-password-${i}`);
		eq(r.status, 422, `wrong attempt ${i}`);
	}
	const r = await login(new Client(aux), 'officer', PASSWORD);
	eq(r.status, 429, 'right password after 5 failures');
	assert(/Try again in \d+ minutes/.test(r.text), 'no "try again later" message');
	eq((await login(new Client(aux), 'caseworker', PASSWORD)).status, 303, 'other user, same address');
});

// --- random requests ---------------------------------------------------------

const FUZZ_ROUTES = ['/', '/tenders', '/contracts', '/places', '/placements', '/invoices', '/admin',
	'/admin/users', '/admin/users/1', '/admin/users/new', '/admin/users/2/password',
	'/admin/organisations', '/admin/organisations/5', '/admin/organisations/5/approve',
	'/admin/municipalities', '/admin/municipalities/1', '/admin/service-types', '/admin/service-types/1',
	'/admin/audit', '/admin/feedback', '/lang', '/register', '/accessibility', '/account/password'];
// The POST routes (not /login, /logout: they would end the fuzzing session).
const FUZZ_POSTS = ['/lang', '/accessibility', '/register', '/account/password', '/admin/users/new',
	'/admin/users/2', '/admin/users/3/password', '/admin/organisations/5', '/admin/organisations/5/approve',
	'/admin/municipalities', '/admin/municipalities/1', '/admin/service-types/1'];
const FUZZ_FIELDS = ['name', 'email', 'role', 'org', 'disabled', 'decision', 'code', 'name_fi', 'name_sv',
	'name_en', 'active', 'message', 'page', 'lang', 'next', 'ytunnus', 'street', 'postcode', 'city',
	'contact_name', 'contact_email', 'contact_phone', 'password', 'password2', 'current', 'q', 'msg'];

function randomHexFrom(rnd) {
	return [...Array(32)].map(() => '0123456789abcdef'[rnd.int(16)]).join('');
}

// A value: often plausible, sometimes hostile.
function fuzzValue(rnd) {
	return rnd.pick([
		'', '1', '0', '-1', '99999999999999999999', 'admin', 'provider', 'approve', 'reject', 'sv',
		'x'.repeat(rnd.int(400)), 'Åke Ärlig <script>', 'a@b.fi', '2712345-7', '1234567-8', '80100',
		'/admin?x=1', '//evil.example', '\u0000', '\ud7ff\u00e4\u20ac', rnd.bytes(rnd.int(40)).toString('latin1'),
	]);
}

function fuzzForm(rnd, token) {
	const fields = [['csrf', token], ['nonce', randomHexFrom(rnd)]];
	for (let i = rnd.int(10); i > 0; i--) fields.push([rnd.pick(FUZZ_FIELDS), fuzzValue(rnd)]);
	return fields;
}

// A well-formed POST to a real route as the admin or anonymous, with
// valid csrf and nonce and random fields: reaches the handlers.
function deepRequest(rnd, stack, admin) {
	const asAdmin = rnd() < 0.7;
	const cookie = asAdmin ? `pk_session=${admin.session}` : `pk_csrf=${admin.anon}`;
	const fields = fuzzForm(rnd, asAdmin ? admin.csrf : admin.anon);
	let body, type;
	if (rnd() < 0.7) {
		body = Buffer.from(fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
		type = 'application/x-www-form-urlencoded';
	} else {
		({ body, type } = multipart(fields, 'fz' + rnd.int(1e9)));
	}
	const target = rnd.pick(FUZZ_POSTS);
	const head = `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1:${stack.port}\r\nOrigin: ${stack.base}\r\n` +
		`Cookie: ${cookie}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
	return { data: Buffer.concat([Buffer.from(head), body]), label: `deep POST ${target} admin=${asAdmin}` };
}

// A request with hostile parts: method, path, query, headers and body.
function hostileRequest(rnd, stack, admin) {
	const suffixes = ['/x', '/%zz', '/%00', '/%FF%FE', '/..%2f..', '/' + 'a'.repeat(3000),
		'/9999999999999999999', '/-1', '/1/2/3', '//', '/%', '/\xc3\xa4', '/\xff', ';x', '.php', '/%2e%2e'];
	const queries = ['?next=%zz', '?msg=%', '?a=%FF', '?next=//evil.example', '?' + 'q'.repeat(5000),
		'?%00=1', '?msg=saved&msg=expired', '?&&&==', '?next=%2F%0d%0aX:y', '?msg=saved',
		'?a=' + encodeURIComponent(rnd.bytes(20).toString('latin1'))];
	const method = rnd.pick(['GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'BREW']);
	const target = rnd.pick(FUZZ_ROUTES) + (rnd() < 0.4 ? rnd.pick(suffixes) : '') + (rnd() < 0.4 ? rnd.pick(queries) : '');
	const headers = [`Host: 127.0.0.1:${stack.port}`, 'Connection: close'];
	const cookie = rnd.pick([
		'', `pk_session=${admin.session}`, `pk_session=${'f'.repeat(64)}`, `pk_csrf=${admin.anon}`,
		`pk_session=${admin.session}; pk_csrf=${admin.anon}; pk_lang=sv`, ';;==;pk_lang=',
		'big=' + 'c'.repeat(7700 + rnd.int(500)), `pk_lang=${'x'.repeat(100)}`, 'pk_session=%zz%00',
	]);
	if (cookie) headers.push(`Cookie: ${cookie}`);
	if (rnd() < 0.7) headers.push(`Origin: ${rnd() < 0.8 ? stack.base : 'http://evil.example'}`);
	if (rnd() < 0.3) headers.push(`Accept-Language: ${rnd.pick(['sv', 'en;q=0.5,fi;q=x', '*', ',,,;;', 'x'.repeat(500)])}`);
	let body = Buffer.alloc(0);
	const kind = rnd.int(5);
	const token = rnd() < 0.5 ? admin.csrf : admin.anon;
	if (kind === 1) {
		headers.push(`Content-Type: ${rnd.pick(['application/octet-stream', 'text/plain', 'application/json', '', 'application/x-www-form-urlencoded'])}`);
		body = rnd.bytes(rnd.int(2000));
	} else if (kind === 2) {
		headers.push('Content-Type: application/x-www-form-urlencoded');
		const fields = fuzzForm(rnd, token).map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
		if (rnd() < 0.5) fields.push(rnd.pick(['%FF', 'x=%G1', '=', '&&', 'x=' + 'y'.repeat(70000), 'a'.repeat(200) + '=1']));
		body = Buffer.from(fields.join('&'), 'latin1');
	} else if (kind === 3) {
		const b = rnd() < 0.8 ? 'b' + rnd.int(1e9) : 'x'.repeat(100);
		headers.push(`Content-Type: multipart/form-data${rnd() < 0.9 ? `; boundary=${b}` : ''}`);
		const parts = [`--${b}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${token}\r\n`];
		for (let i = rnd.int(4); i > 0; i--)
			parts.push(`--${b}\r\nContent-Disposition: form-data; name="${rnd.pick(['message', 'file"; filename="a.pdf', 'x', ''])}"\r\n` +
				`${rnd() < 0.3 ? 'Content-Type: application/pdf\r\n' : ''}\r\n${rnd.bytes(rnd.int(300)).toString('latin1')}\r\n`);
		if (rnd() < 0.6) parts.push(`--${b}--\r\n`);
		body = Buffer.from(parts.join(''), 'latin1');
	} else if (kind === 4) {
		// A Content-Length that is invalid or shorter than the body.
		headers.push('Content-Type: application/x-www-form-urlencoded');
		headers.push(`Content-Length: ${rnd.pick(['-1', '99999999999999999999', 'abc', '2', '1, 2'])}`);
		body = Buffer.from(`csrf=${token}&message=x`);
	}
	if (kind !== 4) headers.push(`Content-Length: ${body.length}`);
	const head = `${method} ${target} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`;
	return { data: Buffer.concat([Buffer.from(head, 'latin1'), body]), label: `${method} ${target.slice(0, 60)} body=${kind}` };
}

test(`never a 5xx: 200 random hostile requests (SEED=${SEED})`, async ({ aux }) => {
	const rnd = prng(SEED);
	const a = await loginClient(aux, 'admin');
	const home = await a.get('/');
	const admin = { session: a.jar.get('pk_session'), csrf: formHidden(home.text, '/logout').csrf,
		anon: (await new Client(aux).get('/')).setCookies[0].match(/pk_csrf=(\w+)/)[1] };
	const bad = [];
	const seen = {};
	for (let i = 0; i < 200; i++) {
		const { data, label } = (rnd() < 0.4 ? deepRequest : hostileRequest)(rnd, aux, admin);
		const r = await rawRequest(aux.port, data);
		seen[r.status] = (seen[r.status] || 0) + 1;
		if (r.status === 0 || r.status >= 500) bad.push(`#${i} ${label} → ${r.status || 'no answer'}`);
	}
	if (process.env.VERBOSE) console.log(`# statuses: ${JSON.stringify(seen)}`);
	assert(bad.length === 0, `${bad.length} bad answers: ${bad.slice(0, 5).join('; ')}`);
	const c = new Client(aux);
	eq((await c.get('/')).status, 200, 'GET / afterwards');
	eq((await c.get('/tenders')).status, 200, 'GET /tenders afterwards');
});

test('audit chain: verify ok, UPDATE/DELETE refused, tampering found', async ({ aux }) => {
	const ok = paikkactl(aux, 'verify-audit');
	eq(ok.status, 0, `verify-audit exit (${ok.stdout}${ok.stderr})`);
	assert(/ok/.test(ok.stdout), `verify-audit says ${ok.stdout}`);
	const rows = Number(sqlValue(aux.db, 'SELECT count(*) FROM audit_log'));
	assert(rows >= 5, `only ${rows} audit rows`);
	for (const stmt of ["UPDATE audit_log SET details = 'x' WHERE id = 1", 'DELETE FROM audit_log WHERE id = 1']) {
		let refused = '';
		try {
			sql(aux.db, stmt);
		} catch (e) {
			refused = String(e.stderr || e.message);
		}
		assert(/append-only/.test(refused), `not refused: ${stmt}`);
	}
	const mid = sqlValue(aux.db, 'SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM audit_log)');
	sql(aux.db, `DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = details || ' (edited)' WHERE id = ${mid}`);
	const broken = paikkactl(aux, 'verify-audit');
	eq(broken.status, 1, 'verify-audit exit after tampering');
	assert(new RegExp(`BROKEN at row ${mid}\\b`).test(broken.stdout), `want "BROKEN at row ${mid}", got ${broken.stdout}`);
});

// --- after the stacks stop -------------------------------------------------

const after = registry();

after.test('no sanitizer reports in worker logs', (ctx) => {
	const found = [];
	for (const s of ctx.stacks) {
		const log = path.join(s.dir, 'log/paikka.log');
		const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
		const line = text.split('\n').find((l) => SANITIZER.test(l));
		if (line) found.push(`${log}: ${line.trim()}`);
	}
	const cgiLine = ctx.cgiStderr.join('\n').split('\n').find((l) => SANITIZER.test(l));
	if (cgiLine) found.push(`CGI stderr: ${cgiLine.trim()}`);
	assert(found.length === 0, found.join('; '));
});

// --- main ------------------------------------------------------------------

async function main() {
	const ctx = { stacks: [], cgiStderr: [] };
	// Logged-in clients of the main stack, one per role, made when needed.
	const clients = {};
	ctx.as = async (role) => (clients[role] ??= await loginClient(ctx.main, role));
	let passed = 0, failed = 0;
	const t0 = Date.now();
	for (const sig of ['SIGINT', 'SIGTERM'])
		process.on(sig, () => {
			for (const s of ctx.stacks) stopStack(s);
			process.exit(130);
		});
	try {
		const started = await Promise.allSettled([startStack('main'), startStack('aux')]);
		for (const s of started) if (s.status === 'fulfilled') ctx.stacks.push(s.value);
		const err = started.find((s) => s.status === 'rejected');
		if (err) throw err.reason;
		[ctx.main, ctx.aux] = ctx.stacks;
		({ passed, failed } = await run(ctx));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${(e && e.message) || e}`);
	} finally {
		for (const s of ctx.stacks) stopStack(s);
	}
	const a = await after.run(ctx);
	passed += a.passed;
	failed += a.failed;
	if (failed === 0 && !process.env.KEEP)
		for (const s of ctx.stacks) fs.rmSync(s.dir, { recursive: true, force: true });
	else
		for (const s of ctx.stacks) console.log(`# stack ${s.label} kept in ${s.dir}`);
	if (process.env.VERBOSE) console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s with ${B}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main();
