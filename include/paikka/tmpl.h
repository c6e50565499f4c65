/* tmpl.h: HTML templates, parsed once at start and rendered per request.
 *
 * Syntax (the .html files in templates/):
 *   {{name}}                  value, HTML-escaped; inside href="", src="",
 *                             action="" or formaction="" it is also checked
 *                             as a URL (html_url) and replaced by "#" if bad
 *   {{t "Message id"}}        gettext() of the literal, HTML-escaped
 *   {{raw name}}              value unescaped: the only raw output, greppable
 *   {{#if name}}..{{else}}..{{/if}}
 *   {{#unless name}}..{{/unless}}
 *   {{#each name}}..{{/each}} once per item of a list; names resolve in the
 *                             item first, then outward
 *   {{> other}}               includes templates/other.html
 *   {{! comment }}
 * A value is true when it is a non-empty string other than "0", or a
 * non-empty list. The parser tracks HTML context and refuses a template
 * with a variable inside <script> or <style>, inside a tag name, or in an
 * unquoted attribute value, so escaping is always right for its place. */
#ifndef PAIKKA_TMPL_H
#define PAIKKA_TMPL_H

#include <stddef.h>

struct arena;
struct buf;
struct tmpl;
struct tmpl_set;
struct tvars;
struct tlist;

/* Parses src; on error returns NULL and writes a message with the line
 * number into err. The result is freed with tmpl_free. */
struct tmpl *tmpl_parse(
    const char *name, const char *src, size_t n, char *err, size_t errlen);
void tmpl_free(struct tmpl *t);

/* Loads and parses every *.html in dir (name = file name without .html)
 * and resolves includes. NULL with a message in err on any error. */
struct tmpl_set *tmpl_load_dir(const char *dir, char *err, size_t errlen);
/* Builds a set from already parsed templates (tests, fuzzing); takes
 * ownership of them. */
struct tmpl_set *tmpl_set_new(
    struct tmpl **ts, size_t n, char *err, size_t errlen);
void tmpl_set_free(struct tmpl_set *s);
int tmpl_exists(const struct tmpl_set *s, const char *name);

/* Renders template name with v appended to out. Returns 0, or -1 when the
 * template does not exist or includes nest deeper than 16. */
int tmpl_render(const struct tmpl_set *s, const char *name,
    const struct tvars *v, struct buf *out);

/* Template variables: arena-backed; strings are copied into the arena. */
struct tvars *tv_new(struct arena *a);
void tv_set(struct tvars *v, const char *key, const char *value);
void tv_setf(struct tvars *v, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sets key to "1" or removes its truth ("" ). */
void tv_bool(struct tvars *v, const char *key, int on);
/* The value of key in v (not its parents), or NULL. */
const char *tv_get(const struct tvars *v, const char *key);
/* Creates (or returns the existing) list under key. */
struct tlist *tv_list(struct tvars *v, const char *key);
/* Appends an item to the list; the item's parent scope is the list's
 * owner, so lookups that miss in the item continue outward. */
struct tvars *tl_add(struct tlist *l);

#endif
