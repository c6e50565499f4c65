/* fuzz_urlencoded.c: libFuzzer target for http_parse_urlencoded.
 *
 * The input is the raw body. Each input is parsed with the default limits
 * and with tiny ones (to reach the limit paths); an accepted form must obey
 * its limits and survive a round trip: encoding every field again and
 * parsing that gives the same fields. Any broken invariant aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/http.h"

static const struct http_limits tiny = {
    .max_fields = 4, .max_name = 8, .max_value = 16, .max_file = 32};

/* Aborts unless every field of f is within lim, NUL-terminated, valid
 * UTF-8, and found first by http_form_field at or before its index. */
static void check_form(const struct http_form *f, const struct http_limits *lim)
{
	if (f->n > lim->max_fields || (f->n > 0 && f->fields == NULL))
		abort();
	for (size_t i = 0; i < f->n; i++) {
		const struct http_field *fld = &f->fields[i];
		size_t nl = strlen(fld->name);
		if (nl == 0 || nl > lim->max_name || !utf8_valid(fld->name, nl))
			abort();
		if (fld->value[fld->len] != '\0' || fld->len > lim->max_value ||
		    !utf8_valid(fld->value, fld->len))
			abort();
		if (fld->filename != NULL || fld->content_type != NULL)
			abort();
		const struct http_field *first = http_form_field(f, fld->name);
		if (first == NULL || first > fld)
			abort();
	}
}

/* Appends s[0..n) to b with every byte but letters and digits escaped,
 * spaces as '+'. */
static void encode(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9')) {
			buf_putc(b, (char)c);
		} else if (c == ' ') {
			buf_putc(b, '+');
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_add(b, e, 3);
		}
	}
}

/* Aborts unless encoding f and parsing it again gives the same fields. */
static void check_round_trip(
    struct arena *a, const struct http_form *f, const struct http_limits *lim)
{
	struct buf b;
	struct http_form g;

	buf_init(&b);
	for (size_t i = 0; i < f->n; i++) {
		encode(&b, f->fields[i].name, strlen(f->fields[i].name));
		buf_putc(&b, '=');
		encode(&b, f->fields[i].value, f->fields[i].len);
		buf_putc(&b, '&');
	}
	if (http_parse_urlencoded(a, b.data, b.len, lim, &g) != HTTP_OK ||
	    g.n != f->n)
		abort();
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(g.fields[i].name, f->fields[i].name) != 0 ||
		    g.fields[i].len != f->fields[i].len ||
		    memcmp(g.fields[i].value, f->fields[i].value,
		        f->fields[i].len) != 0)
			abort();
	buf_free(&b);
}

/* Parses data with lim and checks the result; an error must leave the form
 * empty and map to 400 or 413. */
static void run(struct arena *a, const char *data, size_t size,
    const struct http_limits *lim)
{
	struct http_form f;
	enum http_err e = http_parse_urlencoded(a, data, size, lim, &f);
	if (e != HTTP_OK) {
		int st = http_err_status(e);
		if (f.n != 0 || (st != 400 && st != 413))
			abort();
		return;
	}
	check_form(&f, lim);
	check_round_trip(a, &f, lim);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;

	if (a == NULL)
		a = arena_new();
	run(a, (const char *)data, size, &http_default_limits);
	arena_reset(a);
	run(a, (const char *)data, size, &tiny);
	arena_reset(a);
	return 0;
}
