/* test_http.c: tables of good and bad input for each parser in http.c. */
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/http.h"
#include "test.h"

static struct arena *arena;

/* Small limits so the limit paths are reached by short inputs. */
static const struct http_limits tiny = {
    .max_fields = 3, .max_name = 4, .max_value = 5, .max_file = 6};

/* 1 when form f holds exactly the name/value pairs in want (NULL-ended,
 * values compared as C strings), in order, else 0. */
static int form_is(const struct http_form *f, const char *const *want)
{
	size_t i = 0;
	for (; want[2 * i] != NULL; i++) {
		if (i >= f->n)
			return 0;
		const struct http_field *fld = &f->fields[i];
		if (strcmp(fld->name, want[2 * i]) != 0 ||
		    strcmp(fld->value, want[2 * i + 1]) != 0 ||
		    fld->len != strlen(want[2 * i + 1]) ||
		    fld->value[fld->len] != '\0')
			return 0;
	}
	return i == f->n;
}

/* ---- utf8 ---- */

struct utf8_case {
	const char *s;
	size_t n;
	int valid;
	size_t len; /* code points, when valid */
};

#define U(lit, valid, len)                                                     \
	{                                                                      \
		lit, sizeof(lit) - 1, valid, len                               \
	}

static const struct utf8_case utf8_cases[] = {
    U("", 1, 0),
    U("abc", 1, 3),
    U("a\0b", 1, 3),
    U("\xc3\xa4iti", 1, 4),      /* äiti */
    U("\xe2\x82\xac", 1, 1),     /* € */
    U("\xf0\x9f\x98\x80", 1, 1), /* 😀 */
    U("\xef\xbf\xbf", 1, 1),     /* U+FFFF */
    U("\xf4\x8f\xbf\xbf", 1, 1), /* U+10FFFF */
    U("\xed\x9f\xbf", 1, 1),     /* U+D7FF */
    U("\xee\x80\x80", 1, 1),     /* U+E000 */
    U("\xc2\x80", 1, 1),         /* smallest 2-byte */
    U("\xe0\xa0\x80", 1, 1),     /* smallest 3-byte */
    U("\xf0\x90\x80\x80", 1, 1), /* smallest 4-byte */
    U("\x80", 0, 0),             /* lone continuation */
    U("\xbf", 0, 0),
    U("\xc0\xaf", 0, 0),         /* overlong '/' */
    U("\xc1\xbf", 0, 0),         /* overlong */
    U("\xe0\x80\xaf", 0, 0),     /* overlong '/' */
    U("\xe0\x9f\xbf", 0, 0),     /* overlong */
    U("\xf0\x80\x80\xaf", 0, 0), /* overlong '/' */
    U("\xf0\x8f\xbf\xbf", 0, 0), /* overlong */
    U("\xed\xa0\x80", 0, 0),     /* U+D800 */
    U("\xed\xbf\xbf", 0, 0),     /* U+DFFF */
    U("\xf4\x90\x80\x80", 0, 0), /* U+110000 */
    U("\xf5\x80\x80\x80", 0, 0),
    U("\xff", 0, 0),
    U("\xfe", 0, 0),
    U("\xc3", 0, 0),         /* truncated */
    U("\xe2\x82", 0, 0),     /* truncated */
    U("\xf0\x9f\x98", 0, 0), /* truncated */
    U("a\xc3", 0, 0),        /* truncated at the end */
    U("\xc3\x28", 0, 0),     /* bad continuation */
    U("\xe2\x28\xa1", 0, 0),
    U("\xe2\x82\x28", 0, 0),
    U("\xf0\x9f\x98\x28", 0, 0),
};

TEST(utf8_table)
{
	for (size_t i = 0; i < sizeof(utf8_cases) / sizeof(utf8_cases[0]);
	     i++) {
		const struct utf8_case *c = &utf8_cases[i];
		if (utf8_valid(c->s, c->n) != c->valid) {
			printf("# utf8 case %zu\n", i);
			CHECK(utf8_valid(c->s, c->n) == c->valid);
		}
		if (c->valid && utf8_len(c->s, c->n) != c->len) {
			printf("# utf8_len case %zu\n", i);
			CHECK(utf8_len(c->s, c->n) == c->len);
		}
	}
}

TEST(utf8_reads_only_n)
{
	/* "\xc3" is truncated when n stops before the continuation byte. */
	CHECK(utf8_valid("\xc3\xa4", 1) == 0);
	CHECK(utf8_valid("\xc3\xa4", 2) == 1);
	CHECK(utf8_valid(NULL, 0) == 1);
	CHECK(utf8_len("ab\xe2\x82\xac", 5) == 3);
}

