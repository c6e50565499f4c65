// Contracts, the catalogue of places and placements in a real browser, one
// step after another, on the demo story's first layer (tender 3 awarded,
// its lots 11 and 12 ready for contracts, no contracts yet): the officer
// creates the contracts of both lots in one step each, signs and activates
// Puutyöpaja Kanerva ry's two contracts; the provider lists two places
// under them; a caseworker searches the catalogue (Finnish words, the
// Swedish task name, filters), places a client in Puutyöpaja Kanerva; the
// provider sees the notification (no client data in it) and confirms the
// start; the caseworker renews the decision period (12 months is refused
// before 2 years, 3 months is granted) and ends the placement with an
// outcome; the provider no longer sees the client. axe-core (WCAG 2.1
// A/AA) runs on the main pages of the flow.
//   node tests/e2e/contracts_flow.mjs     (B selects the build, default build)
// Starts its own stack with tests/stack/stack.sh in a temporary folder and
// stops it (and the browser) at the end; the stack's folder is kept when a
// step fails. One full-page screenshot per step goes to
// tests/out/screenshots/cflow-NN-<step>.png. CHROMIUM names the browser
// (default /usr/bin/chromium); E2E_TIMES=1 prints timings.
import fs from 'node:fs';
import path from 'node:path';
import {
	as, axeCheck, check, env, eq, esc, fiDate, goto, helsinkiIso, isoAdd, mainText, pageErrors,
	paikkactl, pathOf, readMail, registry, runSuite, shoot as shootPage, squash, submit, urlOf,
} from './lib.mjs';

// The scenario starts from the demo story's first layer: tender 3 awarded,
// no contracts yet (the officer makes them here).
process.env.PAIKKA_DEMO_LAYERS = '1';

const ORG = 'Puutyöpaja Kanerva ry';
const SERVICE = { 1: 'Work-activity place and guidance of the work',
	2: 'Work-activity place and guidance with professional social-work support' };
const PLACE1 = 'Puutyöpaja Kanerva';
const PLACE2 = 'Kanervan puusepänverstas';
const CLIENT = { ref: 'AB1234', name: 'Aino Esimerkki' };

// --- dates in Helsinki ----------------------------------------------------------

// As a person types it in a text field: 5.3.2027.
const typed = (iso) => `${Number(iso.slice(8))}.${Number(iso.slice(5, 7))}.${iso.slice(0, 4)}`;
function addMonths(iso, n) {
	const y = Number(iso.slice(0, 4)), m = Number(iso.slice(5, 7)) - 1 + n, d = Number(iso.slice(8));
	const ty = y + Math.floor(m / 12), tm = ((m % 12) + 12) % 12;
	const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
	return `${ty}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
// The last day of a decision period of n months from start.
const periodEnd = (iso, months) => isoAdd(addMonths(iso, months), -1);

// --- page helpers -------------------------------------------------------------------

const shoot = (page, name) => shootPage(page, `cflow-${name}`);

// The text of a definition list's entry: <dt>name</dt><dd>…</dd>.
async function fact(page, name) {
	const dd = page.locator('main dl.facts dt', { hasText: new RegExp(`^${esc(name)}$`) }).first().locator('xpath=following-sibling::dd[1]');
	return squash(await dd.innerText());
}

// The cells of a table's body rows, squashed.
async function tableRows(table) {
	const rows = table.locator('tbody tr');
	const out = [];
	for (let i = 0; i < await rows.count(); i++)
		out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map(squash));
	return out;
}

// The result titles of the catalogue search (or the provider's list).
async function resultTitles(page) {
	return (await page.locator('main tr.result td:first-child a').allInnerTexts()).map(squash);
}

// The caseworker's search form: words and the filters by their labels.
async function search(page, words, filters = {}) {
	await goto(page, '/places');
	const form = page.getByRole('search');
	await form.getByLabel('Words').fill(words);
	for (const [label, option] of Object.entries(filters))
		await form.getByLabel(label, { exact: true }).selectOption({ label: option });
	await submit(page, () => form.getByRole('button', { name: 'Search' }).click());
	check(!(await pageErrors(page)), `search "${words}": ${await pageErrors(page)}`);
	const total = Number(await page.locator('#total').innerText());
	const titles = await resultTitles(page);
	return { total, titles };
}

// Fills the place form; o names the fields by their labels.
async function fillPlace(page, o) {
	const form = page.locator('main form[action="/places/new"]');
	await form.getByLabel('Name of the place').fill(o.title);
	await form.getByLabel('Description (optional)').fill(o.description);
	await form.getByLabel('Municipality').selectOption({ label: o.municipality });
	await form.getByLabel('Street address (optional)').fill(o.street);
	if (o.form)
		await form.getByLabel('Form of the service').selectOption({ label: o.form });
	for (const t of o.tasks)
		await form.locator(`#task_${t}`).check();
	await form.getByLabel('Other tasks (optional)').fill(o.taskWords);
	for (const d of o.days)
		await form.getByLabel(d, { exact: true }).check();
	await form.getByLabel('Shortest day, hours').fill(o.hours[0]);
	await form.getByLabel('Longest day, hours').fill(o.hours[1]);
	await form.getByLabel('Clients at the same time').fill(o.capacity);
	for (const l of o.languages)
		await form.getByRole('group', { name: 'Languages of the guidance' }).getByLabel(l, { exact: true }).check();
	await form.getByLabel('Accessibility (optional)').fill(o.accessibility);
	await form.getByLabel('Name', { exact: true }).fill(o.contact);
	await form.getByLabel('Phone').fill(o.phone);
	await form.getByLabel('E-mail').fill(o.email);
	await submit(page, () => form.getByRole('button', { name: 'Add the place' }).click());
	check(!(await pageErrors(page)), `place "${o.title}": ${await pageErrors(page)}`);
	const m = /^\/places\/(\d+)\?msg=created$/.exec(urlOf(page));
	check(m, `after adding "${o.title}" at ${urlOf(page)}`);
	return Number(m[1]);
}

