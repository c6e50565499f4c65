/* test_i18n.c: money and time formats, language choice, and gettext
 * switching languages per request. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "paikka/i18n.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define EURO "\xe2\x82\xac"

struct money_case {
	int64_t cents;
	const char *fi, *en;
};

TEST(money_table)
{
	static const struct money_case cases[] = {
	    {0, "0,00 " EURO, EURO "0.00"},
	    {1, "0,01 " EURO, EURO "0.01"},
	    {1009, "10,09 " EURO, EURO "10.09"},
	    {-500, "-5,00 " EURO, "-" EURO "5.00"},
	    {-1, "-0,01 " EURO, "-" EURO "0.01"},
	    {99999, "999,99 " EURO, EURO "999.99"},
	    {100000, "1 000,00 " EURO, EURO "1,000.00"},
	    {123456, "1 234,56 " EURO, EURO "1,234.56"},
	    {-123456, "-1 234,56 " EURO, "-" EURO "1,234.56"},
	    {100000000000, "1 000 000 000,00 " EURO, EURO "1,000,000,000.00"},
	    {INT64_MAX, "92 233 720 368 547 758,07 " EURO,
	        EURO "92,233,720,368,547,758.07"},
	    {INT64_MIN, "-92 233 720 368 547 758,08 " EURO,
	        "-" EURO "92,233,720,368,547,758.08"},
	};
	char buf[64];

	for (size_t i = 0; i < LEN(cases); i++) {
		CHECK_STR(fmt_money(buf, sizeof(buf), cases[i].cents, LANG_FI),
		    cases[i].fi);
		/* Swedish in Finland writes money the Finnish way. */
		CHECK_STR(fmt_money(buf, sizeof(buf), cases[i].cents, LANG_SV),
		    cases[i].fi);
		CHECK_STR(fmt_money(buf, sizeof(buf), cases[i].cents, LANG_EN),
		    cases[i].en);
	}
}

TEST(money_truncates_safely)
{
	char buf[6];

	CHECK(fmt_money(buf, sizeof(buf), 123456, LANG_FI) == buf);
	CHECK_STR(buf, "1 234");
	CHECK(fmt_money(buf, 0, 1, LANG_EN) == buf);
}

struct time_case {
	int64_t t;
	const char *date, *clock, *both;
};

TEST(time_table)
{
	static const struct time_case cases[] = {
	    {1795349100, "22.11.2026", "14:05", "22.11.2026 14:05"},
	    {1772704800, "05.03.2026", "12:00", "05.03.2026 12:00"},
	    {0, "01.01.1970", "02:00", "01.01.1970 02:00"},
	    {1709208000, "29.02.2024", "14:00", "29.02.2024 14:00"},
	    /* Spring forward on 29.3.2026: 02:59 EET, then 04:00 EEST. */
	    {1774745940, "29.03.2026", "02:59", "29.03.2026 02:59"},
	    {1774746000, "29.03.2026", "04:00", "29.03.2026 04:00"},
	    /* Fall back on 25.10.2026: 03:59 EEST, then 03:00 EET. */
	    {1792889940, "25.10.2026", "03:59", "25.10.2026 03:59"},
	    {1792890000, "25.10.2026", "03:00", "25.10.2026 03:00"},
	    /* Year end: UTC is two hours behind. */
	    {1798754340, "31.12.2026", "23:59", "31.12.2026 23:59"},
	    {1798754400, "01.01.2027", "00:00", "01.01.2027 00:00"},
	};
	char buf[32];

	for (size_t i = 0; i < LEN(cases); i++) {
		CHECK_STR(
		    fmt_date(buf, sizeof(buf), cases[i].t), cases[i].date);
		CHECK_STR(
		    fmt_time(buf, sizeof(buf), cases[i].t), cases[i].clock);
		CHECK_STR(
		    fmt_datetime(buf, sizeof(buf), cases[i].t), cases[i].both);
	}
	/* Beyond what struct tm can hold: empty, not garbage. */
	CHECK_STR(fmt_date(buf, sizeof(buf), INT64_MAX), "");
	CHECK_STR(fmt_datetime(buf, sizeof(buf), INT64_MIN), "");
}

