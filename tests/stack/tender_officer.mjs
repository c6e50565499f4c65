// The procurement officer's side of tendering through the real stack:
// prepare a draft (tender, lots, criteria, requirements, documents),
// the publishing checks, publishing, the frozen state, amendments,
// answers to questions, cancelling; who may do what; bad input on every
// form. Usage: B=build node tests/stack/tender_officer.mjs
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
	B, assert, eq, startStack, stopStack, sql, sqlValue, q, auditMark, auditSince,
	Client, loginClient, formHidden, inputValue, fieldError, routes, registry,
	unescapeHtml,
} from './lib.mjs';

const { test, run } = registry();
const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;
const DAY = 86400 * 1000;

// --- helpers -----------------------------------------------------------------

// A Helsinki-independent future or past date: UTC date n days from now.
function isoDay(n) {
	return new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
}

function hex(n = 16) {
	return randomBytes(n).toString('hex');
}

// A minimal valid PDF with one empty page and a correct xref table.
function makePdf(text = 'Paikka') {
	const objs = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> % ${text}`,
	];
	let s = '%PDF-1.4\n';
	const offsets = [];
	objs.forEach((o, i) => {
		offsets.push(Buffer.byteLength(s));
		s += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = Buffer.byteLength(s);
	s += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
	for (const off of offsets) s += `${String(off).padStart(10, '0')} 00000 n \n`;
	s += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(s, 'latin1');
}

// multipart/form-data with text fields and one file part named "file".
function multipartFile(fields, file) {
	const b = '----paikkafile' + hex(8);
	const parts = [];
	for (const [k, v] of Object.entries(fields))
		parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
	if (file) {
		parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; ` +
			`filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`));
		parts.push(file.data, Buffer.from('\r\n'));
	}
	parts.push(Buffer.from(`--${b}--\r\n`));
	return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${b}` };
}

// The hidden fields of the form with this action on page p (200 wanted).
async function hiddenOf(c, p, action) {
	const r = await c.get(p);
	eq(r.status, 200, `GET ${p}`);
	return formHidden(r.text, action);
}

// POSTs a form of page p: its hidden fields plus pairs (an array, so a
// name may repeat).
async function postForm(c, p, action, pairs) {
	const hidden = await hiddenOf(c, p, action);
	return c.post(action, [...Object.entries(hidden), ...pairs]);
}

// A POST with the session's csrf and a fresh nonce, for forms a page no
// longer shows (frozen tenders, other roles).
async function postRaw(c, action, pairs = []) {
	const home = await c.get('/tenders');
	const m = /name="csrf" value="([^"]*)"/.exec(home.text);
	return c.post(action, [['csrf', m ? unescapeHtml(m[1]) : ''], ['nonce', hex()], ...pairs]);
}

// The text inside the error summary near the publish button.
function problems(html) {
	const m = /<h2 id="publish">[\s\S]*?<ul>([\s\S]*?)<\/ul>/.exec(html);
	if (!m) return [];
	const list = [...m[1].matchAll(/<li>(?:<a [^>]*>)?([^<]*)/g)].map((x) => unescapeHtml(x[1]));
	assert(new Set(list).size === list.length, `problems listed twice: ${JSON.stringify(list)}`);
	return list;
}

function legendError(html, text) {
	const re = new RegExp(`<legend>${text}[^<]*<span class="error">([^<]*)</span>`);
	const m = re.exec(html);
	return m ? unescapeHtml(m[1]) : undefined;
}

function count(db, table, where = '1') {
	return Number(sqlValue(db, `SELECT count(*) FROM ${table} WHERE ${where}`));
}

function not500(r, what) {
	assert(r.status !== 500, `${what}: 500 (internal error)`);
}

function tenderFields(over = {}) {
	return {
		title_fi: 'Kuntouttavan työtoiminnan palvelut 2027–2028',
		title_sv: 'Tjänster för arbetsverksamhet i rehabiliteringssyfte 2027–2028',
		description_fi: 'Siun sote hankkii kuntouttavan työtoiminnan palveluja.\n\nPalvelut 1–3.',
		description_sv: '',
		contract_start: '2027-01-01',
		contract_end: '2028-12-31',
		extension_options: 'Kaksi optiovuotta, vuosi kerrallaan.',
		questions_date: '', questions_time: '', bids_date: '', bids_time: '',
		...over,
	};
}

function lotPairs(o) {
	const pairs = [['service_type', o.service ?? '1'], ['title', o.title ?? ''],
		['form', o.form ?? 'both'], ['est_days', o.days ?? '5000'], ['pricing', o.pricing ?? 'bid'],
		['fixed_price', o.price ?? ''], ['ceiling', o.ceiling ?? ''], ['price_weight', o.weight ?? '']];
	for (const m of o.munis || []) pairs.push(['municipality', String(m)]);
	return pairs;
}

function muniId(db, name) {
	return sqlValue(db, `SELECT id FROM municipalities WHERE name_fi = ${q(name)}`);
}

// --- preparing a draft ----------------------------------------------------------

test('officer: the list has a New tender button; creating a draft', async (ctx) => {
	const { main, officer } = ctx;
	const list = await officer.get('/tenders');
	eq(list.status, 200, 'GET /tenders');
	assert(list.text.includes('href="/tenders/new"'), 'no New tender link for the officer');
	const mark = auditMark(main.db);
	const r = await postForm(officer, '/tenders/new', '/tenders/new',
		Object.entries({ title_fi: 'Luonnos', title_sv: '' }));
	eq(r.status, 303, 'create');
	const m = /^\/tenders\/(\d+)\?msg=created$/.exec(r.location || '');
	assert(m, `Location ${r.location}`);
	ctx.tid = Number(m[1]);
	eq(sqlValue(main.db, `SELECT status || ' ' || title_fi FROM tenders WHERE id = ${ctx.tid}`), 'draft Luonnos', 'row');
	eq(auditSince(main.db, mark, 'tender.create').length, 1, 'tender.create audit rows');
	const page = await officer.get(`/tenders/${ctx.tid}`);
	eq(page.status, 200, 'draft page for the officer');
	assert(page.text.includes('This is a draft'), 'no draft notice');
	for (const a of ['lots', 'requirements', 'files', 'publish', 'cancel'])
		assert(page.text.includes(`action="/tenders/${ctx.tid}/${a}"`), `no ${a} form on the draft`);
});

test('tender form: bad input → 422 with the message, never 500', async (ctx) => {
	const { main, officer } = ctx;
	const before = count(main.db, 'tenders');
	const cases = [
		['empty title', { title_fi: '' }, 'title_fi', 'Write the title in Finnish'],
		['only spaces', { title_fi: '   ' }, 'title_fi', 'Write the title in Finnish'],
		['201 characters', { title_fi: 'x'.repeat(201) }, 'title_fi', 'Write the title in Finnish'],
		['title on two lines', { title_fi: 'a\nb' }, 'title_fi', 'Write the title in Finnish'],
		['Swedish title of 201', { title_sv: 'å'.repeat(201) }, 'title_sv', 'Write at most 200 characters'],
		['31 February', { contract_start: '2027-02-31' }, 'contract_start', 'Write a date like'],
		['date as words', { contract_end: 'next year' }, 'contract_end', 'Write a date like'],
		['bad date', { bids_date: '32.1.2027', bids_time: '12:00' }, 'bids_date', 'Write a date like'],
		['bad time', { bids_date: isoDay(10), bids_time: '25:00' }, 'bids_time', 'Write a time like'],
		['date without time', { questions_date: isoDay(10) }, 'questions_time', 'Write a time like'],
		['time without date', { questions_time: '12:00' }, 'questions_date', 'Write a date like'],
		['description of 20001', { description_fi: 'x'.repeat(20001) }, 'description_fi', 'Write at most 20 000'],
		['extension of 501', { extension_options: 'x'.repeat(501) }, 'extension_options', 'Write at most 500'],
	];
	for (const [what, over, field, msg] of cases) {
		for (const action of ['/tenders/new', `/tenders/${ctx.tid}/edit`]) {
			const r = await postForm(officer, action, action, Object.entries(tenderFields(over)));
			eq(r.status, 422, `${what} (${action})`);
			const err = fieldError(r.text, field);
			assert(err && err.startsWith(msg), `${what} (${action}): message ${JSON.stringify(err)}, want ${msg}…`);
			if (field !== 'title_fi' && field !== 'description_fi' && field !== 'extension_options')
				eq(inputValue(r.text, 'title_fi'), tenderFields(over).title_fi, `${what}: typed title kept`);
		}
	}
	eq(count(main.db, 'tenders'), before, 'tenders written by refused forms');
	eq(sqlValue(main.db, `SELECT title_fi FROM tenders WHERE id = ${ctx.tid}`), 'Luonnos', 'draft unchanged');
});

test('officer edits the draft: deadlines in the past and in the wrong order are saved', async (ctx) => {
	const { main, officer } = ctx;
	const edit = `/tenders/${ctx.tid}/edit`;
	const mark = auditMark(main.db);
	const r = await postForm(officer, edit, edit, Object.entries(tenderFields({
		questions_date: isoDay(5), questions_time: '12:00',
		bids_date: isoDay(-1), bids_time: '12:00',
	})));
	eq(r.status, 303, 'edit');
	eq(r.location, `/tenders/${ctx.tid}?msg=saved`, 'Location');
	eq(auditSince(main.db, mark, 'tender.update').length, 1, 'tender.update audit rows');
	const form = await officer.get(edit);
	eq(inputValue(form.text, 'title_fi'), tenderFields().title_fi, 'title shown again');
	eq(inputValue(form.text, 'bids_date'), isoDay(-1), 'bids date shown again (ISO)');
	eq(inputValue(form.text, 'bids_time'), '12:00', 'bids time shown again');
	eq(inputValue(form.text, 'contract_start'), '2027-01-01', 'contract start');
	const page = await officer.get(`/tenders/${ctx.tid}`);
	assert(page.text.includes('Siun sote hankkii kuntouttavan'), 'description not shown');
	assert(page.text.includes('01.01.2027') && page.text.includes('31.12.2028'), 'contract period not shown');
});

test('drafts: 404 to anonymous and providers, visible to officers and admins', async (ctx) => {
	const { anon, provider, admin, officer } = ctx;
	for (const [who, c] of [['anonymous', anon], ['provider', provider]]) {
		eq((await c.get(`/tenders/${ctx.tid}`)).status, 404, `${who}: draft page`);
		const list = await c.get('/tenders');
		eq(list.status, 200, `${who}: list`);
		assert(!list.text.includes(`/tenders/${ctx.tid}"`), `${who}: the draft is listed`);
	}
	const a = await admin.get(`/tenders/${ctx.tid}`);
	eq(a.status, 200, 'admin: draft page');
	assert(!a.text.includes(`action="/tenders/${ctx.tid}/publish"`), 'admin sees the publish form');
	assert(!a.text.includes('New tender'), 'admin sees New tender');
	const list = await officer.get('/tenders');
	assert(/Drafts and cancelled tenders[\s\S]*Kuntouttavan työtoiminnan palvelut/.test(list.text),
		'officer: the draft is not in the drafts table');
	const alist = await admin.get('/tenders');
	assert(alist.text.includes(`/tenders/${ctx.tid}"`), 'admin: the draft is not listed');
});

