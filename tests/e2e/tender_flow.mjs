// The whole tendering flow in a real browser, one step after another:
// an officer prepares and publishes a tender with two lots, an anonymous
// visitor finds it, two providers ask questions and bid (one withdraws
// and resubmits), the bids stay sealed until the deadline, the clock moves
// past it, and the officer opens, qualifies, scores, compares, chooses
// the framework and publishes the award decision, which the providers see
// on the site and receive by e-mail. axe-core (WCAG 2.1 A/AA) runs on the
// main pages of the flow.
//   node tests/e2e/tender_flow.mjs     (B selects the build, default build)
// Starts its own stack with tests/stack/stack.sh in a temporary folder and
// stops it (and the browser) at the end; the stack's folder is kept when a
// step fails. One full-page screenshot per step goes to
// tests/out/screenshots/flow-NN-<step>.png. CHROMIUM names the browser
// (default /usr/bin/chromium); E2E_TIMES=1 prints timings.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
	as, axeCheck, check, closeAll, env, eq, fiDate, goto, helsinkiIso, isoAdd, mainText, pageErrors,
	paikkactl, pathOf, readMail, registry, runSuite, shoot as shootPage, sqlValue, squash, submit,
} from './lib.mjs';

const TITLE = 'Kuntouttava työtoiminta, Keski-Karjala 2027–2028';
const ORG = { provider: 'Puutyöpaja Kanerva ry', kierratys: 'Kiteen Kierrätysosuuskunta' };
const MAIL = { provider: 'pekka@kanerva.example', kierratys: 'kaisa@kierratys.example',
	diakonia: 'liisa@diakonia.example' };
// Texts that only a bid contains: none may show before the opening.
const MARK = { provider: `SINETÖITY-${randomBytes(5).toString('hex')}`,
	kierratys: `SINETÖITY-${randomBytes(5).toString('hex')}` };
const QUESTION = { provider: 'Voiko osa-alueen 1 palvelun järjestää myös Tohmajärvellä?',
	kierratys: 'Hyväksytäänkö kaupparekisteriote, joka on kolme kuukautta vanha?' };
const ANSWER = 'Ei voi: osa-alueen 1 kunnat ovat Joensuu, Kitee ja Liperi.';
const SERVICE = { 1: 'Work-activity place and guidance of the work',
	2: 'Work-activity place and guidance with professional social-work support' };

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

