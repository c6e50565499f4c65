/* http.c: bounded parsing of untrusted request input (see http.h).
 *
 * Every parser walks its input once, front to back, and never reads past
 * the length it was given: bodies are not NUL-terminated. Names and values
 * are copied into the request arena; nothing here frees anything. A NULL
 * limits pointer means http_default_limits. On any error the form is left
 * empty, so a caller cannot act on half a form. */
#include <stdint.h>
#include <string.h>

#include "paikka/arena.h"
#include "paikka/http.h"

const struct http_limits http_default_limits = {
    /* A month's attendance grid posts one field per placement and day. */
    .max_fields = 5000,
    .max_name = 128,
    .max_value = 64 * 1024,
    .max_file = 10 * 1024 * 1024,
};

/* Multipart bounds that are syntax, not policy: RFC 2046 caps a boundary at
 * 70 bytes; browsers send two or three short header lines per part. */
enum {
	BOUNDARY_MAX = 70,
	PART_LINE_MAX = 1024,
	PART_HEADERS_MAX = 8,
};

/* A byte range inside the input; p == NULL means "absent". */
struct span {
	const char *p;
	size_t n;
};

/* ---- UTF-8 ---- */

/* Bytes in the well-formed UTF-8 sequence at s[0..n) (n >= 1), or 0 when
 * it is ill-formed: the ranges are Table 3-7 of the Unicode standard, which
 * excludes overlongs, surrogates and code points above U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xc2)
		return 0;
	if (s[0] < 0xe0) {
		need = 2;
	} else if (s[0] < 0xf0) {
		need = 3;
		lo = s[0] == 0xe0 ? 0xa0 : lo;
		hi = s[0] == 0xed ? 0x9f : hi;
	} else if (s[0] < 0xf5) {
		need = 4;
		lo = s[0] == 0xf0 ? 0x90 : lo;
		hi = s[0] == 0xf4 ? 0x8f : hi;
	} else {
		return 0;
	}
	if (n < need || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < need; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return need;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t k = utf8_seq(u + i, n - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* Counts lead bytes, which for valid UTF-8 is the number of code points. */
size_t utf8_len(const char *s, size_t n)
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

/* ---- forms ---- */

static void form_clear(struct http_form *out)
{
	out->fields = NULL;
	out->n = 0;
}

/* Appends a zeroed field to out, doubling the arena array when full (the
 * old array stays in the arena: at most twice the final size is wasted).
 * Returns the new field, or NULL when out already holds max fields. */
static struct http_field *form_push(
    struct arena *a, struct http_form *out, size_t *cap, size_t max)
{
	if (out->n >= max)
		return NULL;
	if (out->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		if (ncap > max)
			ncap = max;
		struct http_field *f = arena_alloc(a, ncap * sizeof(*f));
		if (out->n > 0)
			memcpy(f, out->fields, out->n * sizeof(*f));
		out->fields = f;
		*cap = ncap;
	}
	return &out->fields[out->n++];
}

/* Checks a decoded field name: HTTP_OK, HTTP_ETOOLONG, HTTP_EMALFORMED for
 * an empty name or one with a NUL (it would alias a shorter name in
 * http_form_field, which compares C strings), or HTTP_EUTF8. */
static enum http_err check_name(
    const char *s, size_t n, const struct http_limits *lim)
{
	if (n > lim->max_name)
		return HTTP_ETOOLONG;
	if (n == 0 || memchr(s, '\0', n) != NULL)
		return HTTP_EMALFORMED;
	if (!utf8_valid(s, n))
		return HTTP_EUTF8;
	return HTTP_OK;
}

/* Checks a text value: HTTP_OK, HTTP_ETOOLONG or HTTP_EUTF8. */
static enum http_err check_text(
    const char *s, size_t n, const struct http_limits *lim)
{
	if (n > lim->max_value)
		return HTTP_ETOOLONG;
	if (!utf8_valid(s, n))
		return HTTP_EUTF8;
	return HTTP_OK;
}