test('publish without lots, deadline past, questions after bids → 422 with each message', async (ctx) => {
	const { main, officer } = ctx;
	const r = await postForm(officer, `/tenders/${ctx.tid}`, `/tenders/${ctx.tid}/publish`, []);
	eq(r.status, 422, 'publish');
	const got = problems(r.text);
	for (const want of ['The deadline for bids must be in the future.',
		'The deadline for questions must be before the deadline for bids.', 'Add at least one lot.'])
		assert(got.includes(want), `missing "${want}" in ${JSON.stringify(got)}`);
	eq(sqlValue(main.db, `SELECT status FROM tenders WHERE id = ${ctx.tid}`), 'draft', 'status');
});

test('lot 1: fixed price 10,09 €, price weight 0, criteria 60 + 40', async (ctx) => {
	const { main, officer } = ctx;
	const page = `/tenders/${ctx.tid}`;
	const munis = ['Joensuu', 'Lieksa', 'Kitee'].map((n) => muniId(main.db, n));
	const mark = auditMark(main.db);
	const r = await postForm(officer, page, `${page}/lots`, lotPairs({
		service: '1', title: 'Työtoimintapaikat', form: 'both', days: '12000',
		pricing: 'fixed', price: '10,09', weight: '0', munis,
	}));
	eq(r.status, 303, 'add lot 1');
	const m = new RegExp(`^/tenders/${ctx.tid}/lots/(\\d+)\\?msg=created$`).exec(r.location || '');
	assert(m, `Location ${r.location}`);
	ctx.lot1 = Number(m[1]);
	eq(sql(main.db, `SELECT number, pricing, fixed_price_cents, ceiling_cents IS NULL, price_weight, ` +
		`est_days_per_year FROM lots WHERE id = ${ctx.lot1}`)[0].join(' '), '1 fixed 1009 1 0 12000', 'lot row');
	eq(count(main.db, 'lot_municipalities', `lot_id = ${ctx.lot1}`), 3, 'municipalities');
	const lotPage = `/tenders/${ctx.tid}/lots/${ctx.lot1}`;
	for (const [text, pts] of [['Ohjaajien koulutus ja kokemus', '60'], ['Päivittäinen ohjaus ja raportointi', '40']]) {
		const c = await postForm(officer, lotPage, `${lotPage}/criteria`,
			[['description_fi', text], ['description_sv', ''], ['max_points', pts]]);
		eq(c.status, 303, `criterion ${pts}`);
	}
	eq(sqlValue(main.db, `SELECT group_concat(max_points, '+') FROM criteria WHERE lot_id = ${ctx.lot1}`), '60+40', 'criteria');
	ctx.crit1 = Number(sqlValue(main.db, `SELECT id FROM criteria WHERE lot_id = ${ctx.lot1} AND number = 1`));
	eq(auditSince(main.db, mark, 'lot.create').length, 1, 'lot.create audit');
	eq(auditSince(main.db, mark, 'criterion.create').length, 2, 'criterion.create audit');
	const lp = await officer.get(lotPage);
	eq(lp.status, 200, 'lot page');
	eq(inputValue(lp.text, 'lot_price'), '10,09', 'price shown in the form');
	assert(lp.text.includes('100 points of 100'), 'points sum not shown on the lot page');
	assert(/id="lot_pricing_fixed"[^>]*checked/.test(lp.text), 'fixed pricing not checked');
});

