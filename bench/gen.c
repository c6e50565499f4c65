/* gen: fills a fresh database with national-scale data for `make bench`
 * (and later load tests).
 *
 *   gen [-s DIV] DB        DB must not exist; PAIKKA_SQL names the
 *                          migrations (default sql)
 *
 * At full scale: 21 buyer organisations (the wellbeing services counties;
 * organisation 1 is the one invoices go to), 2,000 approved providers
 * with valid IBANs and BICs, 500 awarded tenders of 2 lots each with
 * 10,000 bids, 10,000 active contracts (5 per provider, one per tender it
 * bid on), 10,000 places, 100,000 placements with their decision periods
 * and 2,000,000 recorded days: every weekday of February 2026 (20 of
 * them) for every placement, about 7 % of them absences. Contract 1 has 500
 * placements (the 500-line invoice); the others have 9 or 10. -s DIV
 * divides every count (quick runs, tests).
 *
 * Users: admin, officer, caseworker and finance (organisation 1) and
 * provider (the provider of contract 1) log in with the demo password;
 * the other caseworkers and provider users exist without one.
 *
 * Everything is deterministic (no random numbers), so two runs give the
 * same database and bench/run.sh can cache it. One transaction, prepared
 * statements. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "paikka/account.h"
#include "paikka/calendar.h"
#include "paikka/db.h"
#include "paikka/invoice.h"
#include "paikka/place.h"
#include "paikka/valid.h"

static const char PASSWORD[] = "paikka-demo-2026";
/* The month of the recorded days: February 2026 has 20 weekdays and no
 * holidays. */
static const int YEAR = 2026, MONTH = 2;
/* Created-at times: 2025-06-01 UTC. */
static const int64_t T0 = 1748736000;

static int buyers = 21, providers = 2000, tenders = 500, bids_per = 20,
           contracts_per = 5, placements = 100000, big = 500;

static sqlite3 *db;

