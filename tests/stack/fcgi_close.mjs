// How a worker ends a request (src/fcgi_out.c fcgi_finish): on the unix
// socket it closes the connection as soon as the response is written,
// without fcgi2's wait for nginx to close first, after reading whatever
// of the request was left. Under concurrent load: every response arrives
// whole whatever its size (a month grid of 400 placements, megabytes,
// beside small pages); POSTs of 1 MB refused before their body is read
// (anonymous, to a page that needs a login) are answered 303; nginx logs
// no reset and no early close; no worker dies.
// Usage: B=build node tests/stack/fcgi_close.mjs
import fs from 'node:fs';
import path from 'node:path';
import { assert, eq, sql, sqlValue, Client, registry, suite } from './lib.mjs';

const { test, run } = registry();
const NGINX_TROUBLE = /\[(error|crit|alert|emerg)\]|reset by peer|prematurely closed/;
const CONTRACT = 2; // the demo provider's
const EXTRA = 400;  // placements added to it, for a big grid
const LOOPS = 12;   // concurrent clients
const ROUNDS = 6;   // requests of each kind per client

// The grid's text without what changes per view (the form nonces).
function steady(html) {
	return html.replace(/name="nonce2?" value="[0-9a-f]+"/g, 'nonce');
}

test('a month grid of 400 more placements is a big page', async (ctx) => {
	const db = ctx.stack.db;
	const first = sqlValue(db, `SELECT min(id) FROM placements WHERE contract_id = ${CONTRACT} AND status = 'active'`);
	assert(first, 'the demo contract has an active placement');
	sql(db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${EXTRA})
		INSERT INTO placements(client_ref, client_name, place_id, contract_id, org_id,
			caseworker_id, caseworker_org_id, start_date, weekdays, hours_per_day, status,
			confirmed_at, created_at)
		SELECT printf('BIG%04d', i), 'Asiakas ' || i, place_id, contract_id, org_id,
			caseworker_id, caseworker_org_id, start_date, weekdays, hours_per_day, 'active',
			confirmed_at, created_at FROM placements, n WHERE id = ${first}`);
	const r = await ctx.prov.get(`/invoices/days?contract=${CONTRACT}`);
	eq(r.status, 200, 'grid');
	assert(r.text.includes('BIG0400'), 'the last added placement is on the grid');
	assert(r.text.length > 512 * 1024, `the grid is big (${r.text.length} bytes)`);
	ctx.grid = steady(r.text);
	ctx.tenders = (await ctx.anon.get('/tenders')).text;
});

test('under concurrent load every response is whole and unread POSTs get 303', async (ctx) => {
	assert(ctx.grid, 'needs the grid');
	const body = 'x='.padEnd(1024 * 1024, 'a');
	const problems = [];
	const client = async (k) => {
		for (let i = 0; i < ROUNDS; i++) {
			const g = await ctx.prov.get(`/invoices/days?contract=${CONTRACT}`);
			if (g.status !== 200 || steady(g.text) !== ctx.grid)
				problems.push(`grid ${k}/${i}: ${g.status}, ${g.text.length} bytes`);
			const t = await ctx.anon.get('/tenders');
			if (t.status !== 200 || t.text !== ctx.tenders)
				problems.push(`tenders ${k}/${i}: ${t.status}, ${t.text.length} bytes`);
			const p = await ctx.anon.request('POST', '/invoices/days',
				{ body, type: 'application/x-www-form-urlencoded' });
			if (p.status !== 303 || !/^\/login\?next=/.test(p.location || ''))
				problems.push(`POST ${k}/${i}: ${p.status} ${p.location}`);
		}
	};
	await Promise.all(Array.from({ length: LOOPS }, (_, k) => client(k)));
	assert(problems.length === 0, problems.slice(0, 5).join('; '));
});

test('nginx logged no reset or early close, and no worker died', async (ctx) => {
	const read = (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
	const nginx = read(path.join(ctx.stack.dir, 'log/nginx-error.log')).split('\n').filter((l) => NGINX_TROUBLE.test(l));
	assert(nginx.length === 0, `nginx: ${nginx.slice(0, 3).join(' | ')}`);
	const died = read(path.join(ctx.stack.dir, 'log/paikka.log')).split('\n').filter((l) => /killed by signal|exited with code/.test(l));
	assert(died.length === 0, died.slice(0, 3).join(' | '));
});

suite('close', run, [['prov', 'provider']], (ctx) => {
	ctx.anon = new Client(ctx.stack);
});
