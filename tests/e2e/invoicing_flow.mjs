// The invoicing flow in a real browser, one step after another, on the
// demo story's second layer (contracts and placements, no days recorded):
// the provider records days of Puutyöpaja Kanerva ry's contract 2 in the
// month grid with the keyboard, uploads a CSV file with mistakes (every
// row's error is listed, nothing is stored) and then the corrected file,
// makes the month's invoice and submits it; finance finds it in the
// queue and rejects it (an empty reason is refused next to the field);
// the provider corrects a day and submits the next version; finance
// approves it, the month is locked for the grid and the upload, and
// finance downloads the Finvoice of the invoice, the month's batch and
// the accounting CSV, which are checked against the database (and the
// Finvoice files against Finvoice3.0.xsd with xmllint). Every change goes
// through the pages; the database is read to check what they stored.
// axe-core (WCAG 2.1 A/AA) runs on each distinct page of the flow.
//   node tests/e2e/invoicing_flow.mjs     (B selects the build, default build)
// Starts its own stack with tests/stack/stack.sh in a temporary folder and
// stops it (and the browser) at the end; the stack's folder is kept when a
// step fails. One full-page screenshot per step goes to
// tests/out/screenshots/iflow-NN-<step>.png. The XSD is found under
// $PAIKKA_STANDARDS (default ../shared/standards from the repository
// root); without it or xmllint the validation is reported as skipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	ROOT, Skip, as, axeCheck, axeCheckPage, check, env, eq, goto, helsinkiIso, isoAdd, mainText, pageErrors,
	pathOf, registry, runSuite, shoot as shootPage, sqlRows, sqlValue, squash, submit, urlOf,
} from './lib.mjs';

// Contracts and placements without days or invoices (layers 1-2).
process.env.PAIKKA_DEMO_LAYERS ??= '2';

const CONTRACT = 2; // Puutyöpaja Kanerva ry, lot 1, 10,09 € a day
const PRICE = 1009;
const NUMBER = '2-00001'; // the provider's first invoice number
const LOCKED = 'The invoice of this month is already approved.';
const REASON = 'Päivä puuttuu: asiakas BM2002 oli läsnä myös 6. päivänä.';
const XSD = path.join(process.env.PAIKKA_STANDARDS || path.join(ROOT, '../shared/standards'), 'finvoice/Finvoice3.0.xsd');

// Billing details: the administrator has no page for them yet, so they
// are set as demo layer 4 sets them (an invoice needs the seller's IBAN
// and BIC; the buyer's e-invoice address goes into the Finvoice).
const BILLING = `
UPDATE organisations SET iban = 'FI3550000120253504', bic = 'OKOYFIHH',
	einvoice_address = '003732213027', einvoice_operator = 'E204503' WHERE id = 1;
UPDATE organisations SET iban = 'FI2112345600000785', bic = 'NDEAFIHH',
	einvoice_address = '003723456780', einvoice_operator = '003721291126' WHERE id = 2;
UPDATE contracts SET buyer_reference = 'KTT-' || id || '/2026';`;

// --- helpers ------------------------------------------------------------------------

const shoot = (page, name) => shootPage(page, `iflow-${name}`);
// 14.5.2026 as the grid's labels and the CSV's Finnish dates write it.
const dmy = (iso) => `${Number(iso.slice(8))}.${Number(iso.slice(5, 7))}.${iso.slice(0, 4)}`;
// Amounts as the English pages show them: €1,234.56.
const euros = (c) => `€${Math.floor(c / 100).toLocaleString('en-US')}.${String(c % 100).padStart(2, '0')}`;
// "10,09" (a Finvoice or CSV amount) in cents.
function cents(s) {
	const m = /^(-?)(\d+),(\d\d)$/.exec(s || '');
	check(m, `amount "${s}"`);
	return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}
