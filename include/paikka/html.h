/* html.h: context-specific HTML writers.
 *
 * Escaping is chosen by the writer: html_text for text and quoted
 * attribute values, html_url for href/src values, url_arg for one query
 * argument. html_raw is the only way to write unescaped bytes and is meant
 * to be rare and greppable. */
#ifndef PAIKKA_HTML_H
#define PAIKKA_HTML_H

#include <stddef.h>

struct buf;

/* Escapes & < > " ' so the output is safe in text and in a quoted
 * attribute. */
void html_text(struct buf *b, const char *s);
void html_textn(struct buf *b, const char *s, size_t n);
/* 1 when s is a URL the portal may link to: a path starting with one '/',
 * '#' or '?', or an absolute http:, https: or mailto: URL; no control
 * characters. */
int html_url_ok(const char *s);
/* Writes s escaped when html_url_ok(s), else "#". */
void html_url(struct buf *b, const char *s);
/* Percent-encodes everything but unreserved characters. */
void url_arg(struct buf *b, const char *s);
/* Unescaped output. Grep for html_raw to review every use. */
void html_raw(struct buf *b, const char *s);

#endif