// A small valid PDF with one empty page and a correct xref table.
function makePdf(text) {
	const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> % ${text}`];
	let s = '%PDF-1.4\n';
	const offsets = [];
	objs.forEach((o, i) => {
		offsets.push(Buffer.byteLength(s, 'latin1'));
		s += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = Buffer.byteLength(s, 'latin1');
	s += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
	for (const off of offsets) s += `${String(off).padStart(10, '0')} 00000 n \n`;
	s += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(s, 'latin1');
}

// --- dates in Helsinki and the standstill rule (as tests/stack/tender_award.mjs) ---

const weekday = (iso) => ((new Date(iso + 'T00:00:00Z').getUTCDay() + 6) % 7) + 1; // Mon 1 .. Sun 7

function easter(y) {
	const a = y % 19, b = Math.floor(y / 100), c = y % 100, d = Math.floor(b / 4), e = b % 4;
	const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
	return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function finnishHoliday(iso) {
	const y = Number(iso.slice(0, 4)), md = iso.slice(5);
	if (['01-01', '01-06', '05-01', '12-06', '12-24', '12-25', '12-26'].includes(md)) return true;
	const e = easter(y);
	if ([-2, 0, 1, 39, 49].some((n) => isoAdd(e, n) === iso)) return true;
	const wd = weekday(iso);
	if (wd === 5 && md >= '06-19' && md <= '06-25') return true;
	if (wd === 6 && md >= '06-20' && md <= '06-26') return true;
	if (wd === 6 && (md === '10-31' || (md >= '11-01' && md <= '11-06'))) return true;
	return false;
}

function standstillEnd(decisionIso, days = 14) {
	let d = isoAdd(decisionIso, days);
	while (weekday(d) >= 6 || finnishHoliday(d)) d = isoAdd(d, 1);
	return d;
}

// --- page helpers ---------------------------------------------------------------

const shoot = (page, name) => shootPage(page, `flow-${name}`);

// --- the steps ---------------------------------------------------------------------

const ctx = {};
const { tests, step } = registry();
function need(...keys) {
	for (const k of keys)
		check(ctx[k] !== undefined, `skipped: needs ${k} from an earlier step`);
}

step('officer-draft', 'officer creates a draft with the contract period and deadlines (questions +2 d, bids +5 d at 12:00)', async () => {
	const page = await as('officer');
	await goto(page, '/tenders');
	await submit(page, () => page.getByRole('main').getByRole('link', { name: 'New tender' }).click());
	eq(pathOf(page), '/tenders/new', 'the New tender link');
	const today = helsinkiIso(Date.now() / 1000);
	ctx.questionsDate = isoAdd(today, 2);
	ctx.bidsDate = isoAdd(today, 5);
	await page.getByLabel('Title in Finnish').fill(TITLE);
	await page.getByLabel('Title in Swedish (optional)').fill('Arbetsverksamhet i rehabiliteringssyfte, Mellersta Karelen 2027–2028');
	await page.getByLabel('Description in Finnish').fill('Hyvinvointialue hankkii kuntouttavaa työtoimintaa kahdessa osa-alueessa.\n\nOsa-alueessa 1 hinta on kiinteä.');
	await page.getByLabel('Start date').fill('2027-01-01');
	await page.getByLabel('End date').fill('2028-12-31');
	await page.getByLabel('Extension options (optional)').fill('Yksi optiovuosi.');
	await page.getByLabel('Deadline for questions: date').fill(ctx.questionsDate);
	await page.getByLabel('Deadline for questions: time').fill('12:00');
	await page.getByLabel('Deadline for bids: date').fill(ctx.bidsDate);
	await page.getByLabel('Deadline for bids: time').fill('12:00');
	await submit(page, () => page.getByRole('button', { name: 'Create the draft' }).click());
	const m = /^\/tenders\/(\d+)$/.exec(pathOf(page));
	check(m, `after creating at ${page.url()}`);
	ctx.tid = Number(m[1]);
	ctx.t = `/tenders/${ctx.tid}`;
	eq(squash(await page.locator('main h1').innerText()), TITLE, 'h1');
	const text = await mainText(page);
	check(text.includes('This is a draft'), 'no draft notice');
	const facts = squash(await page.locator('main dl.facts').first().innerText());
	for (const want of [`Deadline for questions ${fiDate(ctx.questionsDate)} 12:00`, `Deadline for bids ${fiDate(ctx.bidsDate)} 12:00`,
		'Contract period 01.01.2027 – 31.12.2028'])
		check(facts.includes(want), `the draft page does not show "${want}": ${facts}`);
	return page;
});

// Adds a lot through the form on the tender page; returns its page.
async function addLot(page, lot) {
	await goto(page, ctx.t);
	const form = page.locator(`form[action="${ctx.t}/lots"]`);
	await form.getByLabel('Service', { exact: true }).selectOption({ label: SERVICE[lot.service] });
	await form.getByLabel('Title of the lot (optional)').fill(lot.title);
	await form.getByLabel('Form of the service').selectOption(lot.form);
	for (const m of lot.munis)
		await form.getByLabel(m, { exact: true }).check();
	await form.getByLabel('Estimated days per year').fill(lot.days);
	if (lot.fixed) {
		await form.getByLabel('A fixed price set by the buyer: the competition is on quality only').check();
		await form.getByLabel('Fixed price per day, €').fill(lot.fixed);
	} else {
		await form.getByLabel('The bidder offers a price').check();
		await form.getByLabel('Highest accepted price per day, € (optional)').fill(lot.ceiling);
	}
	await form.getByLabel('Price weight, points').fill(lot.weight);
	await submit(page, () => form.getByRole('button', { name: 'Add the lot' }).click());
	const m = new RegExp(`^${ctx.t}/lots/(\\d+)$`).exec(pathOf(page));
	check(m, `adding the lot went to ${page.url()}: ${await pageErrors(page)}`);
	for (const [text, points] of lot.criteria) {
		await page.getByLabel('Criterion in Finnish').fill(text);
		await page.getByLabel('Maximum points').fill(points);
		await submit(page, () => page.getByRole('button', { name: 'Add the criterion' }).click());
		check(!(await pageErrors(page)), `criterion ${points}: ${await pageErrors(page)}`);
	}
	const text = await mainText(page);
	check(text.includes('100 points of 100'), `lot ${lot.title}: the points do not add up to 100: ${text.slice(0, 200)}`);
	return Number(m[1]);
}

step('officer-lots', 'officer adds lot 1 (fixed 10,09 €, weight 0, criteria 60 + 40) and lot 2 (ceiling 30,00 €, weight 40, criteria 30 + 30)', async () => {
	need('tid');
	const page = await as('officer');
	ctx.lot1 = await addLot(page, {
		service: 1, title: 'Työtoimintapaikka ja ohjaus', form: 'both', days: '8000', fixed: '10,09', weight: '0',
		munis: ['Joensuu', 'Kitee', 'Liperi'],
		criteria: [['Työtehtävien monipuolisuus ja ohjauksen laatu', '60'], ['Toimipaikan saavutettavuus', '40']],
	});
	ctx.lot2 = await addLot(page, {
		service: 2, title: 'Ammatillinen tuki', form: 'individual', days: '2500', ceiling: '30,00', weight: '40',
		munis: ['Joensuu', 'Outokumpu'],
		criteria: [['Sosiaalialan tuen sisältö', '30'], ['Henkilöstön koulutus', '30']],
	});
	await goto(page, ctx.t);
	const text = await mainText(page);
	for (const want of ['Lot 1: Työtoimintapaikka ja ohjaus', 'Lot 2: Ammatillinen tuki', '10.09', '30.00',
		'Joensuu', 'Kitee', 'Liperi', 'Outokumpu', 'Työtehtävien monipuolisuus', 'Henkilöstön koulutus'])
		check(text.includes(want), `the tender page lacks "${want}"`);
	await page.locator('#lots').scrollIntoViewIfNeeded();
	return page;
});

step('officer-requirements-document', 'officer adds two requirements (one needs an attachment) and a PDF tender document', async () => {
	need('tid');
	const page = await as('officer');
	await goto(page, ctx.t);
	const reqForm = page.locator(`form[action="${ctx.t}/requirements"]`);
	await reqForm.getByLabel('Requirement in Finnish').fill('Tarjoaja on merkitty kaupparekisteriin ja ennakkoperintärekisteriin.');
	await reqForm.getByLabel(/The bidder must attach a document/).check();
	await submit(page, () => reqForm.getByRole('button', { name: 'Add the requirement' }).click());
	check(!(await pageErrors(page)), `requirement 1: ${await pageErrors(page)}`);
	await page.locator(`form[action="${ctx.t}/requirements"]`).getByLabel('Requirement in Finnish')
		.fill('Ohjaajilla on alan koulutus tai vähintään kahden vuoden kokemus.');
	await submit(page, () => page.getByRole('button', { name: 'Add the requirement' }).click());
	check(!(await pageErrors(page)), `requirement 2: ${await pageErrors(page)}`);
	ctx.docPdf = makePdf('Tarjouspyyntö, Keski-Karjala');
	const docForm = page.locator(`form[action="${ctx.t}/files"]`);
	await docForm.getByLabel('PDF file, at most 10 MB').setInputFiles({ name: 'tarjouspyynto.pdf', mimeType: 'application/pdf', buffer: ctx.docPdf });
	await docForm.getByLabel(/^Title \(optional/).fill('Tarjouspyyntö');
	await submit(page, () => docForm.getByRole('button', { name: 'Upload', exact: true }).click());
	check(!(await pageErrors(page)), `document: ${await pageErrors(page)}`);
	const reqs = await page.locator('#requirements + p + ol > li').allInnerTexts();
	eq(reqs.length, 2, 'requirements listed');
	check(reqs[0].includes('An attachment is required.') && reqs[1].includes('No attachment needed.'), `requirements: ${JSON.stringify(reqs)}`);
	const docs = squash(await page.locator('#documents ~ ul').first().innerText());
	check(docs.includes('Tarjouspyyntö') && docs.includes(sha256(ctx.docPdf)), `the document and its SHA-256 are not listed: ${docs}`);
	await page.locator('#documents').scrollIntoViewIfNeeded();
	return page;
});

step('officer-publish', 'officer publishes the tender', async () => {
	need('tid', 'lot1', 'lot2');
	const page = await as('officer');
	await goto(page, ctx.t);
	const problems = await page.locator('#publish ~ div ul li').allInnerTexts();
	check(problems.length === 0, `the publish checks list problems: ${JSON.stringify(problems)}`);
	check((await mainText(page)).includes('Everything needed is in place.'), 'no "Everything needed is in place."');
	await submit(page, () => page.getByRole('button', { name: 'Publish', exact: true }).click());
	eq(pathOf(page), ctx.t, 'after publishing');
	const text = await mainText(page);
	check(!text.includes('This is a draft'), 'still a draft');
	check(text.includes('Open for bids'), `no "Open for bids": ${text.slice(0, 200)}`);
	check(await page.locator(`form[action="${ctx.t}/publish"]`).count() === 0, 'the publish form is still there');
	ctx.published = true;
	return page;
});

step('anon-public', 'an anonymous visitor finds the tender on the public list and downloads its document', async () => {
	need('published');
	const page = await as('anon');
	await goto(page, '/tenders');
	const row = page.locator('main table tr', { has: page.getByRole('link', { name: TITLE }) });
	check(await row.count() === 1, 'the tender is not on the public list');
	check(squash(await row.innerText()).includes('Open for bids'), 'its status on the list');
	await submit(page, () => row.getByRole('link', { name: TITLE }).click());
	eq(pathOf(page), ctx.t, 'the link');
	const text = await mainText(page);
	for (const want of ['Lot 1: Työtoimintapaikka ja ohjaus', 'Lot 2: Ammatillinen tuki', '10.09', '30.00',
		'Tarjoaja on merkitty kaupparekisteriin', 'Tarjouspyyntö'])
		check(text.includes(want), `the public page lacks "${want}"`);
	check(await page.locator('main form').count() === 0, 'a form on the anonymous page');
	const href = await page.getByRole('link', { name: 'Tarjouspyyntö' }).getAttribute('href');
	const res = await page.request.get(href);
	eq(res.status(), 200, 'the document download');
	eq(sha256(await res.body()), sha256(ctx.docPdf), 'SHA-256 of the downloaded document');
	await axeCheck('anon', ctx.t);
	return page;
});

async function ask(user) {
	const page = await as(user);
	await goto(page, ctx.t);
	await page.getByLabel('Ask a question').fill(QUESTION[user]);
	await submit(page, () => page.getByRole('button', { name: 'Send the question' }).click());
	eq(pathOf(page), ctx.t, `${user}: after asking`);
	const text = await mainText(page);
	check(text.includes('Your question has been sent'), `${user}: no confirmation`);
	check(text.includes(QUESTION[user]), `${user}: the own question is not listed`);
	const other = user === 'provider' ? 'kierratys' : 'provider';
	check(!text.includes(QUESTION[other]), `${user} sees the other provider's unanswered question`);
	return page;
}