const struct http_field *http_form_field(
    const struct http_form *f, const char *name)
{
	if (f == NULL || name == NULL)
		return NULL;
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->fields[i].name, name) == 0)
			return &f->fields[i];
	return NULL;
}

const char *http_form_get(const struct http_form *f, const char *name)
{
	const struct http_field *fld = http_form_field(f, name);
	return fld ? fld->value : NULL;
}

/* 400 for syntax and encoding errors, 413 for limits; 200 for HTTP_OK so
 * a caller may pass any result through. */
int http_err_status(enum http_err e)
{
	switch (e) {
	case HTTP_OK:
		return 200;
	case HTTP_ETOOMANY:
	case HTTP_ETOOLONG:
		return 413;
	case HTTP_EMALFORMED:
	case HTTP_EUTF8:
		break;
	}
	return 400;
}

/* ---- application/x-www-form-urlencoded ---- */

/* The value of hex digit c, or -1. */
static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes '+' and %XX of s[0..n) into a NUL-terminated arena copy, sets
 * *out and *len. Returns HTTP_EMALFORMED for a bad or truncated escape. */
static enum http_err url_decode(
    struct arena *a, const char *s, size_t n, char **out, size_t *len)
{
	char *d = arena_alloc(a, n + 1);
	size_t j = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			d[j++] = ' ';
		} else if (s[i] != '%') {
			d[j++] = s[i];
		} else {
			if (n - i < 3)
				return HTTP_EMALFORMED;
			int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
			if (hi < 0 || lo < 0)
				return HTTP_EMALFORMED;
			d[j++] = (char)(hi * 16 + lo);
			i += 2;
		}
	}
	d[j] = '\0';
	*out = d;
	*len = j;
	return HTTP_OK;
}

/* Decodes one "name=value" pair s[0..n) and appends it to out. An empty
 * pair or an empty name is skipped (HTTP_OK); "name" alone gets "". */
static enum http_err url_pair(struct arena *a, const char *s, size_t n,
    const struct http_limits *lim, struct http_form *out, size_t *cap)
{
	const char *eq = memchr(s, '=', n);
	size_t raw_name = eq ? (size_t)(eq - s) : n;
	char *name, *value;
	size_t name_len, value_len;
	enum http_err e;

	if (raw_name == 0)
		return HTTP_OK;
	if ((e = url_decode(a, s, raw_name, &name, &name_len)) != HTTP_OK)
		return e;
	if ((e = check_name(name, name_len, lim)) != HTTP_OK)
		return e;
	if (eq == NULL) {
		value = arena_strndup(a, "", 0);
		value_len = 0;
	} else if ((e = url_decode(a, eq + 1, n - raw_name - 1, &value,
	                &value_len)) != HTTP_OK) {
		return e;
	}
	if ((e = check_text(value, value_len, lim)) != HTTP_OK)
		return e;
	struct http_field *f = form_push(a, out, cap, lim->max_fields);
	if (f == NULL)
		return HTTP_ETOOMANY;
	f->name = name;
	f->value = value;
	f->len = value_len;
	return HTTP_OK;
}

enum http_err http_parse_urlencoded(struct arena *a, const char *s, size_t n,
    const struct http_limits *lim, struct http_form *out)
{
	size_t pos = 0, cap = 0;

	lim = lim ? lim : &http_default_limits;
	form_clear(out);
	while (pos < n) {
		const char *amp = memchr(s + pos, '&', n - pos);
		size_t end = amp ? (size_t)(amp - s) : n;
		enum http_err e =
		    url_pair(a, s + pos, end - pos, lim, out, &cap);
		if (e != HTTP_OK) {
			form_clear(out);
			return e;
		}
		pos = end + 1;
	}
	return HTTP_OK;
}

/* ---- header values shared by multipart and cookies ---- */

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* The index of the first byte at or after i that is not a space or tab. */
static size_t skip_ows(const char *s, size_t n, size_t i)
{
	while (i < n && is_ows(s[i]))
		i++;
	return i;
}