static void die(const char *what)
{
	fprintf(stderr, "gen: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
	exit(1);
}

/* Steps a prepared insert and resets it. */
static void step(sqlite3_stmt *st, const char *what)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		die(what);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

static sqlite3_stmt *stmt(const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (st == NULL)
		die(sql);
	return st;
}

/* A valid Y-tunnus from a running number: 7 digits and the mod-11 check
 * digit; numbers whose remainder is 1 have none and are skipped. */
static void ytunnus(char out[16], int *next)
{
	for (;;) {
		snprintf(out, 16, "%07d-0", (*next)++);
		for (char c = '0'; c <= '9'; c++) {
			out[8] = c;
			if (valid_ytunnus(out))
				return;
		}
	}
}

/* A Finnish IBAN for account number n: FI, the check digits, bank code
 * 123456 and 8 digits. */
static void iban(char out[40], int n)
{
	char bban[24], tmp[40];
	snprintf(bban, sizeof(bban), "123456%08d", n % 100000000);
	/* Check digits: 98 - (BBAN + "FI00" as digits) mod 97. */
	snprintf(tmp, sizeof(tmp), "%s151800", bban);
	unsigned rem = 0;
	for (const char *p = tmp; *p; p++)
		rem = (rem * 10 + (unsigned)(*p - '0')) % 97;
	snprintf(out, 40, "FI%02u%s", 98 - rem, bban);
	if (!inv_iban_valid(out))
		die("iban");
}

static const char SQL_MUNI[] =
    "INSERT INTO municipalities(id, code, name_fi, name_sv) VALUES (?1, "
    "printf('%03d', ?1), 'Kunta ' || ?1, 'Kommun ' || ?1)";
static const char SQL_ORG[] =
    "INSERT INTO organisations(id, kind, name, ytunnus, street, postcode, "
    "city, contact_name, contact_email, status, created_at, approved_at, "
    "iban, bic, einvoice_address, einvoice_operator) VALUES (?1, ?2, ?3, "
    "?4, 'Katu ' || ?1, '80100', 'Joensuu', 'Yhteyshenkilö ' || ?1, "
    "'org' || ?1 || '@example.org', 'approved', ?5, ?5, ?6, ?7, ?8, "
    "'003721291126')";
static const char SQL_USER[] =
    "INSERT INTO users(id, username, name, email, role, org_id, "
    "created_at) VALUES (?1, ?2, ?3, ?2 || '@example.org', ?4, ?5, ?6)";

static void orgs_and_users(void)
{
	for (int m = 1; m <= 200; m++) {
		sqlite3_stmt *st = stmt(SQL_MUNI);
		db_bind_int(st, 1, m);
		step(st, "municipality");
	}
	int yt = 1000000;
	for (int o = 1; o <= buyers + providers; o++) {
		char y[16], ib[40], name[64], ea[32];
		ytunnus(y, &yt);
		iban(ib, o);
		int buyer = o <= buyers;
		if (buyer)
			snprintf(name, sizeof(name), "Hyvinvointialue %d", o);
		else
			snprintf(name, sizeof(name), "Palveluntuottaja %d ry",
			    o - buyers);
		snprintf(ea, sizeof(ea), "0037%.7s%c", y, y[8]);
		sqlite3_stmt *st = stmt(SQL_ORG);
		db_bind_int(st, 1, o);
		db_bind_text(st, 2, buyer ? "buyer" : "provider");
		db_bind_text(st, 3, name);
		db_bind_text(st, 4, y);
		db_bind_int(st, 5, T0);
		db_bind_text(st, 6, ib);
		db_bind_text(st, 7, "OKOYFIHH");
		db_bind_text(st, 8, ea);
		step(st, "organisation");
	}
	/* Users 1-4: the county's staff; 5..: a caseworker for every other
	 * county; then one user per provider. */
	static const char *const staff[][3] = {{"admin", "admin", "Ylläpito"},
	    {"officer", "officer", "Hankinta"},
	    {"caseworker", "caseworker", "Sosiaaliohjaaja"},
	    {"finance", "finance", "Talous"}};
	int id = 1;
	for (int i = 0; i < 4; i++) {
		sqlite3_stmt *st = stmt(SQL_USER);
		db_bind_int(st, 1, id++);
		db_bind_text(st, 2, staff[i][0]);
		db_bind_text(st, 3, staff[i][2]);
		db_bind_text(st, 4, staff[i][1]);
		db_bind_int(st, 5, 1);
		db_bind_int(st, 6, T0);
		step(st, "user");
	}
	for (int o = 2; o <= buyers; o++) {
		char u[32];
		snprintf(u, sizeof(u), "caseworker-%02d", o);
		sqlite3_stmt *st = stmt(SQL_USER);
		db_bind_int(st, 1, id++);
		db_bind_text(st, 2, u);
		db_bind_text(st, 3, u);
		db_bind_text(st, 4, "caseworker");
		db_bind_int(st, 5, o);
		db_bind_int(st, 6, T0);
		step(st, "user");
	}
	for (int p = 0; p < providers; p++) {
		char u[32];
		if (p == 0)
			snprintf(u, sizeof(u), "provider");
		else
			snprintf(u, sizeof(u), "provider-%04d", p + 1);
		sqlite3_stmt *st = stmt(SQL_USER);
		db_bind_int(st, 1, id++);
		db_bind_text(st, 2, u);
		db_bind_text(st, 3, u);
		db_bind_text(st, 4, "provider");
		db_bind_int(st, 5, buyers + 1 + p);
		db_bind_int(st, 6, T0);
		step(st, "user");
	}
}

/* The user id of county o's caseworker and of provider p's user. */
static int caseworker_of(int o)
{
	return o == 1 ? 3 : 3 + o;
}

static int provider_user(int p)
{
	return 4 + (buyers - 1) + 1 + p;
}

static const char SQL_TENDER[] =
    "INSERT INTO tenders(id, status, title_fi, title_sv, contract_start, "
    "contract_end, questions_deadline, bids_deadline, created_by, "
    "created_at, published_at, opened_at, opened_by, awarded_at) VALUES "
    "(?1, 'awarded', 'Kuntouttava työtoiminta ' || ?1, 'Arbetsverksamhet "
    "' || ?1, '2025-01-01', '2027-12-31', ?2, ?2 + 864000, 2, ?2, ?2, ?2 "
    "+ 864000, 2, ?2 + 1728000)";
static const char SQL_LOT[] =
    "INSERT INTO lots(id, tender_id, number, title, service_type_id, "
    "form, est_days_per_year, pricing, ceiling_cents, price_weight) "
    "VALUES (?1, ?2, ?3, 'Osa-alue ' || ?3, ?3, 'individual', 20000, "
    "'bid', 6000, 40)";
static const char SQL_BID[] =
    "INSERT INTO bids(id, tender_id, org_id, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?4)";
static const char SQL_BID_LOT[] =
    "INSERT INTO bid_lots(bid_id, lot_id, price_cents, capacity, "
    "work_description) VALUES (?1, ?2, ?3, 10, 'Työtoimintaa')";
static const char SQL_CONTRACT[] =
    "INSERT INTO contracts(id, org_id, tender_id, lot_id, "
    "service_type_id, form, daily_price_cents, start_date, end_date, "
    "ranking, capacity, invoice_due_days, status, signed_date, "
    "signer_name, signed_by, activated_at, created_by, created_at, "
    "buyer_reference) VALUES (?1, ?2, ?3, ?4, 1, 'individual', ?5, "
    "'2025-01-01', '2027-12-31', 1, ?6, ?7, 'active', '2024-12-15', "
    "'Allekirjoittaja', 2, ?8, 2, ?8, ?9)";
static const char SQL_CONTRACT_MUNI[] =
    "INSERT INTO contract_municipalities(contract_id, municipality_id) "
    "VALUES (?1, ?2)";
static const char SQL_PLACE[] =
    "INSERT INTO places(id, contract_id, org_id, title, description, "
    "tasks, municipality_id, street_address, service_type_id, form, "
    "weekdays, hours_min, hours_max, capacity, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, 'Työtoimintapaikka ' || ?1, 'Ohjattua "
    "työtoimintaa arkisin.', ?4, ?5, 'Katu ' || ?1, 1, 'individual', 31, "
    "4, 6, ?6, ?7, ?7)";

/* Placements per contract: contract 1 has `big`, the rest share the
 * remainder evenly (the first ones one fewer). */
static int placements_of(int c, int ncontracts)
{
	if (c == 1)
		return big;
	int rest = placements - big, n = ncontracts - 1;
	int base = rest / n, extra = rest % n;
	/* The last `extra` contracts take one more. */
	return base + (c - 1 > n - extra ? 1 : 0);
}

static void tenders_and_contracts(void)
{
	/* Tender t (1..tenders) has lots 2t-1 and 2t and bids from
	 * providers (t-1)*bids_per .. +bids_per-1 (mod providers), so each
	 * provider bids on contracts_per tenders. */
	int bid = 1;
	for (int t = 1; t <= tenders; t++) {
		sqlite3_stmt *st = stmt(SQL_TENDER);
		db_bind_int(st, 1, t);
		db_bind_int(st, 2, T0 - 200 * 86400 + t * 600);
		step(st, "tender");
		for (int k = 1; k <= 2; k++) {
			st = stmt(SQL_LOT);
			db_bind_int(st, 1, 2 * t - 2 + k);
			db_bind_int(st, 2, t);
			db_bind_int(st, 3, k);
			step(st, "lot");
		}
		for (int i = 0; i < bids_per; i++, bid++) {
			int p = ((t - 1) * bids_per + i) % providers;
			st = stmt(SQL_BID);
			db_bind_int(st, 1, bid);
			db_bind_int(st, 2, t);
			db_bind_int(st, 3, buyers + 1 + p);
			db_bind_int(st, 4, T0 - 190 * 86400);
			step(st, "bid");
			st = stmt(SQL_BID_LOT);
			db_bind_int(st, 1, bid);
			db_bind_int(st, 2, 2 * t - 1);
			db_bind_int(st, 3, 3000 + (bid * 37) % 3000);
			step(st, "bid lot");
		}
	}
	/* Contract c = p * contracts_per + j + 1 of provider p comes from
	 * the j-th tender p bid on, lot 1 of it. */
	int nc = providers * contracts_per;
	for (int p = 0; p < providers; p++) {
		for (int j = 0; j < contracts_per; j++) {
			int c = p * contracts_per + j + 1;
			/* Provider p bids on tenders t with (t-1)*bids_per
			 * <= p + k*providers < t*bids_per. */
			int t = (p + j * providers) / bids_per + 1;
			char ref[32] = "";
			if (c % 7 != 0) /* some contracts have none */
				snprintf(ref, sizeof(ref), "SOTE-%05d", c);
			int n = placements_of(c, nc);
			sqlite3_stmt *st = stmt(SQL_CONTRACT);
			db_bind_int(st, 1, c);
			db_bind_int(st, 2, buyers + 1 + p);
			db_bind_int(st, 3, t);
			db_bind_int(st, 4, 2 * t - 1);
			db_bind_int(st, 5, 2500 + (c * 53) % 3500);
			db_bind_int(st, 6, n);
			db_bind_int(st, 7,
			    c % 3 == 0   ? 14
			    : c % 3 == 1 ? 21
			                 : 30);
			db_bind_int(st, 8, T0 - 170 * 86400);
			db_bind_text(st, 9, ref);
			step(st, "contract");
			st = stmt(SQL_CONTRACT_MUNI);
			db_bind_int(st, 1, c);
			db_bind_int(st, 2, 1 + c % 200);
			step(st, "contract municipality");
			/* One place per contract, same id. */
			static const char *const tasks[] = {"kitchen",
			    "carpentry", "textiles cleaning", "outdoor",
			    "warehouse office", "library"};
			st = stmt(SQL_PLACE);
			db_bind_int(st, 1, c);
			db_bind_int(st, 2, c);
			db_bind_int(st, 3, buyers + 1 + p);
			db_bind_text(st, 4, tasks[c % 6]);
			db_bind_int(st, 5, 1 + c % 200);
			db_bind_int(st, 6, n > 1000 ? 1000 : n < 1 ? 1 : n);
			db_bind_int(st, 7, T0 - 160 * 86400);
			step(st, "place");
			if (place_fts_sync(db, c))
				die("place fts");
		}
	}
}

static const char SQL_PLACEMENT[] =
    "INSERT INTO placements(id, client_ref, client_name, place_id, "
    "contract_id, org_id, caseworker_id, caseworker_org_id, start_date, "
    "weekdays, hours_per_day, status, confirmed_at, end_date, outcome, "
    "created_at) VALUES (?1, ?2, 'Asiakas ' || ?1, ?3, ?3, ?4, ?5, ?6, "
    "?7, 31, ?8, ?9, ?10, ?11, ?12, ?10)";
static const char SQL_PERIOD[] =
    "INSERT INTO placement_periods(placement_id, start_date, end_date, "
    "decision_date, months, created_by, created_at) VALUES (?1, ?2, "
    "date(?2, '+12 months', '-1 day'), ?2, 12, ?3, ?4)";
static const char SQL_DAY[] =
    "INSERT INTO attendance(placement_id, day, status, hours, "
    "recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static void placements_and_days(int ncontracts)
{
	/* The weekdays of the month. */
	char days[31][CAL_ISO_LEN];
	int nd = 0;
	for (int d = 1; d <= cal_days_in_month(YEAR, MONTH); d++)
		if (cal_weekday(YEAR, MONTH, d) <= 5)
			cal_format_iso(days[nd++], CAL_ISO_LEN,
			    (struct cal_date){YEAR, MONTH, d});
	int64_t month_end = cal_days_from_civil(YEAR, MONTH, 1) + 40;
	int pl = 1;
	long total = 0;
	for (int c = 1; c <= ncontracts; c++) {
		int n = placements_of(c, ncontracts);
		int p = (c - 1) / contracts_per;
		for (int i = 0; i < n; i++, pl++) {
			/* Client numbers scattered, so the invoice's order by
			 * client reference is not the insertion order. */
			char ref[16], start[CAL_ISO_LEN];
			snprintf(ref, sizeof(ref), "AS%07ld",
			    (long)((pl * 7919L) % 9999991));
			/* Most began during 2025; some on the month's first
			 * weekday; some ended on its last. */
			int begins_now = pl % 20 == 3, ends = pl % 25 == 7;
			if (begins_now)
				snprintf(start, sizeof(start), "%s", days[0]);
			else
				cal_format_iso(start, sizeof(start),
				    cal_civil_from_days(
				        cal_days_from_civil(2025, 1, 1) +
				        pl % 390));
			int county = 1 + pl % buyers;
			int64_t created = T0 + (pl % 1000) * 60;
			sqlite3_stmt *st = stmt(SQL_PLACEMENT);
			db_bind_int(st, 1, pl);
			db_bind_text(st, 2, ref);
			db_bind_int(st, 3, c);
			db_bind_int(st, 4, buyers + 1 + p);
			db_bind_int(st, 5, caseworker_of(county));
			db_bind_int(st, 6, county);
			db_bind_text(st, 7, start);
			db_bind_int(st, 8, 4 + pl % 3);
			db_bind_text(st, 9, ends ? "ended" : "active");
			db_bind_int(st, 10, created);
			db_bind_text(st, 11, ends ? days[nd - 1] : NULL);
			db_bind_text(st, 12, ends ? "employed_open" : NULL);
			step(st, "placement");
			st = stmt(SQL_PERIOD);
			db_bind_int(st, 1, pl);
			db_bind_text(st, 2, start);
			db_bind_int(st, 3, caseworker_of(county));
			db_bind_int(st, 4, created);
			step(st, "period");
			for (int d = 0; d < nd; d++) {
				/* 1 in 20 days an absence. */
				int k = (pl * 31 + d * 7) % 20;
				const char *s =
				    k == 0 ? "absent_sick"
				    : k == 1
				        ? (d % 2 ? "absent_other" : "present")
				        : "present";
				st = stmt(SQL_DAY);
				db_bind_int(st, 1, pl);
				db_bind_text(st, 2, days[d]);
				db_bind_text(st, 3, s);
				if (s[0] == 'p')
					db_bind_int(st, 4, 4 + pl % 3);
				db_bind_int(st, 5, provider_user(p));
				db_bind_int(
				    st, 6, (month_end - 10) * 86400 + d * 60);
				step(st, "day");
				total++;
			}
		}
	}
	if (pl - 1 != placements)
		die("placement count");
	fprintf(
	    stderr, "gen: %d placements, %ld recorded days\n", pl - 1, total);
}

static void passwords(void)
{
	static const char *const who[] = {
	    "admin", "officer", "caseworker", "finance", "provider"};
	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		sqlite3_stmt *st =
		    stmt("SELECT id FROM users WHERE username = ?");
		db_bind_text(st, 1, who[i]);
		if (sqlite3_step(st) != SQLITE_ROW)
			die("user");
		int64_t id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (user_set_password(db, id, PASSWORD, strlen(PASSWORD), T0) !=
		    ACCOUNT_OK)
			die("password");
	}
}