step('providers-ask', "two providers ('provider', 'kierratys') each ask a question", async () => {
	need('published');
	await ask('provider');
	return ask('kierratys');
});

step('officer-answers', 'officer answers one question; the answer is public without the asker', async () => {
	need('published');
	const page = await as('officer');
	await goto(page, ctx.t);
	const waiting = squash(await page.locator('#unanswered').locator('xpath=following-sibling::*').allInnerTexts().then((a) => a.join(' ')));
	for (const u of ['provider', 'kierratys'])
		check(waiting.includes(QUESTION[u]) && waiting.includes(ORG[u]), `the officer does not see ${u}'s question and who asked`);
	const form = page.locator(`xpath=//h3[contains(., "${ORG.provider}")]/following-sibling::form[1]`);
	await form.getByLabel('Answer').fill(ANSWER);
	await submit(page, () => form.getByRole('button', { name: 'Publish the answer' }).click());
	check((await mainText(page)).includes('The answer has been published.'), 'no confirmation');
	await axeCheck('officer', ctx.t);
	const anon = await as('anon');
	await goto(anon, ctx.t);
	const qa = squash(await anon.locator('#questions').locator('xpath=following-sibling::*').allInnerTexts().then((a) => a.join(' ')));
	check(qa.includes(QUESTION.provider) && qa.includes(ANSWER), 'the question and its answer are not public');
	const pub = await mainText(anon);
	for (const name of [ORG.provider, 'Pekka Puusepp', ORG.kierratys, 'Kaisa Kierto'])
		check(!pub.includes(name), `the public page names "${name}"`);
	check(!pub.includes(QUESTION.kierratys), 'the unanswered question is public');
	await anon.locator('#questions').scrollIntoViewIfNeeded();
	return anon;
});