// The notifications on a user's home page: [{text, href, isNew}].
async function homeNotes(page) {
	await goto(page, '/');
	const items = page.getByRole('region', { name: 'Notifications' }).locator('li');
	const out = [];
	for (let i = 0; i < await items.count(); i++) {
		const li = items.nth(i);
		const a = li.locator('a');
		out.push({ text: squash(await li.innerText()), href: await a.count() ? await a.first().getAttribute('href') : null,
			isNew: squash(await li.innerText()).startsWith('New') });
	}
	return out;
}

// --- the steps ---------------------------------------------------------------------

const ctx = {};
const { tests, step } = registry();
function need(...keys) {
	for (const k of keys)
		check(ctx[k] !== undefined, `skipped: needs ${k} from an earlier step`);
}

step('officer-awarded', 'officer opens Contracts from awarded lots: lots 1 and 2 of tender 3 with their frameworks', async () => {
	const page = await as('officer');
	ctx.today = helsinkiIso(Date.now() / 1000);
	await goto(page, '/');
	await submit(page, () => page.getByRole('main').getByRole('link', { name: 'Contracts', exact: true }).click());
	eq(pathOf(page), '/contracts', 'the Contracts link');
	check((await mainText(page)).includes('There are no contracts yet.'), 'contracts exist before the flow');
	await submit(page, () => page.getByRole('link', { name: 'Contracts from awarded lots' }).click());
	eq(pathOf(page), '/contracts/awarded', 'the awarded link');
	const lot1 = page.getByRole('region', { name: /lot 1, Työtoimintapaikka ja ohjaus$/ });
	const lot2 = page.getByRole('region', { name: /lot 2, Työtoiminta ja sosiaalialan ammatillinen tuki$/ });
	eq(JSON.stringify(await tableRows(lot1.locator('table'))), JSON.stringify([
		['1', 'Kiteen Kierrätysosuuskunta', '€10.09', '10'], ['2', ORG, '€10.09', '8'], ['3', 'Lieksan Diakoniasäätiö sr', '€10.09', '6'],
	]), 'the framework of lot 1');
	eq(JSON.stringify(await tableRows(lot2.locator('table'))), JSON.stringify([
		['1', ORG, '€24.50', '4'], ['2', 'Lieksan Diakoniasäätiö sr', '€28.90', '3'],
	]), 'the framework of lot 2');
	check(await lot1.getByRole('button', { name: 'Create the contracts of lot 1 (3)' }).count() === 1, 'no create button for lot 1');
	check(await lot2.getByRole('button', { name: 'Create the contracts of lot 2 (2)' }).count() === 1, 'no create button for lot 2');
	await axeCheck('officer', '/contracts/awarded');
	ctx.awarded = true;
	return page;
});

// The contracts of a lot as the "Contracts created" list shows them:
// [{rank, id, text}].
async function createdContracts(page, lotNumber) {
	const li = page.locator('main ul.tasks > li').filter({ hasText: new RegExp(`lot ${lotNumber}, `) });
	check(await li.count() === 1, `lot ${lotNumber} is not under Contracts created`);
	const items = li.locator('ul > li');
	const out = [];
	for (let i = 0; i < await items.count(); i++) {
		const text = squash(await items.nth(i).innerText());
		const href = await items.nth(i).locator('a').getAttribute('href');
		out.push({ text, id: Number(/^\/contracts\/(\d+)$/.exec(href)[1]) });
	}
	return out;
}

