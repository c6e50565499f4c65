/* test_place.c: the FTS5 MATCH builder (Finnish and Swedish words, ä/ö/å,
 * punctuation, quotes and operators, limits), and that every expression
 * it builds is accepted by a real places_fts; task, weekday and language
 * codes; place form checks; the fts tasks text and place_fts_sync. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/db.h"
#include "paikka/http.h"
#include "paikka/place.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The expression for s, or "!<error>" when refused. */
static const char *build(struct buf *b, const char *s)
{
	static char err[16];
	enum place_query_err e = place_match_build(s, strlen(s), b, NULL);
	if (e == PLACE_QUERY_OK)
		return b->data;
	snprintf(err, sizeof(err), "!%d", (int)e);
	return err;
}

TEST(match_words)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"puu", "\"puu\"*"},
	    {"puu joensuu", "\"puu\"* AND \"joensuu\"*"},
	    {"  puu   joensuu  ", "\"puu\"* AND \"joensuu\"*"},
	    {"puutyö", "\"puutyö\"*"},
	    {"Rääkkylä", "\"Rääkkylä\"*"},
	    {"rääkkylä", "\"rääkkylä\"*"},
	    {"snickeri", "\"snickeri\"*"},
	    {"Åbo Närpes", "\"Åbo\"* AND \"Närpes\"*"},
	    {"kesä-heinä", "\"kesä\"* AND \"heinä\"*"},
	    {"80100", "\"80100\"*"},
	    {"Puutyöpaja, Joensuu.", "\"Puutyöpaja\"* AND \"Joensuu\"*"},
	    {"tab\tand\nnewline", "\"tab\"* AND \"and\"* AND \"newline\"*"},
	    {"café", "\"café\"*"},
	    {"Москва", "\"Москва\"*"},
	    {"a…b", "\"a\"* AND \"b\"*"},
	    {"«puu»", "\"puu\"*"},
	    {"puu\xc2\xa0työ", "\"puu\"* AND \"työ\"*"},
	    {"1 2 3 4 5 6 7 8 9 10",
	        "\"1\"* AND \"2\"* AND \"3\"* AND \"4\"* AND \"5\"* AND "
	        "\"6\"* AND \"7\"* AND \"8\"* AND \"9\"* AND \"10\"*"},
	};
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < LEN(cases); i++)
		CHECK_STR(build(&b, cases[i].in), cases[i].want);
	buf_free(&b);
}

TEST(match_operators_neutralised)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"a OR b", "\"a\"* AND \"OR\"* AND \"b\"*"},
	    {"a OR", "\"a\"* AND \"OR\"*"},
	    {"NOT puu", "\"NOT\"* AND \"puu\"*"},
	    {"puu AND", "\"puu\"* AND \"AND\"*"},
	    {"\"NEAR(", "\"NEAR\"*"},
	    {"NEAR(a b, 3)", "\"NEAR\"* AND \"a\"* AND \"b\"* AND \"3\"*"},
	    {"title:puu", "\"title\"* AND \"puu\"*"},
	    {"{title tasks}:puu", "\"title\"* AND \"tasks\"* AND \"puu\"*"},
	    {"-title:puu", "\"title\"* AND \"puu\"*"},
	    {"^puu", "\"puu\"*"},
	    {"puu*", "\"puu\"*"},
	    {"+puu", "\"puu\"*"},
	    {"(puu OR työ)", "\"puu\"* AND \"OR\"* AND \"työ\"*"},
	    {"\"puu\"", "\"puu\"*"},
	    {"pu\"u", "\"pu\"* AND \"u\"*"},
	    {"'; DROP TABLE places; --",
	        "\"DROP\"* AND \"TABLE\"* AND \"places\"*"},
	};
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < LEN(cases); i++)
		CHECK_STR(build(&b, cases[i].in), cases[i].want);
	buf_free(&b);
}