/* ---- urlencoded ---- */

struct url_case {
	const char *in;
	const struct http_limits *lim;
	enum http_err err;
	const char *want[9]; /* name, value, ..., NULL */
};

static const struct url_case url_cases[] = {
    {"", NULL, HTTP_OK, {NULL}},
    {"a=1", NULL, HTTP_OK, {"a", "1", NULL}},
    {"a=1&b=2", NULL, HTTP_OK, {"a", "1", "b", "2", NULL}},
    {"a=1&&b=2", NULL, HTTP_OK, {"a", "1", "b", "2", NULL}},
    {"&a=1&", NULL, HTTP_OK, {"a", "1", NULL}},
    {"&&&", NULL, HTTP_OK, {NULL}},
    {"flag", NULL, HTTP_OK, {"flag", "", NULL}},
    {"flag&x=", NULL, HTTP_OK, {"flag", "", "x", "", NULL}},
    {"=1&a=2", NULL, HTTP_OK, {"a", "2", NULL}},
    {"a=1=2", NULL, HTTP_OK, {"a", "1=2", NULL}},
    {"a=b+c", NULL, HTTP_OK, {"a", "b c", NULL}},
    {"a+b=c", NULL, HTTP_OK, {"a b", "c", NULL}},
    {"a=%41%62%2b%2B", NULL, HTTP_OK, {"a", "Ab++", NULL}},
    {"a=%26%3D", NULL, HTTP_OK, {"a", "&=", NULL}},
    {"n%C3%A4=%C3%A4iti", NULL, HTTP_OK, {"n\xc3\xa4", "\xc3\xa4iti", NULL}},
    {"a=1&a=2", NULL, HTTP_OK, {"a", "1", "a", "2", NULL}},
    {"a=%", NULL, HTTP_EMALFORMED, {NULL}},
    {"a=%4", NULL, HTTP_EMALFORMED, {NULL}},
    {"a=%4g", NULL, HTTP_EMALFORMED, {NULL}},
    {"a=%g4", NULL, HTTP_EMALFORMED, {NULL}},
    {"a=%%41", NULL, HTTP_EMALFORMED, {NULL}},
    {"%=1", NULL, HTTP_EMALFORMED, {NULL}},
    {"ok=1&a=%zz", NULL, HTTP_EMALFORMED, {NULL}},
    {"a%00b=1", NULL, HTTP_EMALFORMED, {NULL}},
    {"a=%ff", NULL, HTTP_EUTF8, {NULL}},
    {"a=%c0%af", NULL, HTTP_EUTF8, {NULL}},
    {"a=%ed%a0%80", NULL, HTTP_EUTF8, {NULL}},
    {"%ff=1", NULL, HTTP_EUTF8, {NULL}},
    {"a=\xc3", NULL, HTTP_EUTF8, {NULL}},
    {"a=1&b=2&c=3", &tiny, HTTP_OK, {"a", "1", "b", "2", "c", "3", NULL}},
    {"a=1&b=2&c=3&d=4", &tiny, HTTP_ETOOMANY, {NULL}},
    {"a=1&&b=2&&c=3&&", &tiny, HTTP_OK, {"a", "1", "b", "2", "c", "3", NULL}},
    {"abcd=12345", &tiny, HTTP_OK, {"abcd", "12345", NULL}},
    {"abcde=1", &tiny, HTTP_ETOOLONG, {NULL}},
    {"a=123456", &tiny, HTTP_ETOOLONG, {NULL}},
    {"a=%31%32%33%34%35", &tiny, HTTP_OK, {"a", "12345", NULL}},
    {"%61%62%63%64=1", &tiny, HTTP_OK, {"abcd", "1", NULL}},
};

TEST(urlencoded_table)
{
	for (size_t i = 0; i < sizeof(url_cases) / sizeof(url_cases[0]); i++) {
		const struct url_case *c = &url_cases[i];
		struct http_form f = {(void *)1, 99};
		enum http_err e = http_parse_urlencoded(
		    arena, c->in, strlen(c->in), c->lim, &f);
		int ok = e == c->err && form_is(&f, c->want);
		if (!ok)
			printf("# urlencoded case %zu \"%s\": err %d\n", i,
			    c->in, (int)e);
		CHECK(ok);
		if (e != HTTP_OK)
			CHECK(f.n == 0 && f.fields == NULL);
		arena_reset(arena);
	}
}