/* s[0..n) without leading and trailing spaces and tabs. */
static struct span trim_ows(const char *s, size_t n)
{
	size_t i = skip_ows(s, n, 0);
	while (n > i && is_ows(s[n - 1]))
		n--;
	return (struct span){s + i, n - i};
}

/* 1 when c may appear in an RFC 9110 token (header names, parameter
 * names, media types), else 0. */
static int is_tchar(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* 1 when span s equals the ASCII word w, ignoring case, else 0. */
static int span_is(struct span s, const char *w)
{
	size_t n = strlen(w);
	if (s.n != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s.p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return 0;
	}
	return 1;
}

/* Reads a parameter value at s[*pos..n): a quoted string, which runs to
 * the next quote with no backslash escapes (that is what browsers send:
 * they write a quote inside a name as %22), or a bare run up to ';' or
 * white space. Returns 1 and sets val and *pos past it, 0 when malformed. */
static int param_value(const char *s, size_t n, size_t *pos, struct span *val)
{
	size_t i = *pos;

	if (i < n && s[i] == '"') {
		const char *q = memchr(s + i + 1, '"', n - i - 1);
		if (q == NULL)
			return 0;
		*val = (struct span){s + i + 1, (size_t)(q - s) - i - 1};
		*pos = (size_t)(q - s) + 1;
		return 1;
	}
	while (i < n && s[i] != ';' && !is_ows(s[i]) && s[i] != '"')
		i++;
	if (i == *pos)
		return 0;
	*val = (struct span){s + *pos, i - *pos};
	*pos = i;
	return 1;
}

/* Reads the next "; key=value" parameter of a header value s[*pos..n).
 * Returns 1 and sets key and val, 0 at the end of the value (a trailing
 * ';' is allowed), -1 when malformed. */
static int param_next(
    const char *s, size_t n, size_t *pos, struct span *key, struct span *val)
{
	size_t i = skip_ows(s, n, *pos), k;

	if (i == n)
		return 0;
	if (s[i] != ';')
		return -1;
	i = skip_ows(s, n, i + 1);
	if (i == n) {
		*pos = i;
		return 0;
	}
	for (k = i; i < n && is_tchar(s[i]);)
		i++;
	if (i == k || i == n || s[i] != '=')
		return -1;
	*key = (struct span){s + k, i - k};
	i++;
	if (!param_value(s, n, &i, val))
		return -1;
	*pos = i;
	return 1;
}

/* ---- multipart/form-data ---- */

/* 1 when c may appear in a boundary (RFC 2046 bcharsnospace), else 0. */
static int is_bchar(char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("'()+_,-./:=?", c) != NULL;
}

/* 1 when b is a boundary RFC 2046 allows: 1 to 70 bchars or inner
 * spaces, else 0. */
static int boundary_valid(struct span b)
{
	if (b.n == 0 || b.n > BOUNDARY_MAX || b.p[b.n - 1] == ' ')
		return 0;
	for (size_t i = 0; i < b.n; i++)
		if (!is_bchar(b.p[i]) && b.p[i] != ' ')
			return 0;
	return 1;
}

/* Finds the boundary in a Content-Type value and writes the delimiter
 * "\r\n--<boundary>" to delim (at least BOUNDARY_MAX + 4 bytes), its length
 * to *dlen. Returns HTTP_OK or HTTP_EMALFORMED. */
static enum http_err mp_delimiter(const char *ct, char *delim, size_t *dlen)
{
	static const char type[] = "multipart/form-data";
	size_t n = strlen(ct), i = skip_ows(ct, n, 0), j = i;
	struct span key, val, bnd = {NULL, 0};
	int r;

	while (j < n && ct[j] != ';' && !is_ows(ct[j]))
		j++;
	if (!span_is((struct span){ct + i, j - i}, type))
		return HTTP_EMALFORMED;
	while ((r = param_next(ct, n, &j, &key, &val)) == 1) {
		if (!span_is(key, "boundary"))
			continue;
		if (bnd.p != NULL)
			return HTTP_EMALFORMED;
		bnd = val;
	}
	if (r < 0 || bnd.p == NULL || !boundary_valid(bnd))
		return HTTP_EMALFORMED;
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, bnd.p, bnd.n);
	*dlen = bnd.n + 4;
	return HTTP_OK;
}

