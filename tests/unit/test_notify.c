/* test_notify.c: notifications (notify.c): the three languages of a
 * notification row, one outbox row per active recipient with an address,
 * which organisations notify_all_providers reaches, and that the calling
 * request's language survives. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/db.h"
#include "paikka/i18n.h"
#include "paikka/notify.h"
#include "test.h"

static const int64_t NOW = 1790000000;

/* A migrated in-memory database with organisations 1 (buyer), 2 and 3
 * (approved providers), 4 (pending provider), 5 (rejected provider), and
 * users: 1-3 active in org 2 (3 has no e-mail), 4 disabled in org 2, 5 in
 * org 3, 6 in org 4, 7 in org 5, 8 staff in org 1. */
static sqlite3 *test_db(void)
{
	sqlite3 *db = db_open(":memory:");
	if (db == NULL)
		return NULL;
	FILE *log = fopen("/dev/null", "w");
	int rc = db_migrate(db, "sql", log ? log : stderr);
	if (log)
		fclose(log);
	if (rc < 1 ||
	    db_exec(db,
	        "INSERT INTO organisations(id, kind, name, ytunnus, status, "
	        "created_at) VALUES "
	        "(1, 'buyer', 'County', '3221302-7', 'approved', 0),"
	        "(2, 'provider', 'Kanerva', '2345678-0', 'approved', 0),"
	        "(3, 'provider', 'Kierto', '4567890-7', 'approved', 0),"
	        "(4, 'provider', 'Verstas', '1234567-1', 'pending', 0),"
	        "(5, 'provider', 'Hylätty', '7654321-8', 'rejected', 0);"
	        "INSERT INTO users(id, username, name, email, role, org_id, "
	        "disabled, created_at) VALUES "
	        "(1, 'a', 'A', 'a@kanerva.example', 'provider', 2, 0, 0),"
	        "(2, 'b', 'B', 'b@kanerva.example', 'provider', 2, 0, 0),"
	        "(3, 'c', 'C', '', 'provider', 2, 0, 0),"
	        "(4, 'd', 'D', 'd@kanerva.example', 'provider', 2, 1, 0),"
	        "(5, 'e', 'E', 'e@kierto.example', 'provider', 3, 0, 0),"
	        "(6, 'f', 'F', 'f@verstas.example', 'provider', 4, 0, 0),"
	        "(7, 'g', 'G', 'g@hylatty.example', 'provider', 5, 0, 0),"
	        "(8, 'h', 'H', 'h@county.example', 'officer', 1, 0, 0);")) {
		db_close(db);
		return NULL;
	}
	return db;
}

/* The integer result of a query, -1 when it returns no row. */
static int64_t num(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* The text result of a query into out ("" when none). */
static const char *text(sqlite3 *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st = NULL;
	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(
		    out, n, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

TEST(org_rows_and_recipients)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	char buf[512];
	CHECK(notify_org(db, NOW, 2, "/tenders/4",
	          N_("Tender %s has a new "
	             "question."),
	          "Työtoiminta 2027") == 0);
	CHECK(num(db, "SELECT count(*) FROM notifications") == 1);
	CHECK(num(db, "SELECT count(*) FROM notifications WHERE org_id = 2 "
	              "AND user_id IS NULL AND created_at = 1790000000 AND "
	              "read_at IS NULL") == 1);
	CHECK_STR(
	    text(db, "SELECT text_en FROM notifications", buf, sizeof(buf)),
	    "Tender Työtoiminta 2027 has a new question.");
	CHECK_STR(text(db, "SELECT link FROM notifications", buf, sizeof(buf)),
	    "/tenders/4");
	/* Users 1 and 2: not 3 (no address), not 4 (disabled), nobody of
	 * another organisation. */
	CHECK(num(db, "SELECT count(*) FROM outbox") == 2);
	CHECK(num(db, "SELECT count(*) FROM outbox WHERE to_addr IN "
	              "('a@kanerva.example', 'b@kanerva.example')") == 2);
	CHECK(
	    num(db, "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND "
	            "attempts = 0 AND next_attempt_at = 1790000000 AND "
	            "sending_since IS NULL AND created_at = 1790000000") == 2);
	CHECK_STR(
	    text(db, "SELECT subject FROM outbox LIMIT 1", buf, sizeof(buf)),
	    "Paikka: Tender Työtoiminta 2027 has a new question.");
	CHECK(num(db, "SELECT instr(body, '/tenders/4') > 0 AND "
	              "instr(body, 'Tender Työtoiminta 2027 has a new "
	              "question.') > 0 FROM outbox LIMIT 1") == 1);
	db_close(db);
}

TEST(no_arg_no_placeholder)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	char buf[256];
	CHECK(notify_org(db, NOW, 3, "/", N_("Your %s is ready."), NULL) == 0);
	CHECK_STR(
	    text(db, "SELECT text_en FROM notifications", buf, sizeof(buf)),
	    "Your  is ready.");
	CHECK(notify_org(db, NOW, 3, "", N_("Nothing to fill in."), "x") == 0);
	CHECK_STR(text(db, "SELECT text_sv FROM notifications WHERE id = 2",
	              buf, sizeof(buf)),
	    "Nothing to fill in.");
	/* A "%s" inside the argument is only text. */
	CHECK(notify_org(db, NOW, 3, "", N_("Got %s."), "%s%n") == 0);
	CHECK_STR(text(db, "SELECT text_fi FROM notifications WHERE id = 3",
	              buf, sizeof(buf)),
	    "Got %s%n.");
	CHECK(num(db, "SELECT count(*) FROM outbox WHERE to_addr = "
	              "'e@kierto.example'") == 3);
	db_close(db);
}

TEST(three_languages)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	char fi[256], sv[256], en[256];
	CHECK(notify_user(db, NOW, 5, "/", N_("Changes saved."), NULL) == 0);
	text(db, "SELECT text_fi FROM notifications", fi, sizeof(fi));
	text(db, "SELECT text_sv FROM notifications", sv, sizeof(sv));
	text(db, "SELECT text_en FROM notifications", en, sizeof(en));
	CHECK_STR(en, "Changes saved.");
	CHECK_STR(fi, "Muutokset on tallennettu.");
	CHECK_STR(sv, "Ändringarna har sparats.");
	/* The e-mail is written in Finnish and Swedish. */
	CHECK(num(db, "SELECT count(*) FROM outbox WHERE to_addr = "
	              "'e@kierto.example' AND subject = 'Paikka: Muutokset on "
	              "tallennettu.' AND instr(body, 'Ändringarna har "
	              "sparats.') > 0") == 1);
	db_close(db);
}