TEST(urlencoded_nul_in_value)
{
	struct http_form f;
	const char in[] = "a=x%00y&b=raw\0nul";
	CHECK(http_parse_urlencoded(arena, in, sizeof(in) - 1, NULL, &f) ==
	      HTTP_OK);
	CHECK(f.n == 2);
	CHECK(f.fields[0].len == 3 && strlen(f.fields[0].value) == 1);
	CHECK(memcmp(f.fields[0].value, "x\0y", 4) == 0);
	CHECK(f.fields[1].len == 7 && strlen(f.fields[1].value) == 3);
	CHECK(f.fields[0].filename == NULL && f.fields[0].content_type == NULL);
	arena_reset(arena);
}

TEST(urlencoded_reads_only_n)
{
	struct http_form f;
	/* n cuts "a=%41" before the escape is complete. */
	CHECK(http_parse_urlencoded(arena, "a=%41", 4, NULL, &f) ==
	      HTTP_EMALFORMED);
	CHECK(http_parse_urlencoded(arena, "a=12&b=3", 4, NULL, &f) == HTTP_OK);
	CHECK(f.n == 1);
	CHECK_STR(http_form_get(&f, "a"), "12");
	CHECK(http_parse_urlencoded(arena, NULL, 0, NULL, &f) == HTTP_OK);
	CHECK(f.n == 0);
	arena_reset(arena);
}

/* A buffer of n copies of c, NUL-terminated; the caller frees it. */
static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

TEST(urlencoded_default_limits)
{
	const struct http_limits *d = &http_default_limits;
	CHECK(d->max_fields == 5000 && d->max_name == 128);
	CHECK(d->max_value == 64 * 1024 && d->max_file == 10 * 1024 * 1024);

	struct http_form f;
	char *v = repeat('v', 2 + 64 * 1024 + 1);
	v[0] = 'a';
	v[1] = '=';
	CHECK(http_parse_urlencoded(arena, v, strlen(v), NULL, &f) ==
	      HTTP_ETOOLONG);
	CHECK(http_parse_urlencoded(arena, v, strlen(v) - 1, NULL, &f) ==
	      HTTP_OK);
	CHECK(f.n == 1 && f.fields[0].len == 64 * 1024);
	free(v);

	char *name = repeat('n', 129);
	CHECK(
	    http_parse_urlencoded(arena, name, 129, NULL, &f) == HTTP_ETOOLONG);
	CHECK(http_parse_urlencoded(arena, name, 128, NULL, &f) == HTTP_OK);
	free(name);

	char *many = repeat('&', 2 * 5001);
	for (size_t i = 0; i < 5001; i++)
		many[2 * i] = 'x';
	CHECK(
	    http_parse_urlencoded(arena, many, 2 * 5000, NULL, &f) == HTTP_OK);
	CHECK(f.n == 5000);
	CHECK(http_parse_urlencoded(arena, many, 2 * 5001, NULL, &f) ==
	      HTTP_ETOOMANY);
	CHECK(f.n == 0);
	free(many);
	arena_reset(arena);
}

/* ---- multipart ---- */

#define CT "multipart/form-data; boundary=XyZ"
#define CRLF "\r\n"
#define DISP(name) "Content-Disposition: form-data; name=\"" name "\"" CRLF

struct mp_case {
	const char *ct;
	const char *body;
	const struct http_limits *lim;
	enum http_err err;
	const char *want[7]; /* name, value, ..., NULL */
};