/* The headers of one part that matter. */
struct part_head {
	struct span name;
	struct span filename; /* p == NULL: a text part */
	struct span ctype;
	int has_disposition;
};

/* Parses a Content-Disposition value: "form-data" then parameters, of
 * which name (required) and filename are kept. Returns HTTP_OK or
 * HTTP_EMALFORMED (also for a repeated name or filename). */
static enum http_err mp_disposition(struct span v, struct part_head *h)
{
	size_t i = 0;
	struct span key, val;
	int r;

	while (i < v.n && v.p[i] != ';' && !is_ows(v.p[i]))
		i++;
	if (!span_is((struct span){v.p, i}, "form-data"))
		return HTTP_EMALFORMED;
	while ((r = param_next(v.p, v.n, &i, &key, &val)) == 1) {
		struct span *dst = NULL;
		if (span_is(key, "name"))
			dst = &h->name;
		else if (span_is(key, "filename"))
			dst = &h->filename;
		if (dst == NULL)
			continue;
		if (dst->p != NULL)
			return HTTP_EMALFORMED;
		*dst = val;
	}
	if (r < 0 || h->name.p == NULL || h->name.n == 0)
		return HTTP_EMALFORMED;
	return HTTP_OK;
}

/* Parses one header line s[0..n) (no CRLF) into h. Unknown headers are
 * ignored; a repeated Content-Disposition or Content-Type, a folded line or
 * a line without a "name:" is HTTP_EMALFORMED. */
static enum http_err mp_header(const char *s, size_t n, struct part_head *h)
{
	const char *colon = memchr(s, ':', n);
	struct span name, value;

	if (colon == NULL || colon == s)
		return HTTP_EMALFORMED;
	name = (struct span){s, (size_t)(colon - s)};
	for (size_t i = 0; i < name.n; i++)
		if (!is_tchar(name.p[i]))
			return HTTP_EMALFORMED;
	value = trim_ows(colon + 1, n - name.n - 1);
	if (span_is(name, "content-disposition")) {
		if (h->has_disposition)
			return HTTP_EMALFORMED;
		h->has_disposition = 1;
		return mp_disposition(value, h);
	}
	if (span_is(name, "content-type")) {
		if (h->ctype.p != NULL || value.n == 0)
			return HTTP_EMALFORMED;
		h->ctype = value;
	}
	return HTTP_OK;
}

/* Finds the CRLF ending the header line at s[0..n), looking at most
 * PART_LINE_MAX bytes ahead, and sets *len to the line's length without
 * it. Returns HTTP_OK, HTTP_ETOOLONG, or HTTP_EMALFORMED for a bare CR or
 * LF (only CRLF ends a line), another control byte, or no line end. */
static enum http_err mp_line(const char *s, size_t n, size_t *len)
{
	size_t max = n < PART_LINE_MAX + 1 ? n : PART_LINE_MAX + 1;

	for (size_t i = 0; i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r') {
			if (i + 1 == n || s[i + 1] != '\n')
				return HTTP_EMALFORMED;
			*len = i;
			return HTTP_OK;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return HTTP_EMALFORMED;
	}
	return max < n ? HTTP_ETOOLONG : HTTP_EMALFORMED;
}

/* Parses the header block of a part starting at b[*pos], up to and
 * including the empty line, and leaves *pos at the first body byte.
 * Returns HTTP_OK, or an error for a bad, long or missing header. */