int main(int argc, char **argv)
{
	int div = 1, ai = 1;
	if (argc == 4 && strcmp(argv[1], "-s") == 0) {
		div = atoi(argv[2]);
		ai = 3;
	}
	if (argc != ai + 1 || div < 1 || div > 1000) {
		fprintf(stderr, "usage: gen [-s DIV] DB\n");
		return 2;
	}
	const char *path = argv[ai];
	struct stat sb;
	if (stat(path, &sb) == 0) {
		fprintf(stderr, "gen: %s exists; give a new file\n", path);
		return 2;
	}
	if (div > 1) {
		providers /= div;
		tenders /= div;
		placements /= div;
		big /= div;
		if (providers < 2 || tenders < 1 || big < 2)
			die("-s too large");
		if (providers < bids_per)
			bids_per = providers;
	}
	/* Each provider bids on contracts_per tenders. */
	if (tenders * bids_per < providers * contracts_per)
		die("too few bids for the contracts");
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	db = db_open(path);
	if (db == NULL)
		return 1;
	const char *sql = getenv("PAIKKA_SQL");
	if (db_migrate(db, sql && *sql ? sql : "sql", stderr) < 0)
		die("migrate");
	/* A bulk load: nothing to lose if it stops half-way. */
	if (db_exec(db, "PRAGMA synchronous=OFF") ||
	    db_exec(db, "PRAGMA cache_size=-262144") || db_begin(db))
		die("begin");
	orgs_and_users();
	int nc = providers * contracts_per;
	tenders_and_contracts();
	placements_and_days(nc);
	passwords();
	if (db_commit(db) ||
	    db_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)") != 0)
		die("commit");
	db_close(db);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr,
	    "gen: %d buyers, %d providers, %d tenders, %d bids, %d "
	    "contracts in %.1f s\n",
	    buyers, providers, tenders, tenders * bids_per, nc,
	    (double)(t1.tv_sec - t0.tv_sec) +
	        (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