step('provider-document', "provider uploads a reusable document on /tenders/documents", async () => {
	const page = await as('provider');
	await goto(page, '/tenders/documents');
	ctx.provDoc = makePdf('Kaupparekisteriote Puutyöpaja Kanerva');
	await page.getByLabel('What the document is').fill('Kaupparekisteriote 11/2026');
	await page.getByLabel('PDF file (at most 10 MB)').setInputFiles({ name: 'kaupparekisteriote.pdf', mimeType: 'application/pdf', buffer: ctx.provDoc });
	await submit(page, () => page.getByRole('button', { name: 'Upload', exact: true }).click());
	eq(pathOf(page), '/tenders/documents', 'after the upload');
	const row = page.locator('main table tbody tr', { hasText: 'Kaupparekisteriote 11/2026' });
	check(await row.count() === 1, 'the document is not listed');
	check(squash(await row.innerText()).includes(sha256(ctx.provDoc)), 'its SHA-256 is not shown');
	await axeCheck('provider', '/tenders/documents');
	return page;
});

// Fills and saves the bid form: lots, prices, capacities, work texts,
// answers, confirmations and the attachment (doc: a document's kind to
// choose, or file: a PDF to upload in the form).
async function fillBid(page, user, { price, doc, file }) {
	await goto(page, ctx.t);
	await submit(page, () => page.getByRole('link', { name: 'Start a bid' }).click());
	eq(pathOf(page), `${ctx.t}/bid`, `${user}: the Start a bid link`);
	const lot1 = page.getByRole('group', { name: /^Lot 1:/ });
	const lot2 = page.getByRole('group', { name: /^Lot 2:/ });
	await lot1.getByLabel('We bid for this lot').check();
	await lot1.getByLabel('Clients at the same time').fill(user === 'provider' ? '6' : '4');
	await lot1.getByLabel('Where and what kind of work').fill(`${ORG[user]}: puutöitä ja kierrätystä Joensuussa. ${MARK[user]}`);
	await lot1.getByLabel(/^Criterion 1 /).fill(`Monipuoliset työtehtävät, ohjaaja paikalla koko päivän. ${MARK[user]}`);
	await lot1.getByLabel(/^Criterion 2 /).fill('Esteetön toimipaikka bussiaseman vieressä.');
	await lot2.getByLabel('We bid for this lot').check();
	await lot2.getByLabel('Price per day (€)').fill(price);
	await lot2.getByLabel('Clients at the same time').fill('2');
	await lot2.getByLabel('Where and what kind of work').fill(`Yksilöllinen tuki työpajalla. ${MARK[user]}`);
	await lot2.getByLabel(/^Criterion 1 /).fill('Sosionomi tukee viikoittain.');
	await lot2.getByLabel(/^Criterion 2 /).fill('Kaksi sosionomia ja yksi lähihoitaja.');
	const req1 = page.getByRole('group', { name: 'Requirement 1', exact: true });
	const req2 = page.getByRole('group', { name: 'Requirement 2', exact: true });
	await req1.getByLabel('We meet this requirement').check();
	await req2.getByLabel('We meet this requirement').check();
	if (doc) {
		const select = req1.getByLabel('Attachment from your documents');
		const value = await select.locator('option', { hasText: doc }).getAttribute('value');
		check(value, `${user}: the document "${doc}" is not offered`);
		await select.selectOption(value);
	}
	if (file)
		await req1.getByLabel('Or upload a new PDF (at most 10 MB)').setInputFiles(file);
	await submit(page, () => page.getByRole('button', { name: 'Save the draft' }).click());
	eq(pathOf(page), `${ctx.t}/bid`, `${user}: after saving`);
	const text = await mainText(page);
	check(text.includes('Your draft has been saved'), `${user}: no "Your draft has been saved": ${await pageErrors(page)}`);
	check(text.includes('Your saved draft is complete and can be submitted.'), `${user}: the draft is not complete: ${text.slice(text.indexOf('Submit'), text.indexOf('Submit') + 400)}`);
}

// Submits the saved bid; returns the receipt {id, hash, url}.
async function submitBid(page, user) {
	await submit(page, () => page.getByRole('button', { name: 'Submit the saved bid' }).click());
	return readReceipt(page, user, 'Your bid has been received');
}

async function readReceipt(page, user, flash) {
	const m = new RegExp(`^${ctx.t}/bid/receipts/(\\d+)$`).exec(pathOf(page));
	check(m, `${user}: no receipt page but ${page.url()}: ${await pageErrors(page)}`);
	const text = await mainText(page);
	check(text.includes(flash), `${user}: no "${flash}"`);
	const hash = (await page.locator('#receipt-hash').innerText()).trim();
	check(/^[0-9a-f]{64}$/.test(hash), `${user}: the receipt shows "${hash}", not a SHA-256`);
	const canonical = await page.locator('#canonical').textContent();
	eq(sha256(Buffer.from(canonical, 'utf8')), hash, `${user}: SHA-256 of the text the receipt shows`);
	return { id: m[1], hash, url: `${ctx.t}/bid/receipts/${m[1]}`, canonical };
}

step('provider-bids', "provider bids on both lots (20,00 € in lot 2, the reusable document attached) and submits: a receipt with a SHA-256", async () => {
	need('published');
	const page = await as('provider');
	await fillBid(page, 'provider', { price: '20,00', doc: 'Kaupparekisteriote 11/2026' });
	await axeCheck('provider', `${ctx.t}/bid`);
	const r = await submitBid(page, 'provider');
	check(r.canonical.includes(`attachment ${sha256(ctx.provDoc)}`), 'the receipt does not cover the attachment');
	check(r.canonical.includes('price 2000'), 'the receipt does not cover the price 20,00 €');
	check(r.canonical.includes(MARK.provider), 'the receipt does not cover the work text');
	ctx.provFirst = r;
	ctx.receipt = { provider: r };
	await axeCheck('provider', r.url);
	return page;
});

