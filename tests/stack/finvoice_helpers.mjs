// Helpers for the suites that check Finvoice and CSV exports
// (exports.mjs, credit.mjs): amounts, tags and validation with xmllint
// against Finvoice3.0.xsd, found under $PAIKKA_STANDARDS (default
// ../shared/standards from the repository root). Without the XSD or
// xmllint validation is skipped with a printed reason, never passed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, assert } from './lib.mjs';

export const XSD = path.join(process.env.PAIKKA_STANDARDS || path.join(ROOT, '../shared/standards'), 'finvoice/Finvoice3.0.xsd');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'paikka-finvoice-'));
process.on('exit', () => fs.rmSync(TMP, { recursive: true, force: true }));

export const CSV_HEADER = 'invoice_number;version;invoice_date;due_date;month;provider_ytunnus;provider_name;contract;buyer_reference;reference_number;client_ref;service_code;period_start;period_end;days;unit_price;line_total;invoice_total;document_type;original_invoice';

// "10,09" → 1009, "-0,50" → -50.
export function cents(s) {
	const m = /^(-?)(\d+),(\d\d)$/.exec(s);
	assert(m, `amount ${s}`);
	return (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3]));
}

// Validates an XML text with xmllint; returns a skip reason or ''.
export function validate(text, name) {
	const xmllint = spawnSync('xmllint', ['--version']);
	if (xmllint.error) return 'xmllint not installed';
	if (!fs.existsSync(XSD)) return `finvoice XSD not found at ${XSD}`;
	const f = path.join(TMP, name);
	fs.writeFileSync(f, text);
	const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, f], { encoding: 'utf8' });
	assert(r.status === 0, `${name} does not validate: ${r.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
	return '';
}

export function skipNote(why, what) {
	if (why) console.log(`# skipped: ${what}: ${why}`);
}

// The text of the first <name> element (attributes allowed).
export function tag(xml, name) {
	const m = new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`).exec(xml);
	return m ? m[1] : undefined;
}