test('lot 2: bid price up to 25,00 €, weight 40, no municipality yet; publish names both problems', async (ctx) => {
	const { main, officer } = ctx;
	const page = `/tenders/${ctx.tid}`;
	const r = await postForm(officer, page, `${page}/lots`, lotPairs({
		service: '2', form: 'individual', days: '3000', pricing: 'bid', ceiling: '25,00', weight: '40',
	}));
	eq(r.status, 303, 'add lot 2');
	ctx.lot2 = Number(/lots\/(\d+)/.exec(r.location)[1]);
	eq(sql(main.db, `SELECT number, pricing, fixed_price_cents IS NULL, ceiling_cents, price_weight FROM lots ` +
		`WHERE id = ${ctx.lot2}`)[0].join(' '), '2 bid 1 2500 40', 'lot row');
	const lotPage = `/tenders/${ctx.tid}/lots/${ctx.lot2}`;
	eq((await postForm(officer, lotPage, `${lotPage}/criteria`,
		[['description_fi', 'Sosiaalialan ammatillinen tuki'], ['max_points', '30']])).status, 303, 'criterion 30');
	const p = await postForm(officer, page, `${page}/publish`, []);
	eq(p.status, 422, 'publish');
	const got = problems(p.text);
	for (const want of ['Lot 2: the price weight and the criteria points add up to 70, not 100.',
		'Lot 2: choose at least one municipality.', 'The deadline for bids must be in the future.'])
		assert(got.includes(want), `missing "${want}" in ${JSON.stringify(got)}`);
	assert(!got.some((t) => t.startsWith('Lot 1')), `lot 1 has problems: ${JSON.stringify(got)}`);
	assert(!got.includes('Add at least one lot.'), 'still "no lots"');
	// The second criterion and the municipalities through the lot form.
	eq((await postForm(officer, lotPage, `${lotPage}/criteria`,
		[['description_fi', 'Työ- ja toimintakyvyn tuki'], ['max_points', '30']])).status, 303, 'criterion 30 (2)');
	const e = await postForm(officer, lotPage, lotPage, lotPairs({
		service: '2', form: 'individual', days: '3000', pricing: 'bid', ceiling: '25,00', weight: '40',
		munis: [muniId(main.db, 'Nurmes'), muniId(main.db, 'Juuka')],
	}));
	eq(e.status, 303, 'edit lot 2');
	eq(e.location, `${lotPage}?msg=saved`, 'edit Location');
	eq(count(main.db, 'lot_municipalities', `lot_id = ${ctx.lot2}`), 2, 'municipalities of lot 2');
	const again = await officer.get(page);
	const left = problems(again.text);
	assert(!left.some((t) => t.startsWith('Lot')), `lot problems left: ${JSON.stringify(left)}`);
});

test('lot forms: bad input → 422 with the message by the field, never 500', async (ctx) => {
	const { main, officer } = ctx;
	const page = `/tenders/${ctx.tid}`;
	const lotPage = `${page}/lots/${ctx.lot2}`;
	const lots = count(main.db, 'lots');
	const base = { service: '2', pricing: 'bid', weight: '40', days: '3000' };
	const cases = [
		['price "-5"', { pricing: 'fixed', price: '-5', weight: '0' }, 'lot_price', 'Write the price per day'],
		['price 0', { pricing: 'fixed', price: '0', weight: '0' }, 'lot_price', 'Write the price per day'],
		['price "abc"', { pricing: 'fixed', price: 'abc', weight: '0' }, 'lot_price', 'Write the price per day'],
		['no fixed price', { pricing: 'fixed', price: '', weight: '0' }, 'lot_price', 'Write the fixed price'],
		['fixed with weight 40', { pricing: 'fixed', price: '10,09', weight: '40' }, 'lot_weight', 'A fixed price lot'],
		['ceiling "-5"', { ceiling: '-5' }, 'lot_ceiling', 'Write the highest accepted price'],
		['ceiling 0', { ceiling: '0,00' }, 'lot_ceiling', 'Write the highest accepted price'],
		['days "abc"', { days: 'abc' }, 'lot_days', 'Write the estimated days'],
		['days -1', { days: '-1' }, 'lot_days', 'Write the estimated days'],
		['days empty', { days: '' }, 'lot_days', 'Write the estimated days'],
		['weight "abc"', { weight: 'abc' }, 'lot_weight', 'Write the price weight'],
		['weight 101', { weight: '101' }, 'lot_weight', 'Write the price weight'],
		['unknown service type', { service: '999' }, 'lot_service', 'Choose a service type'],
		['service "x"', { service: 'x' }, 'lot_service', 'Choose a service type'],
		['form "both2"', { form: 'both2' }, 'lot_form', 'Choose the form'],
		['title of 201', { title: 'x'.repeat(201) }, 'lot_title', 'Write at most 200'],
	];
	for (const [what, over, field, msg] of cases) {
		for (const [where, action] of [['add', `${page}/lots`], ['edit', lotPage]]) {
			const r = await postForm(officer, where === 'add' ? page : lotPage, action, lotPairs({ ...base, ...over }));
			not500(r, what);
			eq(r.status, 422, `${what} (${where})`);
			const err = fieldError(r.text, field);
			assert(err && err.startsWith(msg), `${what} (${where}): message ${JSON.stringify(err)}, want ${msg}…`);
		}
	}
	// Weights not adding up: lot 2 has criteria 30 + 30, so at most 40.
	const over = await postForm(officer, lotPage, lotPage, lotPairs({ ...base, weight: '41' }));
	eq(over.status, 422, 'weight 41 with criteria 60');
	assert((fieldError(over.text, 'lot_weight') || '').includes('at most 40'), `weight 41: ${fieldError(over.text, 'lot_weight')}`);
	for (const [what, pairs] of [
		['no pricing', lotPairs(base).filter(([k]) => k !== 'pricing')],
		['pricing "free"', lotPairs({ ...base, pricing: 'free' })],
	]) {
		const r = await postForm(officer, page, `${page}/lots`, pairs);
		eq(r.status, 422, what);
		assert(legendError(r.text, 'Price'), `${what}: no message in the Price legend`);
	}
	for (const bad of ['99999', 'abc', '-1']) {
		const r = await postForm(officer, page, `${page}/lots`, lotPairs({ ...base, munis: [bad] }));
		eq(r.status, 422, `municipality ${bad}`);
		eq(legendError(r.text, 'Municipalities'), 'Choose municipalities from the list.', `municipality ${bad}: message`);
	}
	// Criteria: points, text, and the sum of 100.
	const lot1 = `${page}/lots/${ctx.lot1}`;
	const crit = [
		['points 0', lotPage, [['description_fi', 'x'], ['max_points', '0']], 'crit_points', 'Write the maximum points'],
		['points "abc"', lotPage, [['description_fi', 'x'], ['max_points', 'abc']], 'crit_points', 'Write the maximum points'],
		['points 101', lotPage, [['description_fi', 'x'], ['max_points', '101']], 'crit_points', 'Write the maximum points'],
		['no text', lotPage, [['description_fi', ' '], ['max_points', '5']], 'crit_text_fi', 'Describe the criterion'],
		['over 100 (lot 1 is full)', lot1, [['description_fi', 'x'], ['max_points', '1']], 'crit_points', 'The price weight and the criteria have 100 points'],
	];
	const crits = count(main.db, 'criteria');
	for (const [what, lp, pairs, field, msg] of crit) {
		const r = await postForm(officer, lp, `${lp}/criteria`, pairs);
		eq(r.status, 422, what);
		const err = fieldError(r.text, field);
		assert(err && err.startsWith(msg), `${what}: message ${JSON.stringify(err)}, want ${msg}…`);
	}
	eq(count(main.db, 'lots'), lots, 'lots written by refused forms');
	eq(count(main.db, 'criteria'), crits, 'criteria written by refused forms');
	// Ids of another tender's lot, or none at all, are 404.
	eq((await officer.get(`${page}/lots/999999`)).status, 404, 'no such lot');
	eq((await postRaw(officer, `${page}/lots/999999`, lotPairs(base))).status, 404, 'edit no such lot');
	eq((await postRaw(officer, `/tenders/999999/lots`, lotPairs(base))).status, 404, 'add to no such tender');
});