TEST(match_refused)
{
	struct buf b;
	buf_init(&b);
	int words = -1;
	static const char *const empty[] = {"", " ", "!!! ??", "\"\"", "*",
	    "()", "^:-+", "…", "— –", "\xe2\x80\x9c\xe2\x80\x9d", "😀"};
	for (size_t i = 0; i < LEN(empty); i++) {
		CHECK(place_match_build(empty[i], strlen(empty[i]), &b,
		          &words) == PLACE_QUERY_EMPTY);
		CHECK(words == 0);
		CHECK_STR(b.data, "");
	}
	CHECK(place_match_build(NULL, 0, &b, NULL) == PLACE_QUERY_EMPTY);
	/* Eleven words. */
	const char *eleven = "a b c d e f g h i j k";
	CHECK(place_match_build(eleven, strlen(eleven), &b, &words) ==
	      PLACE_QUERY_TOO_MANY);
	CHECK(words == 11);
	CHECK_STR(b.data, "");
	/* 200 characters pass (ä is two bytes), 201 do not. */
	char s[1000];
	memset(s, 0, sizeof(s));
	for (int i = 0; i < 200; i++)
		memcpy(s + 2 * i, "ä", 2);
	CHECK(place_match_build(s, 400, &b, NULL) == PLACE_QUERY_OK);
	memcpy(s + 400, "ä", 2);
	CHECK(place_match_build(s, 402, &b, NULL) == PLACE_QUERY_TOO_LONG);
	memset(s, 'a', 201);
	CHECK(place_match_build(s, 201, &b, NULL) == PLACE_QUERY_TOO_LONG);
	/* 10 kB is refused before it is read. */
	char *big = malloc(10240);
	memset(big, 'a', 10240);
	CHECK(place_match_build(big, 10240, &b, NULL) == PLACE_QUERY_TOO_LONG);
	memset(big, ' ', 10240);
	CHECK(place_match_build(big, 10240, &b, NULL) == PLACE_QUERY_TOO_LONG);
	free(big);
	/* Bad UTF-8 and NUL bytes. */
	CHECK(place_match_build("p\xffu", 3, &b, NULL) == PLACE_QUERY_BAD_UTF8);
	CHECK(place_match_build("\xc3", 1, &b, NULL) == PLACE_QUERY_BAD_UTF8);
	CHECK(place_match_build("pu\0u", 4, &b, NULL) == PLACE_QUERY_BAD_UTF8);
	CHECK(place_match_build("\xed\xa0\x80", 3, &b, NULL) ==
	      PLACE_QUERY_BAD_UTF8);
	buf_free(&b);
}

static sqlite3 *fts_db(void)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return NULL;
	sqlite3_exec(db,
	    "CREATE VIRTUAL TABLE places_fts USING fts5(title, description, "
	    "tasks, municipality, tokenize = 'unicode61 remove_diacritics 0', "
	    "prefix = '2 3 4');"
	    "INSERT INTO places_fts(rowid, title, description, tasks, "
	    "municipality) VALUES (1, 'Puutyöpaja', 'Huonekaluja', 'puutyö "
	    "snickeri carpentry', 'Joensuu'), (2, 'Kierrätysmyymälä', "
	    "'Lajittelua', 'varastotyö lagerarbete warehouse work', "
	    "'Rääkkylä');",
	    NULL, NULL, NULL);
	return db;
}

/* The rowids expr matches as "1,2", "" for none, "error" when SQLite
 * does not accept it. */
static const char *fts_rows(sqlite3 *db, const char *expr, char *out, size_t n)
{
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_prepare_v2(db,
	        "SELECT rowid FROM places_fts WHERE places_fts MATCH ? ORDER "
	        "BY rowid",
	        -1, &st, NULL) != SQLITE_OK)
		return "error";
	sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		size_t l = strlen(out);
		snprintf(out + l, n - l, "%s%lld", l ? "," : "",
		    (long long)sqlite3_column_int64(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? out : "error";
}

TEST(match_in_sqlite)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"puu", "1"},
	    {"puutyö", "1"},
	    {"PUUTYÖ", "1"},
	    {"snickeri", "1"},
	    {"carpentry", "1"},
	    {"Rääkkylä", "2"},
	    {"rääkkylä", "2"},
	    {"RÄÄKKYLÄ", "2"},
	    {"raakkyla", ""},
	    {"rää", "2"},
	    {"joensuu puu", "1"},
	    {"joensuu lager", ""},
	    {"lager", "2"},
	    {"a OR", ""},
	    {"\"NEAR(", ""},
	    {"NEAR(puu", ""},
	    {"title:puu", ""},
	    {"Puutyöpaja*^", "1"},
	    {"k", "2"},
	    {"…puu…", "1"},
	};
	sqlite3 *db = fts_db();
	CHECK(db != NULL);
	struct buf b;
	buf_init(&b);
	char out[64];
	for (size_t i = 0; db && i < LEN(cases); i++) {
		CHECK(place_match_build(cases[i].in, strlen(cases[i].in), &b,
		          NULL) == PLACE_QUERY_OK);
		CHECK_STR(
		    fts_rows(db, b.data, out, sizeof(out)), cases[i].want);
	}
	/* Every printable ASCII string of up to three characters gives a
	 * valid expression or a refusal, never an SQLite error. */
	char s[4] = {0};
	for (int x = 32; db && x < 127; x++)
		for (int y = 32; y < 127; y += 3) {
			s[0] = (char)x;
			s[1] = (char)y;
			s[2] = (char)(126 - (x + y) % 95);
			if (place_match_build(s, 3, &b, NULL) ==
			        PLACE_QUERY_OK &&
			    strcmp(fts_rows(db, b.data, out, sizeof(out)),
			        "error") == 0) {
				CHECK_STR(s, "an accepted expression");
				x = 127;
				break;
			}
		}
	buf_free(&b);
	sqlite3_close(db);
}

