/* test_valid.c: tables of good and bad inputs for every validator. */
#include <stdint.h>
#include <string.h>

#include "paikka/valid.h"
#include "test.h"

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

TEST(ytunnus_real_ids_pass)
{
	/* Real business IDs from the Finnish trade register (YTJ). */
	static const char *const good[] = {
	    "0737546-2", /* example from the spec */
	    "1572860-0", /* remainder 0 → check digit 0 */
	    "0112038-9", /* Nokia Oyj */
	    "0109862-8", /* Kesko Oyj */
	    "0108023-3", /* Finnair Oyj */
	    "0116297-6", /* Valio Oy */
	    "1852302-9", /* Neste Oyj */
	    "1463611-4", /* Fortum Oyj */
	    "0201256-6", /* YIT Oyj */
	};
	for (size_t i = 0; i < LEN(good); i++)
		CHECK(valid_ytunnus(good[i]));
}

TEST(ytunnus_wrong_check_digit_fails)
{
	static const char *const bad[] = {
	    "0737546-3",
	    "0737546-1",
	    "1572860-1",
	    "0112038-8",
	    "0109862-0",
	};
	for (size_t i = 0; i < LEN(bad); i++)
		CHECK(!valid_ytunnus(bad[i]));
}

TEST(ytunnus_remainder_one_never_valid)
{
	/* 3 * 4 = 12, 12 mod 11 = 1: no check digit can make it valid. */
	char id[] = "0000030-0";

	for (char c = '0'; c <= '9'; c++) {
		id[8] = c;
		CHECK(!valid_ytunnus(id));
	}
}

TEST(ytunnus_wrong_shape_fails)
{
	static const char *const bad[] = {
	    "",
	    "07375462",
	    "0737546 2",
	    "737546-2",
	    "00737546-2",
	    "0737546-22",
	    "0737546-",
	    "073754a-2",
	    "0737546-x",
	    " 0737546-2",
	    "0737546-2 ",
	    "0737546--2",
	    "FI07375462",
	};
	for (size_t i = 0; i < LEN(bad); i++)
		CHECK(!valid_ytunnus(bad[i]));
	CHECK(!valid_ytunnus(NULL));
}

struct cents_case {
	const char *in;
	int ok;
	int64_t cents;
};

TEST(cents_table)
{
	static const struct cents_case cases[] = {
	    {"10,09", 1, 1009},
	    {"10.09", 1, 1009},
	    {"10,9", 1, 1090},
	    {"10.9", 1, 1090},
	    {"10", 1, 1000},
	    {"0", 1, 0},
	    {"0,01", 1, 1},
	    {"007", 1, 700},
	    {"1000000000", 1, 100000000000},
	    {"1000000000,00", 1, 100000000000},
	    {"999999999,99", 1, 99999999999},
	    {"1000000000,01", 0, 0},
	    {"1000000001", 0, 0},
	    {"99999999999999999999999999", 0, 0},
	    {" 10", 0, 0},
	    {"10 ", 0, 0},
	    {"10,099", 0, 0},
	    {"-1", 0, 0},
	    {"+1", 0, 0},
	    {"", 0, 0},
	    {",5", 0, 0},
	    {"10,", 0, 0},
	    {"10.", 0, 0},
	    {"1 000", 0, 0},
	    {"10,0a", 0, 0},
	    {"10,,0", 0, 0},
	    {"1e3", 0, 0},
	    {"10€", 0, 0},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		int64_t got = -1;
		int ok = valid_cents(cases[i].in, &got);

		CHECK(ok == cases[i].ok);
		if (ok && cases[i].ok && got != cases[i].cents)
			CHECK_STR(cases[i].in, "(wrong cents)");
	}
	CHECK(!valid_cents(NULL, NULL));
	CHECK(valid_cents("5", NULL));
}

struct int_case {
	const char *in;
	int64_t min, max;
	int ok;
	int64_t want;
};

TEST(int_table)
{
	static const struct int_case cases[] = {
	    {"0", 0, 10, 1, 0},
	    {"10", 0, 10, 1, 10},
	    {"11", 0, 10, 0, 0},
	    {"-1", 0, 10, 0, 0},
	    {"-1", -5, 5, 1, -1},
	    {"-0", 0, 0, 1, 0},
	    {"007", 0, 10, 1, 7},
	    {"9223372036854775807", INT64_MIN, INT64_MAX, 1, INT64_MAX},
	    {"-9223372036854775808", INT64_MIN, INT64_MAX, 1, INT64_MIN},
	    {"9223372036854775808", INT64_MIN, INT64_MAX, 0, 0},
	    {"-9223372036854775809", INT64_MIN, INT64_MAX, 0, 0},
	    {"18446744073709551616", INT64_MIN, INT64_MAX, 0, 0},
	    {"", 0, 10, 0, 0},
	    {"-", 0, 10, 0, 0},
	    {"+1", 0, 10, 0, 0},
	    {" 1", 0, 10, 0, 0},
	    {"1 ", 0, 10, 0, 0},
	    {"1a", 0, 10, 0, 0},
	    {"--1", -5, 5, 0, 0},
	    {"0x10", 0, 100, 0, 0},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		int64_t got = 12345;
		int ok =
		    valid_int(cases[i].in, cases[i].min, cases[i].max, &got);

		CHECK(ok == cases[i].ok);
		if (ok && cases[i].ok && got != cases[i].want)
			CHECK_STR(cases[i].in, "(wrong value)");
	}
	CHECK(!valid_int(NULL, 0, 1, NULL));
	CHECK(valid_int("1", 0, 1, NULL));
}