for (const [n, lotId, count] of [[1, 11, 3], [2, 12, 2]]) {
	step(`officer-creates-lot-${n}`, `officer creates the ${count} contracts of lot ${n} (lot ${lotId}) in one step`, async () => {
		need('awarded');
		const page = await as('officer');
		await goto(page, '/contracts/awarded');
		await submit(page, () => page.getByRole('button', { name: `Create the contracts of lot ${n} (${count})` }).click());
		eq(urlOf(page), '/contracts/awarded?msg=created', 'after creating');
		check(!(await pageErrors(page)), `lot ${n}: ${await pageErrors(page)}`);
		check(await page.getByRole('button', { name: new RegExp(`^Create the contracts of lot ${n} `) }).count() === 0,
			`lot ${n} still has its create button`);
		const made = await createdContracts(page, n);
		eq(made.length, count, `contracts of lot ${n}`);
		const ours = made.filter((c) => c.text.includes(ORG));
		eq(ours.length, 1, `${ORG}'s contracts in lot ${n}`);
		ctx[`c${n}`] = ours[0].id;
		if (n === 2)
			check((await mainText(page)).includes('No lot is waiting for its contracts.'), 'a lot is still waiting');
		await page.getByRole('heading', { name: 'Contracts created' }).scrollIntoViewIfNeeded();
		return page;
	});
}

for (const n of [1, 2]) {
	step(`officer-signs-activates-${n}`, `officer signs and activates ${ORG}'s contract of lot ${n}`, async () => {
		need(`c${n}`);
		const id = ctx[`c${n}`];
		const page = await as('officer');
		// Through the list, filtered by the provider.
		await goto(page, '/contracts');
		await page.getByLabel('Provider').selectOption({ label: ORG });
		await submit(page, () => page.getByRole('button', { name: 'Show' }).click());
		const listed = await page.locator('main table tbody tr td:first-child a').allInnerTexts();
		eq(JSON.stringify(listed.map(squash).sort()), JSON.stringify([`Contract ${ctx.c1}`, `Contract ${ctx.c2}`].sort()),
			`${ORG}'s contracts on the filtered list`);
		await submit(page, () => page.getByRole('link', { name: `Contract ${id}`, exact: true }).click());
		eq(pathOf(page), `/contracts/${id}`, 'the contract link');
		eq(squash(await page.locator('main h1').innerText()), `Contract ${id}: ${ORG}`, 'h1');
		eq(await fact(page, 'Service'), SERVICE[n], 'service');
		eq(await fact(page, 'Price per day'), n === 1 ? '€10.09' : '€24.50', 'price');
		eq(await fact(page, 'Capacity offered'), n === 1 ? '8' : '4', 'capacity');
		eq(squash(await page.locator('main h1 + p').innerText()), 'Draft', 'status');
		if (n === 1)
			await axeCheck('officer', `/contracts/${id}`);
		// A date in the future is refused with the message by the field.
		const sign = page.locator(`form[action="/contracts/${id}/sign"]`);
		await sign.getByLabel('Date of signing').fill(typed(isoAdd(ctx.today, 1)));
		await sign.getByLabel('Signed by (name)').fill('Pekka Puusepp');
		await submit(page, () => sign.getByRole('button', { name: 'Mark as signed' }).click(), 422);
		check((await pageErrors(page)).includes('The date of signing cannot be in the future.'), `future date: ${await pageErrors(page)}`);
		await page.getByLabel('Date of signing').fill(typed(ctx.today));
		await submit(page, () => page.getByRole('button', { name: 'Mark as signed' }).click());
		eq(urlOf(page), `/contracts/${id}?msg=saved`, 'after signing');
		eq(squash(await page.locator('main h1 + p').innerText()), 'Signed', 'status after signing');
		check((await fact(page, 'Signed')).startsWith(`${fiDate(ctx.today)} · Pekka Puusepp`), `signed: ${await fact(page, 'Signed')}`);
		await submit(page, () => page.getByRole('button', { name: 'Make the contract active' }).click());
		check(!(await pageErrors(page)), `activate: ${await pageErrors(page)}`);
		eq(pathOf(page), `/contracts/${id}`, 'after activating');
		eq(squash(await page.locator('main h1 + p').innerText()), 'Active', 'status after activating');
		check(await page.locator(`form[action="/contracts/${id}/activate"]`).count() === 0, 'the activate form is still there');
		ctx[`active${n}`] = true;
		return page;
	});
}

