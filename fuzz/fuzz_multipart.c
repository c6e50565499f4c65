/* fuzz_multipart.c: libFuzzer target for http_parse_multipart.
 *
 * Input: a first line (up to '\n') holding the Content-Type value, then
 * the body. An empty first line means the fixed type FIXED_TYPE, so the
 * fuzzer can work on bodies without having to agree on a boundary. Each
 * input is parsed with the default limits and with tiny ones; an accepted
 * form must obey its limits, and writing it back as multipart with a fresh
 * boundary must parse to the same fields. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/http.h"

#define FIXED_TYPE "multipart/form-data; boundary=XyZ"

static const struct http_limits tiny = {
    .max_fields = 4, .max_name = 8, .max_value = 16, .max_file = 32};

/* Aborts unless s is NULL or a valid UTF-8 C string. */
static void check_text(const char *s)
{
	if (s != NULL && !utf8_valid(s, strlen(s)))
		abort();
}

/* Aborts unless every field of f is within lim, NUL-terminated, and text
 * parts and all names are valid UTF-8. */
static void check_form(const struct http_form *f, const struct http_limits *lim)
{
	if (f->n > lim->max_fields)
		abort();
	for (size_t i = 0; i < f->n; i++) {
		const struct http_field *fld = &f->fields[i];
		size_t nl = strlen(fld->name);
		if (nl == 0 || nl > lim->max_name || !utf8_valid(fld->name, nl))
			abort();
		if (fld->value[fld->len] != '\0')
			abort();
		if (fld->filename == NULL &&
		    (fld->len > lim->max_value ||
		        !utf8_valid(fld->value, fld->len)))
			abort();
		if (fld->filename != NULL && fld->len > lim->max_file)
			abort();
		check_text(fld->filename);
		check_text(fld->content_type);
		if (fld->content_type != NULL && fld->content_type[0] == '\0')
			abort();
	}
}

/* 1 when field f can be written back with header lines short enough for
 * the parser (the original may have used unquoted tokens), else 0. */
static int fits(const struct http_field *f)
{
	size_t disp =
	    40 + strlen(f->name) + (f->filename ? 14 + strlen(f->filename) : 0);
	size_t type = f->content_type ? 14 + strlen(f->content_type) : 0;
	return disp <= 1024 && type <= 1024;
}

/* Picks a boundary whose delimiter occurs in no value of f, writes it to
 * bnd (32 bytes). Returns 1, or 0 if none of the tries fits. */
static int fresh_boundary(const struct http_form *f, char *bnd)
{
	for (int t = 0; t < 100; t++) {
		char delim[40];
		int clash = 0;
		snprintf(bnd, 32, "rt%d", t);
		snprintf(delim, sizeof(delim), "\r\n--%s", bnd);
		for (size_t i = 0; i < f->n && !clash; i++)
			clash = memmem(f->fields[i].value, f->fields[i].len,
			            delim, strlen(delim)) != NULL;
		if (!clash)
			return 1;
	}
	return 0;
}

/* 1 when a and b are both NULL or equal strings, else 0. */
static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Aborts unless f written back as multipart parses to the same fields. */
static void check_round_trip(
    struct arena *a, const struct http_form *f, const struct http_limits *lim)
{
	char bnd[32], ct[64];
	struct buf b;
	struct http_form g;

	for (size_t i = 0; i < f->n; i++)
		if (!fits(&f->fields[i]))
			return;
	if (!fresh_boundary(f, bnd))
		return;
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=\"%s\"", bnd);
	buf_init(&b);
	for (size_t i = 0; i < f->n; i++) {
		const struct http_field *fld = &f->fields[i];
		buf_printf(&b,
		    "--%s\r\nContent-Disposition: form-data; name=\"%s\"", bnd,
		    fld->name);
		if (fld->filename)
			buf_printf(&b, "; filename=\"%s\"", fld->filename);
		buf_puts(&b, "\r\n");
		if (fld->content_type)
			buf_printf(
			    &b, "Content-Type: %s\r\n", fld->content_type);
		buf_puts(&b, "\r\n");
		buf_add(&b, fld->value, fld->len);
		buf_puts(&b, "\r\n");
	}
	buf_printf(&b, "--%s--\r\n", bnd);
	if (http_parse_multipart(a, ct, b.data, b.len, lim, &g) != HTTP_OK ||
	    g.n != f->n)
		abort();
	for (size_t i = 0; i < f->n; i++) {
		const struct http_field *x = &f->fields[i], *y = &g.fields[i];
		if (strcmp(x->name, y->name) != 0 || x->len != y->len ||
		    memcmp(x->value, y->value, x->len) != 0 ||
		    !same(x->filename, y->filename) ||
		    !same(x->content_type, y->content_type))
			abort();
	}
	buf_free(&b);
}

static void run(struct arena *a, const char *ct, const char *body, size_t n,
    const struct http_limits *lim)
{
	struct http_form f;
	enum http_err e = http_parse_multipart(a, ct, body, n, lim, &f);
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
	const uint8_t *nl = memchr(data, '\n', size);
	size_t line = nl ? (size_t)(nl - data) : size;
	size_t rest = nl ? size - line - 1 : 0;

	if (a == NULL)
		a = arena_new();
	/* Own copies, exactly sized, so ASan sees any read past either. */
	char *ct =
	    line ? strndup((const char *)data, line) : strdup(FIXED_TYPE);
	char *body = malloc(rest ? rest : 1);
	memcpy(body, data + size - rest, rest);
	run(a, ct, body, rest, &http_default_limits);
	arena_reset(a);
	run(a, ct, body, rest, &tiny);
	arena_reset(a);
	free(body);
	free(ct);
	return 0;
}