test('a lot can be removed: its criteria go, later lots are renumbered', async (ctx) => {
	const { main, officer } = ctx;
	const page = `/tenders/${ctx.tid}`;
	const r = await postForm(officer, page, `${page}/lots`, lotPairs({ service: '3', weight: '100' }));
	eq(r.status, 303, 'add lot 3');
	const lot3 = Number(/lots\/(\d+)/.exec(r.location)[1]);
	const lp = `${page}/lots/${lot3}`;
	eq((await postForm(officer, lp, `${lp}/criteria`, [['description_fi', 'x'], ['max_points', '0']])).status, 422, 'criterion refused');
	eq((await postForm(officer, lp, `${lp}/delete`, [])).status, 303, 'delete lot 3');
	eq(count(main.db, 'lots', `id = ${lot3}`), 0, 'lot gone');
	eq(sqlValue(main.db, `SELECT group_concat(number) FROM lots WHERE tender_id = ${ctx.tid} ORDER BY number`), '1,2', 'numbers');
	// Removing lot 1 renumbers lot 2; put it back afterwards by re-adding is not needed: use a scratch tender.
	const t = await postForm(officer, '/tenders/new', '/tenders/new', Object.entries({ title_fi: 'Kokeilu' }));
	const tid = Number(/tenders\/(\d+)/.exec(t.location)[1]);
	const ids = [];
	for (let i = 0; i < 3; i++) {
		const a = await postForm(officer, `/tenders/${tid}`, `/tenders/${tid}/lots`, lotPairs({ weight: '100' }));
		ids.push(Number(/lots\/(\d+)/.exec(a.location)[1]));
	}
	eq((await postForm(officer, `/tenders/${tid}/lots/${ids[0]}`, `/tenders/${tid}/lots/${ids[0]}/delete`, [])).status, 303, 'delete first');
	eq(sqlValue(main.db, `SELECT group_concat(id || ':' || number) FROM (SELECT id, number FROM lots WHERE tender_id = ${tid} ORDER BY number)`),
		`${ids[1]}:1,${ids[2]}:2`, 'renumbered');
	// A criterion removed: the others close the gap.
	const lp2 = `/tenders/${tid}/lots/${ids[1]}`;
	eq((await postForm(officer, lp2, lp2, lotPairs({ weight: '0' }))).status, 303, 'weight 0');
	for (const p of ['10', '20', '30'])
		eq((await postForm(officer, lp2, `${lp2}/criteria`, [['description_fi', `k${p}`], ['max_points', p]])).status, 303, `criterion ${p}`);
	const c1 = sqlValue(main.db, `SELECT id FROM criteria WHERE lot_id = ${ids[1]} AND number = 1`);
	eq((await postForm(officer, lp2, `/tenders/${tid}/criteria/${c1}/delete`, [])).status, 303, 'delete criterion 1');
	eq(sqlValue(main.db, `SELECT group_concat(number || ':' || max_points) FROM (SELECT number, max_points FROM criteria WHERE lot_id = ${ids[1]} ORDER BY number)`),
		'1:20,2:30', 'criteria renumbered');
	ctx.scratch = tid;
});

test('requirements: one needs an attachment; bad input → 422', async (ctx) => {
	const { main, officer } = ctx;
	const page = `/tenders/${ctx.tid}`;
	const reqs = [
		['Tarjoaja on merkitty kaupparekisteriin ja ennakkoperintärekisteriin.', true],
		['Tarjoajalla on voimassa oleva vastuuvakuutus.', true],
		['Ohjaajilla on alan koulutus tai vähintään kahden vuoden kokemus.', false],
	];
	for (const [text, attach] of reqs) {
		const pairs = [['text_fi', text], ['text_sv', '']];
		if (attach) pairs.push(['needs_attachment', '1']);
		eq((await postForm(officer, page, `${page}/requirements`, pairs)).status, 303, `requirement ${text}`);
	}
	eq(sqlValue(main.db, `SELECT group_concat(number || ':' || needs_attachment) FROM (SELECT number, needs_attachment ` +
		`FROM requirements WHERE tender_id = ${ctx.tid} ORDER BY number)`), '1:1,2:1,3:0', 'rows');
	// Remove the second one: the third becomes number 2.
	const second = sqlValue(main.db, `SELECT id FROM requirements WHERE tender_id = ${ctx.tid} AND number = 2`);
	eq((await postForm(officer, page, `${page}/requirements/${second}/delete`, [])).status, 303, 'delete');
	eq(sqlValue(main.db, `SELECT group_concat(number || ':' || needs_attachment) FROM (SELECT number, needs_attachment ` +
		`FROM requirements WHERE tender_id = ${ctx.tid} ORDER BY number)`), '1:1,2:0', 'after delete');
	ctx.req1 = Number(sqlValue(main.db, `SELECT id FROM requirements WHERE tender_id = ${ctx.tid} AND number = 1`));
	for (const [what, pairs, field, msg] of [
		['empty', [['text_fi', '']], 'req_text_fi', 'Write the requirement in Finnish'],
		['2001 characters', [['text_fi', 'x'.repeat(2001)]], 'req_text_fi', 'Write the requirement in Finnish'],
		['Swedish of 2001', [['text_fi', 'x'], ['text_sv', 'x'.repeat(2001)]], 'req_text_sv', 'Write at most 2 000'],
	]) {
		const r = await postForm(officer, page, `${page}/requirements`, pairs);
		eq(r.status, 422, what);
		assert((fieldError(r.text, field) || '').startsWith(msg), `${what}: ${fieldError(r.text, field)}`);
	}
	eq((await postRaw(officer, `${page}/requirements/999999/delete`)).status, 404, 'delete no such requirement');
	eq((await postRaw(officer, `/tenders/${ctx.scratch}/requirements/${ctx.req1}/delete`)).status, 404,
		'delete through another tender');
});