step('kierratys-bids', "kierratys bids (25,00 € in lot 2, a PDF uploaded in the bid form) and submits: a receipt with a SHA-256", async () => {
	need('published');
	const page = await as('kierratys');
	ctx.kierPdf = makePdf('Kaupparekisteriote Kiteen Kierrätysosuuskunta');
	await fillBid(page, 'kierratys', { price: '25,00',
		file: { name: 'ote-kierratys.pdf', mimeType: 'application/pdf', buffer: ctx.kierPdf } });
	const r = await submitBid(page, 'kierratys');
	check(r.canonical.includes(`attachment ${sha256(ctx.kierPdf)}`), 'the receipt does not cover the uploaded PDF');
	check(r.canonical.includes('price 2500'), 'the receipt does not cover the price 25,00 €');
	const files = squash(await page.locator('table', { has: page.locator('caption', { hasText: 'Attachments' }) }).innerText());
	check(files.includes('ote-kierratys.pdf') && files.includes(sha256(ctx.kierPdf)), `the attachment is not on the receipt: ${files}`);
	ctx.receipt = { ...ctx.receipt, kierratys: r };
	return page;
});

step('provider-withdraws-resubmits', 'provider withdraws and resubmits: a new receipt, the earlier one superseded', async () => {
	need('provFirst');
	const page = await as('provider');
	await goto(page, `${ctx.t}/bid`);
	await submit(page, () => page.getByRole('button', { name: 'Withdraw the submitted bid' }).click());
	const w = await readReceipt(page, 'provider', 'Receipt of your withdrawal');
	check(w.canonical.startsWith('paikka-withdraw 1\n'), `withdrawal text: ${w.canonical.slice(0, 40)}`);
	await submit(page, () => page.getByRole('link', { name: 'Back to your bid' }).click());
	check(await page.getByRole('button', { name: 'Withdraw the submitted bid' }).count() === 0, 'still a bid to withdraw');
	const r = await submitBid(page, 'provider');
	check(r.id !== ctx.provFirst.id && r.id !== w.id, 'no new receipt');
	check((await mainText(page)).includes('Current: this is the version that counts'), 'the new receipt is not current');
	ctx.receipt.provider = r;
	await goto(page, ctx.provFirst.url);
	check((await mainText(page)).includes('Replaced on'), 'the first receipt does not say it was replaced');
	await goto(page, `${ctx.t}/bid`);
	const rows = (await page.locator('main table tbody tr').allInnerTexts()).map(squash);
	eq(rows.length, 3, `receipts on the bid page (${JSON.stringify(rows)})`);
	eq(rows.filter((x) => /\bcurrent$/.test(x)).length, 1, 'current receipts');
	check(rows.some((x) => x.includes('Withdrawn') && x.includes(w.hash) && /replaced$/.test(x)), 'the withdrawal is not listed as replaced');
	check(rows.some((x) => x.includes(r.hash) && /current$/.test(x) && x.includes('Submitted')), 'the new submission is not current');
	await goto(page, r.url);
	return page;
});

step('sealed-before-deadline', "before the deadline the officer's pages show nothing of the bids", async () => {
	need('receipt');
	const page = await as('officer');
	const forbidden = [MARK.provider, MARK.kierratys, ctx.receipt.provider.hash, ctx.receipt.kierratys?.hash].filter(Boolean);
	for (const url of [ctx.t, '/tenders', '/']) {
		await goto(page, url);
		const html = await page.content();
		for (const f of forbidden)
			check(!html.includes(f), `${url} shows "${f}" before the deadline`);
		const text = await mainText(page);
		check(!/\bbids?\s*(received|:)\s*\d|\b\d+\s+bids?\b|Bids received|Opening and award|Open the bids/i.test(text),
			`${url} shows a bid count or the opening: ${(text.match(/.{0,60}\bbids?\b.{0,60}/gi) || []).join(' | ')}`);
	}
	for (const url of [`${ctx.t}/evaluation`, `${ctx.t}/opening`]) {
		const res = await page.goto(url);
		check(res.status() === 409 || res.status() === 404, `${url}: HTTP ${res.status()} before the deadline`);
		const html = await page.content();
		for (const f of forbidden)
			check(!html.includes(f), `${url} shows "${f}" before the deadline`);
		check(await page.getByRole('button', { name: 'Open the bids' }).count() === 0, `${url} offers to open the bids`);
	}
	await goto(page, ctx.t);
	return page;
});

step('deadline-passes', 'the deadline passes (paikkactl clock); everyone logs in again', async () => {
	need('tid');
	const deadline = Number(sqlValue(`SELECT bids_deadline FROM tenders WHERE id = ${ctx.tid}`));
	eq(helsinkiIso(deadline), ctx.bidsDate, 'the deadline date in Helsinki');
	const hel = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Helsinki', hour: '2-digit', minute: '2-digit' }).format(new Date(deadline * 1000));
	eq(hel, '12:00', 'the deadline time in Helsinki');
	ctx.offset = deadline + 120 - Math.floor(Date.now() / 1000);
	paikkactl('clock', String(ctx.offset));
	await closeAll();
	const page = await as('officer');
	await goto(page, ctx.t);
	const text = await mainText(page);
	check(text.includes('Opening and award'), 'no "Opening and award" section after the deadline');
	check(!text.includes('Open for bids'), 'still "Open for bids"');
	const p = await as('provider');
	await goto(p, `${ctx.t}/bid`);
	check((await mainText(p)).includes('Bids for this tender are closed'), 'the bid page is not closed');
	check(await p.getByRole('button', { name: 'Submit the saved bid' }).count() === 0, 'the bid can still be submitted');
	ctx.closed = true;
	await page.locator('#evaluation').scrollIntoViewIfNeeded();
	return page;
});