step('provider-contracts', `the provider sees its two active contracts and a notification of them; no step forms`, async () => {
	need('active1', 'active2');
	const page = await as('provider');
	const notes = await homeNotes(page);
	check(notes.some((x) => x.href === `/contracts/${ctx.c1}`), `no notification links contract ${ctx.c1}: ${JSON.stringify(notes)}`);
	await submit(page, () => page.getByRole('link', { name: 'Your contracts' }).click());
	eq(pathOf(page), '/contracts', 'Your contracts');
	const rows = await tableRows(page.locator('main table'));
	eq(JSON.stringify(rows.map((r) => [r[0], r[r.length - 1]]).sort()), JSON.stringify([[`Contract ${ctx.c1}`, 'Active'],
		[`Contract ${ctx.c2}`, 'Active']].sort()), 'the provider\'s contracts');
	await goto(page, `/contracts/${ctx.c1}`);
	check(await page.locator('main form[action^="/contracts/"]').count() === 0, 'step forms for the provider');
	await axeCheck('provider', `/contracts/${ctx.c1}`);
	return page;
});

step('provider-place-1', `provider lists "${PLACE1}" (Joensuu, carpentry, Mon/Wed/Fri, 2 clients, Finnish and Swedish) under the lot 1 contract`, async () => {
	need('active1', 'active2');
	const page = await as('provider');
	await goto(page, '/');
	await submit(page, () => page.getByRole('link', { name: 'Your work-activity places' }).click());
	eq(pathOf(page), '/places', 'Your work-activity places');
	check((await mainText(page)).includes('You have not listed any places yet.'), 'places before the flow');
	await submit(page, () => page.getByRole('main').getByRole('link', { name: 'New place' }).click());
	// Two active contracts: the provider chooses.
	const choices = page.locator('main ul.tasks a');
	eq(await choices.count(), 2, 'contracts to choose from');
	await submit(page, () => page.getByRole('link', { name: new RegExp(`^${esc(SERVICE[1])},`) }).click());
	eq(urlOf(page), `/places/new?contract=${ctx.c1}`, 'the contract chosen');
	check(squash(await page.locator('main p.lead').innerText()).includes(SERVICE[1]), 'the form names the contract');
	const munis = (await page.getByLabel('Municipality').locator('option').allInnerTexts()).map(squash).filter((x) => x !== 'Choose');
	eq(JSON.stringify(munis.sort()), JSON.stringify(['Joensuu', 'Kitee', 'Kontiolahti', 'Lieksa', 'Liperi']), 'the municipalities of lot 1');
	await axeCheck('provider', `/places/new?contract=${ctx.c1}`);
	ctx.p1 = await fillPlace(page, {
		title: PLACE1, description: 'Huonekalujen kunnostusta, pienpuutöitä ja tilaustöitä ohjaajan kanssa. Sopii myös aloittelijalle.',
		municipality: 'Joensuu', street: 'Koulukatu 5, 80100 Joensuu', tasks: ['carpentry'], taskWords: 'huonekalujen kunnostus, maalaus',
		days: ['Monday', 'Wednesday', 'Friday'], hours: ['4', '6'], capacity: '2', languages: ['Finnish', 'Swedish'],
		accessibility: 'Esteetön sisäänkäynti pihan puolelta.', contact: 'Pekka Puusepp', phone: '040 111 2222',
		email: 'pekka@kanerva.example',
	});
	eq(squash(await page.locator('main h1').innerText()), PLACE1, 'h1');
	eq(await fact(page, 'Weekdays'), 'Mon, Wed, Fri', 'weekdays');
	eq(await fact(page, 'Languages'), 'Finnish, Swedish', 'languages');
	eq(await fact(page, 'Clients at the same time'), '2', 'capacity');
	eq(await fact(page, 'Status'), 'Open', 'status');
	check((await fact(page, 'Work tasks')).includes('carpentry'), `tasks: ${await fact(page, 'Work tasks')}`);
	return page;
});

