/* i18n.h: languages (gettext), and how money and times are shown.
 *
 * Every user-visible string goes through _() or a template's {{t "..."}}.
 * Message ids are English; po/fi.po, po/sv.po and po/en.po translate them.
 * Times are stored as UTC Unix seconds and shown in Europe/Helsinki. */
#ifndef PAIKKA_I18N_H
#define PAIKKA_I18N_H

#include <libintl.h>
#include <stddef.h>
#include <stdint.h>

#define _(s) i18n_gettext(s)
#define N_(s) (s)

/* gettext(msgid), remembered per msgid address until the language or a
 * catalogue changes (a lookup takes a lock and a search). msgid must be
 * a string that lives as long as the program: a literal, or one from a
 * static table. */
char *i18n_gettext(const char *msgid);

enum lang { LANG_FI, LANG_SV, LANG_EN, LANG__MAX };

/* Binds the "paikka" text domain to localedir (holding
 * <code>/LC_MESSAGES/paikka.mo) and sets TZ to Europe/Helsinki. */
void i18n_init(const char *localedir);
/* Makes gettext answer in lang from now on. */
void i18n_use(enum lang l);
/* The language gettext answers in now. */
enum lang i18n_current(void);
/* "fi", "sv", "en". */
const char *lang_code(enum lang l);
/* LANG__MAX when s names no supported language. */
enum lang lang_from_code(const char *s);
/* The cookie's language if valid, else the best match in an
 * Accept-Language header (q-values honoured), else Finnish. */
enum lang lang_pick(const char *cookie, const char *accept_language);

/* "10,09 €" (fi, sv; thousands "1 234,56 €"), "€10.09" (en, "€1,234.56");
 * negative amounts get a leading '-'. Returns dst. */
char *fmt_money(char *dst, size_t n, int64_t cents, enum lang l);
/* Europe/Helsinki: "22.11.2026", "14:05", "22.11.2026 14:05". */
char *fmt_date(char *dst, size_t n, int64_t unix_utc);
char *fmt_time(char *dst, size_t n, int64_t unix_utc);
char *fmt_datetime(char *dst, size_t n, int64_t unix_utc);
/* A calendar date "2026-11-22" shown as "22.11.2026"; dst gets "" when
 * the input is not such a date. */
char *fmt_isodate(char *dst, size_t n, const char *iso);
/* Helsinki wall-clock time to UTC seconds; -1 when the fields are out of
 * range. In the autumn overlap the earlier instant is chosen; a time that
 * does not exist (spring gap) is moved forward by an hour. */
int64_t helsinki_to_utc(int y, int mon, int d, int h, int min);

#endif