struct date_case {
	const char *in;
	int ok, y, m, d;
};

TEST(date_table)
{
	static const struct date_case cases[] = {
	    {"2026-05-14", 1, 2026, 5, 14},
	    {"14.5.2026", 1, 2026, 5, 14},
	    {"14.05.2026", 1, 2026, 5, 14},
	    {"1.1.2027", 1, 2027, 1, 1},
	    {"31.12.2026", 1, 2026, 12, 31},
	    {"29.2.2024", 1, 2024, 2, 29},
	    {"2024-02-29", 1, 2024, 2, 29},
	    {"29.2.2000", 1, 2000, 2, 29},
	    {"1900-01-01", 1, 1900, 1, 1},
	    {"31.12.2200", 1, 2200, 12, 31},
	    {"29.2.2026", 0, 0, 0, 0},
	    {"29.2.2100", 0, 0, 0, 0},
	    {"29.2.1900", 0, 0, 0, 0},
	    {"31.4.2026", 0, 0, 0, 0},
	    {"2026-04-31", 0, 0, 0, 0},
	    {"2026-13-01", 0, 0, 0, 0},
	    {"2026-00-10", 0, 0, 0, 0},
	    {"2026-01-00", 0, 0, 0, 0},
	    {"0.1.2026", 0, 0, 0, 0},
	    {"32.1.2026", 0, 0, 0, 0},
	    {"31.12.1899", 0, 0, 0, 0},
	    {"1.1.2201", 0, 0, 0, 0},
	    {"2026-5-14", 0, 0, 0, 0},
	    {"14.5.26", 0, 0, 0, 0},
	    {"014.5.2026", 0, 0, 0, 0},
	    {"14.5.2026 ", 0, 0, 0, 0},
	    {" 2026-05-14", 0, 0, 0, 0},
	    {"2026-05-14T00:00", 0, 0, 0, 0},
	    {"2026/05/14", 0, 0, 0, 0},
	    {"14-5-2026", 0, 0, 0, 0},
	    {"", 0, 0, 0, 0},
	    {"..", 0, 0, 0, 0},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		const struct date_case *c = &cases[i];
		int y = 0, m = 0, d = 0;
		int ok = valid_date(c->in, &y, &m, &d);

		CHECK(ok == c->ok);
		if (ok && c->ok && (y != c->y || m != c->m || d != c->d))
			CHECK_STR(c->in, "(wrong fields)");
	}
	CHECK(!valid_date(NULL, NULL, NULL, NULL));
	CHECK(valid_date("1.1.2026", NULL, NULL, NULL));
}

struct clock_case {
	const char *in;
	int ok, h, min;
};

TEST(clock_table)
{
	static const struct clock_case cases[] = {
	    {"14:05", 1, 14, 5},
	    {"9:05", 1, 9, 5},
	    {"09:05", 1, 9, 5},
	    {"0:00", 1, 0, 0},
	    {"23:59", 1, 23, 59},
	    {"24:00", 0, 0, 0},
	    {"12:60", 0, 0, 0},
	    {"12:5", 0, 0, 0},
	    {"12:005", 0, 0, 0},
	    {"012:05", 0, 0, 0},
	    {"12.05", 0, 0, 0},
	    {":05", 0, 0, 0},
	    {"12:", 0, 0, 0},
	    {" 9:05", 0, 0, 0},
	    {"9:05 ", 0, 0, 0},
	    {"", 0, 0, 0},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		const struct clock_case *c = &cases[i];
		int h = -1, min = -1;
		int ok = valid_clock(c->in, &h, &min);

		CHECK(ok == c->ok);
		if (ok && c->ok && (h != c->h || min != c->min))
			CHECK_STR(c->in, "(wrong fields)");
	}
	CHECK(!valid_clock(NULL, NULL, NULL));
}

struct text_case {
	const char *in;
	size_t len;
	int text_ok, line_ok;
};

#define T(s) s, sizeof(s) - 1