step('officer-opens', 'officer opens the bids: the opening record lists both bidders with the hashes of their receipts', async () => {
	need('closed', 'receipt');
	const page = await as('officer');
	await goto(page, ctx.t);
	await submit(page, () => page.getByRole('button', { name: 'Open the bids' }).click());
	eq(pathOf(page), `${ctx.t}/opening`, 'after opening');
	const rows = page.locator('main table tbody tr');
	eq(await rows.count(), 2, 'lines in the opening record');
	const lines = {};
	for (let i = 0; i < 2; i++) {
		const row = rows.nth(i);
		const bidder = squash(await row.locator('th').innerText());
		lines[bidder] = {
			hash: (await row.locator('code.hash').textContent()).replace(/\s/g, ''),
			check: squash(await row.locator('td').last().innerText()),
			lots: squash(await row.locator('td').nth(1).innerText()),
			sid: await row.getAttribute('data-sub'),
		};
	}
	for (const u of ['provider', 'kierratys']) {
		const l = lines[ORG[u]];
		check(l, `${ORG[u]} is not on the opening record (${Object.keys(lines).join(', ')})`);
		eq(l.hash, ctx.receipt[u].hash, `${u}: the hash on the opening record vs the receipt`);
		eq(l.check, 'Matches the stored bid', `${u}: the check`);
		eq(l.lots, '1, 2', `${u}: lots`);
		eq(l.sid, ctx.receipt[u].id, `${u}: the submission opened is the current receipt`);
	}
	eq(squash(await page.locator('dt:has-text("Bids received in time") + dd').innerText()), '2', 'bids received in time');
	ctx.sub = { provider: lines[ORG.provider].sid, kierratys: lines[ORG.kierratys].sid };
	await axeCheck('officer', `${ctx.t}/opening`);
	return page;
});

step('officer-qualifies', 'officer qualifies both bids (attachments present, every requirement met)', async () => {
	need('sub');
	const page = await as('officer');
	for (const u of ['provider', 'kierratys']) {
		await goto(page, `${ctx.t}/evaluation`);
		await submit(page, () => page.getByRole('main').getByRole('link', { name: ORG[u], exact: true }).click());
		eq(pathOf(page), `${ctx.t}/submissions/${ctx.sub[u]}`, `${u}: the bid's page`);
		const text = await mainText(page);
		check(text.includes(MARK[u]), `${u}: the opened bid does not show its work text`);
		const attach = page.getByRole('group', { name: /^Requirement 1/ }).getByRole('link');
		eq(await attach.count(), 1, `${u}: attachment links of requirement 1`);
		const res = await page.request.get(await attach.getAttribute('href'));
		eq(res.status(), 200, `${u}: attachment download`);
		eq(sha256(await res.body()), sha256(u === 'provider' ? ctx.provDoc : ctx.kierPdf), `${u}: the attachment`);
		for (const n of [1, 2])
			await page.getByRole('group', { name: new RegExp(`^Requirement ${n}`) }).getByLabel('Meets the requirement').check();
		await submit(page, () => page.getByRole('button', { name: 'Save the qualification' }).click());
		check(!(await pageErrors(page)), `${u}: ${await pageErrors(page)}`);
	}
	await goto(page, `${ctx.t}/evaluation`);
	for (const u of ['provider', 'kierratys']) {
		const row = squash(await page.locator(`tr[data-sub="${ctx.sub[u]}"]`).innerText());
		check(/Qualified/.test(row), `${u}: the overview row says "${row}"`);
	}
	return page;
});

// Points per bidder and criterion, with the totals they give.
const SCORES = {
	lot1: { provider: [['50,5', 'Monipuoliset puutyöt, ohjaaja koko päivän.'], ['30', 'Toimipaikka keskustassa, yksi porras.']],
		kierratys: [['55', 'Laaja kierrätystyö ja hyvä ohjaus.'], ['35', 'Esteetön toimipaikka bussiaseman vieressä.']] },
	lot2: { provider: [['20', 'Viikoittainen tuki sosionomilta.'], ['20', 'Kaksi sosionomia.']],
		kierratys: [['25', 'Tiivis tuki ja selkeä suunnitelma.'], ['15', 'Yksi sosionomi.']] },
};

async function scoreLot(page, lot, lotId) {
	await goto(page, `${ctx.t}/evaluation`);
	const n = lot === 'lot1' ? 1 : 2;
	await submit(page, () => page.getByRole('link', { name: `Scoring of lot ${n}` }).click());
	eq(pathOf(page), `${ctx.t}/lots/${lotId}/scores`, `the scoring page of lot ${n}`);
	for (const u of ['provider', 'kierratys']) {
		const region = page.getByRole('region', { name: ORG[u] });
		for (const [i, [points, why]] of SCORES[lot][u].entries()) {
			const group = region.getByRole('group', { name: new RegExp(`^Criterion ${i + 1}:`) });
			await group.getByLabel(/^Points from 0 to/).fill(points);
			await group.getByLabel('Justification').fill(why);
		}
		await submit(page, () => region.getByRole('button', { name: 'Save the points' }).click());
		check(!(await pageErrors(page)), `lot ${n}, ${u}: ${await pageErrors(page)}`);
		check((await page.getByRole('region', { name: ORG[u] }).innerText()).includes('Scored'), `lot ${n}, ${u}: not "Scored"`);
	}
}

