// Browser tests for Paikka: logins per role, the language switch, the
// keyboard, pages without JavaScript, and axe-core (WCAG 2.1 A/AA) on
// every page in chromium driven by playwright-core.
//   node tests/e2e/run.mjs        (B selects the build folder, default build)
// Starts its own stack with tests/stack/stack.sh in a temporary folder and
// stops it at the end (its logs are kept when a test fails). Screenshots go
// to tests/out/screenshots/. Setup: npm ci in tests/e2e (no browser is
// downloaded; CHROMIUM names the browser, default /usr/bin/chromium).
// E2E_TIMES=1 prints timings; E2E_PROXY=1 makes the browser see the site on
// the default port (see below).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const B = process.env.B || 'build';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = path.join(ROOT, 'tests/out/screenshots');
const AXE = fs.readFileSync(path.join(HERE, 'node_modules/axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PASSWORD = 'paikka-demo-2026';
const LANGS = ['fi', 'sv', 'en'];

// What each role reaches: its name in the demo data, the link its front
// page must show, and the pages it can open.
const ROLES = {
	admin: {
		name: 'Aino Ylläpitäjä', link: '/admin/organisations',
		pages: ['/', '/tenders', '/contracts', '/places', '/placements', '/invoices',
			'/admin', '/admin/users', '/admin/users/new', '/admin/users/1',
			'/admin/organisations', '/admin/organisations/5', '/admin/municipalities',
			'/admin/service-types', '/admin/audit', '/admin/feedback', '/account/password',
			'/tenders/1', '/tenders/2', '/notifications'],
	},
	officer: {
		name: 'Hanna Hankinta', link: '/tenders',
		pages: ['/', '/tenders', '/contracts', '/places', '/account/password',
			'/tenders/1', '/tenders/2', '/tenders/2/edit', '/tenders/2/lots/4', '/tenders/new',
			'/notifications', '/tenders/3', '/tenders/3/opening', '/tenders/3/evaluation',
			'/tenders/3/lots/12/comparison', '/tenders/3/decision', '/contracts/awarded',
			'/contracts/new', '/contracts/1', '/places/1', '/places?q=puu'],
	},
	caseworker: {
		name: 'Sanna Sosiaaliohjaaja', link: '/places',
		pages: ['/', '/contracts', '/places', '/placements', '/account/password',
			'/places?q=puuty%C3%B6&municipality=1', '/places/1', '/placements/1',
			'/placements/new?place=1', '/contracts/2', '/notifications', '/invoices/kela'],
	},
	finance: {
		name: 'Taneli Talous', link: '/invoices',
		pages: ['/', '/contracts', '/invoices', '/account/password', '/contracts/4',
			'/invoices/days?contract=2', '/invoices/1', '/invoices/summary'],
	},
	provider: {
		name: 'Pekka Puusepp', link: '/invoices',
		pages: ['/', '/tenders', '/contracts', '/places', '/placements', '/invoices',
			'/account/password', '/tenders/1', '/tenders/1/bid', '/tenders/documents',
			'/notifications', '/tenders/3', '/tenders/3/opening', '/tenders/3/decision',
			'/contracts/2', '/places/1', '/places/1/edit', '/places/new', '/placements/1',
			'/invoices/days', '/invoices/days/upload', '/invoices/1'],
	},
	verstas: {
		name: 'Oona Ohjaaja', pending: true,
		pages: ['/'],
	},
};
const ANON_PAGES = ['/', '/login', '/register', '/accessibility', '/tenders', '/tenders/1',
	'/no-such-page'];
const WELCOME = /^(Welcome|Tervetuloa|Välkommen)\b/;

class Failure extends Error {}
function check(cond, msg) {
	if (!cond)
		throw new Failure(msg);
}

let base = '';
let browser = null;

function shotName(role, url) {
	const p = url.replace(/[?#].*$/, '').replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9]+/g, '-');
	return `${role}-${p || 'home'}`;
}

async function shoot(page, name) {
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

// Collects console errors (such as CSP violations), script errors and
// failed loads of the page's resources. The favicon.ico that chromium asks
// for on its own is left out.
function watch(page) {
	const errors = [];
	page.on('console', (m) => {
		if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
			errors.push(m.text());
	});
	page.on('pageerror', (e) => errors.push(String(e)));
	page.on('response', (r) => {
		const u = new URL(r.url());
		if (r.status() >= 400 && r.request().resourceType() !== 'document' && u.pathname !== '/favicon.ico')
			errors.push(`${r.status()} ${u.pathname}`);
	});
	return errors;
}

async function newContext(opts = {}) {
	const ctx = await browser.newContext({ baseURL: base, locale: 'fi-FI', ...opts });
	ctx.setDefaultTimeout(10000);
	return ctx;
}

// A context whose pages ignore the Content-Security-Policy, so that the
// axe script can be injected. Only for axe.
async function axeContext(opts = {}) {
	return newContext({ bypassCSP: true, ...opts });
}

async function goto(page, url, status = 200) {
	const res = await page.goto(url);
	check(res, `${url}: no response`);
	check(res.status() === status, `${url}: HTTP ${res.status()}, expected ${status}`);
	return res;
}

async function htmlLang(page) {
	return page.evaluate(() => document.documentElement.lang);
}

// Runs axe on the page as it is; returns lines describing violations.
async function axe(page, label) {
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

async function axeVisit(page, role, url, status = 200, name = shotName(role, url)) {
	await goto(page, url, status);
	const found = await axe(page, `${role} ${url}`);
	await shoot(page, name);
	return found;
}

function noViolations(found) {
	check(found.length === 0, `${found.length} axe violation(s):\n    ${found.join('\n    ')}`);
}

// Does what submits a form and waits for the page that answers. A 403
// answer is the CSRF and origin check refusing the form.
async function submit(page, action) {
	const [res] = await Promise.all([page.waitForNavigation(), action()]);
	if (res && res.status() === 403) {
		const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ').trim();
		throw new Failure(`the form was refused with 403 at ${new URL(res.url()).pathname}: ${text}`);
	}
	return res;
}

// Logs in through the form with the labels a screen reader user hears.
// The page must show English labels (locale en-US or the pk_lang cookie).
async function login(page, user, password = PASSWORD) {
	await goto(page, '/login');
	await page.getByLabel('Username').fill(user);
	await page.getByLabel('Password').fill(password);
	await submit(page, () => page.getByRole('main').getByRole('button', { name: 'Log in' }).click());
}

async function langCookie(ctx, lang) {
	await ctx.addCookies([{ name: 'pk_lang', value: lang, url: base }]);
}

// ---- tests ----

const tests = [];
function test(name, fn) { tests.push({ name, fn }); }

for (const [role, spec] of Object.entries(ROLES)) {
	if (spec.pending)
		continue;
	test(`log in and out as ${role}`, async () => {
		const ctx = await newContext({ locale: 'en-US' });
		try {
			const page = await ctx.newPage();
			const errors = watch(page);
			await login(page, role);
			check(new URL(page.url()).pathname === '/', `landed on ${page.url()}, expected /`);
			await shoot(page, `${role}-login-home`);
			const h1 = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
			check(WELCOME.test(h1), `h1 is "${h1}", expected a welcome`);
			check(h1.includes(spec.name), `h1 "${h1}" does not name ${spec.name}`);
			check(await page.locator('main').locator(`a[href="${spec.link}"]`).count() > 0,
				`no link to ${spec.link} on the front page`);
			check((await page.locator('header').innerText()).includes(spec.name), 'the header does not show the user');
			await submit(page, () => page.locator('header').getByRole('button', { name: 'Log out' }).click());
			check(new URL(page.url()).pathname === '/', `after logout at ${page.url()}`);
			check(await page.locator('header').getByRole('button', { name: 'Log out' }).count() === 0,
				'still logged in after logout');
			check(await page.locator('header').getByRole('link', { name: 'Log in' }).count() === 1,
				'no login link after logout');
			const res = await page.goto(spec.pages.at(-1));
			check(new URL(page.url()).pathname === '/login' || res.status() >= 400,
				`${spec.pages.at(-1)} still opens after logout`);
			check(errors.length === 0, `console errors: ${errors.join('; ')}`);
		} finally {
			await ctx.close();
		}
	});
}

test('language switch', async () => {
	const ctx = await newContext({ locale: 'fi-FI' });
	try {
		const page = await ctx.newPage();
		const errors = watch(page);
		const texts = {};
		const switchTo = async (label, lang) => {
			await submit(page, () => page.getByRole('button', { name: label }).click());
			check(await htmlLang(page) === lang, `after "${label}" html lang is "${await htmlLang(page)}"`);
			check(await page.getByRole('button', { name: label }).getAttribute('aria-pressed') === 'true',
				`"${label}" is not aria-pressed`);
			texts[lang] = (await page.locator('main h1').innerText()).trim() + ' | ' +
				(await page.locator('footer').innerText()).trim();
		};
		await goto(page, '/');
		check(await htmlLang(page) === 'fi', `default lang is "${await htmlLang(page)}", expected fi`);
		await switchTo('På svenska', 'sv');
		check(new URL(page.url()).pathname === '/', `the switch went to ${page.url()}`);
		await shoot(page, 'lang-sv-home');
		await switchTo('In English', 'en');
		check(texts.en.startsWith('Rehabilitative work activity'), `English text is "${texts.en}"`);
		await goto(page, '/login');
		check(await htmlLang(page) === 'en', 'the language did not persist to the next page');
		check((await page.locator('main h1').innerText()).trim() === 'Log in', 'the next page is not in English');
		await switchTo('Suomeksi', 'fi');
		check(new URL(page.url()).pathname === '/login', `the switch went to ${page.url()}, not back to /login`);
		await goto(page, '/');
		check(await htmlLang(page) === 'fi', 'Finnish did not persist');
		texts.fi = (await page.locator('main h1').innerText()).trim() + ' | ' +
			(await page.locator('footer').innerText()).trim();
		const cookies = await ctx.cookies();
		check(cookies.some((c) => c.name === 'pk_lang' && c.value === 'fi'), 'no pk_lang=fi cookie');
		check(errors.length === 0, `console errors: ${errors.join('; ')}`);
		check(texts.sv !== texts.en, `the Swedish page shows English text: "${texts.sv}"`);
		check(texts.fi !== texts.en, `the Finnish page shows English text: "${texts.fi}"`);
	} finally {
		await ctx.close();
	}
});

test('keyboard: skip link and login form', async () => {
	const ctx = await newContext({ locale: 'en-US' });
	try {
		const page = await ctx.newPage();
		await goto(page, '/login');
		await page.keyboard.press('Tab');
		const first = await page.evaluate(() => ({
			cls: document.activeElement.className, href: document.activeElement.getAttribute('href'),
			text: document.activeElement.textContent.trim(),
		}));
		check(first.href === '#main' && first.cls.includes('skip'), `first Tab stop is ${JSON.stringify(first)}`);
		const box = await page.locator('a.skip').boundingBox();
		check(box && box.x >= 0 && box.y >= 0 && box.width > 1, 'the focused skip link is not visible');
		await shoot(page, 'anon-login-skip-focused');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main',
			null, { timeout: 2000 }).catch(() => {});
		const focused = await page.evaluate(() => document.activeElement.id || document.activeElement.tagName);
		check(focused === 'main', `Enter on the skip link focused "${focused}", not main`);
		// From main, Tab goes to the form.
		let tabs = 0;
		while (tabs < 10 && await page.evaluate(() => document.activeElement.id) !== 'username') {
			await page.keyboard.press('Tab');
			tabs++;
		}
		check(await page.evaluate(() => document.activeElement.id) === 'username',
			'Tab from main does not reach the username field');
		await page.keyboard.type('caseworker');
		await page.keyboard.press('Tab');
		check(await page.evaluate(() => document.activeElement.id) === 'password',
			'Tab from username does not reach the password field');
		await page.keyboard.type(PASSWORD);
		await page.keyboard.press('Tab');
		const btn = await page.evaluate(() => document.activeElement.tagName + ' ' + document.activeElement.textContent.trim());
		check(btn === 'BUTTON Log in', `Tab from password reaches "${btn}", not the Log in button`);
		await submit(page, () => page.keyboard.press('Enter'));
		check(new URL(page.url()).pathname === '/', `keyboard login landed on ${page.url()}`);
		check(WELCOME.test((await page.locator('main h1').innerText()).trim()), 'keyboard login did not log in');
		// The focus ring is visible: the style has an outline on :focus-visible.
		await page.keyboard.press('Tab');
		const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
		check(outline !== 'none', 'the focused element has no outline');
	} finally {
		await ctx.close();
	}
});

test('works without JavaScript: login and language', async () => {
	const ctx = await newContext({ locale: 'en-US', javaScriptEnabled: false });
	try {
		const page = await ctx.newPage();
		await login(page, 'finance');
		check(new URL(page.url()).pathname === '/', `landed on ${page.url()}`);
		check(WELCOME.test((await page.locator('main h1').innerText()).trim()), 'no welcome without JavaScript');
		await goto(page, '/invoices');
		await submit(page, () => page.getByRole('button', { name: 'På svenska' }).click());
		check(new URL(page.url()).pathname === '/invoices', `the language switch went to ${page.url()}`);
		check(await page.locator('html').getAttribute('lang') === 'sv', 'lang is not sv without JavaScript');
		await shoot(page, 'nojs-finance-invoices-sv');
		await submit(page, () => page.getByRole('button', { name: 'In English' }).click());
		check(await page.locator('html').getAttribute('lang') === 'en', 'lang is not en without JavaScript');
		await submit(page, () => page.locator('header').getByRole('button', { name: 'Log out' }).click());
		check(await page.locator('header').getByRole('link', { name: 'Log in' }).count() === 1, 'logout failed without JavaScript');
	} finally {
		await ctx.close();
	}
});

test('axe: the check finds a planted violation', async () => {
	const ctx = await axeContext({ locale: 'en-US' });
	try {
		const page = await ctx.newPage();
		await goto(page, '/login');
		await page.evaluate(() => {
			document.querySelector('label[for=username]').remove();
			const p = document.createElement('p');
			p.textContent = 'low contrast';
			p.style.color = '#bbb';
			document.querySelector('main').append(p);
		});
		const found = (await axe(page, 'planted')).join('\n');
		check(found.includes('label') && found.includes('color-contrast'),
			`axe did not report the planted problems: ${found || 'nothing'}`);
	} finally {
		await ctx.close();
	}
});

test('reflow at 320 CSS pixels (WCAG 1.4.10)', async () => {
	const ctx = await newContext({ locale: 'en-US', viewport: { width: 320, height: 640 } });
	try {
		const page = await ctx.newPage();
		const wide = [];
		const measure = async (name) => {
			const w = await page.evaluate(() => document.documentElement.scrollWidth);
			if (w > 320)
				wide.push(`${name} is ${w} px wide`);
			await shoot(page, `mobile-${name}`);
		};
		for (const url of ['/', '/login', '/register', '/accessibility', '/tenders']) {
			await goto(page, url);
			await measure(shotName('anon', url));
		}
		await login(page, 'provider');
		await measure('provider-home');
		check(wide.length === 0, `horizontal scrolling: ${wide.join('; ')}`);
	} finally {
		await ctx.close();
	}
});

for (const lang of LANGS) {
	test(`axe: anonymous pages (${lang})`, async () => {
		const ctx = await axeContext();
		try {
			await langCookie(ctx, lang);
			const page = await ctx.newPage();
			const found = [];
			for (const url of ANON_PAGES) {
				const status = url === '/no-such-page' ? 404 : 200;
				found.push(...await axeVisit(page, `anon-${lang}`, url, status,
					shotName('anon', url === '/no-such-page' ? '404' : url) + `-${lang}`));
				check(await htmlLang(page) === lang, `${url}: lang "${await htmlLang(page)}", expected ${lang}`);
			}
			// The login page after a failed login.
			await goto(page, '/login');
			await page.locator('#username').fill('nobody');
			await page.locator('#password').fill('wrong-password');
			await submit(page, () => page.locator('main button[type=submit]').click());
			check(await page.locator('.error-summary').count() > 0, 'the failed login shows no error summary');
			check(await page.locator('#password').count() === 1, 'the failed login page has no password field');
			found.push(...await axe(page, `anon-${lang} /login (failed)`));
			await shoot(page, `anon-login-error-${lang}`);
			// The register page after an invalid submit (browser checks off).
			await goto(page, '/register');
			await page.locator('#ytunnus').fill('123');
			await page.locator('#postcode').fill('abc');
			await page.locator('#email').fill('not-an-email');
			await page.evaluate(() => { document.querySelector('main form').noValidate = true; });
			const res = await submit(page, () => page.locator('main button[type=submit]').click());
			check(res && res.status() === 422, `invalid registration answered ${res && res.status()}, expected 422`);
			check(await page.locator('main .error').count() >= 3, 'the invalid registration marks fewer than 3 fields');
			found.push(...await axe(page, `anon-${lang} /register (invalid)`));
			await shoot(page, `anon-register-error-${lang}`);
			noViolations(found);
		} finally {
			await ctx.close();
		}
	});
}

for (const [role, spec] of Object.entries(ROLES)) {
	test(`axe: ${role} pages`, async () => {
		const ctx = await axeContext({ locale: 'en-US' });
		try {
			const page = await ctx.newPage();
			await login(page, role);
			check(new URL(page.url()).pathname === '/', `login as ${role} landed on ${page.url()}`);
			if (spec.pending)
				check(await page.locator('main .notice').count() === 1,
					'no notice that the organisation waits for approval');
			const found = [];
			for (const url of spec.pages)
				found.push(...await axeVisit(page, role, url));
			// The front page in the other languages as well.
			for (const lang of ['fi', 'sv']) {
				await langCookie(ctx, lang);
				found.push(...await axeVisit(page, role, '/', 200, `${role}-home-${lang}`));
			}
			noViolations(found);
		} finally {
			await ctx.close();
		}
	});
}

// ---- runner ----

function stack(cmd, dir) {
	return execFileSync(path.join(ROOT, 'tests/stack/stack.sh'), [cmd, dir], {
		cwd: ROOT, env: { ...process.env, B }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
	});
}

async function main() {
	const t0 = Date.now();
	fs.mkdirSync(SHOTS, { recursive: true });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paikka-e2e-'));
	let passed = 0, failed = 0;
	let stopped = false;
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
		if (browser)
			await browser.close().catch(() => {});
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
		check(/^\d+$/.test(port), `stack.sh start printed "${port}"`);
		// E2E_PROXY=1: the browser reaches nginx as an HTTP proxy under the
		// name paikka.test, so that it sees the default port 80.
		base = process.env.E2E_PROXY ? 'http://paikka.test' : `http://127.0.0.1:${port}`;
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			headless: true,
			...(process.env.E2E_PROXY ? { proxy: { server: `http://127.0.0.1:${port}` } } : {}),
			args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
				'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
		for (const t of tests) {
			const t1 = Date.now();
			try {
				await Promise.race([
					t.fn(),
					new Promise((_, rej) => setTimeout(() => rej(new Failure('timed out after 60 s')), 60000).unref()),
				]);
				passed++;
				console.log(`ok - ${t.name}${process.env.E2E_TIMES ? ` (${Date.now() - t1} ms)` : ''}`);
			} catch (e) {
				failed++;
				const msg = e instanceof Failure ? e.message : (e.stack || String(e));
				console.log(`not ok - ${t.name}: ${msg}`);
			}
		}
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${e instanceof Failure ? e.message : (e.stack || String(e))}`);
	} finally {
		await stop();
		if (failed)
			console.log(`# the stack's logs are in ${dir}/log/`);
		else
			fs.rmSync(dir, { recursive: true, force: true });
	}
	if (process.env.E2E_TIMES)
		console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s; screenshots in ${path.relative(ROOT, SHOTS)}/`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main();