test('documents: a PDF with size and SHA-256; non-PDF → 422; over 10 MB → 413/422', async (ctx) => {
	const { main, officer } = ctx;
	const page = `/tenders/${ctx.tid}`;
	const upload = async (file, title = '') => {
		const hidden = await hiddenOf(officer, page, `${page}/files`);
		const mp = multipartFile({ ...hidden, title }, file);
		return officer.request('POST', `${page}/files`, { body: mp.body, type: mp.type });
	};
	ctx.pdf = makePdf('Tarjouspyyntö');
	ctx.pdfSha = createHash('sha256').update(ctx.pdf).digest('hex');
	const mark = auditMark(main.db);
	const r = await upload({ name: 'tarjouspyyntö.pdf', type: 'application/pdf', data: ctx.pdf }, 'Tarjouspyyntö');
	eq(r.status, 303, 'upload');
	ctx.fid = Number(sqlValue(main.db, `SELECT file_id FROM tender_documents WHERE tender_id = ${ctx.tid}`));
	eq(sqlValue(main.db, `SELECT sha256 FROM files WHERE id = ${ctx.fid}`), ctx.pdfSha, 'stored SHA-256');
	eq(auditSince(main.db, mark, 'document.upload').length, 1, 'document.upload audit');
	const p = await officer.get(page);
	assert(p.text.includes(ctx.pdfSha.slice(0, 16)) && p.text.includes(ctx.pdfSha.slice(48)), 'SHA-256 not shown');
	assert(/\d[,.]\d kB/.test(p.text), 'size not shown');
	const docs = count(main.db, 'tender_documents');
	const files = count(main.db, 'files');
	const cases = [
		['a text file', { name: 'ohje.txt', type: 'text/plain', data: Buffer.from('not a pdf') }, 'The file is not a PDF document.'],
		['HTML named .pdf', { name: 'x.pdf', type: 'application/pdf', data: Buffer.from('<html>%PDF-') }, 'The file is not a PDF document.'],
		['an empty file', { name: 'tyhjä.pdf', type: 'application/pdf', data: Buffer.alloc(0) }, 'Choose a file.'],
		['no file', null, 'Choose a file.'],
		['a name with a slash', { name: 'a/b.pdf', type: 'application/pdf', data: ctx.pdf }, 'The file name is not valid.'],
	];
	for (const [what, file, msg] of cases) {
		const u = await upload(file);
		eq(u.status, 422, what);
		eq(fieldError(u.text, 'doc_file'), msg, `${what}: message`);
	}
	const t = await upload({ name: 'x.pdf', type: 'application/pdf', data: ctx.pdf }, 'x'.repeat(201));
	eq(t.status, 422, 'title of 201');
	assert(fieldError(t.text, 'doc_title'), 'title of 201: no message');
	const big = Buffer.alloc(10 * 1024 * 1024 + 1024, 0x20);
	big.write('%PDF-1.4\n');
	const b = await upload({ name: 'iso.pdf', type: 'application/pdf', data: big });
	assert(b.status === 413 || b.status === 422, `over 10 MB: ${b.status}`);
	eq(count(main.db, 'tender_documents'), docs, 'documents written by refused uploads');
	eq(count(main.db, 'files'), files, 'files written by refused uploads');
	// A second document, removed again: its file goes too.
	eq((await upload({ name: 'liite.pdf', type: 'application/pdf', data: makePdf('liite') })).status, 303, 'second upload');
	const fid2 = sqlValue(main.db, `SELECT max(file_id) FROM tender_documents WHERE tender_id = ${ctx.tid}`);
	eq((await postForm(officer, page, `${page}/files/${fid2}/delete`, [])).status, 303, 'delete');
	eq(count(main.db, 'files', `id = ${fid2}`), 0, 'file row removed');
	eq((await postRaw(officer, `/tenders/${ctx.scratch}/files/${ctx.fid}/delete`)).status, 404, 'delete through another tender');
	// A draft's document is not for the public.
	eq((await ctx.anon.get(`${page}/files/${ctx.fid}`)).status, 404, 'anonymous: draft document');
	eq((await ctx.provider.get(`${page}/files/${ctx.fid}`)).status, 404, 'provider: draft document');
	eq((await officer.get(`${page}/files/${ctx.fid}`)).status, 200, 'officer: draft document');
});

// --- publishing ----------------------------------------------------------------

test('a valid publish: public list and page, prices, the document with its SHA-256', async (ctx) => {
	const { main, officer, anon } = ctx;
	const edit = `/tenders/${ctx.tid}/edit`;
	eq((await postForm(officer, edit, edit, Object.entries(tenderFields({
		questions_date: isoDay(10), questions_time: '12:00', bids_date: isoDay(20), bids_time: '12:00',
	})))).status, 303, 'fix deadlines');
	const notes = count(main.db, 'notifications');
	const mark = auditMark(main.db);
	const r = await postForm(officer, `/tenders/${ctx.tid}`, `/tenders/${ctx.tid}/publish`, []);
	eq(r.status, 303, `publish: ${problems(r.text).join('; ')}`);
	eq(sqlValue(main.db, `SELECT status FROM tenders WHERE id = ${ctx.tid}`), 'published', 'status');
	eq(auditSince(main.db, mark, 'tender.publish').length, 1, 'tender.publish audit');
	const providers = count(main.db, 'organisations', "kind = 'provider' AND status = 'approved'");
	eq(count(main.db, 'notifications') - notes, providers, 'a notification per approved provider');
	const list = await anon.get('/tenders');
	assert(list.text.includes(`href="/tenders/${ctx.tid}"`), 'not on the public list');
	assert(list.text.includes('Open for bids'), 'status not shown on the list');
	const fi = new Client(main, { lang: 'fi' });
	const page = await fi.get(`/tenders/${ctx.tid}`);
	eq(page.status, 200, 'public page');
	for (const want of ['Kuntouttavan työtoiminnan palvelut 2027–2028', '10,09 €', '25,00 €',
		'Työtoimintapaikan järjestäminen ja työtoiminnan ohjaus', 'Joensuu', 'Nurmes',
		'Ohjaajien koulutus ja kokemus', 'Tarjoaja on merkitty kaupparekisteriin', ctx.pdfSha.slice(0, 16)])
		assert(page.text.includes(want), `public page lacks ${want}`);
	assert(!page.text.includes('action="/tenders/'), 'a form on the anonymous page');
	const sv = new Client(main, { lang: 'sv' });
	const svPage = await sv.get(`/tenders/${ctx.tid}`);
	assert(svPage.text.includes('Tjänster för arbetsverksamhet'), 'Swedish title not used');
	assert(svPage.text.includes('Ordnande av arbetsverksamhetsplats'), 'Swedish service name not used');
	const href = new RegExp(`href="(/tenders/${ctx.tid}/files/\\d+)"`).exec(page.text);
	assert(href, 'no document link');
	const res = await fetch(main.base + href[1]);
	eq(res.status, 200, 'download');
	eq(res.headers.get('content-type'), 'application/pdf', 'content type');
	const body = Buffer.from(await res.arrayBuffer());
	eq(createHash('sha256').update(body).digest('hex'), ctx.pdfSha, 'SHA-256 of the download');
	const hashOnPage = /<code>([0-9a-f<wbr>]+)<\/code>/.exec(page.text)[1].replace(/<wbr>/g, '');
	eq(hashOnPage, ctx.pdfSha, 'SHA-256 on the page');
});