function tag(xml, name) {
	const m = new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`).exec(xml);
	return m ? m[1] : undefined;
}

// Every attendance row as "REF day status hours", sorted.
function attendance() {
	return sqlRows(`SELECT p.client_ref, a.day, a.status, coalesce(a.hours, '') FROM attendance a
		JOIN placements p ON p.id = a.placement_id ORDER BY p.client_ref, a.day`).map((r) => r.join(' '));
}
function want(rows) {
	return rows.map(([ref, day, status, hours = '']) => `${ref} ${day} ${status} ${hours}`).sort();
}
function sameRows(got, expected, what) {
	const g = JSON.stringify(got), w = JSON.stringify(expected);
	check(g === w, `${what}:\n      got  ${got.join(' | ')}\n      want ${expected.join(' | ')}`);
}

// The rows of a table body, each as its squashed cell texts.
async function tableRows(table) {
	const rows = table.locator('tbody tr');
	const out = [];
	for (let i = 0; i < await rows.count(); i++)
		out.push((await rows.nth(i).locator('th, td').allInnerTexts()).map(squash));
	return out;
}

// The text of a definition list's entry: <dt>name</dt><dd>…</dd>.
async function fact(page, name) {
	const dd = page.locator('main dl.facts dt', { hasText: new RegExp(`^${name}$`) }).first().locator('xpath=following-sibling::dd[1]');
	return squash(await dd.innerText());
}

// The month grid of the contract and month, through the picker form.
async function openGrid(page) {
	await submit(page, () => page.getByRole('main').getByRole('link', { name: 'Record days in the month grid' }).click());
	eq(pathOf(page), '/invoices/days', 'the grid link');
	await page.locator('#pick-contract').selectOption(String(CONTRACT));
	await page.locator('#pick-month').fill(ctx.month);
	await submit(page, () => page.getByRole('button', { name: 'Show' }).click());
	eq(urlOf(page), `/invoices/days?contract=${CONTRACT}&month=${ctx.month}`, 'the grid after Show');
	check((await page.locator('main h2').first().innerText()).includes(`${Number(ctx.month.slice(5))}/${ctx.month.slice(0, 4)}`),
		'the grid does not show the month');
}

// A grid cell: the <select> named by its row and date, as a screen reader
// announces it ("AK1001, 3.11.2026").
const cell = (page, ref, iso) => page.getByLabel(`${ref}, ${dmy(iso)}`, { exact: true });

// Sets a cell with the keyboard: focus, then arrow down from the empty
// choice (present, absent sick, absent other).
async function keyCell(page, ref, iso, downs) {
	const sel = cell(page, ref, iso);
	check(await sel.count() === 1, `no editable cell "${ref}, ${dmy(iso)}"`);
	await sel.focus();
	await page.keyboard.press('Home');
	for (let i = 0; i < downs; i++)
		await page.keyboard.press('ArrowDown');
}

// Uploads a CSV file through the file input; want is the status; shot
// names a screenshot of the form before the upload.
async function upload(page, name, text, status, shot) {
	await goto(page, '/invoices');
	await submit(page, () => page.getByRole('main').getByRole('link', { name: 'Upload days as a CSV file' }).click());
	eq(pathOf(page), '/invoices/days/upload', 'the upload link');
	if (shot)
		await shoot(page, shot);
	await page.getByLabel('CSV file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
	return submit(page, () => page.getByRole('button', { name: 'Upload' }).click(), status);
}

// The provider's invoices page: makes the month's invoice of the contract.
async function makeInvoice(page) {
	await goto(page, '/invoices');
	await page.getByLabel('Contract').selectOption({ label: `Contract ${CONTRACT}` });
	await page.getByLabel('Month (YYYY-MM)').fill(ctx.month);
	await submit(page, () => page.getByRole('button', { name: 'Make the invoice from the recorded days' }).click());
	const m = /^\/invoices\/(\d+)\?msg=saved$/.exec(urlOf(page));
	check(m, `after making the invoice at ${urlOf(page)}: ${await pageErrors(page)}`);
	return Number(m[1]);
}

// An invoice in the database: the row, its lines, and the checks that
// hold for every invoice: lines = present days × the contract's price,
// total = the sum of the lines.
function invoiceInDb(id) {
	const [number, version, status, total, month, reason] = sqlRows(`SELECT number, version, status, total_cents, month,
		coalesce(reject_reason, '') FROM invoices WHERE id = ${id}`)[0] || [];
	check(number, `invoice ${id} is not in the database`);
	const lines = sqlRows(`SELECT client_ref, days, unit_cents, total_cents, period_start, period_end FROM invoice_lines
		WHERE invoice_id = ${id} ORDER BY client_ref`).map(([ref, days, unit, t, from, to]) =>
		({ ref, days: Number(days), unit: Number(unit), total: Number(t), from, to }));
	let sum = 0;
	for (const l of lines) {
		eq(l.unit, PRICE, `${l.ref}: unit price`);
		eq(l.total, l.days * PRICE, `${l.ref}: line total = days × unit price`);
		sum += l.total;
	}
	eq(Number(total), sum, `invoice ${id}: total = sum of the lines`);
	return { number, version: Number(version), status, total: Number(total), month, reason, lines };
}

// The invoice page's lines and total as shown.
async function invoiceOnPage(page) {
	const lines = (await tableRows(page.locator('main table').filter({ hasText: 'Invoice lines' })))
		.map((c) => ({ ref: /^\S*/.exec(c[0])[0], days: c[3] }));
	return { total: squash(await page.locator('#total').innerText()), lines, status: await fact(page, 'Status') };
}

// Downloads url through the browser from the page `from`: by its link,
// or by the export form's button (`button`, after the month is typed in
// its field), whichever the page has; else by opening the address, which
// is noted in the output. Returns the file's name and bytes.
const notes = [];
async function download(page, from, url, button) {
	await goto(page, from);
	const link = page.locator(`main a[href="${url}"]`);
	const btn = button ? page.getByRole('main').getByRole('button', { name: button }) : null;
	let start;
	if (await link.count()) {
		start = () => link.first().click();
	} else if (btn && await btn.count() === 1) {
		const form = page.locator('main form').filter({ has: page.getByRole('button', { name: button }) });
		await form.locator('input[name="month"]').fill(new URL(url, env.base).searchParams.get('month'));
		start = () => btn.click();
	} else {
		notes.push(`no link${button ? ` or "${button}" button` : ''} for ${url} on ${from}: opened the address`);
		start = () => page.goto(url).catch((e) => {
			if (!/Download is starting|ERR_ABORTED/.test(e.message))
				throw e;
		});
	}
	const [dl] = await Promise.all([page.waitForEvent('download'), start()]);
	eq(new URL(dl.url()).pathname + new URL(dl.url()).search, url, 'the address downloaded');
	const file = path.join(env.dir, `dl-${dl.suggestedFilename()}`);
	await dl.saveAs(file);
	check(!(await dl.failure()), `download of ${url} failed: ${await dl.failure()}`);
	return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file), file };
}

// --- the steps ------------------------------------------------------------------------

const ctx = {};
const { tests, step } = registry();
function need(...keys) {
	for (const k of keys)
		check(ctx[k] !== undefined, `skipped: needs ${k} from an earlier step`);
}

step('provider-grid', 'provider records days in the month grid with the keyboard; exactly those rows are stored', async () => {
	// The month: this month in Helsinki. The days: the first ones of
	// each placement's period in it (AK1001 Mon/Wed/Fri from 28 days ago,
	// its decision period ends in 12 days; BM2002 from 20 days ago).
	ctx.month = helsinkiIso(Date.now() / 1000).slice(0, 7);
	const first = `${ctx.month}-01`;
	const range = (ref) => sqlRows(`SELECT max(p.start_date, '${first}'), min(coalesce(p.end_date, '9999-12-31'),
		(SELECT max(end_date) FROM placement_periods WHERE placement_id = p.id), date('${first}', '+1 month', '-1 day'))
		FROM placements p WHERE p.client_ref = '${ref}' AND p.contract_id = ${CONTRACT}`)[0];
	const [aLo, aHi] = range('AK1001');
	const [bLo, bHi] = range('BM2002');
	check(aLo && isoAdd(aLo, 8) <= aHi && bLo && isoAdd(bLo, 6) <= bHi,
		`the demo placements do not cover ${ctx.month}: AK1001 ${aLo}..${aHi}, BM2002 ${bLo}..${bHi}`);
	ctx.A = [...Array(9).keys()].map((i) => isoAdd(aLo, i));
	ctx.B = [...Array(7).keys()].map((i) => isoAdd(bLo, i));
	ctx.bStart = sqlValue("SELECT start_date FROM placements WHERE client_ref = 'BM2002'");
	eq(attendance().length, 0, 'recorded days before the flow');

	const page = await as('provider');
	await goto(page, '/invoices');
	await openGrid(page);
	await axeCheck('provider', urlOf(page));
	const { A, B } = ctx;
	// The keyboard: three present days and one sick day for AK1001, two
	// present days for BM2002; then Enter on the focused save button.
	// (The grid has no hours field: hours come with the CSV file.)
	for (const d of A.slice(0, 3))
		await keyCell(page, 'AK1001', d, 1);
	await keyCell(page, 'AK1001', A[3], 2);
	for (const d of B.slice(0, 2))
		await keyCell(page, 'BM2002', d, 1);
	eq(await cell(page, 'AK1001', A[0]).inputValue(), 'present', 'ArrowDown once on an empty cell');
	eq(await cell(page, 'AK1001', A[3]).inputValue(), 'absent_sick', 'ArrowDown twice on an empty cell');
	// A day outside AK1001's period has no field.
	const outside = isoAdd(sqlValue("SELECT start_date FROM placements WHERE client_ref = 'AK1001'"), -1);
	if (outside.startsWith(ctx.month))
		eq(await cell(page, 'AK1001', outside).count(), 0, `a field for AK1001 on ${outside}, before the placement`);
	await page.getByRole('button', { name: 'Save the days' }).focus();
	await submit(page, () => page.keyboard.press('Enter'));
	eq(urlOf(page), `/invoices/days?contract=${CONTRACT}&month=${ctx.month}&msg=saved`, 'after saving');
	check((await mainText(page)).includes('The days were saved.'), 'no "saved" notice');
	eq(await cell(page, 'BM2002', B[1]).inputValue(), 'present', 'the grid after saving shows BM2002');
	ctx.rows = [['AK1001', A[0], 'present'], ['AK1001', A[1], 'present'], ['AK1001', A[2], 'present'],
		['AK1001', A[3], 'absent_sick'], ['BM2002', B[0], 'present'], ['BM2002', B[1], 'present']];
	sameRows(attendance(), want(ctx.rows), 'attendance after the grid');
	ctx.grid = true;
	return page;
});

step('upload-errors', 'provider uploads a CSV with mistakes: each error with its row number (422), nothing stored', async () => {
	need('grid');
	const { A, B } = ctx;
	const year = ctx.month.slice(0, 4);
	const csv = [
		'client_ref;date;status;hours',
		`BM2002;${B[2]};present;5`, // 2 fine
		`ZZ9999;${dmy(B[2])};present;5`, // 3 no such client
		`AK1001;31.2.${year};present;5`, // 4 no such date
		`AK1001;${A[6]};maybe;5`, // 5 no such status
		`BM2002;${dmy(isoAdd(ctx.bStart, -1))};läsnä;5`, // 6 before the placement
		`AK1001;${dmy(A[4])};absent;`, // 7 fine
	].join('\r\n') + '\r\n';
	const before = attendance();
	const audits = sqlValue("SELECT count(*) FROM audit_log WHERE action LIKE 'attendance.%'");
	const page = await as('provider');
	await upload(page, 'days-with-mistakes.csv', csv, 422, `${env.nn}-upload-form`);
	const summary = page.locator('main .error-summary');
	check(await summary.count() === 1, 'no error summary');
	check((await summary.innerText()).includes('Nothing was saved'), `the summary: ${squash(await summary.innerText())}`);
	eq(await summary.getAttribute('role'), 'alert', 'the summary role');
	const rows = await tableRows(summary.locator('table'));
	eq(JSON.stringify(rows), JSON.stringify([
		['3', 'No placement of yours has this client number.'],
		['4', 'The date does not exist. Write it as 14.5.2026 or 2026-05-14.'],
		['5', 'The status must be present or absent (läsnä or poissa).'],
		['6', "The date is outside the placement's period."],
	]), 'the listed errors');
	check((await summary.locator('caption').innerText()).includes('(4)'), 'the caption does not count 4 errors');
	sameRows(attendance(), before, 'attendance after the refused file');
	eq(sqlValue("SELECT count(*) FROM audit_log WHERE action LIKE 'attendance.%'"), audits, 'audit entries of attendance');
	await axeCheckPage('provider', page, '/invoices/days/upload (422)');
	return page;
});

step('upload-corrected', 'provider uploads the corrected file: stored (hours too; a later file replaces a day)', async () => {
	need('grid');
	const { A, B } = ctx;
	const csv = [
		'client_ref;date;status;hours',
		`BM2002;${B[2]};present;5`,
		`BM2002;${dmy(B[3])};present;6`,
		`AK1001;${A[5]};present;4`,
		`AK1001;${A[6]};poissa;`,
		`BM2002;${dmy(B[4])};läsnä;5`,
		`AK1001;${dmy(A[4])};absent;`,
		`AK1001;${A[3]};present;5`, // the sick day was a present one
	].join('\n') + '\n';
	const page = await as('provider');
	await upload(page, 'days.csv', csv, 200);
	eq(urlOf(page), `/invoices/days?contract=${CONTRACT}&month=${ctx.month}&msg=uploaded`, 'after the upload');
	check((await mainText(page)).includes('The file was read and the days were saved.'), 'no "uploaded" notice');
	eq(await cell(page, 'AK1001', A[3]).inputValue(), 'present', 'the replaced day in the grid');
	ctx.rows = [['AK1001', A[0], 'present'], ['AK1001', A[1], 'present'], ['AK1001', A[2], 'present'],
		['AK1001', A[3], 'present', '5'], ['AK1001', A[4], 'absent_other'], ['AK1001', A[5], 'present', '4'],
		['AK1001', A[6], 'absent_other'],
		['BM2002', B[0], 'present'], ['BM2002', B[1], 'present'], ['BM2002', B[2], 'present', '5'],
		['BM2002', B[3], 'present', '6'], ['BM2002', B[4], 'present', '5']];
	sameRows(attendance(), want(ctx.rows), 'attendance after the corrected file');
	await axeCheck('provider', '/invoices/days/upload');
	ctx.uploaded = true;
	return page;
});

step('invoice-submit', 'provider makes the month\'s invoice and submits it: total = sum of lines = days × 10,09 €', async () => {
	need('uploaded');
	const page = await as('provider');
	await axeCheck('provider', '/invoices');
	await goto(page, '/invoices');
	await shoot(page, `${env.nn}-invoices`);
	const id = await makeInvoice(page);
	ctx.v1 = id;
	const inv = invoiceInDb(id);
	eq(`${inv.number} v${inv.version} ${inv.status} ${inv.month}`, `${NUMBER} v1 draft ${ctx.month}`, 'the new invoice');
	// AK1001: A0-A3, A5 present; BM2002: B0-B4.
	eq(JSON.stringify(inv.lines.map((l) => [l.ref, l.days])), JSON.stringify([['AK1001', 5], ['BM2002', 5]]), 'days per client');
	eq(inv.total, 10 * PRICE, 'the total in cents');
	const shown = await invoiceOnPage(page);
	eq(shown.total, euros(10 * PRICE), 'the total on the page');
	eq(JSON.stringify(shown.lines), JSON.stringify([{ ref: 'AK1001', days: '5' }, { ref: 'BM2002', days: '5' }]), 'the lines on the page');
	check(!(await mainText(page)).includes('Aila Koivunen'), 'the invoice shows a client\'s name');
	await axeCheck('provider', `/invoices/${id}`);
	await shoot(page, `${env.nn}-draft`);
	await submit(page, () => page.getByRole('button', { name: 'Submit to finance' }).click());
	eq(urlOf(page), `/invoices/${id}?msg=saved`, 'after submitting');
	eq(await fact(page, 'Status'), 'Waiting for approval', 'the status shown');
	eq(sqlValue(`SELECT status FROM invoices WHERE id = ${id}`), 'submitted', 'the status stored');
	eq(await page.getByRole('button', { name: 'Submit to finance' }).count(), 0, 'a submit button after submitting');
	return page;
});

step('finance-rejects', 'finance finds it in the queue; an empty reason is refused next to the field (422); rejects with a reason', async () => {
	need('v1');
	const page = await as('finance');
	await goto(page, '/invoices');
	// By id: the page has more than one month field (filter, exports).
	await page.locator('#fmonth').fill(ctx.month);
	await page.locator('#fstatus').selectOption({ label: 'Waiting for approval' });
	await submit(page, () => page.getByRole('button', { name: 'Filter' }).click());
	const rows = await tableRows(page.locator('main table').last());
	eq(JSON.stringify(rows.map((r) => [r[0], r[1], r[2], r[4], r[5], r[6]])),
		JSON.stringify([[NUMBER, '1', 'Puutyöpaja Kanerva ry', ctx.month, 'Waiting for approval', euros(10 * PRICE)]]), 'the queue');
	await axeCheck('finance', urlOf(page));
	await shoot(page, `${env.nn}-queue`);
	await submit(page, () => page.getByRole('main').getByRole('link', { name: NUMBER }).click());
	eq(pathOf(page), `/invoices/${ctx.v1}`, 'the queue\'s link');
	await axeCheck('finance', `/invoices/${ctx.v1}`);
	await shoot(page, `${env.nn}-decision-form`);
	// An empty reason (spaces): refused with the message at the field.
	await page.getByLabel('Reason for rejection').fill('   ');
	await submit(page, () => page.getByRole('button', { name: 'Reject' }).click(), 422);
	const msg = 'Give the reason for the rejection (at most 2000 characters).';
	eq(squash(await page.locator('label[for="reason"] .error').innerText()), msg, 'the message next to the field');
	eq(sqlValue(`SELECT status FROM invoices WHERE id = ${ctx.v1}`), 'submitted', 'the status after the empty reason');
	await axeCheckPage('finance', page, `/invoices/${ctx.v1}/reject (422)`);
	await shoot(page, `${env.nn}-empty-reason`);
	await page.getByLabel(/^Reason for rejection/).fill(REASON);
	await submit(page, () => page.getByRole('button', { name: 'Reject' }).click());
	eq(urlOf(page), `/invoices/${ctx.v1}?msg=saved`, 'after rejecting');
	eq(await fact(page, 'Status'), 'Rejected', 'the status shown');
	eq(sqlRows(`SELECT status, reject_reason, decided_by FROM invoices WHERE id = ${ctx.v1}`)[0].join('|'),
		`rejected|${REASON}|${sqlValue("SELECT id FROM users WHERE username = 'finance'")}`, 'the decision stored');
	ctx.rejected = true;
	return page;
});

step('provider-resubmits', 'provider sees the rejection, corrects a day and submits version 2; version 1 is kept', async () => {
	need('rejected');
	const { B } = ctx;
	const page = await as('provider');
	await goto(page, '/');
	const note = page.getByRole('region', { name: 'Notifications' }).getByRole('link', { name: `Invoice ${NUMBER} has been rejected.` });
	eq(await note.count(), 1, 'the rejection notification');
	await axeCheck('provider', '/');
	await shoot(page, `${env.nn}-home-notification`);
	await submit(page, () => note.click());
	eq(pathOf(page), `/invoices/${ctx.v1}`, 'the notification\'s link');
	eq(await fact(page, 'Status'), 'Rejected', 'the status');
	eq(await fact(page, 'Reason for rejection'), REASON, 'the reason');
	await axeCheck('provider', `/invoices/${ctx.v1}`);
	await shoot(page, `${env.nn}-rejected`);
	await submit(page, () => page.getByRole('main').getByRole('link', { name: 'Correct the days' }).click());
	eq(urlOf(page), `/invoices/days?contract=${CONTRACT}&month=${ctx.month}`, 'the "Correct the days" link');
	await cell(page, 'BM2002', B[5]).selectOption({ label: 'Present' });
	await submit(page, () => page.getByRole('button', { name: 'Save the days' }).click());
	eq(urlOf(page), `/invoices/days?contract=${CONTRACT}&month=${ctx.month}&msg=saved`, 'after saving');
	ctx.rows.push(['BM2002', B[5], 'present']);
	sameRows(attendance(), want(ctx.rows), 'attendance after the correction');
	const id = await makeInvoice(page);
	check(id !== ctx.v1, 'the new version has the old id');
	ctx.v2 = id;
	const inv = invoiceInDb(id);
	eq(`${inv.number} v${inv.version} ${inv.status}`, `${NUMBER} v2 draft`, 'the next version');
	eq(JSON.stringify(inv.lines.map((l) => [l.ref, l.days])), JSON.stringify([['AK1001', 5], ['BM2002', 6]]), 'days per client');
	eq(inv.total, 11 * PRICE, 'the total of version 2');
	const v1 = invoiceInDb(ctx.v1);
	eq(`${v1.number} v${v1.version} ${v1.status} ${v1.total}`, `${NUMBER} v1 rejected ${10 * PRICE}`, 'version 1 kept');
	eq(sqlValue(`SELECT count(*) FROM invoices WHERE number = '${NUMBER}'`), '2', 'versions of the invoice');
	await submit(page, () => page.getByRole('button', { name: 'Submit to finance' }).click());
	eq(sqlValue(`SELECT status FROM invoices WHERE id = ${id}`), 'submitted', 'version 2 submitted');
	eq(await fact(page, 'Version'), '2', 'the version shown');
	return page;
});

step('finance-approves', 'finance approves version 2 from the queue', async () => {
	need('v2');
	const page = await as('finance');
	await goto(page, `/invoices?month=${ctx.month}&status=submitted`);
	const rows = await tableRows(page.locator('main table').last());
	eq(JSON.stringify(rows.map((r) => [r[0], r[1]])), JSON.stringify([[NUMBER, '2']]), 'the queue');
	await submit(page, () => page.getByRole('main').getByRole('link', { name: NUMBER }).click());
	eq(pathOf(page), `/invoices/${ctx.v2}`, 'the queue\'s link');
	eq(await invoiceOnPage(page).then((x) => x.total), euros(11 * PRICE), 'the total finance sees');
	await submit(page, () => page.getByRole('button', { name: 'Approve' }).click());
	eq(urlOf(page), `/invoices/${ctx.v2}?msg=saved`, 'after approving');
	eq(await fact(page, 'Status'), 'Approved', 'the status shown');
	eq(sqlValue(`SELECT status FROM invoices WHERE id = ${ctx.v2}`), 'approved', 'the status stored');
	await axeCheck('finance', `/invoices/${ctx.v2}`);
	ctx.approved = true;
	return page;
});

step('month-locked', 'the approved month is locked: the grid is read-only and the upload refuses changes (422), nothing stored', async () => {
	need('approved');
	const { A } = ctx;
	const page = await as('provider');
	const before = attendance();
	await goto(page, '/invoices');
	await openGrid(page);
	// The grid says the month is locked and offers nothing to edit.
	check(await page.locator('main #locked').isVisible(), 'the grid says the month is locked');
	eq(await page.locator('main table.days-grid select').count(), 0, 'cells to edit in a locked month');
	eq(await page.getByRole('button', { name: 'Save the days' }).count(), 0, 'a save button in a locked month');
	await axeCheckPage('provider', page, '/invoices/days (locked)');
	await shoot(page, `${env.nn}-grid-locked`);
	await upload(page, 'late.csv', `client_ref;date;status\nAK1001;${A[7]};present\n`, 422);
	const rows = await tableRows(page.locator('main .error-summary table'));
	eq(JSON.stringify(rows), JSON.stringify([['2', LOCKED]]), 'the upload\'s errors');
	sameRows(attendance(), before, 'attendance after the refusals');
	return page;
});

step('finance-finvoice', 'finance downloads the invoice\'s Finvoice: number, total and rows as stored; version 1 is not exported', async () => {
	need('approved');
	const page = await as('finance');
	const url = `/invoices/${ctx.v2}/finvoice.xml`;
	const dl = await download(page, `/invoices/${ctx.v2}`, url);
	eq(dl.name, `finvoice-${NUMBER}-2.xml`, 'the file name');
	const x = dl.bytes.toString('utf8');
	const inv = invoiceInDb(ctx.v2);
	eq(tag(x, 'InvoiceNumber'), NUMBER, 'InvoiceNumber');
	eq(cents(tag(x, 'InvoiceTotalVatIncludedAmount')), inv.total, 'InvoiceTotalVatIncludedAmount');
	eq(tag(x, 'InvoiceTotalVatAmount'), '0,00', 'InvoiceTotalVatAmount');
	const rows = x.split('<InvoiceRow>').slice(1);
	eq(rows.length, inv.lines.length, 'InvoiceRows');
	inv.lines.forEach((l, i) => {
		eq(tag(rows[i], 'DeliveredQuantity'), String(l.days), `row ${i + 1} DeliveredQuantity`);
		eq(cents(tag(rows[i], 'UnitPriceAmount')), PRICE, `row ${i + 1} UnitPriceAmount`);
		eq(cents(tag(rows[i], 'RowVatExcludedAmount')), l.total, `row ${i + 1} RowVatExcludedAmount`);
		check(rows[i].includes(l.ref), `row ${i + 1} has no ${l.ref}`);
	});
	check(!/Aila Koivunen|Bo Mattsson/.test(x), 'a client\'s name in the Finvoice');
	ctx.finvoice = dl.file;
	// The rejected version stays out.
	await goto(page, `/invoices/${ctx.v1}/finvoice.xml`, 404);
	return page;
});

step('finance-batch', 'finance downloads the month\'s Finvoice batch: the one approved invoice', async () => {
	need('approved');
	const page = await as('finance');
	const url = `/invoices/export.xml?month=${ctx.month}`;
	const dl = await download(page, '/invoices', url, 'Download the Finvoice batch');
	eq(dl.name, `finvoice-${ctx.month}.xml`, 'the file name');
	const x = dl.bytes.toString('utf8');
	const docs = x.match(/<Finvoice [\s\S]*?<\/Finvoice>/g) || [];
	eq(docs.length, 1, 'Finvoice documents in the batch');
	check(x.includes('Count="1"'), 'the batch does not count 1 invoice');
	eq(tag(docs[0], 'InvoiceNumber'), NUMBER, 'InvoiceNumber');
	eq(cents(tag(docs[0], 'InvoiceTotalVatIncludedAmount')), 11 * PRICE, 'the total');
	ctx.batch = docs;
	return page;
});

step('finance-csv', 'finance downloads the accounting CSV: one row per invoice line with the stored days and amounts', async () => {
	need('approved');
	const page = await as('finance');
	const url = `/invoices/export.csv?month=${ctx.month}`;
	const dl = await download(page, '/invoices', url, 'Download the accounting CSV');
	eq(dl.name, `invoices-${ctx.month}.csv`, 'the file name');
	eq(dl.bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'the BOM');
	const rows = dl.bytes.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter((l) => l).map((l) => l.split(';'));
	const head = rows[0];
	// The README's columns first; any later ones are read by name.
	const cols = 'invoice_number;version;invoice_date;due_date;month;provider_ytunnus;provider_name;contract;buyer_reference;reference_number;client_ref;service_code;period_start;period_end;days;unit_price;line_total;invoice_total';
	eq(head.slice(0, 18).join(';'), cols, 'the header\'s first 18 columns');
	const col = (r, name) => r[head.indexOf(name)];
	for (const r of rows.slice(1)) {
		eq(r.length, head.length, 'the fields of a row');
		if (head.includes('document_type'))
			eq(col(r, 'document_type'), 'invoice', 'document_type');
	}
	const inv = invoiceInDb(ctx.v2);
	const got = rows.slice(1).map((r) => [col(r, 'invoice_number'), col(r, 'version'), col(r, 'month'), col(r, 'contract'),
		col(r, 'client_ref'), col(r, 'period_start'), col(r, 'period_end'), col(r, 'days'),
		cents(col(r, 'unit_price')), cents(col(r, 'line_total')), cents(col(r, 'invoice_total'))].join(' '));
	const expected = inv.lines.map((l) => [NUMBER, '2', ctx.month, String(CONTRACT), l.ref, l.from, l.to, String(l.days),
		PRICE, l.total, inv.total].join(' '));
	sameRows(got, expected, 'the CSV rows');
	return page;
});

// Separate so that a missing XSD or xmllint is reported as skipped, not
// passed.
step('finvoice-xsd', 'the downloaded Finvoice and each Finvoice of the batch validate against Finvoice3.0.xsd', async () => {
	need('finvoice', 'batch');
	if (spawnSync('xmllint', ['--version']).error)
		throw new Skip('xmllint is not installed');
	if (!fs.existsSync(XSD))
		throw new Skip(`the Finvoice XSD is not at ${XSD} (set PAIKKA_STANDARDS)`);
	const files = [ctx.finvoice];
	ctx.batch.forEach((d, i) => {
		const f = path.join(env.dir, `batch-${i}.xml`);
		fs.writeFileSync(f, `<?xml version="1.0" encoding="UTF-8"?>\n${d}\n`);
		files.push(f);
	});
	for (const f of files) {
		const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, f], { encoding: 'utf8' });
		check(r.status === 0, `${path.basename(f)} does not validate: ${r.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
	}
});

// --- the runner -----------------------------------------------------------------

runSuite(tests, {
	tmp: 'paikka-iflow-', shots: 'iflow', flow: true, timeout: 60000,
	// The billing details an invoice needs, before anyone logs in.
	started: () => {
		sqlRows(BILLING);
	},
	// What the pages lack that the flow worked around.
	finished: () => {
		for (const n of notes)
			console.log(`# note: ${n}`);
	},
});