TEST(tasks)
{
	CHECK(place_ntasks == 8);
	const struct place_task *t = place_task_find("carpentry");
	CHECK(t != NULL);
	CHECK_STR(place_task_name(t, LANG_FI), "puutyö");
	CHECK_STR(place_task_name(t, LANG_SV), "snickeri");
	CHECK_STR(place_task_name(t, LANG_EN), "carpentry");
	CHECK(place_task_find("welding") == NULL);
	CHECK(place_task_find(NULL) == NULL);
	CHECK(place_tasks_has("kitchen carpentry", "carpentry"));
	CHECK(place_tasks_has("kitchen carpentry", "kitchen"));
	CHECK(!place_tasks_has("kitchen carpentry", "kitch"));
	CHECK(!place_tasks_has("", "kitchen"));
	CHECK(!place_tasks_has("outdoors", "outdoor"));

	struct buf b;
	buf_init(&b);
	place_fts_tasks(&b, "kitchen carpentry", "maalaus, korjaus");
	CHECK_STR(b.data,
	    "keittiötyö köksarbete kitchen work puutyö snickeri carpentry "
	    "maalaus, korjaus");
	buf_reset(&b);
	place_fts_tasks(&b, "", "");
	CHECK_STR(b.data, "");
	buf_reset(&b);
	place_fts_tasks(&b, "bogus", "sana");
	CHECK_STR(b.data, "sana");
	buf_free(&b);
}

static struct http_form form_of(struct http_field *f, size_t n)
{
	struct http_form fm = {f, n};
	return fm;
}

TEST(bit_sets)
{
	CHECK(place_code_bit(place_weekdays, 7, "mon") == 1);
	CHECK(place_code_bit(place_weekdays, 7, "sun") == 64);
	CHECK(place_code_bit(place_weekdays, 7, "xyz") == 0);
	CHECK(place_code_bit(place_weekdays, 7, NULL) == 0);
	CHECK(place_code_bit(place_languages, 3, "sv") == 2);
	CHECK(place_code_bit(place_languages, 3, "en") == 4);

	struct http_field f[] = {
	    {"weekday", "mon", 3, NULL, NULL},
	    {"title", "x", 1, NULL, NULL},
	    {"weekday", "wed", 3, NULL, NULL},
	    {"weekday", "fri", 3, NULL, NULL},
	    {"weekday", "wed", 3, NULL, NULL},
	    {"language", "fi", 2, NULL, NULL},
	    {"language", "sv", 2, NULL, NULL},
	    {"task", "library", 7, NULL, NULL},
	    {"task", "carpentry", 9, NULL, NULL},
	    {"task", "library", 7, NULL, NULL},
	};
	struct http_form fm = form_of(f, LEN(f));
	unsigned bits = 0;
	CHECK(place_bits_from_form(&fm, "weekday", place_weekdays, 7, &bits) ==
	      0);
	CHECK(bits == (1 | 4 | 16));
	bits = 0;
	CHECK(place_bits_from_form(
	          &fm, "language", place_languages, 3, &bits) == 0);
	CHECK(bits == 3);
	bits = 0;
	CHECK(
	    place_bits_from_form(&fm, "none", place_languages, 3, &bits) == 0);
	CHECK(bits == 0);
	struct buf b;
	buf_init(&b);
	CHECK(place_tasks_from_form(&fm, "task", &b) == 0);
	CHECK_STR(b.data, "carpentry library");

	struct http_field g[] = {
	    {"weekday", "funday", 6, NULL, NULL},
	    {"weekday", "tue", 3, NULL, NULL},
	    {"task", "welding", 7, NULL, NULL},
	    {"task", "office", 6, NULL, NULL},
	};
	fm = form_of(g, LEN(g));
	bits = 0;
	CHECK(place_bits_from_form(&fm, "weekday", place_weekdays, 7, &bits) ==
	      -1);
	CHECK(bits == 2);
	CHECK(place_tasks_from_form(&fm, "task", &b) == -1);
	CHECK_STR(b.data, "office");
	buf_free(&b);
}

