// What the browser suites share: the private stack (tests/stack/stack.sh),
// chromium through playwright-core, logging in through the form, axe-core
// (WCAG 2.1 A/AA), screenshots, e-mail files and a test registry that
// prints "ok - " / "not ok - " lines and ends with "N passed, N failed".
//
// A suite registers its tests with test(name, fn) or step(slug, name, fn)
// and calls runSuite(tests, options): that starts a stack in a temporary
// folder, launches the browser, runs each test with a time limit and
// stops both at the end, whatever ends the run. The stack's base URL,
// folder and the browser are in `env` while it runs. CHROMIUM names the
// browser (default /usr/bin/chromium); B the build folder; E2E_TIMES=1
// prints timings; KEEP=1 keeps the stack's folder.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const B = process.env.B || 'build';
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const SHOTS = path.join(ROOT, 'tests/out/screenshots');
export const AXE = fs.readFileSync(path.join(HERE, 'node_modules/axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const PASSWORD = 'paikka-demo-2026';
export const SANITIZER = /runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer/;

// The running suite: base URL, stack folder, browser, the step number
// ("01") of the step running, and the console errors of the flow's pages.
export const env = { base: '', dir: '', browser: null, nn: '00' };
export const consoleErrors = [];

// --- checks -------------------------------------------------------------------

export class Failure extends Error {}
// A test that cannot run here (a missing tool, say): thrown, it prints
// "# skipped - name: reason" and counts neither as passed nor failed.
export class Skip extends Error {}
export function check(cond, msg) {
	if (!cond)
		throw new Failure(msg);
}
export function eq(got, want, what) {
	check(got === want, `${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

export const squash = (s) => s.replace(/\s+/g, ' ').trim();
export const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// --- dates in Helsinki ----------------------------------------------------------

export const DAY = 86400;
const HEL = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });
export const helsinkiIso = (t) => HEL.format(new Date(t * 1000));
export const isoAdd = (iso, n) => new Date(Date.parse(iso + 'T00:00:00Z') + n * DAY * 1000).toISOString().slice(0, 10);
export const fiDate = (iso) => `${iso.slice(8)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

// --- the stack ------------------------------------------------------------------

export function stack(cmd, dir) {
	return execFileSync(path.join(ROOT, 'tests/stack/stack.sh'), [cmd, dir], {
		cwd: ROOT, env: { ...process.env, B }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
	});
}

export function paikkactl(...args) {
	return execFileSync(path.join(ROOT, B, 'bin/paikkactl'), args, {
		cwd: ROOT, env: { ...process.env, PAIKKA_DB: path.join(env.dir, 'paikka.db') }, encoding: 'utf8',
	});
}

// Rows of a query on the stack's database as arrays of strings: for what
// a browser cannot know and for checking what the pages stored.
export function sqlRows(query) {
	const out = execFileSync('sqlite3', ['-cmd', '.timeout 5000', '-separator', '\t', path.join(env.dir, 'paikka.db'), query],
		{ encoding: 'utf8' });
	return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

export function sqlValue(query) {
	return execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(env.dir, 'paikka.db'), query],
		{ encoding: 'utf8' }).trim();
}

// --- the browser ----------------------------------------------------------------

export async function launchBrowser(opts = {}) {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		...opts,
		args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

export async function newContext(opts = {}) {
	const ctx = await env.browser.newContext({ baseURL: env.base, locale: 'en-US', ...opts });
	ctx.setDefaultTimeout(10000);
	return ctx;
}

// Console errors (CSP violations among them), script errors and failed
// loads of a page's resources (not the favicon.ico chromium asks for) go
// to sink, prefixed with who when given. Returns sink.
export function watch(page, who, sink = consoleErrors) {
	const pre = who ? `${who}: ` : '';
	page.on('console', (m) => {
		if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
			sink.push(`${pre}${m.text()}`);
	});
	page.on('pageerror', (e) => sink.push(`${pre}${e}`));
	page.on('response', (r) => {
		const u = new URL(r.url());
		if (r.status() >= 400 && r.request().resourceType() !== 'document' && u.pathname !== '/favicon.ico')
			sink.push(`${pre}${r.status()} ${u.pathname}`);
	});
	return sink;
}

export const pathOf = (page) => new URL(page.url()).pathname;
export const urlOf = (page) => { const u = new URL(page.url()); return u.pathname + u.search; };

export async function mainText(page) {
	return squash(await page.locator('main').innerText());
}

export async function goto(page, url, status = 200) {
	const res = await page.goto(url);
	check(res, `${url}: no response`);
	check(res.status() === status, `${url}: HTTP ${res.status()}, expected ${status}: ${await mainText(page).catch(() => '')}`.slice(0, 600));
	return res;
}

// Clicks something that submits a form or follows a link and waits for
// the answer; a status other than `want` fails with the page's message
// (a 403 is the CSRF and origin check refusing the form). want null: any
// status but 403.
export async function submit(page, action, want = 200) {
	const [res] = await Promise.all([page.waitForNavigation(), action()]);
	check(res, 'no response to the form');
	if (want === null ? res.status() === 403 : res.status() !== want) {
		const text = (await mainText(page).catch(() => '')).slice(0, 500);
		throw new Failure(`HTTP ${res.status()} at ${new URL(res.url()).pathname} (want ${want ?? 'not 403'}): ${text}`);
	}
	return res;
}

// The error summary or marked fields of a page answered with 422.
export async function pageErrors(page) {
	const errs = await page.locator('main .error-summary, main .error').allInnerTexts();
	return errs.map(squash).join(' | ');
}

// Logs in through the form with the labels a screen reader user hears.
// The page must show English labels (locale en-US or the pk_lang cookie).
export async function login(page, user, password = PASSWORD) {
	await goto(page, '/login');
	await page.getByLabel('Username').fill(user);
	await page.getByLabel('Password').fill(password);
	await submit(page, () => page.getByRole('main').getByRole('button', { name: 'Log in' }).click());
	check(pathOf(page) === '/', `login as ${user} landed on ${page.url()}`);
}

export async function langCookie(ctx, lang) {
	await ctx.addCookies([{ name: 'pk_lang', value: lang, url: env.base }]);
}

export async function shoot(page, name) {
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

// --- users of a flow --------------------------------------------------------------

// A user's browser: a context and a page, logged in ('anon': not logged
// in). The page of whoever acted last is lastPage().
const users = {};
let last = null;
export const lastPage = () => last;
export async function as(user) {
	if (users[user])
		return (last = users[user].page);
	const ctx = await newContext();
	const page = await ctx.newPage();
	watch(page, user || 'anonymous');
	users[user] = { ctx, page };
	last = page;
	if (user !== 'anon')
		await login(page, user);
	return page;
}

// Closes every user's browser (they log in again on the next as()).
export async function closeAll() {
	for (const k of Object.keys(users)) {
		await users[k].ctx.close().catch(() => {});
		delete users[k];
	}
	last = null;
	for (const k of Object.keys(axeUsers)) {
		await axeUsers[k].close().catch(() => {});
		delete axeUsers[k];
	}
}

// --- axe-core ---------------------------------------------------------------------

// Runs axe on the page as it is (its context must bypass the CSP, see
// axeCheck); returns lines describing violations.
export async function axe(page, label) {
	await page.addScriptTag({ content: AXE });
	const result = await page.evaluate(async (tags) => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			targets: v.nodes.map((n) => n.target.join(' ') + (n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').trim()})` : '')),
		}));
	}, AXE_TAGS);
	return result.map((v) => `${label}: ${v.id} [${v.impact}] ${v.help}\n      ${v.targets.join('\n      ')}`);
}

export function noViolations(found) {
	check(found.length === 0, `${found.length} axe violation(s):\n    ${found.join('\n    ')}`);
}

// axe in a flow runs in contexts of its own that ignore the Content-
// Security-Policy (to inject the script); the flow's contexts keep it.
// axeCheck opens url as user there and fails on any violation.
const axeUsers = {};
export const axeFound = [];
export async function axeCheck(user, url, status = 200) {
	if (!axeUsers[user]) {
		axeUsers[user] = await newContext({ bypassCSP: true });
		if (user !== 'anon')
			await login(await axeUsers[user].newPage(), user);
	}
	const page = await axeUsers[user].newPage();
	try {
		await goto(page, url, status);
		const lines = await axe(page, `${user} ${url}`);
		axeFound.push({ url, user, n: lines.length });
		noViolations(lines);
	} finally {
		await page.close();
	}
}

// The page as the flow's browser shows it now (after a form answered, a
// 422 page, say): its HTML is loaded in the user's axe context and
// checked there. For pages that a GET cannot show again.
export async function axeCheckPage(user, page, label) {
	if (!axeUsers[user]) {
		axeUsers[user] = await newContext({ bypassCSP: true });
		if (user !== 'anon')
			await login(await axeUsers[user].newPage(), user);
	}
	const html = await page.content();
	const p = await axeUsers[user].newPage();
	try {
		await p.route('**/*', (r) => (r.request().isNavigationRequest()
			? r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html })
			: r.continue()));
		await p.goto(page.url());
		const lines = await axe(p, `${user} ${label}`);
		axeFound.push({ url: label, user, n: lines.length });
		noViolations(lines);
	} finally {
		await p.close();
	}
}

// --- e-mail files -----------------------------------------------------------------

// RFC 2047 encoded words; adjacent ones are joined before UTF-8 decoding,
// so a character split between two words comes out whole.
export function decodeWords(s) {
	const parts = [];
	let lastEnd = 0;
	let prevEncoded = false;
	const re = /=\?UTF-8\?([BQ])\?([^?]*)\?=/gi;
	const text = s.replace(/\r?\n[ \t]+/g, ' ');
	for (const m of text.matchAll(re)) {
		const between = text.slice(lastEnd, m.index);
		if (!(prevEncoded && /^\s*$/.test(between)))
			parts.push(Buffer.from(between, 'utf8'));
		parts.push(m[1].toUpperCase() === 'B' ? Buffer.from(m[2], 'base64')
			: Buffer.from(m[2].replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (x, h) => String.fromCharCode(parseInt(h, 16))), 'latin1'));
		lastEnd = m.index + m[0].length;
		prevEncoded = true;
	}
	parts.push(Buffer.from(text.slice(lastEnd), 'utf8'));
	return Buffer.concat(parts).toString('utf8');
}

export function readMail(file) {
	const raw = fs.readFileSync(file, 'latin1');
	const sep = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') : raw.indexOf('\n\n');
	const head = raw.slice(0, sep);
	let body = raw.slice(sep).replace(/^\s+/, '');
	const header = (name) => {
		const m = new RegExp(`^${name}:([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)`, 'mi').exec(head);
		return m ? decodeWords(m[1].trim()) : '';
	};
	const cte = header('Content-Transfer-Encoding').toLowerCase();
	if (cte === 'quoted-printable')
		body = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
	else if (cte === 'base64')
		body = Buffer.from(body, 'base64').toString('utf8');
	else
		body = Buffer.from(body, 'latin1').toString('utf8');
	return { file: path.basename(file), to: header('To'), subject: header('Subject'), body };
}

// --- the registry and the runner ----------------------------------------------------

// test(name, fn) or step(slug, name, fn); a step's screenshot is named
// by its number and slug. fn may return the page to photograph.
export function registry() {
	const tests = [];
	return {
		tests,
		test: (name, fn) => { tests.push({ name, fn }); },
		step: (slug, name, fn) => { tests.push({ slug, name, fn }); },
	};
}

// Runs the tests against a fresh stack and exits with the summary.
// Options:
//   tmp        prefix of the stack's temporary folder ('paikka-e2e-')
//   shots      prefix of the per-step screenshots (shots-NN-slug.png);
//              the earlier ones are removed first. Without it no
//              screenshot is taken for the tests.
//   timeout    ms per test (60000)
//   flow       1: console errors of the flow's pages fail the step, the
//              stack's log is checked for sanitizer reports and internal
//              errors (one more test), the pages axe ran on are listed
//   proxy      1: the browser reaches nginx as an HTTP proxy under the name
//              paikka.test, so that it sees the default port 80
//   started()  after the stack answers, before the browser starts
//   finished() after the last test, while the stack still runs
export async function runSuite(tests, o = {}) {
	const t0 = Date.now();
	const timeout = o.timeout || 60000;
	fs.mkdirSync(SHOTS, { recursive: true });
	if (o.shots)
		for (const f of fs.readdirSync(SHOTS))
			if (f.startsWith(`${o.shots}-`))
				fs.rmSync(path.join(SHOTS, f));
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), o.tmp || 'paikka-e2e-'));
	env.dir = dir;
	let passed = 0, failed = 0;
	let stopped = false;
	let started = false;
	// The stack must not outlive the run, whatever ends it: a failure, a
	// signal, a crash or a closed stdout (| head). The browser goes with
	// its pipe when node exits.
	const stopStack = () => {
		if (stopped)
			return;
		stopped = true;
		try { stack('stop', dir); } catch (e) { console.error(`stack stop: ${e.message}`); }
	};
	const stop = async () => {
		if (env.browser)
			await env.browser.close().catch(() => {});
		stopStack();
	};
	process.on('exit', stopStack);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
		process.on(sig, () => { stop().finally(() => process.exit(130)); });
	process.on('uncaughtException', (e) => {
		stopStack();
		if (e.code !== 'EPIPE')
			console.error(e);
		process.exit(1);
	});
	process.stdout.on('error', () => {});
	try {
		const [port] = stack('start', dir).trim().split(/\s+/);
		started = true;
		check(/^\d+$/.test(port), `stack.sh start printed "${port}"`);
		env.base = o.proxy ? 'http://paikka.test' : `http://127.0.0.1:${port}`;
		if (o.started)
			await o.started();
		env.browser = await launchBrowser(o.proxy ? { proxy: { server: `http://127.0.0.1:${port}` } } : {});
		for (const [i, t] of tests.entries()) {
			const t1 = Date.now();
			const nn = String(i + 1).padStart(2, '0');
			env.nn = nn;
			let page = null;
			let timer;
			try {
				consoleErrors.length = 0;
				page = await Promise.race([
					t.fn(),
					new Promise((_, rej) => { timer = setTimeout(() => rej(new Failure(`timed out after ${timeout / 1000} s`)), timeout); }),
				]);
				if (o.flow)
					check(consoleErrors.length === 0, `console errors: ${consoleErrors.join('; ')}`);
				passed++;
				console.log(`ok - ${t.name}${process.env.E2E_TIMES ? ` (${Date.now() - t1} ms)` : ''}`);
			} catch (e) {
				if (e instanceof Skip) {
					console.log(`# skipped - ${t.name}: ${e.message}`);
				} else {
					failed++;
					const msg = e instanceof Failure ? e.message : (e.stack || String(e));
					console.log(`not ok - ${t.name}: ${msg}`);
				}
			} finally {
				clearTimeout(timer);
			}
			if (o.shots) {
				// The step's page, or the page of whoever acted last.
				const shotPage = page && typeof page.screenshot === 'function' ? page
					: (last && !last.isClosed() ? last : null);
				if (shotPage)
					await shoot(shotPage, `${o.shots}-${nn}-${t.slug}`).catch((e) => console.log(`# screenshot ${nn}: ${e.message}`));
			}
		}
		if (o.finished)
			await o.finished();
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${e instanceof Failure ? e.message : (e.stack || String(e))}`);
	} finally {
		await closeAll().catch(() => {});
		await stop();
	}
	if (o.flow) {
		const log = path.join(dir, 'log/paikka.log');
		const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
		const bad = text.split('\n').filter((l) => SANITIZER.test(l) || /internal error/.test(l));
		if (!started) {
			// Nothing ran: setup has failed already.
		} else if (bad.length) {
			failed++;
			console.log(`not ok - the stack's log has no sanitizer report or internal error: ${bad.slice(0, 5).join(' | ')}`);
		} else {
			passed++;
			console.log(`ok - the stack's log has no sanitizer report or internal error (${B})`);
		}
		console.log(`# axe-core (WCAG 2.1 A/AA) ran on ${axeFound.length} pages: ${axeFound.map((a) => `${a.user} ${a.url}`).join(', ')}`);
	}
	if (failed || process.env.KEEP)
		console.log(`# the stack's folder is kept: ${dir}`);
	else
		fs.rmSync(dir, { recursive: true, force: true });
	if (process.env.E2E_TIMES)
		console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${path.relative(ROOT, SHOTS)}/${o.shots ? `${o.shots}-*.png` : ''}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}