static const struct mp_case mp_cases[] = {
    /* good */
    {CT, "--XyZ--" CRLF, NULL, HTTP_OK, {NULL}},
    {CT, "--XyZ--", NULL, HTTP_OK, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ--" CRLF, NULL, HTTP_OK,
        {"a", "1", NULL}},
    {CT,
        "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ" CRLF DISP("b") CRLF
        "two" CRLF "lines" CRLF "--XyZ--" CRLF,
        NULL, HTTP_OK, {"a", "1", "b", "two" CRLF "lines", NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF CRLF "--XyZ--", NULL, HTTP_OK,
        {"a", "", NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "--XyZ-" CRLF "--XyZ--", NULL, HTTP_OK,
        {"a", "--XyZ-", NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "x--XyZ" CRLF "--XyZ--", NULL, HTTP_OK,
        {"a", "x--XyZ", NULL}},
    {"multipart/form-data; boundary=\"a b:c\"",
        "--a b:c" CRLF DISP("q") CRLF "v" CRLF "--a b:c--" CRLF, NULL, HTTP_OK,
        {"q", "v", NULL}},
    {"Multipart/Form-Data;charset=utf-8;BOUNDARY=XyZ",
        "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ--", NULL, HTTP_OK,
        {"a", "1", NULL}},
    {CT, "--XyZ  " CRLF DISP("a") CRLF "1" CRLF "--XyZ-- \t" CRLF "epilogue",
        NULL, HTTP_OK, {"a", "1", NULL}},
    {CT,
        "--XyZ" CRLF "content-disposition: FORM-DATA; NAME=a" CRLF
        "X-Other: ignored" CRLF CRLF "1" CRLF "--XyZ--",
        NULL, HTTP_OK, {"a", "1", NULL}},
    {CT,
        "--XyZ" CRLF
        "Content-Disposition: form-data; name=\"n\xc3\xa4\"" CRLF CRLF
        "\xc3\xa4iti" CRLF "--XyZ--",
        NULL, HTTP_OK, {"n\xc3\xa4", "\xc3\xa4iti", NULL}},
    {CT,
        "--XyZ" CRLF
        "Content-Disposition: form-data; name=\"a;b=c\"; x=\"y\"; z=w;" CRLF
            CRLF "1" CRLF "--XyZ--",
        NULL, HTTP_OK, {"a;b=c", "1", NULL}},
    {CT,
        "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ" CRLF DISP("b") CRLF
        "2" CRLF "--XyZ" CRLF DISP("c") CRLF "3" CRLF "--XyZ--",
        &tiny, HTTP_OK, {"a", "1", "b", "2", "c", "3", NULL}},
    /* bad */
    {CT, "", NULL, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ", NULL, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF, NULL, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "1", NULL, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ", NULL, HTTP_EMALFORMED,
        {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ" CRLF, NULL,
        HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ-", NULL, HTTP_EMALFORMED,
        {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ--x", NULL, HTTP_EMALFORMED,
        {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZx" CRLF "--XyZ--", NULL,
        HTTP_EMALFORMED, {NULL}},
    {CT, "preamble" CRLF "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ--", NULL,
        HTTP_EMALFORMED, {NULL}},
    {CT, "--xyz" CRLF DISP("a") CRLF "1" CRLF "--xyz--", NULL, HTTP_EMALFORMED,
        {NULL}},
    {CT, "--XyZ\n" DISP("a") CRLF "1" CRLF "--XyZ--", NULL, HTTP_EMALFORMED,
        {NULL}},
    {CT, "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1\n--XyZ--\n",
        NULL, HTTP_EMALFORMED, {NULL}},
    {CT,
        "--XyZ" CRLF "Content-Disposition: form-data; name=\"a\"\n" CRLF
        "1" CRLF "--XyZ--",
        NULL, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") "\n1" CRLF "--XyZ--", NULL, HTTP_EMALFORMED,
        {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "1\n--XyZ--", NULL, HTTP_EMALFORMED,
        {NULL}},
    {CT, "--XyZ" CRLF CRLF "1" CRLF "--XyZ--", NULL, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF "Content-Type: text/plain" CRLF CRLF "1" CRLF "--XyZ--",
        NULL, HTTP_EMALFORMED, {NULL}},
    {CT,
        "--XyZ" CRLF "Content-Disposition: form-data" CRLF CRLF "1" CRLF
        "--XyZ--",
        NULL, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF DISP("") CRLF "1" CRLF "--XyZ--", NULL, HTTP_EMALFORMED,
        {NULL}},
    {CT,
        "--XyZ" CRLF "Content-Disposition: attachment; name=\"a\"" CRLF CRLF
        "1" CRLF "--XyZ--",
        NULL, HTTP_EMALFORMED, {NULL}},
    {CT,
        "--XyZ" CRLF "Content-Disposition: form-data; name=\"a" CRLF CRLF
        "1" CRLF "--XyZ--",
        NULL, HTTP_EMALFORMED, {NULL}},
    {CT,
        "--XyZ" CRLF
        "Content-Disposition: form-data; name=\"a\"; name=b" CRLF CRLF "1" CRLF
        "--XyZ--",
        NULL, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") DISP("b") CRLF "1" CRLF "--XyZ--", NULL,
        HTTP_EMALFORMED, {NULL}},
    {CT,
        "--XyZ" CRLF DISP("a") "Content-Type: a" CRLF
                               "Content-Type: b" CRLF CRLF "1" CRLF "--XyZ--",
        NULL, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") " folded" CRLF CRLF "1" CRLF "--XyZ--", NULL,
        HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") "no colon" CRLF CRLF "1" CRLF "--XyZ--", NULL,
        HTTP_EMALFORMED, {NULL}},
    {CT,
        "--XyZ" CRLF DISP("a") "X-A: 1" CRLF "X-A: 2" CRLF "X-A: 3" CRLF
                               "X-A: 4" CRLF "X-A: 5" CRLF "X-A: 6" CRLF
                               "X-A: 7" CRLF CRLF "1" CRLF "--XyZ--",
        NULL, HTTP_OK, {"a", "1", NULL}},
    {CT,
        "--XyZ" CRLF DISP("a") "X-A: 1" CRLF "X-A: 2" CRLF "X-A: 3" CRLF
                               "X-A: 4" CRLF "X-A: 5" CRLF "X-A: 6" CRLF
                               "X-A: 7" CRLF "X-A: 8" CRLF CRLF "1" CRLF
                               "--XyZ--",
        NULL, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "\xff" CRLF "--XyZ--", NULL, HTTP_EUTF8,
        {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "\xed\xa0\x80" CRLF "--XyZ--", NULL,
        HTTP_EUTF8, {NULL}},
    {CT, "--XyZ" CRLF DISP("\xc0\xaf") CRLF "1" CRLF "--XyZ--", NULL,
        HTTP_EUTF8, {NULL}},
    {CT,
        "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ" CRLF DISP("b") CRLF
        "2" CRLF "--XyZ" CRLF DISP("c") CRLF "3" CRLF "--XyZ" CRLF DISP("d")
            CRLF "4" CRLF "--XyZ--",
        &tiny, HTTP_ETOOMANY, {NULL}},
    {CT, "--XyZ" CRLF DISP("abcde") CRLF "1" CRLF "--XyZ--", &tiny,
        HTTP_ETOOLONG, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "12345" CRLF "--XyZ--", &tiny, HTTP_OK,
        {"a", "12345", NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "123456" CRLF "--XyZ--", &tiny,
        HTTP_ETOOLONG, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "123456", &tiny, HTTP_EMALFORMED, {NULL}},
    {CT, "--XyZ" CRLF DISP("a") CRLF "1234567890123", &tiny, HTTP_ETOOLONG,
        {NULL}},
    /* content types */
    {"multipart/form-data", "--XyZ--", NULL, HTTP_EMALFORMED, {NULL}},
    {"multipart/form-data; boundary=", "----", NULL, HTTP_EMALFORMED, {NULL}},
    {"multipart/form-data; boundary=\"\"", "----", NULL, HTTP_EMALFORMED,
        {NULL}},
    {"multipart/form-data; boundary=\"XyZ", "--XyZ--", NULL, HTTP_EMALFORMED,
        {NULL}},
    {"multipart/form-data; boundary=XyZ; boundary=XyZ", "--XyZ--", NULL,
        HTTP_EMALFORMED, {NULL}},
    {"multipart/form-data; boundary=\"XyZ \"", "--XyZ --", NULL,
        HTTP_EMALFORMED, {NULL}},
    {"multipart/form-data; boundary=Xy\\Z", "--Xy\\Z--", NULL, HTTP_EMALFORMED,
        {NULL}},
    {"multipart/mixed; boundary=XyZ", "--XyZ--", NULL, HTTP_EMALFORMED, {NULL}},
    {"multipart/form-datax; boundary=XyZ", "--XyZ--", NULL, HTTP_EMALFORMED,
        {NULL}},
    {"multipart/form-data boundary=XyZ", "--XyZ--", NULL, HTTP_EMALFORMED,
        {NULL}},
    {"text/plain; boundary=XyZ", "--XyZ--", NULL, HTTP_EMALFORMED, {NULL}},
    {"", "--XyZ--", NULL, HTTP_EMALFORMED, {NULL}},
    {"multipart/form-data; boundary="
     "1234567890123456789012345678901234567890123456789012345678901234567890",
        "--"
        "1234567890123456789012345678901234567890123456789012345678901234567890"
        "--",
        NULL, HTTP_OK, {NULL}},
    {"multipart/form-data; boundary="
     "12345678901234567890123456789012345678901234567890123456789012345678901",
        "--"
        "1234567890123456789012345678901234567890123456789012345678901234567890"
        "1"
        "--",
        NULL, HTTP_EMALFORMED, {NULL}},
};

TEST(multipart_table)
{
	for (size_t i = 0; i < sizeof(mp_cases) / sizeof(mp_cases[0]); i++) {
		const struct mp_case *c = &mp_cases[i];
		struct http_form f = {(void *)1, 99};
		enum http_err e = http_parse_multipart(
		    arena, c->ct, c->body, strlen(c->body), c->lim, &f);
		int ok = e == c->err && form_is(&f, c->want);
		if (!ok)
			printf("# multipart case %zu: err %d\n", i, (int)e);
		CHECK(ok);
		if (e != HTTP_OK)
			CHECK(f.n == 0 && f.fields == NULL);
		arena_reset(arena);
	}
}

TEST(multipart_file)
{
	static const char body[] = "--XyZ" CRLF DISP("title") CRLF
	    "Kuva" CRLF "--XyZ" CRLF
	    "Content-Disposition: form-data; name=\"pic\"; "
	    "filename=\"a b.png\"" CRLF "Content-Type: image/png " CRLF CRLF
	    "\x89PNG\r\n\x1a\n\0\xff\xfe\xc0\xaf" CRLF "--XyZ--" CRLF;
	struct http_form f;
	CHECK(http_parse_multipart(
	          arena, CT, body, sizeof(body) - 1, NULL, &f) == HTTP_OK);
	CHECK(f.n == 2);
	const struct http_field *t = http_form_field(&f, "title");
	CHECK(t != NULL && t->filename == NULL && t->content_type == NULL);
	const struct http_field *p = http_form_field(&f, "pic");
	CHECK(p != NULL);
	if (p == NULL)
		return;
	CHECK_STR(p->filename, "a b.png");
	CHECK_STR(p->content_type, "image/png");
	CHECK(p->len == 13 && p->value[13] == '\0');
	CHECK(memcmp(p->value, "\x89PNG\r\n\x1a\n\0\xff\xfe\xc0\xaf", 13) == 0);
	CHECK(!utf8_valid(p->value, p->len));
	arena_reset(arena);
}

TEST(multipart_file_limits)
{
	static const char body[] =
	    "--XyZ" CRLF
	    "Content-Disposition: form-data; name=f; filename=x" CRLF CRLF
	    "123456" CRLF "--XyZ--";
	static const char big[] =
	    "--XyZ" CRLF
	    "Content-Disposition: form-data; name=f; filename=x" CRLF CRLF
	    "1234567" CRLF "--XyZ--";
	static const char bad_name[] =
	    "--XyZ" CRLF "Content-Disposition: form-data; name=f; "
	    "filename=\"\xff\"" CRLF CRLF "1" CRLF "--XyZ--";
	struct http_form f;
	CHECK(http_parse_multipart(
	          arena, CT, body, sizeof(body) - 1, &tiny, &f) == HTTP_OK);
	CHECK(f.n == 1 && f.fields[0].len == 6);
	CHECK_STR(f.fields[0].filename, "x");
	CHECK(http_parse_multipart(
	          arena, CT, big, sizeof(big) - 1, &tiny, &f) == HTTP_ETOOLONG);
	CHECK(http_parse_multipart(arena, CT, bad_name, sizeof(bad_name) - 1,
	          NULL, &f) == HTTP_EUTF8);
	arena_reset(arena);
}

TEST(multipart_empty_file)
{
	static const char body[] =
	    "--XyZ" CRLF "Content-Disposition: form-data; name=\"pic\"; "
	    "filename=\"\"" CRLF
	    "Content-Type: application/octet-stream" CRLF CRLF CRLF
	    "--XyZ--" CRLF;
	struct http_form f;
	CHECK(http_parse_multipart(
	          arena, CT, body, sizeof(body) - 1, NULL, &f) == HTTP_OK);
	CHECK(f.n == 1);
	const struct http_field *p = http_form_field(&f, "pic");
	CHECK(p != NULL && p->len == 0 && p->value[0] == '\0');
	CHECK(p != NULL && p->filename != NULL && p->filename[0] == '\0');
	arena_reset(arena);
}

TEST(multipart_nul_in_text)
{
	static const char body[] =
	    "--XyZ" CRLF DISP("a") CRLF "x\0y" CRLF "--XyZ--";
	static const char nul_header[] =
	    "--XyZ" CRLF
	    "Content-Disposition: form-data; name=\"a\0b\"" CRLF CRLF "1" CRLF
	    "--XyZ--";
	struct http_form f;
	CHECK(http_parse_multipart(
	          arena, CT, body, sizeof(body) - 1, NULL, &f) == HTTP_OK);
	CHECK(
	    f.n == 1 && f.fields[0].len == 3 && strlen(f.fields[0].value) == 1);
	CHECK(http_parse_multipart(arena, CT, nul_header,
	          sizeof(nul_header) - 1, NULL, &f) == HTTP_EMALFORMED);
	arena_reset(arena);
}

TEST(multipart_reads_only_n)
{
	static const char body[] =
	    "--XyZ" CRLF DISP("a") CRLF "1" CRLF "--XyZ--";
	struct http_form f;
	/* Every strict prefix lacks the closing delimiter. */
	for (size_t n = 0; n < sizeof(body) - 1; n++) {
		char *copy = malloc(n ? n : 1);
		memcpy(copy, body, n);
		enum http_err e =
		    http_parse_multipart(arena, CT, copy, n, NULL, &f);
		if (e != HTTP_EMALFORMED)
			printf("# prefix %zu: err %d\n", n, (int)e);
		CHECK(e == HTTP_EMALFORMED);
		free(copy);
	}
	CHECK(http_parse_multipart(arena, NULL, body, 5, NULL, &f) ==
	      HTTP_EMALFORMED);
	CHECK(http_parse_multipart(arena, CT, NULL, 0, NULL, &f) ==
	      HTTP_EMALFORMED);
	arena_reset(arena);
}

TEST(multipart_long_header_line)
{
	/* A 1024-byte header line is allowed, 1025 is too long. */
	char *body = malloc(2048);
	for (size_t len = 1024; len <= 1025; len++) {
		size_t n = 0;
		memcpy(body, "--XyZ\r\n", 7);
		n += 7;
		memcpy(body + n, "X-Pad: ", 7);
		memset(body + n + 7, 'p', len - 7);
		n += len;
		static const char rest[] =
		    CRLF DISP("a") CRLF "1" CRLF "--XyZ--";
		memcpy(body + n, rest, sizeof(rest) - 1);
		n += sizeof(rest) - 1;
		struct http_form f;
		enum http_err e =
		    http_parse_multipart(arena, CT, body, n, NULL, &f);
		CHECK(e == (len == 1024 ? HTTP_OK : HTTP_ETOOLONG));
	}
	free(body);
	arena_reset(arena);
}

/* A body of one text part whose value is n bytes of 'v'; the caller frees
 * it. Sets *len. */
static char *mp_big_body(size_t n, int file, size_t *len)
{
	static const char head[] = "--XyZ" CRLF DISP("a") CRLF;
	static const char fhead[] =
	    "--XyZ" CRLF
	    "Content-Disposition: form-data; name=a; filename=b" CRLF CRLF;
	static const char tail[] = CRLF "--XyZ--" CRLF;
	const char *h = file ? fhead : head;
	size_t hl = strlen(h);
	char *b = malloc(hl + n + sizeof(tail));
	memcpy(b, h, hl);
	memset(b + hl, 'v', n);
	memcpy(b + hl + n, tail, sizeof(tail));
	*len = hl + n + sizeof(tail) - 1;
	return b;
}

TEST(multipart_default_limits)
{
	struct http_form f;
	size_t len;
	char *b = mp_big_body(64 * 1024, 0, &len);
	CHECK(http_parse_multipart(arena, CT, b, len, NULL, &f) == HTTP_OK);
	free(b);
	b = mp_big_body(64 * 1024 + 1, 0, &len);
	CHECK(
	    http_parse_multipart(arena, CT, b, len, NULL, &f) == HTTP_ETOOLONG);
	free(b);
	b = mp_big_body(64 * 1024 + 1, 1, &len);
	CHECK(http_parse_multipart(arena, CT, b, len, NULL, &f) == HTTP_OK);
	CHECK(f.n == 1 && f.fields[0].len == 64 * 1024 + 1);
	free(b);
	b = mp_big_body(10 * 1024 * 1024 + 1, 1, &len);
	CHECK(
	    http_parse_multipart(arena, CT, b, len, NULL, &f) == HTTP_ETOOLONG);
	free(b);
	arena_reset(arena);
}

/* ---- cookies ---- */

struct cookie_case {
	const char *in;
	const struct http_limits *lim;
	enum http_err err;
	const char *want[9];
};

static const struct cookie_case cookie_cases[] = {
    {"", NULL, HTTP_OK, {NULL}},
    {"a=1", NULL, HTTP_OK, {"a", "1", NULL}},
    {"a=1; b=2", NULL, HTTP_OK, {"a", "1", "b", "2", NULL}},
    {"a=1;b=2;", NULL, HTTP_OK, {"a", "1", "b", "2", NULL}},
    {"  a = 1 ;\tb=2  ", NULL, HTTP_OK, {"a", "1", "b", "2", NULL}},
    {"sid=\"abc\"", NULL, HTTP_OK, {"sid", "abc", NULL}},
    {"sid=\"\"", NULL, HTTP_OK, {"sid", "", NULL}},
    {"sid=", NULL, HTTP_OK, {"sid", "", NULL}},
    {"a=b=c", NULL, HTTP_OK, {"a", "b=c", NULL}},
    {"a=%41", NULL, HTTP_OK, {"a", "%41", NULL}},
    {"a=x y", NULL, HTTP_OK, {"a", "x y", NULL}},
    {"n=\xc3\xa4", NULL, HTTP_OK, {"n", "\xc3\xa4", NULL}},
    {"a=1; a=2", NULL, HTTP_OK, {"a", "1", "a", "2", NULL}},
    /* malformed pairs are skipped */
    {"junk; a=1", NULL, HTTP_OK, {"a", "1", NULL}},
    {"=1; a=1", NULL, HTTP_OK, {"a", "1", NULL}},
    {"a b=1; c=2", NULL, HTTP_OK, {"c", "2", NULL}},
    {"a=\"1; b=2", NULL, HTTP_OK, {"b", "2", NULL}},
    {"a=\"; b=2", NULL, HTTP_OK, {"b", "2", NULL}},
    {"a=\xff; b=2", NULL, HTTP_OK, {"b", "2", NULL}},
    {"\xc0\xaf=1; b=2", NULL, HTTP_OK, {"b", "2", NULL}},
    {"a=\x01; b=2", NULL, HTTP_OK, {"b", "2", NULL}},
    {";;;", NULL, HTTP_OK, {NULL}},
    /* limits */
    {"a=1; b=2; c=3", &tiny, HTTP_OK, {"a", "1", "b", "2", "c", "3", NULL}},
    {"a=1; x; b=2; y; c=3", &tiny, HTTP_OK,
        {"a", "1", "b", "2", "c", "3", NULL}},
    {"a=1; b=2; c=3; d=4", &tiny, HTTP_ETOOMANY, {NULL}},
    {"abcd=12345", &tiny, HTTP_OK, {"abcd", "12345", NULL}},
    {"abcd=\"12345\"", &tiny, HTTP_OK, {"abcd", "12345", NULL}},
    {"abcde=1", &tiny, HTTP_ETOOLONG, {NULL}},
    {"a=123456", &tiny, HTTP_ETOOLONG, {NULL}},
};

TEST(cookie_table)
{
	for (size_t i = 0; i < sizeof(cookie_cases) / sizeof(cookie_cases[0]);
	     i++) {
		const struct cookie_case *c = &cookie_cases[i];
		struct http_form f = {(void *)1, 99};
		enum http_err e = http_parse_cookies(arena, c->in, c->lim, &f);
		int ok = e == c->err && form_is(&f, c->want);
		if (!ok)
			printf("# cookie case %zu \"%s\": err %d\n", i, c->in,
			    (int)e);
		CHECK(ok);
		if (e != HTTP_OK)
			CHECK(f.n == 0 && f.fields == NULL);
		arena_reset(arena);
	}
}

TEST(cookie_null_header)
{
	struct http_form f;
	CHECK(http_parse_cookies(arena, NULL, NULL, &f) == HTTP_OK);
	CHECK(f.n == 0);
}

/* ---- lookups and status ---- */

TEST(form_lookup)
{
	struct http_form f;
	CHECK(http_parse_urlencoded(arena, "a=1&b=2&a=3", 11, NULL, &f) ==
	      HTTP_OK);
	CHECK_STR(http_form_get(&f, "a"), "1");
	CHECK_STR(http_form_get(&f, "b"), "2");
	CHECK(http_form_get(&f, "c") == NULL);
	CHECK(http_form_get(&f, "") == NULL);
	CHECK(http_form_field(&f, "b") == &f.fields[1]);
	CHECK(http_form_field(NULL, "a") == NULL);
	CHECK(http_form_field(&f, NULL) == NULL);
	struct http_form empty = {NULL, 0};
	CHECK(http_form_get(&empty, "a") == NULL);
	arena_reset(arena);
}

TEST(err_status)
{
	CHECK(http_err_status(HTTP_EMALFORMED) == 400);
	CHECK(http_err_status(HTTP_EUTF8) == 400);
	CHECK(http_err_status(HTTP_ETOOMANY) == 413);
	CHECK(http_err_status(HTTP_ETOOLONG) == 413);
	CHECK(http_err_status(HTTP_OK) == 200);
}

int main(void)
{
	arena = arena_new();
	RUN(utf8_table);
	RUN(utf8_reads_only_n);
	RUN(urlencoded_table);
	RUN(urlencoded_nul_in_value);
	RUN(urlencoded_reads_only_n);
	RUN(urlencoded_default_limits);
	RUN(multipart_table);
	RUN(multipart_file);
	RUN(multipart_file_limits);
	RUN(multipart_empty_file);
	RUN(multipart_nul_in_text);
	RUN(multipart_reads_only_n);
	RUN(multipart_long_header_line);
	RUN(multipart_default_limits);
	RUN(cookie_table);
	RUN(cookie_null_header);
	RUN(form_lookup);
	RUN(err_status);
	arena_free(arena);
	return TEST_END();
}