TEST(isodate_table)
{
	static const char *const bad[] = {
	    "",
	    "2026-11-31",
	    "2026-02-29",
	    "2026-13-01",
	    "2026-00-01",
	    "2026-1-22",
	    "22.11.2026",
	    "2026-11-22 ",
	    "2026-11-2x",
	    "20261122",
	    "2026/11/22",
	};
	char buf[16];

	CHECK_STR(fmt_isodate(buf, sizeof(buf), "2026-11-22"), "22.11.2026");
	CHECK_STR(fmt_isodate(buf, sizeof(buf), "2026-03-05"), "05.03.2026");
	CHECK_STR(fmt_isodate(buf, sizeof(buf), "2024-02-29"), "29.02.2024");
	for (size_t i = 0; i < LEN(bad); i++)
		CHECK_STR(fmt_isodate(buf, sizeof(buf), bad[i]), "");
	CHECK_STR(fmt_isodate(buf, sizeof(buf), NULL), "");
}

struct wall_case {
	int y, mon, d, h, min;
	int64_t want;
};

TEST(helsinki_to_utc_table)
{
	static const struct wall_case cases[] = {
	    {2026, 11, 22, 14, 5, 1795349100},
	    {1970, 1, 1, 2, 0, 0},
	    {2027, 1, 1, 0, 0, 1798754400},
	    {2026, 12, 31, 23, 59, 1798754340},
	    {2026, 3, 29, 2, 59, 1774745940},
	    {2026, 3, 29, 4, 0, 1774746000},
	    /* The gap 03:00-03:59 does not exist: moved forward an hour. */
	    {2026, 3, 29, 3, 0, 1774746000},
	    {2026, 3, 29, 3, 30, 1774747800},
	    /* 03:30 happens twice: the earlier (EEST) instant wins. */
	    {2026, 10, 25, 3, 30, 1792888200},
	    {2026, 10, 25, 3, 0, 1792886400},
	    {2026, 10, 25, 2, 59, 1792886340},
	    {2026, 10, 25, 4, 0, 1792893600},
	};

	for (size_t i = 0; i < LEN(cases); i++) {
		const struct wall_case *c = &cases[i];
		int64_t got = helsinki_to_utc(c->y, c->mon, c->d, c->h, c->min);

		if (got != c->want)
			printf("# case %zu: got %lld, want %lld\n", i,
			    (long long)got, (long long)c->want);
		CHECK(got == c->want);
	}
}

TEST(helsinki_to_utc_overlap_does_not_depend_on_history)
{
	/* glibc's mktime answers this differently after a summer date. */
	int64_t want = 1792888200;

	CHECK(helsinki_to_utc(2026, 7, 1, 12, 0) > 0);
	CHECK(helsinki_to_utc(2026, 10, 25, 3, 30) == want);
	CHECK(helsinki_to_utc(2026, 1, 1, 12, 0) > 0);
	CHECK(helsinki_to_utc(2026, 10, 25, 3, 30) == want);
}

TEST(helsinki_to_utc_round_trips)
{
	/* Every 67 minutes through 2026: the wall-clock time shown for an
	 * instant maps back to it, or (second pass of the autumn overlap)
	 * to the instant an hour earlier that shows the same time. */
	char shown[32], back[32];

	for (int64_t t = 1767225600; t < 1798761600; t += 67 * 60) {
		struct tm tm;
		time_t tt = (time_t)t;
		int64_t r;

		localtime_r(&tt, &tm);
		r = helsinki_to_utc(tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday, tm.tm_hour, tm.tm_min);
		fmt_datetime(shown, sizeof(shown), t);
		fmt_datetime(back, sizeof(back), r);
		if (r != t && !(r == t - 3600 && strcmp(shown, back) == 0)) {
			CHECK_STR(back, shown);
			break;
		}
	}
}