step('officer-scores', 'officer scores both lots with written justifications', async () => {
	need('sub');
	const page = await as('officer');
	await scoreLot(page, 'lot1', ctx.lot1);
	await axeCheck('officer', `${ctx.t}/lots/${ctx.lot1}/scores`);
	await scoreLot(page, 'lot2', ctx.lot2);
	ctx.scored = true;
	return page;
});

async function comparisonRows(page) {
	const rows = page.locator('table.comparison tbody tr');
	const out = [];
	for (let i = 0; i < await rows.count(); i++)
		out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map(squash));
	return out;
}

step('officer-comparison', 'comparison of lot 2: price points 40,00 and 32,00, totals and ranking; lot 1 ranking', async () => {
	need('scored');
	const page = await as('officer');
	await goto(page, `${ctx.t}/evaluation`);
	await submit(page, () => page.getByRole('link', { name: 'Comparison and framework of lot 2' }).click());
	let rows = await comparisonRows(page);
	// rank, bidder, received, price, price points, criterion 1, 2, quality, total, status
	const cols = (r) => [r[0], r[1], r[3], r[4], r[5], r[6], r[7], r[8]];
	eq(JSON.stringify(rows.map(cols)), JSON.stringify([
		['1', ORG.provider, '€20.00', '40.00', '20.00', '20.00', '40.00', '80.00'],
		['2', ORG.kierratys, '€25.00', '32.00', '25.00', '15.00', '40.00', '72.00'],
	]), 'lot 2 comparison (English)');
	await axeCheck('officer', `${ctx.t}/lots/${ctx.lot2}/comparison`);
	// The same table the Finnish way, through the language switch.
	await submit(page, () => page.getByRole('button', { name: 'Suomeksi' }).click());
	rows = await comparisonRows(page);
	eq(JSON.stringify(rows.map((r) => [r[3], r[4], r[8]])), JSON.stringify([['20,00 €', '40,00', '80,00'], ['25,00 €', '32,00', '72,00']]),
		'lot 2 price, price points and total in Finnish');
	await submit(page, () => page.getByRole('button', { name: 'In English' }).click());
	await goto(page, `${ctx.t}/lots/${ctx.lot1}/comparison`);
	rows = await comparisonRows(page);
	eq(JSON.stringify(rows.map((r) => [r[0], r[1], r[3], r[r.length - 2]])), JSON.stringify([
		['1', ORG.kierratys, '€10.09', '90.00'], ['2', ORG.provider, '€10.09', '80.50']]), 'lot 1 comparison');
	await goto(page, `${ctx.t}/lots/${ctx.lot2}/comparison`);
	return page;
});

step('officer-framework', 'officer chooses the framework (every qualified bidder) in both lots', async () => {
	need('scored');
	const page = await as('officer');
	for (const lotId of [ctx.lot1, ctx.lot2]) {
		await goto(page, `${ctx.t}/lots/${lotId}/comparison`);
		await page.getByLabel('Every qualified bidder, in the order of the ranking').check();
		await submit(page, () => page.getByRole('button', { name: 'Choose the framework' }).click());
		check(!(await pageErrors(page)), `lot ${lotId}: ${await pageErrors(page)}`);
		const states = (await comparisonRows(page)).map((r) => r.at(-1));
		eq(JSON.stringify(states), JSON.stringify(['In the framework', 'In the framework']), `lot ${lotId}: states`);
	}
	ctx.framework = true;
	return page;
});

step('officer-publishes-decision', 'officer publishes the award decision', async () => {
	need('framework');
	const page = await as('officer');
	await goto(page, `${ctx.t}/evaluation`);
	await submit(page, () => page.getByRole('main').getByRole('link', { name: 'Award decision' }).click());
	eq(pathOf(page), `${ctx.t}/decision`, 'the decision link');
	check((await mainText(page)).includes('This decision has not been published'), 'not a draft');
	const problems = await page.locator('#publish ~ .notice li').allInnerTexts();
	check(problems.length === 0, `problems before publishing: ${JSON.stringify(problems)}`);
	await axeCheck('officer', `${ctx.t}/decision`);
	await page.getByLabel('Further reasoning in Finnish (optional)').fill('Puitejärjestelyyn valitaan kaikki hyväksytyt tarjoajat vertailun mukaisessa järjestyksessä.');
	const before = helsinkiIso(Date.now() / 1000 + ctx.offset);
	await submit(page, () => page.getByRole('button', { name: 'Publish the decision' }).click());
	const after = helsinkiIso(Date.now() / 1000 + ctx.offset);
	eq(pathOf(page), `${ctx.t}/decision`, 'after publishing');
	check(!(await mainText(page)).includes('This decision has not been published'), 'still a draft');
	ctx.standstill = [standstillEnd(before), standstillEnd(after)];
	eq(before, ctx.bidsDate, 'the decision day (test clock) is the deadline day');
	const end = page.locator('#standstill-end');
	check(ctx.standstill.includes(await end.getAttribute('data-date')), `standstill end ${await end.getAttribute('data-date')}, want ${ctx.standstill[0]}`);
	ctx.decided = true;
	return page;
});

// The names in each lot's list of winners, in order.
async function winners(page) {
	const lists = page.locator('ol.winners');
	const out = [];
	for (let i = 0; i < await lists.count(); i++)
		out.push((await lists.nth(i).locator('li').allInnerTexts()).map(squash));
	return out;
}