TEST(forms)
{
	CHECK(place_form_allowed("both", "individual"));
	CHECK(place_form_allowed("both", "group"));
	CHECK(place_form_allowed("both", "both"));
	CHECK(place_form_allowed("group", "group"));
	CHECK(!place_form_allowed("group", "individual"));
	CHECK(!place_form_allowed("group", "both"));
	CHECK(!place_form_allowed("individual", "group"));
	CHECK(!place_form_allowed("both", ""));
	CHECK(!place_form_allowed("both", "Both"));
}

static struct place_input good_input(void)
{
	struct place_input in = {
	    .title = "Puutyöpaja",
	    .description = "Huonekalujen korjausta.\nKahvi keitetään.",
	    .task_words = "maalaus",
	    .street_address = "Koulukatu 5",
	    .hours_min = "4",
	    .hours_max = "6",
	    .capacity = "8",
	    .accessibility = "",
	    .contact_name = "Pekka Puusepp",
	    .contact_phone = "040 111 2222",
	    .contact_email = "",
	    .weekdays = 1 | 4 | 16,
	    .languages = 1 | 2,
	};
	return in;
}

/* The field of the only error, "" when none, "many" for several. */
static const char *only_error(const struct place_input *in)
{
	struct place_numbers nums;
	struct place_error e[20];
	size_t n = place_validate(in, &nums, e, LEN(e));
	return n == 0 ? "" : n == 1 ? e[0].field : "many";
}

TEST(validate)
{
	struct place_input in = good_input();
	struct place_numbers nums = {0, 0, 0};
	struct place_error e[20];
	CHECK(place_validate(&in, &nums, e, LEN(e)) == 0);
	CHECK(nums.hours_min == 4 && nums.hours_max == 6 && nums.capacity == 8);

	char title[260];
	memset(title, 'a', 201);
	title[201] = '\0';
	const struct {
		const char *field, *value, *want;
	} cases[] = {
	    {"title", "", "title"},
	    {"title", "two\nlines", "title"},
	    {"title", title, "title"},
	    {"hours_min", "3", "hours_min"},
	    {"hours_min", "x", "hours_min"},
	    {"hours_max", "7", "hours_max"},
	    {"hours_min", "", "hours_min"},
	    {"capacity", "0", "capacity"},
	    {"capacity", "x", "capacity"},
	    {"capacity", "1001", "capacity"},
	    {"capacity", "1000", ""},
	    {"contact_name", "", "contact_name"},
	    {"contact_phone", "call me", "contact_phone"},
	    {"contact_phone", "", "contact_phone"},
	    {"contact_email", "nobody", "contact_email"},
	    {"task_words", "a\nb", "task_words"},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		in = good_input();
		const char *v = cases[i].value, *f = cases[i].field;
		if (!strcmp(f, "title"))
			in.title = v;
		else if (!strcmp(f, "hours_min"))
			in.hours_min = v;
		else if (!strcmp(f, "hours_max"))
			in.hours_max = v;
		else if (!strcmp(f, "capacity"))
			in.capacity = v;
		else if (!strcmp(f, "contact_name"))
			in.contact_name = v;
		else if (!strcmp(f, "contact_phone"))
			in.contact_phone = v;
		else if (!strcmp(f, "contact_email"))
			in.contact_email = v;
		else if (!strcmp(f, "task_words"))
			in.task_words = v;
		CHECK_STR(only_error(&in), cases[i].want);
	}
	/* A 200-character title of ä passes. */
	char t200[401];
	for (int i = 0; i < 200; i++)
		memcpy(t200 + 2 * i, "ä", 2);
	t200[400] = '\0';
	in = good_input();
	in.title = t200;
	CHECK_STR(only_error(&in), "");
	in = good_input();
	in.hours_min = "6";
	in.hours_max = "4";
	CHECK_STR(only_error(&in), "hours_max");
	in = good_input();
	in.weekdays = 0;
	CHECK_STR(only_error(&in), "weekdays");
	in = good_input();
	in.languages = 0;
	CHECK_STR(only_error(&in), "languages");
	in = good_input();
	in.contact_phone = "";
	in.contact_email = "pekka@kanerva.example";
	CHECK_STR(only_error(&in), "");
	/* Errors beyond max are counted, not written. */
	struct place_input bad = {
	    "", "", "", "", "9", "9", "0", "", "", "", "", 0, 0};
	CHECK(place_validate(&bad, &nums, e, 2) == 8);
	CHECK_STR(e[0].field, "title");
	CHECK_STR(e[1].field, "weekdays");
}

