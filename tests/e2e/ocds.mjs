// Open contracting data in the browser: the page is reached from the
// tender list without JavaScript, its table links each package, a
// package opens as JSON, and axe-core (WCAG 2.1 A/AA) finds nothing on
// the page in Finnish, Swedish and English, anonymously and logged in.
//   node tests/e2e/ocds.mjs        (B selects the build folder)
import {
	axe, axeCheck, axeFound, check, eq, env, goto, langCookie, newContext, noViolations, registry,
	runSuite, submit, watch,
} from './lib.mjs';

const { tests, test } = registry();

test('the open data page works without JavaScript', async () => {
	const ctx = await newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	const errors = watch(page, 'anonymous', []);
	await goto(page, '/tenders');
	await submit(page, () => page.getByRole('link', { name: 'Open contracting data (OCDS)' }).click());
	eq(new URL(page.url()).pathname, '/tenders/ocds', 'the link leads to the page');
	eq(await page.getByRole('heading', { level: 1 }).innerText(), 'Open contracting data', 'heading');
	const table = page.getByRole('table', { name: 'Release packages of published tenders' });
	const links = await table.getByRole('link', { name: /^ocds-paikka-\d+$/ }).all();
	check(links.length >= 2, `package links: ${links.length}`);
	const res = await submit(page, () => table.getByRole('link', { name: 'ocds-paikka-3' }).click());
	eq(new URL(page.url()).pathname, '/tenders/3/ocds.json', 'the package');
	check(/^application\/json/.test(res.headers()['content-type']), 'served as JSON');
	const pkg = JSON.parse(await res.text());
	eq(pkg.releases[0].ocid, 'ocds-paikka-3', 'its ocid');
	check(errors.length === 0, `console: ${errors.join('; ')}`);
	await ctx.close();
	return null;
});

for (const lang of ['fi', 'sv', 'en']) {
	test(`axe: the open data page in ${lang}`, async () => {
		const ctx = await newContext({ bypassCSP: true });
		await langCookie(ctx, lang);
		const page = await ctx.newPage();
		try {
			await goto(page, '/tenders/ocds');
			eq(await page.getAttribute('html', 'lang'), lang, 'page language');
			const found = await axe(page, `anonymous /tenders/ocds (${lang})`);
			axeFound.push({ url: `/tenders/ocds (${lang})`, user: 'anon', n: found.length });
			noViolations(found);
		} finally {
			await ctx.close();
		}
	});
}

test('axe: the page and the tender list for a logged-in officer', async () => {
	await axeCheck('officer', '/tenders/ocds');
	await axeCheck('anon', '/tenders');
	check(env.base !== '', 'stack running');
});

await runSuite(tests, { tmp: 'paikka-e2e-ocds-', flow: 1 });