TEST(one_user)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(notify_user(db, NOW, 2, "/x", N_("Hello %s"), "B") == 0);
	CHECK(num(db, "SELECT count(*) FROM notifications WHERE user_id = 2 "
	              "AND org_id IS NULL") == 1);
	CHECK(num(db, "SELECT count(*) FROM outbox") == 1);
	CHECK(num(db, "SELECT count(*) FROM outbox WHERE to_addr = "
	              "'b@kanerva.example'") == 1);
	/* Without an address, or disabled: the portal row, no e-mail. */
	CHECK(notify_user(db, NOW, 3, "/x", N_("Hello %s"), "C") == 0);
	CHECK(notify_user(db, NOW, 4, "/x", N_("Hello %s"), "D") == 0);
	CHECK(num(db, "SELECT count(*) FROM notifications") == 3);
	CHECK(num(db, "SELECT count(*) FROM outbox") == 1);
	db_close(db);
}

TEST(all_providers_only_approved)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	CHECK(notify_all_providers(db, NOW, "/tenders/9",
	          N_("A new tender: %s"), "Puutyö") == 0);
	char buf[64];
	CHECK_STR(text(db,
	              "SELECT group_concat(org_id, ',') FROM (SELECT org_id "
	              "FROM notifications ORDER BY org_id)",
	              buf, sizeof(buf)),
	    "2,3");
	/* a, b (org 2) and e (org 3); not the buyer's, pending or rejected
	 * providers' users. */
	CHECK(num(db, "SELECT count(*) FROM outbox") == 3);
	CHECK(num(db, "SELECT count(*) FROM outbox WHERE to_addr IN "
	              "('f@verstas.example', 'g@hylatty.example', "
	              "'h@county.example', 'd@kanerva.example')") == 0);
	db_close(db);
}

TEST(language_restored)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	for (int l = 0; l < LANG__MAX; l++) {
		i18n_use((enum lang)l);
		CHECK(notify_org(db, NOW, 2, "/", N_("Changes saved."), NULL) ==
		      0);
		CHECK(i18n_current() == (enum lang)l);
		CHECK(notify_all_providers(
		          db, NOW, "/", N_("Changes saved."), NULL) == 0);
		CHECK(i18n_current() == (enum lang)l);
	}
	i18n_use(LANG_SV);
	CHECK_STR(_("Changes saved."), "Ändringarna har sparats.");
	i18n_use(LANG_FI);
	db_close(db);
}

TEST(fails_inside_a_failed_statement)
{
	sqlite3 *db = test_db();
	CHECK(db != NULL);
	if (db == NULL)
		return;
	/* Neither an organisation nor a user: the table's CHECK refuses the
	 * row, and notify says so instead of queueing e-mail. */
	CHECK(notify_user(db, NOW, 0, "/", N_("Changes saved."), NULL) == -1);
	CHECK(num(db, "SELECT count(*) FROM outbox") == 0);
	db_close(db);
}

int main(int argc, char **argv)
{
	/* The catalogues of this build: <build>/tests/test_notify →
	 * <build>/locale. */
	char self[4096], dir[4200];
	snprintf(self, sizeof(self), "%s", argc > 0 ? argv[0] : "");
	snprintf(dir, sizeof(dir), "%s/../locale", dirname(self));
	i18n_init(dir);
	RUN(org_rows_and_recipients);
	RUN(no_arg_no_placeholder);
	RUN(three_languages);
	RUN(one_user);
	RUN(all_providers_only_approved);
	RUN(language_restored);
	RUN(fails_inside_a_failed_statement);
	return TEST_END();
}