step('provider-place-2', `provider lists "${PLACE2}" (Lieksa, Tue/Thu) under the lot 2 contract; both on "Our places"`, async () => {
	need('p1');
	const page = await as('provider');
	await goto(page, '/places/new');
	await submit(page, () => page.getByRole('link', { name: new RegExp(`^${esc(SERVICE[2])},`) }).click());
	eq(urlOf(page), `/places/new?contract=${ctx.c2}`, 'the contract chosen');
	ctx.p2 = await fillPlace(page, {
		title: PLACE2, description: 'Puusepäntöitä ja toimistotöitä, sosionomin yksilöllinen tuki kerran viikossa.',
		municipality: 'Lieksa', street: 'Pielisentie 3, 81700 Lieksa', tasks: ['carpentry', 'office'], taskWords: '',
		days: ['Tuesday', 'Thursday'], hours: ['4', '5'], capacity: '1', languages: ['Finnish'],
		accessibility: '', contact: 'Pekka Puusepp', phone: '', email: 'pekka@kanerva.example',
	});
	eq(await fact(page, 'Weekdays'), 'Tue, Thu', 'weekdays');
	eq(await fact(page, 'Form of the service'), 'Individual', 'form from the contract');
	await goto(page, '/places');
	const rows = await tableRows(page.locator('main table'));
	eq(JSON.stringify(rows.map((r) => [r[0], r[1], r[4]]).sort()), JSON.stringify([[PLACE2, 'Lieksa', '1 / 1'],
		[PLACE1, 'Joensuu', '2 / 2']].sort()), '"Our places"');
	return page;
});

step('caseworker-search-puu', 'caseworker searches "puu": both places are found', async () => {
	need('p1', 'p2');
	const page = await as('caseworker');
	await goto(page, '/');
	await submit(page, () => page.getByRole('link', { name: 'Search the catalogue of places' }).click());
	const r = await search(page, 'puu');
	eq(r.total, 2, `places found for "puu" (${r.titles})`);
	eq(JSON.stringify([...r.titles].sort()), JSON.stringify([PLACE1, PLACE2].sort()), 'the places found');
	await axeCheck('caseworker', '/places?q=puu');
	return page;
});

step('caseworker-search-snickeri', 'caseworker searches the Swedish task name "snickeri": Puutyöpaja is found', async () => {
	need('p1');
	const page = await as('caseworker');
	const r = await search(page, 'snickeri');
	check(r.titles.includes(PLACE1), `"snickeri" does not find ${PLACE1}: ${JSON.stringify(r.titles)}`);
	return page;
});

step('caseworker-filters', 'filters narrow: "puu" in Joensuu, Swedish only, open on Tuesday, the service', async () => {
	need('p1', 'p2');
	const page = await as('caseworker');
	let r = await search(page, 'puu', { Language: 'Swedish' });
	eq(JSON.stringify(r.titles), JSON.stringify([PLACE1]), '"puu" with Swedish');
	r = await search(page, 'puu', { 'Open on': 'Tuesday' });
	eq(JSON.stringify(r.titles), JSON.stringify([PLACE2]), '"puu" open on Tuesday');
	r = await search(page, 'puu', { Service: SERVICE[2] });
	eq(JSON.stringify(r.titles), JSON.stringify([PLACE2]), '"puu" with the service of lot 2');
	r = await search(page, 'puu', { Municipality: 'Joensuu' });
	eq(JSON.stringify(r.titles), JSON.stringify([PLACE1]), '"puu" in Joensuu');
	// The filter is kept on the results page.
	eq(await page.getByRole('search').getByLabel('Municipality').evaluate((s) => s.options[s.selectedIndex].text), 'Joensuu',
		'the municipality filter kept');
	const row = squash(await page.locator('main tr.result').first().innerText());
	for (const want of [ORG, 'Joensuu', 'Mon, Wed, Fri', 'Finnish, Swedish', '2 / 2'])
		check(row.includes(want), `the result row lacks "${want}": ${row}`);
	return page;
});

step('caseworker-place-page', `caseworker opens "${PLACE1}": 2 free seats and "Place a client here"`, async () => {
	need('p1');
	const page = await as('caseworker');
	await search(page, 'puu', { Municipality: 'Joensuu' });
	await submit(page, () => page.getByRole('link', { name: PLACE1, exact: true }).click());
	eq(pathOf(page), `/places/${ctx.p1}`, 'the result link');
	eq(await fact(page, 'Provider'), ORG, 'provider');
	eq(await fact(page, 'Hours per day'), '4–6 h a day', 'hours');
	check(await page.locator('main form[action$="/status"]').count() === 0, 'a status form for the caseworker');
	const seats = squash(await page.getByRole('region', { name: 'Seats and placements' }).innerText());
	check(seats.includes('Free seats: 2 / 2'), `seats: ${seats}`);
	await axeCheck('caseworker', `/places/${ctx.p1}`);
	return page;
});

