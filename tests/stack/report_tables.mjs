// The reports of issue 6 (/reports) through the real stack, against data
// built here in 2025 with known answers (demo layers up to 2 only, whose
// dates are near today and so outside the ranges asked): distinct client
// totals, a range cutting placements, an empty month, outcomes with
// shares, occupancy at month ends (a closed place, an over-full place),
// approved invoices net of a credit note against estimates; CSV equal to
// the page for every report; every chart well-formed XML with title and
// desc; every route × role (anonymous to login, caseworkers without
// spending, providers and caseworkers only their own organisation's
// numbers, a marker client of another organisation never shown); bad
// input refused with a message next to the field.
// Usage: B=build node tests/stack/report_tables.mjs
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import {
	B, ROOT, PASSWORD, assert, eq, startStack, stopStack, sql, sqlValue, Client, login, registry, unescapeHtml, fieldError, htmlLang, finish,
} from './lib.mjs';

process.env.PAIKKA_DEMO_LAYERS ??= '2';
const { test, run } = registry();
const MARK = 'ZZMARK90';
const KANERVA = 'Puutyöpaja Kanerva ry';
const KIERTO = 'Kiteen Kierrätysosuuskunta';

// --- the scenario -------------------------------------------------------------

// Org 2 (Kanerva) and 3 (Kierto) provide; caseworker org 1 places A1
// (with both providers), B2, C3, D4 (still proposed) and E5; caseworker
// org 90 places the marker client with Kierto. Lot 901's 730 days a year
// are shared by contracts 901 and 902 (one estimated day a day each), lot
// 902's 365 belong to contract 903 alone.
function scenario(db, otherCw) {
	const ts = (d) => `unixepoch('${d} 12:00')`;
	sql(db, `
INSERT INTO tenders(id, status, title_fi, created_by, created_at) VALUES (90, 'awarded', 'Raporttien testi', 2, ${ts('2024-10-01')});
INSERT INTO lots(id, tender_id, number, service_type_id, form, est_days_per_year, pricing, fixed_price_cents) VALUES
 (901, 90, 1, 1, 'both', 730, 'fixed', 1000), (902, 90, 2, 2, 'both', 365, 'fixed', 2000);
INSERT INTO contracts(id, org_id, tender_id, lot_id, service_type_id, form, daily_price_cents, start_date, end_date, status, ended_at, created_by, created_at) VALUES
 (901, 2, 90, 901, 1, 'both', 1000, '2025-01-01', '2025-12-31', 'ended', ${ts('2026-01-05')}, 2, ${ts('2024-12-01')}),
 (902, 3, 90, 901, 1, 'both', 1000, '2025-01-01', '2025-12-31', 'ended', ${ts('2026-01-05')}, 2, ${ts('2024-12-01')}),
 (903, 2, 90, 902, 2, 'both', 2000, '2025-03-15', '2025-12-31', 'ended', ${ts('2026-01-05')}, 2, ${ts('2024-12-01')});
INSERT INTO places(id, contract_id, org_id, title, municipality_id, service_type_id, form, weekdays, hours_min, hours_max, capacity, status, created_at, updated_at) VALUES
 (901, 901, 2, 'R1', (SELECT id FROM municipalities WHERE name_fi = 'Joensuu'), 1, 'individual', 31, 4, 6, 3, 'closed', ${ts('2024-12-15')}, ${ts('2026-01-05')}),
 (902, 902, 3, 'R2', (SELECT id FROM municipalities WHERE name_fi = 'Kitee'), 1, 'group', 31, 4, 6, 2, 'closed', ${ts('2024-12-15')}, ${ts('2026-01-05')}),
 (903, 903, 2, 'R3', (SELECT id FROM municipalities WHERE name_fi = 'Joensuu'), 2, 'both', 31, 4, 6, 1, 'closed', ${ts('2025-03-15')}, ${ts('2026-01-05')}),
 (904, 901, 2, 'R4', (SELECT id FROM municipalities WHERE name_fi = 'Joensuu'), 1, 'individual', 31, 4, 6, 4, 'closed', ${ts('2025-01-01')}, ${ts('2025-03-01')});
INSERT INTO placements(id, client_ref, client_name, place_id, contract_id, org_id, caseworker_id, caseworker_org_id, start_date, weekdays, hours_per_day, status, end_date, outcome, created_at) VALUES
 (901, 'A1', 'Asiakas A', 901, 901, 2, 3, 1, '2025-01-10', 3, 4, 'ended', '2025-03-15', 'studies', 0),
 (902, 'A1', 'Asiakas A', 902, 902, 3, 3, 1, '2025-03-20', 3, 4, 'ended', '2025-12-31', 'employed_subsidy', 0),
 (903, 'B2', 'Asiakas B', 901, 901, 2, 3, 1, '2025-02-01', 3, 4, 'ended', '2025-12-31', 'no_change', 0),
 (904, '${MARK}', 'Merkki Toinen', 902, 902, 3, ${otherCw}, 90, '2025-01-05', 3, 4, 'ended', '2025-02-20', 'employed_open', 0),
 (905, 'C3', 'Asiakas C', 903, 903, 2, 3, 1, '2025-04-01', 3, 4, 'ended', '2025-04-30', 'no_change', 0),
 (906, 'D4', 'Asiakas D', 901, 901, 2, 3, 1, '2025-05-01', 3, 4, 'proposed', NULL, NULL, 0),
 (907, 'E5', 'Asiakas E', 903, 903, 2, 3, 1, '2025-04-10', 3, 4, 'ended', '2025-12-31', 'other', 0);
INSERT INTO attendance(placement_id, day, status, recorded_by, recorded_at) VALUES
 (901, '2025-01-13', 'present', 5, 0), (901, '2025-01-14', 'present', 5, 0), (901, '2025-01-15', 'absent_sick', 5, 0),
 (901, '2025-02-03', 'present', 5, 0), (901, '2025-03-03', 'present', 5, 0),
 (902, '2025-03-24', 'present', 6, 0), (902, '2025-04-07', 'present', 6, 0), (902, '2025-04-08', 'present', 6, 0),
 (903, '2025-02-04', 'present', 5, 0), (903, '2025-02-05', 'present', 5, 0), (903, '2025-03-04', 'present', 5, 0),
 (903, '2025-03-05', 'absent_other', 5, 0),
 (904, '2025-01-07', 'present', 6, 0), (904, '2025-02-11', 'present', 6, 0),
 (905, '2025-04-02', 'present', 5, 0);
INSERT INTO invoices(id, org_id, buyer_org_id, contract_id, month, seq, number, version, status, invoice_date, due_date, total_cents, vat_text, iban, bic, reference, created_by, created_at, kind, credit_of, credit_reason, credited_at) VALUES
 (901, 2, 1, 901, '2025-01', 9901, '2-09901', 1, 'approved', '2025-02-01', '2025-02-21', 2000, 'x', '', '', '', 5, 0, 'invoice', NULL, '', NULL),
 (902, 3, 1, 902, '2025-02', 9901, '3-09901', 1, 'approved', '2025-03-01', '2025-03-21', 1000, 'x', '', '', '', 6, 0, 'invoice', NULL, '', NULL),
 (903, 2, 1, 901, '2025-02', 9902, '2-09902', 1, 'submitted', '2025-03-01', '2025-03-21', 3000, 'x', '', '', '', 5, 0, 'invoice', NULL, '', NULL),
 (904, 2, 1, 903, '2025-04', 9903, '2-09903', 1, 'approved', '2025-05-01', '2025-05-21', 2000, 'x', '', '', '', 5, 0, 'invoice', NULL, '', 1),
 (905, 2, 1, 903, '2025-04', 9904, '2-09904', 2, 'approved', '2025-05-05', '2025-05-25', 2000, 'x', '', '', '', 5, 0, 'credit', 904, 'väärin', NULL),
 (906, 2, 1, 903, '2025-04', 9905, '2-09905', 3, 'approved', '2025-05-06', '2025-05-26', 2000, 'x', '', '', '', 5, 0, 'invoice', NULL, '', NULL);
INSERT INTO invoice_lines(invoice_id, placement_id, client_ref, service_type_id, period_start, period_end, days, unit_cents, total_cents, sign) VALUES
 (901, 901, 'A1', 1, '2025-01-10', '2025-01-31', 2, 1000, 2000, 1),
 (902, 904, '${MARK}', 1, '2025-02-01', '2025-02-20', 1, 1000, 1000, 1),
 (903, 901, 'A1', 1, '2025-02-01', '2025-02-28', 1, 1000, 1000, 1),
 (903, 903, 'B2', 1, '2025-02-01', '2025-02-28', 2, 1000, 2000, 1),
 (904, 905, 'C3', 2, '2025-04-01', '2025-04-30', 1, 2000, 2000, 1),
 (905, 905, 'C3', 2, '2025-04-01', '2025-04-30', 1, 2000, 2000, -1),
 (906, 905, 'C3', 2, '2025-04-01', '2025-04-30', 1, 2000, 2000, 1);`);
}

