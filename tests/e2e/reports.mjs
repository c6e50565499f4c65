// Reports and dashboards in the browser, on the full demo: axe-core
// (WCAG 2.1 A/AA) finds nothing on every report with every grouping, on
// a refused form (422) and on each role's dashboard, in Finnish, Swedish
// and English; the report form works without JavaScript (choose a
// grouping, submit, the table and the chart change; the CSV link keeps
// the choices); each chart is an image named by its title, with its data
// table beside it.
//   node tests/e2e/reports.mjs        (B selects the build folder)
import {
	axe, axeCheck, axeFound, check, eq, goto, langCookie, login, newContext, noViolations,
	registry, runSuite, shoot, submit, watch,
} from './lib.mjs';

const { tests, test } = registry();

const REPORTS = [
	['/reports', ''],
	['/reports/volume', 'group=provider'],
	['/reports/volume', 'group=service'],
	['/reports/volume', 'group=municipality'],
	['/reports/volume', 'group=form'],
	['/reports/volume', 'group=month'],
	['/reports/outcomes', ''],
	['/reports/occupancy', 'group=municipality'],
	['/reports/occupancy', 'group=both'],
	['/reports/spending', 'group=month'],
	['/reports/spending', 'group=provider'],
	['/reports/spending', 'group=service'],
];

for (const user of ['admin', 'officer', 'finance']) {
	test(`axe: every report for ${user}`, async () => {
		for (const [p, q] of REPORTS)
			await axeCheck(user, q ? `${p}?${q}` : p);
	});
}

test('axe: the reports a caseworker and a provider may see', async () => {
	for (const [p, q] of REPORTS.filter(([p]) => p !== '/reports/spending'))
		await axeCheck('caseworker', q ? `${p}?${q}` : p);
	for (const [p, q] of REPORTS)
		await axeCheck('provider', q ? `${p}?${q}` : p);
});

test('axe: a refused report form (422) and every dashboard', async () => {
	await axeCheck('officer', '/reports/volume?from=31.2.2026&to=1.1.2026', 422);
	for (const user of ['admin', 'officer', 'caseworker', 'finance', 'provider', 'kierratys', 'diakonia'])
		await axeCheck(user, '/');
});

for (const lang of ['fi', 'sv']) {
	test(`axe: a report and the dashboard in ${lang}`, async () => {
		const ctx = await newContext({ bypassCSP: true });
		const page = await ctx.newPage();
		try {
			await login(page, 'finance');
			await langCookie(ctx, lang);
			for (const url of ['/', '/reports/volume?group=month', '/reports/spending?group=provider', '/reports/outcomes']) {
				await goto(page, url);
				eq(await page.getAttribute('html', 'lang'), lang, 'page language');
				const found = await axe(page, `finance ${url} (${lang})`);
				axeFound.push({ url: `${url} (${lang})`, user: 'finance', n: found.length });
				noViolations(found);
			}
		} finally {
			await ctx.close();
		}
	});
}

test('the report form works without JavaScript; the chart is a named image beside its table', async () => {
	const ctx = await newContext({ javaScriptEnabled: false });
	const page = await ctx.newPage();
	const errors = watch(page, 'officer', []);
	try {
		await login(page, 'officer');
		await goto(page, '/reports');
		await submit(page, () => page.locator('main a[href^="/reports/volume"]').first().click());
		eq(new URL(page.url()).pathname, '/reports/volume', 'the volume report');
		await page.locator('main select[name="group"]').selectOption('month');
		await submit(page, () => page.locator('main form button[type="submit"]').first().click());
		eq(new URL(page.url()).searchParams.get('group'), 'month', 'the grouping is in the address');
		const charts = page.locator('main svg[role="img"]');
		check(await charts.count() >= 1, 'a chart');
		const labelled = await charts.first().getAttribute('aria-labelledby');
		check(labelled && labelled.split(/\s+/).length >= 2, `chart labelled by its title and description: ${labelled}`);
		for (const id of labelled.split(/\s+/))
			check(await page.locator(`[id="${id}"]`).count() === 1, `chart label ${id} exists`);
		check(await page.locator('main table').count() >= 1, 'the data table');
		const csv = page.locator('main a[href*=".csv"]').first();
		const href = await csv.getAttribute('href');
		check(/group=month/.test(href), `the CSV link keeps the grouping: ${href}`);
		await shoot(page, 'reports-volume-month');
		check(errors.length === 0, `console: ${errors.join('; ')}`);
	} finally {
		await ctx.close();
	}
});

await runSuite(tests, { tmp: 'paikka-e2e-reports-', shots: 'reports' });