test('published: every edit route refuses (409), nothing changes', async (ctx) => {
	const { main, officer } = ctx;
	const t = `/tenders/${ctx.tid}`;
	const before = sql(main.db, `SELECT (SELECT count(*) FROM lots), (SELECT count(*) FROM criteria), ` +
		`(SELECT count(*) FROM requirements), (SELECT count(*) FROM tender_documents), ` +
		`(SELECT price_weight FROM lots WHERE id = ${ctx.lot2})`)[0].join();
	const posts = [
		[`${t}/edit`, Object.entries(tenderFields({ title_fi: 'Muutettu' }))],
		[`${t}/lots`, lotPairs({ weight: '100' })],
		[`${t}/lots/${ctx.lot2}`, lotPairs({ service: '2', weight: '30' })],
		[`${t}/lots/${ctx.lot2}/delete`, []],
		[`${t}/lots/${ctx.lot2}/criteria`, [['description_fi', 'x'], ['max_points', '1']]],
		[`${t}/criteria/${ctx.crit1}/delete`, []],
		[`${t}/requirements`, [['text_fi', 'x']]],
		[`${t}/requirements/${ctx.req1}/delete`, []],
		[`${t}/files/${ctx.fid}/delete`, []],
		[`${t}/publish`, []],
	];
	for (const [action, pairs] of posts) {
		const r = await postRaw(officer, action, pairs);
		eq(r.status, 409, `POST ${action}`);
		assert(r.text.includes('Publish an amendment instead'), `POST ${action}: no message`);
	}
	const hidden = await hiddenOf(officer, '/tenders/new', '/tenders/new');
	const mp = multipartFile({ csrf: hidden.csrf, nonce: hex() }, { name: 'x.pdf', type: 'application/pdf', data: ctx.pdf });
	eq((await officer.request('POST', `${t}/files`, { body: mp.body, type: mp.type })).status, 409, 'upload');
	eq((await officer.get(`${t}/edit`)).status, 409, 'GET edit');
	const lp = await officer.get(`${t}/lots/${ctx.lot2}`);
	eq(lp.status, 200, 'lot page (read only)');
	assert(!lp.text.includes('<form method="post" action="/tenders/'), 'a form on the frozen lot page');
	const page = await officer.get(t);
	for (const a of ['lots', 'requirements', 'files', 'publish'])
		assert(!page.text.includes(`action="${t}/${a}"`), `the ${a} form on a published tender`);
	const after = sql(main.db, `SELECT (SELECT count(*) FROM lots), (SELECT count(*) FROM criteria), ` +
		`(SELECT count(*) FROM requirements), (SELECT count(*) FROM tender_documents), ` +
		`(SELECT price_weight FROM lots WHERE id = ${ctx.lot2})`)[0].join();
	eq(after, before, 'counts');
});

test('amendment extending the deadline: public, notifications and outbox rows', async (ctx) => {
	const { main, officer, anon } = ctx;
	const t = `/tenders/${ctx.tid}`;
	const notes = count(main.db, 'notifications');
	const mails = count(main.db, 'outbox');
	const old = Number(sqlValue(main.db, `SELECT bids_deadline FROM tenders WHERE id = ${ctx.tid}`));
	const mark = auditMark(main.db);
	const r = await postForm(officer, t, `${t}/amendments`, [['text_fi', 'Tarjousten jättöaikaa jatketaan viikolla.'],
		['text_sv', ''], ['new_date', isoDay(27)], ['new_time', '12:00']]);
	eq(r.status, 303, 'amend');
	const now = Number(sqlValue(main.db, `SELECT bids_deadline FROM tenders WHERE id = ${ctx.tid}`));
	eq(now - old, 7 * 86400, 'deadline moved by a week');
	eq(sqlValue(main.db, `SELECT old_bids_deadline || ' ' || new_bids_deadline FROM amendments WHERE tender_id = ${ctx.tid}`),
		`${old} ${now}`, 'amendment row');
	const providers = count(main.db, 'organisations', "kind = 'provider' AND status = 'approved'");
	eq(count(main.db, 'notifications') - notes, providers, 'a notification per approved provider');
	const note = sqlValue(main.db, 'SELECT text_en FROM notifications ORDER BY id DESC LIMIT 1');
	eq(note, 'The tender "Kuntouttavan työtoiminnan palvelut 2027–2028" has been amended.', 'notification text');
	assert(count(main.db, 'outbox') - mails >= providers, 'outbox rows for the e-mails');
	eq(auditSince(main.db, mark, 'tender.amend').length, 1, 'tender.amend audit');
	const page = await anon.get(t);
	assert(page.text.includes('Tarjousten jättöaikaa jatketaan viikolla.'), 'amendment not public');
	assert(page.text.includes('The deadline for bids was moved from'), 'moved deadline not shown');
	// Without a new deadline: text only.
	eq((await postForm(officer, t, `${t}/amendments`, [['text_fi', 'Liite 2 korjattu.']])).status, 303, 'text only');
	eq(Number(sqlValue(main.db, `SELECT bids_deadline FROM tenders WHERE id = ${ctx.tid}`)), now, 'deadline kept');
});

test('amendment: shortening or a past deadline, no text → 422; nothing written', async (ctx) => {
	const { main, officer } = ctx;
	const t = `/tenders/${ctx.tid}`;
	const rows = count(main.db, 'amendments');
	const deadline = sqlValue(main.db, `SELECT bids_deadline FROM tenders WHERE id = ${ctx.tid}`);
	for (const [what, pairs, field, msg] of [
		['shorter', [['text_fi', 'x'], ['new_date', isoDay(21)], ['new_time', '12:00']], 'am_date', 'The deadline can only be extended'],
		['past', [['text_fi', 'x'], ['new_date', isoDay(-3)], ['new_time', '12:00']], 'am_date', 'The new deadline must be in the future.'],
		['bad date', [['text_fi', 'x'], ['new_date', '2027-02-30'], ['new_time', '12:00']], 'am_date', 'Write a date like'],
		['no time', [['text_fi', 'x'], ['new_date', isoDay(40)]], 'am_time', 'Write a time like'],
		['no text', [['text_fi', ''], ['new_date', isoDay(40)], ['new_time', '12:00']], 'am_text_fi', 'Write what changes'],
	]) {
		const r = await postForm(officer, t, `${t}/amendments`, pairs);
		eq(r.status, 422, what);
		const err = fieldError(r.text, field);
		assert(err && err.startsWith(msg), `${what}: ${JSON.stringify(err)}, want ${msg}…`);
	}
	eq(count(main.db, 'amendments'), rows, 'amendment rows');
	eq(sqlValue(main.db, `SELECT bids_deadline FROM tenders WHERE id = ${ctx.tid}`), deadline, 'deadline');
	// A draft cannot be amended.
	eq((await postRaw(officer, `/tenders/${ctx.scratch}/amendments`, [['text_fi', 'x']])).status, 409, 'draft');
});