TEST(text_and_line_table)
{
	/* Limits 1..5 code points throughout. */
	static const struct text_case cases[] = {
	    {T("a"), 1, 1},
	    {T("äöå"), 1, 1},
	    {T("Åbo €"), 1, 1},
	    {T("😀"), 1, 1},
	    {T("a\tb"), 1, 1},
	    {T("a\nb"), 1, 0},
	    {T("a\r\nb"), 1, 0},
	    {T(""), 0, 0},
	    {T("abcdef"), 0, 0},
	    {T("äääää"), 1, 1},
	    {T("ääääää"), 0, 0},
	    {T("a\0b"), 0, 0},
	    {T("a\x01"), 0, 0},
	    {T("a\x1b[m"), 0, 0},
	    {T("a\x7f"), 0, 0},
	    {T("a\xc2\x85"), 0, 0},        /* U+0085, a C1 control */
	    {T("\xc3"), 0, 0},             /* truncated */
	    {T("\xc3\x28"), 0, 0},         /* bad continuation */
	    {T("\xc0\xaf"), 0, 0},         /* overlong '/' */
	    {T("\xe0\x80\xaf"), 0, 0},     /* overlong */
	    {T("\xed\xa0\x80"), 0, 0},     /* surrogate */
	    {T("\xf4\x90\x80\x80"), 0, 0}, /* beyond U+10FFFF */
	    {T("\xff"), 0, 0},
	    {T("\x80"), 0, 0},
	};
	for (size_t i = 0; i < LEN(cases); i++) {
		const struct text_case *c = &cases[i];

		CHECK(valid_text(c->in, c->len, 1, 5) == c->text_ok);
		CHECK(valid_line(c->in, c->len, 1, 5) == c->line_ok);
	}
	CHECK(valid_text("", 0, 0, 5));
	CHECK(!valid_text(NULL, 0, 0, 5));
	/* len bounds the check even without a terminating NUL. */
	CHECK(valid_line("abc\x01", 3, 1, 5));
}

TEST(email_table)
{
	static const char *const good[] = {
	    "a@b.fi",
	    "maija.meikalainen@kunta.fi",
	    "first+tag@sub.example.com",
	    "käyttäjä@esimerkki.fi",
	};
	static const char *const bad[] = {
	    "",
	    "a",
	    "@b.fi",
	    "a@",
	    "a@b",
	    "a@@b.fi",
	    "a@b@c.fi",
	    "a b@c.fi",
	    "a@b .fi",
	    "a@.fi",
	    "a@b.",
	    "a@b.fi ",
	    "a\t@b.fi",
	    "a@b\n.fi",
	    "\xff@b.fi",
	};
	char longest[256];

	for (size_t i = 0; i < LEN(good); i++)
		CHECK(valid_email(good[i]));
	for (size_t i = 0; i < LEN(bad); i++)
		CHECK(!valid_email(bad[i]));
	CHECK(!valid_email(NULL));
	/* 254 bytes pass, 255 do not. */
	memset(longest, 'a', sizeof(longest));
	memcpy(longest + 254 - 5, "@b.fi", 6);
	CHECK(strlen(longest) == 254 && valid_email(longest));
	memset(longest, 'a', sizeof(longest));
	memcpy(longest + 255 - 5, "@b.fi", 6);
	CHECK(strlen(longest) == 255 && !valid_email(longest));
}

TEST(password_table)
{
	char buf[600];

	CHECK(valid_password(T("abcdefghijkl")));
	CHECK(!valid_password(T("abcdefghijk")));
	/* 12 code points in 24 bytes: counted as characters, not bytes. */
	CHECK(valid_password(T("ääääääääääää")));
	CHECK(!valid_password(T("äääääääääää")));
	CHECK(valid_password(T("correct horse battery staple")));
	CHECK(!valid_password(T("abcdef\0ghijklm")));
	CHECK(!valid_password(T("abcdefghijkl\xff")));
	CHECK(!valid_password(T("abcdefghijkl\xc3")));
	CHECK(!valid_password(NULL, 0));
	memset(buf, 'x', 129);
	CHECK(valid_password(buf, 128));
	CHECK(!valid_password(buf, 129));
	/* 128 three-byte characters (384 bytes) still pass. */
	for (size_t i = 0; i < 129; i++)
		memcpy(buf + 3 * i, "\xe2\x82\xac", 3);
	CHECK(valid_password(buf, 384));
	CHECK(!valid_password(buf, 387));
}

TEST(username_table)
{
	static const char *const good[] = {
	    "abc",
	    "maija.m",
	    "user_01",
	    "a-b",
	    "0123456789",
	    "...",
	};
	static const char *const bad[] = {
	    "",
	    "ab",
	    "Abc",
	    "maija m",
	    "käyttäjä",
	    "a@b",
	    "abc\n",
	    "abc/",
	};
	char name[70];

	for (size_t i = 0; i < LEN(good); i++)
		CHECK(valid_username(good[i]));
	for (size_t i = 0; i < LEN(bad); i++)
		CHECK(!valid_username(bad[i]));
	CHECK(!valid_username(NULL));
	memset(name, 'a', sizeof(name));
	name[64] = '\0';
	CHECK(valid_username(name));
	name[64] = 'a';
	name[65] = '\0';
	CHECK(!valid_username(name));
}

int main(void)
{
	RUN(ytunnus_real_ids_pass);
	RUN(ytunnus_wrong_check_digit_fails);
	RUN(ytunnus_remainder_one_never_valid);
	RUN(ytunnus_wrong_shape_fails);
	RUN(cents_table);
	RUN(int_table);
	RUN(date_table);
	RUN(clock_table);
	RUN(text_and_line_table);
	RUN(email_table);
	RUN(password_table);
	RUN(username_table);
	return TEST_END();
}