TEST(helsinki_to_utc_refuses_bad_fields)
{
	static const struct wall_case bad[] = {
	    {2026, 13, 1, 0, 0, 0},
	    {2026, 0, 1, 0, 0, 0},
	    {2026, 4, 31, 0, 0, 0},
	    {2026, 2, 29, 0, 0, 0},
	    {2100, 2, 29, 0, 0, 0},
	    {2026, 1, 0, 0, 0, 0},
	    {2026, 1, 32, 0, 0, 0},
	    {2026, 1, 1, 24, 0, 0},
	    {2026, 1, 1, -1, 0, 0},
	    {2026, 1, 1, 0, 60, 0},
	    {2026, 1, 1, 0, -1, 0},
	    {1899, 12, 31, 0, 0, 0},
	    {2201, 1, 1, 0, 0, 0},
	};

	for (size_t i = 0; i < LEN(bad); i++) {
		const struct wall_case *c = &bad[i];

		CHECK(helsinki_to_utc(c->y, c->mon, c->d, c->h, c->min) == -1);
	}
	CHECK(helsinki_to_utc(2024, 2, 29, 14, 0) == 1709208000);
	CHECK(helsinki_to_utc(2000, 2, 29, 12, 0) > 0);
}

struct pick_case {
	const char *cookie, *accept;
	enum lang want;
};

TEST(lang_pick_table)
{
	static const struct pick_case cases[] = {
	    {NULL, NULL, LANG_FI},
	    {"sv", NULL, LANG_SV},
	    {"en", "fi", LANG_EN},
	    {"fi", "sv", LANG_FI},
	    {"de", "sv", LANG_SV},
	    {"", "en", LANG_EN},
	    {"SV", NULL, LANG_FI},
	    {"sv ", NULL, LANG_FI},
	    {NULL, "sv-FI,sv;q=0.9,en;q=0.5", LANG_SV},
	    {NULL, "de, en;q=0.3", LANG_EN},
	    {NULL, "en-GB,en;q=0.9,fi;q=0.8", LANG_EN},
	    {NULL, "fi;q=0.5, sv;q=0.8", LANG_SV},
	    {NULL, "en;q=0.5, sv;q=0.5", LANG_EN},
	    {NULL, "SV-fi", LANG_SV},
	    {NULL, "sv;q=0, en;q=0.1", LANG_EN},
	    {NULL, "sv;q=0", LANG_FI},
	    {NULL, "sv;q=1.0", LANG_SV},
	    {NULL, "sv;q=1.001, en;q=0.2", LANG_EN},
	    {NULL, "sv;q=2, en;q=0.2", LANG_EN},
	    {NULL, "sv;q=abc, en;q=0.2", LANG_EN},
	    {NULL, "sv ; q=0.7 , en ;q=0.6", LANG_SV},
	    {NULL, "*", LANG_FI},
	    {NULL, "de-DE,de;q=0.9", LANG_FI},
	    {NULL, "", LANG_FI},
	    {NULL, ",,,;;;===", LANG_FI},
	    {NULL, "svenska, english", LANG_FI},
	    {NULL, "e", LANG_FI},
	    {NULL, "\xff\xfe", LANG_FI},
	};

	for (size_t i = 0; i < LEN(cases); i++) {
		enum lang got = lang_pick(cases[i].cookie, cases[i].accept);

		if (got != cases[i].want)
			printf("# case %zu: got %s\n", i, lang_code(got));
		CHECK(got == cases[i].want);
	}
}

TEST(lang_pick_survives_hostile_headers)
{
	/* 100 000 entries; the language past the parsing bound is ignored. */
	size_t n = 100000 * 3;
	char *h = malloc(n + 8);

	CHECK(h != NULL);
	if (h == NULL)
		return;
	for (size_t i = 0; i < n; i += 3)
		memcpy(h + i, "x,,", 3);
	memcpy(h + n, "sv", 3);
	CHECK(lang_pick(NULL, h) == LANG_FI);
	memset(h, ';', n);
	CHECK(lang_pick(NULL, h) == LANG_FI);
	free(h);
}