test('answering a question publishes it without who asked; notifications', async (ctx) => {
	const { main, officer, anon } = ctx;
	const t = `/tenders/${ctx.tid}`;
	const question = 'Voiko ryhmämuotoisen palvelun tarjota vain yhteen kuntaan?';
	sql(main.db, `INSERT INTO questions(tender_id, org_id, asked_by, asked_at, question) VALUES (${ctx.tid}, 2, ` +
		`(SELECT id FROM users WHERE username = 'provider'), unixepoch(), ${q(question)})`);
	ctx.qid = Number(sqlValue(main.db, `SELECT max(id) FROM questions WHERE tender_id = ${ctx.tid}`));
	const o = await officer.get(t);
	assert(o.text.includes('Puutyöpaja Kanerva ry') && o.text.includes(question), 'the officer does not see the question and who asked');
	const before = await anon.get(t);
	assert(!before.text.includes(question), 'unanswered question is public');
	const action = `${t}/questions/${ctx.qid}/answer`;
	const empty = await postForm(officer, t, action, [['answer', '  ']]);
	eq(empty.status, 422, 'empty answer');
	eq(fieldError(empty.text, `answer_${ctx.qid}`), 'Write the answer (1 to 10 000 characters).', 'empty answer: message');
	const notes = count(main.db, 'notifications');
	const mark = auditMark(main.db);
	const r = await postForm(officer, t, action, [['answer', 'Voi. Kunnat valitaan osa-alueittain.']]);
	eq(r.status, 303, 'answer');
	const providers = count(main.db, 'organisations', "kind = 'provider' AND status = 'approved'");
	eq(count(main.db, 'notifications') - notes, providers, 'a notification per approved provider');
	eq(auditSince(main.db, mark, 'question.answer').length, 1, 'question.answer audit');
	for (const [who, c] of [['anonymous', anon], ['provider kierratys', ctx.kierratys], ['admin', ctx.admin]]) {
		const p = await c.get(t);
		assert(p.text.includes(question) && p.text.includes('Voi. Kunnat valitaan osa-alueittain.'), `${who}: Q&A not shown`);
		assert(!p.text.includes('Puutyöpaja'), `${who}: the asker's name is shown`);
	}
	eq((await postRaw(officer, action, [['answer', 'Toinen vastaus']])).status, 409, 'answer twice');
	eq((await postRaw(officer, `${t}/questions/999999/answer`, [['answer', 'x']])).status, 404, 'no such question');
	eq((await postRaw(officer, `/tenders/${ctx.scratch}/questions/${ctx.qid}/answer`, [['answer', 'x']])).status, 404,
		'question through another tender');
});

// --- who may do what ---------------------------------------------------------------

test('officer routes: 403 to provider, caseworker, finance, admin; anonymous → login', async (ctx) => {
	const { main } = ctx;
	// The ids each pattern's :id segments take; one :id is the tender.
	const params = {
		'/tenders/:id/lots/:id': [ctx.tid, ctx.lot1],
		'/tenders/:id/lots/:id/delete': [ctx.tid, ctx.lot1],
		'/tenders/:id/lots/:id/criteria': [ctx.tid, ctx.lot1],
		'/tenders/:id/criteria/:id/delete': [ctx.tid, ctx.crit1],
		'/tenders/:id/requirements/:id/delete': [ctx.tid, ctx.req1],
		'/tenders/:id/files/:id/delete': [ctx.tid, ctx.fid],
		'/tenders/:id/questions/:id/answer': [ctx.tid, ctx.qid],
	};
	const fill = (pattern) => {
		const vals = [...(params[pattern] || [ctx.tid])];
		return pattern.replace(/:id/g, () => String(vals.shift() ?? 1));
	};
	const officerRoutes = routes('tendering').filter((rt) => rt.roles.join() === 'officer');
	assert(officerRoutes.length >= 18, `only ${officerRoutes.length} officer routes`);
	const mark = auditMark(main.db);
	const snapshot = () => sql(main.db, 'SELECT (SELECT count(*) FROM tenders), (SELECT count(*) FROM lots), ' +
		'(SELECT count(*) FROM criteria), (SELECT count(*) FROM requirements), (SELECT count(*) FROM amendments), ' +
		"(SELECT count(*) FROM tenders WHERE status = 'cancelled')")[0].join();
	const before = snapshot();
	let denied = 0;
	for (const rt of officerRoutes) {
		const p = fill(rt.pattern);
		for (const role of ['provider', 'caseworker', 'finance', 'admin']) {
			const c = ctx[role];
			const r = rt.method === 'GET' ? await c.get(p) : await postRaw(c, p, [['reason', 'x'], ['text_fi', 'x'], ['answer', 'x']]);
			eq(r.status, 403, `${role} ${rt.method} ${p}`);
			denied++;
		}
		const a = rt.method === 'GET' ? await ctx.anon.get(p) : await ctx.anon.post(p, { reason: 'x' });
		assert(a.status === 303 && a.location === `/login?next=${encodeURIComponent(p)}`,
			`anonymous ${rt.method} ${p}: ${a.status} ${a.location}`);
	}
	eq(snapshot(), before, 'nothing changed');
	eq(auditSince(main.db, mark, 'access.denied').length, denied, 'access.denied audit rows');
	// Admins may read the tender page and the list.
	eq((await ctx.admin.get(`/tenders/${ctx.tid}`)).status, 200, 'admin: tender page');
	const adminPage = await ctx.admin.get(`/tenders/${ctx.tid}`);
	assert(!adminPage.text.includes('Puutyöpaja'), 'admin sees who asked');
	assert(!adminPage.text.includes(`action="/tenders/${ctx.tid}/cancel"`), 'admin sees the cancel form');
});

// --- cancelling ---------------------------------------------------------------------