step('caseworker-places-client', `caseworker places ${CLIENT.ref} (start today, Mon and Wed, 5 hours): waiting for the provider`, async () => {
	need('p1');
	const page = await as('caseworker');
	await goto(page, `/places/${ctx.p1}`);
	await submit(page, () => page.getByRole('link', { name: 'Place a client here' }).click());
	eq(urlOf(page), `/placements/new?place=${ctx.p1}`, 'the link');
	const days = page.getByRole('group', { name: /^Days of the week/ });
	eq(JSON.stringify((await days.locator('label').allInnerTexts()).map(squash)), JSON.stringify(['Monday', 'Wednesday', 'Friday']),
		'the days offered');
	eq(JSON.stringify(await page.getByLabel('Hours a day').locator('option').allInnerTexts()), JSON.stringify(['4', '5', '6']), 'hours offered');
	eq(await page.getByLabel('Start date').inputValue(), ctx.today, 'start date prefilled');
	await axeCheck('caseworker', `/placements/new?place=${ctx.p1}`);
	await page.getByLabel('Client number').fill(CLIENT.ref);
	await page.getByLabel("Client's name").fill(CLIENT.name);
	await page.getByLabel('Start date').fill(ctx.today);
	await page.getByLabel('Decision date').fill(ctx.today);
	await days.getByLabel('Monday').check();
	await days.getByLabel('Wednesday').check();
	await page.getByLabel('Hours a day').selectOption('5');
	await submit(page, () => page.getByRole('button', { name: 'Place the client' }).click());
	check(!(await pageErrors(page)), `placing: ${await pageErrors(page)}`);
	const m = /^\/placements\/(\d+)\?msg=created$/.exec(urlOf(page));
	check(m, `after placing at ${urlOf(page)}`);
	ctx.pl = Number(m[1]);
	ctx.end1 = periodEnd(ctx.today, 3);
	eq(squash(await page.locator('main h1').innerText()), `Placement: ${CLIENT.name}`, 'h1');
	eq(await fact(page, 'Client number'), CLIENT.ref, 'client number');
	eq(await fact(page, 'Status'), 'Waiting for the provider', 'status');
	eq(await fact(page, 'Days of the week'), 'Monday, Wednesday', 'days');
	eq(await fact(page, 'Start date'), fiDate(ctx.today), 'start');
	const periods = await tableRows(page.locator('main table', { has: page.locator('caption', { hasText: 'Decision periods' }) }));
	eq(periods.length, 1, 'periods');
	eq(JSON.stringify(periods[0].slice(0, 3)), JSON.stringify([`${fiDate(ctx.today)}–${fiDate(ctx.end1)}`, '3', fiDate(ctx.today)]),
		'the first period (3 months)');
	check(await page.locator('main form[action$="/confirm"]').count() === 0, 'a confirm form for the caseworker');
	return page;
});

step('provider-notification', 'provider sees the new placement on the home page (no client name or number in the notification)', async () => {
	need('pl');
	const page = await as('provider');
	const notes = await homeNotes(page);
	const note = notes.find((x) => x.href === `/placements/${ctx.pl}`);
	check(note, `no notification links /placements/${ctx.pl}: ${JSON.stringify(notes)}`);
	check(note.isNew, `not marked new: ${note.text}`);
	check(note.text.endsWith(`A new client has been placed in "${PLACE1}".`), `the notification: ${note.text}`);
	const region = squash(await page.getByRole('region', { name: 'Notifications' }).innerText());
	check(!region.includes(CLIENT.name) && !region.includes(CLIENT.ref) && !region.includes('Aino'),
		`client data among the notifications: ${region}`);
	await page.getByRole('heading', { name: 'Notifications' }).scrollIntoViewIfNeeded();
	await shoot(page, `${env.nn}-provider-notification-home`);
	await submit(page, () => page.getByRole('link', { name: `A new client has been placed in "${PLACE1}".` }).click());
	eq(pathOf(page), `/placements/${ctx.pl}`, 'the notification link');
	eq(await fact(page, 'Client'), CLIENT.name, 'the provider sees the client');
	eq(await fact(page, 'Client number'), CLIENT.ref, 'and the number');
	await axeCheck('provider', `/placements/${ctx.pl}`);
	return page;
});

