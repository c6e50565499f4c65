/* fuzz_cookie.c: libFuzzer target for http_parse_cookies.
 *
 * The input, cut at its first NUL, is the Cookie header. It is parsed with
 * the default limits and with tiny ones; an accepted header must give
 * fields within the limits with clean names and values, and writing them
 * back as a header must parse to the same fields. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/http.h"

static const struct http_limits tiny = {
    .max_fields = 4, .max_name = 8, .max_value = 16, .max_file = 32};

/* Aborts unless every field of f is within lim and has a name without
 * separators or controls and a value without ';' or controls. */
static void check_form(const struct http_form *f, const struct http_limits *lim)
{
	if (f->n > lim->max_fields)
		abort();
	for (size_t i = 0; i < f->n; i++) {
		const struct http_field *fld = &f->fields[i];
		size_t nl = strlen(fld->name);
		if (nl == 0 || nl > lim->max_name || !utf8_valid(fld->name, nl))
			abort();
		for (size_t j = 0; j < nl; j++)
			if ((unsigned char)fld->name[j] <= ' ' ||
			    fld->name[j] == '=' || fld->name[j] == ';')
				abort();
		if (strlen(fld->value) != fld->len ||
		    fld->len > lim->max_value ||
		    !utf8_valid(fld->value, fld->len) ||
		    strchr(fld->value, ';') != NULL)
			abort();
		if (fld->filename != NULL || fld->content_type != NULL)
			abort();
	}
}

/* Aborts unless f written back as a header (values always quoted, which
 * the parser removes once) parses to the same fields. */
static void check_round_trip(
    struct arena *a, const struct http_form *f, const struct http_limits *lim)
{
	struct buf b;
	struct http_form g;

	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < f->n; i++)
		buf_printf(
		    &b, "%s=\"%s\"; ", f->fields[i].name, f->fields[i].value);
	if (http_parse_cookies(a, b.data, lim, &g) != HTTP_OK || g.n != f->n)
		abort();
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(g.fields[i].name, f->fields[i].name) != 0 ||
		    strcmp(g.fields[i].value, f->fields[i].value) != 0)
			abort();
	buf_free(&b);
}

static void run(
    struct arena *a, const char *header, const struct http_limits *lim)
{
	struct http_form f;
	enum http_err e = http_parse_cookies(a, header, lim, &f);
	if (e != HTTP_OK) {
		if (f.n != 0 || http_err_status(e) != 413)
			abort();
		return;
	}
	check_form(&f, lim);
	check_round_trip(a, &f, lim);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct arena *a;
	char *header = malloc(size + 1);

	if (a == NULL)
		a = arena_new();
	memcpy(header, data, size);
	header[size] = '\0';
	run(a, header, &http_default_limits);
	arena_reset(a);
	run(a, header, &tiny);
	arena_reset(a);
	free(header);
	return 0;
}
