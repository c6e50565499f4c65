/* html.c: context-specific HTML writers (see html.h).
 *
 * Every writer copies runs of bytes that need no escaping with one buf_add
 * and only stops at the bytes it must replace, so escaping a mostly plain
 * string costs about one memcpy. */
#include <string.h>
#include <strings.h>

#include "paikka/arena.h"
#include "paikka/html.h"

/* Replacements for the bytes special in text and quoted attributes;
 * a table so the scan over plain bytes is one load and test each. */
static const char *const entity[256] = {
    ['&'] = "&amp;",
    ['<'] = "&lt;",
    ['>'] = "&gt;",
    ['"'] = "&quot;",
    ['\''] = "&#39;",
};
static const unsigned char entity_len[256] = {
    ['&'] = 5,
    ['<'] = 4,
    ['>'] = 4,
    ['"'] = 6,
    ['\''] = 5,
};

void html_textn(struct buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		if (entity_len[u[i]] == 0)
			continue;
		if (i > run)
			buf_add(b, s + run, i - run);
		buf_add(b, entity[u[i]], entity_len[u[i]]);
		run = i + 1;
	}
	if (n > run)
		buf_add(b, s + run, n - run);
}

void html_text(struct buf *b, const char *s)
{
	if (s != NULL)
		html_textn(b, s, strlen(s));
}

/* 1 when s holds a control byte (below 0x20, or DEL), which browsers
 * strip or mangle in URLs in ways a prefix check cannot foresee. */
static int has_control(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f)
			return 1;
	}
	return 0;
}

/* 1 when s starts with prefix, ignoring ASCII case. */
static int starts_with_nocase(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

int html_url_ok(const char *s)
{
	if (s == NULL || has_control(s))
		return 0;
	/* "//host" and "/\host" both leave the site in browsers. */
	if (s[0] == '/')
		return s[1] != '/' && s[1] != '\\';
	if (s[0] == '#' || s[0] == '?')
		return 1;
	return starts_with_nocase(s, "http://") ||
	       starts_with_nocase(s, "https://") ||
	       starts_with_nocase(s, "mailto:");
}

void html_url(struct buf *b, const char *s)
{
	if (html_url_ok(s))
		html_text(b, s);
	else
		buf_add(b, "#", 1);
}

/* 1 for the unreserved characters of RFC 3986, which need no encoding. */
static int url_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	       c == '~';
}

void url_arg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (s == NULL)
		return;
	size_t run = 0, i;
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];
		if (url_unreserved(c))
			continue;
		if (i > run)
			buf_add(b, s + run, i - run);
		char pct[3] = {'%', hex[c >> 4], hex[c & 15]};
		buf_add(b, pct, sizeof(pct));
		run = i + 1;
	}
	if (i > run)
		buf_add(b, s + run, i - run);
}

void html_raw(struct buf *b, const char *s)
{
	if (s != NULL)
		buf_puts(b, s);
}