step('provider-confirms', 'provider confirms the start: the placement is active, on its list and on the place page', async () => {
	need('pl');
	const page = await as('provider');
	await goto(page, '/placements');
	const row = page.locator('main table tbody tr', { hasText: CLIENT.ref });
	eq(await row.count(), 1, 'the client on the provider\'s list');
	check(squash(await row.innerText()).includes('Waiting for the provider'), `list row: ${squash(await row.innerText())}`);
	await submit(page, () => row.getByRole('link', { name: CLIENT.name }).click());
	await submit(page, () => page.getByRole('button', { name: 'Confirm the start' }).click());
	eq(urlOf(page), `/placements/${ctx.pl}?msg=confirmed`, 'after confirming');
	eq(await fact(page, 'Status'), 'Active', 'status');
	check((await fact(page, 'Start confirmed by the provider')).length > 0, 'no confirmation time');
	check(await page.locator('main form[action$="/confirm"]').count() === 0, 'the confirm form is still there');
	await goto(page, `/places/${ctx.p1}`);
	const seats = page.getByRole('region', { name: 'Seats and placements' });
	check(squash(await seats.innerText()).includes('Free seats: 1 / 2'), `seats: ${squash(await seats.innerText())}`);
	check(squash(await seats.innerText()).includes(CLIENT.name), 'the client is not on the place page');
	ctx.confirmed = true;
	return page;
});

step('caseworker-renew-12-refused', 'caseworker: 12 months is not offered before 2 years in the service, and refused if sent', async () => {
	need('confirmed', 'end1');
	const page = await as('caseworker');
	await goto(page, '/placements');
	const row = page.locator('main table tbody tr', { hasText: CLIENT.ref });
	check(await row.count() >= 1, 'the client on the caseworker\'s list');
	await submit(page, () => row.first().getByRole('link', { name: CLIENT.name }).click());
	eq(pathOf(page), `/placements/${ctx.pl}`, 'the list link');
	eq(await fact(page, 'Status'), 'Active', 'status');
	await axeCheck('caseworker', `/placements/${ctx.pl}`);
	const renew = page.locator(`form[action="/placements/${ctx.pl}/renew"]`);
	const twelve = renew.getByLabel(/^12 months/);
	check(await twelve.isDisabled(), '12 months is not disabled');
	ctx.next = isoAdd(ctx.end1, 1);
	eq(squash(await renew.locator('label[for="months3"]').innerText()), `3 months: ${fiDate(ctx.next)}–${fiDate(periodEnd(ctx.next, 3))}`,
		'the 3-month choice');
	const hint = squash(await renew.locator('#months12-hint').innerText());
	check(hint.length > 0, 'no hint why 12 months is not offered');
	// As a crafted request would: the disabled choice enabled and sent.
	await twelve.evaluate((el) => { el.disabled = false; });
	await twelve.check();
	await submit(page, () => renew.getByRole('button', { name: 'Renew' }).click(), 422);
	const err = await page.getByRole('group', { name: /^Length of the new period/ }).locator('legend .error').innerText();
	eq(squash(err), 'A 12-month period is possible only after 2 years in the service. Choose 3 months.', 'the refusal');
	const periods = await tableRows(page.locator('main table', { has: page.locator('caption', { hasText: 'Decision periods' }) }));
	eq(periods.length, 1, 'periods after the refusal');
	ctx.hint12 = hint;
	return page;
});

step('caseworker-renews-3', 'caseworker renews the decision period for 3 months', async () => {
	need('confirmed', 'next');
	const page = await as('caseworker');
	await goto(page, `/placements/${ctx.pl}`);
	const renew = page.locator(`form[action="/placements/${ctx.pl}/renew"]`);
	await renew.getByLabel(/^3 months/).check();
	await renew.getByLabel('Decision date').fill(ctx.today);
	await submit(page, () => renew.getByRole('button', { name: 'Renew' }).click());
	check(!(await pageErrors(page)), `renewal: ${await pageErrors(page)}`);
	eq(urlOf(page), `/placements/${ctx.pl}?msg=renewed`, 'after renewing');
	const periods = await tableRows(page.locator('main table', { has: page.locator('caption', { hasText: 'Decision periods' }) }));
	eq(JSON.stringify(periods.map((p) => p.slice(0, 3))), JSON.stringify([
		[`${fiDate(ctx.today)}–${fiDate(ctx.end1)}`, '3', fiDate(ctx.today)],
		[`${fiDate(ctx.next)}–${fiDate(periodEnd(ctx.next, 3))}`, '3', fiDate(ctx.today)],
	]), 'the periods');
	check((await mainText(page)).includes('The next decision period has been decided already.'), 'no note of the decided period');
	check(await page.locator(`form[action="/placements/${ctx.pl}/renew"]`).count() === 0, 'a renew form for a period ahead');
	ctx.renewed = true;
	return page;
});

