/* http.h: bounded parsing of untrusted request input.
 *
 * Pure functions over byte ranges: no I/O, no globals, so unit tests and
 * fuzzers call them directly. Every name and value is copied into the arena
 * and NUL-terminated; len keeps the true length, so a value with an embedded
 * NUL is visible to validators (strlen(value) != len). */
#ifndef PAIKKA_HTTP_H
#define PAIKKA_HTTP_H

#include <stddef.h>

struct arena;

enum http_err {
	HTTP_OK = 0,
	HTTP_EMALFORMED, /* syntax error: 400 */
	HTTP_EUTF8,      /* a name or text value is not valid UTF-8: 400 */
	HTTP_ETOOMANY,   /* more fields than limits.max_fields: 413 */
	HTTP_ETOOLONG,   /* a name or value over its limit: 413 */
};

struct http_limits {
	size_t max_fields; /* fields in one form, query or cookie header */
	size_t max_name;   /* bytes in a field name */
	size_t max_value;  /* bytes in a text value */
	size_t max_file;   /* bytes in one uploaded file */
};

/* The limits the portal uses everywhere. */
extern const struct http_limits http_default_limits;

struct http_field {
	const char *name;
	const char *value;        /* NUL-terminated copy */
	size_t len;               /* bytes in value, without the NUL */
	const char *filename;     /* multipart file parts only, else NULL */
	const char *content_type; /* multipart parts that name one, else NULL */
};

struct http_form {
	struct http_field *fields; /* arena array of n fields, in input order */
	size_t n;
};

/* application/x-www-form-urlencoded and query strings: '+' is a space,
 * %XX decoded, a bad escape is HTTP_EMALFORMED, empty pairs skipped. */
enum http_err http_parse_urlencoded(struct arena *a, const char *s, size_t n,
    const struct http_limits *lim, struct http_form *out);

/* multipart/form-data. content_type is the whole header value, from which
 * the boundary is taken. Text parts (no filename) are UTF-8 checked; file
 * parts are kept as bytes, limited by max_file. */
enum http_err http_parse_multipart(struct arena *a, const char *content_type,
    const char *body, size_t n, const struct http_limits *lim,
    struct http_form *out);

/* A Cookie header: "a=1; b=2". Values are not URL-decoded; an optional pair
 * of double quotes is removed. Malformed pairs are skipped, not fatal. */
enum http_err http_parse_cookies(struct arena *a, const char *header,
    const struct http_limits *lim, struct http_form *out);

/* The first field with this name, or NULL. */
const struct http_field *http_form_field(
    const struct http_form *f, const char *name);
/* Its value, or NULL. */
const char *http_form_get(const struct http_form *f, const char *name);

/* 1 when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates,
 * nothing above U+10FFFF), else 0. NUL bytes are well-formed. */
int utf8_valid(const char *s, size_t n);
/* Code points in a valid UTF-8 string. */
size_t utf8_len(const char *s, size_t n);

/* The HTTP status an error maps to (400 or 413). */
int http_err_status(enum http_err e);

#endif