static enum http_err mp_headers(
    const char *b, size_t n, size_t *pos, struct part_head *h)
{
	size_t len;
	enum http_err e;

	memset(h, 0, sizeof(*h));
	for (int lines = 0;; lines++) {
		if ((e = mp_line(b + *pos, n - *pos, &len)) != HTTP_OK)
			return e;
		if (len == 0)
			break;
		if (lines == PART_HEADERS_MAX)
			return HTTP_EMALFORMED;
		if ((e = mp_header(b + *pos, len, h)) != HTTP_OK)
			return e;
		*pos += len + 2;
	}
	*pos += 2;
	return h->has_disposition ? HTTP_OK : HTTP_EMALFORMED;
}

/* Copies a part's name, filename, content type and body b[0..len) into a
 * new field of out, after checking them against the limits. Returns
 * HTTP_OK or the first error. */
static enum http_err mp_add_field(struct arena *a, const struct part_head *h,
    const char *b, size_t len, const struct http_limits *lim,
    struct http_form *out, size_t *cap)
{
	enum http_err e;

	if ((e = check_name(h->name.p, h->name.n, lim)) != HTTP_OK)
		return e;
	if (h->filename.p == NULL && (e = check_text(b, len, lim)) != HTTP_OK)
		return e;
	if (h->filename.p != NULL && !utf8_valid(h->filename.p, h->filename.n))
		return HTTP_EUTF8;
	if (h->ctype.p != NULL && !utf8_valid(h->ctype.p, h->ctype.n))
		return HTTP_EUTF8;
	struct http_field *f = form_push(a, out, cap, lim->max_fields);
	if (f == NULL)
		return HTTP_ETOOMANY;
	f->name = arena_strndup(a, h->name.p, h->name.n);
	f->value = arena_strndup(a, b, len);
	f->len = len;
	if (h->filename.p != NULL)
		f->filename = arena_strndup(a, h->filename.p, h->filename.n);
	if (h->ctype.p != NULL)
		f->content_type = arena_strndup(a, h->ctype.p, h->ctype.n);
	return HTTP_OK;
}

/* Parses the part whose headers start at b[*pos], appends it to out and
 * leaves *pos just past the delimiter that ends it. The search for that
 * delimiter starts at this part's body and stops at the size limit, so the
 * whole body is scanned once. Returns HTTP_OK or an error. */
static enum http_err mp_part(struct arena *a, const char *b, size_t n,
    size_t *pos, const char *delim, size_t dlen, const struct http_limits *lim,
    struct http_form *out, size_t *cap)
{
	struct part_head h;
	enum http_err e;

	if ((e = mp_headers(b, n, pos, &h)) != HTTP_OK)
		return e;
	size_t max = h.filename.p ? lim->max_file : lim->max_value;
	size_t window = n - *pos;
	if (window > dlen && window - dlen > max)
		window = max + dlen;
	const char *end = memmem(b + *pos, window, delim, dlen);
	if (end == NULL)
		return window < n - *pos ? HTTP_ETOOLONG : HTTP_EMALFORMED;
	size_t len = (size_t)(end - (b + *pos));
	if ((e = mp_add_field(a, &h, b + *pos, len, lim, out, cap)) != HTTP_OK)
		return e;
	*pos += len + dlen;
	return HTTP_OK;
}

/* Reads the rest of a delimiter line at b[*pos]: "--" for the last one,
 * then optional transport padding and CRLF (the last delimiter may end
 * the body instead; anything after its CRLF is epilogue). Returns 1 after
 * the last delimiter, 0 when a part follows, -1 when malformed. */
static int mp_after_delimiter(const char *b, size_t n, size_t *pos)
{
	size_t i = *pos;
	int last = 0;

	if (n - i >= 2 && b[i] == '-' && b[i + 1] == '-') {
		last = 1;
		i += 2;
	}
	i = skip_ows(b, n, i);
	if (last && i == n) {
		*pos = i;
		return 1;
	}
	if (n - i < 2 || b[i] != '\r' || b[i + 1] != '\n')
		return -1;
	*pos = i + 2;
	return last;
}