for (const u of ['provider', 'kierratys']) {
	step(`${u}-sees-decision`, `${u} sees the decision notification on the home page and the decision (winners in order, standstill end)`, async () => {
		need('decided');
		const page = await as(u);
		await goto(page, '/');
		const notes = page.getByRole('region', { name: 'Notifications' });
		const name = `The award decision for "${TITLE}" has been published.`;
		const link = notes.getByRole('link', { name });
		eq(await link.count(), 1, `${u}: decision notifications on the home page`);
		eq(await link.getAttribute('href'), `${ctx.t}/decision`, 'the notification links to');
		const item = squash(await notes.locator('li', { has: page.getByRole('link', { name }) }).innerText());
		check(item.startsWith('New'), `the notification is not marked new: "${item}"`);
		await page.getByRole('heading', { name: 'Notifications' }).scrollIntoViewIfNeeded();
		await shoot(page, `${env.nn}-${u}-sees-decision-home`);
		await submit(page, () => link.click());
		eq(pathOf(page), `${ctx.t}/decision`, 'the notification link');
		const w = await winners(page);
		eq(JSON.stringify(w), JSON.stringify([
			[`${ORG.kierratys} (90.00 points)`, `${ORG.provider} (80.50 points)`],
			[`${ORG.provider} (80.00 points)`, `${ORG.kierratys} (72.00 points)`],
		]), 'winners per lot, in order');
		const end = page.locator('#standstill-end');
		const iso = await end.getAttribute('data-date');
		check(ctx.standstill.includes(iso), `standstill end ${iso}, want ${ctx.standstill[0]}`);
		check(squash(await end.innerText()).startsWith(fiDate(iso)), `standstill end shown as "${await end.innerText()}"`);
		check(await page.locator('form[action$="/decision/publish"]').count() === 0, 'a publish form for a provider');
		if (u === 'provider')
			await axeCheck(u, `${ctx.t}/decision`);
		// The provider's own line of the opening record: its receipt's hash
		// and nothing of the other bidder.
		const decision = page.url();
		await goto(page, `${ctx.t}/opening`);
		const rows = page.locator('main table tbody tr');
		eq(await rows.count(), 1, `${u}: lines of the opening record a bidder sees`);
		eq((await rows.first().locator('code.hash').textContent()).replace(/\s/g, ''), ctx.receipt[u].hash, `${u}: own hash on the opening record`);
		const other = u === 'provider' ? 'kierratys' : 'provider';
		const html = await page.content();
		check(!html.includes(ORG[other]) && !html.includes(ctx.receipt[other].hash), `${u} sees the other bidder's line`);
		await page.goto(decision);
		return page;
	});
}

step('decision-emails', 'one decision e-mail per bidder address in the mail folder (none to a provider that did not bid)', async () => {
	need('decided');
	const dir = path.join(env.dir, 'mail');
	const link = `/tenders/${ctx.tid}/decision`;
	let mails = [];
	const t0 = Date.now();
	for (;;) {
		const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
		mails = files.map((f) => readMail(path.join(dir, f))).filter((m) => m.body.includes(link));
		if (mails.length >= 2 || Date.now() - t0 > 8000)
			break;
		await new Promise((r) => setTimeout(r, 250));
	}
	const to = mails.map((m) => m.to).sort();
	eq(JSON.stringify(to), JSON.stringify([MAIL.provider, MAIL.kierratys].sort()), `decision e-mails in ${dir}`);
	for (const m of mails) {
		check(m.subject.startsWith('Paikka: ') && m.subject.includes(TITLE), `${m.file}: subject "${m.subject}"`);
		check(m.body.includes(`${env.base}${link}`) || m.body.includes(link), `${m.file}: no link`);
	}
	ctx.mails = mails;
	const page = await as('provider');
	await goto(page, '/notifications');
	return page;
});

// notify.c: "the e-mail is in Finnish and Swedish, as the county writes to
// providers": two different paragraphs before the link, neither English.
step('decision-emails-fi-sv', 'the decision e-mails are written in Finnish and Swedish', async () => {
	need('mails');
	const english = `The award decision for "${TITLE}" has been published.`;
	for (const m of ctx.mails) {
		const paras = m.body.replace(/\r\n/g, '\n').split(/\n\n+/).map(squash).filter(Boolean);
		check(paras.length >= 3, `${m.file}: paragraphs ${JSON.stringify(paras)}`);
		const [fi, sv] = paras;
		check(fi.includes(TITLE) && sv.includes(TITLE), `${m.file}: the title is not in both texts: ${JSON.stringify([fi, sv])}`);
		check(fi !== english && sv !== english && fi !== sv,
			`${m.file} (${m.to}) is not in Finnish and Swedish: ${JSON.stringify([fi, sv])}, subject "${m.subject}"`);
		check(m.subject !== `Paikka: ${english}`, `${m.file}: the subject is English: "${m.subject}"`);
	}
	return as('provider');
});

// The decision page in English shows the default appeal instructions in
// Finnish (award.c appeal_text): WCAG 2.1 3.1.2 (Language of Parts, AA)
// wants them marked lang="fi" so that a screen reader reads them in Finnish.
step('decision-appeal-lang', 'the Finnish appeal instructions on the English decision page are marked lang="fi" (WCAG 3.1.2)', async () => {
	need('decided');
	const page = await as('provider');
	await goto(page, `${ctx.t}/decision`);
	eq(await page.evaluate(() => document.documentElement.lang), 'en', 'the page language');
	const paras = page.locator('#appeal ~ p, #appeal ~ div p').filter({ hasText: 'Hankintaoikaisu' });
	eq(await paras.count(), 1, 'the Finnish appeal instructions (Hankintaoikaisu)');
	const lang = await paras.first().evaluate((el) => el.closest('[lang]').getAttribute('lang'));
	eq(lang, 'fi', 'the language the Finnish appeal instructions are marked with');
	await page.locator('#appeal').scrollIntoViewIfNeeded();
	return page;
});

// --- the runner -----------------------------------------------------------------

runSuite(tests, {
	tmp: 'paikka-flow-', shots: 'flow', flow: true, timeout: 60000,
	// The clock back, so the stack's log ends at the real time.
	finished: () => { try { paikkactl('clock', '0'); } catch { /* the stack may be gone */ } },
});
