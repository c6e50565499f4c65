/* fuzz_tmpl.c: libFuzzer target for the template engine.
 *
 * Input: template "a", '\0', template "b", '\0', variable data (lines).
 * Both templates are parsed; if they parse, a set is built and both are
 * rendered with variables whose every value ends in MARK, "<\xff>". The
 * byte 0xff is removed from the template sources, so:
 *   1. a raw "<\xff" in the output can only be an unescaped value;
 *   2. every escaped marker "&lt;\xff&gt;" in the output is where a value
 *      landed; replacing each with "{{m}}" (after turning every '{' of the
 *      output into '(') gives a straight-line template that must parse.
 *      That re-checks the parser's context tracking through blocks and
 *      includes against the page actually produced.
 * Both checks are skipped when a source contains "raw": {{raw x}} writes
 * values unescaped on purpose. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/tmpl.h"

#define MARK "<\xff>"
#define MARK_ESCAPED "&lt;\xff&gt;"

/* Splits data at the first '\0' from *pos. Returns the piece's length;
 * *pos moves past the separator. */
static size_t next_part(
    const uint8_t *data, size_t size, size_t *pos, const uint8_t **start)
{
	*start = data + *pos;
	const uint8_t *nul = memchr(*start, 0, size - *pos);
	size_t len = nul ? (size_t)(nul - *start) : size - *pos;
	*pos += nul ? len + 1 : len;
	return len;
}

/* A copy of the template source without 0xff bytes; free it. */
static char *clean_source(const uint8_t *s, size_t n)
{
	char *c = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		c[i] = s[i] == 0xff ? '?' : (char)s[i];
	c[n] = '\0';
	return c;
}

/* The k-th line of the variable data plus MARK, in the arena. */
static const char *value(struct arena *a, const char *vars, int k)
{
	const char *s = vars;
	for (int i = 0; i < k && strchr(s, '\n'); i++)
		s = strchr(s, '\n') + 1;
	size_t len = strcspn(s, "\n");
	return arena_printf(a, "%.*s%s", (int)len, s, MARK);
}

static struct tvars *make_vars(struct arena *a, const char *vars)
{
	static const char *const names[] = {
	    "a", "b", "x", "y", "name", "url", "u", "m", "t", "raw", "else"};
	struct tvars *v = tv_new(a);
	int k = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		tv_set(v, names[i], value(a, vars, k++));
	tv_set(v, "t1", "1");
	tv_set(v, "f0", "0");
	tv_set(v, "e", "");
	tv_list(v, "empty");
	struct tlist *l = tv_list(v, "list");
	for (int i = 0; i < 2; i++) {
		struct tvars *it = tl_add(l);
		tv_set(it, "name", value(a, vars, k++));
		tv_set(it, "x", value(a, vars, k++));
		struct tlist *sub = tv_list(it, "sub");
		if (i == 0)
			tv_set(tl_add(sub), "y", value(a, vars, k++));
	}
	return v;
}

/* Check 2: the rendered page with values marked as {{m}} must parse. */
static void check_reparse(const char *out, size_t len)
{
	struct buf b;
	buf_init(&b);
	size_t mlen = strlen(MARK_ESCAPED);
	for (size_t i = 0; i < len;) {
		if (len - i >= mlen &&
		    memcmp(out + i, MARK_ESCAPED, mlen) == 0) {
			buf_puts(&b, "{{m}}");
			i += mlen;
		} else {
			buf_putc(&b, out[i] == '{' ? '(' : out[i]);
			i++;
		}
	}
	char err[256];
	struct tmpl *t =
	    tmpl_parse("out", b.data ? b.data : "", b.len, err, sizeof(err));
	if (t == NULL) {
		fprintf(stderr, "rendered page does not re-parse: %s\n%s\n",
		    err, b.data);
		abort();
	}
	tmpl_free(t);
	buf_free(&b);
}

static void render_and_check(const struct tmpl_set *s, const char *name,
    const struct tvars *v, int checks)
{
	struct buf out;
	buf_init(&out);
	if (tmpl_render(s, name, v, &out) != 0) {
		fprintf(stderr, "render of %s failed\n", name);
		abort();
	}
	if (checks && out.len > 0) {
		if (memmem(out.data, out.len, "<\xff", 2) != NULL) {
			fprintf(stderr, "unescaped value:\n%s\n", out.data);
			abort();
		}
		check_reparse(out.data, out.len);
	}
	buf_free(&out);
}

/* Parses one template; a failure must come with "name:line: ". */
static struct tmpl *parse(const char *name, const char *src)
{
	char err[256];
	struct tmpl *t = tmpl_parse(name, src, strlen(src), err, sizeof(err));
	if (t == NULL && (strncmp(err, name, strlen(name)) != 0 ||
	                     err[strlen(name)] != ':')) {
		fprintf(stderr, "error without a line: %s\n", err);
		abort();
	}
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pos = 0;
	const uint8_t *pa, *pb, *pv;
	size_t na = next_part(data, size, &pos, &pa);
	size_t nb = next_part(data, size, &pos, &pb);
	size_t nv = next_part(data, size, &pos, &pv);
	char *src_a = clean_source(pa, na), *src_b = clean_source(pb, nb);
	char *vars = clean_source(pv, nv);
	int checks = !strstr(src_a, "raw") && !strstr(src_b, "raw");

	struct tmpl *ts[2] = {parse("a", src_a), parse("b", src_b)};
	if (ts[0] != NULL && ts[1] != NULL) {
		char err[256];
		struct tmpl_set *s = tmpl_set_new(ts, 2, err, sizeof(err));
		if (s != NULL) {
			struct arena *a = arena_new();
			struct tvars *v = make_vars(a, vars);
			render_and_check(s, "a", v, checks);
			render_and_check(s, "b", v, checks);
			arena_free(a);
			tmpl_set_free(s);
		}
	} else {
		tmpl_free(ts[0]);
		tmpl_free(ts[1]);
	}
	free(src_a);
	free(src_b);
	free(vars);
	return 0;
}