enum http_err http_parse_multipart(struct arena *a, const char *content_type,
    const char *body, size_t n, const struct http_limits *lim,
    struct http_form *out)
{
	char delim[BOUNDARY_MAX + 4];
	size_t dlen, pos, cap = 0;
	enum http_err e = HTTP_OK;
	int r;

	lim = lim ? lim : &http_default_limits;
	form_clear(out);
	if (content_type == NULL || body == NULL)
		return HTTP_EMALFORMED;
	if (mp_delimiter(content_type, delim, &dlen) != HTTP_OK)
		return HTTP_EMALFORMED;
	/* The first delimiter opens the body without a CRLF; no preamble. */
	if (n < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0)
		return HTTP_EMALFORMED;
	pos = dlen - 2;
	while ((r = mp_after_delimiter(body, n, &pos)) == 0) {
		e = mp_part(a, body, n, &pos, delim, dlen, lim, out, &cap);
		if (e != HTTP_OK)
			break;
	}
	if (r == 1)
		return HTTP_OK;
	form_clear(out);
	return r < 0 ? HTTP_EMALFORMED : e;
}

/* ---- cookies ---- */

/* 1 when the cookie name s[0..n) is usable: non-empty UTF-8 without
 * spaces, controls or '=', else 0. */
static int cookie_name_ok(struct span s)
{
	if (s.n == 0)
		return 0;
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if (c <= 0x20 || c == 0x7f || c == '=')
			return 0;
	}
	return utf8_valid(s.p, s.n);
}

/* 1 when the cookie value s[0..n) is UTF-8 without control bytes, else 0.
 * Inner spaces are let through: servers set such cookies. */
static int cookie_value_ok(struct span s)
{
	for (size_t i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 0;
	}
	return utf8_valid(s.p, s.n);
}

/* Appends the cookie pair s[0..n) (between semicolons) to out. Malformed
 * pairs are skipped with HTTP_OK; limits give HTTP_ETOOLONG or
 * HTTP_ETOOMANY. */
static enum http_err cookie_pair(struct arena *a, const char *s, size_t n,
    const struct http_limits *lim, struct http_form *out, size_t *cap)
{
	const char *eq = memchr(s, '=', n);
	if (eq == NULL)
		return HTTP_OK;
	struct span name = trim_ows(s, (size_t)(eq - s));
	struct span value = trim_ows(eq + 1, n - (size_t)(eq - s) - 1);

	if (value.n > 0 && value.p[0] == '"') {
		if (value.n < 2 || value.p[value.n - 1] != '"')
			return HTTP_OK;
		value.p++;
		value.n -= 2;
	}
	if (!cookie_name_ok(name) || !cookie_value_ok(value))
		return HTTP_OK;
	if (name.n > lim->max_name || value.n > lim->max_value)
		return HTTP_ETOOLONG;
	struct http_field *f = form_push(a, out, cap, lim->max_fields);
	if (f == NULL)
		return HTTP_ETOOMANY;
	f->name = arena_strndup(a, name.p, name.n);
	f->value = arena_strndup(a, value.p, value.n);
	f->len = value.n;
	return HTTP_OK;
}

enum http_err http_parse_cookies(struct arena *a, const char *header,
    const struct http_limits *lim, struct http_form *out)
{
	size_t n = header ? strlen(header) : 0, pos = 0, cap = 0;

	lim = lim ? lim : &http_default_limits;
	form_clear(out);
	while (pos < n) {
		const char *semi = memchr(header + pos, ';', n - pos);
		size_t end = semi ? (size_t)(semi - header) : n;
		enum http_err e =
		    cookie_pair(a, header + pos, end - pos, lim, out, &cap);
		if (e != HTTP_OK) {
			form_clear(out);
			return e;
		}
		pos = end + 1;
	}
	return HTTP_OK;
}