TEST(fts_sync)
{
	sqlite3 *db = NULL;
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	int rc = sqlite3_exec(db,
	    "CREATE TABLE municipalities(id INTEGER PRIMARY KEY, name_fi, "
	    "name_sv);"
	    "CREATE TABLE places(id INTEGER PRIMARY KEY, title, description, "
	    "tasks, task_words, municipality_id, service_type_id);"
	    "CREATE VIRTUAL TABLE places_fts USING fts5(title, description, "
	    "tasks, municipality, facets, tokenize = 'unicode61 "
	    "remove_diacritics 0', prefix = '2 3 4');"
	    "INSERT INTO municipalities VALUES (1, 'Joensuu', 'Joensuu'), "
	    "(2, 'Liperi', 'Libelits');"
	    "INSERT INTO places VALUES (7, 'Puutyöpaja', 'Korjausta', "
	    "'carpentry', 'maalaus', 2, 3);",
	    NULL, NULL, NULL);
	CHECK(rc == SQLITE_OK);
	CHECK(place_fts_sync(db, 7) == 0);
	CHECK(place_fts_sync(db, 7) == 0);
	char out[64];
	CHECK_STR(fts_rows(db, "\"snickeri\"*", out, sizeof(out)), "7");
	CHECK_STR(fts_rows(db, "\"libelits\"*", out, sizeof(out)), "7");
	CHECK_STR(fts_rows(db, "\"maalaus\"", out, sizeof(out)), "7");
	CHECK_STR(fts_rows(db, "\"puutyöpaja\"", out, sizeof(out)), "7");
	/* The filters' tokens: municipality, service type and the pair. */
	CHECK_STR(fts_rows(db, "facets : m2", out, sizeof(out)), "7");
	CHECK_STR(fts_rows(db, "facets : s3", out, sizeof(out)), "7");
	CHECK_STR(fts_rows(db, "facets : m2s3", out, sizeof(out)), "7");
	CHECK_STR(fts_rows(db, "facets : m1", out, sizeof(out)), "");
	sqlite3_exec(db,
	    "UPDATE places SET tasks = 'kitchen', municipality_id = 1 WHERE "
	    "id = 7",
	    NULL, NULL, NULL);
	CHECK(place_fts_sync(db, 7) == 0);
	CHECK_STR(fts_rows(db, "\"snickeri\"*", out, sizeof(out)), "");
	CHECK_STR(fts_rows(db, "\"köksarbete\"", out, sizeof(out)), "7");
	CHECK_STR(fts_rows(db, "\"joensuu\"", out, sizeof(out)), "7");
	CHECK_STR(fts_rows(db, "\"libelits\"", out, sizeof(out)), "");
	CHECK_STR(fts_rows(db, "facets : m1s3", out, sizeof(out)), "7");
	CHECK_STR(fts_rows(db, "facets : m2", out, sizeof(out)), "");
	/* A place that is gone loses its row. */
	sqlite3_exec(db, "DELETE FROM places", NULL, NULL, NULL);
	CHECK(place_fts_sync(db, 7) == 0);
	CHECK_STR(fts_rows(db, "\"joensuu\"", out, sizeof(out)), "");
	db_close(db);
}

int main(void)
{
	RUN(match_words);
	RUN(match_operators_neutralised);
	RUN(match_refused);
	RUN(match_in_sqlite);
	RUN(tasks);
	RUN(bit_sets);
	RUN(forms);
	RUN(validate);
	RUN(fts_sync);
	return TEST_END();
}