TEST(lang_codes)
{
	CHECK_STR(lang_code(LANG_FI), "fi");
	CHECK_STR(lang_code(LANG_SV), "sv");
	CHECK_STR(lang_code(LANG_EN), "en");
	CHECK(lang_from_code("fi") == LANG_FI);
	CHECK(lang_from_code("sv") == LANG_SV);
	CHECK(lang_from_code("en") == LANG_EN);
	CHECK(lang_from_code("de") == LANG__MAX);
	CHECK(lang_from_code("") == LANG__MAX);
	CHECK(lang_from_code("fin") == LANG__MAX);
	CHECK(lang_from_code(NULL) == LANG__MAX);
}

/* Writes a GNU .mo file holding the header entry and msgid "Save"
 * translated as tr; returns 1 on success. */
static int write_mo(const char *path, const char *tr)
{
	static const char header[] =
	    "Content-Type: text/plain; charset=UTF-8\n";
	uint32_t head[7] = {0x950412de, 0, 2, 28, 44, 0, 60};
	uint32_t orig[4] = {0, 60, 4, 61};
	uint32_t trans[4] = {
	    sizeof(header) - 1, 66, (uint32_t)strlen(tr), 66 + sizeof(header)};
	FILE *f = fopen(path, "wb");
	int ok;

	if (f == NULL)
		return 0;
	ok = fwrite(head, sizeof(head), 1, f) == 1 &&
	     fwrite(orig, sizeof(orig), 1, f) == 1 &&
	     fwrite(trans, sizeof(trans), 1, f) == 1 &&
	     fwrite("\0Save", 6, 1, f) == 1 &&
	     fwrite(header, sizeof(header), 1, f) == 1 &&
	     fwrite(tr, strlen(tr) + 1, 1, f) == 1;
	return fclose(f) == 0 && ok;
}

/* Creates dir/<code>/LC_MESSAGES/paikka.mo; returns 1 on success. */
static int make_catalog(const char *dir, const char *code, const char *tr)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, code);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES", dir, code);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/paikka.mo", dir, code);
	return write_mo(path, tr);
}

/* Removes what make_catalog made. */
static void remove_catalog(const char *dir, const char *code)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/paikka.mo", dir, code);
	unlink(path);
	snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES", dir, code);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/%s", dir, code);
	rmdir(path);
}

TEST(gettext_switches_language)
{
	char dir[] = "/tmp/paikka-i18n-XXXXXX";

	CHECK(mkdtemp(dir) != NULL);
	CHECK(make_catalog(dir, "fi", "Tallenna"));
	CHECK(make_catalog(dir, "sv", "Spara"));
	i18n_init(dir);
	CHECK_STR(_("Save"), "Tallenna"); /* Finnish is the default */
	i18n_use(LANG_SV);
	CHECK_STR(_("Save"), "Spara");
	i18n_use(LANG_EN);
	CHECK_STR(_("Save"), "Save");
	i18n_use(LANG_FI);
	CHECK_STR(_("Save"), "Tallenna");
	CHECK_STR(_("Not in the catalogue"), "Not in the catalogue");
	remove_catalog(dir, "fi");
	remove_catalog(dir, "sv");
	rmdir(dir);
}

int main(void)
{
	/* Sets TZ for everything below; the catalogue test binds again. */
	i18n_init("/nonexistent");
	RUN(money_table);
	RUN(money_truncates_safely);
	RUN(time_table);
	RUN(isodate_table);
	RUN(helsinki_to_utc_table);
	RUN(helsinki_to_utc_overlap_does_not_depend_on_history);
	RUN(helsinki_to_utc_round_trips);
	RUN(helsinki_to_utc_refuses_bad_fields);
	RUN(lang_pick_table);
	RUN(lang_pick_survives_hostile_headers);
	RUN(lang_codes);
	RUN(gettext_switches_language);
	return TEST_END();
}