test('cancel: no reason → 422; with a reason → cancelled, shown, bidders notified', async (ctx) => {
	const { main, officer, anon } = ctx;
	const t = `/tenders/${ctx.tid}`;
	// An organisation with a bid row (its working copy) is told.
	sql(main.db, `INSERT INTO bids(tender_id, org_id, created_at, updated_at) VALUES (${ctx.tid}, 3, unixepoch(), unixepoch())`);
	const empty = await postForm(officer, t, `${t}/cancel`, [['reason', ' ']]);
	eq(empty.status, 422, 'no reason');
	assert((fieldError(empty.text, 'cancel_reason') || '').startsWith('Write the reason for cancelling'), 'no reason: message');
	eq(sqlValue(main.db, `SELECT status FROM tenders WHERE id = ${ctx.tid}`), 'published', 'still published');
	const notes3 = count(main.db, 'notifications', 'org_id = 3');
	const notes2 = count(main.db, 'notifications', 'org_id = 2');
	const mark = auditMark(main.db);
	const reason = 'Hankinnan tarve muuttui sote-uudistuksen vuoksi.';
	const r = await postForm(officer, t, `${t}/cancel`, [['reason', reason]]);
	eq(r.status, 303, 'cancel');
	eq(sqlValue(main.db, `SELECT status || '|' || cancel_reason FROM tenders WHERE id = ${ctx.tid}`), `cancelled|${reason}`, 'row');
	eq(count(main.db, 'notifications', 'org_id = 3') - notes3, 1, 'the bidder is notified');
	eq(count(main.db, 'notifications', 'org_id = 2') - notes2, 0, 'an organisation without a bid is not');
	eq(sqlValue(main.db, 'SELECT text_en FROM notifications WHERE org_id = 3 ORDER BY id DESC LIMIT 1'),
		'The tender "Kuntouttavan työtoiminnan palvelut 2027–2028" has been cancelled.', 'notification text');
	eq(auditSince(main.db, mark, 'tender.cancel').length, 1, 'tender.cancel audit');
	const page = await anon.get(t);
	eq(page.status, 200, 'a cancelled published tender stays readable');
	assert(page.text.includes('This tender has been cancelled.') && page.text.includes(reason), 'reason not shown');
	const list = await anon.get('/tenders');
	assert(!list.text.includes(`href="${t}"`), 'cancelled tender on the public list');
	const olist = await officer.get('/tenders');
	assert(/Drafts and cancelled tenders[\s\S]*Cancelled/.test(olist.text), 'not in the officer\'s cancelled list');
	eq((await postRaw(officer, `${t}/cancel`, [['reason', 'again']])).status, 409, 'cancel twice');
	eq((await postRaw(officer, `${t}/amendments`, [['text_fi', 'x']])).status, 409, 'amend a cancelled tender');
	// A cancelled draft stays hidden.
	eq((await postForm(officer, `/tenders/${ctx.scratch}`, `/tenders/${ctx.scratch}/cancel`, [['reason', 'Kokeilu']])).status, 303, 'cancel draft');
	eq((await anon.get(`/tenders/${ctx.scratch}`)).status, 404, 'cancelled draft: anonymous');
	eq((await officer.get(`/tenders/${ctx.scratch}`)).status, 200, 'cancelled draft: officer');
	eq((await postRaw(officer, `/tenders/${ctx.scratch}/lots`, lotPairs({ weight: '100' }))).status, 409, 'edit a cancelled draft');
});

test('audit rows exist for create, publish, amend and cancel of the tender', async (ctx) => {
	for (const action of ['tender.create', 'tender.update', 'tender.publish', 'tender.amend', 'tender.cancel']) {
		const rows = sql(ctx.main.db, `SELECT actor FROM audit_log WHERE action = ${q(action)} AND object = 'tender:${ctx.tid}'`);
		assert(rows.length >= 1, `no ${action} row`);
		assert(rows.every((r) => r[0] === 'officer'), `${action}: actor ${JSON.stringify(rows)}`);
	}
});

test('the public tender list comes 50 at a time; bad page numbers are refused', async (ctx) => {
	const db = ctx.main.db;
	const cols = sql(db, 'PRAGMA table_info(tenders)').map((r) => r[1]).filter((c) => c !== 'id');
	const before = Number(sqlValue(db, "SELECT count(*) FROM tenders WHERE status IN ('published', 'opened', 'awarded')"));
	const add = 60;
	const sel = cols.map((c) => (c === 'status' ? "'awarded'" : c === 'title_fi' ? "'Sivutettu ' || n" : c)).join(', ');
	sql(db, `WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < ${add}) ` +
		`INSERT INTO tenders(${cols.join(', ')}) SELECT ${sel} FROM k, (SELECT * FROM tenders WHERE status = 'awarded' LIMIT 1)`);
	const total = before + add;
	const rows = (html) => {
		const t = html.slice(html.indexOf('<caption>Published tenders</caption>'));
		return (t.slice(0, t.indexOf('</table>')).match(/<tr><td><a href="\/tenders\/\d+">/g) || []).length;
	};
	const p1 = await ctx.anon.get('/tenders');
	eq(p1.status, 200, 'page 1');
	eq(rows(p1.text), 50, 'rows on page 1');
	assert(p1.text.includes('href="/tenders?page=2"') && !p1.text.includes('rel="prev"'), 'a next link only');
	const p2 = await ctx.anon.get('/tenders?page=2');
	eq(p2.status, 200, 'page 2');
	eq(rows(p2.text), Math.min(50, total - 50), 'rows on page 2');
	assert(p2.text.includes('href="/tenders?page=1"'), 'a previous link');
	for (const bad of ['0', 'x', '-2', '2x'])
		eq((await ctx.anon.get(`/tenders?page=${bad}`)).status, 400, `page ${bad}`);
	eq((await ctx.anon.get('/tenders?page=9')).status, 404, 'past the last page');
	const staff = await ctx.officer.get('/tenders?page=2');
	assert(!staff.text.includes('Drafts and cancelled tenders'), 'the staff list only on the first page');
	sql(db, "DELETE FROM tenders WHERE title_fi LIKE 'Sivutettu %'");
});

// --- main ---------------------------------------------------------------------------

async function main() {
	const ctx = { stacks: [] };
	let passed = 0, failed = 0;
	for (const sig of ['SIGINT', 'SIGTERM'])
		process.on(sig, () => {
			for (const s of ctx.stacks) stopStack(s);
			process.exit(130);
		});
	try {
		ctx.main = await startStack('tender-officer');
		ctx.stacks.push(ctx.main);
		ctx.anon = new Client(ctx.main);
		for (const u of ['officer', 'admin', 'provider', 'caseworker', 'finance', 'kierratys'])
			ctx[u] = await loginClient(ctx.main, u);
		({ passed, failed } = await run(ctx));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${(e && e.message) || e}`);
	} finally {
		for (const s of ctx.stacks) stopStack(s);
	}
	const found = [];
	for (const s of ctx.stacks) {
		const log = path.join(s.dir, 'log/paikka.log');
		const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
		const line = text.split('\n').find((l) => SANITIZER.test(l) || /internal error/.test(l));
		if (line) found.push(`${log}: ${line.trim()}`);
	}
	if (found.length) {
		failed++;
		console.log(`not ok - no sanitizer reports or internal errors in the log: ${found.join('; ')}`);
	} else {
		passed++;
		console.log('ok - no sanitizer reports or internal errors in the log');
	}
	if (failed === 0 && !process.env.KEEP)
		for (const s of ctx.stacks) fs.rmSync(s.dir, { recursive: true, force: true });
	else
		for (const s of ctx.stacks) console.log(`# stack ${s.label} kept in ${s.dir} (${B})`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main();