// --- page and CSV parsing -------------------------------------------------------

function cells(tr) {
	return [...tr.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => unescapeHtml(c[1].trim()));
}

// {rows, foot} of the table with this id: cell texts.
function table(html, id) {
	const i = html.indexOf(`<table id="${id}"`);
	assert(i >= 0, `table ${id}`);
	const t = html.slice(i, html.indexOf('</table>', i));
	const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(t);
	const foot = /<tfoot>([\s\S]*?)<\/tfoot>/.exec(t);
	return {
		rows: body ? [...body[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => cells(m[1])) : [],
		foot: foot ? cells(foot[1]) : [],
		caption: unescapeHtml((/<caption>([\s\S]*?)<\/caption>/.exec(t) || ['', ''])[1]),
	};
}

// A shown number as its digits: "26 695" → "26695", "€1,234.50" →
// "123450", "33.3%" → "333", "-€3.00" → "-300"; CSV numbers the same way.
function num(s) {
	return s.replace(/[^0-9-]/g, '');
}

function parseCsv(text) {
	const lines = text.split('\r\n');
	eq(lines.pop(), '', 'ends in CRLF');
	return lines.map((line) => {
		const out = [];
		let cur = '', quoted = false;
		for (let i = 0; i < line.length; i++) {
			const ch = line[i];
			if (quoted) {
				if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
				else if (ch === '"') quoted = false;
				else cur += ch;
			} else if (ch === '"') quoted = true;
			else if (ch === ';') { out.push(cur); cur = ''; }
			else cur += ch;
		}
		out.push(cur);
		return out;
	});
}

// The page's rows (and foot) against the CSV's: labels equal, numbers
// equal digit for digit. labels: how many leading text columns.
function sameRows(pageRows, csvRows, labels, what) {
	eq(csvRows.length, pageRows.length, `${what}: as many rows`);
	pageRows.forEach((p, i) => {
		const c = csvRows[i];
		eq(c.length, p.length, `${what} row ${i}: columns`);
		for (let k = 0; k < p.length; k++)
			eq(k < labels ? c[k] : num(c[k]), k < labels ? p[k] : num(p[k]), `${what} row ${i} col ${k}`);
	});
}

async function page(c, p, status = 200) {
	const r = await c.get(p);
	eq(r.status, status, `GET ${p}`);
	return r.text;
}

// The CSV's rows; fetched as bytes, since text() would drop the BOM.
async function csv(c, p) {
	const r = await fetch(c.stack.base + p, { headers: { cookie: c.cookieHeader(), 'accept-language': c.lang } });
	eq(r.status, 200, `GET ${p}`);
	assert(/^text\/csv; charset=utf-8/.test(r.headers.get('content-type')), `${p}: CSV type`);
	assert(/^attachment; filename="[a-z0-9-]+\.csv"$/.test(r.headers.get('content-disposition')), `${p}: attachment`);
	const raw = Buffer.from(await r.arrayBuffer());
	eq(raw.subarray(0, 3).toString('hex'), 'efbbbf', `${p}: BOM`);
	return parseCsv(raw.subarray(3).toString('utf8'));
}

// Label → [clients, days] of a volume page.
function volume(html) {
	const t = table(html, 'report-table');
	const m = Object.fromEntries(t.rows.map((r) => [r[0], [Number(num(r[1])), Number(num(r[2]))]]));
	return { rows: m, n: t.rows.length, total: [Number(num(t.foot[1])), Number(num(t.foot[2]))] };
}

const Y = 'from=2025-01-01&to=2025-12-31';

// --- volume ---------------------------------------------------------------------

test('volume by month: exact numbers, an empty month, distinct total', async (ctx) => {
	const v = volume(await page(ctx.admin, '/reports/volume?from=2025-01-01&to=2025-05-31&group=month'));
	eq(v.n, 5, 'a row per month');
	eq(JSON.stringify(v.rows), JSON.stringify({
		'2025-01': [2, 3], '2025-02': [3, 4], '2025-03': [2, 3], '2025-04': [2, 3], '2025-05': [0, 0],
	}), 'months');
	eq(JSON.stringify(v.total), '[4,13]', 'total: 4 distinct clients, 13 days');
	const sum = Object.values(v.rows).reduce((s, r) => s + r[0], 0);
	assert(sum > v.total[0], 'a client in several months counts once in the total');
});

test('volume by provider, municipality, service type and form: distinct totals', async (ctx) => {
	let v = volume(await page(ctx.admin, `/reports/volume?${Y}&group=provider`));
	eq(JSON.stringify(v.rows), JSON.stringify({ [KIERTO]: [2, 5], [KANERVA]: [3, 8] }), 'providers');
	eq(JSON.stringify(v.total), '[4,13]', 'A1 was with both providers and counts once');
	v = volume(await page(ctx.admin, `/reports/volume?${Y}&group=municipality`));
	eq(JSON.stringify(v.rows), JSON.stringify({ Joensuu: [3, 8], Kitee: [2, 5] }), 'municipalities');
	v = volume(await page(ctx.admin, `/reports/volume?${Y}&group=service`));
	eq(v.n, 2, 'two service types');
	eq(JSON.stringify(Object.values(v.rows)), '[[3,12],[1,1]]', 'service 1 then 2');
	v = volume(await page(ctx.admin, `/reports/volume?${Y}&group=form`));
	eq(JSON.stringify(v.rows), JSON.stringify({
		Individual: [2, 7], Group: [2, 5], 'Individual or group': [1, 1],
	}), 'forms');
	eq(JSON.stringify(v.total), '[4,13]', 'total');
});

test('volume: a range cutting placements counts only its days', async (ctx) => {
	const v = volume(await page(ctx.admin, '/reports/volume?from=1.2.2025&to=16.3.2025&group=provider'));
	eq(JSON.stringify(v.rows), JSON.stringify({ [KIERTO]: [1, 1], [KANERVA]: [2, 5] }), 'cut rows');
	eq(JSON.stringify(v.total), '[3,6]', 'cut total');
	const none = await page(ctx.admin, '/reports/volume?from=2020-01-01&to=2020-12-31&group=provider');
	eq(volume(none).n, 0, 'no rows');
	eq(JSON.stringify(volume(none).total), '[0,0]', 'zero total');
	assert(none.includes('No realised days in this range.'), 'said so');
});

// --- outcomes -------------------------------------------------------------------

function outcomes(html) {
	const t = table(html, 'report-table');
	return {
		rows: Object.fromEntries(t.rows.map((r) => [r[0], [Number(num(r[1])), Number(num(r[2]))]])),
		n: t.rows.length, total: Number(num(t.foot[1])), foot: t.foot,
	};
}

test('outcomes: every outcome listed, counts and shares in per mille', async (ctx) => {
	const o = outcomes(await page(ctx.admin, `/reports/outcomes?${Y}`));
	eq(o.n, 12, 'the twelve outcomes');
	eq(o.total, 6, 'six endings in 2025');
	eq(JSON.stringify(o.rows['No change in the situation']), '[2,333]', 'no change: 2, 33.3 %');
	eq(JSON.stringify(o.rows['Started studies leading to a degree']), '[1,167]', 'studies: 1, 16.7 %');
	eq(JSON.stringify(o.rows['Employed on the open labour market']), '[1,167]', 'the marker client');
	eq(JSON.stringify(o.rows.Retired), '[0,0]', 'zero rows stay');
	eq(o.foot[2], '100.0%', 'total share');
	const cut = outcomes(await page(ctx.admin, '/reports/outcomes?from=2025-03-01&to=2025-04-30'));
	eq(cut.total, 2, 'March-April: studies and one no change');
	const kierto = outcomes(await page(ctx.admin, `/reports/outcomes?${Y}&provider=3`));
	eq(kierto.total, 2, 'one provider');
	eq(JSON.stringify(kierto.rows['Employed with pay subsidy']), '[1,500]', '50.0 %');
});

// --- occupancy ------------------------------------------------------------------

test('occupancy at month ends: closed place, over-full place, proposed not counted', async (ctx) => {
	const html = await page(ctx.admin, '/reports/occupancy?from=2025-01-15&to=2025-04-30&group=both');
	const s = table(html, 'report-summary');
	eq(s.rows.length, 5, 'four month ends in the range and today');
	eq(s.rows[0][0], '31.01.2025', 'first month end');
	assert(s.rows[4][0].startsWith('Today, '), 'today last');
	const feb = table(html, 'occ-2025-02-28');
	eq(JSON.stringify(feb.rows.map((r) => [r[0], r[1].slice(0, 2), ...r.slice(2).map(num)])), JSON.stringify([
		['Joensuu', '1 ', '7', '2', '5'], ['Kitee', '1 ', '2', '0', '2'],
	]), '28.2.: Joensuu (with the closed place still open), Kitee');
	eq(JSON.stringify(feb.foot.slice(1).map(num)), '["9","2","7"]', '28.2. total');
	const apr = table(html, 'occ-2025-04-30');
	eq(apr.rows.length, 3, 'service 2 in Joensuu from 15.3.');
	const j2 = apr.rows.find((r) => r[0] === 'Joensuu' && r[1].startsWith('2 '));
	eq(JSON.stringify(j2.slice(2).map(num)), '["1","2","0"]', 'over-full place: 0 free, never negative');
	eq(JSON.stringify(apr.foot.slice(1).map(num)), '["6","4","3"]', '30.4. total');
	eq(JSON.stringify(s.rows[1].slice(1).map(num)), '["9","2","7"]', 'summary = the day table');
});

// --- spending -------------------------------------------------------------------

function spending(html) {
	const t = table(html, 'report-table');
	return {
		rows: Object.fromEntries(t.rows.map((r) => [r[0], r.slice(1).map((x) => Number(num(x)))])),
		n: t.rows.length, foot: t.foot.slice(1).map((x) => Number(num(x))),
	};
}

test('spending: approved net of credit notes, against estimates', async (ctx) => {
	// Columns: invoiced days, approved cents, estimated days, estimate
	// cents, difference cents.
	const m = spending(await page(ctx.fin, '/reports/spending?from=2025-01-20&to=2025-04-02&group=month'));
	eq(m.n, 4, 'the months the range touches');
	eq(JSON.stringify(m.rows), JSON.stringify({
		'2025-01': [2, 2000, 62, 62000, -60000],
		'2025-02': [1, 1000, 56, 56000, -55000],
		'2025-03': [0, 0, 79, 96000, -96000],
		'2025-04': [1, 2000, 90, 120000, -118000],
	}), 'months (the submitted February invoice not counted)');
	eq(JSON.stringify(m.foot), JSON.stringify([4, 5000, 287, 334000, -329000]), 'total');
	const p = spending(await page(ctx.fin, '/reports/spending?from=2025-01-01&to=2025-04-30&group=provider'));
	eq(JSON.stringify(p.rows[KANERVA]), JSON.stringify([3, 4000, 167, 214000, -210000]), 'Kanerva');
	eq(JSON.stringify(p.rows[KIERTO]), JSON.stringify([1, 1000, 120, 120000, -119000]), 'Kierto');
	const s = spending(await page(ctx.fin, '/reports/spending?from=2025-01-01&to=2025-04-30&group=service'));
	eq(JSON.stringify(Object.values(s.rows).map((r) => r[1])), '[3000,2000]', 'by service type');
});

// --- CSV = page ----------------------------------------------------------------

test('CSV equals the page for every report and grouping', async (ctx) => {
	for (const g of ['month', 'provider', 'service', 'municipality', 'form']) {
		const q = `?${Y}&group=${g}`;
		const t = table(await page(ctx.admin, `/reports/volume${q}`), 'report-table');
		const c = await csv(ctx.admin, `/reports/volume.csv${q}`);
		eq(c[0].slice(1).join(';'), 'Clients;Realised days', 'volume header');
		sameRows([...t.rows, t.foot], c.slice(1), 1, `volume ${g}`);
		eq(c[c.length - 1][0], 'Total (distinct clients)', 'total row');
	}
	for (const q of [`?${Y}`, `?${Y}&provider=2`]) {
		const t = table(await page(ctx.admin, `/reports/outcomes${q}`), 'report-table');
		const c = await csv(ctx.admin, `/reports/outcomes.csv${q}`);
		sameRows([...t.rows, t.foot], c.slice(1), 1, `outcomes ${q}`);
	}
	for (const g of ['month', 'provider', 'service']) {
		const q = `?from=2025-01-01&to=2025-06-30&group=${g}`;
		const t = table(await page(ctx.fin, `/reports/spending${q}`), 'report-table');
		const c = await csv(ctx.fin, `/reports/spending.csv${q}`);
		sameRows([...t.rows, t.foot], c.slice(1), 1, `spending ${g}`);
	}
	for (const g of ['both', 'municipality', 'service']) {
		const q = `?from=2025-01-01&to=2025-04-30&group=${g}`;
		const html = await page(ctx.admin, `/reports/occupancy${q}`);
		const c = (await csv(ctx.admin, `/reports/occupancy.csv${q}`)).slice(1);
		const days = [...new Set(c.map((r) => r[0]))];
		eq(days.length, 5, `occupancy ${g}: four month ends and today`);
		for (const d of days) {
			const t = table(html, `occ-${d}`);
			const rows = c.filter((r) => r[0] === d).map((r) => r.slice(1));
			// The page's total row spans the label columns.
			const foot = g === 'both' ? [t.foot[0], '', ...t.foot.slice(1)] : t.foot;
			sameRows([...t.rows, foot], rows, g === 'both' ? 2 : 1, `occupancy ${g} ${d}`);
		}
	}
});

// --- charts ---------------------------------------------------------------------

test('every chart is well-formed SVG labelled by its title and desc', async (ctx) => {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paikka-svg-'));
	const pages = ['/reports/volume?group=month', `/reports/volume?${Y}&group=provider`,
		'/reports/volume?from=2020-01-01&to=2020-02-01&group=provider', `/reports/outcomes?${Y}`,
		'/reports/occupancy?from=2025-01-01&to=2025-04-30', '/reports/spending?from=2025-01-01&to=2025-06-30'];
	try {
		for (const p of pages) {
			const html = await page(ctx.admin, p);
			const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) || [];
			eq(svgs.length, 1, `${p}: one chart`);
			const svg = svgs[0];
			const file = path.join(tmp, 'chart.svg');
			fs.writeFileSync(file, svg);
			const lint = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8' });
			eq(lint.status, 0, `${p}: xmllint ${lint.stderr}`);
			const id = /aria-labelledby="([^" ]+) ([^" ]+)"/.exec(svg);
			assert(id, `${p}: aria-labelledby`);
			assert(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img"/.test(svg), `${p}: role img`);
			const title = new RegExp(`<title id="${id[1]}">([^<]+)</title>`).exec(svg);
			const desc = new RegExp(`<desc id="${id[2]}">([^<]+)</desc>`).exec(svg);
			assert(title && desc, `${p}: title and desc`);
			assert(svg.indexOf('<title') < svg.indexOf('<desc'), `${p}: title first`);
			// The figure sits beside its data table.
			assert(/<div class="report-pair">\s*<table id="report-(table|summary)">[\s\S]*?<\/table>\s*<figure class="report-chart"><svg/.test(html), `${p}: table beside chart`);
		}
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
});

// --- roles ----------------------------------------------------------------------

const ROUTES = ['/reports', '/reports/volume', '/reports/volume.csv', '/reports/outcomes',
	'/reports/outcomes.csv', '/reports/occupancy', '/reports/occupancy.csv', '/reports/spending',
	'/reports/spending.csv'];

test('route × role: anonymous to login, caseworkers without spending, staff everything', async (ctx) => {
	const anon = new Client(ctx.stack);
	for (const p of ROUTES) {
		const r = await anon.get(p);
		eq(r.status, 303, `anonymous ${p}`);
		eq(r.location, `/login?next=${encodeURIComponent(p)}`, `anonymous ${p} location`);
	}
	for (const who of ['admin', 'officer', 'fin', 'prov', 'kierto', 'cw', 'other'])
		for (const p of ROUTES) {
			const spend = p.startsWith('/reports/spending');
			const want = spend && (who === 'cw' || who === 'other') ? 403 : 200;
			eq((await ctx[who].get(p)).status, want, `${who} ${p}`);
		}
	const idx = await page(ctx.cw, '/reports');
	assert(!idx.includes('href="/reports/spending"'), 'no spending link for caseworkers');
	assert((await page(ctx.prov, '/')).includes('href="/reports"'), 'providers have the menu item');
});

test('providers see only their own organisation\'s numbers', async (ctx) => {
	for (const [who, mine, theirs, org] of [['prov', KANERVA, KIERTO, 2], ['kierto', KIERTO, KANERVA, 3]]) {
		const c = ctx[who];
		const v = volume(await page(c, `/reports/volume?${Y}&group=provider`));
		eq(Object.keys(v.rows).join('|'), mine, `${who}: own row only`);
		const own = sql(ctx.stack.db, `SELECT count(DISTINCT p.client_ref), count(*) FROM attendance a JOIN placements p ` +
			`ON p.id = a.placement_id WHERE a.status = 'present' AND a.day BETWEEN '2025-01-01' AND '2025-12-31' AND p.org_id = ${org}`)[0];
		eq(JSON.stringify(v.total), JSON.stringify(own.map(Number)), `${who}: total = own sums`);
		const m = volume(await page(c, `/reports/volume?${Y}&group=month`));
		eq(JSON.stringify(m.total), JSON.stringify(own.map(Number)), `${who}: by month too`);
		const o = outcomes(await page(c, `/reports/outcomes?${Y}&provider=${5 - org}`));
		eq(o.total, Number(sqlValue(ctx.stack.db, `SELECT count(*) FROM placements WHERE status = 'ended' ` +
			`AND end_date LIKE '2025-%' AND org_id = ${org}`)), `${who}: own endings, the provider filter ignored`);
		const occ = await page(c, '/reports/occupancy?from=2025-04-01&to=2025-04-30&group=service');
		const cap = Number(sqlValue(ctx.stack.db, `SELECT sum(capacity) FROM places WHERE id BETWEEN 901 AND 903 AND org_id = ${org}`));
		eq(Number(num(table(occ, 'occ-2025-04-30').foot[1])), cap, `${who}: own capacity`);
		const sp = spending(await page(c, '/reports/spending?from=2025-01-01&to=2025-06-30&group=provider'));
		eq(Object.keys(sp.rows).join('|'), mine, `${who}: own spending row`);
		eq(sp.foot[1], Number(sqlValue(ctx.stack.db, `SELECT sum(l.net_cents) FROM invoice_lines l JOIN invoices i ON ` +
			`i.id = l.invoice_id WHERE i.status = 'approved' AND i.month LIKE '2025-%' AND i.org_id = ${org}`)), `${who}: own approved`);
		for (const p of [`/reports/volume?${Y}&group=provider`, `/reports/volume.csv?${Y}&group=provider`,
			`/reports/spending?${Y}&group=provider`, `/reports/spending.csv?${Y}&group=provider`]) {
			const r = await c.get(p);
			assert(!r.text.includes(theirs), `${who}: ${p} has no ${theirs}`);
			assert(!r.text.includes(MARK), `${who}: ${p} has no marker`);
		}
	}
	const d = volume(await page(ctx.diak, `/reports/volume?${Y}&group=provider`));
	eq(d.n + d.total[0] + d.total[1], 0, 'a provider with no clients sees nothing');
});

test('caseworkers see only the placements of their own organisation', async (ctx) => {
	const db = ctx.stack.db;
	const own = (org) => sql(db, `SELECT count(DISTINCT p.client_ref), count(*) FROM attendance a JOIN placements p ` +
		`ON p.id = a.placement_id WHERE a.status = 'present' AND a.day BETWEEN '2025-01-01' AND '2025-12-31' ` +
		`AND p.caseworker_org_id = ${org}`)[0].map(Number);
	const v = volume(await page(ctx.cw, `/reports/volume?${Y}&group=provider`));
	eq(JSON.stringify(v.total), JSON.stringify(own(1)), 'org 1 totals');
	eq(JSON.stringify(v.total), '[3,11]', 'the marker\'s days are not in it');
	eq(JSON.stringify(v.rows[KIERTO]), '[1,3]', 'Kierto: only A1');
	const o = volume(await page(ctx.other, `/reports/volume?${Y}&group=month`));
	eq(JSON.stringify(o.total), JSON.stringify(own(90)), 'org 90: only the marker');
	eq(JSON.stringify(o.total), '[1,2]', 'one client, two days');
	const oc = outcomes(await page(ctx.other, `/reports/outcomes?${Y}`));
	eq(oc.total, 1, 'org 90: one ending');
	eq(outcomes(await page(ctx.cw, `/reports/outcomes?${Y}`)).total, 5, 'org 1: five endings');
	for (const c of [ctx.cw, ctx.other, ctx.admin, ctx.fin])
		for (const p of [`/reports/volume?${Y}&group=provider`, `/reports/volume.csv?${Y}`, `/reports/outcomes?${Y}`,
			`/reports/outcomes.csv?${Y}`, '/reports/occupancy?from=2025-01-01&to=2025-04-30'])
			assert(!(await c.get(p)).text.includes(MARK), `no client reference in ${p}`);
});

// --- bad input ------------------------------------------------------------------

test('bad input: 422 with the message next to the field, never a 500', async (ctx) => {
	const cases = [
		['/reports/volume?from=31.2.2025', 'from', 'Write the date as dd.mm.yyyy.'],
		['/reports/volume?from=x%27%3B', 'from', 'Write the date as dd.mm.yyyy.'],
		['/reports/volume?to=2025-13-01', 'to', 'Write the date as dd.mm.yyyy.'],
		['/reports/volume?from=2025-05-01&to=2025-04-30', 'to', 'The last day cannot be before the first day.'],
		['/reports/outcomes?from=2000-01-01&to=2025-01-01', 'to', 'The range can be at most ten years.'],
		['/reports/volume?group=both', 'group', 'Choose the grouping from the list.'],
		['/reports/occupancy?group=month', 'group', 'Choose the grouping from the list.'],
		['/reports/spending?group=form', 'group', 'Choose the grouping from the list.'],
		['/reports/outcomes?provider=abc', 'provider', 'Choose the provider from the list.'],
		['/reports/outcomes?provider=1', 'provider', 'Choose the provider from the list.'],
	];
	for (const [p, field, msg] of cases) {
		const r = await ctx.admin.get(p);
		eq(r.status, 422, p);
		eq(fieldError(r.text, field), msg, `${p}: message next to ${field}`);
		const c = await ctx.admin.get(p.replace(/^(\/reports\/[a-z]+)/, '$1.csv'));
		eq(c.status, 422, `${p} as CSV`);
		assert(c.text.includes(msg.replace(/'/g, '&#39;')), `${p} as CSV: message`);
	}
	// Typed values are kept in the form.
	const r = await ctx.admin.get('/reports/volume?from=1.2.2025&to=huomenna');
	assert(r.text.includes('value="huomenna"'), 'kept as typed');
	assert(r.text.includes('value="2025-02-01"'), 'a good date normalised');
});

test('the reports work in Finnish and Swedish', async (ctx) => {
	for (const lang of ['fi', 'sv']) {
		const c = new Client(ctx.stack, { lang });
		eq((await login(c, 'finance')).status, 303, 'login');
		for (const p of ['/reports', `/reports/volume?${Y}`, `/reports/outcomes?${Y}`, '/reports/occupancy',
			'/reports/spending']) {
			const html = await page(c, p);
			eq(htmlLang(html), lang, `${p} in ${lang}`);
		}
		const v = volume(await page(c, `/reports/volume?${Y}&group=month`));
		eq(JSON.stringify(v.total), '[4,13]', `${lang}: same numbers`);
	}
});

async function main() {
	let stack, passed = 0, failed = 0;
	try {
		stack = await startStack('report-tables');
		const db = stack.db;
		sql(db, "INSERT INTO organisations(id, kind, name, ytunnus, status, created_at, approved_at) VALUES " +
			"(90, 'buyer', 'Toinen hyvinvointialue', '0000000-0', 'approved', unixepoch(), unixepoch())");
		execFileSync(path.join(ROOT, B, 'bin/paikkactl'), ['adduser', 'othercw', 'caseworker', 'Olli Toinen', '90'],
			{ input: `${PASSWORD}\n`, env: { ...process.env, PAIKKA_DB: db } });
		scenario(db, sqlValue(db, "SELECT id FROM users WHERE username = 'othercw'"));
		const ctx = { stack };
		for (const [k, u] of [['prov', 'provider'], ['kierto', 'kierratys'], ['diak', 'diakonia'], ['fin', 'finance'],
			['cw', 'caseworker'], ['admin', 'admin'], ['officer', 'officer'], ['other', 'othercw']]) {
			ctx[k] = new Client(stack);
			const r = await login(ctx[k], u);
			eq(r.status, 303, `login ${u}`);
		}
		({ passed, failed } = await run(ctx));
	} catch (e) {
		failed++;
		console.log(`not ok - setup: ${e.message}`);
	} finally {
		if (stack) stopStack(stack);
	}
	finish(stack, passed, failed);
}

main();
