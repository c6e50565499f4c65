// Browser tests for Paikka: logins per role, the language switch, the
// keyboard, pages without JavaScript, and axe-core (WCAG 2.1 A/AA) on
// every page in chromium driven by playwright-core.
//   node tests/e2e/run.mjs        (B selects the build folder, default build)
// Starts its own stack with tests/stack/stack.sh in a temporary folder and
// stops it at the end (its logs are kept when a test fails). Screenshots go
// to tests/out/screenshots/. Setup: npm ci in tests/e2e (no browser is
// downloaded; CHROMIUM names the browser, default /usr/bin/chromium).
// E2E_TIMES=1 prints timings; E2E_PROXY=1 makes the browser see the site on
// the default port. The stack, browser and axe helpers are in lib.mjs.
import {
	PASSWORD, axe, check, goto, langCookie, login, newContext as context, noViolations, registry,
	runSuite, shoot, submit, watch,
} from './lib.mjs';

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

function shotName(role, url) {
	const p = url.replace(/[?#].*$/, '').replace(/^\/+|\/+$/g, '').replace(/[^A-Za-z0-9]+/g, '-');
	return `${role}-${p || 'home'}`;
}

// Finnish unless a test asks for another locale.
async function newContext(opts = {}) {
	return context({ locale: 'fi-FI', ...opts });
}

// A context whose pages ignore the Content-Security-Policy, so that the
// axe script can be injected. Only for axe.
async function axeContext(opts = {}) {
	return newContext({ bypassCSP: true, ...opts });
}

async function htmlLang(page) {
	return page.evaluate(() => document.documentElement.lang);
}

async function axeVisit(page, role, url, status = 200, name = shotName(role, url)) {
	await goto(page, url, status);
	const found = await axe(page, `${role} ${url}`);
	await shoot(page, name);
	return found;
}

// ---- tests ----

const { tests, test } = registry();

for (const [role, spec] of Object.entries(ROLES)) {
	if (spec.pending)
		continue;
	test(`log in and out as ${role}`, async () => {
		const ctx = await newContext({ locale: 'en-US' });
		try {
			const page = await ctx.newPage();
			const errors = watch(page, '', []);
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
		const errors = watch(page, '', []);
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
			await submit(page, () => page.locator('main button[type=submit]').click(), null);
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
			const res = await submit(page, () => page.locator('main button[type=submit]').click(), null);
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

// E2E_PROXY=1 makes the browser see the site on the default port.
runSuite(tests, { tmp: 'paikka-e2e-', proxy: !!process.env.E2E_PROXY });