// After the renewal the period running today is still the first one; the
// renewed one starts in 3 months. The page's "Current decision period"
// shows the latest period (pl_load in cgi-bin/catalogue/placements.c
// loads it as period_start/period_end), so today it names a period that
// has not started.
step('current-period-after-renewal', '"Current decision period" after the renewal is the period running today, not the one ahead', async () => {
	need('renewed');
	const page = await as('caseworker');
	await goto(page, `/placements/${ctx.pl}`);
	eq(await fact(page, 'Current decision period'), `${fiDate(ctx.today)}–${fiDate(ctx.end1)}`, 'the current decision period');
	return page;
});

step('caseworker-ends', 'caseworker ends the placement today with the outcome "Started studies leading to a degree"', async () => {
	need('confirmed');
	const page = await as('caseworker');
	await goto(page, `/placements/${ctx.pl}`);
	const end = page.locator(`form[action="/placements/${ctx.pl}/end"]`);
	await end.getByLabel('Last day').fill(ctx.today);
	await end.getByLabel('Outcome').selectOption({ label: 'Started studies leading to a degree' });
	await submit(page, () => end.getByRole('button', { name: 'End the placement' }).click());
	check(!(await pageErrors(page)), `ending: ${await pageErrors(page)}`);
	eq(urlOf(page), `/placements/${ctx.pl}?msg=ended`, 'after ending');
	eq(await fact(page, 'Status'), 'Ended', 'status');
	eq(await fact(page, 'Ended on'), fiDate(ctx.today), 'ended on');
	eq(await fact(page, 'Outcome'), 'Started studies leading to a degree', 'outcome');
	check(await page.locator('main form[action^="/placements/"]').count() === 0, 'forms on an ended placement');
	await goto(page, '/placements?show=past');
	check(squash(await page.locator('main table').innerText()).includes(CLIENT.ref), 'not on the caseworker\'s past list');
	await goto(page, `/placements/${ctx.pl}`);
	ctx.ended = true;
	return page;
});

step('provider-client-gone', 'provider no longer sees the client: not listed, 404, place page free, notification without the name', async () => {
	need('ended');
	const page = await as('provider');
	const notes = await homeNotes(page);
	const ended = notes.find((x) => x.text.endsWith(`A placement in "${PLACE1}" has ended.`));
	check(ended, `no notification of the ending: ${JSON.stringify(notes.map((x) => x.text))}`);
	for (const x of notes)
		check(!x.text.includes(CLIENT.name) && !x.text.includes(CLIENT.ref), `client data in a notification: ${x.text}`);
	await goto(page, '/placements');
	const text = await mainText(page);
	check(!text.includes(CLIENT.name) && !text.includes(CLIENT.ref), 'the client is still on the provider\'s list');
	await goto(page, `/placements/${ctx.pl}`, 404);
	await goto(page, `/places/${ctx.p1}`);
	const seats = squash(await page.getByRole('region', { name: 'Seats and placements' }).innerText());
	check(seats.includes('Free seats: 2 / 2') && !seats.includes(CLIENT.name), `place page: ${seats}`);
	await goto(page, '/placements');
	return page;
});

// The e-mails of the flow, decoded: none carries the client's name or
// number (placement_new.c: "the e-mail does not name the client"), and
// the provider was told of the new placement.
step('emails-without-client', 'the e-mails of the flow carry no client name or number; the provider was told of the placement', async () => {
	need('pl');
	const dir = path.join(env.dir, 'mail');
	const link = `/placements/${ctx.pl}`;
	let mails = [];
	const t0 = Date.now();
	for (;;) {
		const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
		mails = files.map((f) => readMail(path.join(dir, f)));
		if (mails.some((m) => m.body.includes(link)) || Date.now() - t0 > 8000)
			break;
		await new Promise((r) => setTimeout(r, 250));
	}
	const placed = mails.filter((m) => m.body.includes(link) && m.to === 'pekka@kanerva.example');
	check(placed.length >= 1, `no e-mail to the provider links ${link}: ${JSON.stringify(mails.map((m) => [m.to, m.subject]))}`);
	check(placed.some((m) => m.body.includes(PLACE1) || m.subject.includes(PLACE1)), `the e-mail does not name the place: ${placed[0].body}`);
	for (const m of mails)
		check(![CLIENT.name, CLIENT.ref, 'Aino'].some((x) => m.body.includes(x) || m.subject.includes(x)),
			`${m.file} to ${m.to} carries client data: ${m.subject} ${m.body.slice(0, 300)}`);
	return as('provider');
});

// --- the runner -----------------------------------------------------------------

runSuite(tests, {
	tmp: 'paikka-cflow-', shots: 'cflow', flow: true, timeout: 60000,
	// The real time: renewals need the current period to have started.
	started: () => { paikkactl('clock', '0'); },
});
